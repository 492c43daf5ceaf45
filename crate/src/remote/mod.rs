//! A run behind a message boundary. The page's charts read a [`RunMirror`]; a
//! [`RunHost`] owns the run itself (in a Web Worker, or on the page when no worker can
//! start) and answers every [`Request`] with one [`Update`]: the epochs measured since
//! the last update and the newest state. Charts therefore never know where the run
//! lives, and the mirror's history is exactly the run's (tests/remote.rs). A page holds
//! several runs (a comparison's A and B) in [`RunHosts`], which addresses a request to
//! one run or trains them all in lockstep ([`Message`]).

mod host;
mod hosts;
mod mirror;
mod sweep;
pub mod wire;
mod wire_types;

pub use host::RunHost;
pub use hosts::{Message, RunHosts, MAX_SLOTS};
pub use mirror::RunMirror;
pub use sweep::{sweep_updates, SweepReport, SWEEP_DEPTHS, SWEEP_SEEDS};

use crate::config::Config;
use crate::diagram::NetworkSnapshot;
use crate::metrics::{Distributions, EpochMetrics, LayerGain};
use crate::train::Divergence;

/// Grid cells per side of the prediction surface the decision-boundary chart draws.
pub const SURFACE_RESOLUTION: usize = 48;

/// What the page asks of the run's host.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Replace the run by a new one of `config` (validated by the host as `Run::new` does).
    New { run_id: u32, config: Config },
    /// Change what can change without a reset: optimizer, learning rate, momentum,
    /// clipping (validated) and the epoch limit.
    Live { config: Config },
    /// Train minibatch by minibatch for about `budget_ms`, stopping early at `max_epochs`
    /// new epochs or once epoch `until_epoch` is measured.
    Advance {
        budget_ms: f64,
        max_epochs: Option<usize>,
        until_epoch: Option<usize>,
    },
    /// Train exactly one epoch (or the rest of the one in progress) and measure it.
    StepEpoch,
    /// Nothing to train: just bring the page up to date (the newest prediction surface).
    Sync,
    /// The run as a `vgp-run/1` document; the answer carries `ticket` back.
    RunFile { ticket: u32 },
    /// The depth sweep of `config` with the remedies (`sweep_updates`); answered with
    /// progress reports and then the sweep, each carrying `ticket` back.
    Sweep { ticket: u32, config: Config },
    /// From now on the Network panel's numbers carry every connection of weight layer
    /// `layer` too, wide or not (None: only the narrow layers'); answered with them.
    Detail { layer: Option<usize> },
}

/// The host's answer to one request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// The run this describes (updates of a replaced run are ignored).
    pub run_id: u32,
    /// Newly measured epochs, oldest first: every one the run's history keeps, and the newest.
    pub epochs: Vec<EpochMetrics>,
    /// Epochs trained (a partly trained epoch is not counted) and measured.
    pub epoch: usize,
    pub measured_epoch: usize,
    pub finished: bool,
    pub diverged: Option<Divergence>,
    /// Epochs this request trained, and the time it spent (for the speed read-out).
    pub trained: usize,
    pub busy_ms: f64,
    /// Number of parameters of the network.
    pub params: usize,
    /// The newest distributions and backward gains, when a new epoch was measured.
    pub distributions: Option<Distributions>,
    pub gains: Option<Vec<LayerGain>>,
    /// The Network panel's numbers of the newest recorded epoch, when they changed (paced
    /// like the surface while training; always in the last update before a pause).
    pub network: Option<NetworkSnapshot>,
    /// The network's predictions over the surface grid and the epoch they belong to,
    /// when they changed (sent at most as often as they are cheap to compute).
    pub surface: Option<(usize, Vec<f32>)>,
    /// A requested `vgp-run/1` document (or why it could not be written).
    pub run_file: Option<(u32, Result<String, String>)>,
    /// The host's WebAssembly memory in bytes (0 natively; filled in by the worker).
    pub memory_bytes: usize,
    /// Progress or the result of a depth sweep.
    pub sweep: Option<SweepReport>,
}
