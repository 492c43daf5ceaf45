//! What is measured each epoch: losses, accuracies and, on the probe batch, the
//! per-layer gradient norms and unit health that reveal vanishing gradients.
//!
//! Definitions (per weight layer l, input side first, the output layer last):
//! - `grad_norm[l]` = ||dL/dW_l|| (Frobenius), L the mean loss over the probe batch;
//! - `act_grad_norm[l]` = ||dL/dh_l||, the gradient reaching layer l's input (h_0 = x);
//! - `weight_norm[l]` = ||W_l||; `update_ratio[l]` = ||W_l(e) - W_l(e-1)|| / ||W_l(e-1)|| (0 at epoch 0,
//!   and when the previous weights were all zero);
//! - `dead_fraction[l]`: share of the layer's units whose activation output is exactly 0
//!   for every probe sample (the rectifier family; 0 for other activations and the output layer);
//! - `saturation[l]`: share of (unit, probe sample) pairs where f'(u) is below 5% of f's
//!   largest derivative (sigmoid: 0.25, tanh: 1; 0 for other activations and the output layer);
//! - `tracked_weights[l]`: three fixed entries of W_l, spread across the matrix.
//!
//! The probe batch is the first min(256, n_train) training samples, evaluated at the
//! current parameters with batch norm using the probe's own statistics, updating nothing.

use crate::config::Activation;
use crate::nn::linalg::norm;
use crate::nn::reduce::{extremes, largest_magnitude};
use crate::nn::{LayerSpec, Network, Workspace};
use serde::Serialize;

/// Largest probe batch.
pub const PROBE_ROWS: usize = 256;
/// A derivative below this share of its maximum counts as saturated.
pub const SATURATION_THRESHOLD: f32 = 0.05;
/// Bins of each distribution histogram.
pub const HISTOGRAM_BINS: usize = 24;

/// One epoch's measurements; per-layer vectors are in layer order, input side first.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EpochMetrics {
    pub epoch: usize,
    pub train_loss: f32,
    pub test_loss: f32,
    pub train_accuracy: Option<f32>,
    pub test_accuracy: Option<f32>,
    pub grad_norm: Vec<f32>,
    pub act_grad_norm: Vec<f32>,
    pub weight_norm: Vec<f32>,
    pub update_ratio: Vec<f32>,
    pub dead_fraction: Vec<f32>,
    pub saturation: Vec<f32>,
    pub tracked_weights: Vec<Vec<f32>>,
}

impl EpochMetrics {
    /// True when every number is finite (no NaN or infinity may reach a chart or a file).
    pub fn is_finite(&self) -> bool {
        let scalars = [
            self.train_loss,
            self.test_loss,
            self.train_accuracy.unwrap_or(0.0),
            self.test_accuracy.unwrap_or(0.0),
        ];
        let vectors = [
            &self.grad_norm,
            &self.act_grad_norm,
            &self.weight_norm,
            &self.update_ratio,
            &self.dead_fraction,
            &self.saturation,
        ];
        scalars.iter().all(|v| v.is_finite())
            && vectors.iter().all(|v| v.iter().all(|x| x.is_finite()))
            && self.tracked_weights.iter().flatten().all(|x| x.is_finite())
    }
}

/// Counts of values in `bins` equal-width bins over [lo, hi]; values outside are clamped
/// into the end bins.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Histogram {
    pub lo: f32,
    pub hi: f32,
    pub counts: Vec<u32>,
}

impl Histogram {
    pub fn new(values: &[f32], lo: f32, hi: f32, bins: usize) -> Histogram {
        let mut counts = vec![0; bins];
        if bins == 0 {
            return Histogram { lo, hi, counts };
        }
        let width = (hi - lo) / bins as f32;
        if width.is_nan() || width <= 0.0 {
            // No width (or NaN): every finite value counts in the first bin.
            counts[0] = values.iter().filter(|v| v.is_finite()).count() as u32;
            return Histogram { lo, hi, counts };
        }
        // The values' bins are computed a block at a time (`bin_indices`), then counted
        // into several sets of counts in turn, so one count's update never waits for
        // the previous one's (neighbouring values often share a bin).
        let last = (bins - 1) as u32;
        let discard = bins as u32;
        if bins < TALLY_SLOTS {
            // Indices masked to the tallies' length (a no-op: every index is at most
            // `bins`), so the counting loop has no bounds checks.
            let mut tallies = [[0_u32; TALLY_SLOTS]; TALLIES];
            let mut block = [0_u32; 256];
            for chunk in values.chunks(block.len()) {
                bin_indices(chunk, lo, width, last, discard, &mut block);
                let slots = &block[..chunk.len()];
                let mut groups = slots.chunks_exact(TALLIES);
                for group in &mut groups {
                    for (tally, &b) in tallies.iter_mut().zip(group) {
                        tally[b as usize & (TALLY_SLOTS - 1)] += 1;
                    }
                }
                for &b in groups.remainder() {
                    tallies[0][b as usize & (TALLY_SLOTS - 1)] += 1;
                }
            }
            for (k, count) in counts.iter_mut().enumerate() {
                *count = tallies.iter().map(|t| t[k]).sum();
            }
        } else {
            let mut tally = vec![0_u32; bins + 1];
            let mut block = [0_u32; 256];
            for chunk in values.chunks(block.len()) {
                bin_indices(chunk, lo, width, last, discard, &mut block);
                for &b in &block[..chunk.len()] {
                    tally[b as usize] += 1;
                }
            }
            counts.copy_from_slice(&tally[..bins]);
        }
        Histogram { lo, hi, counts }
    }
}

/// Sets of counts a histogram is counted into, and the length of each.
const TALLIES: usize = 8;
const TALLY_SLOTS: usize = 32;

/// `out[i]` = the bin of `values[i]`: floor((v - lo) / width) clamped to `last`, or
/// `discard` for a value that is not finite. `as u32` truncates towards 0 and saturates
/// (below 0, and NaN, to 0), and from 0 up floor equals that truncation, so neither
/// floor nor max is needed. Without branches or stores elsewhere, the loop runs four
/// lanes at a time.
#[inline(always)]
fn bin_indices(values: &[f32], lo: f32, width: f32, last: u32, discard: u32, out: &mut [u32]) {
    for (slot, &v) in out.iter_mut().zip(values) {
        let bin = (((v - lo) / width) as u32).min(last);
        *slot = if v.is_finite() { bin } else { discard };
    }
}

/// Distributions at the newest epoch: activations of each hidden layer and weight
/// gradients of each weight layer, on a range shared by all layers so their widths compare.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Distributions {
    pub epoch: usize,
    pub activations: Vec<Histogram>,
    pub gradients: Vec<Histogram>,
}

/// Flat indices of the weights tracked in an [outputs, inputs] matrix: up to three,
/// on a diagonal through the matrix so different rows and columns are sampled.
pub fn tracked_indices(outputs: usize, inputs: usize) -> Vec<usize> {
    let mut picks: Vec<usize> = (0..3)
        .map(|k| (k * outputs / 3) * inputs + k * inputs / 3)
        .collect();
    picks.dedup();
    picks
}

/// Dead-unit share and saturated-pair share of hidden layer `l` on the probe batch.
pub fn unit_health(spec: &LayerSpec, l: usize, ws: &Workspace, leak: f32) -> (f32, f32) {
    let units = spec.outputs;
    let a = ws.activations(l, units);
    let rows = ws.rows.max(1);
    let dead = if spec.activation.can_die() && units > 0 {
        // A unit is alive once any probe sample gives it a nonzero output: one pass
        // over the rows in memory order.
        let mut alive = vec![false; units];
        for row in a.chunks_exact(units) {
            for (alive, &v) in alive.iter_mut().zip(row) {
                *alive |= v != 0.0;
            }
        }
        let dead_units = alive.iter().filter(|&&alive| !alive).count();
        dead_units as f32 / units as f32
    } else {
        0.0
    };
    let saturated = match spec.activation.max_derivative() {
        Some(max) => {
            let u = ws.pre_activations(l, units, spec.batch_norm);
            let threshold = SATURATION_THRESHOLD * max;
            // One loop per activation, each a branch-free count that runs four lanes
            // at a time (the derivative's `match` stays outside the loop).
            let count = match spec.activation {
                Activation::Sigmoid => count_below(u, a, threshold, |u, a| {
                    Activation::Sigmoid.derivative(u, a, leak)
                }),
                Activation::Tanh => count_below(u, a, threshold, |u, a| {
                    Activation::Tanh.derivative(u, a, leak)
                }),
                other => count_below(u, a, threshold, |u, a| other.derivative(u, a, leak)),
            };
            count as f32 / (rows * units) as f32
        }
        None => 0.0,
    };
    (dead, saturated)
}

/// How many pairs (u[i], a[i]) have a derivative below `threshold`.
#[inline(always)]
fn count_below(
    u: &[f32],
    a: &[f32],
    threshold: f32,
    derivative: impl Fn(f32, f32) -> f32,
) -> usize {
    u.iter()
        .zip(a)
        .map(|(&u, &a)| usize::from(derivative(u, a) < threshold))
        .sum()
}

/// Histograms of the probe's activations and weight gradients, from the probe workspace.
pub fn distributions(epoch: usize, net: &Network, ws: &Workspace) -> Distributions {
    let specs = net.layers();
    let hidden = &specs[..specs.len() - 1];
    let acts: Vec<&[f32]> = hidden
        .iter()
        .enumerate()
        .map(|(l, s)| ws.activations(l, s.outputs))
        .collect();
    let (lo, hi) = extremes(&acts);
    // A degenerate range (no hidden layer, or every activation equal) gets a unit-wide window.
    let (lo, hi) = match (lo.is_finite() && hi.is_finite(), hi - lo >= 1e-6) {
        (true, true) => (lo, hi),
        (true, false) => (lo - 0.5, lo + 0.5),
        (false, _) => (0.0, 1.0),
    };
    let activations = acts
        .iter()
        .map(|a| Histogram::new(a, lo, hi, HISTOGRAM_BINS))
        .collect();
    let grads: Vec<&[f32]> = net
        .slots()
        .iter()
        .map(|s| &ws.grads[s.weights.clone()])
        .collect();
    let max_abs = largest_magnitude(&grads);
    let half = if max_abs > 0.0 && max_abs.is_finite() {
        max_abs
    } else {
        1.0
    };
    let gradients = grads
        .iter()
        .map(|g| Histogram::new(g, -half, half, HISTOGRAM_BINS))
        .collect();
    Distributions {
        epoch,
        activations,
        gradients,
    }
}

/// The input-side to output-side gradient ratio in orders of magnitude:
/// `log10(grad_norm[0] / grad_norm[last])` (for example -6.6 when the first layer's
/// gradient is 4 million times smaller than the output layer's). None when either is 0
/// or there is a single layer.
pub fn orders_of_magnitude(grad_norm: &[f32]) -> Option<f32> {
    let (&first, &last) = (grad_norm.first()?, grad_norm.last()?);
    if grad_norm.len() < 2 || first <= 0.0 || last <= 0.0 {
        return None;
    }
    Some((f64::from(first).log10() - f64::from(last).log10()) as f32)
}

/// How much one hidden layer multiplies the backward signal on its way down, split by
/// stage (docs/definitions.md, "Backward gains"): `activation` = ||dL/du|| / ||dL/dh_out||
/// (the activation's slopes), `norm` = ||dL/dz|| / ||dL/du|| (batch normalization; 1
/// without it), `weights` = ||dL/dz W|| / ||dL/dz||, `skip` = ||dL/dh_in|| / ||dL/dz W||
/// (the residual path; 1 without it), and `total` = ||dL/dh_in|| / ||dL/dh_out||, the
/// product of the four. A stage the signal reaches as exactly 0 has gain 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct LayerGain {
    pub activation: f32,
    pub norm: f32,
    pub weights: f32,
    pub skip: f32,
    pub total: f32,
}

/// The gains of every hidden layer from the norms the probe's backward pass recorded.
pub fn gains(norms: &[crate::nn::BackwardNorms]) -> Vec<LayerGain> {
    let ratio = |a: f32, b: f32| {
        if b > 0.0 {
            (f64::from(a) / f64::from(b)) as f32
        } else {
            0.0
        }
    };
    norms
        .iter()
        .map(|n| LayerGain {
            activation: ratio(n.after_activation, n.output),
            norm: ratio(n.after_norm, n.after_activation),
            weights: ratio(n.through_weights, n.after_norm),
            skip: ratio(n.input, n.through_weights),
            total: ratio(n.input, n.output),
        })
        .collect()
}

/// Per-layer parameter measurements: weight norms, update ratios against `previous`
/// parameters (None at epoch 0), and tracked weights.
pub fn weight_measures(
    net: &Network,
    previous: Option<&[f32]>,
) -> (Vec<f32>, Vec<f32>, Vec<Vec<f32>>) {
    let mut weight_norm = Vec::new();
    let mut update_ratio = Vec::new();
    let mut tracked = Vec::new();
    for (spec, slot) in net.layers().iter().zip(net.slots()) {
        let w = &net.params[slot.weights.clone()];
        weight_norm.push(norm(w));
        update_ratio.push(match previous {
            Some(prev) => {
                let old = &prev[slot.weights.clone()];
                let old_norm = norm(old);
                let diff = w
                    .iter()
                    .zip(old)
                    .map(|(&a, &b)| ((a - b) as f64).powi(2))
                    .sum::<f64>()
                    .sqrt();
                if old_norm > 0.0 {
                    (diff / old_norm as f64) as f32
                } else {
                    0.0
                }
            }
            None => 0.0,
        });
        tracked.push(
            tracked_indices(spec.outputs, spec.inputs)
                .iter()
                .map(|&i| w[i])
                .collect(),
        );
    }
    (weight_norm, update_ratio, tracked)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Gains are ratios of consecutive stages; a stage reached by exactly 0 has gain 0
    /// (not NaN), and the stages multiply to the total.
    #[test]
    fn gains_from_norms() {
        use crate::nn::BackwardNorms;
        let g = gains(&[
            BackwardNorms {
                output: 2.0,
                after_activation: 0.5,
                after_norm: 1.0,
                through_weights: 3.0,
                input: 6.0,
            },
            BackwardNorms::default(),
        ]);
        assert_eq!(
            g[0],
            LayerGain {
                activation: 0.25,
                norm: 2.0,
                weights: 3.0,
                skip: 2.0,
                total: 3.0
            }
        );
        assert_eq!(g[1], LayerGain::default());
    }

    /// One non-finite number anywhere makes the epoch non-finite.
    #[test]
    fn is_finite_checks_every_number() {
        let ok = EpochMetrics {
            grad_norm: vec![1.0, 2.0],
            tracked_weights: vec![vec![0.5]],
            test_accuracy: Some(0.5),
            ..EpochMetrics::default()
        };
        assert!(ok.is_finite());
        let bad_scalar = EpochMetrics {
            train_loss: f32::NAN,
            ..ok.clone()
        };
        let bad_vector = EpochMetrics {
            grad_norm: vec![1.0, f32::INFINITY],
            ..ok.clone()
        };
        let bad_accuracy = EpochMetrics {
            test_accuracy: Some(f32::NAN),
            ..ok.clone()
        };
        let bad_tracked = EpochMetrics {
            tracked_weights: vec![vec![f32::NEG_INFINITY]],
            ..ok.clone()
        };
        for (what, m) in [
            ("scalar", bad_scalar),
            ("vector", bad_vector),
            ("accuracy", bad_accuracy),
            ("tracked", bad_tracked),
        ] {
            assert!(!m.is_finite(), "{what}");
        }
    }

    #[test]
    fn orders_of_magnitude_between_the_ends() {
        let o = orders_of_magnitude(&[4.3e-8, 1e-3, 1.72e-1]).expect("defined");
        assert!((o - (-6.602)).abs() < 1e-3, "{o}");
        assert!((orders_of_magnitude(&[10.0, 0.1]).expect("defined") - 2.0).abs() < 1e-6);
        assert_eq!(orders_of_magnitude(&[0.0, 1.0]), None);
        assert_eq!(orders_of_magnitude(&[1.0, 0.0]), None);
        assert_eq!(orders_of_magnitude(&[1.0]), None);
        assert_eq!(orders_of_magnitude(&[]), None);
    }
}
