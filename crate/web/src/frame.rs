//! One animation frame of the page: take the engine's answers, keep the run training,
//! draw the stale charts that fit (charts/pacing.rs), then the texts and the speed.

use super::app::App;
use super::dom;
use vgp::remote::RunMirror;

/// While training, a frame draws only once the time since the last drawing is this
/// many times that drawing's own cost, so drawing never takes more than 40% of the
/// page's time however large the network (a chart of 10 ms is drawn every other frame;
/// drawings of a few ms come every frame).
const DRAW_SPACING: f64 = 2.5;
/// While training, the charts a frame draws take about this long (at least one chart
/// a frame): a frame's drawing, the browser's painting of the changed canvases and
/// the worker's replies then fit in one 16.7 ms vsync interval.
const FRAME_DRAW_BUDGET_MS: f64 = 3.0;
/// Window over which the epochs-per-second read-out is averaged.
const RATE_WINDOW_MS: f64 = 500.0;

impl App {
    /// One animation frame: train within the budget, then redraw what changed.
    pub(super) fn frame(&mut self) {
        let now = dom::now_ms();
        self.take_replies();
        self.sweep.poll(self.run.config());
        // On the page, train within this frame's budget; a worker is kept busy by
        // `take_replies`, except that an epochs-per-frame cap sends one request a frame.
        if !self.engine.is_worker() || (self.playing && self.speed > 0) {
            self.keep_training();
        }
        self.settle();
        // The charts first: they read their canvases' sizes, which is free while the
        // page's layout is clean, and the texts below would make it dirty.
        self.draw_if_due();
        let epoch = self.measured_epoch();
        if self.shown_epoch != Some(epoch) {
            self.shown_epoch = Some(epoch);
            dom::set_text("epoch", &epoch.to_string());
        }
        let elapsed = now - self.rate_start_ms;
        // A window stays open until it holds an epoch (slow networks), up to 10 windows.
        if elapsed >= RATE_WINDOW_MS && (self.rate_epochs > 0 || elapsed >= 10.0 * RATE_WINDOW_MS) {
            self.epochs_per_second = if self.playing {
                self.rate_epochs as f64 * 1000.0 / elapsed
            } else {
                0.0
            };
            self.rate_epochs = 0;
            self.rate_start_ms = now;
            self.update_stats();
        }
    }

    /// Redraw the charts that are stale and due, then the texts that go with them.
    /// Paused, everything stale is drawn at once; while training, a frame draws what
    /// fits in `FRAME_DRAW_BUDGET_MS` (charts/pacing.rs) so that frames stay on time.
    fn draw_if_due(&mut self) {
        let shown = |run: &RunMirror| {
            (
                run.measured_epoch(),
                run.diverged().is_some(),
                run.surface_epoch(),
            )
        };
        let drawn = Some((shown(&self.run), self.b.as_ref().map(|b| shown(&b.run))));
        if self.drawn_epoch != drawn {
            self.drawn_epoch = drawn;
            self.invalidate_views();
        }
        let start = dom::now_ms();
        let due = !self.playing || start - self.drawn_at_ms >= self.frame_draw_ms * DRAW_SPACING;
        if self.views_clean() || !due {
            return;
        }
        let budget = if self.playing {
            FRAME_DRAW_BUDGET_MS
        } else {
            f64::INFINITY
        };
        let whole = match self.draw_views(budget) {
            Ok(whole) => whole,
            Err(e) => {
                dom::show_error(&e.to_string());
                true
            }
        };
        self.drawn_at_ms = dom::now_ms();
        self.frame_draw_ms = self.drawn_at_ms - start;
        // The texts once the charts are whole again (and always when paused).
        if whole || !self.playing {
            self.update_status();
            self.update_stats();
            self.update_readout();
            super::story::show_diagnosis(self);
        }
    }
}
