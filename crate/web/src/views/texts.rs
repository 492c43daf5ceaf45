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
    readout: Option<ReadoutKey>,
}

/// A run's id and measured epoch.
type RunEpoch = (u32, usize);
/// What the read-out shows: A's run and epoch, and B's when comparing.
type ReadoutKey = (RunEpoch, Option<RunEpoch>);

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
    /// In compare mode B's own read-out shows beside A's (`#readout-b`, its ids
    /// `rob-…` for A's `ro-…`), each named by its run.
    pub fn render_readout(&mut self, app: &App) {
        let run = app.run();
        let b = app.compared().map(|b| &b.run);
        let key = (
            (run.run_id(), run.measured_epoch()),
            b.map(|b| (b.run_id(), b.measured_epoch())),
        );
        if self.readout == Some(key) {
            return;
        }
        self.readout = Some(key);
        let (a_name, b_name) = if b.is_some() { ("A ", "B ") } else { ("", "") };
        write_readout("ro-", a_name, run.history().newest());
        if let Some(b) = b {
            write_readout("rob-", b_name, b.history().newest());
        }
        if let Ok(list) = by_id::<HtmlElement>("readout-b") {
            list.set_hidden(b.is_none());
        }
        if let Ok(list) = by_id::<HtmlElement>("readout") {
            let name = if b.is_some() {
                "A, newest epoch"
            } else {
                "Newest epoch"
            };
            let _ = list.set_attribute("aria-label", name);
        }
    }
}

/// Fill one read-out: `prefix` + each item's id without its `ro-`, labels after `name`.
fn write_readout(prefix: &str, name: &str, newest: Option<&vgp::metrics::EpochMetrics>) {
    for item in vgp::readout::readout(newest) {
        let id = format!("{prefix}{}", item.id.trim_start_matches("ro-"));
        dom::set_text(&id, &item.value);
        dom::set_text(&format!("{id}-label"), &format!("{name}{}", item.label));
        if let Ok(label) = by_id::<HtmlElement>(&format!("{id}-label")) {
            if let Some(parent) = label.parent_element() {
                let _ = parent.set_attribute("title", &item.title);
            }
        }
    }
}
