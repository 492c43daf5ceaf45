//! Vanishing Gradient Playground: a small, exact neural-network core that shows
//! how gradients shrink (or not) on their way back through a deep network.
//!
//! Layers, and which way they depend (see ARCHITECTURE.md):
//! `config`, `data`, `nn`, `optim`, `train`, `metrics`, `history`, `sweep` form the
//! core (plain Rust, no web, no plotting); `charts` draws the core's history onto any
//! plotters backend; the page is the `vgp-web` crate (`crate/web/`).
//!
//! The numerics (`config`'s types and query, `data`, `nn`, `optim`, `train`, `metrics`,
//! `history`, `random`, `sorting`) are the `vgp-core` crate (`crate/core/`), built for speed,
//! and re-exported here; this crate is built for size (ARCHITECTURE.md).

pub mod charts;
pub mod config;
pub mod describe;
pub mod diagnosis;
pub mod presets;
pub mod readout;
pub mod remote;
pub mod runfile;
pub mod sweep;

pub use vgp_core::{
    data, diagram, history, metrics, nn, numtext, optim, random, sorting, train, RunRng,
};
