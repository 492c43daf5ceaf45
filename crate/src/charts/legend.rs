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
    /// A line of the given length with a marker of the given radius in its middle.
    Marked(ShapeStyle, i32, super::Marker, i32),
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
    let font = style.font(12.0);
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
            Mark::Marked(line, length, marker, r) => {
                area.draw(&PathElement::new(
                    [(left, middle), (left + length, middle)],
                    line,
                ))?;
                marker_at(area, (left + length / 2, middle), marker, line, r)?;
            }
        }
    }
    Ok(())
}

/// `marker` at backend pixel `at`, `r` pixels in radius, in `line`'s colour.
pub fn marker_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    marker: super::Marker,
    line: ShapeStyle,
    r: i32,
) -> ChartResult {
    use super::Marker as M;
    let hollow = ShapeStyle {
        filled: false,
        ..line
    };
    if matches!(marker, M::Filled | M::Hollow | M::Crossed) {
        let fill = if marker == M::Filled {
            line.filled()
        } else {
            hollow
        };
        area.draw(&Circle::new(at, r as u32, fill))?;
    }
    if matches!(marker, M::Cross | M::Crossed) {
        area.draw(&Cross::new(at, r, hollow))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SVG of `legend` drawn at `position` on a 300 x 200 area.
    fn svg(legend: &Legend, position: SeriesLabelPosition) -> String {
        let mut out = String::new();
        {
            let area = SVGBackend::with_string(&mut out, (300, 200)).into_drawing_area();
            draw_legend(&area, legend, position, &ChartStyle::light(1.0)).expect("drawn");
            area.present().expect("presented");
        }
        out
    }

    /// The numbers of attribute `name` of every `<rect` in `svg`.
    fn rects(svg: &str, name: &str) -> Vec<i32> {
        svg.split("<rect")
            .skip(1)
            .filter_map(|r| {
                let at = r.find(&format!(" {name}=\""))? + name.len() + 3;
                r[at..].split('"').next()?.parse().ok()
            })
            .collect()
    }

    /// Two entries: a line and a cross.
    fn two_entries() -> Legend {
        let mut legend = Legend::default();
        legend.add("epoch 0", Mark::Line(BLACK.stroke_width(2), 16));
        legend.add(
            "a much longer label",
            Mark::Cross(RED.stroke_width(2), 5, 8),
        );
        legend
    }

    #[test]
    fn the_box_holds_each_mark_beside_its_label_row_by_row() {
        let style = ChartStyle::light(1.0);
        let font = style.font(12.0);
        let mut scratch = String::new();
        let area = SVGBackend::with_string(&mut scratch, (300, 200)).into_drawing_area();
        let size = |t: &str| area.estimate_text_size(t, &font).expect("measured");
        let ((w0, h0), (w1, h1)) = (size("epoch 0"), size("a much longer label"));
        let (w0, h0, w1, h1) = (w0 as i32, h0 as i32, w1 as i32, h1 as i32);
        // Rows 1.25 font sizes apart (12 px: 15).
        let second = 15;
        let (width, height) = (w0.max(w1) + 24 + 20, (h0).max(second + h1) + 20);
        let out = svg(&two_entries(), SeriesLabelPosition::UpperLeft);
        for attr in ["x", "y"] {
            assert_eq!(rects(&out, attr), vec![5, 5], "{out}");
        }
        assert_eq!(rects(&out, "width"), vec![width, width]);
        assert_eq!(rects(&out, "height"), vec![height, height]);
        // Labels after the mark column: x = 5 + 24 + 10; tops 10 below the box's.
        assert!(out.contains(r#"<text x="39" y="15""#), "{out}");
        assert!(
            out.contains(&format!(r#"<text x="39" y="{}""#, 15 + second)),
            "{out}"
        );
        // The line mark from the margin, 16 px long, half a label down.
        let mid0 = 15 + h0 / 2;
        assert!(
            out.contains(&format!(r#"points="15,{mid0} 31,{mid0} ""#)),
            "{out}"
        );
        // The cross centred 8 px into the mark column, on the second row's middle.
        let mid1 = 15 + second + h1 / 2;
        let cross = format!(r#"x1="18" y1="{}" x2="28" y2="{}""#, mid1 - 5, mid1 + 5);
        assert!(out.contains(&cross), "{cross} in {out}");
    }

    #[test]
    fn the_box_goes_to_its_corner_5_pixels_in() {
        let at = |position| {
            let out = svg(&two_entries(), position);
            let (x, y) = (rects(&out, "x")[0], rects(&out, "y")[0]);
            let (w, h) = (rects(&out, "width")[0], rects(&out, "height")[0]);
            (x, y, x + w, y + h, w, h)
        };
        let (_, _, _, _, w, h) = at(SeriesLabelPosition::UpperLeft);
        let (x0, y0, x1, y1, ..) = at(SeriesLabelPosition::LowerRight);
        assert_eq!((x0, y0, x1, y1), (295 - w, 195 - h, 295, 195));
        let (x0, y0, ..) = at(SeriesLabelPosition::MiddleMiddle);
        assert_eq!((x0, y0), ((300 - w) / 2, (200 - h) / 2));
        let (x0, y0, ..) = at(SeriesLabelPosition::Coordinate(40, 60));
        assert_eq!((x0, y0), (40, 60));
        // One short entry: a narrower, lower box.
        let mut one = Legend::default();
        one.add("epoch 0", Mark::Dot(BLACK.filled(), 3, 8));
        let out = svg(&one, SeriesLabelPosition::UpperLeft);
        assert!(rects(&out, "width")[0] < w && rects(&out, "height")[0] < h);
        assert!(out.contains("<circle cx=\"23\""), "{out}");
    }

    #[test]
    fn an_empty_legend_draws_nothing() {
        let out = svg(&Legend::default(), SeriesLabelPosition::UpperLeft);
        assert!(!out.contains("<rect") && !out.contains("<text"), "{out}");
    }
}
