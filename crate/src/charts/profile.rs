//! The gradient profile: each weight layer's gradient norm ||dL/dW|| at the newest
//! epoch (bold) and at epoch 0 (faint), on a log10 axis, input side on the left.
//!
//! In a deep sigmoid network the line falls by orders of magnitude from the output
//! layer back to the input layer: that slope *is* the vanishing gradient. A gradient
//! that underflowed to exactly 0 has no logarithm; it is drawn on the bottom edge with
//! its own marker.

use super::heatmap::layer_label;
use super::legend::{Legend, Mark};
use super::plot_map::PlotMap;
use super::scale::{LOG_MAX, LOG_MIN};
use super::ticks::{decade_axis, decade_label, TickedAxis};
use super::{draw_markers, draw_note, house_legend, house_mesh, ChartError, ChartStyle, Marker};
use crate::history::History;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draw the per-layer gradient norms of the newest epoch (bold, filled markers) and of
/// epoch 0 (faint, hollow markers), on the fixed range of the heatmap's colour scale
/// (1e-8 to 1e2), widened to any value beyond it. Returns where the plot landed (x is
/// the layer from 1, y the norm's log10).
pub fn draw_gradient_profile<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    style: &ChartStyle,
) -> Result<PlotMap, ChartError> {
    area.fill(&style.background)?;
    let (Some(newest), Some(first)) = (history.newest(), history.first()) else {
        draw_note(area, style, "no gradients yet: press play")?;
        return Ok(PlotMap::default());
    };
    let layers = newest.grad_norm.len();
    let mut lines = vec![(first, false)];
    if newest.epoch != first.epoch {
        lines.push((newest, true));
    }
    if layers == 0 {
        draw_note(area, style, "no layers to show")?;
        return Ok(PlotMap::default());
    }
    // The y axis is log10 of the norm; its labels enclose the fixed range and the data.
    let logs = lines
        .iter()
        .flat_map(|(m, _)| m.grad_norm.iter())
        .filter(|g| **g > 0.0 && g.is_finite())
        .map(|g| f64::from(g.log10()));
    let (lo, hi) = logs.fold((f64::from(LOG_MIN), f64::from(LOG_MAX)), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let axis = decade_axis(lo, hi, 7);
    let (y_lo, y_hi) = (f64::from(axis.lo), f64::from(axis.hi));
    let ticks: Vec<f64> = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    let mut chart = ChartBuilder::on(area)
        .caption("Gradient norm by layer", style.font(14.0))
        .margin(style.px(8.0))
        .margin_right(style.px(14.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            TickedAxis::plain(0.7..layers as f64 + 0.3),
            TickedAxis::new(y_lo..y_hi, ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("layer (1 = input side)")
        .y_desc("||dL/dW|| (log scale)")
        .x_labels(layers.clamp(2, 12))
        .x_label_formatter(&|x| super::layer_tick(*x, layers, |l| layer_label(l, layers)))
        .y_label_formatter(&|v| decade_label(v.round() as i32))
        .draw()?;
    let mut any_zero = false;
    let mut legend = Legend::default();
    let sample = style.px(16.0) as i32;
    for (m, bold) in lines {
        let color = if bold {
            style.palette[0]
        } else {
            style.faint()
        };
        let width = style.px(if bold { 2.5 } else { 1.5 });
        let line = color.stroke_width(width);
        let points: Vec<(f64, f64)> = m
            .grad_norm
            .iter()
            .enumerate()
            .map(|(l, &g)| {
                let y = if g > 0.0 { f64::from(g).log10() } else { 0.0 };
                ((l + 1) as f64, y)
            })
            .collect();
        // Lines join consecutive non-zero layers only; zeros break the line.
        let is_zero = |l: usize| m.grad_norm[l] <= 0.0;
        let drawn: Vec<Option<(f64, f64)>> = points
            .iter()
            .enumerate()
            .map(|(l, &p)| (!is_zero(l)).then_some(p))
            .collect();
        for run in drawn.split(Option::is_none) {
            let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
            chart.draw_series(LineSeries::new(run, line))?;
        }
        let r = style.px(3.5);
        let marker = if bold { Marker::Filled } else { Marker::Hollow };
        let marked: Vec<(f64, f64)> = drawn.iter().flatten().copied().collect();
        draw_markers(&mut chart, &marked, marker, color, r, style)?;
        legend.add(
            format!("epoch {}", m.epoch),
            Mark::Marked(line, sample, marker, r as i32),
        );
        let zeros: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .filter(|(l, _)| is_zero(*l))
            .map(|(_, &(x, _))| (x, y_lo))
            .collect();
        any_zero |= !zeros.is_empty();
        let size = style.px(5.0) as i32;
        chart.draw_series(
            zeros
                .into_iter()
                .map(|p| Cross::new(p, size, style.muted.stroke_width(style.px(2.0)))),
        )?;
    }
    if any_zero {
        let (size, stroke) = (
            style.px(5.0) as i32,
            style.muted.stroke_width(style.px(2.0)),
        );
        legend.add("= 0 (underflow)", Mark::Cross(stroke, size, sample / 2));
    }
    let map = PlotMap::of(&chart, true);
    house_legend(&chart, &legend, SeriesLabelPosition::LowerRight, style)?;
    area.present()?;
    Ok(map)
}
