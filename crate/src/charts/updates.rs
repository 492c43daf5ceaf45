//! Update ratios: for each layer, how much its weights moved in an epoch relative to
//! their size, `||W(e) - W(e-1)|| / ||W(e-1)||`, over the epochs, on a log scale.
//!
//! The seed's "weights that stop moving", as one number per layer and epoch: a layer
//! that learns moves its weights by around 1e-3 to 1e-2 of their size per epoch; a
//! layer whose gradient vanished sits orders of magnitude lower. Epoch 0 has no update
//! and is left out; an update of exactly 0 sits on the bottom edge.

use super::heatmap::layer_label;
use super::ticks::{decade_axis, decade_label, TickedAxis};
use super::{
    draw_layer_key, draw_line_or_dot, draw_note, epoch_coord, epoch_label, epoch_span, house_mesh,
    layer_color, mark_divergence, pick_evenly, ChartResult, ChartStyle,
};
use crate::history::History;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most layers drawn.
pub const MAX_LAYERS: usize = 12;

/// Draw each (shown) layer's update ratio against epoch, marking a divergence.
pub fn draw_update_ratios<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    diverged: Option<usize>,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let points: Vec<_> = super::sampled_points(history, super::MAX_LINE_POINTS)
        .into_iter()
        .filter(|m| m.epoch > 0)
        .collect();
    let layers = history.newest().map_or(0, |m| m.update_ratio.len());
    if points.is_empty() && diverged.is_none() {
        return draw_note(area, style, "no updates yet: train an epoch");
    }
    if layers == 0 {
        return draw_note(area, style, "no layers to show");
    }
    let shown = pick_evenly(layers, MAX_LAYERS);
    let logs = points
        .iter()
        .flat_map(|m| shown.iter().filter_map(|&l| m.update_ratio.get(l)))
        .filter(|r| **r > 0.0 && r.is_finite())
        .map(|r| f64::from(r.log10()));
    let (lo, hi) = logs.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let (lo, hi) = if lo.is_finite() {
        (lo, hi)
    } else {
        (-4.0, -1.0)
    };
    let axis = decade_axis(lo, hi, 7);
    let bottom = f64::from(axis.lo);
    let ticks = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    let (_, last) = epoch_span(history, diverged);
    let (_, height) = area.dim_in_pixel();
    let (plot, key) = area.split_vertically(height.saturating_sub(style.px(20.0)));
    let mut chart = ChartBuilder::on(&plot)
        .caption(
            "Weight update per epoch, relative to the weights",
            style.font(14.0),
        )
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            epoch_coord(1, last),
            TickedAxis::new(bottom..f64::from(axis.hi), ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("epoch")
        .y_desc("update ratio (log)")
        .x_label_formatter(&epoch_label)
        .y_label_formatter(&|v| decade_label(v.round() as i32))
        .draw()?;
    // Output side first, so the input side's lines end up on top.
    for &l in shown.iter().rev() {
        let color = layer_color(l, layers, style);
        let stroke = style.px(if l == 0 { 2.5 } else { 1.5 });
        let series: Vec<(f64, f64)> = points
            .iter()
            .filter_map(|m| {
                let r = *m.update_ratio.get(l)?;
                let y = if r > 0.0 {
                    f64::from(r).log10()
                } else {
                    bottom
                };
                y.is_finite().then_some((m.epoch as f64, y))
            })
            .collect();
        draw_line_or_dot(&mut chart, series, color, stroke, style)?;
    }
    if let Some(epoch) = diverged {
        mark_divergence(&mut chart, epoch, style)?;
        if points.is_empty() {
            draw_note(&plot, style, "no epoch finished before the run diverged")?;
        }
    }
    let labels: Vec<(usize, String)> = shown.iter().map(|&l| (l, layer_label(l, layers))).collect();
    draw_layer_key(&key, &labels, layers, style)?;
    area.present()?;
    Ok(())
}
