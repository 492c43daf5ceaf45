//! Four f32 lanes in one vector register: the few operations the narrow kernels
//! (narrow.rs) use, for wasm32 (simd128) and for x86_64 (SSE2, part of every x86_64
//! processor), so that the page's engine and the native command share one kernel.
//!
//! Each operation works lane by lane with IEEE single-precision rounding and no fused
//! multiply-add, exactly as the scalar `a * b` and `a + b` do; subnormals are kept on
//! both (x86_64's default MXCSR neither flushes nor treats them as zero). So a kernel
//! gives the same bits on both targets and as the portable code.

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod arch {
    use core::arch::wasm32::*;

    pub type F4 = v128;

    #[inline(always)]
    pub fn splat(x: f32) -> F4 {
        f32x4_splat(x)
    }

    #[inline(always)]
    pub fn add(a: F4, b: F4) -> F4 {
        f32x4_add(a, b)
    }

    #[inline(always)]
    pub fn mul(a: F4, b: F4) -> F4 {
        f32x4_mul(a, b)
    }

    #[inline(always)]
    pub fn from_array(s: &[f32; 4]) -> F4 {
        f32x4(s[0], s[1], s[2], s[3])
    }

    #[inline(always)]
    pub fn to_array(v: F4) -> [f32; 4] {
        [
            f32x4_extract_lane::<0>(v),
            f32x4_extract_lane::<1>(v),
            f32x4_extract_lane::<2>(v),
            f32x4_extract_lane::<3>(v),
        ]
    }

    /// True when any lane is not 0 (NaN counts as not 0, -0 as 0).
    #[inline(always)]
    pub fn any_nonzero(c: F4) -> bool {
        v128_any_true(f32x4_ne(c, f32x4_splat(0.0)))
    }

    /// Each lane of `c` as a whole vector.
    #[inline(always)]
    pub fn broadcast_lanes(c: F4) -> [F4; 4] {
        [
            i32x4_shuffle::<0, 0, 0, 0>(c, c),
            i32x4_shuffle::<1, 1, 1, 1>(c, c),
            i32x4_shuffle::<2, 2, 2, 2>(c, c),
            i32x4_shuffle::<3, 3, 3, 3>(c, c),
        ]
    }

    /// Per lane `if v < current { v } else { current }` (a NaN v keeps current):
    /// exactly `pmin`'s definition.
    #[inline(always)]
    pub fn smaller_of(current: F4, v: F4) -> F4 {
        f32x4_pmin(current, v)
    }

    /// Per lane `if v > current { v } else { current }`: exactly `pmax`'s definition.
    #[inline(always)]
    pub fn larger_of(current: F4, v: F4) -> F4 {
        f32x4_pmax(current, v)
    }

    /// Per lane |v| (the sign bit cleared).
    #[inline(always)]
    pub fn abs(v: F4) -> F4 {
        f32x4_abs(v)
    }
}

#[cfg(target_arch = "x86_64")]
// SAFETY (every `unsafe` block below): these intrinsics need SSE and SSE2, which are
// part of the x86_64 baseline: every x86_64 processor has them and every x86_64 build
// enables them, so calling them cannot meet a processor without the instructions.
mod arch {
    use core::arch::x86_64::*;

    pub type F4 = __m128;

    #[inline(always)]
    pub fn splat(x: f32) -> F4 {
        // SAFETY: SSE/SSE2 (x86_64 baseline).
        unsafe { _mm_set1_ps(x) }
    }

    #[inline(always)]
    pub fn add(a: F4, b: F4) -> F4 {
        // SAFETY: SSE/SSE2 (x86_64 baseline).
        unsafe { _mm_add_ps(a, b) }
    }

    #[inline(always)]
    pub fn mul(a: F4, b: F4) -> F4 {
        // SAFETY: SSE/SSE2 (x86_64 baseline).
        unsafe { _mm_mul_ps(a, b) }
    }

    #[inline(always)]
    pub fn from_array(s: &[f32; 4]) -> F4 {
        // SAFETY: SSE/SSE2 (x86_64 baseline).
        unsafe { _mm_setr_ps(s[0], s[1], s[2], s[3]) }
    }

    #[inline(always)]
    pub fn to_array(v: F4) -> [f32; 4] {
        let mut out = [0.0_f32; 4];
        // SAFETY: SSE (x86_64 baseline); `out` is four f32 (16 bytes), exactly what an
        // unaligned store writes.
        unsafe { _mm_storeu_ps(out.as_mut_ptr(), v) };
        out
    }

    /// True when any lane is not 0 (NaN counts as not 0, -0 as 0: `cmpneq` is the
    /// unordered not-equal, like Rust's `!=`).
    #[inline(always)]
    pub fn any_nonzero(c: F4) -> bool {
        // SAFETY: SSE/SSE2 (x86_64 baseline).
        unsafe { _mm_movemask_ps(_mm_cmpneq_ps(c, _mm_setzero_ps())) != 0 }
    }

    /// Each lane of `c` as a whole vector.
    #[inline(always)]
    pub fn broadcast_lanes(c: F4) -> [F4; 4] {
        // SAFETY: SSE (x86_64 baseline).
        unsafe {
            [
                _mm_shuffle_ps::<0x00>(c, c),
                _mm_shuffle_ps::<0x55>(c, c),
                _mm_shuffle_ps::<0xAA>(c, c),
                _mm_shuffle_ps::<0xFF>(c, c),
            ]
        }
    }

    /// Per lane `if v < current { v } else { current }` (a NaN v keeps current):
    /// `minps(a, b)` is `a < b ? a : b`.
    #[inline(always)]
    pub fn smaller_of(current: F4, v: F4) -> F4 {
        // SAFETY: SSE (x86_64 baseline).
        unsafe { _mm_min_ps(v, current) }
    }

    /// Per lane `if v > current { v } else { current }`: `maxps(a, b)` is `a > b ? a : b`.
    #[inline(always)]
    pub fn larger_of(current: F4, v: F4) -> F4 {
        // SAFETY: SSE (x86_64 baseline).
        unsafe { _mm_max_ps(v, current) }
    }

    /// Per lane |v| (the sign bit cleared).
    #[inline(always)]
    pub fn abs(v: F4) -> F4 {
        // SAFETY: SSE (x86_64 baseline).
        unsafe { _mm_andnot_ps(_mm_set1_ps(-0.0), v) }
    }
}

pub use arch::*;

/// Values per vector.
pub const LANES: usize = 4;
