//! The fast forms of the per-step and per-epoch bookkeeping equal their definitions,
//! bit for bit: the loss gradient without the loss (`loss_gradient` against
//! `mean_loss`), the histogram's two-pass binning and counting, and unit health's
//! branch-free counts.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use vgp::config::{Activation, Config, DatasetKind};
use vgp::data::Task;
use vgp::metrics::{unit_health, Histogram, SATURATION_THRESHOLD};
use vgp::nn::loss::{loss_gradient, mean_loss};
use vgp::nn::Workspace;
use vgp::train::{probe, Start};

/// Floats of every kind: ordinary, tiny, huge, zeros of both signs, infinities, NaN.
fn any_value() -> impl Strategy<Value = f32> {
    prop_oneof![
        4 => -8.0f32..8.0,
        1 => any::<f32>(),
        1 => prop::sample::select(vec![
            0.0,
            -0.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            f32::MAX,
            -f32::MAX,
            1e-40,
            -1e-40,
            100.0,
            -100.0,
        ]),
    ]
}

fn any_task() -> impl Strategy<Value = Task> {
    prop_oneof![
        Just(Task::Binary),
        Just(Task::Multiclass { classes: 3 }),
        Just(Task::Regression),
    ]
}

/// The histogram as its documentation defines it, one value at a time.
fn histogram_by_definition(values: &[f32], lo: f32, hi: f32, bins: usize) -> Vec<u32> {
    let mut counts = vec![0; bins];
    let width = (hi - lo) / bins as f32;
    for &v in values {
        if !v.is_finite() || bins == 0 {
            continue;
        }
        let bin = if width > 0.0 {
            ((v - lo) / width).floor()
        } else {
            0.0
        };
        let k = if bin <= 0.0 {
            0
        } else if bin >= (bins - 1) as f32 {
            bins - 1
        } else {
            bin as usize
        };
        counts[k] += 1;
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The gradient has the bits `mean_loss` writes, and the result is `Ok` exactly when
    /// `mean_loss` is finite, `Err` holding its bits otherwise.
    #[test]
    fn loss_gradient_is_mean_loss_without_the_loss(
        task in any_task(),
        rows in 0usize..7,
        seed_logits in prop::collection::vec(any_value(), 21),
        seed_targets in prop::collection::vec(0u8..3, 7),
    ) {
        let outputs = match task { Task::Multiclass { classes } => classes, _ => 1 };
        let logits = &seed_logits[..rows * outputs];
        let targets: Vec<f32> = seed_targets[..rows]
            .iter()
            .map(|&t| match task {
                Task::Binary => f32::from(t % 2),
                Task::Multiclass { .. } => f32::from(t),
                Task::Regression => f32::from(t) - 0.5,
            })
            .collect();
        let mut expected_grad = vec![7.0; rows * outputs];
        let loss = mean_loss(task, logits, &targets, outputs, Some(&mut expected_grad));
        let mut grad = vec![7.0; rows * outputs];
        let result = loss_gradient(task, logits, &targets, outputs, &mut grad);
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        if loss.is_finite() {
            prop_assert_eq!(result, Ok(()));
        } else {
            prop_assert_eq!(result.map_err(f32::to_bits), Err(loss.to_bits()));
        }
        // NaN gradients may differ in their payload only where the loss is not finite
        // (then the run stops at this step).
        if loss.is_finite() {
            prop_assert_eq!(bits(&grad), bits(&expected_grad));
        }
    }

    /// Binning a block at a time and counting into several tallies gives the counts of
    /// the definition, for any values (non-finite ones are skipped), ranges (empty and
    /// reversed ones included) and bin counts (both sides of the tallies' size).
    #[test]
    fn histogram_counts_as_defined(
        values in prop::collection::vec(any_value(), 0..700),
        lo in -10.0f32..10.0,
        span in prop_oneof![3 => 0.001f32..20.0, 1 => Just(0.0f32), 1 => -5.0f32..0.0],
        bins in 0usize..40,
    ) {
        let hi = lo + span;
        let fast = Histogram::new(&values, lo, hi, bins);
        prop_assert_eq!(fast.counts, histogram_by_definition(&values, lo, hi, bins));
    }
}

/// Dead units and saturated pairs counted by their definitions on the probe's
/// activations: a unit is dead when its output is exactly 0 for every probe sample, a
/// pair saturated when the activation's derivative is below 5% of its largest.
#[test]
fn unit_health_counts_as_defined() {
    for act in Activation::ALL {
        for (width, kill) in [(5, true), (9, false), (16, true)] {
            let config = Config {
                data: DatasetKind::Spiral,
                n: 300,
                depth: 3,
                width,
                act,
                seed: 11,
                ..Config::default()
            };
            let Start { mut net, data, .. } = Start::new(config);
            if kill {
                // Drive two units of the first hidden layer far negative: dead for
                // the rectifier family, saturated for sigmoid and tanh.
                let bias = net.slots()[0].bias.clone();
                net.params[bias.start] = -1e4;
                net.params[bias.start + 2] = -1e4;
            }
            let mut ws = Workspace::default();
            probe(&mut net, &data, &mut ws);
            let specs = net.layers().to_vec();
            let mut saw_dead = false;
            for (l, spec) in specs.iter().enumerate().take(specs.len() - 1) {
                let units = spec.outputs;
                let a = ws.activations(l, units);
                let u = ws.pre_activations(l, units, spec.batch_norm);
                let dead_units = (0..units)
                    .filter(|&j| a.iter().skip(j).step_by(units).all(|&v| v == 0.0))
                    .count();
                let dead = if act.can_die() {
                    dead_units as f32 / units as f32
                } else {
                    0.0
                };
                let saturated = match act.max_derivative() {
                    Some(max) => {
                        let count = u
                            .iter()
                            .zip(a)
                            .filter(|(&ui, &ai)| {
                                act.derivative(ui, ai, net.leak) < SATURATION_THRESHOLD * max
                            })
                            .count();
                        count as f32 / a.len() as f32
                    }
                    None => 0.0,
                };
                saw_dead |= dead > 0.0;
                let got = unit_health(spec, l, &ws, net.leak);
                assert_eq!(
                    (got.0.to_bits(), got.1.to_bits()),
                    (dead.to_bits(), saturated.to_bits()),
                    "{act:?} width {width} layer {l}: {got:?} vs {:?}",
                    (dead, saturated)
                );
            }
            if kill && act == Activation::Relu {
                assert!(saw_dead, "{act:?}: the killed units count as dead");
            }
        }
    }
}
