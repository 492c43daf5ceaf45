//! wasm32 f32x4 forms of `fastmath`'s sigmoid and tanh slices (loads and stores
//! through `lanes.rs`, as the narrow matrix kernels).
//!
//! Every lane performs exactly the operations of the scalar functions in `fastmath`,
//! in the same order (see that file for the math), so the bits are the same; only
//! the NaN test of `exp_neg` is left out of the sigmoid, whose own NaN test returns
//! the input in that case anyway. A few operations are replaced by cheaper ones with
//! the same bits: -|x| is x with its sign bit set (`f32x4.abs` and `f32x4.neg` each
//! build a mask vector first in the browser's code), -2|x| is -|x| + -|x|, and tanh's
//! -m / (2 + m) is m / (2 + m), whose sign bit is replaced by x's anyway.
//!
//! Why written by hand: compiled from the scalar code, the loop re-creates each of
//! its 19 constant vectors on every pass (the browser's compiler builds a v128
//! constant from general registers, several instructions each), which made the
//! constants cost more than the arithmetic. Here they are built once per slice and
//! passed through `black_box`, so the compiler keeps them in registers or on the
//! stack instead (measured in Chromium: 3.2 -> 2.0 ns per sigmoid value).

use super::lanes::{from_array as load, to_array, LANES};
use core::arch::wasm32::*;

/// The constants of `fastmath`'s exponential reduction, one vector each.
#[derive(Clone, Copy)]
struct Constants {
    floor: v128,
    log2_e: v128,
    /// 1.5 * 2^23, also used as its own bit pattern for the integer subtraction.
    round: v128,
    ln2_hi: v128,
    ln2_lo: v128,
    /// The coefficients of e^r - 1 = r + r^2 p(r).
    poly: [v128; 5],
    /// 1.0, whose bit pattern is also 127 << 23 (the exponent bias in place).
    one: v128,
    zero: v128,
    two: v128,
    /// -0.0: only the sign bit set.
    sign: v128,
    /// -125: from here up, 2^k times a v in [1/2, 2) is normal.
    lowest_exact_k: v128,
}

impl Constants {
    /// Built once per slice; `black_box` keeps the compiler from re-creating them
    /// inside the loop.
    #[inline(always)]
    fn new() -> Constants {
        use super::fastmath::{EXP_FLOOR, LN2_HI, LN2_LO, LOG2_E, POLY, ROUND};
        core::hint::black_box(Constants {
            floor: f32x4_splat(EXP_FLOOR),
            log2_e: f32x4_splat(LOG2_E),
            round: f32x4_splat(ROUND),
            ln2_hi: f32x4_splat(LN2_HI),
            ln2_lo: f32x4_splat(LN2_LO),
            poly: POLY.map(|v| f32x4_splat(v)),
            one: f32x4_splat(1.0),
            zero: f32x4_splat(0.0),
            two: f32x4_splat(2.0),
            sign: f32x4_splat(-0.0),
            lowest_exact_k: f32x4_splat(-125.0),
        })
    }
}

/// `fastmath::exp_parts` on four lanes: t log2(e) + `ROUND` (whose bits are
/// `ROUND_BITS` + k), k as a float, and e^r - 1.
#[inline(always)]
fn exp_parts(t: v128, c: &Constants) -> (v128, v128, v128) {
    // `if t < floor { floor } else { t }`, which is exactly pmax's definition (a NaN
    // t stays t).
    let t_clamped = f32x4_pmax(t, c.floor);
    let shifted = f32x4_add(f32x4_mul(t_clamped, c.log2_e), c.round);
    let kf = f32x4_sub(shifted, c.round);
    let r = f32x4_sub(
        f32x4_sub(t_clamped, f32x4_mul(kf, c.ln2_hi)),
        f32x4_mul(kf, c.ln2_lo),
    );
    let q = &c.poly;
    let r2 = f32x4_mul(r, r);
    let low = f32x4_add(q[0], f32x4_mul(q[1], r));
    let high = f32x4_add(f32x4_add(q[2], f32x4_mul(q[3], r)), f32x4_mul(r2, q[4]));
    let p = f32x4_add(low, f32x4_mul(r2, high));
    (shifted, kf, f32x4_add(r, f32x4_mul(r2, p)))
}

/// 2^k per lane: (k + 127) << 23, written as (k << 23) + (127 << 23) (the same
/// integer, wrapping either way), where 127 << 23 is the bit pattern of 1.0.
#[inline(always)]
fn pow2(k: v128, c: &Constants) -> v128 {
    i32x4_add(i32x4_shl(k, 23), c.one)
}

/// `v` 2^k as `fastmath` computes it, `(v 2^(k - k/2)) 2^(k/2)`, for v in [1/2, 2) and
/// k <= 0. While every lane's result is normal (k >= -125 here) both products are
/// exact, so the result is v with k added to its exponent field, which is what is
/// computed then; otherwise (inputs beyond about -86, rare) the two products.
/// `shifted` and `kf` are `exp_parts`' first two results: k << 23 is `shifted`'s bits
/// << 23, since `ROUND_BITS` << 23 wraps to 0 (its low 9 bits are 0), and k itself,
/// `shifted`'s bits - `ROUND_BITS`, is only needed on the rare path.
#[inline(always)]
fn scale(v: v128, shifted: v128, kf: v128, c: &Constants) -> v128 {
    if v128_any_true(f32x4_lt(kf, c.lowest_exact_k)) {
        let k = i32x4_sub(shifted, c.round);
        let half = i32x4_shr(k, 1);
        f32x4_mul(f32x4_mul(v, pow2(i32x4_sub(k, half), c)), pow2(half, c))
    } else {
        i32x4_add(v, i32x4_shl(shifted, 23))
    }
}

#[inline(always)]
fn sigmoid4(x: v128, c: &Constants) -> v128 {
    // -|x| by setting the sign bit (the bits of `-x.abs()`, NaN included).
    let (shifted, kf, e_r_minus_1) = exp_parts(v128_or(x, c.sign), c);
    let e = scale(f32x4_add(c.one, e_r_minus_1), shifted, kf, c);
    let one_plus = f32x4_add(c.one, e);
    let numerator = v128_bitselect(c.one, e, f32x4_ge(x, c.zero));
    let s = f32x4_div(numerator, one_plus);
    v128_bitselect(x, s, f32x4_ne(x, x))
}

#[inline(always)]
fn tanh4(x: v128, c: &Constants) -> v128 {
    // -2|x| as -|x| - |x|: both exact (a doubling), so the bits of `-2.0 * x.abs()`.
    let minus_abs = v128_or(x, c.sign);
    let (shifted, kf, e_r_minus_1) = exp_parts(f32x4_add(minus_abs, minus_abs), c);
    // The scalar code forms 2^k in two factors and multiplies them: the same here,
    // applied to 1.0 (exact), then m = (e^r - 1) 2^k + (2^k - 1).
    let s = scale(c.one, shifted, kf, c);
    let m = f32x4_add(f32x4_mul(e_r_minus_1, s), f32x4_sub(s, c.one));
    // m / (2 + m) is -magnitude exactly (division rounds symmetrically), and only
    // its other bits are kept: the sign bit comes from x.
    let minus_magnitude = f32x4_div(m, f32x4_add(c.two, m));
    let t = v128_bitselect(x, minus_magnitude, c.sign);
    v128_bitselect(x, t, f32x4_ne(x, x))
}

/// Apply `f` to whole vectors of `x` into `out`; returns how many values were done
/// (the caller does the rest, fewer than four, with the scalar function).
#[inline(always)]
fn each(x: &[f32], out: &mut [f32], f: impl Fn(v128, &Constants) -> v128) -> usize {
    let c = Constants::new();
    let n = x.len().min(out.len());
    let mut done = 0;
    // Two vectors a pass while eight values remain: their operations are independent,
    // so one's division overlaps the other's polynomial.
    for (o, v) in out[..n]
        .chunks_exact_mut(2 * LANES)
        .zip(x[..n].chunks_exact(2 * LANES))
    {
        let (o0, o1) = o.split_at_mut(LANES);
        let (v0, v1) = v.split_at(LANES);
        if let (Ok(o0), Ok(o1), Ok(v0), Ok(v1)) = (
            <&mut [f32; LANES]>::try_from(o0),
            <&mut [f32; LANES]>::try_from(o1),
            <&[f32; LANES]>::try_from(v0),
            <&[f32; LANES]>::try_from(v1),
        ) {
            let (a, b) = (load(v0), load(v1));
            let (fa, fb) = (f(a, &c), f(b, &c));
            *o0 = to_array(fa);
            *o1 = to_array(fb);
            done += 2 * LANES;
        }
    }
    for (o, v) in out[done..n]
        .chunks_exact_mut(LANES)
        .zip(x[done..n].chunks_exact(LANES))
    {
        if let (Ok(o), Ok(v)) = (
            <&mut [f32; LANES]>::try_from(o),
            <&[f32; LANES]>::try_from(v),
        ) {
            *o = to_array(f(load(v), &c));
            done += LANES;
        }
    }
    done
}

/// `out[i] = fastmath::sigmoid(x[i])` for the first returned count of values.
pub fn sigmoid_slice(x: &[f32], out: &mut [f32]) -> usize {
    each(x, out, sigmoid4)
}

/// `out[i] = fastmath::tanh(x[i])` for the first returned count of values.
pub fn tanh_slice(x: &[f32], out: &mut [f32]) -> usize {
    each(x, out, tanh4)
}
