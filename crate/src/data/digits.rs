//! The embedded 8x8 handwritten digits (UCI via scikit-learn; see crate/data/DIGITS-NOTICE.md).
//!
//! `crate/data/digits.bin` holds the 1,797 samples of scikit-learn's
//! `digits.csv.gz` in file order, 41 bytes per sample:
//!
//! * byte 0: the label, 0..=9;
//! * bytes 1..41: the 64 pixels (row-major, values 0..=16) packed at 5 bits
//!   each, least significant bit first: pixel `j` is bits `5j..5j+5` of the
//!   320-bit little-endian number in those 40 bytes (bit `k` is bit `k % 8` of
//!   byte `k / 8`).
//!
//! That is 73,677 bytes instead of 116,805 for a byte per value. The ignored
//! test `pack_digits_from_csv` in crate/tests/data.rs is the packer and verifier.
//!
//! As a dataset, `digits` ignores the config's `n` and `noise`: it always has
//! all 1,797 samples, with inputs `pixel / 16` in [0, 1] and the digit as class.

use super::Pool;

/// Number of samples in the embedded file.
pub const DIGITS_LEN: usize = 1_797;
/// Pixels (inputs) per sample: an 8x8 image.
pub const DIGITS_PIXELS: usize = 64;

/// Bytes per packed sample: the label and 64 five-bit pixels.
const RECORD: usize = 1 + DIGITS_PIXELS * 5 / 8;

static PACKED: &[u8] = include_bytes!("../../data/digits.bin");

/// The embedded samples in file order as `(label, pixels)`, pixels in 0..=16.
///
/// Decoding cannot panic: a truncated final record is skipped, and values are
/// returned as stored (the tests check they are in range).
pub fn digits_raw() -> impl Iterator<Item = (u8, [u8; DIGITS_PIXELS])> {
    PACKED.chunks_exact(RECORD).map(|record| {
        let (label, bits) = record.split_first().unwrap_or((&0, &[]));
        let mut pixels = [0u8; DIGITS_PIXELS];
        for (j, pixel) in pixels.iter_mut().enumerate() {
            let bit = 5 * j;
            let byte = |k: usize| u16::from(bits.get(k).copied().unwrap_or(0));
            // Two bytes always cover the 5 bits, which start at bit offset 0..=7.
            let window = byte(bit / 8) | (byte(bit / 8 + 1) << 8);
            *pixel = ((window >> (bit % 8)) & 0x1f) as u8;
        }
        (*label, pixels)
    })
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
