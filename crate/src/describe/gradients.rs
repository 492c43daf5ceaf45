//! The gradient charts in words and tables: the heatmap (every layer's `grad_norm` over
//! the epochs), the gradient profile (each layer's at epoch 0 and the newest epoch) and
//! the chain rule's backward gains of each hidden layer.

use super::{epoch_heads, layer_rows, mag, num, orders_words, pick, power, table, Named, Table};
use crate::charts::heatmap::columns;
use crate::history::History;
use crate::metrics::{orders_of_magnitude, EpochMetrics, LayerGain};

/// Layer 1's value of a per-layer measurement against the output layer's, the first
/// and last of `values`: "layer 1's gradient norm (3.2e-8) is 5.5 orders of magnitude
/// below the output layer's (0.011)", and the gap (`orders_of_magnitude`, as the
/// read-out computes it) when both are positive.
pub fn first_to_output(values: &[f32], what: &str) -> (String, Option<f64>) {
    let (first, out) = match values {
        [first, .., out] => (f64::from(*first), f64::from(*out)),
        _ => return (String::new(), None),
    };
    let gap = orders_of_magnitude(values).map(f64::from);
    let text = match gap {
        Some(o) => format!(
            "layer 1's {what} ({}) is {} the output layer's ({})",
            mag(first),
            orders_words(o),
            mag(out)
        ),
        None => format!(
            "layer 1's {what} is {} and the output layer's {}",
            mag(first),
            mag(out)
        ),
    };
    (text, gap)
}

/// The heatmap's summary: layer 1's gradient against the output layer's at the newest
/// epoch, and the same gap at the first epoch and whether it narrowed or widened since
/// (half an order either way: hardly changed).
pub fn heatmap_summary(history: &History) -> String {
    let (Some(first), Some(now)) = (history.first(), history.newest()) else {
        return "No gradients measured yet.".into();
    };
    let (words, gap) = first_to_output(&now.grad_norm, "gradient norm");
    let mut text = format!("At epoch {}, {words}.", now.epoch);
    let then = orders_of_magnitude(&first.grad_norm).map(f64::from);
    if let (Some(o), Some(o0), true) = (gap, then, first.epoch < now.epoch) {
        // The gap's size (in orders of magnitude, whichever side) against the first epoch's.
        let d = o.abs() - o0.abs();
        let trend = if d <= -0.5 {
            "narrowed"
        } else if d >= 0.5 {
            "widened"
        } else {
            "hardly changed"
        };
        text += &format!(
            " At epoch {} it was {}; the gap has {trend} since.",
            first.epoch,
            orders_words(o0)
        );
    }
    text
}

/// A table of one per-layer measurement (`pick`) at `points`: a row per layer (input
/// side first), a column per point, headed "epoch N" after `names` (a compared run's).
pub fn layer_epoch_table(
    caption: &str,
    points: &[&EpochMetrics],
    names: &[&str],
    pick: fn(&EpochMetrics) -> &[f32],
) -> Table {
    let layers = points.iter().map(|m| pick(m).len()).max().unwrap_or(0);
    let rows = layer_rows(layers)
        .into_iter()
        .enumerate()
        .map(|(l, name)| {
            (
                name,
                points.iter().map(|m| pick(m).get(l).copied()).collect(),
            )
        })
        .collect();
    let mut head = epoch_heads("layer", points.iter().map(|m| m.epoch));
    for (h, name) in head.iter_mut().skip(1).zip(names) {
        if !name.is_empty() {
            *h = format!("{name} {h}");
        }
    }
    table(caption, head, rows, num)
}

/// The heatmap as a table: a row per layer, a column per epoch for at most
/// `TABLE_EPOCHS` of the columns the chart draws (the newest among them).
pub fn heatmap_table(history: &History) -> Table {
    layer_epoch_table(
        "Gradient norm ||dL/dW|| of each layer, at epochs the heatmap draws",
        &pick(&columns(history)),
        &[],
        |m| &m.grad_norm,
    )
}

/// The recorded epoch nearest `epoch` (the earlier on a tie).
pub fn at_epoch(history: &History, epoch: usize) -> Option<&EpochMetrics> {
    history.points().min_by_key(|m| m.epoch.abs_diff(epoch))
}

/// One layer's gradient at one epoch in words (the heatmap's tooltip and keys, the
/// profile's): "layer 1, epoch 40: gradient norm 3.210e-8 (1.2e-6 × the output
/// layer's)", "output layer, epoch 40: gradient norm 0 (underflowed)".
pub fn gradient_words(m: &EpochMetrics, layer: usize) -> Option<String> {
    let g = &m.grad_norm;
    let value = f64::from(*g.get(layer)?);
    let out = f64::from(*g.last()?);
    let which = if layer + 1 == g.len() {
        "output layer".to_string()
    } else {
        format!("layer {}", layer + 1)
    };
    let relative = if value == 0.0 {
        " (underflowed)".to_string()
    } else if out > 0.0 {
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
/// and the first epoch's.
pub fn profile_summary(history: &History) -> String {
    let (Some(first), Some(now)) = (history.first(), history.newest()) else {
        return "No gradients measured yet.".into();
    };
    let ends = |m: &EpochMetrics| {
        let g = &m.grad_norm;
        format!(
            "{} at layer 1 and {} at the output layer",
            mag(f64::from(g[0])),
            mag(f64::from(g[g.len() - 1]))
        )
    };
    let mut text = format!(
        "At epoch {}, the gradient norm is {}.",
        now.epoch,
        ends(now)
    );
    if first.epoch < now.epoch {
        text += &format!(" At epoch {} it was {}.", first.epoch, ends(first));
    }
    text
}

/// The profile as a table: a row per layer, a column for each run's newest epoch (and,
/// for one run, its first epoch, as the chart draws it).
pub fn profile_table(runs: &Named<&History>) -> Table {
    let mut points = Vec::new();
    let mut names = Vec::new();
    for &(name, h) in runs {
        if let (Some(first), Some(now), true) = (h.first(), h.newest(), runs.len() == 1) {
            if first.epoch < now.epoch {
                points.push(first);
                names.push("");
            }
        }
        points.extend(h.newest());
        names.push(name);
    }
    layer_epoch_table(
        "Gradient norm ||dL/dW|| of each layer",
        &points,
        &names,
        |m| &m.grad_norm,
    )
}

/// A stage of the backward gains: its name and its gain.
type Stage = (&'static str, fn(&LayerGain) -> f32);

/// The stages of a hidden layer's backward gain the chart draws, with their names:
/// batch normalization and the skip path only when some layer has them (their gain is
/// exactly 1 otherwise); the total last.
fn stages(gains: &[LayerGain]) -> Vec<Stage> {
    let all: [Stage; 5] = [
        ("activation slopes", |g| g.activation),
        ("batch normalization", |g| g.norm),
        ("weights", |g| g.weights),
        ("skip path", |g| g.skip),
        ("total", |g| g.total),
    ];
    all.into_iter()
        .filter(|(name, pick)| {
            !matches!(*name, "batch normalization" | "skip path")
                || gains.iter().any(|g| pick(g) != 1.0)
        })
        .collect()
}

/// The gains' summary: the product of the total gains (the factor the backward signal
/// is multiplied by through every hidden layer) and the stage whose product is smallest
/// (the one that shrinks it most), with its geometric mean per layer. Products are
/// summed logs (a product of many small gains can leave f64's range).
pub fn gains_summary(gains: &[LayerGain], epoch: usize) -> String {
    let hidden = gains.len();
    let mut worst = ("", f64::INFINITY);
    let mut total = 0.0;
    for (name, pick) in stages(gains) {
        let p: f64 = gains.iter().map(|g| f64::from(pick(g)).log10()).sum();
        if name == "total" {
            total = p;
        } else if p < worst.1 {
            worst = (name, p);
        }
    }
    if hidden == 0 {
        return "No hidden layers.".into();
    }
    let mut text = format!(
        "At epoch {epoch}, the backward signal is multiplied by {} through the {hidden} hidden layers.",
        power(total)
    );
    if worst.1 < 0.0 {
        text += &format!(
            " The {} shrink it most: by {} in all, {} per layer on average.",
            worst.0,
            power(worst.1),
            power(worst.1 / hidden as f64)
        );
    }
    text
}

/// The gains as a table: a row per hidden layer, a column per stage and the total.
pub fn gains_table(gains: &[LayerGain]) -> Table {
    let stages = stages(gains);
    let mut head = vec!["hidden layer".to_string()];
    head.extend(stages.iter().map(|(name, _)| name.to_string()));
    let rows = gains
        .iter()
        .enumerate()
        .map(|(l, g)| {
            (
                format!("layer {}", l + 1),
                stages.iter().map(|(_, pick)| Some(pick(g))).collect(),
            )
        })
        .collect();
    table(
        "Backward gain of each hidden layer: the factor each stage multiplies the gradient by",
        head,
        rows,
        num,
    )
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
        let same = history(&[&[1e-3, 1e-2], &[1.5e-3, 1.2e-2]]);
        assert!(heatmap_summary(&same).ends_with("the gap has hardly changed since."));
        let wider = history(&[&[1e-3, 1e-2], &[1e-5, 1e-2]]);
        assert!(heatmap_summary(&wider).ends_with("the gap has widened since."));
        let exploding = history(&[&[1e3, 1.0]]);
        assert_eq!(
            heatmap_summary(&exploding),
            "At epoch 0, layer 1's gradient norm (1.0e3) is 3.0 orders of magnitude above \
             the output layer's (1.0)."
        );
        let vanished = history(&[&[0.0, 0.5]]);
        assert_eq!(
            heatmap_summary(&vanished),
            "At epoch 0, layer 1's gradient norm is 0 and the output layer's 0.50."
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
        assert_eq!(t.rows[0][8], "19");
        assert_eq!(t.rows[2][0], "output");
        assert!(t.rows[2][1..].iter().all(|c| c == "2.500e-7"));
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
            Some("layer 2, epoch 0: gradient norm 0 (underflowed)")
        );
        assert_eq!(
            gradient_words(m, 2).as_deref(),
            Some("output layer, epoch 0: gradient norm 0.02670 (1.0 \u{d7} the output layer's)")
        );
        assert_eq!(gradient_words(m, 3), None);
    }

    #[test]
    fn the_profile_summary_names_its_ends_now_and_at_the_first_epoch() {
        let h = history(&[&[1e-6, 1e-3, 1e-2], &[2e-8, 3e-3, 1e-2]]);
        assert_eq!(
            profile_summary(&h),
            "At epoch 50, the gradient norm is 2.0e-8 at layer 1 and 0.010 at the output \
             layer. At epoch 0 it was 1.0e-6 at layer 1 and 0.010 at the output layer."
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
             layer on average."
        );
        let t = gains_table(&gains);
        assert_eq!(
            t.head,
            ["hidden layer", "activation slopes", "weights", "total"]
        );
        assert_eq!(t.rows[2], ["layer 3", "0.2000", "2.500", "0.5000"]);
        let healthy = vec![layer(1.0, 1.2)];
        assert!(gains_summary(&healthy, 0).ends_with("hidden layers."));
        let lost = vec![layer(0.0, 1.0)];
        assert!(gains_summary(&lost, 0).contains("multiplied by 0 through"));
        assert_eq!(gains_summary(&[], 0), "No hidden layers.");
    }
}
