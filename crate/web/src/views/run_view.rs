//! A run's view: the canvases of one run, found in a container element by their
//! `data-chart` and `data-run` attributes (never by fixed ids), the charts drawn on
//! them, and the texts of the heatmap's and the weights chart's tooltips. The single-run page is one view; a comparison is
//! two, drawn with one colour scale, the first also drawing the overlaid charts.

use super::canvas::ChartCanvas;
pub use super::canvas::TextSizes;
use crate::dom;
use plotters::coord::Shift;
use plotters::prelude::*;
use vgp::charts::boundary::{draw_decision_boundary, surface_grid, Surface};
use vgp::charts::compare::{draw_losses, draw_profiles, Compared};
use vgp::charts::distributions::draw_distributions;
use vgp::charts::gains::draw_gains;
use vgp::charts::health::draw_layer_health;
use vgp::charts::heatmap::{columns, draw_gradient_heatmap, HeatmapLayout};
use vgp::charts::loss::{draw_loss, LossScale};
use vgp::charts::network::{draw_network, NetworkLayout, NetworkMode};
use vgp::charts::pacing::RedrawQueue;
use vgp::charts::plot_map::PlotMap;
use vgp::charts::profile::draw_gradient_profile;
use vgp::charts::scale::{ColourScale, HeatmapMode};
use vgp::charts::updates::draw_update_ratios;
use vgp::charts::weights::{draw_tracked_weights, WeightsLayout, WeightsMode};
use vgp::charts::weights_layout::WeightPoint;
use vgp::charts::{ChartError, ChartStyle};
use vgp::config::PANELS;
use vgp::data::Dataset;
use vgp::describe::gradients::at_epoch;
use vgp::numtext::f32_text;
use vgp::remote::{RunMirror, SURFACE_RESOLUTION};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlCanvasElement};

pub(crate) type Area<'a> = DrawingArea<ChartCanvas<'a>, Shift>;

/// One run as a view draws it: the run and its legend name.
pub struct Shown<'a> {
    pub label: &'a str,
    pub run: &'a RunMirror,
}

/// What the charts need to remember between frames.
#[derive(Default)]
pub struct ChartsView {
    /// The canvases this view draws on, in drawing order, with their chart names.
    canvases: Vec<(&'static str, HtmlCanvasElement)>,
    /// Which canvases are stale and whose turn it is (a redraw spread over frames).
    queue: RedrawQueue,
    pub heatmap: Option<HeatmapLayout>,
    /// Where the loss chart's and the profile's plots landed, and how many times the
    /// explored charts (those two and the heatmap) were drawn.
    pub loss_map: Option<PlotMap>,
    pub profile_map: Option<PlotMap>,
    pub explored_drawn: u32,
    /// Where the weights chart's points landed, and how many times it was drawn.
    weights: Option<WeightsLayout>,
    pub weights_drawn: u32,
    /// Where the network diagram put its columns and units.
    pub network: Option<NetworkLayout>,
    pub loss_scale: LossScale,
    pub weights_mode: WeightsMode,
    pub network_mode: NetworkMode,
    /// The wide layer whose every connection the diagram shows.
    pub network_detail: Option<usize>,
    /// How long the latest whole redraw took (every chart's latest drawing time), ms.
    pub last_draw_ms: f64,
    /// The latest whole redraws' times (newest last, at most `DRAW_TIMES_KEPT`): what
    /// `vgp.performance()` reports.
    pub draw_times_ms: std::collections::VecDeque<f64>,
    /// Whole redraws since the page opened.
    pub draw_count: u64,
    /// Text sizes measured so far (labels repeat from one redraw to the next).
    text_sizes: TextSizes,
}

/// Redraw times kept for `vgp.performance()`.
const DRAW_TIMES_KEPT: usize = 240;

/// What every chart of one drawing reads: the runs, their histories, the theme.
struct Scene<'a> {
    run: &'a RunMirror,
    surface: &'a Surface,
    diverged: Option<usize>,
    style: ChartStyle,
    overlaid: Vec<Compared<'a>>,
    scale: &'a ColourScale,
    loss_scale: LossScale,
    weights_mode: WeightsMode,
    network_mode: NetworkMode,
    network_detail: Option<usize>,
}

impl ChartsView {
    /// The view of run `run` (`a`, `b`) in `container`: every
    /// `canvas[data-chart][data-run=run]` inside it whose chart it knows.
    pub fn from_container(container: &Element, run: &str) -> ChartsView {
        let mut found = Vec::new();
        let selector = format!("canvas[data-chart][data-run=\"{run}\"]");
        if let Ok(nodes) = container.query_selector_all(&selector) {
            for i in 0..nodes.length() {
                let Some(canvas) = nodes
                    .item(i)
                    .and_then(|n| n.dyn_into::<HtmlCanvasElement>().ok())
                else {
                    continue;
                };
                // A chart's `data-chart` is its panel name (config::PANELS, page order).
                let name = canvas.get_attribute("data-chart").unwrap_or_default();
                if let Some(chart) = PANELS.iter().find(|c| **c == name) {
                    found.push((*chart, canvas));
                }
            }
        }
        vgp::sorting::sort_by_key(&mut found, |(name, _)| {
            PANELS.iter().position(|c| c == name)
        });
        ChartsView {
            queue: RedrawQueue::new(found.len()),
            canvases: found,
            ..ChartsView::default()
        }
    }

    /// The runs or the page changed: every chart of this view is to be drawn again.
    pub fn invalidate(&mut self) {
        self.queue.invalidate();
    }

    /// True when every chart of this view shows the latest state.
    pub fn is_clean(&self) -> bool {
        self.queue.is_clean()
    }

    /// Each chart's latest drawing time: `[name, milliseconds]`.
    pub fn chart_ms(&self) -> Vec<(&'static str, f64)> {
        let names = self.canvases.iter().map(|(name, _)| *name);
        names.zip(self.queue.costs_ms().iter().copied()).collect()
    }

    /// Redraw this view's stale charts from `runs[me]` that fit in `budget_ms` (at least
    /// one; pacing.rs), its heatmap on `scale` (the one scale every view of the page is
    /// given). With more than one run, the view that has the profile and loss canvases
    /// overlays every run there. Returns true when this completed a whole redraw.
    pub fn draw_within(
        &mut self,
        runs: &[Shown],
        me: usize,
        scale: &ColourScale,
        budget_ms: f64,
    ) -> Result<bool, ChartError> {
        let Some(Shown { run, .. }) = runs.get(me) else {
            return Ok(false);
        };
        let run: &RunMirror = run;
        let no_surface;
        let surface = match run.surface() {
            Some(s) => s,
            None => {
                no_surface = empty_surface(run.data());
                &no_surface
            }
        };
        let scene = Scene {
            run,
            surface,
            diverged: run.diverged().map(|d| d.epoch),
            // One theme and pixel ratio for the whole drawing.
            style: page_style(),
            overlaid: runs
                .iter()
                .map(|r| Compared {
                    label: r.label,
                    history: r.run.history(),
                })
                .collect(),
            scale,
            loss_scale: self.loss_scale,
            weights_mode: self.weights_mode,
            network_mode: self.network_mode,
            network_detail: self.network_detail,
        };
        // Canvases without a box (panels an embed leaves out) are not drawn.
        for (chart, (_, canvas)) in self.canvases.iter().enumerate() {
            let hidden = canvas.client_width() == 0 || canvas.client_height() == 0;
            self.queue.set_hidden(chart, hidden);
        }
        let mut whole = false;
        for chart in self.queue.plan(budget_ms) {
            let Some((name, canvas)) = self.canvases.get(chart).cloned() else {
                continue;
            };
            let start = dom::now_ms();
            let drawn = draw_chart(name, &canvas, &scene, &self.text_sizes)?;
            if matches!(
                drawn,
                Some(Drawn::Heatmap(_) | Drawn::Loss(_) | Drawn::Profile(_) | Drawn::Network(_))
            ) {
                self.explored_drawn = self.explored_drawn.wrapping_add(1);
            }
            match drawn {
                Some(Drawn::Heatmap(layout)) => self.heatmap = Some(layout),
                Some(Drawn::Loss(map)) => self.loss_map = Some(map),
                Some(Drawn::Profile(map)) => self.profile_map = Some(map),
                Some(Drawn::Network(layout)) => self.network = Some(layout),
                Some(Drawn::Weights(layout)) => {
                    self.weights = Some(layout);
                    self.weights_drawn = self.weights_drawn.wrapping_add(1);
                }
                None => {}
            }
            if let Some(total) = self.queue.drawn(chart, dom::now_ms() - start) {
                whole = true;
                self.last_draw_ms = total;
                if self.draw_times_ms.len() == DRAW_TIMES_KEPT {
                    self.draw_times_ms.pop_front();
                }
                self.draw_times_ms.push_back(total);
                self.draw_count += 1;
            }
        }
        Ok(whole)
    }

    /// Text for the heatmap cell at (`x`, `y`) (CSS pixels from the top left corner of
    /// this view's heatmap canvas): the words the keys' read-out uses too.
    pub fn heatmap_tip(&self, run: &RunMirror, x: f64, y: f64) -> Option<String> {
        let layout = self.heatmap.as_ref()?;
        let ratio = pixel_ratio();
        let (layer, column) = layout.cell_at((x * ratio) as i32, (y * ratio) as i32)?;
        let cols = columns(run.history());
        vgp::describe::gradients::gradient_words(cols.get(column)?, layer)
    }

    /// The weights chart's point nearest (`x`, `y`) (CSS pixels from the top left corner
    /// of this view's weights canvas) in the latest drawing, in words.
    pub fn weights_pointer_tip(&self, x: f64, y: f64) -> Option<String> {
        let layout = self.weights.as_ref()?;
        let ratio = pixel_ratio();
        let point = layout.nearest((x * ratio) as i32, (y * ratio) as i32)?;
        layout.text(point)
    }

    /// Point `p` as the latest drawing has it: its words and where it is (CSS pixels).
    pub fn weights_point_tip(&self, p: WeightPoint) -> Option<(String, f64, f64)> {
        let layout = self.weights.as_ref()?;
        let ratio = pixel_ratio();
        let at = layout.point(p)?.at;
        let text = layout.text(p)?;
        Some((text, f64::from(at.0) / ratio, f64::from(at.1) / ratio))
    }
}

/// The layout a chart recorded while drawing, for its tooltip.
enum Drawn {
    Heatmap(HeatmapLayout),
    Weights(WeightsLayout),
    Loss(PlotMap),
    Profile(PlotMap),
    Network(NetworkLayout),
}

/// Draw chart `name` of `scene` on `canvas`; the heatmap and the weights chart return
/// their layouts (for the tooltips). The heatmap records its colour scale, the weights
/// chart its mode and the overlaid charts their legends on the canvas (`data-scale`,
/// `data-mode`, `data-legend`), for tests and the curious.
fn draw_chart(
    name: &str,
    canvas: &HtmlCanvasElement,
    scene: &Scene,
    sizes: &TextSizes,
) -> Result<Option<Drawn>, ChartError> {
    let Scene {
        run,
        surface,
        diverged,
        ref style,
        ref overlaid,
        scale,
        loss_scale,
        weights_mode,
        network_mode,
        network_detail,
    } = *scene;
    let history = run.history();
    let compared = overlaid.len() > 1;
    let legend = |legend: Vec<String>| {
        let _ = canvas.set_attribute("data-legend", &legend.join(" | "));
    };
    match name {
        "heatmap" => {
            let layout = draw_on(canvas, style, sizes, |a, s| {
                draw_gradient_heatmap(a, history, scale, diverged, s)
            })?;
            let _ = canvas.set_attribute("data-scale", &scale_text(&layout.scale));
            return Ok(Some(Drawn::Heatmap(layout)));
        }
        "profile" => {
            let (names, map) = draw_on(canvas, style, sizes, |a, s| {
                if compared {
                    draw_profiles(a, overlaid, s)
                } else {
                    draw_gradient_profile(a, history, s).map(|m| (Vec::new(), m))
                }
            })?;
            legend(names);
            return Ok(Some(Drawn::Profile(map)));
        }
        "network" => {
            // The numbers of the epoch the diagram shows (it may trail the newest).
            let snapshot = run.network();
            let m = snapshot.and_then(|n| at_epoch(history, n.epoch));
            let layout = draw_on(canvas, style, sizes, |a, s| {
                draw_network(
                    a,
                    run.config(),
                    snapshot,
                    m,
                    run.gains(),
                    network_mode,
                    network_detail,
                    s,
                )
            })?;
            let _ = canvas.set_attribute("data-mode", network_mode.name());
            // The wide layer drawn connection by connection (layer number from 1), once
            // its connections are there.
            let shown = network_detail.filter(|&l| {
                snapshot
                    .and_then(|s| s.layers.get(l))
                    .is_some_and(|l| l.has_connections())
            });
            match shown {
                Some(l) => {
                    let _ = canvas.set_attribute("data-detail", &(l + 1).to_string());
                }
                None => {
                    let _ = canvas.remove_attribute("data-detail");
                }
            }
            return Ok(Some(Drawn::Network(layout)));
        }
        "gains" => draw_on(canvas, style, sizes, |a, s| draw_gains(a, run.gains(), s))?,
        "loss" => {
            let (names, map) = draw_on(canvas, style, sizes, |a, s| {
                if compared {
                    draw_losses(a, overlaid, loss_scale, s)
                } else {
                    draw_loss(a, history, loss_scale, diverged, s).map(|m| (Vec::new(), m))
                }
            })?;
            legend(names);
            return Ok(Some(Drawn::Loss(map)));
        }
        "weights" => {
            let layout = draw_on(canvas, style, sizes, |a, s| {
                draw_tracked_weights(a, history, weights_mode, diverged, s)
            })?;
            let _ = canvas.set_attribute("data-mode", weights_mode_name(layout.mode));
            return Ok(Some(Drawn::Weights(layout)));
        }
        "updates" => draw_on(canvas, style, sizes, |a, s| {
            draw_update_ratios(a, history, diverged, s)
        })?,
        "boundary" => draw_on(canvas, style, sizes, |a, s| {
            draw_decision_boundary(a, surface, run.data(), s)
        })?,
        "health" => {
            if let Some(newest) = history.newest() {
                draw_on(canvas, style, sizes, |a, s| {
                    draw_layer_health(a, newest, run.config().act, s)
                })?;
            }
        }
        "distributions" => draw_on(canvas, style, sizes, |a, s| {
            draw_distributions(a, run.distributions(), s)
        })?,
        _ => {}
    }
    Ok(None)
}

/// The name of a weights chart mode (the canvas's `data-mode`).
pub(crate) fn weights_mode_name(mode: WeightsMode) -> &'static str {
    match mode {
        WeightsMode::Value => "value",
        WeightsMode::Change => "change",
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
pub(crate) fn page_style() -> ChartStyle {
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

pub(crate) fn pixel_ratio() -> f64 {
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
    format!(
        "{} {} {mode}",
        f32_text(scale.log_min),
        f32_text(scale.log_max)
    )
}

/// Run `draw` on `canvas`, first sizing its bitmap to its box times the device pixel ratio.
///
/// Never inlined: each chart's drawing (the closure) is then a function of its own
/// rather than part of one redraw function holding every chart (54 KB of WebAssembly
/// code when inlined). A browser compiles a function when it is first called, so the
/// page's first redraw compiles each chart in the frame that first draws it
/// (pacing.rs), instead of all of them in the first frame.
#[inline(never)]
pub(crate) fn draw_on<T>(
    canvas: &HtmlCanvasElement,
    style: &ChartStyle,
    sizes: &TextSizes,
    draw: impl FnOnce(&Area, &ChartStyle) -> Result<T, ChartError>,
) -> Result<T, ChartError> {
    let backend = sized_backend(canvas, style, sizes)?;
    draw(&backend.into_drawing_area(), style)
}

/// The backend of `canvas`, its bitmap sized to its box times the device pixel ratio
/// (once for every chart, not once in each chart's function).
#[inline(never)]
fn sized_backend<'a>(
    canvas: &HtmlCanvasElement,
    style: &ChartStyle,
    sizes: &'a TextSizes,
) -> Result<ChartCanvas<'a>, ChartError> {
    let canvas = canvas.clone();
    let ratio = style.scale;
    let width = (canvas.client_width() as f64 * ratio).round().max(1.0) as u32;
    let height = (canvas.client_height() as f64 * ratio).round().max(1.0) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    ChartCanvas::new(canvas, sizes)
        .ok_or_else(|| ChartError("a chart canvas has no 2-D context".to_string()))
}
