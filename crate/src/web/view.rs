//! Drawing the run's charts onto the page's canvases, and the heatmap's tooltip.

use super::canvas::{ChartCanvas, TextSizes};
use super::dom::{self, by_id};
use crate::charts::boundary::{draw_decision_boundary, surface_grid, Surface};
use crate::charts::distributions::draw_distributions;
use crate::charts::gains::draw_gains;
use crate::charts::health::draw_layer_health;
use crate::charts::heatmap::{columns, draw_gradient_heatmap, layer_label, HeatmapLayout};
use crate::charts::loss::{draw_loss, LossScale};
use crate::charts::profile::draw_gradient_profile;
use crate::charts::scale::HeatmapMode;
use crate::charts::updates::draw_update_ratios;
use crate::charts::weights::draw_tracked_weights;
use crate::charts::{ChartError, ChartResult, ChartStyle};
use crate::data::Dataset;
use crate::remote::{RunMirror, SURFACE_RESOLUTION};
use plotters::coord::Shift;
use plotters::prelude::*;
use web_sys::HtmlCanvasElement;

pub(super) type Area<'a> = DrawingArea<ChartCanvas<'a>, Shift>;

/// What the charts need to remember between frames.
#[derive(Default)]
pub struct ChartsView {
    heatmap: Option<HeatmapLayout>,
    pub loss_scale: LossScale,
    pub heatmap_mode: HeatmapMode,
    /// How long the latest full redraw took, in milliseconds.
    pub last_draw_ms: f64,
    /// The latest redraws' times (newest last, at most `DRAW_TIMES_KEPT`), and the
    /// latest redraw's time per chart: what `vgp.performance()` reports.
    pub draw_times_ms: std::collections::VecDeque<f64>,
    pub chart_ms: Vec<(&'static str, f64)>,
    pub draw_count: u64,
    /// Text sizes measured so far (labels repeat from one redraw to the next).
    text_sizes: TextSizes,
}

/// Redraw times kept for `vgp.performance()`.
const DRAW_TIMES_KEPT: usize = 240;

impl ChartsView {
    /// Redraw every chart from `run`.
    pub fn draw(&mut self, run: &RunMirror) -> ChartResult {
        let start = dom::now_ms();
        let no_surface;
        let surface = match run.surface() {
            Some(s) => s,
            None => {
                no_surface = empty_surface(run.data());
                &no_surface
            }
        };
        let history = run.history();
        let diverged = run.diverged().map(|d| d.epoch);
        // One theme and pixel ratio for the whole redraw.
        let style = page_style();
        let mut timer = ChartTimer::default();
        let sizes = &self.text_sizes;
        let (mode, loss_scale) = (self.heatmap_mode, self.loss_scale);
        self.heatmap = Some(timer.time("heatmap", || {
            draw_on("chart-heatmap", &style, sizes, |a, s| {
                draw_gradient_heatmap(a, history, mode, diverged, s)
            })
        })?);
        timer.time("profile", || {
            draw_on("chart-profile", &style, sizes, |a, s| {
                draw_gradient_profile(a, history, s)
            })
        })?;
        timer.time("gains", || {
            draw_on("chart-gains", &style, sizes, |a, s| {
                draw_gains(a, run.gains(), s)
            })
        })?;
        timer.time("loss", || {
            draw_on("chart-loss", &style, sizes, |a, s| {
                draw_loss(a, history, loss_scale, diverged, s)
            })
        })?;
        timer.time("weights", || {
            draw_on("chart-weights", &style, sizes, |a, s| {
                draw_tracked_weights(a, history, diverged, s)
            })
        })?;
        timer.time("updates", || {
            draw_on("chart-updates", &style, sizes, |a, s| {
                draw_update_ratios(a, history, diverged, s)
            })
        })?;
        timer.time("boundary", || {
            draw_on("chart-boundary", &style, sizes, |a, s| {
                draw_decision_boundary(a, surface, run.data(), s)
            })
        })?;
        if let Some(newest) = history.newest() {
            timer.time("health", || {
                draw_on("chart-health", &style, sizes, |a, s| {
                    draw_layer_health(a, newest, run.config().act, s)
                })
            })?;
        }
        timer.time("distributions", || {
            draw_on("chart-distributions", &style, sizes, |a, s| {
                draw_distributions(a, run.distributions(), s)
            })
        })?;
        self.last_draw_ms = dom::now_ms() - start;
        if self.draw_times_ms.len() == DRAW_TIMES_KEPT {
            self.draw_times_ms.pop_front();
        }
        self.draw_times_ms.push_back(self.last_draw_ms);
        self.draw_count += 1;
        self.chart_ms = timer.0;
        Ok(())
    }

    /// Text for the heatmap cell under the pointer at CSS pixel (x, y) of the canvas.
    pub fn heatmap_tip(&self, run: &RunMirror, x: f64, y: f64) -> Option<String> {
        let layout = self.heatmap.as_ref()?;
        let ratio = pixel_ratio();
        let (layer, column) = layout.cell_at((x * ratio) as i32, (y * ratio) as i32)?;
        let cols = columns(run.history());
        let metrics = cols.get(column)?;
        let value = metrics.grad_norm.get(layer)?;
        let layers = metrics.grad_norm.len();
        let relative = match self.heatmap_mode {
            HeatmapMode::Absolute => String::new(),
            HeatmapMode::RelativeToOutput => {
                let r = self.heatmap_mode.value(&metrics.grad_norm, layer);
                format!(" ({r:.2e} \u{d7} the output layer's)")
            }
        };
        let name = layer_label(layer, layers);
        let which = if name == "out" {
            "output layer".to_string()
        } else {
            format!("layer {name}")
        };
        let shown = if *value == 0.0 {
            "exactly 0 (underflowed)".to_string()
        } else {
            format!("{value:.3e}")
        };
        Some(format!(
            "{which}, epoch {}: gradient norm {shown}{relative}",
            metrics.epoch
        ))
    }
}

/// Each chart's drawing time, in drawing order.
#[derive(Default)]
struct ChartTimer(Vec<(&'static str, f64)>);

impl ChartTimer {
    fn time<T>(&mut self, name: &'static str, draw: impl FnOnce() -> T) -> T {
        let start = dom::now_ms();
        let result = draw();
        self.0.push((name, dom::now_ms() - start));
        result
    }
}

/// The boundary chart's frame before the run's first surface has arrived (no values).
fn empty_surface(data: &Dataset) -> Surface {
    let (x_range, y_range, _) = surface_grid(data, SURFACE_RESOLUTION);
    Surface {
        x_range,
        y_range,
        resolution: SURFACE_RESOLUTION,
        values: Vec::new(),
    }
}

/// The charts' style on this page now: its theme and pixel ratio, and bitmaps drawn as
/// one image (canvas.rs).
pub(super) fn page_style() -> ChartStyle {
    let ratio = pixel_ratio();
    let themed = if prefers_dark() {
        ChartStyle::dark(ratio)
    } else {
        ChartStyle::light(ratio)
    };
    ChartStyle {
        bitmaps: true,
        ..themed
    }
}

fn pixel_ratio() -> f64 {
    dom::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0)
}

/// True when the link (`theme=`) or else the system asks for a dark theme.
fn prefers_dark() -> bool {
    let forced = dom::document()
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("data-theme"));
    if let Some(theme) = forced {
        return theme == "dark";
    }
    dom::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Run `draw` on the canvas `#id`, first sizing its bitmap to its box times the device pixel ratio.
pub(super) fn draw_on<T>(
    id: &str,
    style: &ChartStyle,
    sizes: &TextSizes,
    draw: impl FnOnce(&Area, &ChartStyle) -> Result<T, ChartError>,
) -> Result<T, ChartError> {
    let canvas = by_id::<HtmlCanvasElement>(id).map_err(|e| ChartError(format!("{e:?}")))?;
    let ratio = style.scale;
    let width = (canvas.client_width() as f64 * ratio).round().max(1.0) as u32;
    let height = (canvas.client_height() as f64 * ratio).round().max(1.0) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let backend = ChartCanvas::new(canvas, sizes)
        .ok_or_else(|| ChartError(format!("#{id} has no 2-D context")))?;
    draw(&backend.into_drawing_area(), style)
}
