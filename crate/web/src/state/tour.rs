//! The guided tour's state: five short steps through the seed's story with the presets
//! (see it vanish, recognize it by the loss and by the weights, see why in the chain
//! rule, fix it); which step shows, and what opening a step does. With reduced motion
//! the tour starts nothing by itself: its steps load their networks paused, and say so.

use super::app::App;
use super::effect::Effect;
use vgp::presets::{preset, preset_config};

/// One step: its title, its text (and the text for reduced motion, where the step would
/// start training), the preset it loads (if any) and the chart (element id) it brings
/// into view.
pub struct TourStep {
    pub title: &'static str,
    pub text: &'static str,
    pub text_still: Option<&'static str>,
    pub preset: Option<&'static str>,
    pub target: &'static str,
}

pub const TOUR_STEPS: [TourStep; 5] = [
    TourStep {
        title: "See the gradient vanish",
        text: "This network has ten sigmoid layers and is training now on two interleaved moons (Pause in the run bar stops it). In the heatmap each row is a layer, layer 1 at the bottom: the rows near the input stay dark because their gradients are about a million times weaker than the output layer's.",
        text_still: Some("This network has ten sigmoid layers, ready to train on two interleaved moons: press Play in the run bar to start it (the page starts nothing by itself, as your system asks for reduced motion). In the heatmap each row is a layer, layer 1 at the bottom: the rows near the input stay dark because their gradients are about a million times weaker than the output layer's."),
        preset: Some("vanishing"),
        target: "chart-heatmap",
    },
    TourStep {
        title: "Recognize it by the loss",
        text: "The first sign: the loss stops changing. Here it sits at 0.69, which is what guessing gives for two classes, and the accuracy stays at 50%. The read-out beside the run bar shows the same numbers.",
        text_still: None,
        preset: None,
        target: "chart-loss",
    },
    TourStep {
        title: "Recognize it by the weights",
        text: "The second sign: the weights stop moving. Each line is one weight's value over the epochs: the flat lines are the input-side layers, frozen where initialization put them, while the output side's lines move. Hover a line for its numbers; the update chart below shows the same per epoch.",
        text_still: None,
        preset: None,
        target: "chart-weights",
    },
    TourStep {
        title: "Why: one factor per layer",
        text: "Backpropagation multiplies the gradient by one factor per layer on its way down. Each sigmoid layer's slopes multiply it by less than 0.25, and ten such factors make it vanish. The Diagnosis panel says the same in numbers.",
        text_still: None,
        preset: None,
        target: "chart-gains",
    },
    TourStep {
        title: "Fix it",
        text: "The same network with ReLU and He initialization: every factor is close to 1, every row of the heatmap is lit, and the loss falls. The Story menu has the other remedies (fewer layers, Glorot, batch normalization, residual connections) and the traps (dying ReLU, exploding gradients).",
        text_still: Some("The same network with ReLU and He initialization, loaded and paused: press Play and every factor stays close to 1, every row of the heatmap is lit, and the loss falls. The Story menu has the other remedies (fewer layers, Glorot, batch normalization, residual connections) and the traps (dying ReLU, exploding gradients)."),
        preset: Some("relu-he"),
        target: "chart-heatmap",
    },
];

impl App {
    /// Show step `k`: its preset loaded and playing (paused with reduced motion, unless
    /// the visitor was playing already), its chart brought into view.
    pub(super) fn tour_go_to(&mut self, fx: &mut Vec<Effect>, k: usize, now_ms: f64) {
        let Some(step) = TOUR_STEPS.get(k) else {
            return;
        };
        self.tour_step = Some(k);
        if let Some(p) = step.preset.and_then(preset) {
            let link = self.link_to(preset_config(p));
            self.open(fx, &link, now_ms);
            if !self.reduced_motion {
                self.set_playing(fx, true, now_ms);
            }
        }
        if k > 0 {
            fx.push(Effect::ScrollTo(step.target));
        }
    }

    /// Close the tour and remember that (where the browser lets the page store it); the
    /// focus goes back to the Tour button, which opens it again.
    pub(super) fn tour_close(&mut self, fx: &mut Vec<Effect>) {
        self.tour_step = None;
        fx.push(Effect::RememberTourDismissed);
        self.focus_on("tour-open");
    }

    /// Step `k`'s text as the visitor should read it.
    pub fn tour_text(&self, k: usize) -> &'static str {
        TOUR_STEPS
            .get(k)
            .map_or("", |s| match (self.reduced_motion, s.text_still) {
                (true, Some(still)) => still,
                _ => s.text,
            })
    }
}
