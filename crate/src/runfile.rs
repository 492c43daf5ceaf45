//! The `vgp-run/1` JSON export of a run (documented in docs/run-format.md): the
//! configuration, the exact data, the initial and final parameters and every
//! recorded epoch's metrics, so another implementation can replay and compare.

use crate::data::{Split, Task};
use crate::history::History;
use crate::metrics::{Distributions, EpochMetrics};
use crate::nn::loss::loss_name;
use crate::nn::{LayerSpec, Network};
use crate::numtext::f32_text;
use crate::train::{Divergence, Run};
use serde::Serialize;

/// The format name written into every file.
pub const FORMAT: &str = "vgp-run/1";

/// One split, one row per sample.
#[derive(Serialize)]
pub struct SplitFile {
    pub x: Vec<Vec<f32>>,
    pub y: Vec<f32>,
}

/// Train and test splits in the order training and the probe use them.
#[derive(Serialize)]
pub struct DataFile {
    pub train: SplitFile,
    pub test: SplitFile,
}

/// One weight layer's parameters (and batch-norm state when it has batch norm).
#[derive(Serialize)]
pub struct LayerParams {
    #[serde(rename = "W")]
    pub w: Vec<Vec<f32>>,
    pub b: Vec<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gamma: Option<Vec<f32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beta: Option<Vec<f32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_mean: Option<Vec<f32>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_var: Option<Vec<f32>>,
}

/// The whole file.
#[derive(Serialize)]
pub struct RunFile<'a> {
    pub format: &'static str,
    pub query: String,
    pub task: &'static str,
    pub loss: &'static str,
    pub leak: f32,
    pub probe_size: usize,
    pub layers: &'a [LayerSpec],
    pub data: DataFile,
    pub initial: Vec<LayerParams>,
    #[serde(rename = "final")]
    pub final_params: Vec<LayerParams>,
    pub epochs: Vec<&'a EpochMetrics>,
    /// Activation and weight-gradient histograms at the newest recorded epoch.
    pub distributions: &'a Distributions,
    pub diverged: Option<&'a Divergence>,
    /// How much each hidden layer multiplies the backward signal, at the newest epoch.
    pub gains: &'a [crate::metrics::LayerGain],
    /// What is wrong with the run at its newest epoch (docs/diagnosis.md).
    pub diagnosis: Vec<crate::diagnosis::Finding>,
}

/// The task's name in the file.
pub fn task_name(task: Task) -> &'static str {
    match task {
        Task::Binary => "binary",
        Task::Multiclass { .. } => "multiclass",
        Task::Regression => "regression",
    }
}

fn split_file(split: &Split, inputs: usize) -> SplitFile {
    SplitFile {
        x: split.x.chunks(inputs.max(1)).map(<[f32]>::to_vec).collect(),
        y: split.y.clone(),
    }
}

fn layer_params(net: &Network) -> Vec<LayerParams> {
    net.layers()
        .iter()
        .zip(net.slots())
        .zip(&net.running)
        .map(|((spec, slot), running)| {
            let bn = |v: &[f32]| spec.batch_norm.then(|| v.to_vec());
            LayerParams {
                w: net.params[slot.weights.clone()]
                    .chunks(spec.inputs.max(1))
                    .map(<[f32]>::to_vec)
                    .collect(),
                b: net.params[slot.bias.clone()].to_vec(),
                gamma: bn(&net.params[slot.gamma.clone()]),
                beta: bn(&net.params[slot.beta.clone()]),
                running_mean: bn(&running.mean),
                running_var: bn(&running.var),
            }
        })
        .collect()
}

/// Describe `run` as a `vgp-run/1` document.
pub fn run_file(run: &Run) -> RunFile<'_> {
    let data = run.data();
    RunFile {
        format: FORMAT,
        query: run.config().to_query(),
        task: task_name(data.task),
        loss: loss_name(data.task),
        leak: run.config().leak,
        probe_size: run.probe_size(),
        layers: run.network().layers(),
        data: DataFile {
            train: split_file(&data.train, data.inputs),
            test: split_file(&data.test, data.inputs),
        },
        initial: layer_params(run.initial_network()),
        final_params: layer_params(run.recorded_network()),
        epochs: run.history().points().collect(),
        distributions: run.distributions(),
        diverged: run.diverged(),
        gains: run.gains(),
        diagnosis: crate::diagnosis::diagnose(run),
    }
}

/// The run as compact JSON text.
pub fn to_json(run: &Run) -> Result<String, serde_json::Error> {
    serde_json::to_string(&run_file(run))
}

/// The per-epoch metrics as CSV: one row per recorded epoch, per-layer values in
/// columns named `grad_norm_1`, `grad_norm_2`, ... (layer 1 = input side), then the
/// tracked weights' values, `tracked_weight_1_1` ... (layer, then weight; both from 1).
pub fn metrics_csv(run: &Run) -> String {
    metrics_csv_of(run.history(), run.network().layers().len())
}

/// [`metrics_csv`] from the measurements alone, for a network of `layers` layers.
pub fn metrics_csv_of(history: &History, layers: usize) -> String {
    let per_layer = [
        "grad_norm",
        "act_grad_norm",
        "weight_norm",
        "update_ratio",
        "dead_fraction",
        "saturation",
    ];
    let mut header = vec![
        "epoch".to_string(),
        "train_loss".into(),
        "test_loss".into(),
        "train_accuracy".into(),
        "test_accuracy".into(),
    ];
    for name in per_layer {
        header.extend((1..=layers).map(|l| format!("{name}_{l}")));
    }
    // The tracked weights: as many per layer as the run tracks (up to three; the same
    // at every epoch), `tracked_weight_L_K` = `tracked_weights[L - 1][K - 1]`.
    let tracked: Vec<usize> = (0..layers)
        .map(|l| {
            history
                .newest()
                .and_then(|m| m.tracked_weights.get(l))
                .map_or(0, Vec::len)
        })
        .collect();
    for (l, &count) in tracked.iter().enumerate() {
        header.extend((1..=count).map(|k| format!("tracked_weight_{}_{k}", l + 1)));
    }
    let mut out = header.join(",");
    out.push('\n');
    let opt = |v: Option<f32>| v.map_or(String::new(), f32_text);
    for m in history.points() {
        let mut row = vec![
            m.epoch.to_string(),
            f32_text(m.train_loss),
            f32_text(m.test_loss),
            opt(m.train_accuracy),
            opt(m.test_accuracy),
        ];
        for values in [
            &m.grad_norm,
            &m.act_grad_norm,
            &m.weight_norm,
            &m.update_ratio,
            &m.dead_fraction,
            &m.saturation,
        ] {
            row.extend(values.iter().map(|&v| f32_text(v)));
        }
        for (l, &count) in tracked.iter().enumerate() {
            let weights = m.tracked_weights.get(l);
            row.extend((0..count).map(|k| opt(weights.and_then(|w| w.get(k)).copied())));
        }
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
