//! Smallest, largest and largest-magnitude values of many slices, in four lanes, with
//! exactly the results of the one-value-at-a-time folds (the distributions' ranges).

#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
use super::lanes::{abs, from_array, larger_of, smaller_of, splat, to_array, F4};

/// Four lanes of `if v < lo { v } else { lo }` and `if v > hi { v } else { hi }`.
#[cfg(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
))]
fn lane_extremes(slices: &[&[f32]]) -> ([f32; 4], [f32; 4]) {
    let (mut lo, mut hi): (F4, F4) = (splat(f32::INFINITY), splat(f32::NEG_INFINITY));
    let (mut lo0, mut hi0) = (f32::INFINITY, f32::NEG_INFINITY);
    for values in slices {
        let mut quads = values.chunks_exact(4);
        for quad in &mut quads {
            if let Ok(quad) = <&[f32; 4]>::try_from(quad) {
                let v = from_array(quad);
                lo = smaller_of(lo, v);
                hi = larger_of(hi, v);
            }
        }
        for &v in quads.remainder() {
            lo0 = if v < lo0 { v } else { lo0 };
            hi0 = if v > hi0 { v } else { hi0 };
        }
    }
    let (mut lo, mut hi) = (to_array(lo), to_array(hi));
    // The remainders' lane comes after the others in `extremes`' fold, which decides
    // between lanes by value and then by the first zero, so its position is immaterial.
    lo[0] = if lo0 < lo[0] { lo0 } else { lo[0] };
    hi[0] = if hi0 > hi[0] { hi0 } else { hi[0] };
    (lo, hi)
}

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
fn lane_extremes(slices: &[&[f32]]) -> ([f32; 4], [f32; 4]) {
    let (mut lo, mut hi) = ([f32::INFINITY; 4], [f32::NEG_INFINITY; 4]);
    for (i, &v) in slices.iter().flat_map(|values| values.iter()).enumerate() {
        let lane = i % 4;
        lo[lane] = if v < lo[lane] { v } else { lo[lane] };
        hi[lane] = if v > hi[lane] { v } else { hi[lane] };
    }
    (lo, hi)
}

/// The smallest and largest of the values, NaNs ignored, exactly as the fold
/// `lo = if v < lo { v } else { lo }` (and `>` for hi) over all of them in order gives
/// them: (inf, -inf) when there is no number. That fold keeps the first of equal
/// values, which only matters for a zero's sign; the lanes each keep their own first,
/// so where an extreme is a zero its sign is taken from the first zero of all.
pub fn extremes(slices: &[&[f32]]) -> (f32, f32) {
    let (lo, hi) = lane_extremes(slices);
    let mut lo = lo
        .into_iter()
        .fold(f32::INFINITY, |best, v| if v < best { v } else { best });
    let mut hi = hi
        .into_iter()
        .fold(f32::NEG_INFINITY, |best, v| if v > best { v } else { best });
    let first_zero = || {
        slices
            .iter()
            .flat_map(|values| values.iter())
            .copied()
            .find(|&v| v == 0.0)
    };
    if lo == 0.0 {
        lo = first_zero().unwrap_or(lo);
    }
    if hi == 0.0 {
        hi = first_zero().unwrap_or(hi);
    }
    (lo, hi)
}

/// The largest |v| of the values (0 if none), NaNs ignored. Every |v| is a positive
/// number or +0, so the order does not matter and four lanes give the fold's result.
pub fn largest_magnitude(slices: &[&[f32]]) -> f32 {
    #[cfg(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    ))]
    let lanes = {
        let mut largest = splat(0.0);
        let mut rest = 0.0_f32;
        for values in slices {
            let mut quads = values.chunks_exact(4);
            for quad in &mut quads {
                if let Ok(quad) = <&[f32; 4]>::try_from(quad) {
                    largest = larger_of(largest, abs(from_array(quad)));
                }
            }
            for &v in quads.remainder() {
                rest = if v.abs() > rest { v.abs() } else { rest };
            }
        }
        let mut lanes = to_array(largest);
        lanes[0] = if rest > lanes[0] { rest } else { lanes[0] };
        lanes
    };
    #[cfg(not(any(
        all(target_arch = "wasm32", target_feature = "simd128"),
        target_arch = "x86_64"
    )))]
    let lanes = [slices
        .iter()
        .flat_map(|values| values.iter())
        .fold(0.0_f32, |m, &v| if v.abs() > m { v.abs() } else { m })];
    lanes
        .into_iter()
        .fold(0.0, |best, m| if m > best { m } else { best })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-value-at-a-time definitions.
    fn folds(slices: &[&[f32]]) -> (f32, f32, f32) {
        let all = || slices.iter().flat_map(|values| values.iter()).copied();
        let (lo, hi) = all().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (if v < lo { v } else { lo }, if v > hi { v } else { hi })
        });
        let largest = all().fold(0.0_f32, |m, v| if v.abs() > m { v.abs() } else { m });
        (lo, hi, largest)
    }

    #[test]
    fn lanes_give_the_folds_bits() {
        let nan = f32::NAN;
        let cases: Vec<Vec<Vec<f32>>> = vec![
            vec![],
            vec![vec![]],
            vec![vec![nan, nan, nan]],
            vec![vec![1.0, -2.0, 3.5, 0.25, 7.0], vec![-9.0, nan]],
            // Zeros of both signs as the extremes, first +0 then -0 and the reverse,
            // in lanes other than the first.
            vec![vec![1.0, 0.0, 2.0, -0.0, 3.0], vec![4.0, 5.0]],
            vec![vec![1.0, -0.0, 2.0, 0.0, 3.0, 0.0]],
            vec![vec![-1.0, -0.0, -2.0, 0.0], vec![-3.0]],
            vec![vec![-1.0, 0.0, -2.0, -0.0], vec![-3.0, -0.0]],
            vec![vec![0.0, -0.0, 0.0, -0.0, 0.0]],
            vec![vec![-0.0, 0.0, -0.0, 0.0, -0.0]],
            vec![
                vec![f32::INFINITY, 1.0],
                vec![f32::NEG_INFINITY, 2.0, 3.0, 4.0, -5.0],
            ],
            vec![vec![1e-40, -1e-40, 2.0, -3.0, 0.5, -0.5, 9.0, -9.5, 1.0]],
        ];
        for case in &cases {
            let slices: Vec<&[f32]> = case.iter().map(Vec::as_slice).collect();
            let (lo, hi) = extremes(&slices);
            let largest = largest_magnitude(&slices);
            let (want_lo, want_hi, want_largest) = folds(&slices);
            assert_eq!(
                (lo.to_bits(), hi.to_bits(), largest.to_bits()),
                (want_lo.to_bits(), want_hi.to_bits(), want_largest.to_bits()),
                "{case:?}"
            );
        }
    }
}
