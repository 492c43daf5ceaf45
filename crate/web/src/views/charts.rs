//! The charts of the page as a view of the state: A's run view and, while comparing, B's
//! (its canvases made beside A's by pairs.rs), drawn with one colour scale, a few charts
//! a frame while training (charts/pacing.rs) and all at once when paused; the heatmaps'
//! tooltips, and the weights charts' tooltips, read-outs and labels. It decides itself
//! what is stale: it remembers what it last drew.

use super::explore::Explore;
use super::pairs;
use super::run_view::{ChartsView, Shown};
use super::tips::{chart_tip, charts_container, place_tip};
use crate::dom::{self, by_id};
use crate::state::{App, Hover, WeightsProbe, A_SLOT, B_SLOT};
use vgp::charts::loss::LossScale;
use vgp::charts::network::NetworkMode;
use vgp::charts::scale::{ColourScale, HeatmapMode};
use vgp::charts::weights::WeightsMode;
use vgp::charts::weights_layout::{history_text, WeightPoint};
use vgp::charts::ChartError;
use vgp::remote::RunMirror;
use web_sys::HtmlElement;

/// While training, a frame draws only once the time since the last drawing is this
/// many times that drawing's own cost, so drawing never takes more than 40% of the
/// page's time however large the network (a chart of 10 ms is drawn every other frame;
/// drawings of a few ms come every frame).
const DRAW_SPACING: f64 = 2.5;
/// While training, the charts a frame draws take about this long (at least one chart
/// a frame): a frame's drawing, the browser's painting of the changed canvases and
/// the worker's replies then fit in one 16.7 ms vsync interval.
const FRAME_DRAW_BUDGET_MS: f64 = 3.0;

/// What a drawing showed of one run: its id, measured epoch, whether it had diverged,
/// the epoch of its prediction surface, and the epoch of its network diagram's numbers
/// with the wide layer they detail.
type RunKey = (
    u32,
    usize,
    bool,
    Option<usize>,
    Option<(usize, Option<usize>)>,
);

/// Everything the charts depend on: A's and B's runs (with B's labels), the colour
/// scale, the loss axis and the window's size.
#[derive(Clone, PartialEq)]
struct DrawKey {
    a: RunKey,
    b: Option<(RunKey, (String, String))>,
    mode: HeatmapMode,
    loss_log: bool,
    weights: WeightsMode,
    network: NetworkMode,
    details: [Option<usize>; 2],
    layout: u32,
}

fn run_key(run: &RunMirror) -> RunKey {
    (
        run.run_id(),
        run.measured_epoch(),
        run.diverged().is_some(),
        run.surface_epoch(),
        run.network().map(|n| {
            let detailed = n
                .layers
                .iter()
                .position(|l| l.is_wide() && l.has_connections());
            (n.epoch, detailed)
        }),
    )
}

/// The page's charts.
pub struct Charts {
    a: ChartsView,
    /// B's view and the labels its pairs were made with, while comparing.
    b: Option<(ChartsView, (String, String))>,
    drawn: Option<DrawKey>,
    /// When the last drawing finished, and how long it took.
    drawn_at_ms: f64,
    frame_draw_ms: f64,
    /// In compare mode, whether B's view drew first in the latest frame (they alternate).
    b_first: bool,
    /// The tooltip last shown.
    tip: Option<(Hover, usize, u32)>,
    /// The weights tooltip last shown (with A's and B's drawing counts then), the points
    /// the read-outs name, and the mode the weights canvases are labelled for.
    weights_tip: Option<(WeightsProbe, u32, u32)>,
    readouts: [Option<WeightPoint>; 2],
    labelled: Option<WeightsMode>,
    /// The heatmaps', the loss chart's and the profile's read-outs, tips and marks.
    explore: Explore,
}

impl Charts {
    /// A's view of the page's canvases.
    pub fn new() -> Charts {
        Charts {
            a: charts_container()
                .map(|c| ChartsView::from_container(&c, "a"))
                .unwrap_or_default(),
            b: None,
            drawn: None,
            drawn_at_ms: 0.0,
            frame_draw_ms: 0.0,
            b_first: false,
            tip: None,
            weights_tip: None,
            readouts: [None; 2],
            labelled: None,
            explore: Explore::default(),
        }
    }

    /// B's canvases follow compare mode: made (with their labels) when it starts,
    /// relabelled when B changes, removed when it ends.
    pub fn follow_compare(&mut self, app: &App) {
        let wanted = app.compared().map(|b| &b.labels);
        match (&mut self.b, wanted) {
            (None, None) => {}
            (Some((_, shown)), Some(labels)) => {
                if shown != labels {
                    if let Some(container) = charts_container() {
                        pairs::set_labels(&container, (&labels.0, &labels.1));
                    }
                    *shown = labels.clone();
                }
            }
            (None, Some(labels)) => {
                if let Some(container) = charts_container() {
                    pairs::open(&container, (&labels.0, &labels.1));
                    let view = ChartsView::from_container(&container, "b");
                    self.b = Some((view, labels.clone()));
                }
                self.drawn = None;
                // B's canvases, tips and read-out are new.
                self.weights_tip = None;
                self.readouts[B_SLOT] = None;
                self.labelled = None;
                self.explore = Explore::default();
            }
            (Some(_), None) => {
                if let Some(container) = charts_container() {
                    pairs::close(&container);
                }
                self.b = None;
                self.drawn = None;
                self.weights_tip = None;
                self.readouts[B_SLOT] = None;
                self.explore = Explore::default();
            }
        }
    }

    /// Draw what is stale and due. Paused, everything stale is drawn at once; while
    /// training, a frame draws what fits in `FRAME_DRAW_BUDGET_MS`. Returns true when
    /// the texts that go with the charts are due (a whole redraw, or paused).
    pub fn render(&mut self, app: &App) -> bool {
        self.follow_compare(app);
        let key = DrawKey {
            a: run_key(app.run()),
            b: app.compared().map(|b| (run_key(&b.run), b.labels.clone())),
            mode: app.heatmap_mode(),
            loss_log: app.loss_log(),
            weights: app.weights_mode(),
            network: app.network_mode(),
            details: [app.network_detail(A_SLOT), app.network_detail(B_SLOT)],
            layout: app.layout_generation(),
        };
        if self.drawn.as_ref() != Some(&key) {
            self.drawn = Some(key);
            self.a.invalidate();
            if let Some((b, _)) = self.b.as_mut() {
                b.invalidate();
            }
        }
        let playing = app.playing();
        let start = dom::now_ms();
        let due = !playing || start - self.drawn_at_ms >= self.frame_draw_ms * DRAW_SPACING;
        let clean = self.a.is_clean() && self.b.as_ref().is_none_or(|(b, _)| b.is_clean());
        if clean || !due {
            return false;
        }
        let budget = if playing {
            FRAME_DRAW_BUDGET_MS
        } else {
            f64::INFINITY
        };
        let loss_scale = if app.loss_log() {
            LossScale::Log
        } else {
            LossScale::Linear
        };
        self.a.loss_scale = loss_scale;
        self.a.weights_mode = app.weights_mode();
        self.a.network_mode = app.network_mode();
        self.a.network_detail = app.network_detail(A_SLOT);
        if let Some((b, _)) = self.b.as_mut() {
            b.network_detail = app.network_detail(B_SLOT);
            b.loss_scale = loss_scale;
            b.weights_mode = app.weights_mode();
            b.network_mode = app.network_mode();
        }
        let whole = match self.draw(app, budget) {
            Ok(whole) => whole,
            Err(e) => {
                dom::show_error(&e.to_string());
                true
            }
        };
        self.drawn_at_ms = dom::now_ms();
        self.frame_draw_ms = self.drawn_at_ms - start;
        whole || !playing
    }

    /// Redraw the stale charts of every view within `budget_ms`: A's alone, or A's and
    /// B's with one colour scale (A's view also overlays both runs in the profile and
    /// loss charts). With two views, which goes first alternates from one call to the
    /// next, so that a budget A's charts fill every frame still leaves B's their turn.
    /// Returns true when A's view completed a whole redraw.
    fn draw(&mut self, app: &App, budget_ms: f64) -> Result<bool, ChartError> {
        let scale = ColourScale::fixed(app.heatmap_mode());
        let (Some(compared), Some((view, _))) = (app.compared(), self.b.as_mut()) else {
            let runs = [Shown {
                label: "",
                run: app.run(),
            }];
            return self.a.draw_within(&runs, 0, &scale, budget_ms);
        };
        let runs = [
            Shown {
                label: &compared.labels.0,
                run: app.run(),
            },
            Shown {
                label: &compared.labels.1,
                run: &compared.run,
            },
        ];
        let start = dom::now_ms();
        let mut whole = false;
        self.b_first = !self.b_first;
        if self.b_first {
            view.draw_within(&runs, 1, &scale, budget_ms)?;
        }
        let left = budget_ms - (dom::now_ms() - start);
        if !self.b_first || left > 0.0 {
            whole = self.a.draw_within(&runs, 0, &scale, left.max(0.0))?;
        }
        let left = budget_ms - (dom::now_ms() - start);
        if !self.b_first && left > 0.0 {
            view.draw_within(&runs, 1, &scale, left)?;
        }
        Ok(whole)
    }

    /// The time of a whole redraw of the page's charts (both views' in compare mode).
    pub fn whole_draw_ms(&self) -> f64 {
        self.a.last_draw_ms + self.b.as_ref().map_or(0.0, |(b, _)| b.last_draw_ms)
    }

    /// A's view with A's run, and B's with B's while comparing.
    pub fn views<'a>(&'a self, app: &'a App) -> Vec<(&'a ChartsView, &'a RunMirror)> {
        let mut views = vec![(&self.a, app.run())];
        if let (Some((b, _)), Some(compared)) = (self.b.as_ref(), app.compared()) {
            views.push((b, &compared.run));
        }
        views
    }

    /// A's view (its drawing times are what `performance()` reports).
    pub fn a_view(&self) -> &ChartsView {
        &self.a
    }

    /// The heatmap tooltip of the cell under the pointer (A's tip is the page's own;
    /// B's follows its canvas in its box), hidden when the pointer left.
    pub fn render_tip(&mut self, app: &App) {
        let hover = app.hover();
        let key = hover.map(|h| {
            let run = if h.slot == B_SLOT {
                app.compared().map(|b| &b.run)
            } else {
                Some(app.run())
            };
            (
                h,
                run.map_or(0, RunMirror::measured_epoch),
                run.map_or(0, RunMirror::run_id),
            )
        });
        if key == self.tip {
            return;
        }
        let previous = self.tip.take();
        self.tip = key;
        // A tip left behind on the other run's heatmap is hidden.
        if let Some((old, _, _)) = previous {
            if hover.is_none_or(|h| h.slot != old.slot) {
                if let Some((tip, _)) = tip_elements(old.slot) {
                    tip.set_hidden(true);
                }
            }
        }
        let Some(h) = hover else {
            return;
        };
        let Some((tip, canvas)) = tip_elements(h.slot) else {
            return;
        };
        let text = match h.slot {
            A_SLOT => self.a.heatmap_tip(app.run(), h.x, h.y),
            _ => match (app.compared(), &self.b) {
                (Some(compared), Some((view, _))) => view.heatmap_tip(&compared.run, h.x, h.y),
                _ => None,
            },
        };
        place_tip(text, &tip, &canvas, h.x, h.y);
    }

    /// The explored charts' read-outs, tooltips and focus marks (explore.rs).
    pub fn render_explore(&mut self, app: &App) {
        let b = self.b.as_ref().map(|(b, _)| b);
        self.explore.render(app, &self.a, b);
    }

    /// The weights charts' tooltip (the point nearest the pointer, or the keys' point
    /// beside it), their read-outs (each run's keys' point in words, written only when
    /// the keys moved it, so a screen reader hears the user's own presses and nothing
    /// else), and their canvases' labels for the mode.
    pub fn render_weights(&mut self, app: &App) {
        let mode = app.weights_mode();
        if self.labelled != Some(mode) {
            self.labelled = Some(mode);
            for (slot, prefix) in [(A_SLOT, ""), (B_SLOT, "B: ")] {
                if let Some((_, canvas)) = chart_tip("weights", slot) {
                    let label = format!("{prefix}{}", weights_label(mode));
                    let _ = canvas.set_attribute("aria-label", &label);
                }
            }
        }
        for slot in [A_SLOT, B_SLOT] {
            let point = app.weights_readout(slot);
            if point == self.readouts[slot] {
                continue;
            }
            self.readouts[slot] = point;
            let id = if slot == A_SLOT {
                "weights-readout"
            } else {
                "weights-readout-b"
            };
            let chart = app.weights_chart(slot);
            let text = point
                .zip(chart)
                .and_then(|(p, c)| history_text(c.history, c.mode, p));
            if let (Some(text), Ok(readout)) = (text, by_id::<HtmlElement>(id)) {
                readout.set_text_content(Some(&text));
            }
        }
        let probe = app.weights_probe();
        let drawn = |view: Option<&ChartsView>| view.map_or(0, |v| v.weights_drawn);
        let key = probe.map(|p| {
            (
                p,
                self.a.weights_drawn,
                drawn(self.b.as_ref().map(|(b, _)| b)),
            )
        });
        if key == self.weights_tip {
            return;
        }
        let previous = self.weights_tip.take();
        self.weights_tip = key;
        if let Some((old, _, _)) = previous {
            if probe.is_none_or(|p| p.slot() != old.slot()) {
                if let Some((tip, _)) = chart_tip("weights", old.slot()) {
                    tip.set_hidden(true);
                }
            }
        }
        let Some(probe) = probe else {
            return;
        };
        let view = match probe.slot() {
            A_SLOT => Some(&self.a),
            _ => self.b.as_ref().map(|(b, _)| b),
        };
        let Some(((tip, canvas), view)) = chart_tip("weights", probe.slot()).zip(view) else {
            return;
        };
        match probe {
            WeightsProbe::Pointer { x, y, .. } => {
                place_tip(view.weights_pointer_tip(x, y), &tip, &canvas, x, y);
            }
            WeightsProbe::Key { point, .. } => match view.weights_point_tip(point) {
                Some((text, x, y)) => place_tip(Some(text), &tip, &canvas, x, y),
                None => tip.set_hidden(true),
            },
        }
    }
}

/// The tooltip and heatmap canvas of the run in `slot`.
fn tip_elements(slot: usize) -> Option<(HtmlElement, HtmlElement)> {
    chart_tip("heatmap", slot)
}

/// The weights canvas's name for each mode (B's begins with "B: "); its summary is
/// its description.
fn weights_label(mode: WeightsMode) -> &'static str {
    match mode {
        WeightsMode::Value => "Tracked weights' values over the epochs",
        WeightsMode::Change => "Tracked weights' change since epoch 0",
    }
}
