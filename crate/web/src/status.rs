//! What the page says about its runs beside the charts: the redraw of every run view,
//! the status line, the read-out of the newest epoch, the speed and draw-time line, and
//! the heatmap's tooltip.

use super::app::App;
use super::compare::Compare;
use super::dom::{self, by_id};
use super::view::Shown;
use vgp::charts::ChartError;
use vgp::numtext::fixed;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, MouseEvent};

impl App {
    /// Redraw the stale charts of every view within `budget_ms` (pacing.rs): A's
    /// alone, or A's and B's with one colour scale (A's view also overlays both runs in
    /// the profile and loss charts). With two views, which goes first alternates from
    /// one call to the next, so that a budget A's charts fill every frame still leaves
    /// B's their turn. Returns true when A's view completed a whole redraw.
    pub(super) fn draw_views(&mut self, budget_ms: f64) -> Result<bool, ChartError> {
        let scale = self.heatmap_scale;
        match self.b.as_mut() {
            None => {
                let runs = [Shown {
                    label: "",
                    run: &self.run,
                }];
                self.view.draw_within(&runs, 0, &scale, budget_ms)
            }
            Some(Compare {
                run, view, labels, ..
            }) => {
                let runs = [
                    Shown {
                        label: &labels.0,
                        run: &self.run,
                    },
                    Shown {
                        label: &labels.1,
                        run,
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
                    whole = self.view.draw_within(&runs, 0, &scale, left.max(0.0))?;
                }
                let left = budget_ms - (dom::now_ms() - start);
                if !self.b_first && left > 0.0 {
                    view.draw_within(&runs, 1, &scale, left)?;
                }
                Ok(whole)
            }
        }
    }

    /// True when every view shows the runs' latest state.
    pub(super) fn views_clean(&self) -> bool {
        self.view.is_clean() && self.b.as_ref().is_none_or(|b| b.view.is_clean())
    }

    /// The runs or the page changed: every chart is to be drawn again.
    pub(super) fn invalidate_views(&mut self) {
        self.view.invalidate();
        if let Some(b) = self.b.as_mut() {
            b.view.invalidate();
        }
    }

    /// The time of a whole redraw of the page's charts (both views' in compare mode).
    pub(super) fn whole_draw_ms(&self) -> f64 {
        self.view.last_draw_ms + self.b.as_ref().map_or(0.0, |b| b.view.last_draw_ms)
    }

    pub(super) fn update_status(&self) {
        let text = if let Some(d) = self.run.diverged() {
            format!(
                "Diverged at epoch {}: {}. The charts keep everything up to epoch {}.",
                d.epoch,
                d.reason,
                self.run.measured_epoch()
            )
        } else if self.all_finished() {
            format!("Stopped at the epoch limit ({}).", self.run.epoch())
        } else if self.playing {
            "Training…".to_string()
        } else if self.run.epoch() == 0 {
            "Ready: press Play to train.".to_string()
        } else {
            "Paused.".to_string()
        };
        dom::set_text("status", &text);
    }

    /// The newest epoch's losses, accuracy (or fit error) and gradient ratio.
    pub(super) fn update_readout(&self) {
        for item in vgp::readout::readout(self.run.history().newest()) {
            dom::set_text(item.id, &item.value);
            dom::set_text(&format!("{}-label", item.id), &item.label);
            if let Ok(label) = by_id::<HtmlElement>(&format!("{}-label", item.id)) {
                if let Some(parent) = label.parent_element() {
                    let _ = parent.set_attribute("title", &item.title);
                }
            }
        }
    }

    pub(super) fn update_stats(&self) {
        let params = self.run.params();
        let rate = match (self.playing, self.epochs_per_second > 0.0) {
            (true, true) => format!("{} epochs/s · ", fixed(self.epochs_per_second, 0)),
            (true, false) => "measuring speed… · ".to_string(),
            (false, _) => String::new(),
        };
        dom::set_text(
            "stats",
            &format!(
                "{rate}charts drawn in {} ms · {params} parameters",
                fixed(self.whole_draw_ms(), 1)
            ),
        );
    }

    /// The tooltip of A's heatmap (its canvas and tip are the page's own).
    pub(super) fn show_tip(&self, event: &Event) {
        let (Ok(tip), Ok(canvas)) = (
            by_id::<HtmlElement>("heatmap-tip"),
            by_id::<HtmlElement>("chart-heatmap"),
        ) else {
            return;
        };
        place_tip(
            self.view.heatmap_tip(&self.run, event),
            &tip,
            &canvas,
            event,
        );
    }

    /// The tooltip of B's heatmap in compare mode: `event` on the charts, if it is over
    /// B's heatmap canvas (whose tip follows it in its box, pairs.rs).
    pub(super) fn show_tip_b(&self, event: &Event) {
        let Some(b) = &self.b else {
            return;
        };
        let Some(canvas) = b_heatmap(event) else {
            return;
        };
        let Some(tip) = canvas
            .next_element_sibling()
            .and_then(|t| t.dyn_into::<HtmlElement>().ok())
        else {
            return;
        };
        let text = if event.type_() == "mouseout" {
            None
        } else {
            b.view.heatmap_tip(&b.run, event)
        };
        place_tip(text, &tip, &canvas, event);
    }
}

/// B's heatmap canvas, if `event` happened on it.
fn b_heatmap(event: &Event) -> Option<HtmlElement> {
    let target = event.target()?.dyn_into::<HtmlElement>().ok()?;
    let is_b_heatmap = target.get_attribute("data-chart").as_deref() == Some("heatmap")
        && target.get_attribute("data-run").as_deref() == Some("b");
    is_b_heatmap.then_some(target)
}

/// Show `text` in `tip` beside the pointer of `event` over `canvas` (on whichever side
/// has room, never past the chart), or hide the tip when there is no text.
fn place_tip(text: Option<String>, tip: &HtmlElement, canvas: &HtmlElement, event: &Event) {
    let (Some(text), Some(mouse)) = (text, event.dyn_ref::<MouseEvent>()) else {
        tip.set_hidden(true);
        return;
    };
    let (x, y) = (mouse.offset_x() as f64, mouse.offset_y() as f64);
    tip.set_text_content(Some(&text));
    tip.set_hidden(false);
    let style = tip.style();
    let width = canvas.client_width() as f64;
    let tip_width = tip.offset_width() as f64;
    let beside = if x + 12.0 + tip_width <= width {
        x + 12.0
    } else {
        x - 12.0 - tip_width
    };
    // Not `clamp`: its check of the bounds formats floats into its panic message.
    let left = beside.min((width - tip_width).max(0.0)).max(0.0);
    let _ = style.set_property("left", &format!("{}px", fixed(left, 0)));
    let _ = style.set_property("top", &format!("{}px", fixed((y - 34.0).max(0.0), 0)));
}
