//! The explored charts as a view of the state (state/explore.rs): A's and B's heatmap,
//! the loss chart, the gradient profile and A's and B's network diagram. Each canvas's read-out (a polite live
//! region, written only when the keys moved its point, so a screen reader hears the
//! user's own presses and nothing else), its tooltip (the pointer's point on the loss
//! chart and the profile; the keys' point on all four; the heatmaps' pointer tips are
//! charts.rs's) and its focus mark, a box drawn over the keys' cell or point.
//!
//! The mark is an element over the canvas rather than pixels in it: a key press moves
//! it without redrawing the chart (the heatmap is the costliest to draw), a chart's PNG
//! never carries it, and its two-tone outline shows on every colour of the scale.

use super::run_view::{pixel_ratio, ChartsView};
use super::tips::{chart_tip, place_tip};
use crate::dom;
use crate::state::{App, Probe, EXPLORED, HEATMAP_B, LOSS, NETWORK_A, NETWORK_B, PROFILE};
use vgp::describe::walk::GridPoint;
use web_sys::HtmlElement;

/// Each canvas's chart name, run, read-out id.
const CANVASES: [(&str, usize, &str); EXPLORED] = [
    ("heatmap", 0, "heatmap-readout"),
    ("heatmap", 1, "heatmap-readout-b"),
    ("loss", 0, "loss-readout"),
    ("profile", 0, "profile-readout"),
    ("network", 0, "network-readout"),
    ("network", 1, "network-readout-b"),
];

/// What the tooltip showed: the probe, the heatmap the pointer was over (its tip is
/// charts.rs's), and the drawings it was placed on.
type TipKey = (Option<(usize, Probe)>, Option<usize>, u32, u32);

/// What the view last wrote.
#[derive(Default)]
pub struct Explore {
    readouts: [Option<GridPoint>; EXPLORED],
    tip: Option<TipKey>,
}

/// The canvas's view (A's, or B's for B's heatmap).
fn view_of<'v>(
    canvas: usize,
    a: &'v ChartsView,
    b: Option<&'v ChartsView>,
) -> Option<&'v ChartsView> {
    if canvas == HEATMAP_B || canvas == NETWORK_B {
        b
    } else {
        Some(a)
    }
}

/// Where point `p` of `canvas` is drawn, as a box in CSS pixels (left, top, right,
/// bottom): the heatmap's cell, or a small square around a line's point.
fn point_box(app: &App, view: &ChartsView, canvas: usize, p: GridPoint) -> Option<[f64; 4]> {
    let ratio = pixel_ratio();
    let (x0, y0, x1, y1) = match canvas {
        LOSS | PROFILE => {
            let map = if canvas == LOSS {
                view.loss_map
            } else {
                view.profile_map
            }?;
            let (_, x, value) = app.explore_point(canvas, p)?;
            let (px, py) = map.pixel(x, value);
            let r = (6.0 * ratio) as i32;
            (px - r, py - r, px + r, py + r)
        }
        NETWORK_A | NETWORK_B => {
            let layout = view.network.as_ref()?;
            match p.row {
                0 => layout.layer_box(p.at)?,
                row => match layout.unit_at(p.at, row - 1) {
                    Some((x, y)) => {
                        let r = layout.radius + (2.0 * ratio) as i32;
                        (x - r, y - r, x + r, y + r)
                    }
                    None => layout.layer_box(p.at)?,
                },
            }
        }
        _ => view.heatmap.as_ref()?.cell_box(p.row, p.at)?,
    };
    // At least 10 CSS pixels each way around the middle, so a thin column shows.
    let widen = |a: i32, b: i32| {
        let (a, b) = (f64::from(a) / ratio, f64::from(b) / ratio);
        let grow = (10.0 - (b - a)).max(0.0) / 2.0;
        (a - grow, b + grow)
    };
    let ((left, right), (top, bottom)) = (widen(x0, x1), widen(y0, y1));
    Some([left, top, right, bottom])
}

/// The point of the loss chart or the profile under the pointer: the nearest column
/// the chart draws, then the row whose point is nearest in height.
fn pointed(app: &App, view: &ChartsView, canvas: usize, x: f64, y: f64) -> Option<GridPoint> {
    let ratio = pixel_ratio();
    if let Some(run) = app.network_run(canvas) {
        let snapshot = run.network()?;
        let units = |l: usize| snapshot.layers.get(l).map_or(0, |layer| layer.slope.len());
        let (l, unit) =
            view.network
                .as_ref()?
                .hit((x * ratio) as i32, (y * ratio) as i32, units)?;
        return Some(GridPoint {
            row: unit.map_or(0, |k| k + 1),
            at: l,
        });
    }
    let map = if canvas == LOSS {
        view.loss_map
    } else {
        view.profile_map
    }?;
    let (px, py) = ((x * ratio) as i32, (y * ratio) as i32);
    // The columns and their x on the plot: epochs, or layers (from 1 on the axis).
    let (rows, columns, xs): (usize, Vec<usize>, Vec<f64>) = if canvas == LOSS {
        let epochs: Vec<usize> = vgp::describe::training::loss_points(app.run().history())
            .iter()
            .map(|m| m.epoch)
            .collect();
        let xs = epochs.iter().map(|&e| e as f64).collect();
        (4, epochs, xs)
    } else {
        let layers = app.run().history().newest()?.grad_norm.len();
        (
            2,
            (0..layers).collect(),
            (1..=layers).map(|l| l as f64).collect(),
        )
    };
    let at = columns[map.column_at(px, py, &xs)?];
    (0..rows)
        .filter_map(|row| {
            let p = GridPoint { row, at };
            let (_, x, v) = app.explore_point(canvas, p)?;
            Some((map.pixel(x, v).1.abs_diff(py), p))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, p)| p)
}

impl Explore {
    /// Write what changed: the read-outs, the tooltip and the focus marks.
    pub fn render(&mut self, app: &App, a: &ChartsView, b: Option<&ChartsView>) {
        for (canvas, &(_, _, id)) in CANVASES.iter().enumerate() {
            let point = app.explore_readout(canvas);
            if point == self.readouts[canvas] {
                continue;
            }
            self.readouts[canvas] = point;
            if let Some((words, _, _)) = point.and_then(|p| app.explore_point(canvas, p)) {
                dom::set_text(id, &words);
            }
        }
        let probe = app.explore_probe();
        // The heatmap canvas under the pointer (A's is canvas 0, B's 1, as their slots).
        let hovered = app.hover().map(|h| h.slot);
        let drawn = |v: Option<&ChartsView>| v.map_or(0, |v| v.explored_drawn);
        let key = (probe, hovered, a.explored_drawn, drawn(b));
        if self.tip == Some(key) {
            return;
        }
        let previous = self.tip.replace(key);
        // The mark and tip left on another canvas go.
        if let Some((Some((old, _)), ..)) = previous {
            if probe.is_none_or(|(c, _)| c != old) {
                if let Some((tip, canvas)) = elements(old) {
                    if hovered != Some(old) {
                        tip.set_hidden(true);
                    }
                    mark(&canvas, None);
                }
            }
        }
        let Some((canvas, probe)) = probe else {
            return;
        };
        let (Some((tip, element)), Some(view)) = (elements(canvas), view_of(canvas, a, b)) else {
            return;
        };
        let point = match probe {
            Probe::Key(p) => Some(p),
            Probe::Pointer(x, y) if canvas >= LOSS => pointed(app, view, canvas, x, y),
            Probe::Pointer(..) => None,
        };
        let keyed = matches!(probe, Probe::Key(_));
        let placed = point.and_then(|p| {
            Some((
                app.explore_point(canvas, p)?.0,
                point_box(app, view, canvas, p)?,
            ))
        });
        mark(&element, placed.as_ref().filter(|_| keyed).map(|(_, b)| *b));
        // A heatmap's pointer tip (charts.rs) has the tooltip while the pointer is over it.
        if hovered == Some(canvas) {
            return;
        }
        match placed {
            Some((words, [x0, y0, x1, _])) => {
                place_tip(Some(words), &tip, &element, x1.max(x0), y0)
            }
            None => tip.set_hidden(true),
        }
    }
}

/// The tooltip and canvas of an explored canvas.
fn elements(canvas: usize) -> Option<(HtmlElement, HtmlElement)> {
    let (chart, slot, _) = CANVASES.get(canvas)?;
    chart_tip(chart, *slot)
}

/// Show the focus mark of `canvas`'s box over `at` (CSS pixels), or hide it.
fn mark(canvas: &HtmlElement, at: Option<[f64; 4]>) {
    let Some(mark) = canvas
        .parent_element()
        .and_then(|b| b.query_selector(".focus-mark").ok().flatten())
        .and_then(|m| wasm_bindgen::JsCast::dyn_into::<HtmlElement>(m).ok())
    else {
        return;
    };
    let Some([x0, y0, x1, y1]) = at else {
        mark.set_hidden(true);
        return;
    };
    let style = mark.style();
    for (name, v) in [
        ("left", x0),
        ("top", y0),
        ("width", x1 - x0),
        ("height", y1 - y0),
    ] {
        let _ = style.set_property(name, &format!("{}px", vgp::numtext::fixed(v, 1)));
    }
    mark.set_hidden(false);
}
