//! The loss curves: training and test loss against epoch.

use super::{ChartResult, ChartStyle};
use crate::history::History;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draw train and test loss over the run's history (linear scale).
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let points: Vec<_> = history.points().collect();
    let last_epoch = points.last().map_or(1, |m| m.epoch.max(1));
    let max_loss = points
        .iter()
        .map(|m| m.train_loss.max(m.test_loss))
        .fold(0.0_f32, f32::max);
    let y_top = if max_loss > 0.0 { max_loss * 1.05 } else { 1.0 };
    let mut chart = ChartBuilder::on(area)
        .caption("Loss", style.font(15.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d(0usize..last_epoch, 0f32..y_top)?;
    chart
        .configure_mesh()
        .x_desc("epoch")
        .y_desc("loss")
        .label_style(style.font(11.0))
        .axis_desc_style(style.font(12.0))
        .light_line_style(style.grid.mix(0.5))
        .bold_line_style(style.grid)
        .axis_style(style.foreground)
        .x_labels(6)
        .y_labels(5)
        .draw()?;
    type Pick = fn(&crate::metrics::EpochMetrics) -> f32;
    let series: [(&str, Pick, RGBColor); 2] = [
        ("train", |m| m.train_loss, style.palette[0]),
        ("test", |m| m.test_loss, style.palette[1]),
    ];
    for (name, value, color) in series {
        let stroke = color.stroke_width(style.px(2.0));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|m| (m.epoch, value(m))),
                stroke,
            ))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], stroke));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(style.font(11.0))
        .background_style(style.background.mix(0.85))
        .border_style(style.grid)
        .draw()?;
    area.present()?;
    Ok(())
}
