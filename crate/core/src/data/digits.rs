//! The embedded 8x8 handwritten digits (UCI via scikit-learn; see crate/core/data/DIGITS-NOTICE.md).
//!
//! `crate/core/data/digits.bin` holds the 1,797 samples of scikit-learn's
//! `digits.csv.gz` in file order, each a label (0..=9) and 64 pixels (row-major,
//! values 0..=16), compressed by `digits_codec.rs` to about 30 KB (73,677 bytes at 5
//! bits a pixel, 116,805 at a byte). The ignored test `pack_digits_from_csv` in
//! crate/tests/data.rs is the packer and verifier.
//!
//! As a dataset, `digits` ignores the config's `n` and `noise`: it always has
//! all 1,797 samples, with inputs `pixel / 16` in [0, 1] and the digit as class.

use super::Pool;

/// Number of samples in the embedded file.
pub const DIGITS_LEN: usize = 1_797;
/// Pixels (inputs) per sample: an 8x8 image.
pub const DIGITS_PIXELS: usize = 64;

static PACKED: &[u8] = include_bytes!("../../data/digits.bin");

/// The embedded samples in file order as `(label, pixels)`, pixels in 0..=16.
///
/// Decoding cannot panic; values are returned as decoded (the tests check they are in
/// range and pin the whole set's fingerprint).
pub fn digits_raw() -> impl Iterator<Item = (u8, [u8; DIGITS_PIXELS])> {
    super::digits_codec::decode(PACKED).into_iter()
}

/// The compressed form of `samples` as `digits.bin` stores it (the packer's half).
pub fn pack_digits(samples: &[(u8, [u8; DIGITS_PIXELS])]) -> Vec<u8> {
    super::digits_codec::encode(samples)
}

/// All digits as a pool: inputs `pixel / 16` (clamped to [0, 1]), class = label.
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
