//! The gradient charts in words and tables: the heatmap (every layer's `grad_norm` over
//! the epochs), the gradient profile (each layer's at epoch 0 and the newest epoch) and
//! the chain rule's backward gains of each hidden layer.

use super::{layer_row, layer_words, mag, num, orders_words, pick, power, Table};
use crate::charts::heatmap::columns;
use crate::charts::scale::{LOG_MAX, LOG_MIN};
use crate::history::History;
use crate::metrics::{orders_of_magnitude, EpochMetrics, LayerGain};
use crate::numtext::fixed;

/// The heatmap's summary: layer 1's gradient against the output layer's at the newest
/// epoch (`orders_of_magnitude`, as the read-out), the same gap at the first epoch and
/// whether it narrowed or widened since, and the layers off the colour scale.
pub fn heatmap_summary(history: &History) -> String {
    let Some(now) = history.newest() else {
        return "No gradients measured yet.".into();
    };
    let g = &now.grad_norm;
    let layers = g.len();
    if layers < 2 {
        return "A single layer: no gradient to compare.".into();
    }
    let e = now.epoch;
    let (first, out) = (f64::from(g[0]), f64::from(g[layers - 1]));
    let zeros = g.iter().filter(|&&v| v == 0.0).count();
    let gap = orders_of_magnitude(g).map(f64::from);
    let mut text = match gap {
        Some(o) => format!(
            "At epoch {e}, layer 1's gradient norm ({}) is {} the output layer's ({}).",
            mag(first),
            orders_words(o),
            mag(out)
        ),
        None if zeros == layers => {
            format!("At epoch {e}, every layer's gradient is exactly 0: no layer learns.")
        }
        None => format!(
            "At epoch {e}, layer 1's gradient norm is {} and the output layer's {}.",
            mag(first),
            mag(out)
        ),
    };
    let start = history.first().filter(|m| m.epoch < e);
    if let (Some(o), Some(m)) = (gap, start) {
        if let Some(o0) = orders_of_magnitude(&m.grad_norm).map(f64::from) {
            // The gap's size (in orders of magnitude, whichever side) against the first
            // epoch's: half an order either way counts as unchanged.
            let trend = match o.abs() - o0.abs() {
                d if d <= -0.5 => "narrowed",
                d if d >= 0.5 => "widened",
                _ => "hardly changed",
            };
            text += &format!(
                " At epoch {} it was {}; the gap has {trend} since.",
                m.epoch,
                orders_words(o0)
            );
        }
    }
    // Layers the colour scale cannot show (they are striped or grey on the chart).
    let (lo, hi) = (10f32.powf(LOG_MIN), 10f32.powf(LOG_MAX));
    let below = g.iter().filter(|&&v| v > 0.0 && v < lo).count();
    let above = g.iter().filter(|&&v| v > hi).count();
    for (count, what) in [
        (below, "below the colour scale (under 1e-8)"),
        (above, "above it (over 1e2: exploding)"),
        (zeros, "exactly 0"),
    ] {
        if count > 0 && zeros < layers {
            let verb = if count == 1 { "is" } else { "are" };
            text += &format!(" {count} of {layers} layers {verb} {what}.");
        }
    }
    text
}

/// The heatmap as a table: a row per layer (input side first), a column per epoch for
/// at most `TABLE_EPOCHS` of the columns the chart draws (the newest among them).
pub fn heatmap_table(history: &History) -> Table {
    let cols = pick(&columns(history));
    let mut head = vec!["layer".to_string()];
    head.extend(cols.iter().map(|m| format!("epoch {}", m.epoch)));
    let mut table = Table::new(
        "Gradient norm ||dL/dW|| of each layer, at epochs the heatmap draws",
        head,
    );
    let layers = cols.first().map_or(0, |m| m.grad_norm.len());
    for l in 0..layers {
        let mut row = vec![layer_row(l, layers)];
        row.extend(cols.iter().map(|m| num(f64::from(m.grad_norm[l]))));
        table.rows.push(row);
    }
    table
}

/// The recorded epoch nearest `epoch` (the earlier on a tie).
pub fn at_epoch(history: &History, epoch: usize) -> Option<&EpochMetrics> {
    history.points().min_by_key(|m| m.epoch.abs_diff(epoch))
}

/// One layer's gradient at one epoch in words (the heatmap's tooltip and keys, the
/// profile's): "layer 1, epoch 40: gradient norm 3.210e-8 (1.2e-6 × the output
/// layer's)", "output layer, epoch 40: gradient norm exactly 0 (underflowed)".
pub fn gradient_words(m: &EpochMetrics, layer: usize) -> Option<String> {
    let g = &m.grad_norm;
    let value = f64::from(*g.get(layer)?);
    let layers = g.len();
    let which = layer_row(layer, layers).replace("output", "output layer");
    if value == 0.0 {
        return Some(format!(
            "{which}, epoch {}: gradient norm exactly 0 (underflowed)",
            m.epoch
        ));
    }
    let out = f64::from(g[layers - 1]);
    let relative = if out > 0.0 && layer + 1 < layers {
        format!(" ({} \u{d7} the output layer's)", mag(value / out))
    } else {
        String::new()
    };
    Some(format!(
        "{which}, epoch {}: gradient norm {}{relative}",
        m.epoch,
        num(value)
    ))
}

/// The profile's summary: the newest epoch's gradient at layer 1 and the output layer,
/// where it is smallest and largest, and the first epoch's at both ends.
pub fn profile_summary(history: &History) -> String {
    let Some(now) = history.newest() else {
        return "No gradients measured yet.".into();
    };
    let g = &now.grad_norm;
    let layers = g.len();
    if layers == 0 {
        return "No layers.".into();
    }
    let ends = |m: &EpochMetrics| {
        format!(
            "{} at layer 1 and {} at the output layer",
            mag(f64::from(m.grad_norm[0])),
            mag(f64::from(m.grad_norm[layers - 1]))
        )
    };
    // The first smallest and the first largest, input side first.
    let (mut lo, mut hi) = (0, 0);
    for (l, &v) in g.iter().enumerate() {
        if v < g[lo] {
            lo = l;
        }
        if v > g[hi] {
            hi = l;
        }
    }
    let mut text = format!(
        "At epoch {}, the gradient norm is {}; smallest at {} ({}), largest at {} ({}).",
        now.epoch,
        ends(now),
        layer_words(lo, layers),
        mag(f64::from(g[lo])),
        layer_words(hi, layers),
        mag(f64::from(g[hi]))
    );
    if let Some(m) = history
        .first()
        .filter(|m| m.epoch < now.epoch && m.grad_norm.len() == layers)
    {
        text += &format!(" At epoch {} it was {}.", m.epoch, ends(m));
    }
    text
}

/// The profile as a table: a row per layer, a column for each run's newest epoch (and,
/// for one run, its first epoch, as the chart draws it).
pub fn profile_table(runs: &super::Named<&History>) -> Table {
    let mut head = vec!["layer".to_string()];
    let mut lines: Vec<&EpochMetrics> = Vec::new();
    for &(name, h) in runs {
        let (Some(first), Some(now)) = (h.first(), h.newest()) else {
            continue;
        };
        if runs.len() == 1 && first.epoch < now.epoch {
            head.push(format!("epoch {}", first.epoch));
            lines.push(first);
        }
        let space = if name.is_empty() { "" } else { " " };
        head.push(format!("{name}{space}epoch {}", now.epoch));
        lines.push(now);
    }
    let mut table = Table::new("Gradient norm ||dL/dW|| of each layer", head);
    let layers = lines.iter().map(|m| m.grad_norm.len()).max().unwrap_or(0);
    for l in 0..layers {
        let mut row = vec![layer_row(l, layers)];
        row.extend(lines.iter().map(|m| {
            m.grad_norm
                .get(l)
                .map_or_else(String::new, |&v| num(f64::from(v)))
        }));
        table.rows.push(row);
    }
    table
}

/// A stage of the backward gains: its name and its gain.
type Stage = (&'static str, fn(&LayerGain) -> f32);

/// The stages of a hidden layer's backward gain the chart draws, with their names:
/// batch normalization and the skip path only when some layer has them (their gain is
/// exactly 1 otherwise).
fn stages(gains: &[LayerGain]) -> Vec<Stage> {
    let mut stages: Vec<Stage> = vec![("activation slopes", |g| g.activation)];
    if gains.iter().any(|g| g.norm != 1.0) {
        stages.push(("batch normalization", |g| g.norm));
    }
    stages.push(("weights", |g| g.weights));
    if gains.iter().any(|g| g.skip != 1.0) {
        stages.push(("skip path", |g| g.skip));
    }
    stages
}

/// log10 of the product of one stage's gains over every hidden layer (a sum of logs: the
/// product itself can leave f64's range), minus infinity when a gain is 0.
fn log_product(gains: &[LayerGain], pick: fn(&LayerGain) -> f32) -> f64 {
    gains.iter().map(|g| f64::from(pick(g)).log10()).sum()
}

/// The gains' summary: the product of the total gains (the factor the backward signal
/// is multiplied by through every hidden layer), the stage whose product is smallest
/// (the one that shrinks it most) with its geometric mean per layer, and the others.
pub fn gains_summary(gains: &[LayerGain], epoch: usize) -> String {
    let hidden = gains.len();
    if hidden == 0 {
        return "No hidden layers: the signal passes no chain of layers.".into();
    }
    let total = log_product(gains, |g| g.total);
    let mut text = format!(
        "At epoch {epoch}, the backward signal is multiplied by {} through the {hidden} hidden layers.",
        power(total)
    );
    let products: Vec<(&str, f64)> = stages(gains)
        .into_iter()
        .map(|(name, pick)| (name, log_product(gains, pick)))
        .collect();
    let Some(&(worst, p)) = products
        .iter()
        .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
    else {
        return text;
    };
    if p < 0.0 {
        // The geometric mean: the factor per layer that gives the product.
        text += &format!(
            " The {worst} shrink it most: by {} in all, {} per layer on average.",
            power(p),
            power(p / hidden as f64)
        );
    } else {
        text += " No stage shrinks it.";
    }
    let others: Vec<String> = products
        .iter()
        .filter(|(name, _)| *name != worst)
        .map(|&(name, p)| format!("{name} {}", power(p)))
        .collect();
    if !others.is_empty() {
        text += &format!(" In all: {}.", others.join(", "));
    }
    text
}

/// The gains as a table: a row per hidden layer, a column per stage and the total.
pub fn gains_table(gains: &[LayerGain]) -> Table {
    let mut stages = stages(gains);
    stages.push(("total", |g| g.total));
    let mut head = vec!["hidden layer".to_string()];
    head.extend(stages.iter().map(|(name, _)| name.to_string()));
    let mut table = Table::new(
        "Backward gain of each hidden layer: the factor each stage multiplies the gradient by",
        head,
    );
    for (l, g) in gains.iter().enumerate() {
        let mut row = vec![format!("layer {}", l + 1)];
        row.extend(stages.iter().map(|(_, pick)| num(f64::from(pick(g)))));
        table.rows.push(row);
    }
    table
}

/// The first-to-output gap at `m` in orders of magnitude, one decimal, as the read-out
/// writes it without its sign ("5.5"), for tests that compare texts with the run.
pub fn gap_text(m: &EpochMetrics) -> Option<String> {
    orders_of_magnitude(&m.grad_norm).map(|o| fixed(f64::from(o.abs()), 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(norms: &[&[f32]]) -> History {
        let mut h = History::default();
        for (epoch, g) in norms.iter().enumerate() {
            h.push(EpochMetrics {
                epoch: epoch * 50,
                grad_norm: g.to_vec(),
                ..EpochMetrics::default()
            });
        }
        h
    }

    #[test]
    fn the_heatmap_summary_quotes_the_gap_and_how_it_moved() {
        let h = history(&[&[4e-9, 1e-5, 1e-2], &[3.2e-8, 1e-4, 1.1e-2]]);
        assert_eq!(
            heatmap_summary(&h),
            "At epoch 50, layer 1's gradient norm (3.2e-8) is 5.5 orders of magnitude \
             below the output layer's (0.011). At epoch 0 it was 6.4 orders of magnitude \
             below; the gap has narrowed since."
        );
        assert_eq!(
            gap_text(h.newest().expect("newest")).as_deref(),
            Some("5.5")
        );
        let same = history(&[&[1e-3, 1e-2], &[1.5e-3, 1.2e-2]]);
        assert!(heatmap_summary(&same).ends_with("the gap has hardly changed since."));
        let exploding = history(&[&[1e3, 1.0]]);
        assert_eq!(
            heatmap_summary(&exploding),
            "At epoch 0, layer 1's gradient norm (1.0e3) is 3.0 orders of magnitude above \
             the output layer's (1.0). 1 of 2 layers is above it (over 1e2: exploding)."
        );
        let dead = history(&[&[0.0, 0.0]]);
        assert_eq!(
            heatmap_summary(&dead),
            "At epoch 0, every layer's gradient is exactly 0: no layer learns."
        );
        let deep = history(&[&[2e-9, 0.0, 0.5]]);
        assert!(heatmap_summary(&deep).ends_with(
            "1 of 3 layers is below the colour scale (under 1e-8). 1 of 3 layers is exactly 0."
        ));
        let vanished = history(&[&[0.0, 0.5]]);
        assert_eq!(
            heatmap_summary(&vanished),
            "At epoch 0, layer 1's gradient norm is 0 and the output layer's 0.50. \
             1 of 2 layers is exactly 0."
        );
        assert_eq!(
            heatmap_summary(&History::default()),
            "No gradients measured yet."
        );
    }

    #[test]
    fn the_heatmap_table_has_a_row_per_layer_and_at_most_eight_epochs() {
        let norms: Vec<Vec<f32>> = (0..20).map(|e| vec![e as f32, 1.0, 2.5e-7]).collect();
        let refs: Vec<&[f32]> = norms.iter().map(Vec::as_slice).collect();
        let t = heatmap_table(&history(&refs));
        assert_eq!(t.head.len(), 9);
        assert_eq!(
            (t.head[1].as_str(), t.head[8].as_str()),
            ("epoch 0", "epoch 950")
        );
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0][0], "layer 1");
        assert_eq!(t.rows[0][8], "19.00");
        assert_eq!(
            t.rows[2],
            [
                "output", "2.500e-7", "2.500e-7", "2.500e-7", "2.500e-7", "2.500e-7", "2.500e-7",
                "2.500e-7", "2.500e-7"
            ]
        );
    }

    #[test]
    fn a_cell_in_words_names_its_layer_epoch_value_and_the_output_layer() {
        let h = history(&[&[3.21e-8, 0.0, 0.0267]]);
        let m = at_epoch(&h, 7).expect("a point");
        assert_eq!(
            gradient_words(m, 0).as_deref(),
            Some("layer 1, epoch 0: gradient norm 3.210e-8 (1.2e-6 \u{d7} the output layer's)")
        );
        assert_eq!(
            gradient_words(m, 1).as_deref(),
            Some("layer 2, epoch 0: gradient norm exactly 0 (underflowed)")
        );
        assert_eq!(
            gradient_words(m, 2).as_deref(),
            Some("output layer, epoch 0: gradient norm 0.02670")
        );
        assert_eq!(gradient_words(m, 3), None);
    }

    #[test]
    fn the_profile_summary_names_its_ends_and_extremes() {
        let h = history(&[&[1e-6, 1e-3, 1e-2], &[2e-8, 3e-3, 1e-2]]);
        assert_eq!(
            profile_summary(&h),
            "At epoch 50, the gradient norm is 2.0e-8 at layer 1 and 0.010 at the output \
             layer; smallest at layer 1 (2.0e-8), largest at the output layer (0.010). At \
             epoch 0 it was 1.0e-6 at layer 1 and 0.010 at the output layer."
        );
        let t = profile_table(&[("", &h)]);
        assert_eq!(t.head, ["layer", "epoch 0", "epoch 50"]);
        assert_eq!(t.rows[1], ["layer 2", "0.001000", "0.003000"]);
        let both = profile_table(&[("A: x", &h), ("B: y", &h)]);
        assert_eq!(both.head, ["layer", "A: x epoch 50", "B: y epoch 50"]);
    }

    #[test]
    fn the_gains_summary_names_the_stage_that_shrinks_the_signal_most() {
        let layer = |activation: f32, weights: f32| LayerGain {
            activation,
            norm: 1.0,
            weights,
            skip: 1.0,
            total: activation * weights,
        };
        let gains = vec![layer(0.2, 2.0), layer(0.2, 2.0), layer(0.2, 2.5)];
        assert_eq!(
            gains_summary(&gains, 10),
            "At epoch 10, the backward signal is multiplied by 0.080 through the 3 hidden \
             layers. The activation slopes shrink it most: by 8.0e-3 in all, 0.20 per \
             layer on average. In all: weights 10."
        );
        let t = gains_table(&gains);
        assert_eq!(
            t.head,
            ["hidden layer", "activation slopes", "weights", "total"]
        );
        assert_eq!(t.rows[2], ["layer 3", "0.2000", "2.500", "0.5000"]);
        let healthy = vec![layer(1.0, 1.2)];
        assert!(gains_summary(&healthy, 0).contains("No stage shrinks it."));
        let lost = vec![layer(0.0, 1.0)];
        assert!(gains_summary(&lost, 0).contains("multiplied by 0 through"));
        assert!(gains_summary(&[], 0).starts_with("No hidden layers"));
    }
}
