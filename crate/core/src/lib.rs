//! The numerics of the Vanishing Gradient Playground: a run's configuration (with its
//! share-link query), its data, the network, the optimizers, training and what is
//! measured each epoch. Plain Rust, no web, no plotting; the `vgp` crate builds the
//! charts, the page's protocol, the sweep and the command on it and re-exports every
//! module, so `vgp::nn` is `vgp_core::nn`. A crate of its own so that it is built for
//! speed while the code around it is built for size (ARCHITECTURE.md).

pub mod config;
pub mod data;
pub mod diagram;
pub mod history;
pub mod metrics;
pub mod nn;
pub mod optim;
pub mod random;
pub mod sorting;
pub mod train;

pub use vgp_numtext as numtext;

/// The one random generator type: every run owns exactly one, seeded from `Config::seed`.
pub type RunRng = rand_chacha::ChaCha8Rng;
