//! Scratch buffers for one forward and backward pass, allocated once and reused,
//! so a training step allocates nothing.

use super::loss::{loss_gradient, mean_loss};
use super::network::Network;
use crate::data::Task;

/// What one layer keeps from the forward pass, each [rows, outputs] unless noted.
#[derive(Clone, Debug, Default)]
pub struct LayerBuffers {
    /// Affine output `h W^T + b` (the logits, for the output layer).
    pub z: Vec<f32>,
    /// Normalized `z` (batch norm only).
    pub xhat: Vec<f32>,
    /// Activation input `gamma * xhat + beta` (batch norm only; otherwise `z` is used).
    pub u: Vec<f32>,
    /// Activation output `f(u)`.
    pub a: Vec<f32>,
    /// `h + a` (residual layers only).
    pub h_out: Vec<f32>,
    /// 1 / sqrt(var + eps) per unit [outputs] (batch norm only).
    pub inv_std: Vec<f32>,
    /// The layer's weights transposed, [inputs, outputs], for the forward product.
    pub weights_t: Vec<f32>,
    residual: bool,
}

impl LayerBuffers {
    /// The layer's output, the next layer's input: the first `n` values of `h + a` or `a`.
    pub fn output(&self, n: usize) -> &[f32] {
        if self.residual {
            &self.h_out[..n]
        } else {
            &self.a[..n]
        }
    }
}

/// Buffers for passes of up to `capacity` rows through one network shape.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// Rows of the latest forward pass.
    pub rows: usize,
    capacity: usize,
    pub layers: Vec<LayerBuffers>,
    /// dL/dparams of the latest backward pass, laid out like `Network::params`.
    pub grads: Vec<f32>,
    /// ||dL/dh_l||: the norm of the gradient reaching each layer's input.
    pub input_grad_norm: Vec<f32>,
    /// dL/dlogits [rows, outputs]: the caller writes it before `backward`.
    pub grad_logits: Vec<f32>,
    pub(super) grad_out: Vec<f32>,
    pub(super) grad_in: Vec<f32>,
    pub(super) grad_u: Vec<f32>,
    pub(super) grad_z: Vec<f32>,
    /// When set, `backward` records each hidden layer's `BackwardNorms` (the probe does;
    /// training steps do not pay for it).
    pub measure_gains: bool,
    /// When set (and `measure_gains` is not), `backward` computes dL/dparams only: no
    /// input-gradient norms and no gradient for the network's input (training steps).
    pub params_only: bool,
    /// Per hidden layer, the norms of the backward signal at each stage (see `BackwardNorms`).
    pub backward_norms: Vec<BackwardNorms>,
    /// When set, `backward` computes the weight and bias gradients of these layers only
    /// and leaves the other layers' entries of `grads` as they were (the depth sweep
    /// needs the first and the last hidden layer's). Every other output is unchanged.
    pub only_weight_gradients_of: Option<[usize; 2]>,
}

/// Norms of the gradient as it passes down through one hidden layer, over the batch:
/// `dL/dh_out` (the layer's output), `dL/du` (after the activation's slope), `dL/dz`
/// (after batch normalization; equal to `dL/du` without it), `dL/dz W` (through the
/// weights) and `dL/dh_in` (the layer's input: through the weights plus the skip path).
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct BackwardNorms {
    pub output: f32,
    pub after_activation: f32,
    pub after_norm: f32,
    pub through_weights: f32,
    pub input: f32,
}

impl Workspace {
    /// An empty workspace; it sizes itself on first use.
    pub fn new() -> Self {
        Self::default()
    }

    /// Make room for `rows` rows of `net`; allocates only when the shape changes or grows.
    pub fn prepare(&mut self, net: &Network, rows: usize) {
        self.rows = rows;
        let specs = net.layers();
        let fits =
            self.capacity >= rows
                && self.layers.len() == specs.len()
                && self.grads.len() == net.params.len()
                && self.layers.iter().zip(specs).all(|(b, s)| {
                    b.residual == s.residual && b.z.len() == self.capacity * s.outputs
                });
        if fits {
            return;
        }
        let capacity = rows.max(self.capacity);
        self.capacity = capacity;
        self.layers = specs
            .iter()
            .map(|s| {
                let n = capacity * s.outputs;
                let bn = if s.batch_norm { n } else { 0 };
                LayerBuffers {
                    z: vec![0.0; n],
                    xhat: vec![0.0; bn],
                    u: vec![0.0; bn],
                    a: vec![0.0; n],
                    h_out: vec![0.0; if s.residual { n } else { 0 }],
                    inv_std: vec![0.0; if s.batch_norm { s.outputs } else { 0 }],
                    weights_t: vec![0.0; s.inputs * s.outputs],
                    residual: s.residual,
                }
            })
            .collect();
        let widest = specs
            .iter()
            .map(|s| s.inputs.max(s.outputs))
            .max()
            .unwrap_or(0);
        self.grads = vec![0.0; net.params.len()];
        self.input_grad_norm = vec![0.0; specs.len()];
        self.grad_logits = vec![0.0; capacity * net.outputs()];
        self.grad_out = vec![0.0; capacity * widest];
        self.grad_in = vec![0.0; capacity * widest];
        self.grad_u = vec![0.0; capacity * widest];
        self.grad_z = vec![0.0; capacity * widest];
    }

    /// Mean loss of the latest forward pass against `targets`, writing dL/dlogits into
    /// `grad_logits` ready for `Network::backward`.
    pub fn loss_and_gradient(&mut self, task: Task, targets: &[f32], outputs: usize) -> f32 {
        self.logits_and_gradient(outputs)
            .map_or(0.0, |(z, g)| mean_loss(task, z, targets, outputs, Some(g)))
    }

    /// `loss_and_gradient` for callers that need the gradient and only whether the
    /// loss is finite (`loss::loss_gradient`): `Err` holds a loss that is not.
    pub fn loss_gradient(
        &mut self,
        task: Task,
        targets: &[f32],
        outputs: usize,
    ) -> Result<(), f32> {
        self.logits_and_gradient(outputs)
            .map_or(Ok(()), |(z, g)| loss_gradient(task, z, targets, outputs, g))
    }

    /// The latest logits [rows, outputs] and the buffer for dL/dlogits beside them
    /// (None before any forward pass).
    fn logits_and_gradient(&mut self, outputs: usize) -> Option<(&[f32], &mut [f32])> {
        let n = self.rows * outputs;
        let last = self.layers.last()?;
        Some((&last.z[..n], &mut self.grad_logits[..n]))
    }

    /// The logits of the latest forward pass, [rows, outputs] (None before any).
    pub fn logits(&self, outputs: usize) -> Option<&[f32]> {
        self.layers
            .last()
            .map(|last| &last.z[..self.rows * outputs])
    }

    /// Layer l's activation output `f(u)` for the latest rows (hidden layers only).
    pub fn activations(&self, l: usize, units: usize) -> &[f32] {
        &self.layers[l].a[..self.rows * units]
    }

    /// Layer l's activation input `u` for the latest rows.
    pub fn pre_activations(&self, l: usize, units: usize, batch_norm: bool) -> &[f32] {
        let b = &self.layers[l];
        if batch_norm {
            &b.u[..self.rows * units]
        } else {
            &b.z[..self.rows * units]
        }
    }
}
