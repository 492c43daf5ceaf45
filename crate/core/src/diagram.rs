//! What the Network panel draws of the newest recorded epoch, from the probe the run
//! already measures (docs/definitions.md, "The network diagram"). For every weight layer
//! whose two sides have at most `FULL_UNITS` units: each connection's weight, the
//! gradient of the probe batch's mean loss with respect to it, and its update since the
//! previous recorded epoch relative to the layer's weights. For every hidden layer of at
//! most `FULL_UNITS` units: each unit's mean activation slope on the probe batch, whether
//! it is dead and how often it is saturated. Wider layers are drawn from their per-layer
//! numbers (`EpochMetrics`) instead, so the snapshot stays small at any size.

use crate::metrics::SATURATION_THRESHOLD;
use crate::nn::{Network, Workspace};

/// Layers up to this many units on each side are drawn connection by connection.
pub const FULL_UNITS: usize = 16;

/// The diagram's numbers of one epoch, a `LayerSnapshot` per weight layer (input side first).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkSnapshot {
    pub epoch: usize,
    pub layers: Vec<LayerSnapshot>,
}

/// One weight layer's connections and its units (the layer's outputs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerSnapshot {
    pub inputs: usize,
    pub outputs: usize,
    /// `W[o][i]` row-major ([outputs, inputs], as the network stores it); empty when a
    /// side has more than `FULL_UNITS` units.
    pub weight: Vec<f32>,
    /// `dL/dW[o][i]` on the probe batch, the same layout (empty likewise).
    pub grad: Vec<f32>,
    /// `|W[o][i] - W_prev[o][i]| / rms(W_prev)`, the change since the previous recorded
    /// epoch over the root mean square of the layer's previous weights, so that the
    /// root mean square of a layer's values is its `update_ratio` (0 at epoch 0).
    pub update: Vec<f32>,
    /// Per unit of a hidden layer of at most `FULL_UNITS` units (empty otherwise, and
    /// for the output layer): the mean of its activation's derivative over the probe
    /// rows.
    pub slope: Vec<f32>,
    /// Per unit likewise: a rectifier unit that outputs 0 for every probe row (the
    /// layer's `dead_fraction` counts these).
    pub dead: Vec<bool>,
    /// Per unit likewise: the share of probe rows at which its derivative is below
    /// `SATURATION_THRESHOLD` times the activation's largest (sigmoid and tanh; the
    /// layer's `saturation` is the mean of these).
    pub saturated: Vec<f32>,
}

impl LayerSnapshot {
    /// True when the snapshot holds every connection of the layer.
    pub fn has_connections(&self) -> bool {
        !self.weight.is_empty()
    }

    /// True when a side has more than `FULL_UNITS` units: the panel draws the layer as
    /// a band, and its connections only on request.
    pub fn is_wide(&self) -> bool {
        self.inputs > FULL_UNITS || self.outputs > FULL_UNITS
    }
}

/// True when layer `l` of `net` is drawn connection by connection.
fn is_narrow(spec: &crate::nn::LayerSpec) -> bool {
    spec.inputs <= FULL_UNITS && spec.outputs <= FULL_UNITS
}

/// Keep the weights of every layer of `net` in `kept` (its buffers reused): what
/// `snapshot` needs of the previous recorded epoch, for any layer the panel may show
/// connection by connection (one more copy of the weights, no more).
pub fn keep_weights(net: &Network, kept: &mut Vec<Vec<f32>>) {
    kept.resize_with(net.slots().len(), Vec::new);
    for (slot, copy) in net.slots().iter().zip(kept.iter_mut()) {
        copy.clear();
        copy.extend_from_slice(&net.params[slot.weights.clone()]);
    }
}

/// The diagram's numbers for `net` with the probe in `ws` (its forward and backward at
/// `net`'s parameters); `previous` holds `keep_weights` of the previous recorded epoch
/// (None at epoch 0). Layer `detail`, wide or not, carries its connections too (the
/// panel shows a wide layer's on request).
pub fn snapshot(
    epoch: usize,
    net: &Network,
    ws: &Workspace,
    previous: Option<&[Vec<f32>]>,
    detail: Option<usize>,
) -> NetworkSnapshot {
    let specs = net.layers();
    let layers = specs
        .iter()
        .zip(net.slots())
        .enumerate()
        .map(|(l, (spec, slot))| {
            let mut layer = LayerSnapshot {
                inputs: spec.inputs,
                outputs: spec.outputs,
                ..LayerSnapshot::default()
            };
            if is_narrow(spec) || detail == Some(l) {
                let w = &net.params[slot.weights.clone()];
                layer.weight = w.to_vec();
                layer.grad = ws.grads[slot.weights.clone()].to_vec();
                layer.update = match previous.and_then(|p| p.get(l)) {
                    Some(old) if old.len() == w.len() => relative_updates(w, old),
                    _ => vec![0.0; w.len()],
                };
            }
            let hidden = l + 1 < specs.len();
            if hidden && spec.outputs <= FULL_UNITS {
                unit_states(&mut layer, spec, l, ws, net.leak);
            }
            layer
        })
        .collect();
    NetworkSnapshot { epoch, layers }
}

/// `|w - old| / rms(old)` for each weight (0 everywhere when `old` is all zeros).
fn relative_updates(w: &[f32], old: &[f32]) -> Vec<f32> {
    let n = old.len().max(1) as f64;
    let rms = (old.iter().map(|&v| f64::from(v).powi(2)).sum::<f64>() / n).sqrt();
    w.iter()
        .zip(old)
        .map(|(&a, &b)| {
            if rms > 0.0 {
                ((f64::from(a) - f64::from(b)).abs() / rms) as f32
            } else {
                0.0
            }
        })
        .collect()
}

/// Each unit's mean slope, dead flag and saturated share over the probe rows in `ws`.
fn unit_states(
    layer: &mut LayerSnapshot,
    spec: &crate::nn::LayerSpec,
    l: usize,
    ws: &Workspace,
    leak: f32,
) {
    let units = spec.outputs;
    let a = ws.activations(l, units);
    let u = ws.pre_activations(l, units, spec.batch_norm);
    let rows = ws.rows.max(1);
    let threshold = spec
        .activation
        .max_derivative()
        .map(|max| SATURATION_THRESHOLD * max);
    let mut slope = vec![0.0_f64; units];
    let mut alive = vec![false; units];
    let mut saturated = vec![0_usize; units];
    for (u_row, a_row) in u.chunks_exact(units).zip(a.chunks_exact(units)) {
        for k in 0..units {
            let d = spec.activation.derivative(u_row[k], a_row[k], leak);
            slope[k] += f64::from(d);
            alive[k] |= a_row[k] != 0.0;
            if threshold.is_some_and(|t| d < t) {
                saturated[k] += 1;
            }
        }
    }
    layer.slope = slope.iter().map(|s| (s / rows as f64) as f32).collect();
    let can_die = spec.activation.can_die();
    layer.dead = alive.iter().map(|&alive| can_die && !alive).collect();
    layer.saturated = saturated.iter().map(|&c| c as f32 / rows as f32).collect();
}
