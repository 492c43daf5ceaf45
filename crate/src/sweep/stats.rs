//! The numbers of a point: one measurement's first-to-last ratio, and the median,
//! minimum and maximum over a point's seeds.

/// The first-to-last hidden-layer ratio of one measurement's `grad_norm` (one entry per
/// weight layer, the output layer last): `grad_norm[0] / grad_norm[L−2]` in f64 (exact
/// f32 inputs, so neither overflow nor underflow). Depth 1 has one hidden layer, which
/// is both first and last: its ratio is 1.
///
/// - 0 when the first hidden layer's gradient underflowed to exactly 0;
/// - +infinity when the last hidden layer's gradient is exactly 0 and the first's is
///   not (possible only around it, through skip connections);
/// - NaN (undefined) when both are 0, when a norm is not finite (the measurement
///   overflowed: a run would stop, diverged at epoch 0), or with no hidden layer.
pub fn first_to_last(grad_norm: &[f32]) -> f64 {
    let (first, last) = hidden_ends(grad_norm);
    ratio(first, last)
}

/// `first / last` as `first_to_last` defines it (0, +infinity and NaN included).
pub(super) fn ratio(first: f32, last: f32) -> f64 {
    if !(first.is_finite() && last.is_finite()) || (first == 0.0 && last == 0.0) {
        return f64::NAN;
    }
    f64::from(first) / f64::from(last)
}

/// Median, minimum and maximum of a point's ratios, over the seeds whose ratio is
/// defined (not NaN), ordered 0 < finite < +infinity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The middle value; for an even count the geometric mean of the two middle values
    /// (the midpoint on a log axis): 0 if the lower one is 0, +infinity if the upper one
    /// is and the lower is not 0.
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// How many seeds had a defined ratio; with none, all three values are NaN.
    pub defined: usize,
}

/// Summarize one point's ratios (see `Spread`).
pub fn spread(ratios: &[f64]) -> Spread {
    let mut sorted: Vec<f64> = ratios.iter().copied().filter(|r| !r.is_nan()).collect();
    crate::sorting::sort_by(&mut sorted, |a, b| a.total_cmp(b).is_lt());
    let n = sorted.len();
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Spread {
            median: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
            defined: 0,
        };
    };
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        let (a, b) = (sorted[n / 2 - 1], sorted[n / 2]);
        if a == 0.0 {
            0.0
        } else {
            // sqrt of each (exact in IEEE arithmetic) so the product cannot overflow.
            a.sqrt() * b.sqrt()
        }
    };
    Spread {
        median,
        min,
        max,
        defined: n,
    }
}

/// The seeds of a sweep of `count` seeds from `first`: `first, first+1, …` (wrapping
/// after `u64::MAX`).
pub fn seeds_from(first: u64, count: usize) -> Vec<u64> {
    (0..count as u64).map(|k| first.wrapping_add(k)).collect()
}

/// The first and the last hidden layer's entries of `grad_norm`, one entry per weight
/// layer (NaN where missing).
pub(super) fn hidden_ends(grad_norm: &[f32]) -> (f32, f32) {
    match (grad_norm.first(), grad_norm.iter().rev().nth(1)) {
        (Some(&first), Some(&last)) => (first, last),
        _ => (f32::NAN, f32::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_of_zero_infinite_and_missing_gradients() {
        assert_eq!(first_to_last(&[1e-6, 0.5, 9.0]), 1e-6_f32 as f64 / 0.5);
        assert_eq!(first_to_last(&[0.25, 3.0]), 1.0, "depth 1");
        assert_eq!(first_to_last(&[0.0, 0.5, 1.0]), 0.0);
        assert_eq!(first_to_last(&[0.5, 0.0, 1.0]), f64::INFINITY);
        assert!(first_to_last(&[0.0, 0.0, 1.0]).is_nan());
        assert!(first_to_last(&[f32::INFINITY, 1.0, 1.0]).is_nan());
        assert!(first_to_last(&[1.0, f32::NAN, 1.0]).is_nan());
        assert!(first_to_last(&[1.0]).is_nan(), "no hidden layer");
        assert!(first_to_last(&[]).is_nan());
        // Far beyond f32's range, still exact.
        let r = first_to_last(&[1e-30, 1e30, 1.0]);
        assert!((r / 1e-60 - 1.0).abs() < 1e-6, "{r:e}");
    }

    #[test]
    fn spreads_skip_undefined_seeds_and_order_zero_and_infinity() {
        let s = spread(&[3.0, 1.0, f64::NAN, 2.0, 100.0, 0.0]);
        assert_eq!((s.min, s.max, s.defined), (0.0, 100.0, 5));
        assert_eq!(s.median, 2.0);
        // Even counts: the geometric mean of the middle two.
        assert_eq!(spread(&[1.0, 100.0]).median, 10.0);
        assert_eq!(spread(&[0.0, 4.0]).median, 0.0);
        assert_eq!(spread(&[0.0, f64::INFINITY]).median, 0.0);
        assert_eq!(spread(&[4.0, f64::INFINITY]).median, f64::INFINITY);
        let inf = spread(&[f64::INFINITY, 1.0, f64::INFINITY]);
        assert_eq!((inf.median, inf.max), (f64::INFINITY, f64::INFINITY));
        let none = spread(&[f64::NAN, f64::NAN]);
        assert_eq!(none.defined, 0);
        assert!(none.median.is_nan() && none.min.is_nan() && none.max.is_nan());
        assert_eq!(spread(&[]).defined, 0);
        // Tiny and huge values multiply without underflow or overflow.
        let m = spread(&[1e-200, 1e-100]).median;
        assert!((m / 1e-150 - 1.0).abs() < 1e-9, "{m:e}");
    }

    #[test]
    fn seeds_count_up_from_the_configured_one() {
        assert_eq!(seeds_from(7, 3), [7, 8, 9]);
        assert_eq!(seeds_from(u64::MAX, 2), [u64::MAX, 0]);
        assert!(seeds_from(1, 0).is_empty());
    }
}
