//! Tracked weights: how far three fixed entries of each layer's weight matrix have moved
//! since initialization, over the epochs, coloured by layer (input side first), on a
//! symmetric log scale.
//!
//! This is the seed's second test for vanishing gradients (epoch against weight): a
//! layer whose gradient vanished stays where initialization put it, so its lines lie on
//! the 0 line, while a layer that learns draws lines that climb away from it, by orders
//! of magnitude. The symmetric log scale, `sign(d) log10(1 + |d| / 1e-6)`, is linear
//! within a millionth of 0 and logarithmic beyond, so a change of 1e-7 and one of 0.1
//! are both visible and clearly different. Deep networks show at most `MAX_LAYERS`
//! layers, evenly chosen, always the first and the last.

use super::heatmap::layer_label;
use super::ticks::TickedAxis;
use super::{
    draw_layer_key, draw_line_or_dot, draw_note, epoch_coord, epoch_label, epoch_span, house_mesh,
    layer_color, mark_divergence, pick_evenly, ChartResult, ChartStyle,
};
use crate::history::History;
use crate::numtext;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most layers drawn.
pub const MAX_LAYERS: usize = 12;
/// Most points over all the lines together, and fewest per line.
pub const MAX_POINTS_IN_ALL: usize = 3_600;
pub const MIN_LINE_POINTS: usize = 100;
/// Below this size a change is drawn on the linear part of the symmetric log scale.
pub const LINEAR_BELOW: f64 = 1e-6;

/// The symmetric log of a change `d`: `sign(d) log10(1 + |d| / LINEAR_BELOW)`.
pub fn symlog(d: f64) -> f64 {
    d.signum() * (1.0 + d.abs() / LINEAR_BELOW).log10()
}

/// Ticks of the symmetric log axis covering changes up to `max_abs`: 0 and plus or minus
/// every second decade from 1e-6 up to the first decade at or above `max_abs` (at least
/// 1e-4). Returns (decade exponents, axis half-height in symlog units).
pub fn symlog_ticks(max_abs: f64) -> (Vec<i32>, f64) {
    let top = if max_abs.is_finite() && max_abs > 0.0 {
        (max_abs.log10().ceil() as i32).max(-4)
    } else {
        -4
    };
    // Decades -6, -4, -2, 0, ... up to `top` (rounded up to the step).
    let step = if top - (-6) > 12 { 4 } else { 2 };
    let mut decades = Vec::new();
    let mut k = -6;
    while k < top + step {
        decades.push(k);
        if k >= top {
            break;
        }
        k += step;
    }
    let half = decades.last().map_or(1.0, |&k| symlog(10f64.powi(k)));
    (decades, half)
}

/// Draw every tracked weight's change since epoch 0 for (up to `MAX_LAYERS`) layers,
/// marking the epoch the run `diverged` at, if any.
pub fn draw_tracked_weights<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    diverged: Option<usize>,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let (Some(start), Some(newest)) = (history.first(), history.newest()) else {
        return draw_note(area, style, "no weights tracked yet");
    };
    let layers = newest.tracked_weights.len();
    if layers == 0 {
        return draw_note(area, style, "no weights tracked yet");
    }
    let shown = pick_evenly(layers, MAX_LAYERS);
    // Up to 36 lines: fewer points each when there are many, so the chart costs about
    // what a few full lines cost (a line still gets a point every few pixels).
    let lines = shown.len() * 3;
    let per_line =
        (MAX_POINTS_IN_ALL / lines.max(1)).clamp(MIN_LINE_POINTS, super::MAX_LINE_POINTS);
    let points = super::sampled_points(history, per_line);
    let change = |l: usize, k: usize, m: &crate::metrics::EpochMetrics| -> Option<f64> {
        let now = *m.tracked_weights.get(l)?.get(k)?;
        let then = *start.tracked_weights.get(l)?.get(k)?;
        let d = f64::from(now) - f64::from(then);
        d.is_finite().then_some(d)
    };
    let max_abs = points
        .iter()
        .flat_map(|m| {
            shown.iter().flat_map(move |&l| {
                (0..m.tracked_weights.get(l).map_or(0, Vec::len))
                    .filter_map(move |k| change(l, k, m))
            })
        })
        .fold(0.0_f64, |a, d| a.max(d.abs()));
    let (decades, half) = symlog_ticks(max_abs);
    // 1e-6 sits on the linear part, too close to 0 for a label of its own.
    let labelled = decades.iter().filter(|&&k| k > -6);
    let mut ticks: Vec<f64> = labelled
        .clone()
        .rev()
        .map(|&k| -symlog(10f64.powi(k)))
        .collect();
    ticks.push(0.0);
    ticks.extend(labelled.map(|&k| symlog(10f64.powi(k))));
    let (first, last) = epoch_span(history, diverged);
    let caption = if shown.len() < layers {
        format!(
            "Weight change since epoch 0 ({} of {layers} layers)",
            shown.len()
        )
    } else {
        "Weight change since epoch 0 (3 weights per layer)".to_string()
    };
    let (_, height) = area.dim_in_pixel();
    let key_height = style.px(20.0);
    let (plot, key) = area.split_vertically(height.saturating_sub(key_height));
    let mut chart = ChartBuilder::on(&plot)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(58.0))
        .build_cartesian_2d(
            epoch_coord(first, last),
            TickedAxis::new(-half * 1.04..half * 1.04, ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("epoch")
        .y_desc("change (symmetric log)")
        .x_label_formatter(&epoch_label)
        .y_label_formatter(&|v| symlog_label(*v))
        .draw()?;
    // Output side first, so the input side's (possibly flat) lines end up on top.
    for &l in shown.iter().rev() {
        let color = layer_color(l, layers, style);
        let stroke = style.px(if l == 0 { 2.0 } else { 1.5 });
        let tracked = newest.tracked_weights.get(l).map_or(0, Vec::len);
        for k in 0..tracked {
            let series: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|m| Some((m.epoch as f64, symlog(change(l, k, m)?))))
                .collect();
            draw_line_or_dot(&mut chart, series, color, stroke, style)?;
        }
    }
    if let Some(epoch) = diverged {
        mark_divergence(&mut chart, epoch, style)?;
    }
    let labels: Vec<(usize, String)> = shown.iter().map(|&l| (l, layer_label(l, layers))).collect();
    draw_layer_key(&key, &labels, layers, style)?;
    area.present()?;
    Ok(())
}

/// The label of a symmetric-log tick: "0", "+1e-4", "-0.01".
fn symlog_label(y: f64) -> String {
    if y.abs() < 1e-9 {
        return "0".to_string();
    }
    // Invert symlog, then round to the decade the tick was made from.
    let d = (10f64.powf(y.abs()) - 1.0) * LINEAR_BELOW;
    let k = d.log10().round() as i32;
    let sign = if y > 0.0 { "+" } else { "-" };
    format!("{sign}{}", super::ticks::decade_label(k))
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
        numtext::sci(f64::from(v), 1)
    } else {
        numtext::f32_text((v * 1000.0).round() / 1000.0)
    }
}
