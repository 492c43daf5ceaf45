//! One point measured on its own: a run's epoch-0 probe of the configuration at one
//! depth and seed (the reference `SweepPlan`'s shortcut is checked against).

use super::stats::{hidden_ends, ratio};
use crate::config::Config;
use crate::nn::Workspace;
use crate::train::{probe, Start};

/// One measurement: `config` with `depth` hidden layers and `seed`, validated, at
/// initialization: a run's epoch-0 probe (`train::Start`, then `train::probe`). `ws` is
/// scratch space, reusable from one call to the next. (`SweepPlan` gets the same numbers
/// while sharing the forward pass between depths.)
pub fn measure(config: &Config, depth: usize, seed: u64, ws: &mut Workspace) -> Measurement {
    let mut start = Start::new(Config {
        depth,
        seed,
        ..config.clone()
    });
    let grad_norm = probe(&mut start.net, &start.data, ws);
    let (first, last) = hidden_ends(&grad_norm);
    Measurement::new(first, last, &start)
}

/// What `measure` found.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// `first / last` (see `first_to_last`).
    pub ratio: f64,
    /// `||dL/dW||` of the first and of the last hidden layer on the probe batch: a run's
    /// epoch-0 `grad_norm[0]` and `grad_norm[depth − 1]`.
    pub first: f32,
    pub last: f32,
    /// What validation changed at this depth (for example a width reduced to fit the
    /// parameter budget), as sentences.
    pub warnings: Vec<String>,
}

impl Measurement {
    pub(super) fn new(first: f32, last: f32, start: &Start) -> Measurement {
        Measurement {
            ratio: ratio(first, last),
            first,
            last,
            warnings: start.warnings.iter().map(|w| w.to_string()).collect(),
        }
    }
}
