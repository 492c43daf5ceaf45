//! The loss curves: training and test loss against epoch, on a linear or log10 axis,
//! with training and test accuracy on a secondary 0..1 axis for classification tasks.
//!
//! A deep sigmoid network whose gradients vanish shows a long flat plateau here: the
//! loss barely moves because the input-side layers barely learn. The log scale makes
//! slow late progress (and the gap between train and test) visible.

use super::{draw_note, house_mesh, ChartResult, ChartStyle};
use crate::history::History;
use crate::metrics::EpochMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How the loss axis is scaled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LossScale {
    #[default]
    Linear,
    /// log10; losses below `LOG_FLOOR` are drawn at the floor.
    Log,
}

/// Smallest loss drawn on the log scale (a loss of exactly 0 has no logarithm).
pub const LOG_FLOOR: f32 = 1e-8;

type Pick = fn(&EpochMetrics) -> Option<f32>;

/// Draw train and test loss over the run's history, and accuracy where the task has it.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    scale: LossScale,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let points: Vec<&EpochMetrics> = super::sampled_points(history, super::MAX_LINE_POINTS)
        .into_iter()
        .filter(|m| m.train_loss.is_finite() && m.test_loss.is_finite())
        .collect();
    if points.is_empty() {
        return draw_note(area, style, "no epochs yet: press play");
    }
    let last_epoch = points.last().map_or(1, |m| m.epoch.max(1));
    let losses = || points.iter().flat_map(|m| [m.train_loss, m.test_loss]);
    let max_loss = losses().fold(0.0_f32, f32::max);
    let has_accuracy = points.iter().any(|m| m.train_accuracy.is_some());
    let clamped = scale == LossScale::Log && losses().any(|v| v < LOG_FLOOR);
    let caption = match (scale, clamped) {
        (LossScale::Linear, _) => "Loss".to_string(),
        (LossScale::Log, false) => "Loss (log scale)".to_string(),
        (LossScale::Log, true) => {
            format!("Loss (log scale, < {LOG_FLOOR:.0e} drawn at {LOG_FLOOR:.0e})")
        }
    };
    let loss_series: [(&str, Pick, RGBColor); 2] = [
        ("train loss", |m| Some(m.train_loss), style.palette[0]),
        ("test loss", |m| Some(m.test_loss), style.palette[1]),
    ];
    let acc_series: [(&str, Pick, RGBColor); 2] = [
        ("train acc.", |m| m.train_accuracy, style.palette[2]),
        ("test acc.", |m| m.test_accuracy, style.palette[3]),
    ];
    let stroke = style.px(2.0);
    let thin = style.px(1.0);
    let mut entries: Vec<(&str, RGBColor, u32)> = loss_series
        .iter()
        .map(|(n, _, c)| (*n, *c, stroke))
        .collect();
    if has_accuracy {
        entries.extend(acc_series.iter().map(|(n, _, c)| (*n, *c, thin)));
    }
    let (width, height) = area.dim_in_pixel();
    let key_rows = key_layout(&entries, width as i32, style)
        .last()
        .map_or(1, |(_, row)| row + 1);
    let (plot, key) = area
        .split_vertically(height.saturating_sub(style.px(18.0) * key_rows as u32 + style.px(4.0)));
    let mut builder = ChartBuilder::on(&plot);
    builder
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .right_y_label_area_size(if has_accuracy { style.px(44.0) } else { 0 });
    macro_rules! finish {
        ($chart:ident, $value:expr) => {{
            house_mesh(&mut $chart.configure_mesh(), style)
                .x_desc("epoch")
                .y_desc("loss (mean per sample)")
                .x_labels(6)
                .y_labels(5)
                .y_label_formatter(&|v| format_loss(f64::from(*v), scale))
                .draw()?;
            if has_accuracy {
                $chart
                    .configure_secondary_axes()
                    .y_desc("accuracy")
                    .label_style(style.font(11.0))
                    .axis_desc_style(style.font(12.0))
                    .axis_style(style.foreground)
                    .y_labels(5)
                    .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
                    .draw()?;
            }
            for (_, pick, color) in loss_series {
                let line = color.stroke_width(stroke);
                $chart.draw_series(LineSeries::new(
                    points
                        .iter()
                        .filter_map(|m| Some((m.epoch, $value(pick(m)?)))),
                    line,
                ))?;
            }
            if has_accuracy {
                // Accuracy: thin and lighter, so the loss stays the main line.
                for (_, pick, color) in acc_series {
                    let line = color.mix(0.8).stroke_width(thin);
                    $chart.draw_secondary_series(LineSeries::new(
                        points
                            .iter()
                            .filter_map(|m| Some((m.epoch, pick(m)?.clamp(0.0, 1.0)))),
                        line,
                    ))?;
                }
            }
        }};
    }
    let x_range = 0usize..last_epoch;
    match scale {
        LossScale::Linear => {
            let y_top = if max_loss > 0.0 { max_loss * 1.05 } else { 1.0 };
            let mut chart = builder
                .build_cartesian_2d(x_range.clone(), 0f32..y_top)?
                .set_secondary_coord(x_range, 0f32..1f32);
            finish!(chart, |v: f32| v);
        }
        LossScale::Log => {
            let min_loss = f64::from(losses().fold(f32::INFINITY, f32::min).max(LOG_FLOOR));
            let lo = 10f64.powf(min_loss.log10().floor());
            let hi = 10f64
                .powf(f64::from(max_loss).max(lo).log10().ceil())
                .max(lo * 10.0);
            let mut chart = builder
                .build_cartesian_2d(x_range.clone(), (lo * 0.999..hi * 1.001).log_scale())?
                .set_secondary_coord(x_range, 0f32..1f32);
            finish!(chart, |v: f32| f64::from(v.max(LOG_FLOOR)));
        }
    }
    // The key sits under the plot, where it never hides a line.
    let mut entries: Vec<(&str, RGBColor, u32)> = loss_series
        .iter()
        .map(|(n, _, c)| (*n, *c, stroke))
        .collect();
    if has_accuracy {
        entries.extend(acc_series.iter().map(|(n, _, c)| (*n, *c, thin)));
    }
    draw_series_key(&key, &entries, style)?;
    area.present()?;
    Ok(())
}

/// Where each key entry goes: its x and its row, wrapping entries that would not fit.
fn key_layout(
    entries: &[(&str, RGBColor, u32)],
    width: i32,
    style: &ChartStyle,
) -> Vec<(i32, usize)> {
    let (sample, gap, start) = (
        style.px(16.0) as i32,
        style.px(5.0) as i32,
        style.px(50.0) as i32,
    );
    let mut places = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (start, 0);
    for (name, _, _) in entries {
        let w = sample + gap + super::text_width(name, 11.0, style);
        if x + w > width && x > start {
            (x, row) = (start, row + 1);
        }
        places.push((x, row));
        x += w + 3 * gap;
    }
    places
}

/// Line samples with their names, in as many rows as the width needs.
fn draw_series_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor, u32)],
    style: &ChartStyle,
) -> ChartResult {
    let (width, _) = area.dim_in_pixel();
    let (sample, gap, row_height) = (
        style.px(16.0) as i32,
        style.px(5.0) as i32,
        style.px(18.0) as i32,
    );
    let font = style.font(11.0).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Left,
        plotters::style::text_anchor::VPos::Center,
    ));
    for ((name, color, stroke), (x, row)) in
        entries.iter().zip(key_layout(entries, width as i32, style))
    {
        let mid = style.px(9.0) as i32 + row as i32 * row_height;
        area.draw(&PathElement::new(
            vec![(x, mid), (x + sample, mid)],
            color.stroke_width(*stroke),
        ))?;
        area.draw(&Text::new(
            name.to_string(),
            (x + sample + gap, mid),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// A loss tick label: plain decimals on the linear axis, powers of ten on the log axis.
fn format_loss(v: f64, scale: LossScale) -> String {
    match scale {
        LossScale::Linear => format!("{}", (v * 1000.0).round() / 1000.0),
        LossScale::Log if (0.01..1000.0).contains(&v) => format!("{}", (v * 100.0).round() / 100.0),
        LossScale::Log => format!("{v:.0e}"),
    }
}
