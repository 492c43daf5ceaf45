//! The Network panel's own controls and motion as a view of the state: the mode
//! switch's buttons, the "Show backprop" button (off, with its reason, under reduced
//! motion) and the backward pulse over each run's diagram while it runs: a band that
//! moves from the output column to the input column, as bright as the gradient of the
//! layer it crosses (charts/network.rs, `backprop_pulse`). The pulse is an element over
//! the canvas, so the diagram is not redrawn for it and its PNG never carries it.

use super::run_view::{pixel_ratio, ChartsView};
use crate::dom::{self, by_id};
use crate::state::App;
use vgp::charts::network::{backprop_pulse, NetworkMode};
use vgp::numtext::fixed;
use vgp::remote::RunMirror;
use wasm_bindgen::JsCast;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

/// What the controls were last written for: the mode, reduced motion, the pulse on.
type Shown = (NetworkMode, bool, bool);

#[derive(Default)]
pub struct NetworkPanel {
    shown: Option<Shown>,
    /// Whether a pulse was shown in the last frame (it is hidden once when it ends).
    pulsing: bool,
}

impl NetworkPanel {
    /// The switch and the button.
    pub fn render(&mut self, app: &App) {
        let key = (
            app.network_mode(),
            app.reduced_motion(),
            app.backprop().is_some(),
        );
        if self.shown == Some(key) {
            return;
        }
        self.shown = Some(key);
        let (mode, reduced, running) = key;
        for m in NetworkMode::ALL {
            let id = format!("network-mode-{}", m.name());
            if let Ok(input) = by_id::<HtmlInputElement>(&id) {
                input.set_checked(m == mode);
            }
        }
        if let Ok(button) = by_id::<HtmlButtonElement>("backprop") {
            button.set_disabled(reduced);
            button.set_text_content(Some(if running { "Stop" } else { "Show backprop" }));
            let _ = button.set_attribute("aria-pressed", if running { "true" } else { "false" });
        }
        if let Ok(note) = by_id::<HtmlElement>("backprop-off") {
            note.set_hidden(!reduced);
        }
    }

    /// Whether an animation frame has a pulse to move or to hide.
    pub fn wants_frame(&self, app: &App) -> bool {
        app.backprop().is_some() || self.pulsing
    }

    /// An animation frame: each shown diagram's pulse where it is now, or hidden.
    pub fn render_frame(&mut self, app: &App, views: &[(&ChartsView, &RunMirror)]) {
        let progress = app
            .backprop()
            .map(|(start, end)| (dom::now_ms() - start) / (end - start).max(1.0));
        self.pulsing = progress.is_some();
        for (run, (view, mirror)) in ["a", "b"].iter().zip(views) {
            let Some(element) = pulse_element(run) else {
                continue;
            };
            let pulse = progress.zip(view.network.as_ref()).and_then(|(p, layout)| {
                // The gradient of the epoch the diagram shows.
                let s = mirror.network()?;
                let m = vgp::describe::gradients::at_epoch(mirror.history(), s.epoch)?;
                backprop_pulse(layout, &m.grad_norm, p)
            });
            let Some(pulse) = pulse else {
                element.set_hidden(true);
                continue;
            };
            let ratio = pixel_ratio();
            let (x0, y0, x1, y1) = pulse.area;
            let css = |v: i32| format!("{}px", fixed(f64::from(v) / ratio, 1));
            let style = element.style();
            let c = pulse.color;
            for (name, value) in [
                ("left", css(x0)),
                ("top", css(y0)),
                ("width", css(x1 - x0)),
                ("height", css(y1 - y0)),
                (
                    "opacity",
                    fixed(0.15 + 0.85 * f64::from(pulse.brightness), 2),
                ),
                ("background-color", format!("rgb({},{},{})", c.0, c.1, c.2)),
            ] {
                let _ = style.set_property(name, &value);
            }
            element.set_hidden(false);
        }
    }
}

/// The pulse element over run `run`'s network canvas (in its box, beside the tip).
fn pulse_element(run: &str) -> Option<HtmlElement> {
    let selector = format!("canvas[data-chart=\"network\"][data-run=\"{run}\"]");
    let canvas = dom::document()?.query_selector(&selector).ok()??;
    canvas
        .parent_element()?
        .query_selector(".pulse")
        .ok()??
        .dyn_into()
        .ok()
}
