//! The chain rule, drawn: for every hidden layer, the factor by which it multiplies the
//! backward signal on its way down (docs/definitions.md, "Backward gains"), split into
//! the activation's slopes, the weights, batch normalization and the skip path, on a log
//! axis with 1 ("no change") marked.
//!
//! Ten sigmoid layers each multiply the signal by less than 0.25 through their slopes:
//! the product of ten such factors is the vanishing gradient. A ReLU layer with He
//! weights keeps its total near 1.

use super::legend::marker_at;
use super::ticks::{decade_axis, decade_label, TickedAxis};
use super::{draw_markers, draw_note, house_mesh, ChartResult, ChartStyle, Marker};
use crate::metrics::LayerGain;
use plotters::coord::Shift;
use plotters::prelude::*;

type Pick = fn(&LayerGain) -> f32;

/// One line: its name, value, colour, whether it is bold, and its points' marker (so
/// the lines differ by more than colour).
type Line = (&'static str, Pick, RGBColor, bool, Marker);

/// Draw the gains of each hidden layer (input side on the left).
pub fn draw_gains<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    gains: &[LayerGain],
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    if gains.is_empty() {
        return draw_note(area, style, "no hidden layers to show");
    }
    let mut series: Vec<Line> = vec![
        ("total", |g| g.total, style.foreground, true, Marker::Filled),
        (
            "activation slopes",
            |g| g.activation,
            style.palette[1],
            false,
            Marker::Hollow,
        ),
        (
            "weights",
            |g| g.weights,
            style.palette[0],
            false,
            Marker::Cross,
        ),
    ];
    if gains.iter().any(|g| g.norm != 1.0) {
        series.push((
            "batch norm",
            |g| g.norm,
            style.palette[2],
            false,
            Marker::Crossed,
        ));
    }
    if gains.iter().any(|g| g.skip != 1.0) {
        series.push((
            "skip path",
            |g| g.skip,
            style.palette[3],
            false,
            Marker::Filled,
        ));
    }
    let logs = series
        .iter()
        .flat_map(|(_, pick, ..)| gains.iter().map(pick))
        .filter(|v| *v > 0.0 && v.is_finite())
        .map(|v| f64::from(v.log10()));
    let (lo, hi) = logs.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = decade_axis(lo, hi, 6);
    let bottom = f64::from(axis.lo);
    let ticks = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    let layers = gains.len();
    let (_, height) = area.dim_in_pixel();
    let (plot, key) = area.split_vertically(height.saturating_sub(style.px(20.0)));
    let mut chart = ChartBuilder::on(&plot)
        .caption("Backward gain of each hidden layer", style.font(14.0))
        .margin(style.px(8.0))
        .margin_right(style.px(14.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            TickedAxis::plain(0.7..layers as f64 + 0.3),
            TickedAxis::new(bottom..f64::from(axis.hi), ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("hidden layer (1 = input side)")
        .y_desc("factor (log)")
        .x_labels(layers.clamp(2, 12))
        .x_label_formatter(&|x| super::layer_tick(*x, layers, |l| format!("{}", l + 1)))
        .y_label_formatter(&|v| decade_label(v.round() as i32))
        .draw()?;
    // 1 = the signal passes unchanged.
    chart.draw_series(DashedLineSeries::new(
        [(0.7, 0.0), (layers as f64 + 0.3, 0.0)],
        style.px(4.0),
        style.px(4.0),
        style.faint().stroke_width(style.px(1.0)),
    ))?;
    chart.draw_series(std::iter::once(Text::new(
        "1 = no change",
        (0.75, 0.0),
        style.font(12.0),
    )))?;
    for &(_, pick, color, bold, marker) in &series {
        let points: Vec<(f64, f64)> = gains
            .iter()
            .enumerate()
            .map(|(l, g)| {
                let v = pick(g);
                let y = if v > 0.0 {
                    f64::from(v).log10()
                } else {
                    bottom
                };
                ((l + 1) as f64, y)
            })
            .collect();
        let line = color.stroke_width(style.px(if bold { 2.5 } else { 1.5 }));
        chart.draw_series(LineSeries::new(points.clone(), line))?;
        draw_markers(&mut chart, &points, marker, color, style.px(3.5), style)?;
    }
    // The key under the plot.
    let font = style.font(12.0);
    let mut x = style.px(8.0) as i32;
    let y = style.px(4.0) as i32;
    for &(name, _, color, bold, marker) in &series {
        let w = style.px(16.0) as i32;
        let (middle, line) = (
            y + style.px(6.0) as i32,
            color.stroke_width(style.px(if bold { 2.5 } else { 1.5 })),
        );
        key.draw(&PathElement::new(vec![(x, middle), (x + w, middle)], line))?;
        marker_at(
            &key,
            (x + w / 2, middle),
            marker,
            line,
            style.px(3.5) as i32,
        )?;
        x += w + style.px(4.0) as i32;
        key.draw(&Text::new(name.to_string(), (x, y), font.clone()))?;
        x += super::text_width(name, 11.0, style) + style.px(12.0) as i32;
    }
    area.present()?;
    Ok(())
}
