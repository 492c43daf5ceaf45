//! The Network panel in words and a table: what the diagram shows of each weight layer
//! (its connections' gradient, weight and update, the numbers the heatmap and the other
//! per-layer charts show) and of each unit of a narrow hidden layer (its slope, whether
//! it is dead or saturated), and the walk of the keys over its layers and units.

use super::gradients::first_to_output;
use super::{layer_words, mag, num, percent, Table};
use crate::charts::network::NetworkMode;
use crate::config::Activation;
use crate::diagram::{LayerSnapshot, NetworkSnapshot};
use crate::metrics::EpochMetrics;

pub use super::walk::{GridPoint, Key};

/// What a mode's per-layer number is called in a sentence.
pub fn quantity(mode: NetworkMode) -> &'static str {
    match mode {
        NetworkMode::Gradient => "gradient norm",
        NetworkMode::Weight => "weight norm",
        NetworkMode::Update => "update ratio",
    }
}

/// The units of `layer` that are dead, and those saturated on at least half of the
/// probe rows (the diagram's crosses and rings).
fn marked_units(layer: &LayerSnapshot) -> (usize, usize) {
    let dead = layer.dead.iter().filter(|&&d| d).count();
    let saturated = layer
        .dead
        .iter()
        .zip(&layer.saturated)
        .filter(|&(&d, &s)| !d && s >= 0.5)
        .count();
    (dead, saturated)
}

/// The panel's summary in `mode`: layer 1's number against the output layer's and
/// whether the connections fade toward the input (by two orders of magnitude or more),
/// dim (by one or more) or keep their brightness, then the marked units.
pub fn network_summary(
    snapshot: Option<&NetworkSnapshot>,
    m: Option<&EpochMetrics>,
    mode: NetworkMode,
) -> String {
    let (Some(s), Some(m)) = (snapshot, m) else {
        return "No network measured yet.".into();
    };
    let values: Vec<f32> = (0..s.layers.len())
        .map(|l| mode.layer_value(m, l))
        .collect();
    let (words, gap) = first_to_output(&values, quantity(mode));
    let look = match gap {
        Some(g) if g <= -2.0 => {
            " The connections fade from bright at the output to dark at the input."
        }
        Some(g) if g <= -1.0 => " The connections dim toward the input.",
        Some(g) if g >= 1.0 => " The connections grow brighter toward the input.",
        Some(_) => " The connections are about equally bright from the output to the input.",
        None => "",
    };
    let mut text = format!("At epoch {}, {words}.{look}", s.epoch);
    let (mut dead, mut saturated, mut shown) = (0, 0, 0);
    for layer in &s.layers {
        let (d, sat) = marked_units(layer);
        dead += d;
        saturated += sat;
        shown += layer.dead.len();
    }
    if shown > 0 {
        // "none is", "1 is", "3 are".
        let count = |n: usize| match n {
            0 => "none is".to_string(),
            1 => "1 is".to_string(),
            n => format!("{n} are"),
        };
        let marked = match (dead, saturated) {
            (0, 0) => "none is dead or mostly saturated".to_string(),
            (d, 0) => format!("{} dead", count(d)),
            (0, s) => format!("{} mostly saturated", count(s)),
            (d, s) => format!("{} dead and {} mostly saturated", count(d), count(s)),
        };
        text += &format!(" Of the {shown} hidden units drawn one by one, {marked}.");
    }
    text
}

/// The panel's table: a row per weight layer (input side first) with its size and the
/// numbers the diagram colours and marks it by.
pub fn network_table(
    snapshot: Option<&NetworkSnapshot>,
    m: Option<&EpochMetrics>,
    act: Activation,
) -> Table {
    let epoch = snapshot.map_or(String::new(), |s| format!(" at epoch {}", s.epoch));
    let health = if act.can_die() {
        "dead units"
    } else {
        "saturated"
    };
    let head = [
        "layer",
        "units in \u{d7} out",
        "gradient norm",
        "weight norm",
        "update ratio",
        health,
    ];
    let mut rows = Vec::new();
    if let (Some(s), Some(m)) = (snapshot, m) {
        let n = s.layers.len();
        for (l, layer) in s.layers.iter().enumerate() {
            let value = |v: &[f32]| v.get(l).map_or(String::new(), |&v| num(f64::from(v)));
            let share = if act.can_die() {
                &m.dead_fraction
            } else {
                &m.saturation
            };
            let health = match share.get(l) {
                Some(&v) if l + 1 < n => percent(f64::from(v)),
                _ => String::new(),
            };
            rows.push(vec![
                super::layer_row(l, n),
                format!("{} \u{d7} {}", layer.inputs, layer.outputs),
                value(&m.grad_norm),
                value(&m.weight_norm),
                value(&m.update_ratio),
                health,
            ]);
        }
    }
    Table {
        caption: format!("The network's layers{epoch}"),
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// Weight layer `l` in words (the read-out and tooltip of a layer): "layer 3 (8 to 8
/// units), epoch 40: gradient norm 3.210e-8, weight norm 2.83, update ratio 1.2e-5;
/// 2 of 8 units dead".
pub fn layer_text(s: &NetworkSnapshot, m: &EpochMetrics, l: usize) -> Option<String> {
    let layer = s.layers.get(l)?;
    let n = s.layers.len();
    let at = |v: &[f32]| v.get(l).map_or("?".to_string(), |&v| num(f64::from(v)));
    let mut text = format!(
        "{} ({} to {} units), epoch {}: gradient norm {}, weight norm {}, update ratio {}",
        layer_words(l, n),
        layer.inputs,
        layer.outputs,
        s.epoch,
        at(&m.grad_norm),
        at(&m.weight_norm),
        at(&m.update_ratio)
    );
    if l + 1 < n {
        let dead = m.dead_fraction.get(l).copied().unwrap_or(0.0);
        let sat = m.saturation.get(l).copied().unwrap_or(0.0);
        if dead > 0.0 {
            text += &format!("; {} of its units dead", percent(f64::from(dead)));
        }
        if sat > 0.0 {
            text += &format!(
                "; saturated on {} of unit-sample pairs",
                percent(f64::from(sat))
            );
        }
    }
    Some(text)
}

/// Unit `k` of hidden layer `l` in words: dead, or its mean slope against the
/// activation's largest (`full_slope`) and how often it is saturated.
pub fn unit_text(s: &NetworkSnapshot, l: usize, k: usize, full_slope: f32) -> Option<String> {
    let layer = s.layers.get(l)?;
    let slope = *layer.slope.get(k)?;
    let head = format!(
        "{}, unit {} of {}, epoch {}",
        layer_words(l, s.layers.len()),
        k + 1,
        layer.outputs,
        s.epoch
    );
    if layer.dead.get(k).copied().unwrap_or(false) {
        return Some(format!(
            "{head}: dead (it outputs 0 for every probe sample, so no gradient passes it)"
        ));
    }
    let mut text = format!(
        "{head}: mean slope {} ({} of the largest, {})",
        mag(f64::from(slope)),
        percent(f64::from(slope / full_slope)),
        mag(f64::from(full_slope))
    );
    let sat = layer.saturated.get(k).copied().unwrap_or(0.0);
    if sat > 0.0 {
        text += &format!(
            "; saturated on {} of the probe samples",
            percent(f64::from(sat))
        );
    }
    Some(text)
}

/// A point of the diagram's keys in words: row 0 is layer `p.at` itself, row `k + 1`
/// its unit `k` (a unit past the layer's last, or of a layer drawn as a bundle, reads
/// as the layer).
pub fn point_text(
    s: &NetworkSnapshot,
    m: &EpochMetrics,
    p: GridPoint,
    act: Activation,
) -> Option<String> {
    let full_slope = act.max_derivative().unwrap_or(1.0);
    match p.row {
        0 => layer_text(s, m, p.at),
        row => unit_text(s, p.at, row - 1, full_slope).or_else(|| layer_text(s, m, p.at)),
    }
}

/// The keys' walk over the diagram: Left and Right move to the previous or next layer
/// (keeping the unit where the layer has it), Down to the layer's first unit or the
/// next one down, Up back up to the layer itself, Home and End to the first layer and
/// the output layer. Without a point yet, every key starts on the output layer. None
/// for a snapshot without layers.
pub fn network_walk(s: &NetworkSnapshot, from: Option<GridPoint>, key: Key) -> Option<GridPoint> {
    let last = s.layers.len().checked_sub(1)?;
    let units = |l: usize| s.layers.get(l).map_or(0, |layer| layer.slope.len());
    let Some(p) = from else {
        let at = if key == Key::Home { 0 } else { last };
        return Some(GridPoint { row: 0, at });
    };
    let at = p.at.min(last);
    let moved = |at: usize| GridPoint {
        row: p.row.min(units(at)),
        at,
    };
    Some(match key {
        Key::Left => moved(at.saturating_sub(1)),
        Key::Right => moved((at + 1).min(last)),
        Key::Home => moved(0),
        Key::End => moved(last),
        Key::Down => GridPoint {
            row: (p.row + 1).min(units(at)),
            at,
        },
        Key::Up => GridPoint {
            row: p.row.saturating_sub(1),
            at,
        },
    })
}
