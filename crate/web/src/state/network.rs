//! The Network panel's state: what its connections show (the mode switch), its "Show
//! backprop" pulse, which runs for a time that grows with the depth and is never
//! started for a visitor who asked for reduced motion, and the wide layer whose every
//! connection a run's diagram shows while the keys are on it (asked of the engine).

use super::action::{A_SLOT, B_SLOT};
use super::app::App;
use super::effect::Effect;
use super::explore::{Probe, NETWORK_A, NETWORK_B};
use vgp::charts::network::NetworkMode;
use vgp::remote::{Message, Request};

/// How long the backward pulse takes to cross `layers` weight layers: a quarter of a
/// second a layer, between 1.5 and 4 seconds.
pub fn backprop_ms(layers: usize) -> f64 {
    (250.0 * layers as f64).clamp(1500.0, 4000.0)
}

impl App {
    pub fn network_mode(&self) -> NetworkMode {
        self.network_mode
    }

    /// While the backward pulse runs: when it started and when it ends (ms).
    pub fn backprop(&self) -> Option<(f64, f64)> {
        self.backprop
    }

    /// "Show backprop": start the pulse (stop it if it runs); nothing under reduced
    /// motion (the button is off then).
    pub(super) fn backprop_pressed(&mut self, now_ms: f64) {
        if self.backprop.take().is_some() || self.reduced_motion {
            return;
        }
        let layers = self.run.network().map_or(0, |s| s.layers.len());
        if layers > 0 {
            self.backprop = Some((now_ms, now_ms + backprop_ms(layers)));
        }
    }

    /// The pulse ends on its own, or at once when reduced motion is asked for.
    pub(super) fn backprop_frame(&mut self, now_ms: f64) {
        if self
            .backprop
            .is_some_and(|(_, end)| now_ms >= end || self.reduced_motion)
        {
            self.backprop = None;
        }
    }
}

impl App {
    /// The wide layer of the run in `slot` whose connections its diagram shows: the
    /// layer the keys are on (row 0) while its canvas has them, when it is drawn as a
    /// band (more than `FULL_UNITS` units on a side).
    pub fn network_detail(&self, slot: usize) -> Option<usize> {
        let canvas = if slot == B_SLOT { NETWORK_B } else { NETWORK_A };
        let (on, Probe::Key(p)) = self.explore_probe? else {
            return None;
        };
        let layer = self.network_run(canvas)?.network()?.layers.get(p.at)?;
        (on == canvas && p.row == 0 && layer.is_wide()).then_some(p.at)
    }

    /// Ask each run's engine for the connections of the wide layer its diagram shows
    /// when that changed (nothing while neither wants one nor had one).
    pub(super) fn sync_network_detail(&mut self, fx: &mut Vec<Effect>) {
        for slot in [A_SLOT, B_SLOT] {
            let Some(run_id) = self.run_in(slot).map(|r| r.run_id()) else {
                continue;
            };
            let wanted = self.network_detail(slot);
            let sent = self.detail_sent[slot];
            if sent.1 == wanted && (wanted.is_none() || sent.0 == run_id) {
                continue;
            }
            self.detail_sent[slot] = (run_id, wanted);
            let request = Request::Detail { layer: wanted };
            self.send_message(fx, Message::To { slot, request });
        }
    }
}
