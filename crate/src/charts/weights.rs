//! Tracked weights over the epochs: three fixed entries of each layer's weight matrix,
//! one line each, coloured by layer (input side first), in one of two modes.
//!
//! This is the seed's second test for vanishing gradients (epoch against weight value):
//! a layer whose gradient vanished stays where initialization put it. In `Value` mode
//! (the default) each line is the weight itself on a linear axis, so such a layer draws
//! flat lines while the layers that learn draw lines that bend away. In `Change` mode
//! each line is the weight minus its value at epoch 0 on the symmetric log scale
//! `sign(d) log10(1 + |d| / 1e-6)`, linear within a millionth of 0 and logarithmic
//! beyond: a frozen layer's lines lie on the 0 line, and a change of 1e-7 and one of 0.1
//! are both visible and clearly different (next to a weight of 0.5 on the linear axis
//! both would look flat). Deep networks show at most `MAX_LAYERS` layers, evenly
//! chosen, always the first and the last (weights_layout.rs, `plan`).
//!
//! Drawing returns a [`WeightsLayout`]: every point drawn with the pixel it landed on,
//! so the page can read out the line under the pointer or the keyboard's point.

use super::heatmap::layer_label;
use super::ticks::{format_tick, linear_axis, TickedAxis};
use super::weights_layout::{plan, LinePoint, WeightLine};
pub use super::weights_layout::{
    WeightsLayout, WeightsMode, MAX_LAYERS, MAX_POINTS_IN_ALL, MIN_LINE_POINTS,
};
use super::{
    draw_layer_key, draw_line_or_dot, draw_note, epoch_coord, epoch_span, house_mesh, layer_color,
    mark_divergence, ChartError, ChartStyle,
};
use crate::history::History;
use crate::numtext;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Below this size a change is drawn on the linear part of the symmetric log scale.
pub const LINEAR_BELOW: f64 = 1e-6;
/// Most labels of the value axis.
const VALUE_LABELS: usize = 6;

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

/// The y axis of a mode for `shown`, the values (or changes) drawn: its range, ticks
/// and the step between value ticks (the symmetric log axis labels its decades instead).
fn y_axis(mode: WeightsMode, shown: &[f64]) -> (TickedAxis, (f64, f64), f64) {
    match mode {
        WeightsMode::Value => {
            let lo = shown.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = shown.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            // Nice ticks on a step of 1, 2 or 5 times a power of ten, enclosing every value.
            let axis = linear_axis(lo, hi, VALUE_LABELS);
            (
                TickedAxis::new(axis.lo..axis.hi, axis.ticks),
                (axis.lo, axis.hi),
                axis.step,
            )
        }
        WeightsMode::Change => {
            let max_abs = shown.iter().fold(0.0_f64, |a, d| a.max(d.abs()));
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
            let (lo, hi) = (-half * 1.04, half * 1.04);
            (TickedAxis::new(lo..hi, ticks), (lo, hi), 0.0)
        }
    }
}

/// Draw every tracked weight of (up to `MAX_LAYERS`) layers over the epochs, its value
/// or its change since epoch 0 as `mode` says, marking the epoch the run `diverged` at,
/// if any. Returns where every point landed (an empty layout when nothing is tracked).
pub fn draw_tracked_weights<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    mode: WeightsMode,
    diverged: Option<usize>,
    style: &ChartStyle,
) -> Result<WeightsLayout, ChartError> {
    area.fill(&style.background)?;
    let plan = plan(history);
    let Some(start) = history.first().filter(|_| !plan.lines.is_empty()) else {
        draw_note(area, style, "no weights tracked yet")?;
        return Ok(WeightsLayout::default());
    };
    let layers = plan.layers;
    // Each line's points: epoch, value and change since epoch 0 (their pixels come
    // once the axes exist). The history keeps only finite measurements, so every value
    // and change is finite.
    let mut lines: Vec<WeightLine> = plan
        .lines
        .iter()
        .map(|&(layer, k)| {
            let then = start.tracked_weights.get(layer).and_then(|w| w.get(k));
            let points = plan
                .points
                .iter()
                .filter_map(|m| {
                    let value = *m.tracked_weights.get(layer)?.get(k)?;
                    let change = f64::from(value) - f64::from(*then?);
                    change.is_finite().then_some(LinePoint {
                        epoch: m.epoch,
                        value,
                        change,
                        at: (0, 0),
                    })
                })
                .collect();
            WeightLine { layer, k, points }
        })
        .collect();
    // What the y axis plots: the value itself, or the symmetric log of the change.
    let plotted = |p: &LinePoint| match mode {
        WeightsMode::Value => f64::from(p.value),
        WeightsMode::Change => symlog(p.change),
    };
    let shown: Vec<f64> = lines
        .iter()
        .flat_map(|line| line.points.iter())
        .map(|p| match mode {
            WeightsMode::Value => f64::from(p.value),
            WeightsMode::Change => p.change,
        })
        .collect();
    let (y_coord, y_range, step) = y_axis(mode, &shown);
    let (first, last) = epoch_span(history, diverged);
    let layers_shown = plan.lines.iter().filter(|&&(_, k)| k == 0).count();
    let what = match mode {
        WeightsMode::Value => "Weight value",
        WeightsMode::Change => "Weight change since epoch 0",
    };
    let caption = if layers_shown < layers {
        format!("{what} ({layers_shown} of {layers} layers)")
    } else {
        format!("{what} (3 weights per layer)")
    };
    let (_, height) = area.dim_in_pixel();
    let key_height = style.px(20.0);
    let (plot, key) = area.split_vertically(height.saturating_sub(key_height));
    let mut chart = ChartBuilder::on(&plot)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(58.0))
        .build_cartesian_2d(epoch_coord(first, last), y_coord)?;
    let y_label = |v: &f64| match mode {
        WeightsMode::Value => format_tick(*v, step),
        WeightsMode::Change => symlog_label(*v),
    };
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("epoch")
        .y_desc(match mode {
            WeightsMode::Value => "weight value",
            WeightsMode::Change => "change (symmetric log)",
        })
        .x_label_formatter(&super::epoch_label)
        .y_label_formatter(&y_label)
        .draw()?;
    // Output side first, so the input side's (possibly flat) lines end up on top.
    for line in lines.iter_mut().rev() {
        let color = layer_color(line.layer, layers, style);
        let stroke = style.px(if line.layer == 0 { 2.0 } else { 1.5 });
        let mut coords = Vec::with_capacity(line.points.len());
        for p in &mut line.points {
            let xy = (p.epoch as f64, plotted(p));
            // The pixel the backend draws this point at, for the read-out.
            p.at = chart.backend_coord(&xy);
            coords.push(xy);
        }
        draw_line_or_dot(&mut chart, coords, color, stroke, style)?;
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    let x_axis = chart.x_range();
    let layout = WeightsLayout {
        mode,
        plot_x: (px.start, px.end),
        plot_y: (py.start, py.end),
        x_range: (x_axis.start, x_axis.end),
        y_range,
        layers,
        lines,
    };
    if let Some(epoch) = diverged {
        mark_divergence(&mut chart, epoch, style)?;
    }
    let mut labels: Vec<(usize, String)> = Vec::new();
    for &(l, _) in &plan.lines {
        if labels.last().is_none_or(|(last, _)| *last != l) {
            labels.push((l, layer_label(l, layers)));
        }
    }
    draw_layer_key(&key, &labels, layers, style)?;
    area.present()?;
    Ok(layout)
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
