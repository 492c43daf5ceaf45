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
use plotters::element::DashedPathElement;
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
    let points: Vec<&EpochMetrics> = history
        .points()
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
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .right_y_label_area_size(if has_accuracy { style.px(44.0) } else { 0 });
    let loss_series: [(&str, Pick, RGBColor); 2] = [
        ("train loss", |m| Some(m.train_loss), style.palette[0]),
        ("test loss", |m| Some(m.test_loss), style.palette[1]),
    ];
    let acc_series: [(&str, Pick, RGBColor); 2] = [
        ("train acc.", |m| m.train_accuracy, style.palette[2]),
        ("test acc.", |m| m.test_accuracy, style.palette[3]),
    ];
    let stroke = style.px(2.0);
    let sample = style.px(16.0) as i32;
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
            for (name, pick, color) in loss_series {
                let line = color.stroke_width(stroke);
                $chart
                    .draw_series(LineSeries::new(
                        points
                            .iter()
                            .filter_map(|m| Some((m.epoch, $value(pick(m)?)))),
                        line,
                    ))?
                    .label(name)
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + sample, y)], line));
            }
            if has_accuracy {
                for (name, pick, color) in acc_series {
                    let line = color.stroke_width(stroke.div_ceil(2).max(1));
                    let (dash, gap) = (style.px(5.0), style.px(3.0));
                    $chart
                        .draw_secondary_series(DashedLineSeries::new(
                            points
                                .iter()
                                .filter_map(|m| Some((m.epoch, pick(m)?.clamp(0.0, 1.0))))
                                .collect::<Vec<_>>(),
                            dash,
                            gap,
                            line,
                        ))?
                        .label(name)
                        .legend(move |(x, y)| {
                            DashedPathElement::new(vec![(x, y), (x + sample, y)], dash, gap, line)
                        });
                }
            }
            $chart
                .configure_series_labels()
                .position(SeriesLabelPosition::MiddleRight)
                .label_font(style.font(11.0))
                .legend_area_size(style.px(24.0))
                .legend_area_size(style.px(24.0))
                .background_style(style.background.mix(0.85))
                .border_style(style.grid)
                .draw()?;
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
    area.present()?;
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
