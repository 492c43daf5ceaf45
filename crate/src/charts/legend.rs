//! Series legends, drawn by the charts themselves: a box in a corner of the plot with a
//! mark and a label per entry, laid out as plotters lays out its own.
//!
//! Plotters' legend is not used because it names its default font by a string, which
//! it lower-cases with the Unicode case tables (about 16 KB of the page's WebAssembly),
//! and measures its labels through the page's DOM; this one measures them with the
//! backend (on the page, the canvas).

use super::{ChartResult, ChartStyle};
use plotters::chart::SeriesLabelPosition;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How an entry is marked.
#[derive(Clone, Copy)]
pub enum Mark {
    /// A line of the given length from the entry's left edge.
    Line(ShapeStyle, i32),
    /// A dot of the given radius, its centre the given distance in from the left edge.
    Dot(ShapeStyle, u32, i32),
    /// A cross of the given size, its centre the given distance in from the left edge.
    Cross(ShapeStyle, i32, i32),
}

/// The entries of a chart's legend, in order.
#[derive(Default)]
pub struct Legend(Vec<(String, Mark)>);

impl Legend {
    pub fn add(&mut self, label: impl Into<String>, mark: Mark) {
        self.0.push((label.into(), mark));
    }
}

/// Space between the box's edge and its contents, in device pixels (plotters' default).
const MARGIN: i32 = 10;

/// Draw `legend` in the house look at `position` of `area` (a chart's plotting area).
pub fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &Legend,
    position: SeriesLabelPosition,
    style: &ChartStyle,
) -> ChartResult {
    if legend.0.is_empty() {
        return Ok(());
    }
    let font = style.font(11.0);
    let line_height = font.font.get_size() * 1.25;
    let mark_width = style.px(24.0) as i32;
    // Each line's top and size, relative to the first line's top.
    let mut lines = Vec::with_capacity(legend.0.len());
    let (mut w, mut h) = (0, 0);
    for (i, (label, _)) in legend.0.iter().enumerate() {
        let (dx, dy) = area.estimate_text_size(label, &font)?;
        let y = (i as f64 * line_height).round() as i32;
        lines.push((y, dy as i32));
        w = w.max(dx as i32);
        h = h.max(y + dy as i32);
    }
    let (w, h) = (w + mark_width + 2 * MARGIN, h + 2 * MARGIN);
    let (area_w, area_h) = area.dim_in_pixel();
    let (area_w, area_h) = (area_w as i32, area_h as i32);
    use SeriesLabelPosition::*;
    let x = match position {
        UpperLeft | MiddleLeft | LowerLeft => 5,
        UpperMiddle | MiddleMiddle | LowerMiddle => (area_w - w) / 2,
        UpperRight | MiddleRight | LowerRight => area_w - w - 5,
        Coordinate(x, _) => x,
    };
    let y = match position {
        UpperLeft | UpperMiddle | UpperRight => 5,
        MiddleLeft | MiddleMiddle | MiddleRight => (area_h - h) / 2,
        LowerLeft | LowerMiddle | LowerRight => area_h - h - 5,
        Coordinate(_, y) => y,
    };
    let corners = [(x, y), (x + w, y + h)];
    area.draw(&Rectangle::new(
        corners,
        style.background.mix(0.85).filled(),
    ))?;
    area.draw(&Rectangle::new(corners, style.grid))?;
    for ((label, mark), (top, height)) in legend.0.iter().zip(lines) {
        let top = y + MARGIN + top;
        area.draw(&Text::new(
            label.as_str(),
            (x + mark_width + MARGIN, top),
            &font,
        ))?;
        let (left, middle) = (x + MARGIN, top + height / 2);
        match *mark {
            Mark::Line(line, length) => area.draw(&PathElement::new(
                [(left, middle), (left + length, middle)],
                line,
            ))?,
            Mark::Dot(dot, radius, dx) => {
                area.draw(&Circle::new((left + dx, middle), radius, dot))?
            }
            Mark::Cross(cross, size, dx) => {
                area.draw(&Cross::new((left + dx, middle), size, cross))?
            }
        }
    }
    Ok(())
}
