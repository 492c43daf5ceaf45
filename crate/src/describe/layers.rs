//! The per-layer charts in words and tables: layer health (dead or saturated units),
//! the tracked weights, the weight updates and the distributions.

use super::gradients::{first_to_output, layer_epoch_table};
use super::{epoch_heads, layer_rows, layer_words, mag, num, percent, pick, table, Table};
use crate::charts::weights_layout::plan;
use crate::charts::{sampled_points, MAX_LINE_POINTS};
use crate::config::Activation;
use crate::history::History;
use crate::metrics::{Distributions, EpochMetrics, Histogram};

/// A layer's tracked weights count as flat when none moved more than this share of the
/// span of every value the weights chart draws (a fraction of a pixel on the chart).
pub const FLAT_SHARE: f64 = 0.005;

/// What layer health shows for an activation: the hidden layers' dead units' shares
/// (the rectifier family) or saturated pairs' (sigmoid, tanh), and what they are; None
/// for linear units.
fn health_of(m: &EpochMetrics, act: Activation) -> Option<(&[f32], &'static str)> {
    let hidden = m.dead_fraction.len().saturating_sub(1);
    if act.can_die() {
        Some((&m.dead_fraction[..hidden], "dead"))
    } else if act.max_derivative().is_some() {
        Some((&m.saturation[..hidden.min(m.saturation.len())], "saturated"))
    } else {
        None
    }
}

/// Layer health's summary: the mean share over the hidden layers (every layer has the
/// same width, so it is the share of all units, or unit-sample pairs) and the layer with
/// the most, at the newest epoch.
pub fn health_summary(now: Option<&EpochMetrics>, act: Activation) -> String {
    let Some(m) = now else {
        return "No epochs measured yet.".into();
    };
    let Some((shares, what)) = health_of(m, act) else {
        return "Linear units neither die nor saturate.".into();
    };
    // The layer with the most (the first of equals: the input side).
    let mut worst = 0;
    for (l, &s) in shares.iter().enumerate() {
        if s > shares[worst] {
            worst = l;
        }
    }
    let mean = shares.iter().map(|&s| f64::from(s)).sum::<f64>() / shares.len().max(1) as f64;
    let most = shares.get(worst).copied().unwrap_or(0.0);
    if most <= 0.0 {
        return format!("At epoch {}, no hidden unit is {what}.", m.epoch);
    }
    let of = if what == "dead" {
        "the hidden units (output 0 for every probe sample)"
    } else {
        "unit-sample pairs (slope under 5% of its largest)"
    };
    format!(
        "At epoch {}, {} of {of} are {what}; the most in layer {} ({}).",
        m.epoch,
        percent(mean),
        worst + 1,
        percent(f64::from(most))
    )
}

/// Layer health as a table: a row per hidden layer, its share in percent at the newest
/// epoch.
pub fn health_table(now: Option<&EpochMetrics>, act: Activation) -> Table {
    let (shares, what) = now.and_then(|m| health_of(m, act)).unwrap_or((&[], "dead"));
    let rows = shares
        .iter()
        .enumerate()
        .map(|(l, &s)| (format!("layer {}", l + 1), vec![Some(100.0 * s)]))
        .collect();
    let head = vec!["hidden layer".into(), format!("{what} (%)")];
    table(
        "Share of dead or saturated units in each hidden layer, newest epoch",
        head,
        rows,
        num,
    )
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
/// moved since the first epoch, each called flat or moving (flat: less than
/// `FLAT_SHARE` of the span of every value the chart draws), and how many drawn layers
/// are flat.
pub fn weights_summary(history: &History) -> String {
    let p = plan(history);
    let (Some(&start), Some(&now)) = (p.points.first(), p.points.last()) else {
        return "No weights tracked yet.".into();
    };
    // The span of the values drawn (the chart's value axis encloses it).
    let (lo, hi) = p
        .points
        .iter()
        .flat_map(|m| m.tracked_weights.iter().flatten())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(f64::from(v)), hi.max(f64::from(v)))
        });
    let flat_below = (hi - lo) * FLAT_SHARE;
    let mut shown: Vec<usize> = p.lines.iter().map(|&(l, _)| l).collect();
    shown.dedup();
    let flat = shown
        .iter()
        .filter(|&&l| moved(start, now, l) <= flat_below)
        .count();
    // "have not moved (flat)", "moved by up to 0.12 (moving)".
    let state = |l: usize| {
        let d = moved(start, now, l);
        let by = if d == 0.0 {
            "have not moved".to_string()
        } else {
            format!("moved by up to {}", mag(d))
        };
        let look = if d <= flat_below { "flat" } else { "moving" };
        format!("{by} ({look})")
    };
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
    let rows = p
        .lines
        .iter()
        .map(|&(l, k)| {
            let name = format!("{}, weight {}", super::layer_row(l, p.layers), k + 1);
            let values = points
                .iter()
                .map(|m| m.tracked_weights.get(l)?.get(k).copied())
                .collect();
            (name, values)
        })
        .collect();
    let head = epoch_heads("weight", points.iter().map(|m| m.epoch));
    table(
        "Tracked weights' values, at epochs the chart draws",
        head,
        rows,
        num,
    )
}

/// The updates chart's summary: layer 1's and the output layer's update ratio at the
/// newest epoch, and how many orders of magnitude apart they are.
pub fn updates_summary(history: &History) -> String {
    let Some(m) = history.newest().filter(|m| m.epoch > 0) else {
        return "No updates yet: train an epoch.".into();
    };
    let (words, _) = first_to_output(&m.update_ratio, "relative weight update per epoch");
    format!("At epoch {}, {words}.", m.epoch)
}

/// The updates chart as a table: a row per layer, a column per epoch for at most
/// `TABLE_EPOCHS` of the epochs it draws (epoch 0 has no update).
pub fn updates_table(history: &History) -> Table {
    let points: Vec<&EpochMetrics> = sampled_points(history, MAX_LINE_POINTS)
        .into_iter()
        .filter(|m| m.epoch > 0)
        .collect();
    layer_epoch_table(
        "Weight update per epoch relative to the weights, at epochs the chart draws",
        &pick(&points),
        &[],
        |m| &m.update_ratio,
    )
}

/// The share of a histogram's values in its middle bins: the two middle ones of an even
/// count, within one bin's width of the centre.
fn near_zero(h: &Histogram) -> f32 {
    let bins = h.counts.len();
    let total: u32 = h.counts.iter().sum();
    let middle: u32 = h
        .counts
        .iter()
        .skip(bins.saturating_sub(1) / 2)
        .take(2 - bins % 2)
        .sum();
    middle as f32 / total.max(1) as f32
}

/// The distributions' summary: the share of layer 1's and the output layer's weight
/// gradients in the histograms' middle bins, around 0 (a vanished gradient is a spike
/// at 0 there, while the output layer's spreads).
pub fn distributions_summary(d: &Distributions) -> String {
    let (Some(g1), Some(go)) = (d.gradients.first(), d.gradients.last()) else {
        return "No distributions measured yet.".into();
    };
    let width = f64::from(g1.hi - g1.lo) / g1.counts.len().max(1) as f64;
    format!(
        "At epoch {}, {} of layer 1's weight gradients lie within {} of 0, against {} of the output layer's.",
        d.epoch,
        percent(f64::from(near_zero(g1))),
        mag(width),
        percent(f64::from(near_zero(go)))
    )
}

/// The distributions as a table: a row per layer, the share in percent of its weight
/// gradients in the middle bins.
pub fn distributions_table(d: &Distributions) -> Table {
    let width = d
        .gradients
        .first()
        .map_or(0.0, |h| (h.hi - h.lo) / h.counts.len().max(1) as f32);
    let rows = layer_rows(d.gradients.len())
        .into_iter()
        .zip(&d.gradients)
        .map(|(name, h)| (name, vec![Some(100.0 * near_zero(h))]))
        .collect();
    let head = vec![
        "layer".into(),
        format!("weight gradients within {} of 0 (%)", mag(f64::from(width))),
    ];
    table(
        format!("Weight gradients near 0 in each layer, epoch {}", d.epoch),
        head,
        rows,
        num,
    )
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
        assert_eq!(t.rows, [["layer 1", "10"], ["layer 2", "30.00"]]);
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
            "At epoch 10, layer 1's relative weight update per epoch (1.0e-9) is 6.3 orders of magnitude below the output layer's (2.0e-3)."
        );
        let t = updates_table(&h);
        assert_eq!(t.head[1], "epoch 1");
        assert_eq!(t.rows[0][1], "1.000e-9");
    }

    #[test]
    fn distributions_read_the_share_of_gradients_near_0() {
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
            "At epoch 5, 100.0% of layer 1's weight gradients lie within 0.083 of 0, against 4.1% of the output layer's."
        );
        let t = distributions_table(&d);
        assert_eq!(t.rows, [["layer 1", "100"], ["output", "4.082"]]);
        assert_eq!(near_zero(&h(vec![1, 2, 3])), 2.0 / 6.0);
    }
}
