//! The per-layer charts in words and tables: layer health (dead or saturated units),
//! the tracked weights, the weight updates and the distributions.

use super::{layer_row, layer_words, mag, num, orders_words, percent, pick, Table};
use crate::charts::weights_layout::plan;
use crate::charts::{pick_evenly, sampled_points, updates, MAX_LINE_POINTS};
use crate::config::Activation;
use crate::history::History;
use crate::metrics::{Distributions, EpochMetrics, Histogram};

/// A layer's tracked weights count as flat when none moved more than this share of the
/// span of every value the weights chart draws (a fraction of a pixel on the chart).
pub const FLAT_SHARE: f64 = 0.005;

/// What layer health shows for an activation: the dead units' shares (the rectifier
/// family) or the saturated pairs' (sigmoid, tanh), with words; None for linear units.
fn health_of(m: &EpochMetrics, act: Activation) -> Option<(&[f32], &'static str)> {
    let hidden = m.dead_fraction.len().saturating_sub(1);
    if act.can_die() {
        Some((&m.dead_fraction[..hidden], "dead units"))
    } else if act.max_derivative().is_some() {
        Some((&m.saturation[..hidden.min(m.saturation.len())], "saturated"))
    } else {
        None
    }
}

/// Layer health's summary: the mean share over the hidden layers (every layer has the
/// same width, so it is the share of all units or unit-sample pairs) and the layer with
/// the most, at the newest epoch.
pub fn health_summary(now: Option<&EpochMetrics>, act: Activation) -> String {
    let Some(m) = now else {
        return "No epochs measured yet.".into();
    };
    let Some((shares, what)) = health_of(m, act) else {
        return "Linear units neither die nor saturate.".into();
    };
    let Some(worst) = (0..shares.len()).max_by(|&a, &b| {
        shares[a]
            .partial_cmp(&shares[b])
            .unwrap_or(std::cmp::Ordering::Equal)
            // The first of equals: the input side.
            .then(b.cmp(&a))
    }) else {
        return "No hidden layers.".into();
    };
    let mean = shares.iter().map(|&s| f64::from(s)).sum::<f64>() / shares.len() as f64;
    let (unit, of) = if what == "dead units" {
        (
            "dead",
            "of the hidden units (output 0 for every probe sample)",
        )
    } else {
        (
            "saturated",
            "of unit-sample pairs (slope under 5% of its largest)",
        )
    };
    if shares[worst] <= 0.0 {
        return format!("At epoch {}, no hidden unit is {unit}.", m.epoch);
    }
    format!(
        "At epoch {}, {} {of} are {unit}; the most in layer {} ({}).",
        m.epoch,
        percent(mean),
        worst + 1,
        percent(f64::from(shares[worst]))
    )
}

/// Layer health as a table: a row per hidden layer, its share at the newest epoch.
pub fn health_table(now: Option<&EpochMetrics>, act: Activation) -> Table {
    let found = now.and_then(|m| Some((m.epoch, health_of(m, act)?)));
    let what = found.map_or("share", |(_, (_, w))| w);
    let mut table = Table::new(
        format!(
            "Share of {what} in each hidden layer{}",
            found.map_or_else(String::new, |(e, _)| format!(", epoch {e}"))
        ),
        vec!["hidden layer".into(), format!("{what} (%)")],
    );
    for (l, &s) in found.map_or(&[][..], |(_, (s, _))| s).iter().enumerate() {
        table
            .rows
            .push(vec![format!("layer {}", l + 1), percent(f64::from(s))]);
    }
    table
}

/// The largest distance of a layer's tracked weights at `now` from where they were at
/// `start`, in f64 from the f32 values.
fn moved(start: &EpochMetrics, now: &EpochMetrics, layer: usize) -> f64 {
    let (Some(a), Some(b)) = (
        start.tracked_weights.get(layer),
        now.tracked_weights.get(layer),
    ) else {
        return 0.0;
    };
    a.iter()
        .zip(b)
        .map(|(&a, &b)| (f64::from(b) - f64::from(a)).abs())
        .fold(0.0, f64::max)
}

/// The weights chart's summary: how far layer 1's and the output layer's tracked weights
/// moved since epoch 0, each called flat or moving (flat: less than `FLAT_SHARE` of the
/// span of every value the chart draws), and how many drawn layers are flat.
pub fn weights_summary(history: &History) -> String {
    let p = plan(history);
    let (Some(&start), Some(&now)) = (p.points.first(), p.points.last()) else {
        return "No weights tracked yet.".into();
    };
    if start.epoch == now.epoch {
        return format!("At epoch {}, no weight has moved yet.", now.epoch);
    }
    // The span of the values drawn (the chart's value axis encloses it).
    let (lo, hi) = p
        .points
        .iter()
        .flat_map(|m| m.tracked_weights.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(f64::from(v)), hi.max(f64::from(v)))
        });
    let flat_below = (hi - lo).max(f64::MIN_POSITIVE) * FLAT_SHARE;
    let mut shown: Vec<usize> = p.lines.iter().map(|&(l, _)| l).collect();
    shown.dedup();
    // "have not moved (flat)", "moved by up to 0.12 (moving)".
    let state = |l: usize| {
        let d = moved(start, now, l);
        let by = if d == 0.0 {
            "have not moved".to_string()
        } else {
            format!("moved by up to {}", mag(d))
        };
        let look = if d < flat_below { "flat" } else { "moving" };
        format!("{by} ({look})")
    };
    let flat = shown
        .iter()
        .filter(|&&l| moved(start, now, l) < flat_below)
        .count();
    format!(
        "Since epoch {}, layer 1's tracked weights {}; {}'s {}. At epoch {}, {flat} of the {} layers drawn are flat.",
        start.epoch,
        state(0),
        layer_words(p.layers - 1, p.layers),
        state(p.layers - 1),
        now.epoch,
        shown.len()
    )
}

/// The tracked weights as a table: a row per line the chart draws, a column per epoch
/// for at most `TABLE_EPOCHS` of its epochs.
pub fn weights_table(history: &History) -> Table {
    let p = plan(history);
    let points = pick(&p.points);
    let mut head = vec!["weight".to_string()];
    head.extend(points.iter().map(|m| format!("epoch {}", m.epoch)));
    let mut table = Table::new("Tracked weights' values, at epochs the chart draws", head);
    for &(l, k) in &p.lines {
        let mut row = vec![format!("{}, weight {}", layer_row(l, p.layers), k + 1)];
        row.extend(points.iter().map(|m| {
            m.tracked_weights
                .get(l)
                .and_then(|w| w.get(k))
                .map_or_else(String::new, |&v| num(f64::from(v)))
        }));
        table.rows.push(row);
    }
    table
}

/// The epochs the updates chart draws (epoch 0 has no update).
fn update_points(history: &History) -> Vec<&EpochMetrics> {
    sampled_points(history, MAX_LINE_POINTS)
        .into_iter()
        .filter(|m| m.epoch > 0)
        .collect()
}

/// The updates chart's summary: layer 1's and the output layer's update ratio at the
/// newest epoch, and how many orders of magnitude apart they are.
pub fn updates_summary(history: &History) -> String {
    let Some(m) = history.newest().filter(|m| m.epoch > 0) else {
        return "No updates yet: train an epoch.".into();
    };
    let u = &m.update_ratio;
    let layers = u.len();
    if layers == 0 {
        return "No layers.".into();
    }
    let (first, out) = (f64::from(u[0]), f64::from(u[layers - 1]));
    let mut text = format!(
        "At epoch {}, layer 1's weights moved by {} of their size in one epoch, the output layer's by {}",
        m.epoch,
        mag(first),
        mag(out)
    );
    if first > 0.0 && out > 0.0 && layers > 1 {
        text += &format!(
            ": layer 1's is {} the output layer's",
            orders_words((first / out).log10())
        );
    }
    text + "."
}

/// The updates chart as a table: a row per layer drawn, a column per epoch for at most
/// `TABLE_EPOCHS` of its epochs.
pub fn updates_table(history: &History) -> Table {
    let points = pick(&update_points(history));
    let layers = history.newest().map_or(0, |m| m.update_ratio.len());
    let mut head = vec!["layer".to_string()];
    head.extend(points.iter().map(|m| format!("epoch {}", m.epoch)));
    let mut table = Table::new(
        "Weight update per epoch relative to the weights, at epochs the chart draws",
        head,
    );
    for l in pick_evenly(layers, updates::MAX_LAYERS) {
        let mut row = vec![layer_row(l, layers)];
        row.extend(points.iter().map(|m| {
            m.update_ratio
                .get(l)
                .map_or_else(String::new, |&v| num(f64::from(v)))
        }));
        table.rows.push(row);
    }
    table
}

/// The share of a histogram's values in its middle bins (the two middle ones of an even
/// count: within one bin's width of the centre), and in its two outermost bins.
fn middle_and_ends(h: &Histogram) -> (f64, f64) {
    let bins = h.counts.len();
    let total = h.counts.iter().map(|&c| f64::from(c)).sum::<f64>().max(1.0);
    let count = |range: std::ops::Range<usize>| {
        h.counts[range].iter().map(|&c| f64::from(c)).sum::<f64>() / total
    };
    if bins < 2 {
        return (1.0, 1.0);
    }
    let middle = count((bins - 1) / 2..bins / 2 + 1);
    let ends = count(0..1) + count(bins - 1..bins);
    (middle, ends)
}

/// The distributions' summary: the share of layer 1's and the output layer's weight
/// gradients in the middle bins around 0 (a spike at 0 is a vanished gradient), and of
/// the first and last hidden layers' activations in the outermost bins (saturation).
pub fn distributions_summary(d: &Distributions) -> String {
    let layers = d.gradients.len();
    let (Some(g1), Some(go)) = (d.gradients.first(), d.gradients.last()) else {
        return "No distributions measured yet.".into();
    };
    let width = f64::from(g1.hi - g1.lo) / g1.counts.len().max(1) as f64;
    let mut text = format!(
        "At epoch {}, {} of layer 1's weight gradients lie within {} of 0, against {} of the output layer's.",
        d.epoch,
        percent(middle_and_ends(g1).0),
        mag(width),
        percent(middle_and_ends(go).0)
    );
    if let (Some(a1), Some(al)) = (d.activations.first(), d.activations.last()) {
        let last = d.activations.len() - 1;
        let and_last = if last > 0 {
            format!(
                " and {} of {}'s",
                percent(middle_and_ends(al).1),
                layer_words(last, layers)
            )
        } else {
            String::new()
        };
        text += &format!(
            " {} of layer 1's activations{and_last} lie in the outermost bins (near {} or {}).",
            percent(middle_and_ends(a1).1),
            num(f64::from(a1.lo)),
            num(f64::from(a1.hi))
        );
    }
    text
}

/// The distributions as a table: a row per layer drawn, its weight gradients' share
/// near 0 and its activations' share at the ends.
pub fn distributions_table(d: &Distributions) -> Table {
    let layers = d.gradients.len();
    let head = ["layer", "gradients near 0", "activations at the ends"]
        .map(String::from)
        .to_vec();
    let mut table = Table::new(
        format!(
            "Shares of each layer's values in the middle and outermost histogram bins, epoch {}",
            d.epoch
        ),
        head,
    );
    for l in pick_evenly(layers, crate::charts::distributions::MAX_LAYERS) {
        let share = |h: Option<&Histogram>, end: bool| {
            h.map_or_else(String::new, |h| {
                let (middle, ends) = middle_and_ends(h);
                percent(if end { ends } else { middle })
            })
        };
        table.rows.push(vec![
            layer_row(l, layers),
            share(d.gradients.get(l), false),
            share(d.activations.get(l), true),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_names_the_mean_share_and_the_worst_layer() {
        let m = EpochMetrics {
            epoch: 20,
            dead_fraction: vec![0.5, 0.25, 0.0],
            saturation: vec![0.1, 0.3, 0.0],
            ..EpochMetrics::default()
        };
        assert_eq!(
            health_summary(Some(&m), Activation::Relu),
            "At epoch 20, 37.5% of the hidden units (output 0 for every probe sample) are dead; the most in layer 1 (50.0%)."
        );
        assert_eq!(
            health_summary(Some(&m), Activation::Sigmoid),
            "At epoch 20, 20.0% of unit-sample pairs (slope under 5% of its largest) are saturated; the most in layer 2 (30.0%)."
        );
        assert_eq!(
            health_summary(Some(&m), Activation::Linear),
            "Linear units neither die nor saturate."
        );
        let t = health_table(Some(&m), Activation::Tanh);
        assert_eq!(t.head, ["hidden layer", "saturated (%)"]);
        assert_eq!(t.rows, [["layer 1", "10.0%"], ["layer 2", "30.0%"]]);
        let fine = EpochMetrics {
            dead_fraction: vec![0.0, 0.0],
            ..EpochMetrics::default()
        };
        assert_eq!(
            health_summary(Some(&fine), Activation::Relu),
            "At epoch 0, no hidden unit is dead."
        );
    }

    fn weights_history() -> History {
        let mut h = History::default();
        for epoch in 0..=10 {
            let e = epoch as f32;
            h.push(EpochMetrics {
                epoch,
                tracked_weights: vec![
                    vec![0.5, -0.5],
                    vec![0.2, 0.1 + 1e-9 * e],
                    vec![-0.3 + 0.02 * e],
                ],
                update_ratio: vec![1e-9, 1e-6, 2e-3],
                ..EpochMetrics::default()
            });
        }
        h
    }

    #[test]
    fn the_weights_summary_calls_layers_flat_or_moving() {
        let h = weights_history();
        assert_eq!(
            weights_summary(&h),
            "Since epoch 0, layer 1's tracked weights have not moved (flat); the output layer's moved by up to 0.20 (moving). At epoch 10, 2 of the 3 layers drawn are flat."
        );
        let t = weights_table(&h);
        assert_eq!(t.head.len(), 9);
        assert_eq!(t.rows.len(), 5);
        assert_eq!(t.rows[4][0], "output, weight 1");
        assert_eq!(t.rows[4][8], "-0.1000");
    }

    #[test]
    fn updates_compare_layer_1_with_the_output_layer() {
        let h = weights_history();
        assert_eq!(
            updates_summary(&h),
            "At epoch 10, layer 1's weights moved by 1.0e-9 of their size in one epoch, the output layer's by 2.0e-3: layer 1's is 6.3 orders of magnitude below the output layer's."
        );
        let t = updates_table(&h);
        assert_eq!(t.head[1], "epoch 1");
        assert_eq!(t.rows[0][1], "1.000e-9");
    }

    #[test]
    fn distributions_read_the_middle_and_outer_bins() {
        let h = |counts: Vec<u32>| Histogram {
            lo: -1.0,
            hi: 1.0,
            counts,
        };
        let mut spike = vec![0; 24];
        spike[11] = 60;
        spike[12] = 40;
        let mut wide = vec![1; 24];
        wide[0] = 26;
        let d = Distributions {
            epoch: 5,
            activations: vec![h(wide.clone())],
            gradients: vec![h(spike), h(wide)],
        };
        assert_eq!(
            distributions_summary(&d),
            "At epoch 5, 100.0% of layer 1's weight gradients lie within 0.083 of 0, against 4.1% of the output layer's. 55.1% of layer 1's activations lie in the outermost bins (near -1.000 or 1.000)."
        );
        let t = distributions_table(&d);
        assert_eq!(t.rows[0], ["layer 1", "100.0%", "55.1%"]);
        assert_eq!(t.rows[1], ["output", "4.1%", ""]);
    }
}
