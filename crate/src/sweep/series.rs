//! A series (one configuration's ratios over depth, with their spread) and a whole
//! sweep (what was asked and every series).

use super::stats::spread;
use crate::config::Config;
use serde::Serialize;

/// One curve: a configuration's ratios over depth. The vectors of values are empty
/// until every seed of the series is measured, then hold one entry per depth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepSeries {
    /// `CURRENT`, or the remedy id.
    pub id: String,
    /// The name shown in a legend.
    pub label: String,
    /// The configuration measured (at its own depth; each point changes only `depth`).
    pub config: Config,
    /// `config` as a canonical share-link query.
    pub query: String,
    /// Depths, increasing.
    pub depths: Vec<usize>,
    /// Per depth, one ratio per seed in the order of `Sweep::seeds`.
    pub ratios: Vec<Vec<f64>>,
    /// Per depth, the `spread` of its ratios.
    pub median: Vec<f64>,
    pub min: Vec<f64>,
    pub max: Vec<f64>,
    pub defined: Vec<usize>,
    /// What validation changed at some depth, each sentence once, as "depth D: ...".
    pub warnings: Vec<String>,
}

impl SweepSeries {
    pub(super) fn new(id: &str, label: &str, config: Config, depths: &[usize]) -> SweepSeries {
        SweepSeries {
            id: id.to_string(),
            label: label.to_string(),
            query: config.to_query(),
            config,
            depths: depths.to_vec(),
            ratios: Vec::new(),
            median: Vec::new(),
            min: Vec::new(),
            max: Vec::new(),
            defined: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// True once every depth has its values.
    pub fn is_complete(&self) -> bool {
        self.median.len() == self.depths.len()
    }

    /// Fill the values from every depth's ratios (one per seed).
    pub(super) fn complete(&mut self, ratios: Vec<Vec<f64>>) {
        for r in &ratios {
            let s = spread(r);
            self.median.push(s.median);
            self.min.push(s.min);
            self.max.push(s.max);
            self.defined.push(s.defined);
        }
        self.ratios = ratios;
    }
}

/// A whole sweep: what was asked and every series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sweep {
    /// The configuration as a canonical share-link query.
    pub query: String,
    pub seeds: Vec<u64>,
    pub series: Vec<SweepSeries>,
}
