//! Vanishing Gradient Playground: a small, exact neural-network core that shows
//! how gradients shrink (or not) on their way back through a deep network.
//!
//! Layers, and which way they depend (see ARCHITECTURE.md):
//! `config`, `data`, `nn`, `optim`, `train`, `metrics`, `history`, `sweep` form the
//! core (plain Rust, no web, no plotting); `charts` draws the core's history onto any
//! plotters backend; the page is the `vgp-web` crate (`web/`).

pub mod charts;
pub mod config;
pub mod data;
pub mod diagnosis;
pub mod history;
pub mod metrics;
pub mod nn;
pub mod numtext;
pub mod optim;
pub mod presets;
pub mod random;
pub mod readout;
pub mod remote;
pub mod runfile;
pub mod sorting;
pub mod sweep;
pub mod train;

/// The one random generator type: every run owns exactly one, seeded from `Config::seed`.
pub type RunRng = rand_chacha::ChaCha8Rng;
