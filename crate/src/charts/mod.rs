//! Charts of a run's history, drawn with plotters onto any drawing backend.
//!
//! Each chart is a function taking the data it shows, a drawing area and a
//! `ChartStyle`; none knows about canvases or the DOM. The page draws them on
//! canvases, tests and the `vgp` command on SVG or bitmap backends.

pub mod boundary;
pub mod compare;
pub mod distributions;
pub mod gains;
pub mod health;
pub mod heatmap;
pub mod legend;
pub mod loss;
pub mod network;
pub mod pacing;
pub mod plot_map;
pub mod profile;
pub mod scale;
pub mod sweep;
pub mod ticks;
pub mod updates;
pub mod weights;
pub mod weights_layout;

use crate::history::History;
use crate::metrics::EpochMetrics;
use plotters::chart::{ChartContext, MeshStyle, SeriesLabelPosition};
use plotters::coord::CoordTranslate;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// The smallest text a chart draws, in CSS pixels.
pub const MIN_FONT_PX: f64 = 12.0;

/// Colours and sizes shared by every chart (so themes and device pixel ratios are one switch).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    /// Pixels per CSS pixel: fonts and margins scale with it.
    pub scale: f64,
    pub background: RGBColor,
    pub foreground: RGBColor,
    pub grid: RGBColor,
    /// Series colours, chosen to stay distinguishable for colour-blind readers (Okabe-Ito;
    /// in the light theme a violet and a wine red instead of its sky blue and orange,
    /// which reach only 2.3:1 on white).
    pub palette: [RGBColor; 6],
    /// Marks of exact zeros (the crosses on a log axis's edge), at 3:1 on the background.
    pub muted: RGBColor,
    /// The divergence marker and its text, and values off the top of a scale, at 4.5:1.
    pub alert: RGBColor,
    /// Draw many-celled charts (the heatmap) as one bitmap: right for a backend whose
    /// `blit_bitmap` is one image (the page's canvas), wrong for one that paints a
    /// rectangle per pixel (the default; SVG).
    pub bitmaps: bool,
}

impl ChartStyle {
    pub fn light(scale: f64) -> Self {
        ChartStyle {
            scale,
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(34, 34, 34),
            grid: RGBColor(225, 225, 225),
            palette: [
                RGBColor(0, 114, 178),
                RGBColor(213, 94, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(117, 112, 179),
                RGBColor(136, 34, 85),
            ],
            muted: RGBColor(118, 118, 118),
            alert: RGBColor(210, 0, 0),
            bitmaps: false,
        }
    }

    pub fn dark(scale: f64) -> Self {
        ChartStyle {
            background: RGBColor(24, 26, 31),
            foreground: RGBColor(230, 230, 230),
            grid: RGBColor(58, 62, 70),
            palette: [
                RGBColor(86, 180, 233),
                RGBColor(230, 159, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(240, 228, 66),
                RGBColor(213, 94, 0),
            ],
            muted: RGBColor(150, 150, 150),
            alert: RGBColor(255, 110, 100),
            ..ChartStyle::light(scale)
        }
    }

    /// A size in pixels for a length given in CSS pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// The foreground 60% of the way over the background, as one opaque colour: the
    /// reference lines ("1 = no change") and the profile's epoch-0 line, faint beside
    /// the data but at 3:1 on the background in both themes.
    pub fn faint(&self) -> RGBColor {
        let mix = |f: u8, b: u8| ((u16::from(f) * 3 + u16::from(b) * 2) / 5) as u8;
        let (f, b) = (self.foreground, self.background);
        RGBColor(mix(f.0, b.0), mix(f.1, b.1), mix(f.2, b.2))
    }

    /// The font for labels of `css` pixels, never under 12 (the smallest text a chart
    /// may use and stay readable: Chartability's "small text size", docs/accessibility.md).
    pub fn font(&self, css: f64) -> TextStyle<'static> {
        // The family as the enum (from a string, plotters lower-cases it with Unicode tables).
        (FontFamily::SansSerif, css.max(MIN_FONT_PX) * self.scale)
            .into_font()
            .color(&self.foreground)
    }
}

/// The house look of a chart's mesh: label and axis-title fonts, grid lines, axis colour.
pub fn house_mesh<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    style: &ChartStyle,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    mesh.label_style(style.font(12.0))
        .axis_desc_style(style.font(12.0))
        .light_line_style(style.grid.mix(0.5))
        .bold_line_style(style.grid)
        .axis_style(style.foreground)
}

/// The house look of a chart's series legend, drawn at `position` of its plot.
pub fn house_legend<DB: DrawingBackend, CT: CoordTranslate>(
    chart: &ChartContext<'_, DB, CT>,
    legend: &legend::Legend,
    position: SeriesLabelPosition,
    style: &ChartStyle,
) -> ChartResult {
    let plot = chart.plotting_area().strip_coord_spec();
    legend::draw_legend(&plot, legend, position, style)
}

/// Why a chart could not be drawn (a backend failure; the message is shown to the user).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart drawing failed: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Result of drawing a chart.
pub type ChartResult = Result<(), ChartError>;

/// Draw a centred note in an empty chart (for example before any data exists).
/// A block of pixels (RGB, rows top to bottom) placed with its top-left corner at one
/// point, drawn with the backend's `blit_bitmap`.
pub struct Pixels {
    pub at: (i32, i32),
    pub size: (u32, u32),
    pub rgb: Vec<u8>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Pixels {
    type Point = &'a (i32, i32);
    type IntoIter = std::iter::Once<&'a (i32, i32)>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Pixels {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.blit_bitmap(at, self.size, &self.rgb),
            None => Ok(()),
        }
    }
}

pub fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    style: &ChartStyle,
    text: &str,
) -> ChartResult {
    let (w, h) = area.dim_in_pixel();
    let font = style.font(13.0).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    ));
    area.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        font,
    ))?;
    Ok(())
}

/// Epochs shown on a time axis: the history's first to newest epoch, stretched to the
/// epoch a run diverged at (which has no metrics, but is marked), and at least one epoch
/// wide so a chart at epoch 0 still has an axis.
pub fn epoch_span(history: &History, diverged: Option<usize>) -> (usize, usize) {
    let first = history.first().map_or(0, |m| m.epoch);
    let newest = history.newest().map_or(0, |m| m.epoch);
    let last = newest.max(diverged.unwrap_or(0));
    (first, last.max(first + 1))
}

/// The x coordinate of a chart over epochs `first..=last`: whole-epoch ticks only (never
/// "0 0 0 1 1 1"), bound as the axis's key points.
pub fn epoch_coord(first: usize, last: usize) -> ticks::TickedAxis {
    epoch_coord_to(first, last as f64)
}

/// Like `epoch_coord`, for an axis that ends at `end` (past the last whole epoch, say to
/// leave room for the newest heatmap column).
pub fn epoch_coord_to(first: usize, end: f64) -> ticks::TickedAxis {
    let last = end.floor().max(first as f64) as usize;
    let ticks = ticks::integer_ticks(first, last, 6);
    ticks::TickedAxis::new(
        first as f64..end.max(first as f64 + 1.0),
        ticks.into_iter().map(|t| t as f64).collect(),
    )
}

/// Label of an epoch tick.
pub fn epoch_label(x: &f64) -> String {
    format!("{}", x.round() as i64)
}

/// Mark the epoch a run diverged at on a chart over epochs: a dashed vertical line and
/// "diverged" at the top of the plot.
pub fn mark_divergence<DB: DrawingBackend, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<ticks::TickedAxis, Y>>,
    epoch: usize,
    style: &ChartStyle,
) -> ChartResult {
    let (y0, y1) = {
        let r = chart.y_range();
        (r.start, r.end)
    };
    let x = epoch as f64;
    let line = style.alert.stroke_width(style.px(2.0));
    chart.draw_series(DashedLineSeries::new(
        [(x, y0), (x, y1)],
        style.px(5.0),
        style.px(4.0),
        line,
    ))?;
    // The note sits left of the line's top (the line is at the chart's right end).
    let font = style
        .font(12.0)
        .color(&style.alert)
        .pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Right,
            plotters::style::text_anchor::VPos::Top,
        ));
    chart.draw_series(std::iter::once(Text::new(
        format!("diverged at epoch {epoch} "),
        (x, y1),
        font,
    )))?;
    Ok(())
}

/// Draw `points` as a line in `color`, or as a dot when there is only one point (a line
/// of one point would not show: a run at epoch 0, or one that diverged at epoch 1).
pub fn draw_line_or_dot<
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    stroke: u32,
    style: &ChartStyle,
) -> ChartResult {
    if points.len() == 1 {
        chart.draw_series(
            points
                .iter()
                .map(|&p| Circle::new(p, style.px(3.0), color.filled())),
        )?;
    } else {
        chart.draw_series(LineSeries::new(points, color.stroke_width(stroke)))?;
    }
    Ok(())
}

/// The label of layer tick `x` on an axis of `layers` layers numbered from 1 ("" between
/// layers); `name` names layer `l` (0-based).
pub fn layer_tick(x: f64, layers: usize, name: impl Fn(usize) -> String) -> String {
    let l = x.round();
    if (x - l).abs() < 0.05 && l >= 1.0 && l as usize <= layers {
        name(l as usize - 1)
    } else {
        String::new()
    }
}

/// Indices of at most `max` (at least 2) of `n` items, evenly spread, always the first and last.
pub fn pick_evenly(n: usize, max: usize) -> Vec<usize> {
    let max = max.max(2);
    if n <= max {
        return (0..n).collect();
    }
    let last = n - 1;
    let mut picks: Vec<usize> = (0..max).map(|k| k * last / (max - 1)).collect();
    picks.dedup();
    picks
}

/// Most points drawn per line over the epochs: more would not show on any screen.
pub const MAX_LINE_POINTS: usize = 300;

/// At most `max` of the history's points, evenly spread, always the first and the newest.
pub fn sampled_points(history: &History, max: usize) -> Vec<&EpochMetrics> {
    let points: Vec<&EpochMetrics> = history.points().collect();
    pick_evenly(points.len(), max)
        .into_iter()
        .map(|i| points[i])
        .collect()
}

/// Colour of layer `l` of `layers`: the palette for up to six layers, otherwise viridis
/// from dark (input side) to bright (output side), over the part of the map that keeps
/// 3:1 against the theme's background: 0 to 0.58 on white (past it the greens and
/// yellows fade), 0.35 to 1 on the dark background (below it the purples vanish).
pub fn layer_color(l: usize, layers: usize, style: &ChartStyle) -> RGBColor {
    if layers <= style.palette.len() {
        return style.palette[l.min(style.palette.len() - 1)];
    }
    use plotters::style::colors::colormaps::ViridisRGB;
    let t = l as f32 / (layers.max(2) - 1) as f32;
    let dark = style.background.0 < 128;
    let (from, span) = if dark { (0.35, 0.65) } else { (0.0, 0.58) };
    ViridisRGB::get_color_normalized(from + t * span, 0.0, 1.0)
}

/// A point's mark on a line, so that lines of one chart differ by more than colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Filled,
    Hollow,
    Cross,
    /// A hollow circle with a cross in it.
    Crossed,
}

/// The `i`-th series' marker (a chart's first series is filled).
pub const MARKERS: [Marker; 4] = [
    Marker::Filled,
    Marker::Hollow,
    Marker::Cross,
    Marker::Crossed,
];

/// Draw `marker` at each of `points` in `color`, `r` pixels in radius.
pub fn draw_markers<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    points: &[(f64, f64)],
    marker: Marker,
    color: RGBColor,
    r: u32,
    style: &ChartStyle,
) -> ChartResult {
    let line = color.stroke_width(style.px(1.5));
    let (circle, cross) = match marker {
        Marker::Filled => (Some(color.filled()), false),
        Marker::Hollow => (Some(line), false),
        Marker::Cross => (None, true),
        Marker::Crossed => (Some(line), true),
    };
    if let Some(shape) = circle {
        chart.draw_series(points.iter().map(|&p| Circle::new(p, r, shape)))?;
    }
    if cross {
        chart.draw_series(points.iter().map(|&p| Cross::new(p, r as i32, line)))?;
    }
    Ok(())
}

/// A rough width in pixels of `text` in a font of `css` pixels (no font metrics needed).
pub fn text_width(text: &str, css: f64, style: &ChartStyle) -> i32 {
    (text.chars().count() as f64 * css * 0.58 * style.scale).ceil() as i32
}

/// A one-row colour key of the drawn layers (`(layer index, label)`, input side first)
/// along the top of `area`: every label if they fit, else "input side ■■■ output side".
pub fn draw_layer_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    layers: &[(usize, String)],
    total: usize,
    style: &ChartStyle,
) -> ChartResult {
    let (width, _) = area.dim_in_pixel();
    let font = style.font(12.0);
    let top = style.px(2.0) as i32;
    let sw = style.px(11.0) as i32;
    let gap = style.px(4.0) as i32;
    let mut x = style.px(8.0) as i32;
    let text = |x: &mut i32, t: &str| -> ChartResult {
        area.draw(&Text::new(t.to_string(), (*x, top), font.clone()))?;
        *x += text_width(t, 11.0, style) + gap;
        Ok(())
    };
    text(&mut x, "layer:")?;
    let full: i32 = layers
        .iter()
        .map(|(_, label)| sw + 2 * gap + text_width(label, 11.0, style))
        .sum();
    let labelled = x + full <= width as i32;
    if !labelled {
        text(&mut x, "input side")?;
    }
    for (l, label) in layers {
        let w = if labelled { sw } else { style.px(8.0) as i32 };
        let color = layer_color(*l, total, style);
        area.draw(&Rectangle::new(
            [(x, top), (x + w, top + sw)],
            color.filled(),
        ))?;
        x += w;
        if labelled {
            x += gap / 2;
            text(&mut x, label)?;
        }
    }
    if !labelled {
        x += gap;
        text(&mut x, "output side")?;
    }
    Ok(())
}
