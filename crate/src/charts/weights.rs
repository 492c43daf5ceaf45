//! Tracked weights: three fixed entries of each layer's weight matrix over the epochs,
//! coloured by layer (input side first).
//!
//! When gradients vanish, the input-side layers' weights stay where initialization put
//! them: their lines run flat while the output side's lines move. Those flat lines are
//! drawn last, on top, so they stay visible. Deep networks show at most
//! `MAX_LAYERS` layers, evenly chosen, always the first and the last.

use super::heatmap::layer_label;
use super::{
    draw_layer_key, draw_note, house_mesh, layer_color, pick_evenly, ChartResult, ChartStyle,
};
use crate::history::History;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most layers drawn.
pub const MAX_LAYERS: usize = 12;

/// Draw every tracked weight of (up to `MAX_LAYERS`) layers against epoch.
pub fn draw_tracked_weights<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let points = super::sampled_points(history, super::MAX_LINE_POINTS);
    let layers = points.last().map_or(0, |m| m.tracked_weights.len());
    if layers == 0 {
        return draw_note(area, style, "no weights tracked yet");
    }
    let shown = pick_evenly(layers, MAX_LAYERS);
    let finite = |v: &f32| v.is_finite();
    let (lo, hi) = points
        .iter()
        .flat_map(|m| m.tracked_weights.iter().flatten().copied())
        .filter(finite)
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    if !lo.is_finite() {
        return draw_note(area, style, "no weights tracked yet");
    }
    let pad = ((hi - lo) * 0.05)
        .max(hi.abs().max(lo.abs()) * 0.05)
        .max(1e-3);
    let (lo, hi) = (lo - pad, hi + pad);
    let last_epoch = points.last().map_or(1, |m| m.epoch.max(1));
    let caption = if shown.len() < layers {
        format!("Tracked weights ({} of {layers} layers)", shown.len())
    } else {
        "Tracked weights (3 per layer)".to_string()
    };
    let (_, height) = area.dim_in_pixel();
    let key_height = style.px(20.0);
    let (plot, key) = area.split_vertically(height.saturating_sub(key_height));
    let mut chart = ChartBuilder::on(&plot)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(0usize..last_epoch, lo..hi)?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("epoch")
        .y_desc("weight value")
        .x_labels(6)
        .y_labels(5)
        .y_label_formatter(&|v| format_weight(snap_to_zero(*v, hi - lo)))
        .draw()?;
    // Output side first, so the input side's (possibly flat) lines end up on top.
    for &l in shown.iter().rev() {
        let color = layer_color(l, layers, style);
        let line = color.stroke_width(style.px(if l == 0 { 2.0 } else { 1.5 }));
        let tracked = points
            .last()
            .and_then(|m| m.tracked_weights.get(l))
            .map_or(0, Vec::len);
        for k in 0..tracked {
            let series = points.iter().filter_map(|m| {
                let v = *m.tracked_weights.get(l)?.get(k)?;
                v.is_finite().then_some((m.epoch, v))
            });
            chart.draw_series(LineSeries::new(series, line))?;
        }
    }
    let labels: Vec<(usize, String)> = shown.iter().map(|&l| (l, layer_label(l, layers))).collect();
    draw_layer_key(&key, &labels, layers, style)?;
    area.present()?;
    Ok(())
}

/// A weight tick label: short, with an exponent only for very small or large values.
/// A tick a rounding error away from 0 (say -5.6e-17 on a span of 1) is 0.
pub(crate) fn snap_to_zero(v: f32, span: f32) -> f32 {
    if v.abs() < span.abs() * 1e-6 {
        0.0
    } else {
        v
    }
}

pub(crate) fn format_weight(v: f32) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e4).contains(&a) {
        format!("{v:.1e}")
    } else {
        format!("{}", (v * 1000.0).round() / 1000.0)
    }
}
