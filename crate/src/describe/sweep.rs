//! The depth sweep in words and as a table: how fast the first-to-last hidden-layer
//! ratio falls with every added layer, for each series.

use super::{mag, Table};
use crate::numtext::fixed;
use crate::sweep::SweepSeries;

/// The least-squares slope of log10(median) against depth over the depths whose median
/// is finite and positive: orders of magnitude per added hidden layer (None with fewer
/// than two such depths).
pub fn slope(s: &SweepSeries) -> Option<f64> {
    let points: Vec<(f64, f64)> = s
        .depths
        .iter()
        .zip(&s.median)
        .filter(|(_, &m)| m > 0.0 && m.is_finite())
        .map(|(&d, &m)| (d as f64, m.log10()))
        .collect();
    let n = points.len() as f64;
    if points.len() < 2 {
        return None;
    }
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
    let (sxy, sxx) = points.iter().fold((0.0, 0.0), |(xy, xx), p| {
        (xy + (p.0 - mx) * (p.1 - my), xx + (p.0 - mx) * (p.0 - mx))
    });
    (sxx > 0.0).then(|| sxy / sxx)
}

/// The sweep's summary: per series, the fitted change of the ratio per added layer
/// (level within 0.05 orders), and the median at the current depth.
pub fn sweep_summary(series: &[SweepSeries], depth: usize) -> String {
    let shown: Vec<&SweepSeries> = series.iter().filter(|s| s.is_complete()).collect();
    if shown.is_empty() {
        return "No sweep measured yet.".into();
    }
    let parts: Vec<String> = shown
        .iter()
        .map(|s| {
            let trend = match slope(s) {
                Some(k) if k <= -0.05 => {
                    format!(
                        "falls by {} orders of magnitude per added layer",
                        fixed(-k, 2)
                    )
                }
                Some(k) if k >= 0.05 => {
                    format!(
                        "rises by {} orders of magnitude per added layer",
                        fixed(k, 2)
                    )
                }
                Some(_) => "stays level as layers are added".into(),
                None => "has too few defined values to tell".into(),
            };
            let here = s
                .depths
                .iter()
                .position(|&d| d == depth)
                .map_or_else(String::new, |i| {
                    format!(" (median {} at depth {depth})", mag(s.median[i]))
                });
            format!("{}: {trend}{here}", s.label)
        })
        .collect();
    format!(
        "The first-to-last hidden-layer ratio at initialization, {}.",
        parts.join("; ")
    )
}

/// The sweep as a table: a row per depth, a column per series with its median over the
/// seeds and their range, "median (min to max)".
pub fn sweep_table(series: &[SweepSeries]) -> Table {
    let shown: Vec<&SweepSeries> = series.iter().filter(|s| s.is_complete()).collect();
    let mut head = vec!["depth".to_string()];
    head.extend(shown.iter().map(|s| s.label.clone()));
    let mut table = Table::new(
        "First-to-last hidden-layer gradient ratio at initialization: median over the seeds (smallest to largest)",
        head,
    );
    let Some(first) = shown.first() else {
        return table;
    };
    for (i, d) in first.depths.iter().enumerate() {
        let mut row = vec![d.to_string()];
        row.extend(shown.iter().map(|s| {
            let at = |v: &[f64]| v.get(i).map_or_else(String::new, |&v| mag(v));
            format!("{} ({} to {})", at(&s.median), at(&s.min), at(&s.max))
        }));
        table.rows.push(row);
    }
    table
}
