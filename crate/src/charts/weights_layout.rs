//! Reading the weights chart back: which lines and epochs a history gives it
//! ([`plan`], the one choice the chart and the page's keys both use), where each
//! drawn point landed ([`WeightsLayout`], recorded by the chart while drawing), the
//! point nearest the pointer, the point an arrow key moves to, and the words that
//! read a point out.

use super::heatmap::layer_label;
use super::{pick_evenly, sampled_points, MAX_LINE_POINTS};
use crate::history::History;
use crate::metrics::EpochMetrics;
use crate::numtext;

/// Most layers drawn.
pub const MAX_LAYERS: usize = 12;
/// Most points over all the lines together, and fewest per line.
pub const MAX_POINTS_IN_ALL: usize = 3_600;
pub const MIN_LINE_POINTS: usize = 100;

/// What the weights chart plots up its axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WeightsMode {
    /// Each tracked weight's value, on a linear axis (the default: epoch against weight).
    #[default]
    Value,
    /// Each tracked weight's change since epoch 0, on a symmetric log axis.
    Change,
}

/// One point of one line: tracked weight `k` (0-based, of up to three) of weight layer
/// `layer` (0-based, 0 = the input side) at `epoch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeightPoint {
    pub layer: usize,
    pub k: usize,
    pub epoch: usize,
}

/// The lines and epochs of the chart for one history.
pub struct WeightsPlan<'h> {
    /// Weight layers of the run.
    pub layers: usize,
    /// The lines, as (layer, k): input side first, then by k. At most `MAX_LAYERS`
    /// layers, evenly chosen, always the first and the last.
    pub lines: Vec<(usize, usize)>,
    /// The epochs every line has a point at (oldest first): evenly chosen, always the
    /// first and the newest, fewer per line when there are many lines.
    pub points: Vec<&'h EpochMetrics>,
}

/// The lines and epochs the chart draws for `history` (none when nothing is tracked).
pub fn plan(history: &History) -> WeightsPlan<'_> {
    let layers = history.newest().map_or(0, |m| m.tracked_weights.len());
    let lines: Vec<(usize, usize)> = pick_evenly(layers, MAX_LAYERS)
        .into_iter()
        .flat_map(|l| {
            let tracked = history
                .newest()
                .and_then(|m| m.tracked_weights.get(l))
                .map_or(0, Vec::len);
            (0..tracked).map(move |k| (l, k))
        })
        .collect();
    if lines.is_empty() {
        return WeightsPlan {
            layers,
            lines,
            points: Vec::new(),
        };
    }
    // Up to 36 lines: fewer points each when there are many, so the chart costs about
    // what a few full lines cost (a line still gets a point every few pixels).
    let per_line = (MAX_POINTS_IN_ALL / lines.len()).clamp(MIN_LINE_POINTS, MAX_LINE_POINTS);
    WeightsPlan {
        layers,
        lines,
        points: sampled_points(history, per_line),
    }
}

/// A move of the keyboard through the chart's points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightsKey {
    /// The previous / next epoch drawn, on the same line.
    Left,
    Right,
    /// The next line towards the output layer / towards the input, at the same epoch.
    Up,
    Down,
    /// The first / newest epoch drawn, on the same line.
    Home,
    End,
}

impl WeightsKey {
    /// The move of a `KeyboardEvent.key`, if it is one.
    pub fn from_key(key: &str) -> Option<WeightsKey> {
        Some(match key {
            "ArrowLeft" => WeightsKey::Left,
            "ArrowRight" => WeightsKey::Right,
            "ArrowUp" => WeightsKey::Up,
            "ArrowDown" => WeightsKey::Down,
            "Home" => WeightsKey::Home,
            "End" => WeightsKey::End,
            _ => return None,
        })
    }
}

impl WeightsPlan<'_> {
    /// The point `key` moves to from `from`, which need not be one of the plan's (the
    /// history may have been thinned since, or the network changed): it is first moved
    /// to the nearest line and epoch drawn. Without a point yet, every key starts on the
    /// first line (layer 1, weight 1) at the newest epoch, Home at the first epoch.
    /// None when nothing is drawn. Moves stop at the ends (no wrapping).
    pub fn step(&self, from: Option<WeightPoint>, key: WeightsKey) -> Option<WeightPoint> {
        let last_line = self.lines.len().checked_sub(1)?;
        let last_epoch = self.points.len().checked_sub(1)?;
        let (line, epoch) = match from {
            None => {
                let epoch = if key == WeightsKey::Home {
                    0
                } else {
                    last_epoch
                };
                (0, epoch)
            }
            Some(p) => {
                let (line, epoch) = (self.line_of(p), self.epoch_index(p.epoch));
                match key {
                    WeightsKey::Left => (line, epoch.saturating_sub(1)),
                    WeightsKey::Right => (line, (epoch + 1).min(last_epoch)),
                    WeightsKey::Up => ((line + 1).min(last_line), epoch),
                    WeightsKey::Down => (line.saturating_sub(1), epoch),
                    WeightsKey::Home => (line, 0),
                    WeightsKey::End => (line, last_epoch),
                }
            }
        };
        let (layer, k) = self.lines[line];
        Some(WeightPoint {
            layer,
            k,
            epoch: self.points[epoch].epoch,
        })
    }

    /// The index of `p`'s line, or of the nearest drawn line (by layer, then by k).
    fn line_of(&self, p: WeightPoint) -> usize {
        let distance = |&(layer, k): &(usize, usize)| (layer.abs_diff(p.layer), k.abs_diff(p.k));
        (0..self.lines.len())
            .min_by_key(|&i| distance(&self.lines[i]))
            .unwrap_or(0)
    }

    /// The index of the drawn epoch nearest `epoch` (the earlier one on a tie).
    fn epoch_index(&self, epoch: usize) -> usize {
        (0..self.points.len())
            .min_by_key(|&i| self.points[i].epoch.abs_diff(epoch))
            .unwrap_or(0)
    }
}

/// One drawn point: the epoch, the weight's value then, its change since epoch 0, and
/// the backend pixel the point landed on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinePoint {
    pub epoch: usize,
    pub value: f32,
    pub change: f64,
    pub at: (i32, i32),
}

/// One drawn line: tracked weight `k` of layer `layer`, its points oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightLine {
    pub layer: usize,
    pub k: usize,
    pub points: Vec<LinePoint>,
}

/// Where the weights chart's points landed, in backend pixels, for pointer look-ups and
/// the read-out: everything needed to name a point without the history.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeightsLayout {
    pub mode: WeightsMode,
    /// The plot rectangle: x pixels `plot_x.0..plot_x.1`, y pixels `plot_y.0..plot_y.1`.
    pub plot_x: (i32, i32),
    pub plot_y: (i32, i32),
    /// The epochs across, and the y axis's range: weight values, or the symmetric log
    /// of the change.
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Weight layers of the run (for the layers' names).
    pub layers: usize,
    /// The lines drawn, input side first (as [`plan`] gives them).
    pub lines: Vec<WeightLine>,
}

impl WeightsLayout {
    /// The point nearest backend pixel (`px`, `py`) in the plot rectangle: on each line
    /// the point nearest in x, and of those the one nearest in straight distance (so the
    /// line under the pointer wins, and a flat line far above or below does not).
    pub fn nearest(&self, px: i32, py: i32) -> Option<WeightPoint> {
        let (x0, x1) = self.plot_x;
        let (y0, y1) = self.plot_y;
        if px < x0 || px >= x1 || py < y0 || py >= y1 {
            return None;
        }
        let mut best: Option<(i64, WeightPoint)> = None;
        for line in &self.lines {
            let Some(p) = line
                .points
                .iter()
                .min_by_key(|p| (p.at.0 - px).unsigned_abs())
            else {
                continue;
            };
            let (dx, dy) = (i64::from(p.at.0 - px), i64::from(p.at.1 - py));
            let d = dx * dx + dy * dy;
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((
                    d,
                    WeightPoint {
                        layer: line.layer,
                        k: line.k,
                        epoch: p.epoch,
                    },
                ));
            }
        }
        best.map(|(_, p)| p)
    }

    /// The drawn point of `p`'s line nearest its epoch, if the line was drawn.
    pub fn point(&self, p: WeightPoint) -> Option<&LinePoint> {
        let line = self
            .lines
            .iter()
            .find(|l| l.layer == p.layer && l.k == p.k)?;
        line.points.iter().min_by_key(|q| q.epoch.abs_diff(p.epoch))
    }

    /// The words for point `p` as drawn (see [`describe`]).
    pub fn text(&self, p: WeightPoint) -> Option<String> {
        let q = self.point(p)?;
        let at = WeightPoint {
            epoch: q.epoch,
            ..p
        };
        Some(describe(self.mode, self.layers, at, q.value, q.change))
    }
}

/// The words for point `p` of `history` (its epoch must be recorded there), in `mode`.
pub fn history_text(history: &History, mode: WeightsMode, p: WeightPoint) -> Option<String> {
    let now = history.points().find(|m| m.epoch == p.epoch)?;
    let value = *now.tracked_weights.get(p.layer)?.get(p.k)?;
    let start = *history.first()?.tracked_weights.get(p.layer)?.get(p.k)?;
    let layers = now.tracked_weights.len();
    let change = f64::from(value) - f64::from(start);
    Some(describe(mode, layers, p, value, change))
}

/// A point in words: which layer and weight, the epoch, then the value and the change
/// since epoch 0, the one the mode plots first: "layer 1, weight 2, epoch 40: 0.5123
/// (+3.120e-9 since epoch 0)", "…: changed by +3.120e-9 since epoch 0 (value 0.5123)".
pub fn describe(
    mode: WeightsMode,
    layers: usize,
    p: WeightPoint,
    value: f32,
    change: f64,
) -> String {
    let name = layer_label(p.layer, layers);
    let which = if name == "out" {
        "output layer".to_string()
    } else {
        format!("layer {name}")
    };
    let head = format!("{which}, weight {}, epoch {}", p.k + 1, p.epoch);
    let value = short(f64::from(value));
    let sign = if change > 0.0 { "+" } else { "" };
    let change_text = short(change);
    match (mode, change == 0.0) {
        (WeightsMode::Value, true) => format!("{head}: {value} (unchanged since epoch 0)"),
        (WeightsMode::Value, false) => {
            format!("{head}: {value} ({sign}{change_text} since epoch 0)")
        }
        (WeightsMode::Change, true) => {
            format!("{head}: unchanged since epoch 0 (value {value})")
        }
        (WeightsMode::Change, false) => {
            format!("{head}: changed by {sign}{change_text} since epoch 0 (value {value})")
        }
    }
}

/// A number in four significant digits: plain between 0.001 and 10000 ("0.5123",
/// "-1.25"), otherwise with an exponent ("3.120e-9").
fn short(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        return "0".to_string();
    }
    if !(1e-3..1e4).contains(&a) {
        return numtext::sci(v, 3);
    }
    // Digits after the point for four significant ones: 3 at 1.xxx, 6 at 0.00xxxx.
    let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
    let text = numtext::fixed(v, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(epochs: usize, layers: usize) -> History {
        let mut h = History::default();
        for epoch in 0..=epochs {
            let e = epoch as f32;
            h.push(EpochMetrics {
                epoch,
                tracked_weights: (0..layers)
                    .map(|l| vec![0.5, -0.25 + 0.01 * e * l as f32, l as f32])
                    .collect(),
                ..EpochMetrics::default()
            });
        }
        h
    }

    #[test]
    fn the_plan_takes_three_lines_per_shown_layer_and_every_epoch_of_a_short_run() {
        let h = history(10, 4);
        let p = plan(&h);
        assert_eq!(p.layers, 4);
        assert_eq!(p.lines.len(), 12);
        assert_eq!((p.lines[0], p.lines[11]), ((0, 0), (3, 2)));
        let epochs: Vec<usize> = p.points.iter().map(|m| m.epoch).collect();
        assert_eq!(epochs, (0..=10).collect::<Vec<_>>());
        // Deep: at most MAX_LAYERS layers, the first and the last among them.
        let deep = history(2, 31);
        let p = plan(&deep);
        assert_eq!(p.lines.len(), MAX_LAYERS * 3);
        assert_eq!((p.lines[0].0, p.lines[p.lines.len() - 1].0), (0, 30));
        let empty = History::default();
        let p = plan(&empty);
        assert!(p.lines.is_empty() && p.points.is_empty());
        assert_eq!(p.step(None, WeightsKey::Right), None);
    }

    #[test]
    fn keys_move_along_a_line_and_between_lines_and_stop_at_the_ends() {
        let h = history(5, 2);
        let p = plan(&h);
        let at = |layer, k, epoch| WeightPoint { layer, k, epoch };
        // The first key starts on layer 1's first weight, at the newest epoch or (Home) the first.
        assert_eq!(p.step(None, WeightsKey::Left), Some(at(0, 0, 5)));
        assert_eq!(p.step(None, WeightsKey::Home), Some(at(0, 0, 0)));
        let mut now = p.step(None, WeightsKey::Home);
        for (key, want) in [
            (WeightsKey::Left, at(0, 0, 0)),
            (WeightsKey::Right, at(0, 0, 1)),
            (WeightsKey::Right, at(0, 0, 2)),
            (WeightsKey::Up, at(0, 1, 2)),
            (WeightsKey::Up, at(0, 2, 2)),
            (WeightsKey::Up, at(1, 0, 2)),
            (WeightsKey::End, at(1, 0, 5)),
            (WeightsKey::Right, at(1, 0, 5)),
            (WeightsKey::Up, at(1, 1, 5)),
            (WeightsKey::Up, at(1, 2, 5)),
            (WeightsKey::Up, at(1, 2, 5)),
            (WeightsKey::Down, at(1, 1, 5)),
            (WeightsKey::Home, at(1, 1, 0)),
        ] {
            now = p.step(now, key);
            assert_eq!(now, Some(want), "{key:?}");
        }
        // A point no longer drawn moves to the nearest one first.
        let thinned = p.step(Some(at(7, 9, 99)), WeightsKey::Left);
        assert_eq!(thinned, Some(at(1, 2, 4)));
    }

    #[test]
    fn key_names_are_the_arrow_keys_home_and_end() {
        assert_eq!(WeightsKey::from_key("ArrowUp"), Some(WeightsKey::Up));
        assert_eq!(WeightsKey::from_key("End"), Some(WeightsKey::End));
        assert_eq!(WeightsKey::from_key("a"), None);
        assert_eq!(WeightsKey::from_key("PageUp"), None);
    }

    fn layout() -> WeightsLayout {
        let line = |layer, k, ys: [i32; 3]| WeightLine {
            layer,
            k,
            points: (0..3)
                .map(|i| LinePoint {
                    epoch: i * 10,
                    value: ys[i] as f32,
                    change: f64::from(ys[i] - ys[0]),
                    at: (100 + 100 * i as i32, ys[i]),
                })
                .collect(),
        };
        WeightsLayout {
            mode: WeightsMode::Value,
            plot_x: (100, 300),
            plot_y: (0, 200),
            x_range: (0.0, 20.0),
            y_range: (0.0, 1.0),
            layers: 2,
            lines: vec![line(0, 0, [50, 50, 50]), line(1, 1, [150, 100, 20])],
        }
    }

    #[test]
    fn the_pointer_names_the_nearest_drawn_point() {
        let l = layout();
        let at = |layer, k, epoch| WeightPoint { layer, k, epoch };
        assert_eq!(l.nearest(110, 45), Some(at(0, 0, 0)));
        assert_eq!(l.nearest(110, 140), Some(at(1, 1, 0)));
        // Between epochs 10 and 20 (x 200 and 300): the nearer one.
        assert_eq!(l.nearest(240, 60), Some(at(0, 0, 10)));
        assert_eq!(l.nearest(260, 30), Some(at(1, 1, 20)));
        // Outside the plot: nothing.
        assert_eq!(l.nearest(99, 50), None);
        assert_eq!(l.nearest(150, 200), None);
        assert_eq!(WeightsLayout::default().nearest(0, 0), None);
    }

    #[test]
    fn a_point_reads_out_its_layer_weight_epoch_value_and_change() {
        let l = layout();
        let p = WeightPoint {
            layer: 1,
            k: 1,
            epoch: 12,
        };
        assert_eq!(l.point(p).map(|q| q.epoch), Some(10));
        assert_eq!(
            l.text(p).as_deref(),
            Some("output layer, weight 2, epoch 10: 100 (-50 since epoch 0)")
        );
        let flat = WeightPoint {
            layer: 0,
            k: 0,
            epoch: 20,
        };
        assert_eq!(
            describe(WeightsMode::Change, 11, flat, 0.512_345_6, 0.0),
            "layer 1, weight 1, epoch 20: unchanged since epoch 0 (value 0.5123)"
        );
        assert_eq!(
            describe(WeightsMode::Change, 11, flat, -1.5, 3.12e-9),
            "layer 1, weight 1, epoch 20: changed by +3.120e-9 since epoch 0 (value -1.5)"
        );
        assert_eq!(short(0.0012346), "0.001235");
        assert_eq!(short(12345.0), "1.234e4");
        let h = history(3, 2);
        let text = history_text(
            &h,
            WeightsMode::Value,
            WeightPoint {
                layer: 1,
                k: 1,
                epoch: 3,
            },
        );
        assert_eq!(
            text.as_deref(),
            Some("output layer, weight 2, epoch 3: -0.22 (+0.03 since epoch 0)")
        );
    }
}
