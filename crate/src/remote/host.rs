//! The side of the boundary that owns the run: it answers each [`Request`] with one
//! [`Update`]. It reads no clock itself; the caller passes one in (the Web Worker's
//! `performance.now()`, or the page's).

use super::{sweep_updates, Request, Update, SURFACE_RESOLUTION};
use crate::charts::boundary::{prediction_surface, surface_grid};
use crate::config::Config;
use crate::metrics::EpochMetrics;
use crate::runfile::to_json;
use crate::train::{Run, Step};

/// How many times its own cost must pass before the prediction surface (or the Network
/// panel's numbers) is computed again while training (so a large network spends at most
/// ~20% of its time on each).
const SURFACE_SPACING: f64 = 4.0;
/// Least time between two surfaces while training: 2,304 numbers for the page to take
/// in, and twenty pictures a second are plenty for a boundary that moves with training.
const SURFACE_MIN_INTERVAL_MS: f64 = 50.0;

/// A run and what its page has already been told about it.
pub struct RunHost {
    run_id: u32,
    run: Run,
    /// Inputs of the prediction surface's grid (empty for datasets without one).
    grid: Vec<f32>,
    /// Epochs measured since the last update, oldest first.
    pending: Vec<EpochMetrics>,
    /// When the last prediction surface was sent, and the Network panel's numbers
    /// (`Run::diagram`).
    surface: Paced,
    diagram: Paced,
    /// The layer whose every connection the Network panel's numbers carry.
    detail: Option<usize>,
}

/// When a piece of an update that costs time to compute was last sent: for which epoch,
/// when, and what it cost (it is computed again at most every `SURFACE_SPACING` times
/// its cost, and at least `SURFACE_MIN_INTERVAL_MS` apart, while training goes on).
#[derive(Clone, Copy)]
struct Paced {
    epoch: Option<usize>,
    at_ms: f64,
    cost_ms: f64,
}

impl Paced {
    fn new() -> Paced {
        Paced {
            epoch: None,
            at_ms: f64::NEG_INFINITY,
            cost_ms: 0.0,
        }
    }

    /// True when `measured` has not been sent and the wait since the last one is over
    /// (or no more requests follow at once).
    fn due(&self, measured: usize, continuing: bool, now: f64) -> bool {
        let wait = (SURFACE_SPACING * self.cost_ms).max(SURFACE_MIN_INTERVAL_MS);
        self.epoch != Some(measured) && (!continuing || now - self.at_ms >= wait)
    }

    /// Remember that `measured` was sent, computed from `start` to `done`.
    fn sent(&mut self, measured: usize, start: f64, done: f64) {
        self.epoch = Some(measured);
        self.cost_ms = done - start;
        self.at_ms = done;
    }
}

impl RunHost {
    /// A host of a new run of `config` (its epoch 0 measured).
    pub fn new(run_id: u32, config: Config) -> RunHost {
        let run = Run::new(config);
        let (_, _, grid) = surface_grid(run.data(), SURFACE_RESOLUTION);
        let pending = run.history().newest().cloned().into_iter().collect();
        RunHost {
            run_id,
            run,
            grid,
            pending,
            surface: Paced::new(),
            diagram: Paced::new(),
            detail: None,
        }
    }

    /// The run itself (for tests and the single-file page's exports).
    pub fn run(&self) -> &Run {
        &self.run
    }

    /// Do what `request` asks and say what changed. `now_ms` is a monotonic clock in
    /// milliseconds (only `Advance` and the surface's pacing read it).
    pub fn handle(&mut self, request: Request, now_ms: &dyn Fn() -> f64) -> Update {
        let start = now_ms();
        let mut trained = 0;
        let mut run_file = None;
        // Whether more training requests will follow at once (the surface may wait).
        let mut continuing = false;
        match request {
            Request::New { run_id, config } => *self = RunHost::new(run_id, config),
            Request::Live { config } => {
                self.run.apply_live_settings(&config);
                self.run.set_epoch_limit(config.epochs);
            }
            Request::Advance {
                budget_ms,
                max_epochs,
                until_epoch,
            } => {
                let most = max_epochs.unwrap_or(usize::MAX);
                while trained < most && now_ms() - start < budget_ms {
                    if until_epoch.is_some_and(|t| self.run.measured_epoch() >= t) {
                        break;
                    }
                    match self.run.step_minibatch() {
                        Step::Working => {}
                        Step::EpochDone => {
                            trained += 1;
                            self.record_newest();
                        }
                        Step::Finished => break,
                    }
                }
                continuing = !self.run.finished()
                    && until_epoch.is_none_or(|t| self.run.measured_epoch() < t);
            }
            Request::StepEpoch => {
                if self.run.step_epoch() {
                    trained = 1;
                    self.record_newest();
                }
            }
            Request::Sync => {}
            Request::Detail { layer } => {
                // Answered with the numbers at once (not paced).
                self.detail = layer;
                self.diagram = Paced::new();
            }
            Request::RunFile { ticket } => {
                // serde_json's error is not formatted: its texts (and io::Error's) would
                // come into the page for an error our types never cause.
                let json = to_json(&self.run).map_err(|_| "the run could not be written as JSON");
                run_file = Some((ticket, json.map_err(String::from)));
            }
            Request::Sweep { ticket, config } => {
                // Answered in full here (a worker of its own reports progress as it goes).
                let mut last = None;
                sweep_updates(ticket, &config, now_ms, &mut |report| last = Some(report));
                let mut update = self.update(trained, false, now_ms);
                update.sweep = last;
                update.busy_ms = now_ms() - start;
                return update;
            }
        }
        let mut update = self.update(trained, continuing, now_ms);
        update.run_file = run_file;
        update.busy_ms = now_ms() - start;
        update
    }

    /// One short slice of training (a minibatch, or part of the end-of-epoch
    /// measurement), as `Advance` does it; a finished epoch is kept for the next update.
    pub(super) fn step(&mut self) -> Step {
        let step = self.run.step_minibatch();
        if step == Step::EpochDone {
            self.record_newest();
        }
        step
    }

    /// The update after a lockstep request trained this run `trained` epochs, which
    /// began at `start` (ms); `continuing` says more requests follow at once.
    pub(super) fn report(
        &mut self,
        trained: usize,
        continuing: bool,
        start: f64,
        now_ms: &dyn Fn() -> f64,
    ) -> Update {
        let mut update = self.update(trained, continuing, now_ms);
        update.busy_ms = now_ms() - start;
        update
    }

    /// Remember the newest epoch for the next update.
    fn record_newest(&mut self) {
        if let Some(m) = self.run.history().newest() {
            self.pending.push(m.clone());
        }
    }

    /// The update after a request: the pending epochs the history keeps (and the
    /// newest), the run's state, and the surface when it is due.
    fn update(&mut self, trained: usize, continuing: bool, now_ms: &dyn Fn() -> f64) -> Update {
        let stride = self.run.history().stride();
        let mut pending = std::mem::take(&mut self.pending);
        let newest = pending.pop();
        // An epoch the history has thinned away never reaches a chart: skip it.
        pending.retain(|m| m.epoch.is_multiple_of(stride));
        let new_epoch = newest.is_some();
        pending.extend(newest);
        let measured = self.run.measured_epoch();
        let now = now_ms();
        let surface = if self.surface.due(measured, continuing, now) && !self.grid.is_empty() {
            let values = prediction_surface(&mut self.run, &self.grid);
            self.surface.sent(measured, now, now_ms());
            Some((measured, values))
        } else {
            None
        };
        let now = now_ms();
        let network = if self.diagram.due(measured, continuing, now) {
            let snapshot = self.run.diagram(self.detail);
            self.diagram.sent(measured, now, now_ms());
            snapshot
        } else {
            None
        };
        Update {
            run_id: self.run_id,
            epochs: pending,
            epoch: self.run.epoch(),
            measured_epoch: measured,
            finished: self.run.finished(),
            diverged: self.run.diverged().cloned(),
            trained,
            busy_ms: 0.0,
            params: self.run.network().params.len(),
            distributions: new_epoch.then(|| self.run.distributions().clone()),
            gains: new_epoch.then(|| self.run.gains().to_vec()),
            network,
            surface,
            run_file: None,
            memory_bytes: 0,
            sweep: None,
        }
    }
}
