//! The weights chart's state: its mode (the weights' values, or their change since epoch
//! 0; one mode for A and B), what its tooltip reads (the pointer's position, or the point
//! the keys moved to), and the point each run's read-out names, which only the keys move.

use super::action::{A_SLOT, B_SLOT};
use super::app::App;
use vgp::charts::weights::WeightsMode;
use vgp::charts::weights_layout::{plan, WeightPoint, WeightsKey};
use vgp::history::History;

/// What a weights chart's tooltip reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WeightsProbe {
    /// The pointer over the run in `slot`, in CSS pixels from the canvas's top left
    /// corner (the view finds the nearest point drawn there).
    Pointer { slot: usize, x: f64, y: f64 },
    /// The point the keys moved to on the run in `slot`.
    Key { slot: usize, point: WeightPoint },
}

impl WeightsProbe {
    /// The engine slot of the run whose chart it is over.
    pub fn slot(&self) -> usize {
        match *self {
            WeightsProbe::Pointer { slot, .. } | WeightsProbe::Key { slot, .. } => slot,
        }
    }
}

/// What one run's weights chart draws: the history, the mode, and the epoch the run
/// diverged at (if it did).
pub struct WeightsChart<'a> {
    pub history: &'a History,
    pub mode: WeightsMode,
    pub diverged: Option<usize>,
}

impl App {
    pub(super) fn weights_pointer(&mut self, slot: usize, at: Option<(f64, f64)>) {
        match at {
            Some((x, y)) => self.weights_probe = Some(WeightsProbe::Pointer { slot, x, y }),
            // The pointer left: its tip goes, a tip of the keys stays.
            None => {
                if matches!(self.weights_probe, Some(WeightsProbe::Pointer { slot: s, .. }) if s == slot)
                {
                    self.weights_probe = None;
                }
            }
        }
    }

    /// An arrow, Home or End key on the run's focused chart: the next point of the lines
    /// and epochs the chart draws from the run's history now (`weights_layout::plan`,
    /// the chart's own choice), from the point the run's read-out names.
    pub(super) fn weights_key(&mut self, slot: usize, key: WeightsKey) {
        let from = self.weights_readout(slot);
        let Some(point) = self
            .run_in(slot)
            .and_then(|run| plan(run.history()).step(from, key))
        else {
            return;
        };
        if let Some(readout) = self.weights_readout.get_mut(slot) {
            *readout = Some(point);
            self.weights_probe = Some(WeightsProbe::Key { slot, point });
        }
    }

    /// The run's chart lost the keyboard's focus: the keys' tip goes (the read-out stays).
    pub(super) fn weights_blur(&mut self, slot: usize) {
        if matches!(self.weights_probe, Some(WeightsProbe::Key { slot: s, .. }) if s == slot) {
            self.weights_probe = None;
        }
    }

    /// The run in `slot` is gone (B, when comparing ends): its tip and read-out go too.
    pub(super) fn weights_forget(&mut self, slot: usize) {
        if self.weights_probe.is_some_and(|p| p.slot() == slot) {
            self.weights_probe = None;
        }
        if let Some(readout) = self.weights_readout.get_mut(slot) {
            *readout = None;
        }
    }

    pub fn weights_mode(&self) -> WeightsMode {
        self.weights_mode
    }

    pub fn weights_probe(&self) -> Option<WeightsProbe> {
        self.weights_probe
    }

    /// The point the read-out of the run in `slot` names (set by the keys only).
    pub fn weights_readout(&self, slot: usize) -> Option<WeightPoint> {
        self.weights_readout.get(slot).copied().flatten()
    }

    /// What the weights chart of the run in `slot` draws (A's, or B's while comparing):
    /// both runs in the page's one mode.
    pub fn weights_chart(&self, slot: usize) -> Option<WeightsChart<'_>> {
        let run = match slot {
            A_SLOT | B_SLOT => self.run_in(slot)?,
            _ => return None,
        };
        Some(WeightsChart {
            history: run.history(),
            mode: self.weights_mode,
            diverged: run.diverged().map(|d| d.epoch),
        })
    }
}
