//! What a sweep promises of every point (docs/run-format.md, "The summary over seeds"):
//! min <= median <= max, the ends are the smallest and largest defined ratio, the median
//! lies between the two middle ones, and `defined` counts exactly the seeds whose ratio
//! is defined; for any list of ratios and for real sweeps of many configurations.

use proptest::prelude::*;
use vgp::config::parse_query;
use vgp::sweep::{spread, SweepPlan};

/// A ratio as a point can have one: 0, +infinity, undefined, or any size in between.
fn ratio() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(f64::INFINITY),
        Just(f64::NAN),
        (-300.0f64..300.0).prop_map(|e| 10f64.powf(e)),
        (0.1f64..10.0),
    ]
}

/// The promises for one point's ratios and its reported median, min, max and count.
fn check_point(
    ratios: &[f64],
    median: f64,
    min: f64,
    max: f64,
    defined: usize,
) -> Result<(), TestCaseError> {
    let mut sorted: Vec<f64> = ratios.iter().copied().filter(|r| !r.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    prop_assert_eq!(defined, sorted.len(), "defined of {:?}", ratios);
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        prop_assert!(
            median.is_nan() && min.is_nan() && max.is_nan(),
            "values without a defined seed"
        );
        return Ok(());
    };
    prop_assert!(
        min <= median && median <= max,
        "min {} median {} max {} of {:?}",
        min,
        median,
        max,
        ratios
    );
    prop_assert_eq!((min, max), (lo, hi));
    let n = sorted.len();
    let (a, b) = (sorted[(n - 1) / 2], sorted[n / 2]);
    // The middle value, or a value between the two middle ones (their geometric mean,
    // which rounding may put a hair outside them).
    let slack = |x: f64| if x.is_finite() { x * 1e-12 } else { 0.0 };
    prop_assert!(
        median >= a - slack(a) && median <= b + slack(b),
        "median {} not between {} and {}",
        median,
        a,
        b
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_ratios_spread_in_order_and_count_the_defined_seeds(ratios in prop::collection::vec(ratio(), 0..12)) {
        let s = spread(&ratios);
        check_point(&ratios, s.median, s.min, s.max, s.defined)?;
        // The order of the seeds does not matter.
        let reversed: Vec<f64> = ratios.iter().rev().copied().collect();
        let r = spread(&reversed);
        prop_assert_eq!(
            (r.median.to_bits(), r.min.to_bits(), r.max.to_bits(), r.defined),
            (s.median.to_bits(), s.min.to_bits(), s.max.to_bits(), s.defined)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Real sweeps (small networks, any activation and initialization, zeros included,
    /// which make ratios undefined) with their remedies: every point of every series.
    #[test]
    fn every_point_of_a_sweep_keeps_min_median_max_in_order(
        act in prop::sample::select(vec!["sigmoid", "tanh", "relu", "selu"]),
        init in prop::sample::select(vec!["glorot_uniform", "he_normal", "zeros", "normal"]),
        width in 1usize..5,
        depths in prop::collection::vec(1usize..6, 1..4),
        seeds in 1usize..5,
        seed in any::<u64>(),
    ) {
        let query = format!("n=40&act={act}&init={init}&width={width}&seed={seed}");
        let (config, _) = parse_query(&query);
        let plan = SweepPlan::new(&config, &depths, seeds, true);
        prop_assert!(plan.is_ok(), "{:?}", plan.err());
        let Ok(plan) = plan else { return Ok(()) };
        let sweep = plan.finish();
        for series in &sweep.series {
            prop_assert_eq!(series.ratios.len(), series.depths.len());
            for (k, ratios) in series.ratios.iter().enumerate() {
                prop_assert_eq!(ratios.len(), seeds);
                check_point(ratios, series.median[k], series.min[k], series.max[k], series.defined[k])?;
            }
        }
    }
}
