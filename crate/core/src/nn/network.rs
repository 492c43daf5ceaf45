//! The network: parameters in one flat buffer, and the forward and backward pass.
//!
//! Shape: input -> `depth` hidden layers of `width` units -> a linear output layer.
//! Hidden layer l computes, for a batch `h` [rows, inputs]:
//! `z = h W^T + b`, optionally `u = batchnorm(z)` (else `u = z`), `a = f(u)`, and its
//! output is `a`, or `h + a` with a residual connection (every hidden layer but the
//! first, which changes the width). The output layer is `z = h W^T + b`: the logits.
//!
//! All parameters (W [outputs][inputs], b, and with batch norm gamma and beta, per layer
//! in order) live in `params`, so the optimizer and clipping see one vector and the
//! gradient buffer in `Workspace::grads` has the same layout.

use super::batchnorm::{self, NormMode, RunningStats};
use super::init::init_weights;
use super::linalg::{affine_forward, input_gradients, norm, transpose, weight_gradients};
use super::workspace::{BackwardNorms, Workspace};
use crate::config::{Activation, Config};
use crate::RunRng;
use std::ops::Range;

/// The shape and options of one weight layer.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct LayerSpec {
    pub inputs: usize,
    pub outputs: usize,
    /// `linear` for the output layer.
    pub activation: Activation,
    pub batch_norm: bool,
    pub residual: bool,
}

/// Where one layer's parameters sit in the flat parameter vector.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamSlots {
    pub weights: Range<usize>,
    pub bias: Range<usize>,
    /// Empty without batch norm.
    pub gamma: Range<usize>,
    /// Empty without batch norm.
    pub beta: Range<usize>,
}

/// A fully connected network with its parameters and batch-norm running statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    layers: Vec<LayerSpec>,
    slots: Vec<ParamSlots>,
    /// Every trainable parameter, laid out as `slots` says.
    pub params: Vec<f32>,
    /// Running statistics per layer (zero-length for layers without batch norm).
    pub running: Vec<RunningStats>,
    /// Negative slope of leaky_relu.
    pub leak: f32,
}

/// Values below this magnitude are subnormal in f32. The backward signal is flushed
/// to exactly 0 below it: such values are a fully vanished gradient for every
/// purpose here, and arithmetic on subnormals is many times slower on most CPUs.
const SMALLEST_NORMAL: f32 = f32::MIN_POSITIVE;

impl Network {
    /// Build the network of `config` for `inputs` features and `outputs` logits,
    /// drawing the initial weights from `rng` (layer by layer, W row-major).
    pub fn new(config: &Config, inputs: usize, outputs: usize, rng: &mut RunRng) -> Network {
        let mut layers = Vec::with_capacity(config.depth + 1);
        for l in 0..config.depth {
            layers.push(LayerSpec {
                inputs: if l == 0 { inputs } else { config.width },
                outputs: config.width,
                activation: config.act,
                batch_norm: config.bn,
                residual: config.res && l > 0,
            });
        }
        layers.push(LayerSpec {
            inputs: if config.depth == 0 {
                inputs
            } else {
                config.width
            },
            outputs,
            activation: Activation::Linear,
            batch_norm: false,
            residual: false,
        });
        let mut slots = Vec::with_capacity(layers.len());
        let mut next = 0;
        let mut take = |len: usize| {
            let range = next..next + len;
            next += len;
            range
        };
        for spec in &layers {
            let bn_units = if spec.batch_norm { spec.outputs } else { 0 };
            slots.push(ParamSlots {
                weights: take(spec.outputs * spec.inputs),
                bias: take(spec.outputs),
                gamma: take(bn_units),
                beta: take(bn_units),
            });
        }
        let mut params = vec![0.0; next];
        for (spec, slot) in layers.iter().zip(&slots) {
            init_weights(
                config.init,
                config.scale,
                spec.inputs,
                spec.outputs,
                &mut params[slot.weights.clone()],
                rng,
            );
            params[slot.gamma.clone()].fill(1.0);
        }
        let running = layers
            .iter()
            .map(|s| RunningStats::new(if s.batch_norm { s.outputs } else { 0 }))
            .collect();
        Network {
            layers,
            slots,
            params,
            running,
            leak: config.leak,
        }
    }

    /// The weight layers, input side first; the last is the output layer.
    pub fn layers(&self) -> &[LayerSpec] {
        &self.layers
    }

    /// Where each layer's parameters live in `params` (and in a gradient buffer).
    pub fn slots(&self) -> &[ParamSlots] {
        &self.slots
    }

    /// Number of input features.
    pub fn inputs(&self) -> usize {
        self.layers.first().map_or(0, |s| s.inputs)
    }

    /// Number of logits.
    pub fn outputs(&self) -> usize {
        self.layers.last().map_or(0, |s| s.outputs)
    }

    /// Copy parameters and running statistics from a network of the same shape,
    /// without allocating.
    pub fn copy_state_from(&mut self, other: &Network) {
        self.params.copy_from_slice(&other.params);
        for (mine, theirs) in self.running.iter_mut().zip(&other.running) {
            mine.mean.copy_from_slice(&theirs.mean);
            mine.var.copy_from_slice(&theirs.var);
        }
    }

    /// Layer l's weight matrix [outputs, inputs].
    pub fn weights(&self, l: usize) -> &[f32] {
        &self.params[self.slots[l].weights.clone()]
    }

    /// Forward pass of `x` [rows, inputs]; returns the logits [rows, outputs].
    /// Intermediate values stay in `ws` for `backward`. `NormMode::Train` updates
    /// the batch-norm running statistics; the other modes change nothing.
    pub fn forward<'w>(&mut self, x: &[f32], mode: NormMode, ws: &'w mut Workspace) -> &'w [f32] {
        let rows = x.len() / self.inputs().max(1);
        ws.prepare(self, rows);
        let last = self.layers.len() - 1;
        for (l, spec) in self.layers.iter().enumerate() {
            let (done, rest) = ws.layers.split_at_mut(l);
            let buffers = &mut rest[0];
            let input: &[f32] = match done.last() {
                None => x,
                Some(previous) => previous.output(rows * spec.inputs),
            };
            let n = rows * spec.outputs;
            let slot = &self.slots[l];
            let w_t = &mut buffers.weights_t;
            transpose(
                &self.params[slot.weights.clone()],
                spec.outputs,
                spec.inputs,
                w_t,
            );
            let z = &mut buffers.z[..n];
            affine_forward(input, w_t, &self.params[slot.bias.clone()], spec.inputs, z);
            if l == last {
                break;
            }
            let u: &[f32] = if spec.batch_norm {
                batchnorm::forward(
                    z,
                    spec.outputs,
                    &self.params[slot.gamma.clone()],
                    &self.params[slot.beta.clone()],
                    mode,
                    &mut self.running[l],
                    &mut buffers.xhat[..n],
                    &mut buffers.u[..n],
                    &mut buffers.inv_std[..spec.outputs],
                );
                &buffers.u[..n]
            } else {
                z
            };
            spec.activation
                .apply_slice(u, &mut buffers.a[..n], self.leak);
            if spec.residual {
                // h_next = h + a: the identity path the gradient can take unchanged.
                for ((h_next, &h), &a) in buffers.h_out[..n]
                    .iter_mut()
                    .zip(input)
                    .zip(&buffers.a[..n])
                {
                    *h_next = h + a;
                }
            }
        }
        &ws.layers[last].z[..rows * self.outputs()]
    }

    /// Backward pass after `forward(x, ..)`, from `ws.grad_logits` (dL/dlogits, [rows, outputs]).
    /// Fills `ws.grads` (same layout as `params`) and `ws.input_grad_norm[l]` = ||dL/dh_l||,
    /// the gradient reaching layer l's input (h_0 = x); with `ws.params_only` set, only
    /// `ws.grads` (training steps need nothing else).
    pub fn backward(&self, x: &[f32], ws: &mut Workspace) {
        let rows = ws.rows;
        let Workspace {
            layers,
            grads,
            input_grad_norm,
            grad_logits,
            grad_out,
            grad_in,
            grad_u,
            grad_z,
            measure_gains,
            params_only,
            backward_norms,
            only_weight_gradients_of,
            ..
        } = ws;
        // Gains need the input norms, so measuring them overrides `params_only`.
        let measure = *measure_gains;
        let only = *only_weight_gradients_of;
        let params_only = *params_only && !measure;
        backward_norms.clear();
        backward_norms.resize(
            self.layers.len().saturating_sub(1),
            BackwardNorms::default(),
        );
        let outputs = self.outputs();
        // grad_out holds dL/d(output of the current layer), starting at the logits.
        grad_out[..rows * outputs].copy_from_slice(&grad_logits[..rows * outputs]);
        // When measuring, the norm of layer l's input gradient dL/dh_l is taken at layer
        // l - 1, where that gradient is grad_out, beside the norm of dL/du.
        let mut pending_input_norm = None;
        for (l, spec) in self.layers.iter().enumerate().rev() {
            let n = rows * spec.outputs;
            let slot = &self.slots[l];
            let buffers = &layers[l];
            let input: &[f32] = if l == 0 {
                x
            } else {
                layers[l - 1].output(rows * spec.inputs)
            };
            let dz = &mut grad_z[..n];
            let hidden = l + 1 < self.layers.len();
            if !hidden {
                dz.copy_from_slice(&grad_out[..n]);
            } else {
                // dL/da = dL/dh_next (the residual sum passes it to a unchanged);
                // dL/du = dL/da * f'(u), written straight into dz without batch norm.
                let u = if spec.batch_norm {
                    &buffers.u[..n]
                } else {
                    &buffers.z[..n]
                };
                let du = if spec.batch_norm {
                    &mut grad_u[..n]
                } else {
                    &mut *dz
                };
                spec.activation
                    .backward_slice(u, &buffers.a[..n], &grad_out[..n], du, self.leak);
                if measure {
                    let (after_activation, next_input) = (norm(du), norm(&grad_out[..n]));
                    let norms = &mut backward_norms[l];
                    norms.after_activation = after_activation;
                    // This layer's output gradient is the next layer's input gradient.
                    norms.output = next_input;
                    if let Some(next) = pending_input_norm.take() {
                        self.record_input_norm(next, next_input, input_grad_norm, backward_norms);
                    }
                }
                if spec.batch_norm {
                    let (dgamma_and_rest, dbeta) = grads.split_at_mut(slot.beta.start);
                    batchnorm::backward(
                        &grad_u[..n],
                        &buffers.xhat[..n],
                        &self.params[slot.gamma.clone()],
                        &buffers.inv_std[..spec.outputs],
                        spec.outputs,
                        &mut dgamma_and_rest[slot.gamma.clone()],
                        &mut dbeta[..spec.outputs],
                        dz,
                    );
                }
            }
            let flushed = flush_subnormals(dz);
            if measure && hidden {
                // Without batch norm dz was dL/du before the flush; flushing nothing (or
                // only -0) leaves every square, and so the norm, as it was.
                let norms = &mut backward_norms[l];
                norms.after_norm = if !spec.batch_norm && !flushed {
                    norms.after_activation
                } else {
                    norm(dz)
                };
            }
            // dL/dW = dz^T h, dL/db = column sums of dz.
            if only.is_none_or(|wanted| wanted.contains(&l)) {
                let (dw_and_before, db_and_after) = grads.split_at_mut(slot.bias.start);
                weight_gradients(
                    dz,
                    input,
                    spec.inputs,
                    &mut dw_and_before[slot.weights.clone()],
                    &mut db_and_after[..spec.outputs],
                );
            }
            if l == 0 && params_only {
                // Nothing below the first layer needs dL/dx.
                break;
            }
            // dL/dh = dz W, plus dL/dh_next itself through the skip connection.
            let dh = &mut grad_in[..rows * spec.inputs];
            input_gradients(dz, &self.params[slot.weights.clone()], spec.inputs, dh);
            if spec.residual {
                if measure {
                    backward_norms[l].through_weights = norm(dh);
                }
                for (g, &skip) in dh.iter_mut().zip(&grad_out[..n]) {
                    *g += skip;
                }
            }
            if measure && l > 0 {
                pending_input_norm = Some(l);
            } else if measure {
                self.record_input_norm(l, norm(dh), input_grad_norm, backward_norms);
            } else if !params_only {
                input_grad_norm[l] = norm(dh);
            }
            std::mem::swap(grad_out, grad_in);
        }
    }
    /// While measuring: ||dL/dh_l||, the norm of layer l's input gradient, and for a
    /// hidden layer the same as its `BackwardNorms::input` and, without a skip path (where
    /// dL/dh_l is dL/dz W itself), as `through_weights`.
    fn record_input_norm(
        &self,
        l: usize,
        value: f32,
        input_grad_norm: &mut [f32],
        backward_norms: &mut [BackwardNorms],
    ) {
        input_grad_norm[l] = value;
        if let Some(norms) = backward_norms.get_mut(l) {
            norms.input = value;
            if !self.layers[l].residual {
                norms.through_weights = value;
            }
        }
    }
}

/// Set the values of `v` whose magnitude is below the normal range (subnormals, and
/// -0) to 0; true when a value other than a zero was changed.
fn flush_subnormals(v: &mut [f32]) -> bool {
    // Branch-free (every value is stored, changed or not) so the loop runs four lanes
    // at a time; a conditional store would keep it one value at a time.
    let mut flushed = false;
    for g in v.iter_mut() {
        let small = g.abs() < SMALLEST_NORMAL;
        flushed |= small & (*g != 0.0);
        *g = if small { 0.0 } else { *g };
    }
    flushed
}
