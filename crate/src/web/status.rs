//! What the page says about its runs beside the charts: the redraw of every run view,
//! the status line, the read-out of the newest epoch, the speed and draw-time line, and
//! the heatmap's tooltip.

use super::app::App;
use super::compare::Compare;
use super::dom::{self, by_id};
use super::view::Shown;
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, MouseEvent};

impl App {
    /// Redraw every view: A's alone, or A's and B's with one colour scale (A's view also
    /// overlays both runs in the profile and loss charts).
    pub(super) fn draw_views(&mut self) -> crate::charts::ChartResult {
        let start = dom::now_ms();
        let scale = self.heatmap_scale;
        match self.b.as_mut() {
            None => {
                let runs = [Shown {
                    label: "",
                    run: &self.run,
                }];
                self.view.draw(&runs, 0, &scale)?;
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
                self.view.draw(&runs, 0, &scale)?;
                view.draw(&runs, 1, &scale)?;
                // The page's redraw time is both views'.
                self.view.last_draw_ms = dom::now_ms() - start;
            }
        }
        Ok(())
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
        for item in crate::readout::readout(self.run.history().newest()) {
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
            (true, true) => format!("{:.0} epochs/s · ", self.epochs_per_second),
            (true, false) => "measuring speed… · ".to_string(),
            (false, _) => String::new(),
        };
        dom::set_text(
            "stats",
            &format!(
                "{rate}charts drawn in {:.1} ms · {params} parameters",
                self.view.last_draw_ms
            ),
        );
    }

    pub(super) fn show_tip(&self, event: &Event) {
        let Ok(tip) = by_id::<HtmlElement>("heatmap-tip") else {
            return;
        };
        let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
            return;
        };
        let (x, y) = (mouse.offset_x() as f64, mouse.offset_y() as f64);
        match self.view.heatmap_tip(&self.run, x, y) {
            Some(text) => {
                tip.set_text_content(Some(&text));
                tip.set_hidden(false);
                let style = tip.style();
                let width =
                    by_id::<HtmlElement>("chart-heatmap").map_or(0.0, |c| c.client_width() as f64);
                // Beside the pointer, on whichever side has room, and never past the chart.
                let tip_width = tip.offset_width() as f64;
                let beside = if x + 12.0 + tip_width <= width {
                    x + 12.0
                } else {
                    x - 12.0 - tip_width
                };
                let left = beside.clamp(0.0, (width - tip_width).max(0.0));
                let _ = style.set_property("left", &format!("{left:.0}px"));
                let _ = style.set_property("top", &format!("{:.0}px", (y - 34.0).max(0.0)));
            }
            None => tip.set_hidden(true),
        }
    }
}
