//! A run's view: the canvases of one run, found in a container element by their
//! `data-chart` and `data-run` attributes (never by fixed ids), the charts drawn on
//! them, and the heatmap's tooltip. The single-run page is one view; a comparison is
//! two, drawn with one colour scale, the first also drawing the overlaid charts.

use super::canvas::{ChartCanvas, TextSizes};
use super::dom;
use crate::charts::boundary::{draw_decision_boundary, surface_grid, Surface};
use crate::charts::compare::{draw_losses, draw_profiles, Compared};
use crate::charts::distributions::draw_distributions;
use crate::charts::gains::draw_gains;
use crate::charts::health::draw_layer_health;
use crate::charts::heatmap::{columns, draw_gradient_heatmap, layer_label, HeatmapLayout};
use crate::charts::loss::{draw_loss, LossScale};
use crate::charts::profile::draw_gradient_profile;
use crate::charts::scale::{ColourScale, HeatmapMode};
use crate::charts::updates::draw_update_ratios;
use crate::charts::weights::draw_tracked_weights;
use crate::charts::{ChartError, ChartResult, ChartStyle};
use crate::data::Dataset;
use crate::remote::{RunMirror, SURFACE_RESOLUTION};
use plotters::coord::Shift;
use plotters::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

pub(super) type Area<'a> = DrawingArea<ChartCanvas<'a>, Shift>;

/// One run as a view draws it: the run and its legend name.
pub struct Shown<'a> {
    pub label: &'a str,
    pub run: &'a RunMirror,
}

/// What the charts need to remember between frames.
#[derive(Default)]
pub struct ChartsView {
    /// The canvases this view draws on, by chart name (`data-chart`).
    canvases: Vec<(String, HtmlCanvasElement)>,
    heatmap: Option<HeatmapLayout>,
    pub loss_scale: LossScale,
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
    /// The view of run `run` (`a`, `b`) in `container`: every
    /// `canvas[data-chart][data-run=run]` inside it.
    pub fn from_container(container: &Element, run: &str) -> ChartsView {
        let mut canvases = Vec::new();
        let selector = format!("canvas[data-chart][data-run=\"{run}\"]");
        if let Ok(nodes) = container.query_selector_all(&selector) {
            for i in 0..nodes.length() {
                let Some(canvas) = nodes
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
                else {
                    continue;
                };
                if let Some(name) = canvas.get_attribute("data-chart") {
                    canvases.push((name, canvas));
                }
            }
        }
        ChartsView {
            canvases,
            ..ChartsView::default()
        }
    }

    /// This view's canvas of chart `name`, if it has one.
    fn canvas(&self, name: &str) -> Option<&HtmlCanvasElement> {
        self.canvases
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c)
    }

    /// Redraw every chart this view has from `runs[me]`, its heatmap on `scale` (the
    /// one scale every view of the page is given). With more than one run, the view
    /// that has the profile and loss canvases overlays every run there.
    pub fn draw(&mut self, runs: &[Shown], me: usize, scale: &ColourScale) -> ChartResult {
        let Some(Shown { run, .. }) = runs.get(me) else {
            return Ok(());
        };
        let run: &RunMirror = run;
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
        let loss_scale = self.loss_scale;
        let overlaid: Vec<Compared> = runs
            .iter()
            .map(|r| Compared {
                label: r.label,
                history: r.run.history(),
            })
            .collect();
        let compared = runs.len() > 1;
        if let Some(canvas) = self.canvas("heatmap") {
            let layout = timer.time("heatmap", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_gradient_heatmap(a, history, scale, diverged, s)
                })
            })?;
            // Which scale the cells were drawn with, for tests and the curious.
            let _ = canvas.set_attribute("data-scale", &scale_text(&layout.scale));
            self.heatmap = Some(layout);
        }
        if let Some(canvas) = self.canvas("profile") {
            let legend = timer.time("profile", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    if compared {
                        draw_profiles(a, &overlaid, s)
                    } else {
                        draw_gradient_profile(a, history, s).map(|_| Vec::new())
                    }
                })
            })?;
            let _ = canvas.set_attribute("data-legend", &legend.join(" | "));
        }
        if let Some(canvas) = self.canvas("gains") {
            timer.time("gains", || {
                draw_on(canvas, &style, sizes, |a, s| draw_gains(a, run.gains(), s))
            })?;
        }
        if let Some(canvas) = self.canvas("loss") {
            let legend = timer.time("loss", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    if compared {
                        draw_losses(a, &overlaid, loss_scale, s)
                    } else {
                        draw_loss(a, history, loss_scale, diverged, s).map(|_| Vec::new())
                    }
                })
            })?;
            let _ = canvas.set_attribute("data-legend", &legend.join(" | "));
        }
        if let Some(canvas) = self.canvas("weights") {
            timer.time("weights", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_tracked_weights(a, history, diverged, s)
                })
            })?;
        }
        if let Some(canvas) = self.canvas("updates") {
            timer.time("updates", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_update_ratios(a, history, diverged, s)
                })
            })?;
        }
        if let Some(canvas) = self.canvas("boundary") {
            timer.time("boundary", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_decision_boundary(a, surface, run.data(), s)
                })
            })?;
        }
        if let (Some(newest), Some(canvas)) = (history.newest(), self.canvas("health")) {
            timer.time("health", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_layer_health(a, newest, run.config().act, s)
                })
            })?;
        }
        if let Some(canvas) = self.canvas("distributions") {
            timer.time("distributions", || {
                draw_on(canvas, &style, sizes, |a, s| {
                    draw_distributions(a, run.distributions(), s)
                })
            })?;
        }
        self.last_draw_ms = dom::now_ms() - start;
        if self.draw_times_ms.len() == DRAW_TIMES_KEPT {
            self.draw_times_ms.pop_front();
        }
        self.draw_times_ms.push_back(self.last_draw_ms);
        self.draw_count += 1;
        self.chart_ms = timer.0;
        Ok(())
    }

    /// Text for the heatmap cell under the pointer of `event` (a mouse event on this
    /// view's heatmap canvas).
    pub fn heatmap_tip(&self, run: &RunMirror, event: &web_sys::Event) -> Option<String> {
        let mouse = event.dyn_ref::<web_sys::MouseEvent>()?;
        let (x, y) = (mouse.offset_x() as f64, mouse.offset_y() as f64);
        let layout = self.heatmap.as_ref()?;
        let ratio = pixel_ratio();
        let (layer, column) = layout.cell_at((x * ratio) as i32, (y * ratio) as i32)?;
        let cols = columns(run.history());
        let metrics = cols.get(column)?;
        let value = metrics.grad_norm.get(layer)?;
        let layers = metrics.grad_norm.len();
        let mode = layout.scale.mode;
        let relative = match mode {
            HeatmapMode::Absolute => String::new(),
            HeatmapMode::RelativeToOutput => {
                let r = mode.value(&metrics.grad_norm, layer);
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

/// A colour scale as text: `log_min log_max mode` (the heatmap canvas's `data-scale`).
fn scale_text(scale: &ColourScale) -> String {
    let mode = match scale.mode {
        HeatmapMode::Absolute => "absolute",
        HeatmapMode::RelativeToOutput => "relative",
    };
    format!("{} {} {mode}", scale.log_min, scale.log_max)
}

/// Run `draw` on `canvas`, first sizing its bitmap to its box times the device pixel ratio.
pub(super) fn draw_on<T>(
    canvas: &HtmlCanvasElement,
    style: &ChartStyle,
    sizes: &TextSizes,
    draw: impl FnOnce(&Area, &ChartStyle) -> Result<T, ChartError>,
) -> Result<T, ChartError> {
    let canvas = canvas.clone();
    let ratio = style.scale;
    let width = (canvas.client_width() as f64 * ratio).round().max(1.0) as u32;
    let height = (canvas.client_height() as f64 * ratio).round().max(1.0) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let backend = ChartCanvas::new(canvas, sizes)
        .ok_or_else(|| ChartError("a chart canvas has no 2-D context".to_string()))?;
    draw(&backend.into_drawing_area(), style)
}
