//! The page's texts about its runs as views of the state: the Play button, the status
//! line, the epoch counter, the read-out of the newest epoch, the speed and draw-time
//! line, and the `<body>` marks for where the run trains and whether answers are due.
//! Each remembers what it last wrote and writes only a change.

use crate::dom::{self, by_id};
use crate::state::App;
use vgp::numtext::fixed;
use web_sys::HtmlElement;

/// The texts last written.
#[derive(Default)]
pub struct Texts {
    playing: Option<bool>,
    status: String,
    epoch: Option<usize>,
    stats: String,
    pending: Option<bool>,
    engine: Option<&'static str>,
    readout: Option<(u32, usize)>,
}

impl Texts {
    /// What changes with any action: the Play button, the status, the body's marks.
    pub fn render(&mut self, app: &App) {
        let playing = app.playing();
        if self.playing != Some(playing) {
            self.playing = Some(playing);
            if let Ok(button) = by_id::<HtmlElement>("play") {
                button.set_text_content(Some(if playing { "Pause" } else { "Play" }));
                let _ =
                    button.set_attribute("aria-pressed", if playing { "true" } else { "false" });
            }
        }
        let status = app.status_text();
        if status != self.status {
            dom::set_text("status", &status);
            self.status = status;
        }
        let pending = app.pending();
        if self.pending != Some(pending) {
            self.pending = Some(pending);
            if let Some(body) = dom::document().and_then(|d| d.body()) {
                // Tests wait for `data-pending` to go before reading a paused run.
                if pending {
                    let _ = body.dataset().set("pending", "1");
                } else {
                    body.dataset().delete("pending");
                }
            }
        }
        let engine = app.engine_mark();
        if engine.is_some() && self.engine != engine {
            self.engine = engine;
            if let (Some(body), Some(name)) = (dom::document().and_then(|d| d.body()), engine) {
                let _ = body.dataset().set("engine", name);
            }
        }
    }

    /// What an animation frame writes: the epoch counter, and the speed line.
    pub fn render_frame(&mut self, app: &App, whole_draw_ms: f64) {
        let epoch = app.measured_epoch();
        if self.epoch != Some(epoch) {
            self.epoch = Some(epoch);
            dom::set_text("epoch", &epoch.to_string());
        }
        let rate = match (app.playing(), app.epochs_per_second() > 0.0) {
            (true, true) => format!("{} epochs/s · ", fixed(app.epochs_per_second(), 0)),
            (true, false) => "measuring speed… · ".to_string(),
            (false, _) => String::new(),
        };
        let stats = format!(
            "{rate}charts drawn in {} ms · {} parameters",
            fixed(whole_draw_ms, 1),
            app.run().params()
        );
        if stats != self.stats {
            dom::set_text("stats", &stats);
            self.stats = stats;
        }
    }

    /// The newest epoch's losses, accuracy (or fit error) and gradient ratio (drawn
    /// with the charts, when they are whole again).
    pub fn render_readout(&mut self, app: &App) {
        let run = app.run();
        let key = (run.run_id(), run.measured_epoch());
        if self.readout == Some(key) {
            return;
        }
        self.readout = Some(key);
        for item in vgp::readout::readout(run.history().newest()) {
            dom::set_text(item.id, &item.value);
            dom::set_text(&format!("{}-label", item.id), &item.label);
            if let Ok(label) = by_id::<HtmlElement>(&format!("{}-label", item.id)) {
                if let Some(parent) = label.parent_element() {
                    let _ = parent.set_attribute("title", &item.title);
                }
            }
        }
    }
}
