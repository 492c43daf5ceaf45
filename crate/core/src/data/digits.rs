//! The 8x8 handwritten digits (UCI via scikit-learn; see crate/core/data/DIGITS-NOTICE.md).
//!
//! `crate/core/data/digits.bin` holds the 1,797 samples of scikit-learn's
//! `digits.csv.gz` in file order, each a label (0..=9) and 64 pixels (row-major,
//! values 0..=16), compressed by `digits_codec.rs` to about 30 KB (73,677 bytes at 5
//! bits a pixel, 116,805 at a byte). The ignored test `pack_digits_from_csv` in
//! crate/tests/data.rs is the packer and verifier.
//!
//! Native builds embed the file (the `embedded-digits` feature, on by default). The
//! page's WebAssembly module leaves it out, so a visit that never picks `digits` does
//! not download it: the page fetches `digits.bin` the first time a run needs it and
//! hands the bytes to [`provide_digits`] (in the page and in its worker). Until then
//! [`digits_available`] is false and a `digits` dataset has the set's shape but no
//! samples (enough for the page's copy of a run, which draws no digit).
//!
//! As a dataset, `digits` ignores the config's `n` and `noise`: it always has
//! all 1,797 samples, with inputs `pixel / 16` in [0, 1] and the digit as class.

use super::Pool;

/// Number of samples in the embedded file.
pub const DIGITS_LEN: usize = 1_797;
/// Pixels (inputs) per sample: an 8x8 image.
pub const DIGITS_PIXELS: usize = 64;

/// One sample: its label and its 64 pixels (0..=16).
type Sample = (u8, [u8; DIGITS_PIXELS]);

/// FNV-1a (64 bits) of every label and pixel of the set in file order: what
/// [`provide_digits`] checks a fetched file against (a wrong or damaged file is refused
/// instead of training on garbage; the decoder itself never fails).
pub const DIGITS_CHECKSUM: u64 = 0xd342_ce09_8b2a_951f;

#[cfg(feature = "embedded-digits")]
static EMBEDDED: &[u8] = include_bytes!("../../data/digits.bin");

/// The decoded samples, once known (decoded once, on first use or when provided).
static SAMPLES: std::sync::OnceLock<Vec<Sample>> = std::sync::OnceLock::new();

/// FNV-1a over the labels and pixels of `samples`.
pub fn digits_checksum(samples: &[Sample]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for (label, pixels) in samples {
        for &byte in std::iter::once(label).chain(pixels) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The samples, if this build embeds them or they were provided.
fn samples() -> Option<&'static [Sample]> {
    #[cfg(feature = "embedded-digits")]
    {
        Some(SAMPLES.get_or_init(|| super::digits_codec::decode(EMBEDDED)))
    }
    #[cfg(not(feature = "embedded-digits"))]
    {
        SAMPLES.get().map(Vec::as_slice)
    }
}

/// True once the samples can be used: always where they are embedded, on the page
/// once [`provide_digits`] has taken the file.
pub fn digits_available() -> bool {
    samples().is_some()
}

/// Take the contents of `digits.bin` (fetched by the page): decoded and checked
/// against [`DIGITS_CHECKSUM`]. An error says why the bytes were refused; providing the
/// set again (or where it is embedded) changes nothing.
pub fn provide_digits(packed: &[u8]) -> Result<(), String> {
    let decoded = super::digits_codec::decode(packed);
    let checksum = digits_checksum(&decoded);
    if checksum != DIGITS_CHECKSUM {
        return Err(format!(
            "the digits file ({} bytes) is not the expected one (checksum {checksum:016x})",
            packed.len()
        ));
    }
    let _ = SAMPLES.set(decoded);
    Ok(())
}

/// The samples in file order as `(label, pixels)`, pixels in 0..=16 (none until they
/// are available).
///
/// Decoding cannot panic; values are returned as decoded (the tests check they are in
/// range and pin the whole set's fingerprint).
pub fn digits_raw() -> impl Iterator<Item = Sample> {
    samples().unwrap_or_default().iter().copied()
}

/// The compressed form of `samples` as `digits.bin` stores it (the packer's half).
pub fn pack_digits(samples: &[(u8, [u8; DIGITS_PIXELS])]) -> Vec<u8> {
    super::digits_codec::encode(samples)
}

/// All digits as a pool: inputs `pixel / 16` (clamped to [0, 1]), class = label (an
/// empty pool while the samples are not available).
pub(crate) fn pool() -> Pool {
    let mut x = Vec::with_capacity(DIGITS_LEN * DIGITS_PIXELS);
    let mut y = Vec::with_capacity(DIGITS_LEN);
    let mut stratum = Vec::with_capacity(DIGITS_LEN);
    for (label, pixels) in digits_raw() {
        let class = usize::from(label.min(9));
        x.extend(pixels.iter().map(|&p| f32::from(p.min(16)) / 16.0));
        y.push(class as f32);
        stratum.push(class);
    }
    Pool {
        x,
        y,
        stratum,
        strata: 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = include_bytes!("../../data/digits.bin");

    // Only the test below gives the set (it is one per process, and the tests run in
    // parallel): the others never provide a file that would be taken.
    #[test]
    fn a_damaged_or_foreign_file_is_refused_with_its_size() {
        let mut damaged = FILE.to_vec();
        damaged[FILE.len() / 2] ^= 0x40;
        for bytes in [&damaged[..], &FILE[..100], &[][..]] {
            let error = provide_digits(bytes).unwrap_err();
            assert!(error.contains("not the expected one"), "{error}");
            assert!(
                error.contains(&format!("({} bytes)", bytes.len())),
                "{error}"
            );
        }
    }

    /// The page's build: no digits until the file is given, then all of them.
    #[cfg(not(feature = "embedded-digits"))]
    #[test]
    fn without_the_embedded_file_digits_have_their_shape_until_provided() {
        use crate::config::{Config, DatasetKind};
        use crate::data::generate;
        use crate::RunRng;
        use rand::SeedableRng;
        let config = Config {
            data: DatasetKind::Digits,
            ..Config::default()
        };
        assert!(!digits_available());
        assert_eq!(digits_raw().count(), 0);
        let empty = generate(&config, &mut RunRng::seed_from_u64(1));
        assert_eq!(
            (empty.inputs, empty.train.len(), empty.test.len()),
            (64, 0, 0)
        );
        assert!(matches!(
            empty.task,
            crate::data::Task::Multiclass { classes: 10 }
        ));
        assert!(provide_digits(&FILE[..10]).is_err());
        assert!(!digits_available(), "a refused file leaves the set missing");
        provide_digits(FILE).unwrap();
        assert!(digits_available());
        let full = generate(&config, &mut RunRng::seed_from_u64(1));
        assert_eq!(full.train.len() + full.test.len(), DIGITS_LEN);
    }

    #[test]
    fn the_checksum_is_that_of_the_file() {
        let samples = super::super::digits_codec::decode(FILE);
        assert_eq!(digits_checksum(&samples), DIGITS_CHECKSUM);
        assert_eq!(samples.len(), DIGITS_LEN);
        // Every label and pixel counts: one changed value changes the checksum.
        let mut changed = samples.clone();
        changed[DIGITS_LEN - 1].1[63] ^= 1;
        assert_ne!(digits_checksum(&changed), DIGITS_CHECKSUM);
    }
}
