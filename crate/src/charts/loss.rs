//! The loss curves: training and test loss against epoch, on a linear or log10 axis,
//! with training and test accuracy on a secondary 0..1 axis for classification tasks.
//!
//! A deep sigmoid network whose gradients vanish shows a long flat plateau here: the
//! loss barely moves because the input-side layers barely learn. The log scale makes
//! slow late progress (and the gap between train and test) visible.

use super::plot_map::PlotMap;
use super::ticks::{decade_axis, decade_label, format_tick, linear_axis, TickedAxis};
use super::{
    draw_note, epoch_coord, epoch_label, epoch_span, house_mesh, mark_divergence, ChartError,
    ChartResult, ChartStyle,
};
use crate::history::History;
use crate::metrics::EpochMetrics;
use crate::numtext;
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

/// One line of the chart: name, value, colour, and whether it is dashed.
struct Series {
    name: &'static str,
    pick: Pick,
    color: RGBColor,
    dashed: bool,
}

/// Draw train and test loss over the run's history (test dashed, train solid on top),
/// and for classification the accuracies in a panel of their own below, on 0-100%. The
/// epoch a run `diverged` at is marked. Returns where the loss panel's plot landed.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    history: &History,
    scale: LossScale,
    diverged: Option<usize>,
    style: &ChartStyle,
) -> Result<PlotMap, ChartError> {
    area.fill(&style.background)?;
    // The epochs drawn: `describe::training::loss_points`, which the keys walk too.
    let points = crate::describe::training::loss_points(history);
    if points.is_empty() {
        draw_note(area, style, "no epochs yet: press play")?;
        return Ok(PlotMap::default());
    }
    let (first, last) = epoch_span(history, diverged);
    let losses = || points.iter().flat_map(|m| [m.train_loss, m.test_loss]);
    let max_loss = f64::from(losses().fold(0.0_f32, f32::max));
    let has_accuracy = points.iter().any(|m| m.train_accuracy.is_some());
    let clamped = scale == LossScale::Log && losses().any(|v| v < LOG_FLOOR);
    let caption = match (scale, clamped) {
        (LossScale::Linear, _) => "Loss".to_string(),
        (LossScale::Log, false) => "Loss (log scale)".to_string(),
        (LossScale::Log, true) => {
            let floor = numtext::sci(f64::from(LOG_FLOOR), 0);
            format!("Loss (log scale, < {floor} drawn at {floor})")
        }
    };
    // Test first and dashed, so the train line on top never hides it.
    let loss_series = [
        Series {
            name: "test loss",
            pick: |m| Some(m.test_loss),
            color: style.palette[1],
            dashed: true,
        },
        Series {
            name: "train loss",
            pick: |m| Some(m.train_loss),
            color: style.palette[0],
            dashed: false,
        },
    ];
    let acc_series = [
        Series {
            name: "test acc.",
            pick: |m| m.test_accuracy,
            color: style.palette[3],
            dashed: true,
        },
        Series {
            name: "train acc.",
            pick: |m| m.train_accuracy,
            color: style.palette[2],
            dashed: false,
        },
    ];
    let stroke = style.px(2.0);
    let mut entries: Vec<KeyEntry> = loss_series
        .iter()
        .rev()
        .map(|s| (s.name, s.color, s.dashed, false))
        .collect();
    if has_accuracy {
        entries.extend(
            acc_series
                .iter()
                .rev()
                .map(|s| (s.name, s.color, s.dashed, false)),
        );
    }
    let (width, height) = area.dim_in_pixel();
    let key_rows = key_layout(&entries, width as i32, style)
        .last()
        .map_or(1, |(_, row)| row + 1);
    let (plots, key) = area
        .split_vertically(height.saturating_sub(style.px(18.0) * key_rows as u32 + style.px(4.0)));
    let (_, plots_height) = plots.dim_in_pixel();
    let (loss_area, acc_area) = if has_accuracy {
        let (a, b) = plots.split_vertically(plots_height * 64 / 100);
        (a, Some(b))
    } else {
        (plots.clone(), None)
    };

    // The loss panel: its y axis in loss units, or in log10 units on the log scale.
    // (axis, value -> y, the distance between ticks for the labels' digits)
    let (y_axis, to_y, step) = loss_axis(scale, losses(), max_loss);
    let mut chart = ChartBuilder::on(&loss_area)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .margin_bottom(style.px(if has_accuracy { 2.0 } else { 8.0 }))
        .x_label_area_size(style.px(if has_accuracy { 8.0 } else { 34.0 }))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(epoch_coord(first, last), y_axis)?;
    {
        let y_label = |v: &f64| match scale {
            LossScale::Linear => format_tick(*v, step),
            LossScale::Log => decade_label(v.round() as i32),
        };
        // With accuracy, the panel below carries the epoch axis.
        let no_label = |_: &f64| String::new();
        let mut mesh = chart.configure_mesh();
        house_mesh(&mut mesh, style)
            .y_desc("loss")
            .y_label_formatter(&y_label);
        if has_accuracy {
            mesh.x_label_formatter(&no_label);
        } else {
            mesh.x_desc("epoch").x_label_formatter(&epoch_label);
        }
        mesh.draw()?;
    }
    for s in &loss_series {
        draw_line(&mut chart, &points, s, to_y, stroke, style)?;
    }
    let map = PlotMap::of(&chart, scale == LossScale::Log);
    if let Some(epoch) = diverged {
        mark_divergence(&mut chart, epoch, style)?;
    }

    if let Some(acc_area) = acc_area {
        let mut chart = ChartBuilder::on(&acc_area)
            .margin(style.px(8.0))
            .margin_top(style.px(4.0))
            .x_label_area_size(style.px(34.0))
            .y_label_area_size(style.px(50.0))
            .build_cartesian_2d(
                epoch_coord(first, last),
                TickedAxis::new(0.0..1.0, vec![0.0, 0.5, 1.0]),
            )?;
        house_mesh(&mut chart.configure_mesh(), style)
            .x_desc("epoch")
            .y_desc("accuracy")
            .x_label_formatter(&epoch_label)
            .y_label_formatter(&|v| format!("{}%", numtext::fixed(v * 100.0, 0)))
            .draw()?;
        for s in &acc_series {
            draw_line(
                &mut chart,
                &points,
                s,
                |v| f64::from(v.clamp(0.0, 1.0)),
                stroke,
                style,
            )?;
        }
        if let Some(epoch) = diverged {
            mark_divergence(&mut chart, epoch, style)?;
        }
    }
    // The key sits under the plots, where it never hides a line.
    draw_series_key(&key, &entries, style)?;
    area.present()?;
    Ok(map)
}

/// One series as a line through its epochs (dashed for test values); a single point
/// (epoch 0 only) is drawn as a dot so it is visible at all.
fn draw_line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<TickedAxis, TickedAxis>>,
    points: &[&EpochMetrics],
    series: &Series,
    to_y: impl Fn(f32) -> f64,
    stroke: u32,
    style: &ChartStyle,
) -> ChartResult {
    let xy: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|m| Some((m.epoch as f64, to_y((series.pick)(m)?))))
        .collect();
    let line = series.color.stroke_width(stroke);
    if xy.len() == 1 {
        chart.draw_series(
            xy.iter()
                .map(|&p| Circle::new(p, style.px(3.0), series.color.filled())),
        )?;
    } else if series.dashed {
        chart.draw_series(DashedLineSeries::new(
            xy,
            style.px(6.0),
            style.px(4.0),
            line,
        ))?;
    } else {
        chart.draw_series(LineSeries::new(xy, line))?;
    }
    Ok(())
}

/// A key entry: its name, colour, whether its line is dashed and whether it has hollow
/// circle markers.
pub(super) type KeyEntry<'a> = (&'a str, RGBColor, bool, bool);

/// Where each key entry goes: its x and its row, wrapping entries that would not fit.
pub(super) fn key_layout(
    entries: &[KeyEntry],
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
    for (name, ..) in entries {
        let w = sample + gap + super::text_width(name, 11.0, style);
        if x + w > width && x > start {
            (x, row) = (start, row + 1);
        }
        places.push((x, row));
        x += w + 3 * gap;
    }
    places
}

/// Line samples with their names (and markers), in as many rows as the width needs.
pub(super) fn draw_series_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[KeyEntry],
    style: &ChartStyle,
) -> ChartResult {
    let (width, _) = area.dim_in_pixel();
    let (sample, gap, row_height) = (
        style.px(16.0) as i32,
        style.px(5.0) as i32,
        style.px(18.0) as i32,
    );
    let font = style.font(12.0).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Left,
        plotters::style::text_anchor::VPos::Center,
    ));
    let stroke = style.px(2.0);
    for ((name, color, dashed, marked), (x, row)) in
        entries.iter().zip(key_layout(entries, width as i32, style))
    {
        let mid = style.px(9.0) as i32 + row as i32 * row_height;
        let line = color.stroke_width(stroke);
        if *dashed {
            let dash = sample * 2 / 5;
            area.draw(&PathElement::new(vec![(x, mid), (x + dash, mid)], line))?;
            area.draw(&PathElement::new(
                vec![(x + sample - dash, mid), (x + sample, mid)],
                line,
            ))?;
        } else {
            area.draw(&PathElement::new(vec![(x, mid), (x + sample, mid)], line))?;
        }
        if *marked {
            let r = style.px(3.5);
            area.draw(&Circle::new((x + sample / 2, mid), r, line))?;
        }
        area.draw(&Text::new(
            name.to_string(),
            (x + sample + gap, mid),
            font.clone(),
        ))?;
    }
    Ok(())
}

/// The loss panel's y axis for `scale` over `losses` (whose largest is `max_loss`): the
/// axis, the map from a loss to its height, and the distance between ticks (for the
/// labels' digits). On the log scale heights are log10 of the loss, floored at
/// `LOG_FLOOR`.
pub(super) fn loss_axis(
    scale: LossScale,
    losses: impl Iterator<Item = f32>,
    max_loss: f64,
) -> (TickedAxis, fn(f32) -> f64, f64) {
    match scale {
        LossScale::Linear => {
            let axis = linear_axis(0.0, max_loss.max(f64::MIN_POSITIVE), 5);
            let step = axis.step;
            (
                TickedAxis::new(axis.lo..axis.hi, axis.ticks),
                f64::from,
                step,
            )
        }
        LossScale::Log => {
            let min = f64::from(losses.fold(f32::INFINITY, f32::min).max(LOG_FLOOR));
            let axis = decade_axis(min.log10(), max_loss.max(min).log10(), 6);
            let ticks = axis.ticks.iter().map(|&k| f64::from(k)).collect();
            (
                TickedAxis::new(f64::from(axis.lo)..f64::from(axis.hi), ticks),
                |v| f64::from(v.max(LOG_FLOOR)).log10(),
                1.0,
            )
        }
    }
}
