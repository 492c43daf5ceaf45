//! The gradient heatmap: x = epoch, y = layer (input side at the bottom), colour = the
//! layer's weight-gradient norm on the fixed colour scale of `scale.rs` (1e-8 to 1e2,
//! the same in every run), with its colour bar.
//!
//! Dark (low) cells near the input and bright cells near the output are the picture of
//! vanishing gradients; red cells with white stripes are gradients above 1e2
//! (exploding), black ones with grey stripes below 1e-8, plain grey ones exactly 0. In
//! `RelativeToOutput` mode the colour is each layer's gradient over the output layer's
//! at the same epoch (its own fixed range, 1e-8 to 1e2): the factor by which
//! backpropagation shrank (or grew) the signal on its way down.
//!
//! Drawing returns a [`HeatmapLayout`] so the page can name the cell under the pointer.

use super::scale::{
    on_stripe, ColourScale, HeatmapMode, ABOVE_COLOR, ABOVE_STRIPE, BELOW_COLOR, BELOW_STRIPE,
    STRIPE_PERIOD,
};
use super::ticks::{decade_axis, decade_label, TickedAxis};
use super::{
    draw_note, epoch_coord_to, epoch_label, mark_divergence, ChartError, ChartResult, ChartStyle,
    Pixels,
};
use crate::history::History;
use crate::metrics::EpochMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;

pub use super::scale::ZERO_COLOR;

/// Most columns drawn; longer histories are sampled evenly (the newest epoch always shown).
pub const MAX_COLUMNS: usize = 240;

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
    /// The colour scale the cells were drawn with (the one passed in).
    pub scale: ColourScale,
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

impl HeatmapLayout {
    /// The pixel rectangle (left, top, right, bottom; right and bottom excluded) of the
    /// cell of `layer` in the column that starts at `epoch` (or the one holding it), by
    /// the same arithmetic as `cell_at`: the page outlines the keys' cell with it.
    pub fn cell_box(&self, layer: usize, epoch: usize) -> Option<(i32, i32, i32, i32)> {
        let ((x0, x1), (y0, y1)) = (self.plot_x, self.plot_y);
        let (e0, e1) = self.x_range;
        let e = epoch as f64;
        let &(start, end) = self
            .columns
            .iter()
            .find(|&&(start, end)| start <= e && e < end)?;
        if layer >= self.layers || e1 <= e0 {
            return None;
        }
        // A column's x pixels: those whose epoch (cell_at's map) falls in its span.
        let px = |epoch: f64| {
            let t = (epoch - e0) / (e1 - e0) * f64::from(x1 - x0);
            x0 + t.ceil().max(0.0) as i32
        };
        // A layer's rows: from the bottom, `height / layers` pixels each.
        let h = f64::from(y1 - y0);
        let py = |l: usize| y1 - (l as f64 * h / self.layers as f64).ceil() as i32;
        Some((px(start), py(layer + 1), px(end).min(x1), py(layer)))
    }

    /// Width and height of the plot rectangle in pixels.
    pub fn plot_size(&self) -> (u32, u32) {
        let width = (self.plot_x.1 - self.plot_x.0).max(0) as u32;
        let height = (self.plot_y.1 - self.plot_y.0).max(0) as u32;
        (width, height)
    }
}

/// The heatmap's plot rectangle as RGB pixels (rows top to bottom): each pixel the colour
/// of the cell [`HeatmapLayout::cell_at`] finds there (so the picture and the tooltip
/// agree by construction), `background` where there is no cell. `cols` are the columns
/// the layout was made for.
pub fn cell_pixels(
    layout: &HeatmapLayout,
    cols: &[&EpochMetrics],
    scale: &ColourScale,
    background: RGBColor,
) -> Vec<u8> {
    let (width, height) = layout.plot_size();
    // The cell of a pixel depends on its column only through x and on its row only
    // through y, by the same arithmetic as `cell_at`: find each once.
    let column_of: Vec<Option<usize>> = (0..width as i32)
        .map(|i| {
            let epoch = layout.x_range.0
                + (layout.x_range.1 - layout.x_range.0) * f64::from(i) / f64::from(width);
            layout
                .columns
                .iter()
                .position(|&(start, end)| start <= epoch && epoch < end)
        })
        .collect();
    let layer_of = |j: u32| {
        let from_bottom = f64::from(height - 1 - j) / f64::from(height);
        ((from_bottom * layout.layers as f64) as usize).min(layout.layers.saturating_sub(1))
    };
    // Rows of one layer are the same but for the diagonal stripes of cells beyond the
    // scale, which repeat every STRIPE_PERIOD rows: build each (layer, phase) row once
    // (phase 0 only for a layer without stripes), then copy it.
    let row_of_layer = |layer: usize, phase: u32| -> Vec<u8> {
        let colors: Vec<(RGBColor, Option<RGBColor>)> = cols
            .iter()
            .map(|m| {
                (
                    scale.cell_color(&m.grad_norm, layer),
                    scale.cell_stripe(&m.grad_norm, layer),
                )
            })
            .collect();
        // Indexed writes, not an iterator chain: this crate is built for size (no call
        // per pixel).
        let mut row = vec![0u8; column_of.len() * 3];
        for i in 0..column_of.len() {
            let color = match column_of[i].and_then(|c| colors.get(c)) {
                Some(&(_, Some(stripe))) if on_stripe(i as u32, phase) => stripe,
                Some(&(ground, _)) => ground,
                None => background,
            };
            row[3 * i] = color.0;
            row[3 * i + 1] = color.1;
            row[3 * i + 2] = color.2;
        }
        row
    };
    let striped: Vec<bool> = (0..layout.layers)
        .map(|l| {
            cols.iter()
                .any(|m| scale.cell_stripe(&m.grad_norm, l).is_some())
        })
        .collect();
    let mut rows: Vec<Vec<Option<Vec<u8>>>> =
        vec![vec![None; STRIPE_PERIOD as usize]; layout.layers];
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for j in 0..height {
        let layer = layer_of(j);
        let phase = if striped.get(layer).copied().unwrap_or(false) {
            j % STRIPE_PERIOD
        } else {
            0
        };
        if let Some(slot) = rows.get_mut(layer).and_then(|r| r.get_mut(phase as usize)) {
            rgb.extend_from_slice(slot.get_or_insert_with(|| row_of_layer(layer, phase)));
        }
    }
    rgb
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

/// Draw the heatmap of `grad_norm` (or its ratio to the output layer, per the scale's
/// mode) over the run's history on the colour `scale` passed in (never one fitted to
/// this run, so heatmaps drawn with the same scale agree colour for colour), marking the
/// epoch the run `diverged` at, if any. Returns where the cells are (an empty layout,
/// whose `cell_at` is always None, when there is nothing).
pub fn draw_gradient_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    scale: &ColourScale,
    diverged: Option<usize>,
    style: &ChartStyle,
) -> Result<HeatmapLayout, ChartError> {
    area.fill(&style.background)?;
    let cols = columns(history);
    let layers = cols.first().map_or(0, |m| m.grad_norm.len());
    if layers == 0 {
        draw_note(area, style, "no gradients yet")?;
        return Ok(HeatmapLayout::default());
    }
    let (width, _) = area.dim_in_pixel();
    let bar_width = style.px(96.0).min(width / 3);
    let (plot_area, bar_area) = area.split_horizontally(width - bar_width);

    let first_epoch = cols.first().map_or(0, |m| m.epoch);
    let newest = cols.last().map_or(0, |m| m.epoch);
    // Each column spans until the next one starts; the newest one as wide as the others.
    let step = if cols.len() > 1 {
        ((newest - first_epoch) as f64 / (cols.len() - 1) as f64).max(1.0)
    } else {
        1.0
    };
    let x_end = (newest as f64 + step).max(diverged.map_or(0.0, |d| d as f64 + 0.5));
    let mode = scale.mode;
    let caption = match mode {
        HeatmapMode::Absolute => "Gradient norm per layer",
        HeatmapMode::RelativeToOutput => "Gradient norm relative to the output layer",
    };
    let x_coord = epoch_coord_to(first_epoch, x_end);
    let mut chart = ChartBuilder::on(&plot_area)
        .caption(caption, style.font(15.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(x_coord, TickedAxis::plain(-0.5..layers as f64 - 0.5))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("epoch")
        .y_desc("layer (1 = input side)")
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.0))
        .axis_style(style.foreground)
        .x_label_formatter(&epoch_label)
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
            let x1 = cols
                .get(c + 1)
                .map_or(newest as f64 + step, |next| next.epoch as f64);
            (m.epoch as f64, x1)
        })
        .collect();
    let (px, py) = chart.plotting_area().get_pixel_range();
    let layout = HeatmapLayout {
        plot_x: (px.start, px.end),
        plot_y: (py.start, py.end),
        x_range: (first_epoch as f64, x_end),
        columns: spans.clone(),
        layers,
        scale: *scale,
    };
    if style.bitmaps {
        // One image whose every pixel is the colour of the cell `cell_at` names there.
        let base = area.get_base_pixel();
        area.draw(&Pixels {
            at: (layout.plot_x.0 - base.0, layout.plot_y.0 - base.1),
            size: layout.plot_size(),
            rgb: cell_pixels(&layout, &cols, scale, style.background),
        })?;
    } else {
        // One rectangle per (column, layer).
        let cells = cols.iter().zip(&spans).flat_map(|(m, &(x0, x1))| {
            (0..m.grad_norm.len()).map(move |l| {
                Rectangle::new(
                    [(x0, l as f64 - 0.5), (x1, l as f64 + 0.5)],
                    scale.cell_color(&m.grad_norm, l).filled(),
                )
            })
        });
        chart.draw_series(cells)?;
        // Cells beyond the scale: a diagonal in the stripe colour across each.
        let stripes = cols.iter().zip(&spans).flat_map(|(m, &(x0, x1))| {
            (0..m.grad_norm.len()).filter_map(move |l| {
                let stripe = scale.cell_stripe(&m.grad_norm, l)?;
                Some(PathElement::new(
                    vec![(x0, l as f64 - 0.5), (x1, l as f64 + 0.5)],
                    stripe.stroke_width(2),
                ))
            })
        });
        chart.draw_series(stripes)?;
    }
    if let Some(epoch) = diverged {
        mark_divergence(&mut chart, epoch, style)?;
    }
    draw_color_bar(&bar_area, scale, style)?;
    area.present()?;
    Ok(layout)
}

/// The colour bar of the scale (1e-8 at the bottom to 1e2 at the top for the fixed
/// ones), and the swatches of the three colours outside it (striped as the cells are).
pub(crate) fn draw_color_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    scale: &ColourScale,
    style: &ChartStyle,
) -> ChartResult {
    let (log_min, log_max) = (scale.log_min, scale.log_max);
    let (_, height) = area.dim_in_pixel();
    let row = style.px(15.0);
    let (bar, legend) = area.split_vertically(height.saturating_sub(3 * row + style.px(4.0)));
    let axis = decade_axis(f64::from(log_min), f64::from(log_max), 7);
    let ticks: Vec<f64> = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    let mut chart = ChartBuilder::on(&bar)
        .margin_top(style.px(34.0))
        .margin_bottom(style.px(4.0))
        .margin_right(style.px(4.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(
            TickedAxis::plain(0.0..1.0),
            TickedAxis::new(f64::from(log_min)..f64::from(log_max), ticks),
        )?;
    let unit = match scale.mode {
        HeatmapMode::Absolute => "",
        HeatmapMode::RelativeToOutput => "\u{d7}",
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .y_label_formatter(&|v| format!("{}{unit}", decade_label(v.round() as i32)))
        .draw()?;
    let steps = 96;
    let span = f64::from(log_max - log_min);
    chart.draw_series((0..steps).map(|i| {
        let y0 = f64::from(log_min) + span * i as f64 / steps as f64;
        let y1 = f64::from(log_min) + span * (i + 1) as f64 / steps as f64;
        let mid = 10f32.powf(((y0 + y1) / 2.0) as f32);
        Rectangle::new([(0.0, y0), (1.0, y1)], scale.color(mid).filled())
    }))?;
    let x = style.px(6.0) as i32;
    let size = style.px(11.0) as i32;
    let rows = [
        (
            ABOVE_COLOR,
            Some(ABOVE_STRIPE),
            format!("> 1e{}{unit}", log_max as i32),
        ),
        (
            BELOW_COLOR,
            Some(BELOW_STRIPE),
            format!("< 1e{}{unit}", log_min as i32),
        ),
        (ZERO_COLOR, None, "= 0".to_string()),
    ];
    for (i, (color, stripe, label)) in rows.iter().enumerate() {
        let y = style.px(2.0) as i32 + i as i32 * row as i32;
        legend.draw(&Rectangle::new(
            [(x, y), (x + size, y + size)],
            color.filled(),
        ))?;
        if let Some(stripe) = stripe {
            // The cells' stripes, pixel for pixel.
            for dy in 0..size {
                for dx in 0..size {
                    if on_stripe(dx as u32, dy as u32) {
                        legend.draw_pixel((x + dx, y + dy), stripe)?;
                    }
                }
            }
        }
        legend.draw(&Rectangle::new(
            [(x, y), (x + size, y + size)],
            style.foreground.stroke_width(1),
        ))?;
        legend.draw(&Text::new(
            label.clone(),
            (x + size + style.px(4.0) as i32, y),
            style.font(12.0),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cells_box_holds_exactly_the_pixels_that_name_it() {
        let layout = HeatmapLayout {
            plot_x: (57, 401),
            plot_y: (13, 250),
            x_range: (0.0, 37.5),
            columns: vec![(0.0, 7.0), (7.0, 15.0), (15.0, 30.0), (30.0, 37.5)],
            layers: 7,
            scale: ColourScale::fixed(HeatmapMode::Absolute),
        };
        for (c, &(start, _)) in layout.columns.iter().enumerate() {
            for l in 0..layout.layers {
                let (x0, y0, x1, y1) = layout.cell_box(l, start as usize).expect("a box");
                for py in y0 - 1..=y1 {
                    for px in x0 - 1..=x1 {
                        let inside = (x0..x1).contains(&px) && (y0..y1).contains(&py);
                        let named = layout.cell_at(px, py) == Some((l, c));
                        assert_eq!(inside, named, "cell ({l}, {c}) at ({px}, {py})");
                    }
                }
            }
        }
        // An epoch inside a column names its box; beyond the columns, none.
        assert_eq!(layout.cell_box(0, 20), layout.cell_box(0, 15));
        assert_eq!(layout.cell_box(0, 40), None);
        assert_eq!(layout.cell_box(7, 0), None);
    }
}
