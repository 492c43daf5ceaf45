//! The page's copy of a run it does not own: what the charts, the read-out, the
//! diagnosis and the exports read, kept up to date from the host's [`Update`]s.

use super::{Update, SURFACE_RESOLUTION};
use crate::charts::boundary::{surface_grid, Surface};
use crate::config::{Config, ConfigWarning};
use crate::data::{self, Dataset};
use crate::diagram::NetworkSnapshot;
use crate::history::History;
use crate::metrics::{Distributions, LayerGain};
use crate::train::Divergence;
use crate::RunRng;
use rand::SeedableRng;

/// Everything the page shows about a run, as of the newest update.
pub struct RunMirror {
    run_id: u32,
    config: Config,
    warnings: Vec<ConfigWarning>,
    /// The run's data, generated here from the seed exactly as the run generates it.
    data: Dataset,
    history: History,
    distributions: Distributions,
    gains: Vec<LayerGain>,
    diverged: Option<Divergence>,
    epoch: usize,
    measured_epoch: usize,
    finished: bool,
    params: usize,
    /// The prediction surface and the epoch it belongs to.
    surface: Option<(usize, Surface)>,
    /// The Network panel's numbers of the newest epoch the host sent them for.
    network: Option<NetworkSnapshot>,
}

impl RunMirror {
    /// The mirror of a run of `config` that has not reported yet (validated as the run
    /// validates it; the data is generated from the same seed, first, as the run does).
    pub fn new(run_id: u32, config: Config) -> RunMirror {
        let (config, warnings) = config.validate();
        let mut rng = RunRng::seed_from_u64(config.seed);
        let data = data::generate(&config, &mut rng);
        RunMirror {
            run_id,
            config,
            warnings,
            data,
            history: History::default(),
            distributions: Distributions::default(),
            gains: Vec::new(),
            diverged: None,
            epoch: 0,
            measured_epoch: 0,
            finished: false,
            params: 0,
            surface: None,
            network: None,
        }
    }

    /// Take in an update from the host; false (and nothing changes) if it is about
    /// another run.
    pub fn apply(&mut self, update: Update) -> bool {
        if update.run_id != self.run_id {
            return false;
        }
        for m in update.epochs {
            self.history.push(m);
        }
        self.epoch = update.epoch;
        self.measured_epoch = update.measured_epoch;
        self.finished = update.finished;
        self.diverged = update.diverged;
        self.params = update.params;
        if let Some(d) = update.distributions {
            self.distributions = d;
        }
        if let Some(g) = update.gains {
            self.gains = g;
        }
        if let Some(n) = update.network {
            self.network = Some(n);
        }
        if let Some((epoch, values)) = update.surface {
            let (x_range, y_range, _) = surface_grid(&self.data, SURFACE_RESOLUTION);
            let surface = Surface {
                x_range,
                y_range,
                resolution: SURFACE_RESOLUTION,
                values,
            };
            self.surface = Some((epoch, surface));
        }
        true
    }

    pub fn run_id(&self) -> u32 {
        self.run_id
    }

    /// Apply the live settings locally too (the host applies them for real), so the
    /// link and the form agree at once.
    pub fn set_live(&mut self, config: &Config) {
        let live = Config {
            opt: config.opt,
            lr: config.lr,
            mom: config.mom,
            clip: config.clip,
            epochs: config.epochs,
            ..self.config.clone()
        };
        let epochs = live.epochs;
        let (mut live, _) = live.validate();
        live.epochs = epochs;
        self.config = live;
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn warnings(&self) -> &[ConfigWarning] {
        &self.warnings
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn distributions(&self) -> &Distributions {
        &self.distributions
    }

    pub fn gains(&self) -> &[LayerGain] {
        &self.gains
    }

    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// Epochs trained.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Newest epoch whose metrics are in the history.
    pub fn measured_epoch(&self) -> usize {
        self.measured_epoch
    }

    /// True when the run can train no further (diverged or at its epoch limit).
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// Number of parameters (0 until the host has reported).
    pub fn params(&self) -> usize {
        self.params
    }

    /// The Network panel's numbers (the epoch they belong to is theirs).
    pub fn network(&self) -> Option<&NetworkSnapshot> {
        self.network.as_ref()
    }

    /// The epoch of the newest prediction surface.
    pub fn surface_epoch(&self) -> Option<usize> {
        self.surface.as_ref().map(|(epoch, _)| *epoch)
    }

    /// The newest prediction surface (None for datasets without one, or before the first).
    pub fn surface(&self) -> Option<&Surface> {
        self.surface.as_ref().map(|(_, s)| s)
    }
}
