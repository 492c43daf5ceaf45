//! The law of vanishing, drawn: the first-to-last hidden-layer gradient ratio at
//! initialization against depth (`crate::sweep`), one line per series (the current
//! settings and each remedy) through the medians over the seeds, a vertical bar from
//! the smallest to the largest seed at every depth, on a log axis with 1 ("equal
//! gradients") marked, and a marker at the current depth.
//!
//! On a log axis an exponential decay with depth is a straight line: deep sigmoid
//! networks fall by a roughly constant number of decades per layer, while the remedies
//! stay near 1. A ratio of exactly 0 (the first layer's gradient underflowed) has no
//! logarithm and is a cross on the bottom edge; +infinity (the last hidden layer's
//! gradient was 0, the first's not) a cross on the top edge; an undefined ratio (0/0,
//! or an overflow) is not drawn and the chart says how many there were.

use super::legend::{marker_at, Legend, Mark};
use super::ticks::{decade_axis, decade_label, integer_ticks, TickedAxis};
use super::{
    draw_markers, draw_note, house_legend, house_mesh, ChartResult, ChartStyle, Marker, MARKERS,
};
use crate::sweep::SweepSeries;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Draw `series` (only the complete ones: every depth measured) over depth, with a
/// dashed vertical marker at `current_depth` if given.
pub fn draw_sweep<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[SweepSeries],
    current_depth: Option<usize>,
    style: &ChartStyle,
) -> ChartResult {
    area.fill(&style.background)?;
    let shown: Vec<&SweepSeries> = series
        .iter()
        .filter(|s| s.is_complete() && !s.depths.is_empty())
        .collect();
    if shown.is_empty() {
        return draw_note(area, style, "no sweep measured yet");
    }
    // x: whole depths, the swept ones and the current one, half a step of room either side.
    let depths = shown.iter().flat_map(|s| s.depths.iter().copied());
    let (first, last) = depths
        .chain(current_depth)
        .fold((usize::MAX, 0), |(lo, hi), d| (lo.min(d), hi.max(d)));
    let x_ticks = integer_ticks(first, last, 8);
    let x_range = first as f64 - 0.5..last as f64 + 0.5;
    // y: log10 of every finite positive value (medians and spreads) and of 1.
    let values = shown
        .iter()
        .flat_map(|s| s.median.iter().chain(&s.min).chain(&s.max))
        .filter(|v| **v > 0.0 && v.is_finite())
        .map(|v| v.log10());
    let (lo, hi) = values.fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = decade_axis(lo, hi, 7);
    let (bottom, top) = (f64::from(axis.lo), f64::from(axis.hi));
    let y_ticks = axis.ticks.iter().map(|&k| f64::from(k)).collect();
    // On a narrow chart (a phone) the title is left to the page and the key goes below
    // the plot in two columns, where it cannot cover a line.
    let (width, height_px) = area.dim_in_pixel();
    let narrow = f64::from(width) / style.scale < NARROW_CSS;
    let key_rows = if narrow {
        (shown.len() + 1).div_ceil(2)
    } else {
        0
    };
    let key_height = (style.px(KEY_ROW_CSS) * key_rows as u32).min(height_px / 2);
    let (plot_area, key_area) = area.split_vertically(height_px - key_height);
    let mut builder = ChartBuilder::on(&plot_area);
    if !narrow {
        builder.caption(
            "First-to-last hidden-layer gradient at initialization, by depth",
            style.font(14.0),
        );
    }
    let mut chart = builder
        .margin(style.px(8.0))
        .margin_right(style.px(14.0))
        .x_label_area_size(style.px(34.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(
            TickedAxis::new(x_range, x_ticks.iter().map(|&d| d as f64).collect()),
            TickedAxis::new(bottom..top, y_ticks),
        )?;
    house_mesh(&mut chart.configure_mesh(), style)
        .x_desc("hidden layers (depth)")
        .y_desc("||dL/dW₁|| / ||dL/dW_last|| (log)")
        .x_label_formatter(&|x| format!("{}", x.round() as i64))
        .y_label_formatter(&|v| decade_label(v.round() as i32))
        .draw()?;
    // 1 = the first and last hidden layers get gradients of the same size.
    let (x0, x1) = (first as f64 - 0.5, last as f64 + 0.5);
    let equal = style.faint().stroke_width(style.px(1.0));
    let sample = style.px(16.0) as i32;
    chart.draw_series(DashedLineSeries::new(
        [(x0, 0.0), (x1, 0.0)],
        style.px(4.0),
        style.px(4.0),
        equal,
    ))?;
    let mut legend = Legend::default();
    legend.add("1 = equal gradients", Mark::Line(equal, sample));
    if let Some(d) = current_depth {
        let x = d as f64;
        chart.draw_series(DashedLineSeries::new(
            [(x, bottom), (x, top)],
            style.px(5.0),
            style.px(4.0),
            style.foreground.stroke_width(style.px(1.5)),
        ))?;
        // The label reads away from the nearer end of the axis, so it is never cut off.
        use plotters::style::text_anchor::{HPos, Pos, VPos};
        let right_half = x > (x0 + x1) / 2.0;
        let (side, text) = if right_half {
            (HPos::Right, format!("depth {d} "))
        } else {
            (HPos::Left, format!(" depth {d}"))
        };
        let font = style.font(12.0).pos(Pos::new(side, VPos::Top));
        chart.draw_series(std::iter::once(Text::new(text, (x, top), font)))?;
    }
    // A finite positive value's height; 0 and +infinity go to the edges, NaN nowhere.
    let height = |v: f64| -> Option<f64> {
        if v.is_nan() {
            None
        } else if v == 0.0 {
            Some(bottom)
        } else if v.is_infinite() {
            Some(top)
        } else {
            Some(v.log10())
        }
    };
    let cross = style.px(5.0) as i32;
    let (mut zeros, mut infinite, mut undefined) = (false, false, 0);
    for (i, s) in shown.iter().enumerate() {
        let color = style.palette[i % style.palette.len()];
        let bold = i == 0;
        let line = color.stroke_width(style.px(if bold { 2.5 } else { 1.5 }));
        // The spread over the seeds: a thin vertical bar per depth, min to max.
        let bars = s.depths.iter().enumerate().filter_map(|(k, &d)| {
            let (a, b) = (height(s.min[k])?, height(s.max[k])?);
            let x = d as f64;
            Some(PathElement::new(
                vec![(x, a), (x, b)],
                color.stroke_width(style.px(1.0)),
            ))
        });
        chart.draw_series(bars)?;
        // The medians, joined where consecutive depths both have a finite positive one.
        let points: Vec<Option<(f64, f64)>> = s
            .depths
            .iter()
            .zip(&s.median)
            .map(|(&d, &m)| (m > 0.0 && m.is_finite()).then(|| (d as f64, m.log10())))
            .collect();
        for piece in points.split(Option::is_none) {
            let piece: Vec<(f64, f64)> = piece.iter().flatten().copied().collect();
            if piece.len() > 1 {
                chart.draw_series(LineSeries::new(piece, line))?;
            }
        }
        let r = style.px(3.5);
        let marked: Vec<(f64, f64)> = points.iter().flatten().copied().collect();
        let marker = MARKERS[i % MARKERS.len()];
        draw_markers(&mut chart, &marked, marker, color, r, style)?;
        legend.add(
            s.label.clone(),
            Mark::Marked(line, sample, marker, r as i32),
        );
        // Medians that a log axis cannot show.
        let edge = |keep: fn(f64) -> bool, y: f64, c: RGBColor| {
            s.depths
                .iter()
                .zip(&s.median)
                .filter(move |(_, &m)| keep(m))
                .map(move |(&d, _)| Cross::new((d as f64, y), cross, c.stroke_width(2)))
                .collect::<Vec<_>>()
        };
        let at_zero = edge(|m| m == 0.0, bottom, style.muted);
        let at_top = edge(|m| m == f64::INFINITY, top, style.alert);
        zeros |= !at_zero.is_empty();
        infinite |= !at_top.is_empty();
        chart.draw_series(at_zero)?;
        chart.draw_series(at_top)?;
        undefined += s.median.iter().filter(|m| m.is_nan()).count();
    }
    for (any, text, color) in [
        (zeros, "median 0 (vanished to 0)", style.muted),
        (infinite, "median ∞ (last hidden layer got 0)", style.alert),
    ] {
        if any {
            let stroke = color.stroke_width(2);
            legend.add(text, Mark::Cross(stroke, cross, sample / 2));
        }
    }
    if undefined > 0 {
        let font = style.font(12.0).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Right,
            plotters::style::text_anchor::VPos::Bottom,
        ));
        chart.draw_series(std::iter::once(Text::new(
            format!("{undefined} undefined (0/0 or overflow), not drawn "),
            (x1, bottom),
            font,
        )))?;
    }
    // The legend goes to the corner with the fewest points and labels (lower left when
    // tied: deep sigmoid lines fall towards the lower right).
    let mut crowd = [0usize; 4];
    // The current depth's label sits at the top.
    if let Some(d) = current_depth {
        crowd[usize::from(d as f64 > (x0 + x1) / 2.0) + 2] += 1;
    }
    for s in &shown {
        for (&d, &m) in s.depths.iter().zip(&s.median) {
            if let Some(y) = height(m) {
                let right = d as f64 > (x0 + x1) / 2.0;
                let high = y > (bottom + top) / 2.0;
                crowd[usize::from(right) + 2 * usize::from(high)] += 1;
            }
        }
    }
    let corners = [
        (0, SeriesLabelPosition::LowerLeft),
        (3, SeriesLabelPosition::UpperRight),
        (1, SeriesLabelPosition::LowerRight),
        (2, SeriesLabelPosition::UpperLeft),
    ];
    let mut position = SeriesLabelPosition::LowerLeft;
    let mut fewest = usize::MAX;
    for (quadrant, corner) in corners {
        if crowd[quadrant] < fewest {
            fewest = crowd[quadrant];
            position = corner;
        }
    }
    if narrow {
        let mut entries = vec![(equal, "1 = equal gradients".to_string(), None)];
        for (i, s) in shown.iter().enumerate() {
            let color = style.palette[i % style.palette.len()];
            let marker = Some(MARKERS[i % MARKERS.len()]);
            entries.push((color.stroke_width(style.px(2.0)), s.label.clone(), marker));
        }
        draw_key_below(&key_area, &entries, style)?;
    } else {
        house_legend(&chart, &legend, position, style)?;
    }
    area.present()?;
    Ok(())
}

/// Narrower than this (in CSS pixels), the chart has no title and its key goes below.
const NARROW_CSS: f64 = 520.0;
/// Height of one row of that key, in CSS pixels.
const KEY_ROW_CSS: f64 = 17.0;

/// A key in two columns along `area`: a short line in each entry's style (with its
/// marker), then its label.
fn draw_key_below<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(ShapeStyle, String, Option<Marker>)],
    style: &ChartStyle,
) -> ChartResult {
    let (width, _) = area.dim_in_pixel();
    let column = (width / 2) as i32;
    let row = style.px(KEY_ROW_CSS) as i32;
    let (inset, sample, gap) = (
        style.px(10.0) as i32,
        style.px(18.0) as i32,
        style.px(5.0) as i32,
    );
    for (k, (line, label, marker)) in entries.iter().enumerate() {
        let x = inset + column * (k % 2) as i32;
        let y = row * (k / 2) as i32;
        let middle = y + row / 2;
        area.draw(&PathElement::new(
            vec![(x, middle), (x + sample, middle)],
            *line,
        ))?;
        if let Some(marker) = *marker {
            marker_at(
                area,
                (x + sample / 2, middle),
                marker,
                *line,
                style.px(3.5) as i32,
            )?;
        }
        let font = style.font(12.0).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ));
        area.draw(&Text::new(label.clone(), (x + sample + gap, middle), font))?;
    }
    Ok(())
}
