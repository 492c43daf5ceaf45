//! The depth sweep in words and as a table: how fast the first-to-last hidden-layer
//! ratio falls with every added layer, for each series.

use super::{mag, Table};
use crate::numtext::fixed;
use crate::sweep::SweepSeries;

/// The ratio's change per added hidden layer, in orders of magnitude: between the first
/// and the last depth whose median is finite and positive, `(log10 m_last - log10
/// m_first) / (d_last - d_first)` (None with fewer than two such depths). On the log
/// axis it is the slope of the line from the first point to the last.
pub fn slope(s: &SweepSeries) -> Option<f64> {
    let mut defined = s
        .depths
        .iter()
        .zip(&s.median)
        .filter(|(_, &m)| m > 0.0 && m.is_finite());
    let (&d0, &m0) = defined.next()?;
    let (&d1, &m1) = defined.next_back()?;
    Some((m1.log10() - m0.log10()) / (d1 - d0) as f64)
}

/// A change per added layer under this many orders of magnitude reads as level.
pub const LEVEL: f64 = 0.1;

/// The sweep's summary: per series, the change of the ratio per added layer (`slope`;
/// level within `LEVEL`), and the median at the current depth.
pub fn sweep_summary(series: &[SweepSeries], depth: usize) -> String {
    let shown: Vec<&SweepSeries> = series.iter().filter(|s| s.is_complete()).collect();
    if shown.is_empty() {
        return "No sweep measured yet.".into();
    }
    let parts: Vec<String> = shown
        .iter()
        .map(|s| {
            let trend = match slope(s) {
                Some(k) if k <= -LEVEL => {
                    format!(
                        "falls by {} orders of magnitude per added layer",
                        fixed(-k, 2)
                    )
                }
                Some(k) if k >= LEVEL => {
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
    let depths = shown.first().map_or(&[][..], |s| &s.depths[..]);
    let rows = depths
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut row = vec![d.to_string()];
            for s in &shown {
                let at = |v: &[f64]| v.get(i).map_or_else(String::new, |&v| mag(v));
                row.push(format!(
                    "{} ({} to {})",
                    at(&s.median),
                    at(&s.min),
                    at(&s.max)
                ));
            }
            row
        })
        .collect();
    Table {
        caption: "First-to-last hidden-layer gradient ratio at initialization: median over the seeds (smallest to largest)".into(),
        head,
        rows,
    }
}
