//! The exponential, tanh and the logistic sigmoid as branch-free sequences of plain f32
//! operations, so a loop over a slice vectorizes (wasm simd128, SSE natively) and every
//! target computes the same bits.
//!
//! Only IEEE-754 operations that are exactly rounded everywhere are used: `+ - * /`,
//! comparisons, selections and integer operations on the bits. No fused multiply-add
//! (Rust never contracts `a * b + c`), no `min`/`max` (their NaN and signed-zero rules
//! differ between instruction sets), no float-to-int conversion (the rounding constant
//! below leaves the integer in the low bits instead).
//!
//! Accuracy (measured against an f64 reference over every f32 of the domain, see
//! `crate/tests/fastmath.rs`): `exp_neg` within 1 ulp of the correctly rounded result,
//! `sigmoid` and `tanh` within 2 ulp.
//!
//! `exp_neg(t)` = e^t for t <= 0, the only exponential the activations need:
//! - reduction: t = k ln 2 + r with k = round(t / ln 2), |r| <= ln 2 / 2 (a little more
//!   when the product t log2(e) rounds the other way); ln 2 is split into a 16-bit
//!   `LN2_HI`, whose product with k (|k| < 2^9) is exact, and the rest `LN2_LO`;
//! - e^r - 1 = r + r^2 p(r) with p a degree-4 minimax polynomial on |r| <= 0.3467
//!   (`POLY`; relative error in e^r below 3.7e-9, where Taylor's series needs degree 5
//!   in p for 6e-9), p evaluated by Estrin's scheme and the small part summed first;
//! - e^t = e^r 2^k, in two exact power-of-two factors 2^(k - k/2) 2^(k/2), so that a
//!   result below the normal range (t < -87.3) is rounded once, to the nearest subnormal.
//!
//! `sigmoid(x)` = 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0: e^-|x| either way,
//! so no exponent is positive and nothing overflows.
//!
//! `tanh(x)` = sign(x) tanh(|x|) = sign(x) (-m / (2 + m)) with m = e^(-2|x|) - 1, taken
//! from the same reduction as `exp_neg` without forming e^(-2|x|): m = 2^k (e^r - 1) +
//! (2^k - 1), whose relative accuracy holds for small |x| too (there k = 0 and m is
//! the polynomial's own e^r - 1); from |x| = 9 on the result rounds to 1.

/// 1.5 * 2^23: adding it to a value of magnitude below 2^22 rounds to the nearest
/// integer (ties to even) and leaves that integer in the low bits of the sum.
pub(super) const ROUND: f32 = 12_582_912.0;
/// The bits of `ROUND`: `(v + ROUND).to_bits() - ROUND_BITS` is the integer v rounded.
const ROUND_BITS: i32 = 0x4b40_0000;
pub(super) const LOG2_E: f32 = std::f32::consts::LOG2_E;
/// ln 2 rounded to 16 significant bits (k * LN2_HI is exact for |k| < 2^9) ...
pub(super) const LN2_HI: f32 = f32::from_bits(0x3f31_7200);
/// ... and the rest, ln 2 - LN2_HI.
pub(super) const LN2_LO: f32 = f32::from_bits(0x35bf_be8e);
/// Below this, e^t rounds to 0 in f32 (e^-104 < 2^-150); clamping keeps k small.
pub(super) const EXP_FLOOR: f32 = -110.0;
/// c0..c4 of p(r) = c0 + c1 r + c2 r^2 + c3 r^3 + c4 r^4, the minimax polynomial
/// with e^r - 1 = r + r^2 p(r) on |r| <= 0.3467 (relative error in e^r below 3.1e-9
/// before rounding the coefficients to f32, 3.7e-9 after; Remez exchange, weight
/// 1 / e^r). Near 1/2, 1/6, 1/24, 1/120, 1/720: Taylor's 1/k! bent to spread the
/// error over the interval, one degree lower than Taylor needs for the same bound.
pub(super) const POLY: [f32; 5] = [
    f32::from_bits(0x3eff_fffe),
    f32::from_bits(0x3e2a_aa49),
    f32::from_bits(0x3d2a_ac79),
    f32::from_bits(0x3c09_1d05),
    f32::from_bits(0x3ab5_11f9),
];
const SIGN: u32 = 0x8000_0000;

/// 2^k as an f32, for -126 <= k <= 127.
#[inline(always)]
fn pow2(k: i32) -> f32 {
    f32::from_bits(((k + 127) << 23) as u32)
}

/// The reduction and polynomial shared by `exp_neg` and `tanh`: for t <= 0 (clamped at
/// `EXP_FLOOR`), k and e^r - 1 with e^t = 2^k e^r.
#[inline(always)]
fn exp_parts(t: f32) -> (i32, f32) {
    let t_clamped = if t < EXP_FLOOR { EXP_FLOOR } else { t };
    let shifted = t_clamped * LOG2_E + ROUND;
    let k = shifted.to_bits() as i32 - ROUND_BITS;
    let kf = shifted - ROUND;
    let r = (t_clamped - kf * LN2_HI) - kf * LN2_LO;
    // Estrin's scheme: (c0 + c1 r) + r^2 ((c2 + c3 r) + r^2 c4), the two halves
    // independent of each other, r^2 shared with the last step.
    let r2 = r * r;
    let low = POLY[0] + POLY[1] * r;
    let high = (POLY[2] + POLY[3] * r) + r2 * POLY[4];
    let p = low + r2 * high;
    (k, r + r2 * p)
}

/// e^t for t <= 0 (and NaN for NaN); see the module text for the method.
#[inline(always)]
pub fn exp_neg(t: f32) -> f32 {
    let (k, e_r_minus_1) = exp_parts(t);
    let e_r = 1.0 + e_r_minus_1;
    let half = k >> 1;
    let y = e_r * pow2(k - half) * pow2(half);
    // A NaN input gives garbage bits above; pass the NaN through instead.
    if t.is_nan() {
        t
    } else {
        y
    }
}

/// The logistic sigmoid 1 / (1 + e^-x), without overflow for either sign.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    let e = exp_neg(-x.abs());
    let one_plus = 1.0 + e;
    let numerator = if x >= 0.0 { 1.0 } else { e };
    let s = numerator / one_plus;
    if x.is_nan() {
        x
    } else {
        s
    }
}

/// The hyperbolic tangent, as `-m / (2 + m)` with m = e^(-2|x|) - 1 (then the sign of
/// x): m comes from the exponential's reduction without forming e^(-2|x|) itself, as
/// `2^k (e^r - 1) + (2^k - 1)`, which keeps its full relative accuracy for small |x|
/// (where k = 0 and m = e^r - 1 is the polynomial's own value).
#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    let a = x.abs();
    let (k, e_r_minus_1) = exp_parts(-2.0 * a);
    // k >= -160 after the clamp: 2^k in two factors, as in `exp_neg`; 2^k - 1 is
    // exact down to k = -24 and rounds to -1 below, where it no longer matters.
    let half = k >> 1;
    let scale = pow2(k - half) * pow2(half);
    let m = e_r_minus_1 * scale + (scale - 1.0);
    let magnitude = -m / (2.0 + m);
    let t = f32::from_bits((magnitude.to_bits() & !SIGN) | (x.to_bits() & SIGN));
    if x.is_nan() {
        x
    } else {
        t
    }
}

/// `out[i] = sigmoid(x[i])`: in wasm32 four at a time by `simd.rs` (the same bits),
/// the rest here.
pub fn sigmoid_slice(x: &[f32], out: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = super::simd::sigmoid_slice(x, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (o, &v) in out.iter_mut().zip(x).skip(done) {
        *o = sigmoid(v);
    }
}

/// `out[i] = tanh(x[i])`: in wasm32 four at a time by `simd.rs` (the same bits), the
/// rest here.
pub fn tanh_slice(x: &[f32], out: &mut [f32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = super::simd::tanh_slice(x, out);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (o, &v) in out.iter_mut().zip(x).skip(done) {
        *o = tanh(v);
    }
}

/// A 64-bit FNV-1a hash of the bits of `exp_neg`, `sigmoid` and `tanh` at 65,536 inputs
/// spread over every binade of [-128, 128] (both signs): equal values on two targets
/// mean the three functions compute the same bits there (the tests pin it natively and
/// in headless Chromium).
pub fn bits_fingerprint() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |v: f32| {
        for byte in v.to_bits().to_le_bytes() {
            hash = (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3);
        }
    };
    let top = 128.0_f32.to_bits();
    for i in 0..32_768_u32 {
        let b = (i as u64 * top as u64 / 32_768) as u32;
        for x in [f32::from_bits(b), -f32::from_bits(b)] {
            eat(exp_neg(-x.abs()));
            eat(sigmoid(x));
            eat(tanh(x));
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_values() {
        assert_eq!(exp_neg(0.0), 1.0);
        assert_eq!(exp_neg(-0.0), 1.0);
        assert_eq!(exp_neg(f32::NEG_INFINITY), 0.0);
        assert_eq!(exp_neg(-200.0), 0.0);
        assert!(exp_neg(f32::NAN).is_nan());
        // The smallest subnormal: e^-103.28 = 2^-149.
        assert_eq!(exp_neg(-103.27893), f32::from_bits(1));
        assert_eq!(sigmoid(0.0), 0.5);
        assert_eq!(sigmoid(f32::INFINITY), 1.0);
        assert_eq!(sigmoid(f32::NEG_INFINITY), 0.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!(sigmoid(f32::NAN).is_nan());
        assert_eq!(tanh(0.0).to_bits(), 0.0_f32.to_bits());
        assert_eq!(tanh(-0.0).to_bits(), (-0.0_f32).to_bits());
        assert_eq!(tanh(f32::INFINITY), 1.0);
        assert_eq!(tanh(f32::NEG_INFINITY), -1.0);
        assert_eq!(tanh(30.0), 1.0);
        assert_eq!(tanh(1e-30), 1e-30);
        assert!(tanh(f32::NAN).is_nan());
    }

    #[test]
    fn slices_match_the_scalar_functions() {
        // Odd lengths leave tails after any vector width.
        for len in [0, 1, 3, 4, 5, 7, 8, 9, 17, 31, 64, 65] {
            let x: Vec<f32> = (0..len).map(|i| (i as f32 - 20.0) * 0.73).collect();
            let mut out = vec![0.0; len];
            sigmoid_slice(&x, &mut out);
            for (o, &v) in out.iter().zip(&x) {
                assert_eq!(o.to_bits(), sigmoid(v).to_bits());
            }
            tanh_slice(&x, &mut out);
            for (o, &v) in out.iter().zip(&x) {
                assert_eq!(o.to_bits(), tanh(v).to_bits());
            }
        }
    }
}
