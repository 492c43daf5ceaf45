//! Distributions at the newest epoch, after Glorot & Bengio (2010): one outline per
//! layer of the hidden layers' activation values and of each layer's weight gradients,
//! on ranges shared by all layers so their widths compare.
//!
//! Vanishing gradients show as gradient distributions that shrink to a spike at 0 on
//! the input side while the output side's stay wide; saturation shows as activations
//! piled up at the ends of sigmoid's or tanh's range.

use super::heatmap::layer_label;
use super::{
    draw_layer_key, draw_note, house_mesh, layer_color, pick_evenly, ChartResult, ChartStyle,
};
use crate::charts::ticks::TickedAxis;
use crate::metrics::{Distributions, Histogram};
use crate::numtext;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Most layers drawn per panel.
pub const MAX_LAYERS: usize = 12;
/// Narrower than this (in CSS pixels), the panels are stacked instead of side by side.
pub const STACK_BELOW_CSS: f64 = 500.0;

/// Draw the activation and gradient distributions side by side (stacked when narrow).
pub fn draw_distributions<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    dists: &Distributions,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let layers = dists.gradients.len();
    if layers == 0 {
        return draw_note(area, style, "no distributions yet");
    }
    let (width, _) = area.dim_in_pixel();
    let key_height = style.px(20.0);
    let shown = pick_evenly(layers, MAX_LAYERS);
    // When not every layer fits, the title says so (the key lists the ones drawn).
    let title = if shown.len() < layers {
        format!(
            "Distributions, epoch {} ({} of {layers} layers, evenly chosen)",
            dists.epoch,
            shown.len()
        )
    } else {
        format!("Distributions, epoch {}", dists.epoch)
    };
    let area = area.titled(&title, style.font(14.0))?;
    let (panels, key) = area.split_vertically(area.dim_in_pixel().1.saturating_sub(key_height));
    let stacked = f64::from(width) < STACK_BELOW_CSS * style.scale;
    let (left, right) = if stacked {
        let h = panels.dim_in_pixel().1;
        panels.split_vertically(h / 2)
    } else {
        panels.split_horizontally(width / 2)
    };
    let acts: Vec<(usize, &Histogram)> = shown
        .iter()
        .filter_map(|&l| Some((l, dists.activations.get(l)?)))
        .collect();
    let grads: Vec<(usize, &Histogram)> = shown
        .iter()
        .filter_map(|&l| Some((l, dists.gradients.get(l)?)))
        .collect();
    draw_panel(&left, &acts, layers, "activation (hidden layers)", style)?;
    draw_panel(
        &right,
        &grads,
        layers,
        "weight gradient (all layers)",
        style,
    )?;
    let labels: Vec<(usize, String)> = shown.iter().map(|&l| (l, layer_label(l, layers))).collect();
    draw_layer_key(&key, &labels, layers, style)?;
    area.present()?;
    Ok(())
}

/// One panel: each histogram as a line through its bins' centres, y = share of values.
fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    hists: &[(usize, &Histogram)],
    layers: usize,
    x_desc: &str,
    style: &ChartStyle,
) -> ChartResult {
    let lines: Vec<(usize, Vec<(f64, f64)>)> = hists
        .iter()
        .filter_map(|&(l, h)| Some((l, shares(h)?)))
        .collect();
    if lines.is_empty() {
        return draw_note(area, style, &format!("nothing to show: {x_desc}"));
    }
    let (lo, hi) = hists
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (_, h)| {
            (lo.min(f64::from(h.lo)), hi.max(f64::from(h.hi)))
        });
    let (lo, hi) = if hi > lo && lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (-1.0, 1.0)
    };
    let top = lines
        .iter()
        .flat_map(|(_, p)| p.iter().map(|&(_, y)| y))
        .fold(0.0, f64::max)
        .max(1.0)
        * 1.05;
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(6.0))
        .margin_right(style.px(14.0))
        .x_label_area_size(style.px(30.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(TickedAxis::plain(lo..hi), TickedAxis::plain(0.0..top))?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc(x_desc)
        .y_desc("share (%)")
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.0))
        .x_labels(5)
        .y_labels(4)
        .x_label_formatter(&|v| {
            let span = (hi - lo) as f32;
            super::weights::format_weight(super::weights::snap_to_zero(*v as f32, span))
        })
        .y_label_formatter(&|v| numtext::fixed(*v, 0))
        .draw()?;
    // Output side first, so input-side outlines are drawn on top.
    for (l, points) in lines.into_iter().rev() {
        let color = layer_color(l, layers, style);
        let width = style.px(if l == 0 { 2.0 } else { 1.5 });
        chart.draw_series(LineSeries::new(points, color.stroke_width(width)))?;
    }
    Ok(())
}

/// The bins' (centre, share of values in %), or None for an empty histogram.
fn shares(h: &Histogram) -> Option<Vec<(f64, f64)>> {
    let total: u64 = h.counts.iter().map(|&c| u64::from(c)).sum();
    let bins = h.counts.len();
    if total == 0 || bins == 0 {
        return None;
    }
    let width = f64::from(h.hi - h.lo) / bins as f64;
    Some(
        h.counts
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let x = f64::from(h.lo) + width * (i as f64 + 0.5);
                (x, 100.0 * f64::from(c) / total as f64)
            })
            .collect(),
    )
}
