//! Layer health at one epoch: for the rectifier family, the share of dead units per
//! hidden layer; for sigmoid and tanh, the share of saturated (unit, sample) pairs.
//!
//! Both are ways gradients die locally: a dead ReLU unit passes no gradient at all,
//! and a saturated sigmoid or tanh unit passes almost none (f' near 0). A tall bar on
//! the input side is a layer that has stopped learning.

use super::{draw_note, house_mesh, ChartResult, ChartStyle};
use crate::charts::ticks::TickedAxis;
use crate::config::Activation;
use crate::metrics::{EpochMetrics, SATURATION_THRESHOLD};
use crate::numtext;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draw the health bar of every hidden layer (the output layer is left out).
pub fn draw_layer_health<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    metrics: &EpochMetrics,
    activation: Activation,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let (values, title, definition, y_desc) = if activation.can_die() {
        (
            &metrics.dead_fraction,
            format!("Dead units, epoch {}", metrics.epoch),
            "units that output 0 for every probe sample".to_string(),
            "dead units (%)",
        )
    } else if activation.max_derivative().is_some() {
        (
            &metrics.saturation,
            format!("Saturated units, epoch {}", metrics.epoch),
            format!(
                "unit-sample pairs with f' < {}% of its max",
                numtext::fixed(f64::from(SATURATION_THRESHOLD * 100.0), 0)
            ),
            "saturated (%)",
        )
    } else {
        return draw_note(area, style, "linear units neither die nor saturate");
    };
    let hidden = values.len().saturating_sub(1);
    if hidden == 0 {
        return draw_note(area, style, "no hidden layers to show");
    }
    let values = &values[..hidden];
    let area = area.titled(&title, style.font(14.0))?;
    let area = area.titled(&definition, style.font(12.0))?;
    let mut chart = ChartBuilder::on(&area)
        .margin(style.px(8.0))
        .margin_top(style.px(4.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            TickedAxis::plain(0.5..hidden as f64 + 0.5),
            TickedAxis::plain(0.0..100.0),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .disable_x_mesh()
        .x_desc("hidden layer (1 = input side)")
        .y_desc(y_desc)
        .x_labels(hidden.clamp(2, 12))
        .x_label_formatter(&|x| {
            let l = x.round();
            if (x - l).abs() < 0.05 && l >= 1.0 {
                format!("{}", l as usize)
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|v| numtext::fixed(*v, 0))
        .draw()?;
    let half = if hidden > 40 { 0.5 } else { 0.4 };
    let color = style.palette[1];
    chart.draw_series(values.iter().enumerate().map(|(l, &v)| {
        let x = (l + 1) as f64;
        let top = f64::from(v.clamp(0.0, 1.0)) * 100.0;
        Rectangle::new([(x - half, 0.0), (x + half, top)], color.filled())
    }))?;
    if values.iter().all(|&v| v <= 0.0) {
        chart.plotting_area().draw(&Text::new(
            "0% in every layer",
            (0.5 + hidden as f64 * 0.05, 55.0),
            style.font(12.0),
        ))?;
    }
    area.present()?;
    Ok(())
}
