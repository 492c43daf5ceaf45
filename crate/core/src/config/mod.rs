//! The one configuration of a run: every knob a user can turn, with defaults.
//!
//! `Config` is plain validated data. Its canonical text form is the share-link
//! query (see `query.rs` and docs/share-links.md); the page, the `vgp` command,
//! the JavaScript API and the tests all speak that one form. Whole links (page keys,
//! a comparison's B) are `vgp::config`'s, which re-exports this module.

pub mod query;
mod validate;

pub use query::ConfigWarning;

use serde::{Deserialize, Serialize};

/// Which dataset a run trains on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// 2-D, two classes: a disc inside a ring.
    Circle,
    /// 2-D, two classes: the four quadrants, opposite ones sharing a class.
    Xor,
    /// 2-D, two classes: two Gaussian blobs.
    Gauss,
    /// 2-D, two classes: two interleaved spiral arms.
    Spiral,
    /// 2-D, two classes: two interleaved half moons.
    Moons,
    /// 1-D regression: a noisy sine wave.
    Sine,
    /// 64-D, ten classes: the 8x8 handwritten digits (1,797 samples).
    Digits,
}

/// The hidden layers' activation function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Sigmoid,
    Tanh,
    Relu,
    LeakyRelu,
    Elu,
    Selu,
    Linear,
}

/// How weights are drawn at the start of a run (biases always start at 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    Zeros,
    Normal,
    Uniform,
    GlorotUniform,
    GlorotNormal,
    HeUniform,
    HeNormal,
    LecunNormal,
}

/// The parameter update rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    Sgd,
    Momentum,
    Adam,
}

impl DatasetKind {
    /// Every dataset, in the order the page lists them.
    pub const ALL: [DatasetKind; 7] = {
        use DatasetKind::*;
        [Circle, Xor, Gauss, Spiral, Moons, Sine, Digits]
    };
}

impl Activation {
    /// Every activation.
    pub const ALL: [Activation; 7] = {
        use Activation::*;
        [Sigmoid, Tanh, Relu, LeakyRelu, Elu, Selu, Linear]
    };
}

impl Init {
    /// Every initialization.
    pub const ALL: [Init; 8] = {
        use Init::*;
        [
            Zeros,
            Normal,
            Uniform,
            GlorotUniform,
            GlorotNormal,
            HeUniform,
            HeNormal,
            LecunNormal,
        ]
    };
}

impl OptimizerKind {
    /// Every optimizer.
    pub const ALL: [OptimizerKind; 3] = [
        OptimizerKind::Sgd,
        OptimizerKind::Momentum,
        OptimizerKind::Adam,
    ];
}

/// Everything that defines a run. Field names are the share-link keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Dataset.
    pub data: DatasetKind,
    /// Number of samples generated (train + test); ignored by `digits`, which has 1,797.
    pub n: usize,
    /// Noise level of the synthetic datasets (standard deviation, in data units).
    pub noise: f32,
    /// Fraction of the samples held out as the test set.
    pub test: f32,
    /// Number of hidden layers.
    pub depth: usize,
    /// Units per hidden layer.
    pub width: usize,
    /// Hidden-layer activation.
    pub act: Activation,
    /// Negative slope of `leaky_relu`.
    pub leak: f32,
    /// Weight initialization.
    pub init: Init,
    /// Scale of the `normal` (standard deviation) and `uniform` (half-width) initializations.
    pub scale: f32,
    /// Batch normalization after every hidden layer's affine map.
    pub bn: bool,
    /// Residual (skip) connections around every hidden layer but the first.
    pub res: bool,
    /// Optimizer.
    pub opt: OptimizerKind,
    /// Learning rate.
    pub lr: f32,
    /// Momentum coefficient of the `momentum` optimizer.
    pub mom: f32,
    /// Minibatch size; at least the training-set size means full batch.
    pub batch: usize,
    /// Global gradient-norm clipping threshold; 0 turns clipping off.
    pub clip: f32,
    /// Epoch limit; 0 means no limit.
    pub epochs: usize,
    /// Seed of the run's one random stream (data, initialization, shuffles).
    pub seed: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            data: DatasetKind::Spiral,
            n: 400,
            noise: 0.1,
            test: 0.2,
            depth: 10,
            width: 16,
            act: Activation::Sigmoid,
            leak: 0.01,
            init: Init::GlorotUniform,
            scale: 1.0,
            bn: false,
            res: false,
            opt: OptimizerKind::Sgd,
            lr: 0.1,
            mom: 0.9,
            batch: 32,
            clip: 0.0,
            epochs: 0,
            seed: 1,
        }
    }
}

/// The limits every config is held to (see section "Limits" of docs/share-links.md).
pub mod limits {
    pub const DEPTH: (usize, usize) = (1, 100);
    pub const WIDTH: (usize, usize) = (1, 256);
    pub const SAMPLES: (usize, usize) = (10, 5_000);
    pub const MAX_PARAMETERS: usize = 2_000_000;
    /// Most hidden activations one minibatch may hold (batch x width x depth), which
    /// bounds a training step's memory; larger batches are reduced to fit.
    pub const MAX_BATCH_ACTIVATIONS: usize = 1 << 22;
}
