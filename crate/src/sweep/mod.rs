//! The depth sweep ("the law of vanishing"): how the gradient ratio between the first
//! and the last hidden layer at initialization scales with depth, for one configuration
//! and for the remedies, measured exactly as a run measures its epoch 0.
//!
//! Why depth is the knob: on its way down, the backward signal is multiplied by every
//! hidden layer's Jacobian, `dL/dh_in = (dL/dh_out ⊙ f'(u)) W` (plus `dL/dh_out` itself
//! through a skip connection). The first hidden layer's gradient is the last one's times
//! the product of `depth − 1` such factors, so `log(ratio) ≈ (depth − 1) · log(g)` for a
//! typical gain `g` per layer: a straight line on a log axis, falling for `g < 1`. A
//! sigmoid's slope is at most 1/4, so unless the weights make up a factor of 4 every
//! layer costs at least 0.6 decades; with Glorot weights at width 32 the line falls by
//! about two thirds of a decade per layer. ReLU with He weights keeps `g ≈ 1`; batch
//! normalization rescales every layer's signal; a skip connection adds 1 to every
//! factor. Their lines stay flat.
//!
//! Every point is a run's own epoch-0 measurement (`train::Start` then `train::probe`,
//! the code `Run::new` runs) of the configuration with only `depth` changed, repeated
//! for the seeds `s, s+1, …, s+k−1` (`s` the configuration's seed) and summarized by
//! median, minimum and maximum. Three things a run also does at epoch 0 are left out,
//! none of which touches the two gradient norms: the full-split losses, the weight
//! gradients of the layers between the first and the last hidden one
//! (`Workspace::only_weight_gradients_of`), and a forward pass per depth: the weights
//! are drawn layer by layer, so a seed's shallower networks share the hidden layers of
//! its deepest one, whose forward pass is computed once (`SweepPlan`).
//! `crate/tests/sweep.rs` checks that every point equals a real run's, bit for bit.
//!
//! Pure: no clock, no threads, no I/O. `SweepPlan` measures one (series, seed, depth)
//! point per `step`, so a caller (the page, in a Web Worker) can interleave the work
//! with other tasks and report progress; `sweep` and `sweep_with_remedies` run a plan to
//! the end. Formats and definitions: docs/run-format.md ("The `vgp-sweep/1` depth
//! sweep").
//!
//! The module's files: `stats.rs` the ratio of one measurement and the spread over
//! seeds, `measure.rs` one point measured on its own, `series.rs` the series and the
//! whole sweep, `plan.rs` the sweep measured step by step, `shared.rs` the shallower
//! networks' measurement on a deeper network's forward pass, `file.rs` the JSON.

mod file;
mod measure;
mod plan;
mod series;
mod shared;
mod stats;

pub use measure::{measure, Measurement};
pub use plan::{sweep, sweep_with_remedies, SweepPlan};
pub use series::{Sweep, SweepSeries};
pub use stats::{first_to_last, seeds_from, spread, Spread};

use crate::config::limits;

/// The format name written into every sweep file.
pub const FORMAT: &str = "vgp-sweep/1";
/// Most seeds per point.
pub const MAX_SEEDS: usize = 100;
/// Id of the series of the configuration as given.
pub const CURRENT: &str = "current";
/// The remedies `--remedies` adds, as `presets::apply_remedy` ids, with their labels.
pub const REMEDIES: [(&str, &str); 3] = [
    ("relu-he", "with ReLU + He init"),
    ("batch-norm", "with batch norm"),
    ("residual", "with residual connections"),
];
const CURRENT_LABEL: &str = "current settings";

/// Why a sweep cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SweepError {
    /// No depth to measure.
    NoDepths,
    /// A depth outside the limits of `config::limits::DEPTH`.
    Depth(usize),
    /// A seed count outside `1..=MAX_SEEDS`.
    Seeds(usize),
    /// An id `presets::apply_remedy` does not know.
    Remedy(String),
    /// The configuration's data is `digits`, whose file this page has not loaded.
    NoDigits,
}

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lo, hi) = limits::DEPTH;
        match self {
            SweepError::NoDepths => write!(f, "no depth to measure"),
            SweepError::Depth(d) => write!(f, "depth {d} is outside {lo}..{hi}"),
            SweepError::Seeds(n) => write!(f, "{n} seeds is outside 1..{MAX_SEEDS}"),
            SweepError::Remedy(id) => write!(f, "\"{id}\" is not a remedy"),
            SweepError::NoDigits => write!(f, "{NO_DIGITS}"),
        }
    }
}

impl std::error::Error for SweepError {}

/// Why a run or sweep of `digits` cannot start where the set is not available yet.
pub const NO_DIGITS: &str = "the digits dataset is not loaded here yet";
