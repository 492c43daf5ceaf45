//! A training run: one config, its data, its network, its optimizer and its one
//! random stream, stepped an epoch at a time, measuring after every epoch.

mod evaluate;

use crate::config::{Config, ConfigWarning};
use crate::data::{self, Dataset};
use crate::diagram::{self, NetworkSnapshot};
use crate::history::History;
use crate::metrics::{self, Distributions, EpochMetrics, PROBE_ROWS};
use crate::nn::{Network, NormMode, Workspace};
use crate::optim::{Optimizer, OptimizerSettings};
use crate::RunRng;
use evaluate::{gather, Evaluation, Progress, EVAL_CHUNK};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::Serialize;

/// What one call of `Run::step_minibatch` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Trained a minibatch, or did a slice of the end-of-epoch measurement; the epoch goes on.
    Working,
    /// Finished measuring the epoch: its metrics are in the history.
    EpochDone,
    /// Nothing to do: the run diverged (now or before) or reached its epoch limit.
    Finished,
}

/// Why and when a run stopped on a non-finite number.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Divergence {
    /// The epoch that could not be completed.
    pub epoch: usize,
    pub reason: String,
}

/// One training run. Everything random comes from its own generator, seeded by
/// `config.seed`: the data, then the initial weights, then each epoch's shuffle.
pub struct Run {
    config: Config,
    warnings: Vec<ConfigWarning>,
    data: Dataset,
    net: Network,
    initial: Network,
    optimizer: Optimizer,
    rng: RunRng,
    epoch: usize,
    order: Vec<usize>,
    /// Where the epoch in progress goes on in `order` (None between epochs).
    next_row: Option<usize>,
    /// The end-of-epoch measurement in progress, if any.
    measuring: Option<Evaluation>,
    batch_x: Vec<f32>,
    batch_y: Vec<f32>,
    train_ws: Workspace,
    probe_ws: Workspace,
    eval_ws: Workspace,
    /// The network at the newest recorded epoch (for update ratios, and the final state after a divergence).
    recorded: Network,
    history: History,
    distributions: Distributions,
    /// Backward gains of each hidden layer at the newest epoch.
    gains: Vec<metrics::LayerGain>,
    /// True while `probe_ws` holds the probe of the newest recorded epoch (from its
    /// record until the next epoch's probe): the Network panel's numbers come from it.
    probe_is_recorded: bool,
    /// The weights at the recorded epoch before the newest (crate::diagram), and whether
    /// there is one (not before the second record).
    diagram_previous: Vec<Vec<f32>>,
    diagram_has_previous: bool,
    /// Where the diagram's probe is taken again when `probe_ws` has moved on.
    diagram_ws: Workspace,
    diverged: Option<Divergence>,
}

impl Run {
    /// Validate `config` (keeping its warnings), generate the data, initialize the
    /// network, and measure epoch 0.
    pub fn new(config: Config) -> Run {
        let Start {
            config,
            warnings,
            data,
            net,
            rng,
        } = Start::new(config);
        let optimizer = Optimizer::new(settings_of(&config), net.params.len());
        let mut run = Run {
            order: (0..data.train.len()).collect(),
            recorded: net.clone(),
            initial: net.clone(),
            config,
            warnings,
            data,
            net,
            optimizer,
            rng,
            epoch: 0,
            next_row: None,
            measuring: None,
            batch_x: Vec::new(),
            batch_y: Vec::new(),
            train_ws: Workspace::new(),
            probe_ws: Workspace::new(),
            eval_ws: Workspace::new(),
            history: History::default(),
            distributions: Distributions::default(),
            gains: Vec::new(),
            probe_is_recorded: false,
            diagram_previous: Vec::new(),
            diagram_has_previous: false,
            diagram_ws: Workspace::new(),
            diverged: None,
        };
        run.probe_ws.measure_gains = true;
        run.train_ws.params_only = true;
        while !run.measure_step() {}
        run
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What validation changed in the config given to `new`.
    pub fn warnings(&self) -> &[ConfigWarning] {
        &self.warnings
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The network at the newest recorded epoch: equal to `network()` except after a
    /// divergence, when it is the last state whose numbers were all finite.
    pub fn recorded_network(&self) -> &Network {
        &self.recorded
    }

    /// The network as it was before the first update.
    pub fn initial_network(&self) -> &Network {
        &self.initial
    }

    /// Epochs trained (the newest may still be being measured; see `measured_epoch`).
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// The newest epoch whose metrics are recorded: what the charts and exports show.
    pub fn measured_epoch(&self) -> usize {
        self.history.newest().map_or(0, |m| m.epoch)
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Activation and gradient histograms at the newest epoch.
    pub fn distributions(&self) -> &Distributions {
        &self.distributions
    }

    /// How much each hidden layer multiplies the backward signal, at the newest epoch.
    pub fn gains(&self) -> &[metrics::LayerGain] {
        &self.gains
    }

    /// The Network panel's numbers at the newest recorded epoch (crate::diagram), with
    /// every connection of layer `detail` as well, computed on demand from that epoch's
    /// probe: the one the run measured while it is still in its workspace, else the same
    /// probe again on the recorded network (the probe is deterministic, so the numbers
    /// are the same). None before any record.
    pub fn diagram(&mut self, detail: Option<usize>) -> Option<NetworkSnapshot> {
        let epoch = self.history.newest()?.epoch;
        let ws = if self.probe_is_recorded {
            &self.probe_ws
        } else {
            let (x, _) = probe_batch(&self.data);
            self.recorded
                .forward(x, NormMode::Probe, &mut self.diagram_ws);
            probe_backward(&self.recorded, &self.data, &mut self.diagram_ws);
            &self.diagram_ws
        };
        Some(diagram::snapshot(
            epoch,
            &self.recorded,
            ws,
            self.diagram_has_previous
                .then_some(self.diagram_previous.as_slice()),
            detail,
        ))
    }

    pub fn diverged(&self) -> Option<&Divergence> {
        self.diverged.as_ref()
    }

    /// Size of the probe batch.
    pub fn probe_size(&self) -> usize {
        self.data.train.len().min(PROBE_ROWS)
    }

    /// True when the run can train no further: diverged, or at its epoch limit.
    pub fn finished(&self) -> bool {
        let at_limit = self.config.epochs > 0 && self.epoch >= self.config.epochs;
        self.diverged.is_some() || (at_limit && self.measuring.is_none())
    }

    /// Change optimizer, learning rate, momentum or clipping without a reset.
    /// Only those four fields of `config` are read; they are validated first.
    pub fn apply_live_settings(&mut self, config: &Config) {
        let live = Config {
            opt: config.opt,
            lr: config.lr,
            mom: config.mom,
            clip: config.clip,
            ..self.config.clone()
        };
        let (live, _) = live.validate();
        self.optimizer.update_settings(settings_of(&live));
        self.config = live;
    }

    /// Change the epoch limit without a reset.
    pub fn set_epoch_limit(&mut self, epochs: usize) {
        self.config.epochs = epochs;
    }

    /// Train one epoch (or the rest of one begun by `step_minibatch`) and measure it.
    /// Returns false (and does nothing) if finished.
    pub fn step_epoch(&mut self) -> bool {
        loop {
            match self.step_minibatch() {
                Step::Working => continue,
                Step::EpochDone => return true,
                Step::Finished => return false,
            }
        }
    }

    /// Do the next short slice of work: one minibatch, or after the epoch's last one,
    /// one chunk of the epoch's measurement (its last slice records the metrics). The
    /// page uses this to keep each frame short however large the network. The sequence
    /// of operations is exactly that of `step_epoch`.
    pub fn step_minibatch(&mut self) -> Step {
        if self.finished() {
            return Step::Finished;
        }
        if self.measuring.is_some() {
            return match (self.measure_step(), self.diverged.is_some()) {
                (false, _) => Step::Working,
                (true, false) => Step::EpochDone,
                (true, true) => Step::Finished,
            };
        }
        let n = self.data.train.len();
        let batch = self.config.batch.clamp(1, n.max(1));
        let start = match self.next_row {
            Some(start) => start,
            None => {
                if batch < n {
                    // A fresh seeded shuffle every epoch.
                    for (i, slot) in self.order.iter_mut().enumerate() {
                        *slot = i;
                    }
                    self.order.shuffle(&mut self.rng);
                }
                0
            }
        };
        let end = (start + batch).min(n);
        self.next_row = Some(end);
        let rows = &self.order[start..end];
        // Batch norm cannot normalize a single sample (PyTorch refuses it): a trailing
        // minibatch of one is skipped for this epoch.
        if !(self.config.bn && rows.len() == 1 && n > 1) {
            gather(
                &self.data.train,
                self.data.inputs,
                rows,
                &mut self.batch_x,
                &mut self.batch_y,
            );
            let outputs = self.net.outputs();
            self.net
                .forward(&self.batch_x, NormMode::Train, &mut self.train_ws);
            let gradient = self
                .train_ws
                .loss_gradient(self.data.task, &self.batch_y, outputs);
            if let Err(loss) = gradient {
                self.diverge(format!(
                    "the training loss became {} on a minibatch",
                    describe(loss)
                ));
                return Step::Finished;
            }
            self.net.backward(&self.batch_x, &mut self.train_ws);
            if !all_finite(&self.train_ws.grads) {
                self.diverge("a gradient became infinite or NaN".to_string());
                return Step::Finished;
            }
            self.optimizer
                .step(&mut self.net.params, &mut self.train_ws.grads);
        }
        if end >= n {
            self.next_row = None;
            self.epoch += 1;
            self.measuring = Some(Evaluation::default());
        }
        Step::Working
    }

    fn diverge(&mut self, reason: String) {
        self.diverged = Some(Divergence {
            epoch: self.epoch + 1,
            reason,
        });
    }

    /// The next slice of the current epoch's measurement; true once the epoch is
    /// recorded (or the run marked diverged).
    fn measure_step(&mut self) -> bool {
        let mut evaluation = self.measuring.take().unwrap_or_default();
        if !evaluation.probed {
            self.probe_now();
            evaluation.probed = true;
        }
        // Without batch norm the probe's forward pass is the inference pass of the
        // training split's first rows (the same operations), so its logits serve the
        // first chunk of the loss evaluation.
        let outputs = self.net.outputs();
        let batch_norm = self.net.layers().iter().any(|s| s.batch_norm);
        let first_chunk = (!batch_norm)
            .then(|| self.probe_ws.logits(outputs))
            .flatten();
        let progress = evaluation.advance(
            &mut self.net,
            &self.data.train,
            &self.data.test,
            self.data.task,
            &mut self.eval_ws,
            first_chunk,
        );
        match progress {
            Progress::Working => {
                self.measuring = Some(evaluation);
                false
            }
            Progress::Done(train, test) => {
                self.record(train, test);
                true
            }
        }
    }

    /// The probe: forward with the probe's own batch statistics, then backward, at the
    /// current parameters (the operations of the free function `probe`, which the depth
    /// sweep uses); `record` reads its gradients and activations.
    fn probe_now(&mut self) {
        self.probe_is_recorded = false;
        let (x, _) = probe_batch(&self.data);
        self.net.forward(x, NormMode::Probe, &mut self.probe_ws);
        probe_backward(&self.net, &self.data, &mut self.probe_ws);
    }

    /// Record the current epoch with its losses and the probe's measurements, or mark
    /// the run diverged.
    fn record(
        &mut self,
        (train_loss, train_accuracy): (f32, Option<f32>),
        (test_loss, test_accuracy): (f32, Option<f32>),
    ) {
        // The probe batch went through the network at the start of the measurement
        // (`probe_now`), with the same parameters.
        let grad_norm: Vec<f32> = (0..self.net.layers().len())
            .map(|l| probe_grad_norm(&self.net, &self.probe_ws, l))
            .collect();
        let specs = self.net.layers();
        let (dead_fraction, saturation) = specs
            .iter()
            .enumerate()
            .map(|(l, spec)| {
                if l + 1 < specs.len() {
                    metrics::unit_health(spec, l, &self.probe_ws, self.net.leak)
                } else {
                    (0.0, 0.0)
                }
            })
            .unzip();
        let previous = (self.epoch > 0).then_some(self.recorded.params.as_slice());
        let (weight_norm, update_ratio, tracked_weights) =
            metrics::weight_measures(&self.net, previous);
        let m = EpochMetrics {
            epoch: self.epoch,
            train_loss,
            test_loss,
            train_accuracy,
            test_accuracy,
            grad_norm,
            act_grad_norm: self.probe_ws.input_grad_norm.clone(),
            weight_norm,
            update_ratio,
            dead_fraction,
            saturation,
            tracked_weights,
        };
        if !m.is_finite() {
            let reason = if !train_loss.is_finite() {
                format!("the training loss became {}", describe(train_loss))
            } else if !test_loss.is_finite() {
                format!("the test loss became {}", describe(test_loss))
            } else {
                "a measured gradient or weight became infinite or NaN".to_string()
            };
            self.diverged = Some(Divergence {
                epoch: self.epoch,
                reason,
            });
            return;
        }
        self.distributions = metrics::distributions(self.epoch, &self.net, &self.probe_ws);
        self.gains = metrics::gains(&self.probe_ws.backward_norms);
        self.history.push(m);
        // The diagram's previous weights are those of the epoch recorded until now.
        self.diagram_has_previous = self.epoch > 0;
        if self.diagram_has_previous {
            diagram::keep_weights(&self.recorded, &mut self.diagram_previous);
        }
        self.recorded.copy_state_from(&self.net);
        self.probe_is_recorded = true;
    }

    /// A 64-bit FNV-1a hash of the exact bits of every parameter, running statistic
    /// and recorded metric value: equal fingerprints mean bit-identical runs (used to
    /// check that native and wasm32 builds compute the same numbers).
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |v: f32| {
            for byte in v.to_bits().to_le_bytes() {
                hash = (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3);
            }
        };
        self.net.params.iter().copied().for_each(&mut eat);
        self.net
            .running
            .iter()
            .flat_map(|r| r.mean.iter().chain(&r.var))
            .copied()
            .for_each(&mut eat);
        for m in self.history.points() {
            [m.train_loss, m.test_loss].into_iter().for_each(&mut eat);
            m.grad_norm
                .iter()
                .chain(&m.act_grad_norm)
                .chain(&m.update_ratio)
                .copied()
                .for_each(&mut eat);
        }
        hash
    }

    /// The network's outputs for `x` [rows, inputs] in inference mode (for drawing predictions).
    pub fn predict(&mut self, x: &[f32]) -> Vec<f32> {
        let mut out = Vec::new();
        let inputs = self.data.inputs.max(1);
        for chunk in x.chunks(EVAL_CHUNK * inputs) {
            out.extend_from_slice(
                self.net
                    .forward(chunk, NormMode::Inference, &mut self.eval_ws),
            );
        }
        out
    }
}

/// What a run starts from, before anything is measured: the validated config and what
/// validation changed, the data, the initial network, and the generator after drawing
/// both (the data first, then the weights layer by layer). `Run::new` begins here, and
/// so does anything else that must see exactly a run's epoch 0 (`crate::sweep`).
#[derive(Clone, Debug)]
pub struct Start {
    pub config: Config,
    pub warnings: Vec<ConfigWarning>,
    pub data: Dataset,
    pub net: Network,
    pub rng: RunRng,
}

impl Start {
    /// Validate `config`, seed its generator, generate the data and initialize the network.
    pub fn new(config: Config) -> Start {
        let (config, warnings) = config.validate();
        let mut rng = RunRng::seed_from_u64(config.seed);
        let data = data::generate(&config, &mut rng);
        let net = Network::new(&config, data.inputs, data.outputs(), &mut rng);
        Start {
            config,
            warnings,
            data,
            net,
            rng,
        }
    }
}

/// The probe measurement of every recorded epoch (docs/definitions.md): the first
/// `min(PROBE_ROWS, n_train)` training rows forward with batch norm using their own
/// statistics (nothing is updated), the mean loss, and backward. Everything it computed
/// stays in `ws` (gradients, backward norms, activations); returns each weight layer's
/// `grad_norm[l] = ||dL/dW_l||`, input side first.
pub fn probe(net: &mut Network, data: &Dataset, ws: &mut Workspace) -> Vec<f32> {
    let (x, _) = probe_batch(data);
    net.forward(x, NormMode::Probe, ws);
    probe_gradients(net, data, ws)
}

/// The probe batch: its inputs [rows, inputs] and targets, the first
/// `min(PROBE_ROWS, n_train)` training rows.
pub fn probe_batch(data: &Dataset) -> (&[f32], &[f32]) {
    let rows = data.train.len().min(PROBE_ROWS);
    (&data.train.x[..rows * data.inputs], &data.train.y[..rows])
}

/// The second half of `probe`, once `ws` holds the forward pass of the probe batch: the
/// mean loss, backward, and the gradient norm of every weight layer.
pub fn probe_gradients(net: &Network, data: &Dataset, ws: &mut Workspace) -> Vec<f32> {
    probe_backward(net, data, ws);
    (0..net.layers().len())
        .map(|l| probe_grad_norm(net, ws, l))
        .collect()
}

/// The gradient of the probe batch's mean loss and the backward pass, once `ws` holds its
/// forward pass: the gradients are then in `ws.grads`.
pub fn probe_backward(net: &Network, data: &Dataset, ws: &mut Workspace) {
    let (x, y) = probe_batch(data);
    // Only the gradient is used: the recorded losses are those of whole splits. A loss
    // that is not finite shows there, and the gradients' check reports the rest.
    let _ = ws.loss_gradient(data.task, y, net.outputs());
    net.backward(x, ws);
}

/// `grad_norm[l] = ||dL/dW_l||` from the gradients in `ws`.
pub fn probe_grad_norm(net: &Network, ws: &Workspace, l: usize) -> f32 {
    crate::nn::linalg::norm(&ws.grads[net.slots()[l].weights.clone()])
}

fn settings_of(config: &Config) -> OptimizerSettings {
    OptimizerSettings {
        kind: config.opt,
        lr: config.lr,
        mom: config.mom,
        clip: config.clip,
    }
}

/// True when every value is finite. Without an early exit (divergence is rare), so the
/// loop runs four lanes at a time.
fn all_finite(values: &[f32]) -> bool {
    values.iter().fold(true, |all, v| all & v.is_finite())
}

fn describe(v: f32) -> &'static str {
    if v.is_nan() {
        "NaN"
    } else {
        "infinite"
    }
}

#[cfg(test)]
mod tests {
    use super::all_finite;

    /// One value that is not finite, wherever it is, fails the check.
    #[test]
    fn all_finite_finds_any_non_finite_value() {
        assert!(all_finite(&[]));
        assert!(all_finite(&[0.0, -1e-40, 3e38, -5.0]));
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            for at in 0..9 {
                let mut v = vec![1.5_f32; 9];
                v[at] = bad;
                assert!(!all_finite(&v), "{bad} at {at}");
            }
        }
    }
}
