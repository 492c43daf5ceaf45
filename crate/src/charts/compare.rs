//! The charts of a comparison that overlay its runs in one plot: the gradient profiles
//! (each run's newest epoch) and the loss curves. Run 0 (A) is drawn solid in the first
//! palette colour, run 1 (B) dashed in the second, each labelled with what differs
//! (`A: sigmoid`, `B: relu + he_normal`), so the difference reads at a glance in colour
//! and without it; a run's test loss is its train loss's line with hollow circles on it.
//!
//! Both return the legend entries they drew, in order, so the page can name the lines
//! in the canvas's text alternative, and where the plot landed.

use super::heatmap::layer_label;
use super::loss::{draw_series_key, key_layout, KeyEntry, LossScale};
use super::plot_map::PlotMap;
use super::scale::{LOG_MAX, LOG_MIN};
use super::ticks::{decade_axis, decade_label, format_tick, TickedAxis};
use super::{draw_note, epoch_coord, epoch_label, house_mesh, ChartError, ChartStyle};
use crate::history::History;
use crate::metrics::EpochMetrics;
use plotters::coord::Shift;
use plotters::prelude::*;

/// One run of a comparison as the overlaid charts read it.
pub struct Compared<'a> {
    /// Its legend name (`A: sigmoid`).
    pub label: &'a str,
    pub history: &'a History,
}

/// Run `i`'s colour and whether it is dashed (A solid, B dashed).
fn look(i: usize, style: &ChartStyle) -> (RGBColor, bool) {
    (style.palette[i % style.palette.len()], i > 0)
}

/// Most hollow circles on a test-loss line (spread evenly along it).
const MOST_MARKERS: usize = 24;

/// A line through `xy`, dashed or solid; a single point is a dot.
fn line<DB: DrawingBackend>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<TickedAxis, TickedAxis>>,
    xy: Vec<(f64, f64)>,
    color: RGBColor,
    dashed: bool,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let stroke = color.stroke_width(style.px(2.5));
    if xy.len() == 1 {
        chart.draw_series(
            xy.iter()
                .map(|&p| Circle::new(p, style.px(3.5), color.filled())),
        )?;
    } else if dashed {
        chart.draw_series(DashedLineSeries::new(
            xy,
            style.px(7.0),
            style.px(4.0),
            stroke,
        ))?;
    } else {
        chart.draw_series(LineSeries::new(xy, stroke))?;
    }
    Ok(())
}

/// Split `area` into the plot and a key under it tall enough for `entries`.
fn with_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[KeyEntry],
    style: &ChartStyle,
) -> (DrawingArea<DB, Shift>, DrawingArea<DB, Shift>) {
    let (width, height) = area.dim_in_pixel();
    let rows = key_layout(entries, width as i32, style)
        .last()
        .map_or(1, |(_, row)| row + 1);
    area.split_vertically(height.saturating_sub(style.px(18.0) * rows as u32 + style.px(4.0)))
}

/// Each run's per-layer gradient norms at its newest epoch, on one log axis spanning
/// the heatmap's fixed range (wider when a value lies beyond). Layers whose gradient is
/// exactly 0 are crosses on the bottom edge.
pub fn draw_profiles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[Compared],
    style: &ChartStyle,
) -> Result<(Vec<String>, PlotMap), ChartError> {
    area.fill(&style.background)?;
    let newest: Vec<(usize, &EpochMetrics)> = runs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.history.newest().map(|m| (i, m)))
        .collect();
    let layers = newest
        .iter()
        .map(|(_, m)| m.grad_norm.len())
        .max()
        .unwrap_or(0);
    if layers == 0 {
        draw_note(area, style, "no gradients yet: press play")?;
        return Ok((Vec::new(), PlotMap::default()));
    }
    let names: Vec<String> = newest
        .iter()
        .map(|(i, m)| format!("{} (epoch {})", runs[*i].label, m.epoch))
        .collect();
    let entries: Vec<KeyEntry> = newest
        .iter()
        .zip(&names)
        .map(|((i, _), name)| {
            let (color, dashed) = look(*i, style);
            (name.as_str(), color, dashed, false)
        })
        .collect();
    let (plot, key) = with_key(area, &entries, style);
    let logs = newest
        .iter()
        .flat_map(|(_, m)| m.grad_norm.iter())
        .filter(|g| **g > 0.0 && g.is_finite())
        .map(|g| f64::from(g.log10()));
    let (lo, hi) = logs.fold((f64::from(LOG_MIN), f64::from(LOG_MAX)), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let axis = decade_axis(lo, hi, 7);
    let y_lo = f64::from(axis.lo);
    let ticks: Vec<f64> = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    let mut chart = ChartBuilder::on(&plot)
        .caption("Gradient norm by layer, newest epoch", style.font(14.0))
        .margin(style.px(8.0))
        .margin_right(style.px(14.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            TickedAxis::new(
                0.7..layers as f64 + 0.3,
                (1..=layers).map(|l| l as f64).collect(),
            ),
            TickedAxis::new(y_lo..f64::from(axis.hi), ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("layer (1 = input side)")
        .y_desc("||dL/dW|| (log scale)")
        .x_label_formatter(&|x| super::layer_tick(*x, layers, |l| layer_label(l, layers)))
        .y_label_formatter(&|v| decade_label(v.round() as i32))
        .draw()?;
    for (i, m) in &newest {
        let (color, dashed) = look(*i, style);
        // Lines join consecutive non-zero layers only; zeros break the line.
        let points: Vec<Option<(f64, f64)>> = m
            .grad_norm
            .iter()
            .enumerate()
            .map(|(l, &g)| (g > 0.0).then(|| ((l + 1) as f64, f64::from(g).log10())))
            .collect();
        for piece in points.split(Option::is_none) {
            let xy: Vec<(f64, f64)> = piece.iter().flatten().copied().collect();
            if !xy.is_empty() {
                line(&mut chart, xy, color, dashed, style)?;
            }
        }
        let size = style.px(5.0) as i32;
        chart.draw_series(
            m.grad_norm
                .iter()
                .enumerate()
                .filter(|(_, g)| **g <= 0.0)
                .map(|(l, _)| {
                    Cross::new(
                        ((l + 1) as f64, y_lo),
                        size,
                        style.muted.stroke_width(style.px(2.0)),
                    )
                }),
        )?;
    }
    let map = PlotMap::of(&chart, true);
    draw_series_key(&key, &entries, style)?;
    area.present()?;
    Ok((names, map))
}

/// Each run's train loss (a plain line) and test loss (the same line with hollow
/// circles), A solid and B dashed, on one linear or log axis over the epochs either run
/// has measured.
pub fn draw_losses<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    runs: &[Compared],
    scale: LossScale,
    style: &ChartStyle,
) -> Result<(Vec<String>, PlotMap), ChartError> {
    area.fill(&style.background)?;
    let points: Vec<Vec<&EpochMetrics>> = runs
        .iter()
        .map(|r| crate::describe::training::loss_points(r.history))
        .collect();
    let all = || points.iter().flatten();
    if all().next().is_none() {
        draw_note(area, style, "no epochs yet: press play")?;
        return Ok((Vec::new(), PlotMap::default()));
    }
    let names: Vec<String> = runs
        .iter()
        .flat_map(|r| [format!("{} train", r.label), format!("{} test", r.label)])
        .collect();
    let entries: Vec<KeyEntry> = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let (color, dashed) = look(k / 2, style);
            (name.as_str(), color, dashed, k % 2 == 1)
        })
        .collect();
    let (plot, key) = with_key(area, &entries, style);
    let last = all().map(|m| m.epoch).max().unwrap_or(0);
    let first = all().map(|m| m.epoch).min().unwrap_or(0);
    let losses = || all().flat_map(|m| [m.train_loss, m.test_loss]);
    let max_loss = f64::from(losses().fold(0.0_f32, f32::max));
    let (y_axis, to_y, step) = super::loss::loss_axis(scale, losses(), max_loss);
    let caption = match scale {
        LossScale::Linear => "Loss",
        LossScale::Log => "Loss (log scale)",
    };
    let mut chart = ChartBuilder::on(&plot)
        .caption(caption, style.font(14.0))
        .margin(style.px(8.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(epoch_coord(first, last.max(first + 1)), y_axis)?;
    let y_label = |v: &f64| match scale {
        LossScale::Linear => format_tick(*v, step),
        LossScale::Log => decade_label(v.round() as i32),
    };
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("epoch")
        .y_desc("loss")
        .x_label_formatter(&epoch_label)
        .y_label_formatter(&y_label)
        .draw()?;
    // Test lines first, so the train lines on top never hide them.
    for pick_test in [true, false] {
        for (i, run_points) in points.iter().enumerate() {
            let (color, dashed) = look(i, style);
            let xy: Vec<(f64, f64)> = run_points
                .iter()
                .map(|m| {
                    let v = if pick_test { m.test_loss } else { m.train_loss };
                    (m.epoch as f64, to_y(v))
                })
                .collect();
            if pick_test {
                // Hollow circles on every few points: the test line without its colour.
                let every = xy.len().div_ceil(MOST_MARKERS).max(1);
                let marks: Vec<(f64, f64)> = xy.iter().step_by(every).copied().collect();
                super::draw_markers(
                    &mut chart,
                    &marks,
                    super::Marker::Hollow,
                    color,
                    style.px(3.5),
                    style,
                )?;
            }
            if !xy.is_empty() {
                line(&mut chart, xy, color, dashed, style)?;
            }
        }
    }
    let map = PlotMap::of(&chart, scale == LossScale::Log);
    draw_series_key(&key, &entries, style)?;
    area.present()?;
    Ok((names, map))
}
