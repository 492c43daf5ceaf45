//! The decision boundary: for the 2-D binary datasets, the network's probability of
//! class 1 over the input plane with the training (filled) and test (hollow) points;
//! for the 1-D `sine` regression, the prediction curve over the data.
//!
//! A network whose input-side layers stopped learning (vanishing gradients) draws a
//! boundary that stays nearly straight or blurry however long it trains, while a
//! healthy one bends around the spiral or the circle.

use super::legend::{Legend, Mark};
use super::{draw_note, house_legend, ChartResult, ChartStyle, Pixels};
use crate::charts::ticks::TickedAxis;
use crate::data::{Dataset, Split, Task};
use crate::nn::activation::sigmoid;
use crate::numtext;
use crate::train::Run;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Class 0 (blue) and class 1 (orange) of the Okabe-Ito palette, and their light tints.
pub const CLASS: [RGBColor; 2] = [RGBColor(0, 114, 178), RGBColor(213, 94, 0)];
const TINT: [RGBColor; 2] = [RGBColor(120, 170, 215), RGBColor(240, 170, 120)];

/// The network's output over a grid (see [`surface_grid`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Surface {
    pub x_range: (f32, f32),
    pub y_range: (f32, f32),
    pub resolution: usize,
    /// 2-D: `[resolution * resolution]` row-major, row 0 at y min, the probability of class 1
    /// at each cell's centre. 1-D: `[resolution]` predictions from x min to x max.
    pub values: Vec<f32>,
}

/// The network's outputs over `grid` (from [`surface_grid`]) as the chart shows them: the
/// probability of class 1 for binary data, the prediction itself for regression.
pub fn prediction_surface(run: &mut Run, grid: &[f32]) -> Vec<f32> {
    if grid.is_empty() {
        return Vec::new();
    }
    let mut values = run.predict(grid);
    if run.data().task == Task::Binary {
        values.iter_mut().for_each(|v| *v = sigmoid(*v));
    }
    values
}

/// Padded ranges around the data and the grid of inputs (`[rows, data.inputs]`) to predict:
/// 2-D, the centres of `resolution`² cells, row 0 at y min; 1-D, `resolution` evenly spaced
/// x from min to max (y range = the targets'); other datasets, an empty grid.
/// `resolution` is held within 2..=200.
pub fn surface_grid(data: &Dataset, resolution: usize) -> ((f32, f32), (f32, f32), Vec<f32>) {
    let r = resolution.clamp(2, 200);
    let column = |c: usize| {
        let of = |s: &Split| {
            s.x.iter()
                .skip(c)
                .step_by(data.inputs.max(1))
                .copied()
                .collect::<Vec<_>>()
        };
        [of(&data.train), of(&data.test)].concat()
    };
    let targets = [data.train.y.as_slice(), data.test.y.as_slice()].concat();
    match data.inputs {
        1 => {
            let (x, y) = (padded(&column(0)), padded(&targets));
            let grid = (0..r)
                .map(|i| x.0 + (x.1 - x.0) * i as f32 / (r - 1) as f32)
                .collect();
            (x, y, grid)
        }
        2 => {
            let (x, y) = (padded(&column(0)), padded(&column(1)));
            let (dx, dy) = ((x.1 - x.0) / r as f32, (y.1 - y.0) / r as f32);
            let grid = (0..r * r)
                .flat_map(|k| {
                    [
                        x.0 + dx * ((k % r) as f32 + 0.5),
                        y.0 + dy * ((k / r) as f32 + 0.5),
                    ]
                })
                .collect();
            (x, y, grid)
        }
        _ => ((0.0, 1.0), (0.0, 1.0), Vec::new()),
    }
}

/// The finite values' range widened by 10% each side (a unit window if degenerate).
fn padded(values: &[f32]) -> (f32, f32) {
    let (lo, hi) = values
        .iter()
        .filter(|v| v.is_finite())
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let pad = ((hi - lo) * 0.1).max(0.5 * f32::from(hi - lo < 1e-6));
    (lo - pad, hi + pad)
}

/// Draw the decision surface (2-D binary) or the prediction curve (1-D regression).
pub fn draw_decision_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    surface: &Surface,
    data: &Dataset,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let r = surface.resolution;
    let ((x0, x1), (y0, y1)) = (surface.x_range, surface.y_range);
    if !(x1 > x0 && y1 > y0) {
        return draw_note(area, style, "no prediction to draw yet");
    }
    let (x, y) = (x0 as f64..x1 as f64, y0 as f64..y1 as f64);
    match (data.inputs, data.task) {
        (1, Task::Regression) if r >= 2 && surface.values.len() == r => {
            draw_curve(area, surface, data, style)
        }
        (2, Task::Binary) if r >= 1 && surface.values.len() == r * r => {
            let (w, _) = area.dim_in_pixel();
            let (plot, key) = area.split_horizontally(w.saturating_sub(style.px(96.0).min(w / 3)));
            let mut chart = frame(&plot, "Decision boundary", x, y, ("x₁", "x₂"), style)?;
            if style.bitmaps {
                let (px, py) = chart.plotting_area().get_pixel_range();
                let size = (
                    (px.end - px.start).max(0) as u32,
                    (py.end - py.start).max(0) as u32,
                );
                let base = plot.get_base_pixel();
                plot.draw(&Pixels {
                    at: (px.start - base.0, py.start - base.1),
                    size,
                    rgb: surface_pixels(surface, size, style),
                })?;
            } else {
                let (dx, dy) = ((x1 - x0) as f64 / r as f64, (y1 - y0) as f64 / r as f64);
                chart.draw_series(surface.values.iter().enumerate().map(|(k, &p)| {
                    let (cx, cy) = (
                        x0 as f64 + dx * (k % r) as f64,
                        y0 as f64 + dy * (k / r) as f64,
                    );
                    Rectangle::new([(cx, cy), (cx + dx, cy + dy)], diverging(p, style).filled())
                }))?;
            }
            let radius = style.px(3.0);
            for (split, filled) in [(&data.train, true), (&data.test, false)] {
                chart.draw_series((0..split.len()).filter_map(|i| {
                    let (p, c) = (split.row(i, 2), usize::from(split.y[i] > 0.5));
                    let style = if filled {
                        CLASS[c].filled()
                    } else {
                        CLASS[c].stroke_width(style.px(1.5))
                    };
                    Some(Circle::new(
                        (f64::from(*p.first()?), f64::from(*p.get(1)?)),
                        radius,
                        style,
                    ))
                }))?;
            }
            draw_key(&key, style)?;
            area.present()?;
            Ok(())
        }
        (2, Task::Binary) | (1, Task::Regression) => {
            draw_note(area, style, "no prediction to draw yet")
        }
        (n, _) => draw_note(
            area,
            style,
            &format!("this dataset has {n} inputs: no 2-D picture"),
        ),
    }
}

/// The 2-D surface as RGB pixels filling a plot of `size` pixels (rows top to bottom, so
/// the top row is the largest x₂): each pixel the colour of the grid cell its centre
/// falls in.
pub fn surface_pixels(
    surface: &Surface,
    (width, height): (u32, u32),
    style: &ChartStyle,
) -> Vec<u8> {
    let r = surface.resolution;
    if r == 0 || surface.values.len() != r * r {
        return Vec::new();
    }
    let colors: Vec<RGBColor> = surface
        .values
        .iter()
        .map(|&p| diverging(p, style))
        .collect();
    // The grid cell along one axis of the pixel whose centre is `(i + 0.5) / n` of the way.
    let cell =
        |i: u32, n: u32| (((f64::from(i) + 0.5) / f64::from(n) * r as f64) as usize).min(r - 1);
    let column_of: Vec<usize> = (0..width).map(|i| cell(i, width)).collect();
    // Indexed writes into a buffer of the final size: this crate is built for size (no
    // call per pixel).
    let w = width as usize;
    let mut rgb = vec![0u8; w * height as usize * 3];
    for j in 0..height as usize {
        // Pixel rows run top to bottom, grid rows bottom (y min) to top.
        let row = r - 1 - cell(j as u32, height);
        for i in 0..w {
            let c = colors[row * r + column_of[i]];
            let at = 3 * (j * w + i);
            rgb[at] = c.0;
            rgb[at + 1] = c.1;
            rgb[at + 2] = c.2;
        }
    }
    rgb
}

/// The prediction curve of the 1-D regression, with the train (filled) and test (hollow) points.
fn draw_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Surface,
    data: &Dataset,
    style: &ChartStyle,
) -> ChartResult {
    let (x0, x1) = (f64::from(s.x_range.0), f64::from(s.x_range.1));
    let span = f64::from(s.y_range.1 - s.y_range.0);
    let (lo, hi) = s.values.iter().filter(|v| v.is_finite()).fold(
        (f64::from(s.y_range.0), f64::from(s.y_range.1)),
        |(lo, hi), &v| (lo.min(f64::from(v)), hi.max(f64::from(v))),
    );
    // Keep the data readable when the prediction runs far away.
    let (lo, hi) = (
        lo.max(f64::from(s.y_range.0) - span),
        hi.min(f64::from(s.y_range.1) + span),
    );
    let mut chart = frame(area, "Prediction", x0..x1, lo..hi, ("x", "y"), style)?;
    let radius = style.px(2.5);
    let mut legend = Legend::default();
    for (split, filled, name) in [(&data.train, true, "train"), (&data.test, false, "test")] {
        let color = if filled {
            CLASS[0].filled()
        } else {
            CLASS[1].stroke_width(style.px(1.5))
        };
        chart.draw_series((0..split.len()).filter_map(|i| {
            Some(Circle::new(
                (f64::from(*split.row(i, 1).first()?), f64::from(split.y[i])),
                radius,
                color,
            ))
        }))?;
        legend.add(name, Mark::Dot(color, radius, 8));
    }
    let step = (x1 - x0) / (s.resolution - 1) as f64;
    let line = style.foreground.stroke_width(style.px(2.5));
    let sample = style.px(16.0) as i32;
    chart.draw_series(LineSeries::new(
        s.values
            .iter()
            .enumerate()
            .filter(|(_, v)| v.is_finite())
            // max and min, not `clamp`: its check of the bounds would put the standard
            // float formatting (its panic message) into the page.
            .map(|(i, &v)| (x0 + step * i as f64, f64::from(v).max(lo).min(hi))),
        line,
    ))?;
    legend.add("network", Mark::Line(line, sample));
    house_legend(&chart, &legend, SeriesLabelPosition::UpperLeft, style)?;
    area.present()?;
    Ok(())
}

type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<TickedAxis, TickedAxis>>;

/// A captioned chart with labelled axes.
fn frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    x: std::ops::Range<f64>,
    y: std::ops::Range<f64>,
    desc: (&str, &str),
    style: &ChartStyle,
) -> Result<Chart<'a, DB>, super::ChartError> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(TickedAxis::plain(x), TickedAxis::plain(y))?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(desc.0)
        .y_desc(desc.1)
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.0))
        .axis_style(style.foreground)
        .x_labels(5)
        .y_labels(5)
        .x_label_formatter(&|v| numtext::f64_text((v * 10.0).round() / 10.0))
        .y_label_formatter(&|v| numtext::f64_text((v * 10.0).round() / 10.0))
        .draw()?;
    Ok(chart)
}

/// Background colour of probability `p`: class 0's tint, through the background at 0.5, to class 1's.
fn diverging(p: f32, style: &ChartStyle) -> RGBColor {
    let p = if p.is_finite() {
        p.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let (tint, t) = if p < 0.5 {
        (TINT[0], 1.0 - 2.0 * p)
    } else {
        (TINT[1], 2.0 * p - 1.0)
    };
    let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
    let bg = style.background;
    RGBColor(mix(bg.0, tint.0), mix(bg.1, tint.1), mix(bg.2, tint.2))
}

/// The key beside the 2-D plot: classes, train/test markers and the probability scale.
fn draw_key<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, style: &ChartStyle) -> ChartResult {
    let line = style.px(18.0) as i32;
    let (x, r) = (style.px(6.0) as i32, style.px(4.0) as i32);
    let text_x = x + 3 * r;
    let font = style.font(12.0).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Left,
        plotters::style::text_anchor::VPos::Center,
    ));
    let entries: [(&str, ShapeStyle); 4] = [
        ("train, class 0", CLASS[0].filled()),
        ("train, class 1", CLASS[1].filled()),
        ("test, class 0", CLASS[0].stroke_width(style.px(1.5))),
        ("test, class 1", CLASS[1].stroke_width(style.px(1.5))),
    ];
    let top = style.px(36.0) as i32;
    for (k, (label, shape)) in entries.into_iter().enumerate() {
        let y = top + k as i32 * line;
        area.draw(&Circle::new((x + r, y), r as u32, shape))?;
        area.draw(&Text::new(label, (text_x, y), font.clone()))?;
    }
    let y = top + 4 * line + line / 2;
    area.draw(&Text::new("P(class 1):", (x, y), font.clone()))?;
    let (w, h) = (style.px(12.0) as i32, style.px(10.0) as i32);
    let y_bar = y + line / 2;
    area.draw(&Rectangle::new(
        [(x - 1, y_bar - 1), (x + w + 1, y_bar + 5 * h + 1)],
        style.grid,
    ))?;
    for (k, p) in [0.0f32, 0.25, 0.5, 0.75, 1.0].into_iter().enumerate() {
        let yk = y + line / 2 + k as i32 * h;
        area.draw(&Rectangle::new(
            [(x, yk), (x + w, yk + h)],
            diverging(p, style).filled(),
        ))?;
        if k % 2 == 0 {
            area.draw(&Text::new(
                numtext::f32_text(p),
                (x + w + r, yk + h / 2),
                font.clone(),
            ))?;
        }
    }
    Ok(())
}
