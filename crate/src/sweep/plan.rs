//! The sweep measured one point per step (`SweepPlan`), so that the page can
//! interleave it with other work, and `sweep` / `sweep_with_remedies`, which run a plan
//! to the end.

use super::measure::Measurement;
use super::series::{Sweep, SweepSeries};
use super::shared::{head_of, probe_on_deep, shares_forward, Head};
use super::stats::{hidden_ends, seeds_from};
use super::{SweepError, CURRENT, CURRENT_LABEL, MAX_SEEDS, REMEDIES};
use crate::config::{limits, Config};
use crate::nn::{NormMode, Workspace};
use crate::presets::apply_remedy;
use crate::train::{probe, probe_batch, Start};

/// The deepest network of one (series, seed), forward through the probe batch once.
/// Its first `d` hidden layers are those of the same configuration at depth `d`: the
/// weights are drawn layer by layer from one stream after the data, so a shallower
/// network's hidden weights are a prefix of a deeper one's, and a hidden layer's forward
/// pass depends only on the layers below it. Only the output layer (drawn right after
/// the last hidden layer) differs, and the backward pass, which starts there.
#[derive(Debug)]
struct Deep {
    series: usize,
    seed: u64,
    start: Start,
    ws: Workspace,
}

/// A sweep in progress. One `step` measures one depth of one seed of one series; the
/// steps go series by series, seed by seed, depth by depth (the forward pass of the
/// probe batch is shared by a seed's depths), and a series' values appear once all its
/// seeds are measured. A step's cost grows with its depth (a backward pass through it).
#[derive(Debug)]
pub struct SweepPlan {
    sweep: Sweep,
    depths: Vec<usize>,
    next: usize,
    /// The current series' ratios so far, [depth][seed].
    pending: Vec<Vec<f64>>,
    deep: Option<Deep>,
    head: Option<Head>,
    ws: Workspace,
    /// Points measured on the deepest network's forward pass (`shares_forward`), and
    /// how many times that network was built and run forward.
    shared_points: usize,
    deep_forwards: usize,
}

impl SweepPlan {
    /// Plan the sweep of `config` over `depths` (sorted, duplicates dropped) with `seeds`
    /// seeds from `config.seed`; with `remedies`, also of `config` changed by each of
    /// `REMEDIES` (`presets::apply_remedy`).
    pub fn new(
        config: &Config,
        depths: &[usize],
        seeds: usize,
        remedies: bool,
    ) -> Result<SweepPlan, SweepError> {
        let ids: &[(&str, &str)] = if remedies { &REMEDIES } else { &[] };
        Self::with_series(config, depths, seeds, ids)
    }

    /// Like `new`, with the series of the configuration as given followed by one per
    /// `(remedy id, label)`.
    pub fn with_series(
        config: &Config,
        depths: &[usize],
        seeds: usize,
        remedies: &[(&str, &str)],
    ) -> Result<SweepPlan, SweepError> {
        if config.data == crate::config::DatasetKind::Digits && !crate::data::digits_available() {
            return Err(SweepError::NoDigits);
        }
        let depths = crate::sorting::sorted_unique(depths.iter().copied());
        let (lo, hi) = limits::DEPTH;
        if let Some(&d) = depths.iter().find(|&&d| d < lo || d > hi) {
            return Err(SweepError::Depth(d));
        }
        if depths.is_empty() {
            return Err(SweepError::NoDepths);
        }
        if seeds == 0 || seeds > MAX_SEEDS {
            return Err(SweepError::Seeds(seeds));
        }
        let (config, _) = config.clone().validate();
        let mut series = vec![SweepSeries::new(
            CURRENT,
            CURRENT_LABEL,
            config.clone(),
            &depths,
        )];
        for (id, label) in remedies {
            let remedied =
                apply_remedy(&config, id).ok_or_else(|| SweepError::Remedy(id.to_string()))?;
            series.push(SweepSeries::new(id, label, remedied, &depths));
        }
        Ok(SweepPlan {
            sweep: Sweep {
                query: config.to_query(),
                seeds: seeds_from(config.seed, seeds),
                series,
            },
            depths,
            next: 0,
            pending: Vec::new(),
            deep: None,
            head: None,
            ws: Workspace::new(),
            shared_points: 0,
            deep_forwards: 0,
        })
    }

    /// Steps in the whole sweep: series × seeds × depths.
    pub fn steps(&self) -> usize {
        self.sweep.series.len() * self.sweep.seeds.len() * self.depths.len()
    }

    /// Steps done.
    pub fn done(&self) -> usize {
        self.next
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.steps()
    }

    /// How many points so far were measured on the deepest network's forward pass
    /// instead of a forward pass of their own: the shortcut that makes a seed's sweep
    /// cost about one forward pass of its deepest network (every point whose network is
    /// bit for bit a prefix of it, which validation keeps unless it shrinks a width).
    pub fn shared_points(&self) -> usize {
        self.shared_points
    }

    /// How many times so far the deepest network was built and run forward: once per
    /// series and seed, whatever the number of depths.
    pub fn deep_forwards(&self) -> usize {
        self.deep_forwards
    }

    /// The share of the work done, from 0 to 1: the steps weighted by their depth (a
    /// step's cost grows with it), so that a progress bar moves evenly.
    pub fn progress(&self) -> f64 {
        let per_seed: usize = self.depths.iter().sum();
        let total = per_seed * self.sweep.series.len() * self.sweep.seeds.len();
        let (cycles, k) = (self.next / self.depths.len(), self.next % self.depths.len());
        let done = cycles * per_seed + self.depths[..k].iter().sum::<usize>();
        if total == 0 {
            1.0
        } else {
            done as f64 / total as f64
        }
    }

    /// Measure the next point (one depth of one seed of one series); false if none was left.
    pub fn step(&mut self) -> bool {
        if self.is_done() {
            return false;
        }
        let (depths, seeds) = (self.depths.len(), self.sweep.seeds.len());
        let s = self.next / (seeds * depths);
        let j = self.next / depths % seeds;
        let k = self.next % depths;
        let (seed, depth) = (self.sweep.seeds[j], self.depths[k]);
        let config = &self.sweep.series[s].config;
        let deepest = self.depths[depths - 1];
        let deep = match self.deep.take() {
            Some(d) if d.series == s && d.seed == seed => d,
            other => {
                self.deep_forwards += 1;
                let mut start = Start::new(Config {
                    depth: deepest,
                    seed,
                    ..config.clone()
                });
                let mut ws = other.map(|d| d.ws).unwrap_or_default();
                start
                    .net
                    .forward(probe_batch(&start.data).0, NormMode::Probe, &mut ws);
                Deep {
                    series: s,
                    seed,
                    start,
                    ws,
                }
            }
        };
        let deep = self.deep.insert(deep);
        let mut start = Start::new(Config {
            depth,
            seed,
            ..config.clone()
        });
        if self.head.is_none() {
            self.head = head_of(&start.net, depth);
        }
        let (first, last) = match &mut self.head {
            Some(head) if shares_forward(&start, depth, &deep.start, &head.net) => {
                self.shared_points += 1;
                probe_on_deep(&start, depth, &mut deep.ws, head)
            }
            _ => hidden_ends(&probe(&mut start.net, &start.data, &mut self.ws)),
        };
        let m = Measurement::new(first, last, &start);
        let series = &mut self.sweep.series[s];
        for w in m.warnings {
            let line = format!("depth {depth}: {w}");
            if !series.warnings.contains(&line) {
                series.warnings.push(line);
            }
        }
        if j == 0 && k == 0 {
            self.pending = vec![Vec::with_capacity(seeds); depths];
        }
        self.pending[k].push(m.ratio);
        self.next += 1;
        if j + 1 == seeds && k + 1 == depths {
            series.complete(std::mem::take(&mut self.pending));
            self.deep = None;
            self.head = None;
        }
        true
    }

    /// The sweep so far.
    pub fn sweep(&self) -> &Sweep {
        &self.sweep
    }

    /// Do every remaining step and return the sweep.
    pub fn finish(mut self) -> Sweep {
        while self.step() {}
        self.sweep
    }
}

/// The sweep of `config` alone over `depths` with `seeds` seeds (see `SweepPlan::new`).
pub fn sweep(config: &Config, depths: &[usize], seeds: usize) -> Result<SweepSeries, SweepError> {
    let mut all = SweepPlan::new(config, depths, seeds, false)?
        .finish()
        .series;
    all.pop().ok_or(SweepError::NoDepths)
}

/// The sweep of `config` and of each of `REMEDIES` applied to it, in that order.
pub fn sweep_with_remedies(
    config: &Config,
    depths: &[usize],
    seeds: usize,
) -> Result<Vec<SweepSeries>, SweepError> {
    Ok(SweepPlan::new(config, depths, seeds, true)?.finish().series)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_refuse_what_they_cannot_measure() {
        let c = Config::default();
        assert_eq!(
            SweepPlan::new(&c, &[], 5, false).err(),
            Some(SweepError::NoDepths)
        );
        assert_eq!(
            SweepPlan::new(&c, &[3, 0], 5, false).err(),
            Some(SweepError::Depth(0))
        );
        assert_eq!(
            SweepPlan::new(&c, &[101], 5, false).err(),
            Some(SweepError::Depth(101))
        );
        assert_eq!(
            SweepPlan::new(&c, &[2], 0, false).err(),
            Some(SweepError::Seeds(0))
        );
        assert_eq!(
            SweepPlan::new(&c, &[2], MAX_SEEDS + 1, false).err(),
            Some(SweepError::Seeds(MAX_SEEDS + 1))
        );
        assert_eq!(
            SweepPlan::with_series(&c, &[2], 1, &[("no-such", "x")]).err(),
            Some(SweepError::Remedy("no-such".into()))
        );
        assert_eq!(
            SweepError::Depth(0).to_string(),
            "depth 0 is outside 1..100"
        );
        // The limits themselves are allowed.
        let edges = SweepPlan::new(&c, &[1, 100], MAX_SEEDS, true).expect("a plan");
        assert_eq!(edges.steps(), 4 * MAX_SEEDS * 2);
    }
}
