//! The network itself: layers as columns from the input (left) to the output (right),
//! units as nodes, and connections coloured by the weight, its gradient or its update
//! on a fixed log scale (the heatmap's for gradients), so the fade of the gradient
//! toward the input shows on the network where it happens.
//!
//! A connection's colour is its *layer-equivalent* value: for gradients
//! `sqrt(n) · |dL/dw|` and for weights `sqrt(n) · |w|` (n the layer's connections), for
//! updates the relative update itself; the root mean square of these over a layer is the
//! layer's own number (`grad_norm`, `weight_norm`, `update_ratio`), so a layer of equal
//! connections has exactly the colour of its heatmap cell. Layers wider than
//! `FULL_UNITS` are drawn as one bundle in the colour of that number. Units of narrow
//! hidden layers are filled by how much gradient their activation lets through (the mean
//! slope over the probe, light = all of it, dark = none); a dead unit is black with a
//! white cross, a unit saturated on at least half of the probe rows has an alert ring.
//! Residual blocks get a skip arc above the columns, labelled with the skip path's
//! share of the backward gain; batch-normalized layers a "BN" tag below, with the
//! normalization's own gain.

use super::heatmap::draw_color_bar;
use super::scale::{ColourScale, HeatmapMode};
use super::{draw_note, ChartResult, ChartStyle};
use crate::config::Config;
use crate::diagram::{LayerSnapshot, NetworkSnapshot, FULL_UNITS};
use crate::metrics::{EpochMetrics, LayerGain};
use crate::numtext;
use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// What the connections show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NetworkMode {
    /// The gradient of the loss with respect to each weight (the heatmap's scale).
    #[default]
    Gradient,
    /// The weights themselves.
    Weight,
    /// Each weight's change in the last epoch relative to its layer's weights.
    Update,
}

impl NetworkMode {
    pub const ALL: [NetworkMode; 3] = [
        NetworkMode::Gradient,
        NetworkMode::Weight,
        NetworkMode::Update,
    ];

    /// The fixed scale of this mode (log10 of the layer-equivalent value).
    pub fn scale(self) -> ColourScale {
        let (log_min, log_max) = match self {
            NetworkMode::Gradient => (super::scale::LOG_MIN, super::scale::LOG_MAX),
            NetworkMode::Weight => (-2.0, 2.0),
            NetworkMode::Update => (-8.0, 0.0),
        };
        ColourScale {
            log_min,
            log_max,
            mode: HeatmapMode::Absolute,
        }
    }

    /// The mode's name (the switch's value, the canvas's `data-mode`).
    pub fn name(self) -> &'static str {
        match self {
            NetworkMode::Gradient => "gradient",
            NetworkMode::Weight => "weight",
            NetworkMode::Update => "update",
        }
    }

    /// The mode named `name` (see `name`).
    pub fn from_name(name: &str) -> Option<NetworkMode> {
        NetworkMode::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The quantity's name in the chart's title.
    pub fn title(self) -> &'static str {
        match self {
            NetworkMode::Gradient => "Gradient of the loss per connection",
            NetworkMode::Weight => "Weight per connection",
            NetworkMode::Update => "Update per connection, relative to the layer's weights",
        }
    }

    /// Layer `l`'s own number, the colour of its bundle.
    pub fn layer_value(self, m: &EpochMetrics, l: usize) -> f32 {
        let pick = match self {
            NetworkMode::Gradient => &m.grad_norm,
            NetworkMode::Weight => &m.weight_norm,
            NetworkMode::Update => &m.update_ratio,
        };
        pick.get(l).copied().unwrap_or(f32::NAN)
    }

    /// The layer-equivalent value of connection `k` of `layer` (see the module's text).
    pub fn connection_value(self, layer: &LayerSnapshot, k: usize) -> f32 {
        let n = (layer.inputs * layer.outputs) as f32;
        match self {
            NetworkMode::Gradient => n.sqrt() * layer.grad[k].abs(),
            NetworkMode::Weight => n.sqrt() * layer.weight[k].abs(),
            NetworkMode::Update => layer.update[k],
        }
    }
}

/// Where the diagram put its columns and units (for a pointer or the keys to find one).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkLayout {
    /// Per column (the inputs, then each weight layer's outputs): its x and, for a
    /// column drawn unit by unit, each unit's y; a bundle column has its top and bottom.
    pub columns: Vec<(i32, Vec<i32>)>,
    /// The units' radius in pixels.
    pub radius: i32,
    /// Where the plot's top left corner is on the canvas (the columns are in the
    /// plot's pixels).
    pub origin: (i32, i32),
}

impl NetworkLayout {
    /// Weight layer `l`'s box on the canvas (left, top, right, bottom): from the column
    /// of its inputs to that of its outputs, over both columns' units.
    pub fn layer_box(&self, l: usize) -> Option<(i32, i32, i32, i32)> {
        let ((x0, ys0), (x1, ys1)) = (self.columns.get(l)?, self.columns.get(l + 1)?);
        let ys = ys0.iter().chain(ys1);
        let top = ys.clone().min()? - self.radius;
        let bottom = ys.max()? + self.radius;
        let (ox, oy) = self.origin;
        Some((ox + x0, oy + top, ox + x1, oy + bottom))
    }

    /// Where unit `k` of weight layer `l`'s outputs is drawn on the canvas (its centre),
    /// when its column is drawn unit by unit.
    pub fn unit_at(&self, l: usize, k: usize) -> Option<(i32, i32)> {
        let (x, ys) = self.columns.get(l + 1)?;
        let y = *ys.get(k)?;
        Some((self.origin.0 + x, self.origin.1 + y))
    }

    /// What is drawn at canvas pixel (`x`, `y`): a unit of a column drawn unit by unit
    /// within twice its radius, as (layer, Some(unit)); else the layer whose span of
    /// columns holds `x`, as (layer, None). `units(l)` is how many of layer `l`'s
    /// outputs are drawn one by one (0 for a bundle or the output layer's units).
    pub fn hit(
        &self,
        x: i32,
        y: i32,
        units: impl Fn(usize) -> usize,
    ) -> Option<(usize, Option<usize>)> {
        let layers = self.columns.len().checked_sub(1)?;
        let reach = 2 * self.radius;
        for l in 0..layers {
            for k in 0..units(l) {
                if let Some((ux, uy)) = self.unit_at(l, k) {
                    if (ux - x).abs() <= reach && (uy - y).abs() <= reach {
                        return Some((l, Some(k)));
                    }
                }
            }
        }
        let x = x - self.origin.0;
        // Left of the first column counts as layer 1, right of the last as the output.
        let l = self.columns[1..]
            .iter()
            .position(|(cx, _)| x <= *cx)
            .unwrap_or(layers - 1);
        Some((l, None))
    }
}

/// Draw the network of `config` as `snapshot` and the newest metrics `m` show it, in
/// `mode`, with the backward `gains` for the skip arcs' labels.
#[allow(clippy::too_many_arguments)]
pub fn draw_network<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    config: &Config,
    snapshot: Option<&NetworkSnapshot>,
    m: Option<&EpochMetrics>,
    gains: &[LayerGain],
    mode: NetworkMode,
    detail: Option<usize>,
    style: &ChartStyle,
) -> Result<NetworkLayout, super::ChartError> {
    area.fill(&style.background)?;
    let (Some(snapshot), Some(m)) = (snapshot, m) else {
        draw_note(area, style, "no network measured yet")?;
        return Ok(NetworkLayout::default());
    };
    if snapshot.layers.is_empty() {
        draw_note(area, style, "no network measured yet")?;
        return Ok(NetworkLayout::default());
    }
    let scale = mode.scale();
    let title = format!("{}, epoch {}", mode.title(), snapshot.epoch);
    let area = area.titled(&title, style.font(14.0))?;
    let (width, _) = area.dim_in_pixel();
    let (plot, bar) = area.split_horizontally(width.saturating_sub(style.px(96.0)));
    draw_color_bar(&bar, &scale, style)?;
    let layout = place(&plot, snapshot, style);
    draw_connections(&plot, snapshot, m, mode, &scale, &layout, style)?;
    draw_skips_and_norms(&plot, config, snapshot, gains, &layout, style)?;
    let full_slope = config.act.max_derivative().unwrap_or(1.0);
    draw_units(&plot, snapshot, full_slope, &layout, style)?;
    if let Some(l) = detail.filter(|&l| is_wide(snapshot, l)) {
        draw_detail(&plot, snapshot, l, mode, &scale, &layout, style)?;
    }
    Ok(layout)
}

/// The columns' x and the units' y inside `plot`, leaving room above for skip arcs and
/// below for tags.
fn place<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    snapshot: &NetworkSnapshot,
    style: &ChartStyle,
) -> NetworkLayout {
    let (w, h) = plot.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let (top, bottom) = (style.px(30.0) as i32, h - style.px(22.0) as i32);
    let side = style.px(16.0) as i32;
    let units: Vec<usize> = std::iter::once(snapshot.layers[0].inputs)
        .chain(snapshot.layers.iter().map(|l| l.outputs))
        .collect();
    let n = units.len() as i32;
    let step = (w - 2 * side) / (n - 1).max(1);
    let widest = units
        .iter()
        .copied()
        .filter(|&u| u <= FULL_UNITS)
        .max()
        .unwrap_or(1) as i32;
    let gap = (bottom - top) / widest.max(1);
    let radius = (gap / 3)
        .clamp(2, style.px(8.0) as i32)
        .min(step / 4)
        .max(2);
    let columns = units
        .iter()
        .enumerate()
        .map(|(c, &count)| {
            let x = side + c as i32 * step;
            let ys = if count <= FULL_UNITS {
                // Centred, `gap` apart.
                let span = gap * (count as i32 - 1);
                let first = (top + bottom) / 2 - span / 2;
                (0..count as i32).map(|k| first + k * gap).collect()
            } else {
                vec![top, bottom]
            };
            (x, ys)
        })
        .collect();
    NetworkLayout {
        columns,
        radius,
        origin: plot.get_base_pixel(),
    }
}

/// Every connection of a narrow layer (brightest last, so on top), a bundle otherwise.
fn draw_connections<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    snapshot: &NetworkSnapshot,
    m: &EpochMetrics,
    mode: NetworkMode,
    scale: &ColourScale,
    layout: &NetworkLayout,
    style: &ChartStyle,
) -> ChartResult {
    for (l, layer) in snapshot.layers.iter().enumerate() {
        let (x0, ys0) = &layout.columns[l];
        let (x1, ys1) = &layout.columns[l + 1];
        if layer.has_connections() && !layer.is_wide() {
            let mut order: Vec<(f32, usize)> = (0..layer.weight.len())
                .map(|k| (mode.connection_value(layer, k), k))
                .collect();
            crate::sorting::sort_by(&mut order, |a, b| {
                a.0 < b.0 || (b.0.is_nan() && !a.0.is_nan())
            });
            // Connections of one colour and width in a row are one element (a canvas
            // path): the default network has 2,352 of them.
            let mut run = Segments::default();
            for (value, k) in order {
                let (o, i) = (k / layer.inputs, k % layer.inputs);
                let (color, t) = connection_color(scale, value);
                let stroke = style.px(0.75 + 1.75 * f64::from(t)).max(1);
                let line_style = color.stroke_width(stroke);
                if run.style != Some(line_style) && !run.points.is_empty() {
                    plot.draw(&run)?;
                    run.points.clear();
                }
                run.style = Some(line_style);
                run.points.extend([(*x0, ys0[i]), (*x1, ys1[o])]);
            }
            if !run.points.is_empty() {
                plot.draw(&run)?;
            }
        } else {
            // A bundle between the two columns' extents, in the layer's own colour.
            let span = |ys: &Vec<i32>| (ys[0], *ys.last().unwrap_or(&ys[0]));
            let ((a0, a1), (b0, b1)) = (span(ys0), span(ys1));
            let color = scale.color(mode.layer_value(m, l));
            plot.draw(&Polygon::new(
                vec![(*x0, a0), (*x1, b0), (*x1, b1), (*x0, a1)],
                color.filled(),
            ))?;
            // Its size under it, where there is room between the columns.
            let label = format!("{} \u{d7} {}", layer.inputs, layer.outputs);
            let font = style.font(12.0).color(&style.foreground);
            let (w, _) = plot.estimate_text_size(&label, &font)?;
            if (w as i32) < x1 - x0 {
                plot.draw(&Text::new(
                    label,
                    ((x0 + x1 - w as i32) / 2, (a1.max(b1)) + 4),
                    font,
                ))?;
            }
        }
    }
    Ok(())
}

/// True when weight layer `l` is drawn as a band (more than `FULL_UNITS` units on a side).
pub fn is_wide(snapshot: &NetworkSnapshot, l: usize) -> bool {
    snapshot.layers.get(l).is_some_and(LayerSnapshot::is_wide)
}

/// A wide layer's every connection (once the run has sent them), as a matrix over the
/// diagram near its band: a row per output unit (unit 1 at the top), a column per
/// input, each cell in its connection's colour; a cell is at least one pixel, so up to
/// the plot's height in units every connection shows.
fn draw_detail<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    snapshot: &NetworkSnapshot,
    l: usize,
    mode: NetworkMode,
    scale: &ColourScale,
    layout: &NetworkLayout,
    style: &ChartStyle,
) -> ChartResult {
    let layer = &snapshot.layers[l];
    let (pw, ph) = plot.dim_in_pixel();
    let (pw, ph) = (pw as i32, ph as i32);
    let (ins, outs) = (layer.inputs as i32, layer.outputs as i32);
    let caption_h = style.px(18.0) as i32;
    let cell = ((ph - caption_h - 8) / outs.max(1))
        .min(pw / 2 / ins.max(1))
        .max(1);
    let (w, h) = (cell * ins, cell * outs);
    let mid = (layout.columns[l].0 + layout.columns[l + 1].0) / 2;
    let x0 = (mid - w / 2).clamp(4, (pw - w - 4).max(4));
    let y0 = ((ph - h + caption_h) / 2).max(caption_h);
    plot.draw(&Rectangle::new(
        [(x0 - 4, y0 - caption_h - 2), (x0 + w + 4, y0 + h + 4)],
        style.background.filled(),
    ))?;
    plot.draw(&Rectangle::new(
        [(x0 - 4, y0 - caption_h - 2), (x0 + w + 4, y0 + h + 4)],
        style.foreground.stroke_width(1),
    ))?;
    let caption = if layer.has_connections() {
        format!("layer {}: {} \u{d7} {} connections", l + 1, outs, ins)
    } else {
        format!("layer {}: asking for its connections\u{2026}", l + 1)
    };
    let font = style.font(12.0).color(&style.foreground);
    plot.draw(&Text::new(caption, (x0, y0 - caption_h), font))?;
    if !layer.has_connections() {
        return Ok(());
    }
    let color = |k: usize| connection_color(scale, mode.connection_value(layer, k)).0;
    if style.bitmaps {
        let (w, h) = (w as usize, h as usize);
        let cell = cell as usize;
        let mut rgb = vec![0u8; w * h * 3];
        for y in 0..h {
            for x in 0..w {
                let c = color((y / cell) * layer.inputs + x / cell);
                let at = 3 * (y * w + x);
                rgb[at] = c.0;
                rgb[at + 1] = c.1;
                rgb[at + 2] = c.2;
            }
        }
        plot.draw(&super::Pixels {
            at: (x0, y0),
            size: (w as u32, h as u32),
            rgb,
        })?;
    } else {
        for k in 0..layer.weight.len() {
            let (o, i) = ((k / layer.inputs) as i32, (k % layer.inputs) as i32);
            let (x, y) = (x0 + i * cell, y0 + o * cell);
            plot.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                color(k).filled(),
            ))?;
        }
    }
    Ok(())
}

/// Straight segments in one style, drawn as lines one after the other: points 2k and
/// 2k + 1 are the ends of segment k.
#[derive(Default)]
struct Segments {
    points: Vec<(i32, i32)>,
    style: Option<ShapeStyle>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Segments {
    type Point = &'a (i32, i32);
    type IntoIter = &'a [(i32, i32)];
    fn point_iter(self) -> &'a [(i32, i32)] {
        &self.points
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Segments {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some(style) = self.style else {
            return Ok(());
        };
        while let (Some(a), Some(b)) = (points.next(), points.next()) {
            backend.draw_line(a, b, &style)?;
        }
        Ok(())
    }
}

/// Steps of the scale a connection's colour is rounded to (a step is 10/64 of an order
/// of magnitude on the gradient scale), so that connections of nearly equal value share
/// a colour and the canvas draws them as one path: the default network has 2,352
/// connections, and a colour change per connection made the diagram 1.5 times as slow
/// to draw as the heatmap instead of 1.1 times.
pub const CONNECTION_LEVELS: f32 = 64.0;

/// A connection's colour and its position on `scale` (0 to 1; below the scale or 0
/// count as 0, above it or NaN as 1), the position rounded to `CONNECTION_LEVELS`
/// steps; values beyond the scale keep the scale's own colours for them.
pub fn connection_color(scale: &ColourScale, value: f32) -> (RGBColor, f32) {
    match scale.band(value) {
        super::scale::Band::Inside(t) => {
            let t = (t * CONNECTION_LEVELS).round() / CONNECTION_LEVELS;
            (super::scale::inside_color(t), t)
        }
        super::scale::Band::Above => (scale.color(value), 1.0),
        _ => (scale.color(value), 0.0),
    }
}

/// Skip arcs over residual blocks (labelled with the skip path's backward factor) and
/// "BN" under batch-normalized hidden layers.
fn draw_skips_and_norms<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    config: &Config,
    snapshot: &NetworkSnapshot,
    gains: &[LayerGain],
    layout: &NetworkLayout,
    style: &ChartStyle,
) -> ChartResult {
    let hidden = snapshot.layers.len().saturating_sub(1);
    let font = style.font(12.0).color(&style.foreground);
    let top = layout
        .columns
        .iter()
        .filter_map(|(_, ys)| ys.first().copied())
        .min()
        .unwrap_or(0);
    // A "BN" tag under each hidden column when the columns are far enough apart.
    let (bn_width, _) = plot.estimate_text_size("BN", &font)?;
    let bn_width = bn_width as i32;
    let step = match layout.columns.as_slice() {
        [(a, _), (b, _), ..] => b - a,
        _ => i32::MAX,
    };
    let bn_fits = bn_width + style.px(4.0) as i32 <= step;
    for l in 0..hidden {
        let (x0, _) = layout.columns[l];
        let (x1, _) = layout.columns[l + 1];
        // A residual connection adds every hidden layer's input to its output but the
        // first's (`Network::new`).
        if config.res && l > 0 {
            let lift = style.px(14.0) as i32;
            let y = top - layout.radius - lift;
            let points: Vec<(i32, i32)> = (0..=16)
                .map(|k| {
                    let s = f64::from(k) / 16.0;
                    let x = x0 + ((x1 - x0) as f64 * s) as i32;
                    // A parabola through both ends, 1 in the middle (no `sin`: the
                    // page's module would carry libm's range reduction for it).
                    let bulge = 4.0 * s * (1.0 - s);
                    (
                        x,
                        top - layout.radius - (f64::from(lift) * bulge) as i32 + 2,
                    )
                })
                .collect();
            plot.draw(&PathElement::new(
                points,
                style.muted.stroke_width(style.px(1.5)),
            ))?;
            // The skip path's factor over the arc, where it fits between the columns
            // (the table and the keys give every one).
            if let Some(g) = gains.get(l) {
                let label = format!("skip \u{d7}{}", numtext::fixed(f64::from(g.skip), 2));
                let (w, _) = plot.estimate_text_size(&label, &font)?;
                if (w as i32) < x1 - x0 {
                    plot.draw(&Text::new(
                        label,
                        ((x0 + x1 - w as i32) / 2, y - style.px(14.0) as i32),
                        font.clone(),
                    ))?;
                }
            }
        }
        if config.bn && bn_fits {
            // With its share of the backward signal (its stage's gain) where that fits.
            let (x, ys) = &layout.columns[l + 1];
            let y = ys.last().copied().unwrap_or(0) + layout.radius + 3;
            let mut tag = ("BN".to_string(), bn_width);
            if let Some(g) = gains.get(l) {
                let long = format!("BN \u{d7}{}", numtext::fixed(f64::from(g.norm), 2));
                let (w, _) = plot.estimate_text_size(&long, &font)?;
                if w as i32 + style.px(4.0) as i32 <= step {
                    tag = (long, w as i32);
                }
            }
            plot.draw(&Text::new(tag.0, (x - tag.1 / 2, y), font.clone()))?;
        }
    }
    if config.bn && !bn_fits && hidden > 0 {
        // Too many columns for a tag each: one note for all of them.
        let (_, h) = plot.dim_in_pixel();
        let note = "BN after every hidden layer";
        plot.draw(&Text::new(
            note,
            (0, h as i32 - style.px(16.0) as i32),
            font,
        ))?;
    }
    Ok(())
}

/// The units: input and output units plain; hidden units of narrow layers filled by
/// their mean slope over the activation's largest (`full_slope`: sigmoid 0.25, tanh 1,
/// 1 for the rest), dead ones crossed, mostly saturated ones ringed.
fn draw_units<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    snapshot: &NetworkSnapshot,
    full_slope: f32,
    layout: &NetworkLayout,
    style: &ChartStyle,
) -> ChartResult {
    let r = layout.radius;
    let last = layout.columns.len() - 1;
    for (c, (x, ys)) in layout.columns.iter().enumerate() {
        let count = if c == 0 {
            snapshot.layers[0].inputs
        } else {
            snapshot.layers[c - 1].outputs
        };
        if count > FULL_UNITS {
            // A wide column is one bar from its top to its bottom, so that the bundles
            // on its two sides stay apart.
            let (top, bottom) = (ys[0], *ys.last().unwrap_or(&ys[0]));
            let half = (r / 2).max(1);
            plot.draw(&Rectangle::new(
                [(x - half, top), (x + half, bottom)],
                style.background.filled(),
            ))?;
            plot.draw(&Rectangle::new(
                [(x - half, top), (x + half, bottom)],
                style.foreground.stroke_width(1),
            ))?;
            continue;
        }
        // Column c > 0 holds weight layer c - 1's outputs.
        let states = (c > 0 && c < last).then(|| &snapshot.layers[c - 1]);
        for (k, &y) in ys.iter().enumerate() {
            let fill = match states {
                Some(s) if !s.slope.is_empty() => {
                    if s.dead[k] {
                        RGBColor(0, 0, 0)
                    } else {
                        slope_grey(s.slope[k] / full_slope)
                    }
                }
                _ => style.background,
            };
            plot.draw(&Circle::new((*x, y), r, fill.filled()))?;
            plot.draw(&Circle::new((*x, y), r, style.foreground.stroke_width(1)))?;
            if let Some(s) = states.filter(|s| !s.slope.is_empty()) {
                if s.dead[k] {
                    let d = (r * 2 / 3).max(1);
                    let white = RGBColor(255, 255, 255).stroke_width(1);
                    plot.draw(&PathElement::new(
                        vec![(x - d, y - d), (x + d, y + d)],
                        white,
                    ))?;
                    plot.draw(&PathElement::new(
                        vec![(x - d, y + d), (x + d, y - d)],
                        white,
                    ))?;
                } else if s.saturated[k] >= 0.5 {
                    plot.draw(&Circle::new(
                        (*x, y),
                        r + 2,
                        style.alert.stroke_width(style.px(1.5)),
                    ))?;
                }
            }
        }
    }
    Ok(())
}

/// A grey from dark (slope 0: nothing passes) to light (the full slope).
fn slope_grey(t: f32) -> RGBColor {
    let v = (40.0 + 200.0 * t.clamp(0.0, 1.0)) as u8;
    RGBColor(v, v, v)
}

/// The "Show backprop" pulse at one moment: a band over one point of the diagram, as
/// bright as the gradient of the layer it crosses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pulse {
    /// The band's box on the canvas (left, top, right, bottom; device pixels).
    pub area: (i32, i32, i32, i32),
    /// Weight layer it crosses.
    pub layer: usize,
    /// Its brightness: the layer's gradient norm on the heatmap's fixed scale, 0 at
    /// 1e-8 or below (or exactly 0), 1 at 100 or above.
    pub brightness: f32,
    pub color: RGBColor,
}

/// Where the backward pulse is at `progress` (0: at the output column, 1: at the
/// input column), moving at an even pace from column to column, for the diagram drawn
/// at `layout` of an epoch whose gradient norms are `grad_norm`.
pub fn backprop_pulse(layout: &NetworkLayout, grad_norm: &[f32], progress: f64) -> Option<Pulse> {
    let last = layout.columns.len().checked_sub(1).filter(|&c| c > 0)?;
    // Position in columns, counted from the input: `last` at the start, 0 at the end.
    let at = (1.0 - progress.clamp(0.0, 1.0)) * last as f64;
    let c = (at.floor() as usize).min(last - 1);
    let (x0, _) = layout.columns[c];
    let (x1, _) = layout.columns[c + 1];
    let x = f64::from(x0) + (at - c as f64) * f64::from(x1 - x0);
    let (_, top, _, bottom) = layout.layer_box(c)?;
    let half = layout.radius + 4;
    let x = layout.origin.0 + x as i32;
    let value = grad_norm.get(c).copied().unwrap_or(0.0);
    let scale = NetworkMode::Gradient.scale();
    Some(Pulse {
        area: (x - half, top, x + half, bottom),
        layer: c,
        brightness: scale.position(value),
        color: scale.color(value),
    })
}
