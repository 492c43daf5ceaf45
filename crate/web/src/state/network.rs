//! The Network panel's state: what its connections show (the mode switch) and its
//! "Show backprop" pulse, which runs for a time that grows with the depth and is never
//! started for a visitor who asked for reduced motion.

use super::app::App;
use vgp::charts::network::NetworkMode;

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
