//! The `vgp-sweep/1` JSON of a sweep (docs/run-format.md).

use super::series::Sweep;
use super::FORMAT;
use serde::Serialize;

/// A number of the file: finite values as they are, +infinity and NaN as `null`.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

#[derive(Serialize)]
struct SeriesFile<'a> {
    id: &'a str,
    label: &'a str,
    query: &'a str,
    depths: &'a [usize],
    median: Vec<Option<f64>>,
    min: Vec<Option<f64>>,
    max: Vec<Option<f64>>,
    defined: &'a [usize],
    warnings: &'a [String],
}

#[derive(Serialize)]
struct SweepFile<'a> {
    format: &'static str,
    query: &'a str,
    seeds: &'a [u64],
    series: Vec<SeriesFile<'a>>,
}

impl Sweep {
    /// The `vgp-sweep/1` JSON (docs/run-format.md): the points measured so far.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let values = |v: &[f64]| v.iter().copied().map(finite).collect();
        let file = SweepFile {
            format: FORMAT,
            query: &self.query,
            seeds: &self.seeds,
            series: self
                .series
                .iter()
                .map(|s| SeriesFile {
                    id: &s.id,
                    label: &s.label,
                    query: &s.query,
                    depths: if s.is_complete() { &s.depths } else { &[] },
                    median: values(&s.median),
                    min: values(&s.min),
                    max: values(&s.max),
                    defined: &s.defined,
                    warnings: &s.warnings,
                })
                .collect(),
        };
        serde_json::to_string(&file)
    }
}
