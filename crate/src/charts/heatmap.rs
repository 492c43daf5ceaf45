//! The gradient heatmap: x = epoch, y = layer (input side at the bottom),
//! colour = log10 of the layer's weight-gradient norm, with a colour bar.
//!
//! Dark (low) cells near the input and bright cells near the output are the
//! picture of vanishing gradients. A gradient that underflowed to exactly 0
//! has no logarithm; such cells get their own colour, explained under the bar.
//!
//! Drawing returns a [`HeatmapLayout`] so the page can name the cell under the pointer.

use super::{draw_note, ChartError, ChartResult, ChartStyle};
use crate::history::History;
use crate::metrics::EpochMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::colors::colormaps::ViridisRGB;

/// Colour of cells whose gradient is exactly zero (outside viridis, neutral for colour-blind readers).
pub const ZERO_COLOR: RGBColor = RGBColor(200, 60, 60);
/// Most columns drawn; longer histories are sampled evenly (the newest epoch always shown).
pub const MAX_COLUMNS: usize = 240;

/// The range of log10 values the colours span: at least one decade.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogRange {
    pub lo: f32,
    pub hi: f32,
}

impl LogRange {
    /// The range of log10 of the non-zero values, or None if there are none.
    pub fn of(values: impl Iterator<Item = f32>) -> Option<LogRange> {
        let (lo, hi) = values
            .filter(|v| *v > 0.0 && v.is_finite())
            .map(f32::log10)
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(v), hi.max(v))
            });
        if !lo.is_finite() {
            return None;
        }
        let (lo, hi) = (lo.floor(), hi.ceil());
        Some(LogRange {
            lo,
            hi: if hi - lo < 1.0 { lo + 1.0 } else { hi },
        })
    }

    /// Colour of a value (zero gets `ZERO_COLOR`).
    pub fn color(&self, value: f32) -> RGBColor {
        if value <= 0.0 {
            return ZERO_COLOR;
        }
        ViridisRGB::get_color_normalized(value.log10().clamp(self.lo, self.hi), self.lo, self.hi)
    }
}

/// Where the heatmap's cells landed, in backend pixels, for pointer look-ups.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatmapLayout {
    /// The plot rectangle: x pixels `plot_x.0..plot_x.1`, y pixels `plot_y.0..plot_y.1` (top to bottom).
    pub plot_x: (i32, i32),
    pub plot_y: (i32, i32),
    /// The epochs the x axis spans.
    pub x_range: (f64, f64),
    /// Each column's (first epoch, end epoch), in the order of [`columns`].
    pub columns: Vec<(f64, f64)>,
    /// Number of weight layers (rows; layer 0, the input side, at the bottom).
    pub layers: usize,
}

impl HeatmapLayout {
    /// The (layer index, column index) of the cell under backend pixel (`px`, `py`), if any.
    /// The value is `columns(history)[column].grad_norm[layer]`.
    pub fn cell_at(&self, px: i32, py: i32) -> Option<(usize, usize)> {
        let (x0, x1) = self.plot_x;
        let (y0, y1) = self.plot_y;
        if self.layers == 0 || x1 <= x0 || y1 <= y0 || px < x0 || px >= x1 || py < y0 || py >= y1 {
            return None;
        }
        let (e0, e1) = self.x_range;
        let epoch = e0 + (e1 - e0) * f64::from(px - x0) / f64::from(x1 - x0);
        let column = self
            .columns
            .iter()
            .position(|&(start, end)| start <= epoch && epoch < end)?;
        let from_bottom = f64::from(y1 - 1 - py) / f64::from(y1 - y0);
        let layer = ((from_bottom * self.layers as f64) as usize).min(self.layers - 1);
        Some((layer, column))
    }
}

/// Which of the history's points become columns: evenly spread, newest last.
pub fn columns(history: &History) -> Vec<&EpochMetrics> {
    super::sampled_points(history, MAX_COLUMNS)
}

/// The name of weight layer `l` out of `layers` on the axis: 1-based, the output layer "out".
pub fn layer_label(l: usize, layers: usize) -> String {
    if l + 1 == layers {
        "out".to_string()
    } else {
        format!("{}", l + 1)
    }
}

/// Draw the heatmap of `grad_norm` over the run's history; returns where the cells are
/// (an empty layout, whose `cell_at` is always None, when there is nothing to draw).
pub fn draw_gradient_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    style: &ChartStyle,
) -> Result<HeatmapLayout, ChartError> {
    area.fill(&style.background)?;
    let cols = columns(history);
    let layers = cols.first().map_or(0, |m| m.grad_norm.len());
    let Some(range) = LogRange::of(cols.iter().flat_map(|m| m.grad_norm.iter().copied())) else {
        draw_note(area, style, "no gradients yet")?;
        return Ok(HeatmapLayout::default());
    };
    let (width, _) = area.dim_in_pixel();
    let bar_width = style.px(78.0).min(width / 3);
    let (plot_area, bar_area) = area.split_horizontally(width - bar_width);

    let first_epoch = cols.first().map_or(0, |m| m.epoch);
    let step = if cols.len() > 1 {
        (cols[cols.len() - 1].epoch - first_epoch) as f64 / (cols.len() - 1) as f64
    } else {
        1.0
    };
    let x_end = cols.last().map_or(1.0, |m| m.epoch as f64 + step.max(1.0));
    let mut chart = ChartBuilder::on(&plot_area)
        .caption("Gradient norm per layer", style.font(15.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(first_epoch as f64..x_end, -0.5f64..layers as f64 - 0.5)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("epoch")
        .y_desc("layer (1 = input side)")
        .label_style(style.font(11.0))
        .axis_desc_style(style.font(12.0))
        .axis_style(style.foreground)
        .x_labels(6)
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_labels(layers.clamp(2, 10))
        .y_label_formatter(&|y| {
            // Row l spans l - 0.5..l + 0.5, so integer ticks sit at the rows' centres.
            let l = y.round();
            if (y - l).abs() < 0.05 && l >= 0.0 && (l as usize) < layers {
                layer_label(l as usize, layers)
            } else {
                String::new()
            }
        })
        .draw()?;
    let spans: Vec<(f64, f64)> = cols
        .iter()
        .enumerate()
        .map(|(c, m)| {
            let x1 = cols.get(c + 1).map_or(x_end, |next| next.epoch as f64);
            (m.epoch as f64, x1)
        })
        .collect();
    let (px, py) = chart.plotting_area().get_pixel_range();
    let layout = HeatmapLayout {
        plot_x: (px.start, px.end),
        plot_y: (py.start, py.end),
        x_range: (first_epoch as f64, x_end),
        columns: spans,
        layers,
    };
    // One rectangle per (column, layer); each column spans until the next one starts.
    let cells = cols.iter().enumerate().flat_map(|(c, m)| {
        let x0 = m.epoch as f64;
        let x1 = cols.get(c + 1).map_or(x_end, |next| next.epoch as f64);
        m.grad_norm.iter().enumerate().map(move |(l, &g)| {
            Rectangle::new(
                [(x0, l as f64 - 0.5), (x1, l as f64 + 0.5)],
                range.color(g).filled(),
            )
        })
    });
    chart.draw_series(cells)?;
    draw_color_bar(&bar_area, range, style)?;
    area.present()?;
    Ok(layout)
}

/// The colour bar: log10 values from `range.lo` to `range.hi`, and the swatch for exact zeros.
fn draw_color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    range: LogRange,
    style: &ChartStyle,
) -> ChartResult {
    let (_, height) = area.dim_in_pixel();
    let (bar, legend) = area.split_vertically(height.saturating_sub(style.px(44.0)));
    let mut chart = ChartBuilder::on(&bar)
        .margin_top(style.px(34.0))
        .margin_bottom(style.px(4.0))
        .margin_right(style.px(4.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(0f64..1.0, range.lo as f64..range.hi as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style(style.font(10.0))
        .axis_style(style.foreground)
        .y_labels(((range.hi - range.lo) as usize + 1).min(8))
        .y_label_formatter(&|v| format!("1e{}", v.round() as i64))
        .draw()?;
    let steps = 64;
    let span = (range.hi - range.lo) as f64;
    chart.draw_series((0..steps).map(|i| {
        let y0 = range.lo as f64 + span * i as f64 / steps as f64;
        let y1 = range.lo as f64 + span * (i + 1) as f64 / steps as f64;
        let mid = 10f32.powf(((y0 + y1) / 2.0) as f32);
        Rectangle::new([(0.0, y0), (1.0, y1)], range.color(mid).filled())
    }))?;
    let x = style.px(6.0) as i32;
    let size = style.px(12.0) as i32;
    legend.draw(&Rectangle::new(
        [(x, size / 2), (x + size, size / 2 + size)],
        ZERO_COLOR.filled(),
    ))?;
    legend.draw(&Text::new(
        "= 0",
        (x + size + style.px(4.0) as i32, size / 2),
        style.font(10.0),
    ))?;
    legend.draw(&Text::new(
        "(underflow)",
        (x, size / 2 + size + style.px(3.0) as i32),
        style.font(10.0),
    ))?;
    Ok(())
}
