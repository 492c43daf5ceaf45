//! The house legend: a box in a corner of the plot listing each series's mark and
//! label, laid out like plotters' series labels but measured through the backend.
//!
//! plotters' own legend measures its labels with the font directly, which on the web
//! adds an element to the page and reads its height: a layout of the whole page per
//! label, every redraw. Measuring through the drawing area asks the backend instead
//! (on the page: the canvas's `measureText`, remembered; web/canvas.rs).

use super::{ChartResult, ChartStyle};
use plotters::chart::SeriesLabelPosition;
use plotters::coord::Shift;
use plotters::prelude::*;

/// How a legend entry shows its series, drawn in the legend's mark column.
#[derive(Clone, Copy)]
pub enum Mark {
    /// A short line in the series's style.
    Line(ShapeStyle),
    /// A dot of this radius.
    Dot(ShapeStyle, u32),
    /// A cross of this size.
    Cross(ShapeStyle, i32),
}

/// The entries of one chart's legend, in order.
#[derive(Default)]
pub struct Legend(Vec<(String, Mark)>);

impl Legend {
    pub fn push(&mut self, label: impl Into<String>, mark: Mark) {
        self.0.push((label.into(), mark));
    }
}

/// Space between the box's edge and its contents, in pixels (plotters' default).
const MARGIN: i32 = 10;
/// Line height of the labels, in font sizes (plotters' multi-line text).
const LINE_HEIGHT: f64 = 1.25;

/// Where a box of `size` goes in an area of `area` pixels (as plotters places labels).
fn place(position: &SeriesLabelPosition, size: (i32, i32), area: (u32, u32)) -> (i32, i32) {
    use SeriesLabelPosition::*;
    let (w, h) = (area.0 as i32, area.1 as i32);
    let x = match position {
        UpperLeft | MiddleLeft | LowerLeft => 5,
        UpperMiddle | MiddleMiddle | LowerMiddle => (w - size.0) / 2,
        UpperRight | MiddleRight | LowerRight => w - size.0 - 5,
        Coordinate(x, _) => *x,
    };
    let y = match position {
        UpperLeft | UpperMiddle | UpperRight => 5,
        MiddleLeft | MiddleMiddle | MiddleRight => (h - size.1) / 2,
        LowerLeft | LowerMiddle | LowerRight => h - size.1 - 5,
        Coordinate(_, y) => *y,
    };
    (x, y)
}

/// Draw `legend` in the plot area `plot` at `position`: a half-opaque box with a border,
/// each entry's mark left of its label. Nothing is drawn for an empty legend.
pub fn draw_legend<DB: DrawingBackend>(
    plot: &DrawingArea<DB, Shift>,
    legend: &Legend,
    position: SeriesLabelPosition,
    style: &ChartStyle,
) -> ChartResult {
    if legend.0.is_empty() {
        return Ok(());
    }
    let font = style.font(11.0);
    let mark_width = style.px(24.0) as i32;
    let sample = style.px(16.0) as i32;
    let line = font.font.get_size() * LINE_HEIGHT;
    // Each label's top (from the first's) and size.
    let mut rows = Vec::with_capacity(legend.0.len());
    let (mut width, mut height) = (0, 0);
    for (i, (label, _)) in legend.0.iter().enumerate() {
        let top = (i as f64 * line).round() as i32;
        let (w, h) = plot.estimate_text_size(label, &font)?;
        width = width.max(w as i32);
        height = height.max(top + h as i32);
        rows.push((top, h as i32));
    }
    let size = (width + mark_width + 2 * MARGIN, height + 2 * MARGIN);
    let (x, y) = place(&position, size, plot.dim_in_pixel());
    let corners = [(x, y), (x + size.0, y + size.1)];
    plot.draw(&Rectangle::new(
        corners,
        style.background.mix(0.85).filled(),
    ))?;
    plot.draw(&Rectangle::new(corners, style.grid))?;
    for ((label, mark), (top, h)) in legend.0.iter().zip(rows) {
        let text_top = y + MARGIN + top;
        plot.draw(&Text::new(
            label.as_str(),
            (x + mark_width + MARGIN, text_top),
            font.clone(),
        ))?;
        let (mx, my) = (x + MARGIN, text_top + h / 2);
        match *mark {
            Mark::Line(line) => {
                plot.draw(&PathElement::new(vec![(mx, my), (mx + sample, my)], line))?
            }
            Mark::Dot(dot, radius) => {
                plot.draw(&Circle::new((mx + sample / 2, my), radius, dot))?
            }
            Mark::Cross(cross, size) => {
                plot.draw(&Cross::new((mx + sample / 2, my), size, cross))?
            }
        }
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
        legend.push("epoch 0", Mark::Line(BLACK.stroke_width(2)));
        legend.push("a much longer label", Mark::Cross(RED.stroke_width(2), 5));
        legend
    }

    #[test]
    fn the_box_holds_each_mark_beside_its_label_row_by_row() {
        let style = ChartStyle::light(1.0);
        let font = style.font(11.0);
        let mut scratch = String::new();
        let area = SVGBackend::with_string(&mut scratch, (300, 200)).into_drawing_area();
        let size = |t: &str| area.estimate_text_size(t, &font).expect("measured");
        let ((w0, h0), (w1, h1)) = (size("epoch 0"), size("a much longer label"));
        let (w0, h0, w1, h1) = (w0 as i32, h0 as i32, w1 as i32, h1 as i32);
        // Rows 1.25 font sizes apart (11 px: 13.75, rounded to 14).
        let second = 14;
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
        one.push("epoch 0", Mark::Dot(BLACK.filled(), 3));
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
