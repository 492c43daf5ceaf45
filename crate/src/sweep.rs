//! The depth sweep ("the law of vanishing"): how the gradient ratio between the first
//! and the last hidden layer at initialization scales with depth, for one configuration
//! and for the remedies, measured exactly as a run measures its epoch 0.
//!
//! Why depth is the knob: on its way down, the backward signal is multiplied by every
//! hidden layer's Jacobian, `dL/dh_in = (dL/dh_out ⊙ f'(u)) W` (plus `dL/dh_out` itself
//! through a skip connection). The first hidden layer's gradient is the last one's times
//! the product of `depth − 1` such factors, so `log(ratio) ≈ (depth − 1) · log(g)` for a
//! typical gain `g` per layer: a straight line on a log axis, falling for `g < 1`. A
//! sigmoid's slope is at most 1/4, so unless the weights make up a factor of 4 every
//! layer costs at least 0.6 decades; with Glorot weights at width 32 the line falls by
//! about two thirds of a decade per layer. ReLU with He weights keeps `g ≈ 1`; batch
//! normalization rescales every layer's signal; a skip connection adds 1 to every
//! factor. Their lines stay flat.
//!
//! Every point is a run's own epoch-0 measurement (`train::Start` then `train::probe`,
//! the code `Run::new` runs) of the configuration with only `depth` changed, repeated
//! for the seeds `s, s+1, …, s+k−1` (`s` the configuration's seed) and summarized by
//! median, minimum and maximum. Three things a run also does at epoch 0 are left out,
//! none of which touches the two gradient norms: the full-split losses, the weight
//! gradients of the layers between the first and the last hidden one
//! (`Workspace::only_weight_gradients_of`), and a forward pass per depth: the weights
//! are drawn layer by layer, so a seed's shallower networks share the hidden layers of
//! its deepest one, whose forward pass is computed once (`SweepPlan`).
//! `crate/tests/sweep.rs` checks that every point equals a real run's, bit for bit.
//!
//! Pure: no clock, no threads, no I/O. `SweepPlan` measures one (series, seed, depth)
//! point per `step`, so a caller (the page, in a Web Worker) can interleave the work
//! with other tasks and report progress; `sweep` and `sweep_with_remedies` run a plan to
//! the end. Formats and definitions: docs/run-format.md ("The `vgp-sweep/1` depth
//! sweep").

use crate::config::{limits, Config};
use crate::nn::{Network, NormMode, Workspace};
use crate::presets::apply_remedy;
use crate::train::{probe, probe_backward, probe_batch, probe_grad_norm, Start};
use crate::RunRng;
use rand::SeedableRng;
use serde::Serialize;

/// The format name written into every sweep file.
pub const FORMAT: &str = "vgp-sweep/1";
/// Most seeds per point.
pub const MAX_SEEDS: usize = 100;
/// Id of the series of the configuration as given.
pub const CURRENT: &str = "current";
/// The remedies `--remedies` adds, as `presets::apply_remedy` ids, with their labels.
pub const REMEDIES: [(&str, &str); 3] = [
    ("relu-he", "with ReLU + He init"),
    ("batch-norm", "with batch norm"),
    ("residual", "with residual connections"),
];
const CURRENT_LABEL: &str = "current settings";

/// Why a sweep cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SweepError {
    /// No depth to measure.
    NoDepths,
    /// A depth outside the limits of `config::limits::DEPTH`.
    Depth(usize),
    /// A seed count outside `1..=MAX_SEEDS`.
    Seeds(usize),
    /// An id `presets::apply_remedy` does not know.
    Remedy(String),
}

impl std::fmt::Display for SweepError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (lo, hi) = limits::DEPTH;
        match self {
            SweepError::NoDepths => write!(f, "no depth to measure"),
            SweepError::Depth(d) => write!(f, "depth {d} is outside {lo}..{hi}"),
            SweepError::Seeds(n) => write!(f, "{n} seeds is outside 1..{MAX_SEEDS}"),
            SweepError::Remedy(id) => write!(f, "\"{id}\" is not a remedy"),
        }
    }
}

impl std::error::Error for SweepError {}

/// The first-to-last hidden-layer ratio of one measurement's `grad_norm` (one entry per
/// weight layer, the output layer last): `grad_norm[0] / grad_norm[L−2]` in f64 (exact
/// f32 inputs, so neither overflow nor underflow). Depth 1 has one hidden layer, which
/// is both first and last: its ratio is 1.
///
/// - 0 when the first hidden layer's gradient underflowed to exactly 0;
/// - +infinity when the last hidden layer's gradient is exactly 0 and the first's is
///   not (possible only around it, through skip connections);
/// - NaN (undefined) when both are 0, when a norm is not finite (the measurement
///   overflowed: a run would stop, diverged at epoch 0), or with no hidden layer.
pub fn first_to_last(grad_norm: &[f32]) -> f64 {
    let (first, last) = hidden_ends(grad_norm);
    ratio(first, last)
}

/// `first / last` as `first_to_last` defines it (0, +infinity and NaN included).
fn ratio(first: f32, last: f32) -> f64 {
    if !(first.is_finite() && last.is_finite()) || (first == 0.0 && last == 0.0) {
        return f64::NAN;
    }
    f64::from(first) / f64::from(last)
}

/// Median, minimum and maximum of a point's ratios, over the seeds whose ratio is
/// defined (not NaN), ordered 0 < finite < +infinity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    /// The middle value; for an even count the geometric mean of the two middle values
    /// (the midpoint on a log axis): 0 if the lower one is 0, +infinity if the upper one
    /// is and the lower is not 0.
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// How many seeds had a defined ratio; with none, all three values are NaN.
    pub defined: usize,
}

/// Summarize one point's ratios (see `Spread`).
pub fn spread(ratios: &[f64]) -> Spread {
    let mut sorted: Vec<f64> = ratios.iter().copied().filter(|r| !r.is_nan()).collect();
    crate::sorting::sort_by(&mut sorted, |a, b| a.total_cmp(b).is_lt());
    let n = sorted.len();
    let (Some(&min), Some(&max)) = (sorted.first(), sorted.last()) else {
        return Spread {
            median: f64::NAN,
            min: f64::NAN,
            max: f64::NAN,
            defined: 0,
        };
    };
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        let (a, b) = (sorted[n / 2 - 1], sorted[n / 2]);
        if a == 0.0 {
            0.0
        } else {
            // sqrt of each (exact in IEEE arithmetic) so the product cannot overflow.
            a.sqrt() * b.sqrt()
        }
    };
    Spread {
        median,
        min,
        max,
        defined: n,
    }
}

/// The seeds of a sweep of `count` seeds from `first`: `first, first+1, …` (wrapping
/// after `u64::MAX`).
pub fn seeds_from(first: u64, count: usize) -> Vec<u64> {
    (0..count as u64).map(|k| first.wrapping_add(k)).collect()
}

/// One measurement: `config` with `depth` hidden layers and `seed`, validated, at
/// initialization: a run's epoch-0 probe (`train::Start`, then `train::probe`). `ws` is
/// scratch space, reusable from one call to the next. (`SweepPlan` gets the same numbers
/// while sharing the forward pass between depths.)
pub fn measure(config: &Config, depth: usize, seed: u64, ws: &mut Workspace) -> Measurement {
    let mut start = Start::new(Config {
        depth,
        seed,
        ..config.clone()
    });
    let grad_norm = probe(&mut start.net, &start.data, ws);
    let (first, last) = hidden_ends(&grad_norm);
    Measurement::new(first, last, &start)
}

/// The first and the last hidden layer's entries of `grad_norm`, one entry per weight
/// layer (NaN where missing).
fn hidden_ends(grad_norm: &[f32]) -> (f32, f32) {
    match (grad_norm.first(), grad_norm.iter().rev().nth(1)) {
        (Some(&first), Some(&last)) => (first, last),
        _ => (f32::NAN, f32::NAN),
    }
}

/// What `measure` found.
#[derive(Clone, Debug, PartialEq)]
pub struct Measurement {
    /// `first / last` (see `first_to_last`).
    pub ratio: f64,
    /// `||dL/dW||` of the first and of the last hidden layer on the probe batch: a run's
    /// epoch-0 `grad_norm[0]` and `grad_norm[depth − 1]`.
    pub first: f32,
    pub last: f32,
    /// What validation changed at this depth (for example a width reduced to fit the
    /// parameter budget), as sentences.
    pub warnings: Vec<String>,
}

impl Measurement {
    fn new(first: f32, last: f32, start: &Start) -> Measurement {
        Measurement {
            ratio: ratio(first, last),
            first,
            last,
            warnings: start.warnings.iter().map(|w| w.to_string()).collect(),
        }
    }
}

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
    fn new(id: &str, label: &str, config: Config, depths: &[usize]) -> SweepSeries {
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
    fn complete(&mut self, ratios: Vec<Vec<f64>>) {
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

/// An output layer on its own (a network of no hidden layer), which computes a shallower
/// network's logits from the deep forward pass with the same code as `Network::forward`.
#[derive(Debug)]
struct Head {
    net: Network,
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

/// Whether the network of `shallow` (at `depth`) computes exactly the forward pass of
/// `deep`'s first `depth` hidden layers, and `head` its output layer: the same data,
/// layers, leak and hidden weights, bit for bit. False when validation changed
/// something between the depths (a width reduced to fit the parameter budget).
fn shares_forward(shallow: &Start, depth: usize, deep: &Start, head: &Network) -> bool {
    let (a, b) = (&shallow.net, &deep.net);
    let same = |x: &[f32], y: &[f32]| {
        x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits())
    };
    let (Some(output), Some(hidden_b)) = (a.slots().get(depth), b.layers().get(..depth)) else {
        return false;
    };
    let end = output.weights.start;
    let (xa, ya) = probe_batch(&shallow.data);
    let (xb, yb) = probe_batch(&deep.data);
    a.layers().len() == depth + 1
        && a.layers()[..depth] == *hidden_b
        && head.layers() == &a.layers()[depth..]
        && a.leak.to_bits() == b.leak.to_bits()
        && b.params.len() >= end
        && same(&a.params[..end], &b.params[..end])
        && shallow.data.task == deep.data.task
        && same(xa, xb)
        && same(ya, yb)
}

/// A network of `net`'s output layer alone (None if `net` has no layer at `depth`).
fn head_of(net: &Network, depth: usize) -> Option<Head> {
    let spec = net.layers().get(depth)?;
    let config = Config {
        depth: 0,
        ..Config::default()
    };
    // The weights drawn here are overwritten before every use.
    let mut rng = RunRng::seed_from_u64(0);
    Some(Head {
        net: Network::new(&config, spec.inputs, spec.outputs, &mut rng),
        ws: Workspace::new(),
    })
}

/// The first and last hidden layer's gradient norms of `shallow` (at `depth`) on the
/// deep forward pass in `deep_ws` (`train::probe_backward` computing only those two
/// layers' weight gradients, then `train::probe_grad_norm`): its first `depth` layers' buffers stand for the shallow
/// network's hidden layers, `head` computes the shallow output layer's logits from the
/// last of them, and after the backward pass everything is put back as it was.
fn probe_on_deep(
    shallow: &Start,
    depth: usize,
    deep_ws: &mut Workspace,
    head: &mut Head,
) -> (f32, f32) {
    let out = &shallow.net.slots()[depth];
    let (weights, bias) = (
        head.net.slots()[0].weights.clone(),
        head.net.slots()[0].bias.clone(),
    );
    head.net.params[weights].copy_from_slice(&shallow.net.params[out.weights.clone()]);
    head.net.params[bias].copy_from_slice(&shallow.net.params[out.bias.clone()]);
    let rows = deep_ws.rows;
    let width = head.net.inputs();
    head.net.forward(
        deep_ws.layers[depth - 1].output(rows * width),
        NormMode::Probe,
        &mut head.ws,
    );
    let deeper = deep_ws.layers.split_off(depth);
    deep_ws.layers.push(std::mem::take(&mut head.ws.layers[0]));
    deep_ws.only_weight_gradients_of = Some([0, depth - 1]);
    probe_backward(&shallow.net, &shallow.data, deep_ws);
    deep_ws.only_weight_gradients_of = None;
    let first = probe_grad_norm(&shallow.net, deep_ws, 0);
    let last = probe_grad_norm(&shallow.net, deep_ws, depth - 1);
    if let Some(logits) = deep_ws.layers.pop() {
        head.ws.layers[0] = logits;
    }
    deep_ws.layers.extend(deeper);
    (first, last)
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

/// Read a list of depths: comma-separated items, each a depth (`10`) or an inclusive
/// range (`1..30`), for example `1..10,15,20`. Returns them sorted without duplicates,
/// or what is wrong as a phrase (for example `"0" is below 1`).
pub fn parse_depths(text: &str) -> Result<Vec<usize>, String> {
    let (lo, hi) = limits::DEPTH;
    let number = |item: &str| -> Result<usize, String> {
        let d: usize = item
            .trim()
            .parse()
            .map_err(|_| format!("{:?} is not a whole number", item.trim()))?;
        if d < lo || d > hi {
            return Err(format!("depth {d} is outside {lo}..{hi}"));
        }
        Ok(d)
    };
    let mut depths = Vec::new();
    for item in text.split(',') {
        if item.trim().is_empty() {
            return Err("has an empty item".to_string());
        }
        match item.split_once("..") {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return Err(format!(
                        "the range {a}..{b} is empty (its start is above its end)"
                    ));
                }
                depths.extend(a..=b);
            }
            None => depths.push(number(item)?),
        }
    }
    Ok(crate::sorting::sorted_unique(depths))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_of_zero_infinite_and_missing_gradients() {
        assert_eq!(first_to_last(&[1e-6, 0.5, 9.0]), 1e-6_f32 as f64 / 0.5);
        assert_eq!(first_to_last(&[0.25, 3.0]), 1.0, "depth 1");
        assert_eq!(first_to_last(&[0.0, 0.5, 1.0]), 0.0);
        assert_eq!(first_to_last(&[0.5, 0.0, 1.0]), f64::INFINITY);
        assert!(first_to_last(&[0.0, 0.0, 1.0]).is_nan());
        assert!(first_to_last(&[f32::INFINITY, 1.0, 1.0]).is_nan());
        assert!(first_to_last(&[1.0, f32::NAN, 1.0]).is_nan());
        assert!(first_to_last(&[1.0]).is_nan(), "no hidden layer");
        assert!(first_to_last(&[]).is_nan());
        // Far beyond f32's range, still exact.
        let r = first_to_last(&[1e-30, 1e30, 1.0]);
        assert!((r / 1e-60 - 1.0).abs() < 1e-6, "{r:e}");
    }

    #[test]
    fn spreads_skip_undefined_seeds_and_order_zero_and_infinity() {
        let s = spread(&[3.0, 1.0, f64::NAN, 2.0, 100.0, 0.0]);
        assert_eq!((s.min, s.max, s.defined), (0.0, 100.0, 5));
        assert_eq!(s.median, 2.0);
        // Even counts: the geometric mean of the middle two.
        assert_eq!(spread(&[1.0, 100.0]).median, 10.0);
        assert_eq!(spread(&[0.0, 4.0]).median, 0.0);
        assert_eq!(spread(&[0.0, f64::INFINITY]).median, 0.0);
        assert_eq!(spread(&[4.0, f64::INFINITY]).median, f64::INFINITY);
        let inf = spread(&[f64::INFINITY, 1.0, f64::INFINITY]);
        assert_eq!((inf.median, inf.max), (f64::INFINITY, f64::INFINITY));
        let none = spread(&[f64::NAN, f64::NAN]);
        assert_eq!(none.defined, 0);
        assert!(none.median.is_nan() && none.min.is_nan() && none.max.is_nan());
        assert_eq!(spread(&[]).defined, 0);
        // Tiny and huge values multiply without underflow or overflow.
        let m = spread(&[1e-200, 1e-100]).median;
        assert!((m / 1e-150 - 1.0).abs() < 1e-9, "{m:e}");
    }

    #[test]
    fn depth_lists_and_ranges() {
        assert_eq!(parse_depths("1..5"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_depths("10,2,5,2"), Ok(vec![2, 5, 10]));
        assert_eq!(parse_depths(" 3 .. 4 , 7"), Ok(vec![3, 4, 7]));
        assert_eq!(parse_depths("1..3,2..4"), Ok(vec![1, 2, 3, 4]));
        assert_eq!(parse_depths("30..30"), Ok(vec![30]));
        for (bad, says) in [
            ("", "empty item"),
            ("1,,2", "empty item"),
            ("0..5", "depth 0 is outside 1..100"),
            ("1..101", "depth 101 is outside 1..100"),
            ("5..2", "range 5..2 is empty"),
            ("abc", "\"abc\" is not a whole number"),
            ("1..", "\"\" is not a whole number"),
            ("-3", "\"-3\" is not a whole number"),
            ("1...3", "\".3\" is not a whole number"),
        ] {
            let err = parse_depths(bad).expect_err(bad);
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn seeds_count_up_from_the_configured_one() {
        assert_eq!(seeds_from(7, 3), [7, 8, 9]);
        assert_eq!(seeds_from(u64::MAX, 2), [u64::MAX, 0]);
        assert!(seeds_from(1, 0).is_empty());
    }

    /// The plan's shortcut applies: a shallower network of the same configuration and
    /// seed computes a prefix of the deeper one's forward pass (also with batch norm and
    /// skip connections), and another seed or width does not.
    #[test]
    fn shallower_networks_share_the_deeper_forward_pass() {
        let base = Config {
            width: 8,
            n: 60,
            ..Config::default()
        };
        for (bn, res) in [(false, false), (true, true)] {
            let c = Config {
                bn,
                res,
                ..base.clone()
            };
            let deep = Start::new(Config {
                depth: 6,
                ..c.clone()
            });
            for d in 1..=6 {
                let shallow = Start::new(Config {
                    depth: d,
                    ..c.clone()
                });
                let head = head_of(&shallow.net, d).expect("an output layer");
                assert!(shares_forward(&shallow, d, &deep, &head.net), "depth {d}");
            }
        }
        let deep = Start::new(Config {
            depth: 6,
            ..base.clone()
        });
        for other in [
            Config {
                depth: 3,
                seed: 2,
                ..base.clone()
            },
            Config {
                depth: 3,
                width: 7,
                ..base.clone()
            },
        ] {
            let shallow = Start::new(other);
            let head = head_of(&shallow.net, 3).expect("an output layer");
            assert!(!shares_forward(&shallow, 3, &deep, &head.net));
        }
    }

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
