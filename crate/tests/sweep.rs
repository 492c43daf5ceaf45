//! The depth sweep: its points are a run's own epoch-0 measurement bit for bit, its
//! medians reproduce the seed claims (crate/tests/seed_claims.rs) at depths 2 and 10, and
//! sigmoid's ratio falls with every added layer.

use vgp::config::{parse_query, Config};
use vgp::nn::Workspace;
use vgp::sweep::{
    first_to_last, measure, sweep, sweep_with_remedies, Sweep, SweepPlan, CURRENT, REMEDIES,
};
use vgp::train::Run;

fn config(query: &str) -> Config {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    config
}

/// The ratio a real run records at epoch 0.
fn run_ratio(config: &Config, depth: usize, seed: u64) -> f64 {
    let run = Run::new(Config {
        depth,
        seed,
        ..config.clone()
    });
    let m = run.history().first().expect("epoch 0 is measured");
    first_to_last(&m.grad_norm)
}

fn within(what: &str, value: f64, lo: f64, hi: f64) {
    println!("{what}: {value:.3e}");
    assert!(
        value > lo && value < hi,
        "{what}: {value:.3e} outside ({lo:e}, {hi:e})"
    );
}

/// Every point of a sweep (shared forward passes, several depths, seeds and series) is
/// the ratio a real run of that configuration records at epoch 0, to the bit; also where
/// validation changes the network between depths (the width shrinks at depth 40 to fit
/// the parameter budget), and for batch norm, residual connections and digits.
#[test]
fn every_point_is_a_real_runs_epoch_0_bit_for_bit() {
    let cases: [(&str, &[usize], usize, bool); 4] = [
        ("width=8&n=200", &[1, 2, 3, 7], 2, true),
        (
            "width=8&n=120&act=tanh&bn=1&res=1&seed=9",
            &[1, 4, 6],
            2,
            true,
        ),
        (
            "data=digits&width=6&act=relu&init=he_normal",
            &[2, 5],
            2,
            true,
        ),
        // 40 x 256 x 256 is over 2,000,000 parameters: the width is reduced at depth 40
        // only, so depth 40 cannot share the forward pass of depth 2.
        ("width=256&n=10&act=elu", &[2, 40], 1, false),
    ];
    for (query, depths, seeds, remedies) in cases {
        let c = config(query);
        let plan = SweepPlan::new(&c, depths, seeds, remedies).expect("a plan");
        let sweep = plan.finish();
        assert_eq!(sweep.seeds, vgp::sweep::seeds_from(c.seed, seeds));
        assert_eq!(
            sweep.series.len(),
            1 + if remedies { REMEDIES.len() } else { 0 }
        );
        let mut ws = Workspace::new();
        for s in &sweep.series {
            for (k, &d) in s.depths.iter().enumerate() {
                for (j, &seed) in sweep.seeds.iter().enumerate() {
                    let want = run_ratio(&s.config, d, seed);
                    let got = s.ratios[k][j];
                    assert_eq!(
                        got.to_bits(),
                        want.to_bits(),
                        "{query} {} depth {d} seed {seed}: {got:e} vs the run's {want:e}",
                        s.id
                    );
                    let alone = measure(&s.config, d, seed, &mut ws);
                    assert_eq!(alone.ratio.to_bits(), want.to_bits());
                }
            }
        }
        if query.starts_with("width=256") {
            let warned = &sweep.series[0].warnings;
            assert!(
                warned
                    .iter()
                    .any(|w| w.starts_with("depth 40: width: \"256\"")),
                "{warned:?}"
            );
        }
    }
}

/// The seed claims at the page's defaults (seed_claims.rs), read off a one-seed sweep
/// (the same run as the claims) and off the five-seed medians.
#[test]
fn medians_reproduce_the_seed_claims_at_depths_2_and_10() {
    let defaults = Config::default();
    for seeds in [1, 5] {
        let series = sweep_with_remedies(&defaults, &[2, 10], seeds).expect("a sweep");
        let at = |id: &str, depth: usize| {
            let s = series.iter().find(|s| s.id == id).expect(id);
            let k = s.depths.iter().position(|&d| d == depth).expect("depth");
            s.median[k]
        };
        let what = |claim: &str| format!("{claim}, median of {seeds}");
        within(&what("default first/last"), at(CURRENT, 10), 1e-7, 1e-6);
        within(&what("shallow first/last"), at(CURRENT, 2), 1e-2, 1e-1);
        within(&what("relu first/last"), at("relu-he", 10), 3e-2, 3e-1);
        within(&what("bn first/last at 0"), at("batch-norm", 10), 1.0, 20.0);
        within(&what("residual first/last"), at("residual", 10), 3e-3, 5e-2);
    }
    // With one seed the median is the claims' own run.
    let one = sweep(&defaults, &[10], 1).expect("a sweep");
    assert_eq!(
        one.median[0].to_bits(),
        run_ratio(&defaults, 10, 1).to_bits()
    );
}

/// Each sigmoid layer with Glorot weights multiplies the backward signal by less than 1,
/// so every added layer lowers the ratio: strictly falling medians from depth 2 to 30
/// (width 32, five seeds), about two thirds of a decade per layer. The remedies stay
/// flat. These are the README's numbers for `vgp sweep 'width=32' --remedies`.
#[test]
fn sigmoid_falls_with_every_layer_and_the_remedies_stay_flat() {
    let c = config("width=32&act=sigmoid&init=glorot_uniform");
    let depths: Vec<usize> = (2..=30).collect();
    let every = SweepPlan::with_series(&c, &depths, 5, &REMEDIES[..1])
        .expect("a plan")
        .finish()
        .series;
    let s = &every[0];
    assert_eq!(s.depths, depths);
    for (k, pair) in s.median.windows(2).enumerate() {
        assert!(
            pair[1] < pair[0],
            "depth {} -> {}: {:e} -> {:e}",
            depths[k],
            depths[k + 1],
            pair[0],
            pair[1]
        );
    }
    let decades_per_layer = (s.median[0].log10() - s.median[28].log10()) / 28.0;
    within(
        "decades lost per sigmoid layer",
        decades_per_layer,
        0.55,
        0.75,
    );
    // Depths 2, 10 and 30 are at indices 0, 8 and 28.
    within("sigmoid at 2", s.median[0], 0.1, 0.2);
    within("sigmoid at 10", s.median[8], 1e-7, 3e-7);
    within("sigmoid at 30", s.median[28], 1e-19, 3e-19);
    let relu = &every[1];
    assert_eq!(relu.id, "relu-he");
    for &m in &relu.median {
        within("relu + he at any depth", m, 0.15, 0.85);
    }
    // Batch norm and residual connections at depths 2, 10 and 30.
    let some = SweepPlan::with_series(&c, &[2, 10, 30], 5, &REMEDIES[1..])
        .expect("a plan")
        .finish()
        .series;
    let (bn, res) = (&some[1], &some[2]);
    assert_eq!(
        [bn.id.as_str(), res.id.as_str()],
        ["batch-norm", "residual"]
    );
    assert!(bn.median[0] < bn.median[1] && bn.median[1] < bn.median[2]);
    within("batch norm at 30", bn.median[2], 20.0, 40.0);
    within("residual at 10", res.median[1], 4e-3, 3e-2);
    within("residual at 30", res.median[2], 4e-3, 3e-2);
}

/// The plan works in steps a caller can interleave: it counts them, a series' values
/// appear once all its seeds are in, and stepping to the end equals `finish`.
#[test]
fn a_plan_goes_step_by_step() {
    let c = config("width=4&n=40");
    let mut plan = SweepPlan::new(&c, &[3, 1, 3, 2], 2, true).expect("a plan");
    assert_eq!(plan.steps(), 4 * 2 * 3);
    assert_eq!(plan.sweep().series[0].depths, [1, 2, 3]);
    let mut seen = 0;
    assert_eq!(plan.progress(), 0.0);
    while plan.step() {
        seen += 1;
        assert_eq!(plan.done(), seen);
        // Work: the depths measured, 1 + 2 + 3 = 6 per seed, 4 x 2 x 6 = 48 in all.
        let work = seen / 3 * 6 + [0, 1, 3][seen % 3];
        assert!(
            (plan.progress() - work as f64 / 48.0).abs() < 1e-12,
            "after {seen}"
        );
        let complete = plan
            .sweep()
            .series
            .iter()
            .filter(|s| s.is_complete())
            .count();
        assert_eq!(complete, seen / 6, "after {seen} steps");
        // The JSON of a partial sweep lists only complete series' values.
        let file: serde_json::Value =
            serde_json::from_str(&plan.sweep().to_json().expect("json")).expect("parses");
        let listed = file["series"]
            .as_array()
            .expect("series")
            .iter()
            .filter(|s| !s["depths"].as_array().expect("depths").is_empty())
            .count();
        assert_eq!(listed, complete);
    }
    assert!(plan.is_done() && !plan.step());
    assert_eq!(plan.progress(), 1.0);
    let again = SweepPlan::new(&c, &[1, 2, 3], 2, true)
        .expect("a plan")
        .finish();
    assert_eq!(plan.sweep(), &again);
    // Depth 1's single hidden layer is both first and last.
    assert!(again.series.iter().all(|s| s.median[0] == 1.0));
}

/// Zero weights give every hidden layer a gradient of exactly 0: the ratio 0/0 is
/// undefined, counted as such, and written as null.
#[test]
fn undefined_ratios_are_counted_and_written_as_null() {
    let c = config("width=4&n=40&init=zeros");
    let plan = SweepPlan::new(&c, &[1, 3], 3, false).expect("a plan");
    let sweep: Sweep = plan.finish();
    let s = &sweep.series[0];
    assert_eq!(s.defined, [0, 0]);
    assert!(s.median.iter().all(|m| m.is_nan()));
    let file: serde_json::Value =
        serde_json::from_str(&sweep.to_json().expect("json")).expect("parses");
    let written = &file["series"][0];
    assert_eq!(written["median"], serde_json::json!([null, null]));
    assert_eq!(written["defined"], serde_json::json!([0, 0]));
}

/// Every `"key":[...]` array of `json` in order, each number read by Rust's correctly
/// rounded parser (serde_json's own reader may be one unit in the last place off).
fn number_arrays(json: &str, key: &str) -> Vec<Vec<Option<f64>>> {
    json.split(&format!("\"{key}\":["))
        .skip(1)
        .map(|rest| {
            let inner = &rest[..rest.find(']').unwrap_or(0)];
            inner
                .split(',')
                .filter(|t| !t.is_empty())
                .map(|t| t.parse::<f64>().ok())
                .collect()
        })
        .collect()
}

/// Defined ratios are written as they are: the file's medians and spreads read back to
/// the sweep's exact values (and only undefined ones are null).
#[test]
fn defined_ratios_are_written_exactly() {
    let c = config("width=4&n=40");
    let sweep: Sweep = SweepPlan::new(&c, &[1, 2, 4], 3, true)
        .expect("a plan")
        .finish();
    let json = sweep.to_json().expect("json");
    let mut checked = 0;
    for key in ["median", "min", "max"] {
        let written = number_arrays(&json, key);
        assert_eq!(written.len(), sweep.series.len());
        for (s, read) in sweep.series.iter().zip(written) {
            let values = match key {
                "median" => &s.median,
                "min" => &s.min,
                _ => &s.max,
            };
            let want: Vec<Option<f64>> =
                values.iter().map(|v| v.is_finite().then_some(*v)).collect();
            assert_eq!(read, want, "{} {key}", s.id);
            checked += want.iter().flatten().count();
        }
    }
    assert!(checked >= 20, "only {checked} defined values");
}

/// Every point of a sweep whose network is a prefix of the deepest one is measured on
/// the deepest network's forward pass (one forward pass per seed and series, not one per
/// point), with the same ratios as a forward pass of its own: the plan counts them, and
/// the deepest network's forward passes. A
/// configuration shallower than the sweep's deepest depth must not keep the deep
/// network from being built at that depth.
#[test]
fn every_point_shares_the_deepest_networks_forward_pass() {
    for query in [
        "width=4&n=40&depth=2",
        "width=4&n=40&bn=1",
        "width=4&n=40&act=relu&init=he_normal",
    ] {
        let c = config(query);
        let mut plan = SweepPlan::new(&c, &[1, 2, 4, 6], 3, true).expect("a plan");
        let mut points = 0;
        while plan.step() {
            points += 1;
        }
        assert_eq!(
            points,
            4 * 3 * 4,
            "{query}: four series of three seeds at four depths"
        );
        assert_eq!(
            plan.shared_points(),
            points,
            "{query}: points measured apart"
        );
        assert_eq!(
            plan.deep_forwards(),
            4 * 3,
            "{query}: the deepest network once per series and seed"
        );
    }
}
