//! Every optimizer step of a run replayed by hand from docs/definitions.md: the rows of
//! each minibatch (a fresh seeded shuffle per epoch), the update rule with the settings
//! live at that moment (SGD, momentum, Adam, clipping), optimizer state kept across a
//! change of lr/mom/clip and reset by a change of optimizer, and batch norm's skipped
//! single-row minibatch. The gradient itself comes from the core's backward pass, which
//! `gradient_check.rs` and `replay.rs` verify; what is tested here is what the run does
//! with it, compared bit for bit.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use vgp::config::{parse_query, Config, OptimizerKind};
use vgp::data::{self, Dataset};
use vgp::nn::{linalg::norm, Network, NormMode, Workspace};
use vgp::train::Run;
use vgp::RunRng;

/// A run rebuilt outside `Run`: the same generator drawn in the documented order (data,
/// initial weights, then one shuffle per epoch), stepped by this file's own update rules.
struct Shadow {
    config: Config,
    data: Dataset,
    net: Network,
    rng: RunRng,
    ws: Workspace,
    /// Momentum's velocity or Adam's first moment; Adam's second moment; Adam's step count.
    first: Vec<f32>,
    second: Vec<f32>,
    adam_steps: i32,
    /// The optimizer kind the state above belongs to.
    state_kind: OptimizerKind,
}

impl Shadow {
    fn new(config: &Config) -> Shadow {
        let (config, _) = config.clone().validate();
        let mut rng = RunRng::seed_from_u64(config.seed);
        let data = data::generate(&config, &mut rng);
        let net = Network::new(&config, data.inputs, data.outputs(), &mut rng);
        let params = net.params.len();
        Shadow {
            state_kind: config.opt,
            config,
            data,
            net,
            rng,
            ws: Workspace::new(),
            first: vec![0.0; params],
            second: vec![0.0; params],
            adam_steps: 0,
        }
    }

    /// Live settings, as `Run::apply_live_settings` takes them.
    fn set(&mut self, opt: OptimizerKind, lr: f32, mom: f32, clip: f32) {
        self.config.opt = opt;
        self.config.lr = lr;
        self.config.mom = mom;
        self.config.clip = clip;
    }

    /// The mean-loss gradient at the current parameters on `rows` of the training split,
    /// with a training-mode forward pass (batch statistics; running statistics updated).
    fn gradient(&mut self, rows: &[usize]) -> Vec<f32> {
        let inputs = self.data.inputs;
        let train = &self.data.train;
        let x: Vec<f32> = rows
            .iter()
            .flat_map(|&r| train.row(r, inputs))
            .copied()
            .collect();
        let y: Vec<f32> = rows.iter().map(|&r| train.y[r]).collect();
        let outputs = self.net.outputs();
        self.net.forward(&x, NormMode::Train, &mut self.ws);
        self.ws.loss_and_gradient(self.data.task, &y, outputs);
        self.net.backward(&x, &mut self.ws);
        self.ws.grads.clone()
    }

    /// One optimizer step on `g`, written from docs/definitions.md. Returns the gradient
    /// norm before clipping.
    fn apply(&mut self, mut g: Vec<f32>) -> f32 {
        let Config {
            opt, lr, mom, clip, ..
        } = self.config;
        if opt != self.state_kind {
            // "Changing the optimizer kind resets its state."
            self.first.iter_mut().for_each(|v| *v = 0.0);
            self.second.iter_mut().for_each(|v| *v = 0.0);
            self.adam_steps = 0;
            self.state_kind = opt;
        }
        let total = norm(&g);
        if clip > 0.0 {
            let c = clip / (total + 1e-6);
            if c < 1.0 {
                g.iter_mut().for_each(|v| *v *= c);
            }
        }
        let p = &mut self.net.params;
        match opt {
            OptimizerKind::Sgd => {
                for (p, g) in p.iter_mut().zip(&g) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum => {
                for ((p, g), v) in p.iter_mut().zip(&g).zip(&mut self.first) {
                    *v = mom * *v + g;
                    *p -= lr * *v;
                }
            }
            OptimizerKind::Adam => {
                self.adam_steps += 1;
                let t = self.adam_steps;
                let step = (lr as f64 / (1.0 - 0.9_f64.powi(t))) as f32;
                let correction = (1.0 - 0.999_f64.powi(t)).sqrt() as f32;
                for (((p, g), m), s) in p
                    .iter_mut()
                    .zip(&g)
                    .zip(&mut self.first)
                    .zip(&mut self.second)
                {
                    // PyTorch's scalars: 1 - beta formed in f64, then used as f32.
                    *m += (1.0_f64 - 0.9) as f32 * (g - *m);
                    *s = 0.999_f32 * *s + (1.0_f64 - 0.999) as f32 * g * g;
                    *p -= step * *m / (s.sqrt() / correction + 1e-8);
                }
            }
        }
        total
    }

    /// One epoch: returns the gradient norm (before clipping) of every step taken.
    fn epoch(&mut self) -> Vec<f32> {
        let n = self.data.train.len();
        let batch = self.config.batch.clamp(1, n);
        let mut order: Vec<usize> = (0..n).collect();
        if batch < n {
            order.shuffle(&mut self.rng);
        }
        let mut norms = Vec::new();
        for rows in order.chunks(batch) {
            if self.config.bn && rows.len() == 1 && n > 1 {
                continue; // batch norm cannot normalize one sample: skipped
            }
            let g = self.gradient(rows);
            norms.push(self.apply(g));
        }
        norms
    }
}

fn config(query: &str) -> Config {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    config
}

/// Trains one epoch of `run` and of `shadow` and insists their parameters and
/// batch-norm running statistics are bit-identical.
fn step_both(run: &mut Run, shadow: &mut Shadow, what: &str) -> Vec<f32> {
    assert!(run.step_epoch(), "{what}: the run stopped");
    let norms = shadow.epoch();
    assert_same(run.network(), &shadow.net, what);
    norms
}

fn assert_same(core: &Network, shadow: &Network, what: &str) {
    let differ = core
        .params
        .iter()
        .zip(&shadow.params)
        .filter(|(a, b)| a.to_bits() != b.to_bits())
        .count();
    assert_eq!(
        differ,
        0,
        "{what}: {differ} of {} parameters differ from the hand-replayed step",
        core.params.len()
    );
    for (a, b) in core.running.iter().zip(&shadow.running) {
        assert_eq!(
            (&a.mean, &a.var),
            (&b.mean, &b.var),
            "{what}: running statistics"
        );
    }
}

fn live(run: &mut Run, shadow: &mut Shadow, opt: OptimizerKind, lr: f32, mom: f32, clip: f32) {
    run.apply_live_settings(&Config {
        opt,
        lr,
        mom,
        clip,
        ..run.config().clone()
    });
    shadow.set(opt, lr, mom, clip);
}

/// Minibatch SGD: each epoch takes its minibatches from a fresh seeded shuffle.
#[test]
fn minibatches_follow_a_fresh_shuffle_every_epoch() {
    // 48 training rows in minibatches of 10: five steps per epoch, the last of 8 rows.
    let c = config("data=moons&n=60&depth=2&width=6&act=tanh&batch=10&lr=0.3&seed=3");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    assert_same(run.network(), &shadow.net, "initial weights");
    for e in 1..=3 {
        let steps = step_both(&mut run, &mut shadow, &format!("epoch {e}")).len();
        assert_eq!(steps, 5);
    }
    // The same steps in the stored order (no shuffle) end elsewhere: the order matters.
    let mut unshuffled = Shadow::new(&Config {
        batch: 48,
        ..c.clone()
    });
    unshuffled.epoch();
    assert_ne!(run.network().params, unshuffled.net.params);
}

/// A learning rate changed between epochs reaches the very next step: p <- p - lr' g.
#[test]
fn a_live_learning_rate_change_reaches_the_next_step() {
    let c = config("data=xor&n=80&depth=2&width=5&act=sigmoid&batch=5000&lr=0.1");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    step_both(&mut run, &mut shadow, "epoch 1 at lr 0.1");
    let before = run.network().params.clone();
    live(&mut run, &mut shadow, OptimizerKind::Sgd, 2.5, 0.9, 0.0);
    step_both(&mut run, &mut shadow, "epoch 2 at lr 2.5");
    // The step is 25 times the size the old rate would have taken.
    let mut old_rate = Shadow::new(&c);
    old_rate.epoch();
    old_rate.epoch();
    let moved = |p: &[f32]| {
        p.iter()
            .zip(&before)
            .map(|(a, b)| ((a - b) as f64).powi(2))
            .sum::<f64>()
            .sqrt()
    };
    let ratio = moved(&run.network().params) / moved(&old_rate.net.params);
    assert!((ratio - 25.0).abs() < 0.1, "step ratio {ratio}");
}

/// Momentum's velocity survives a change of lr and mom, and is reset by a change of
/// optimizer (momentum -> sgd -> momentum starts again from v = g).
#[test]
fn momentum_state_survives_lr_changes_and_resets_with_the_optimizer() {
    let c =
        config("data=circle&n=80&depth=2&width=5&act=tanh&opt=momentum&mom=0.9&batch=5000&lr=0.05");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    step_both(&mut run, &mut shadow, "momentum epoch 1");
    step_both(&mut run, &mut shadow, "momentum epoch 2");
    live(
        &mut run,
        &mut shadow,
        OptimizerKind::Momentum,
        0.02,
        0.5,
        0.0,
    );
    step_both(
        &mut run,
        &mut shadow,
        "after lr 0.02, mom 0.5 (velocity kept)",
    );
    // A shadow that wrongly reset its velocity at the lr change takes another step.
    let mut reset = Shadow::new(&c);
    reset.epoch();
    reset.epoch();
    reset.first.iter_mut().for_each(|v| *v = 0.0);
    reset.set(OptimizerKind::Momentum, 0.02, 0.5, 0.0);
    reset.epoch();
    assert_ne!(run.network().params, reset.net.params);

    live(&mut run, &mut shadow, OptimizerKind::Sgd, 0.02, 0.5, 0.0);
    step_both(&mut run, &mut shadow, "sgd step");
    live(
        &mut run,
        &mut shadow,
        OptimizerKind::Momentum,
        0.02,
        0.5,
        0.0,
    );
    step_both(&mut run, &mut shadow, "momentum again, from v = 0");
}

/// Adam's moments and step count survive an lr change; switching to Adam starts it afresh.
#[test]
fn adam_state_survives_lr_changes_and_starts_fresh_after_a_switch() {
    let c = config("data=sine&n=60&depth=2&width=5&act=elu&opt=adam&lr=0.01&batch=16");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    step_both(&mut run, &mut shadow, "adam epoch 1");
    live(&mut run, &mut shadow, OptimizerKind::Adam, 0.003, 0.9, 0.0);
    step_both(&mut run, &mut shadow, "adam after an lr change");
    live(
        &mut run,
        &mut shadow,
        OptimizerKind::Momentum,
        0.003,
        0.9,
        0.0,
    );
    step_both(&mut run, &mut shadow, "momentum");
    live(&mut run, &mut shadow, OptimizerKind::Adam, 0.003, 0.9, 0.0);
    step_both(&mut run, &mut shadow, "adam from t = 1 again");
}

/// With clipping each step has norm at most lr * clip (exactly that when the gradient is
/// larger), and clipping switched on mid-run applies at once.
#[test]
fn clipping_bounds_every_step_to_lr_times_clip() {
    let c =
        config("data=sine&n=80&depth=3&width=8&act=relu&init=he_normal&lr=0.05&batch=16&clip=0.1");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    let (lr, clip) = (c.lr as f64, c.clip as f64);
    for e in 1..=3 {
        let before = run.network().params.clone();
        let norms = step_both(&mut run, &mut shadow, &format!("clipped epoch {e}"));
        assert!(
            norms.iter().all(|&n| n as f64 > 2.0 * clip),
            "the gradient norms {norms:?} should exceed the clip threshold for this test to mean anything"
        );
        // The epoch's total movement is at most one full-length step per minibatch.
        let moved = run
            .network()
            .params
            .iter()
            .zip(&before)
            .map(|(a, b)| ((a - b) as f64).powi(2))
            .sum::<f64>()
            .sqrt();
        assert!(
            moved <= norms.len() as f64 * lr * clip * (1.0 + 1e-4),
            "epoch {e} moved {moved:e} in {} steps",
            norms.len()
        );
    }
    // One full-batch step: the step's norm is exactly lr * clip.
    let c = config("data=sine&n=80&depth=3&width=8&act=relu&init=he_normal&lr=0.05&batch=5000");
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    step_both(&mut run, &mut shadow, "unclipped");
    live(&mut run, &mut shadow, OptimizerKind::Sgd, 0.05, 0.9, 0.1);
    let before = run.network().params.clone();
    let norms = step_both(&mut run, &mut shadow, "clipping switched on live");
    let step: Vec<f32> = run
        .network()
        .params
        .iter()
        .zip(&before)
        .map(|(a, b)| a - b)
        .collect();
    assert!(norms[0] as f64 > clip);
    let step_norm = norm(&step) as f64;
    assert!(
        (step_norm - lr * clip).abs() < 1e-3 * lr * clip,
        "step norm {step_norm:e}, lr * clip = {:e}",
        lr * clip
    );
}

/// Batch norm: a trailing minibatch of one row is skipped (PyTorch refuses to normalize
/// a single sample), while every other minibatch is trained on.
#[test]
fn batch_norm_skips_a_single_row_last_minibatch() {
    let probe = Shadow::new(&config("data=moons&n=50&depth=2&width=5&bn=1"));
    let n_train = probe.data.train.len();
    let query = format!(
        "data=moons&n=50&depth=2&width=5&bn=1&batch={}&lr=0.5",
        n_train - 1
    );
    let c = config(&query);
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    for e in 1..=3 {
        let steps = step_both(&mut run, &mut shadow, &format!("bn epoch {e}")).len();
        assert_eq!(
            steps,
            1,
            "one step of {} rows, the single row skipped",
            n_train - 1
        );
    }
    // Without batch norm the single row is trained on.
    let c = config(&query.replace("&bn=1", ""));
    let mut run = Run::new(c.clone());
    let mut shadow = Shadow::new(&c);
    let steps = step_both(&mut run, &mut shadow, "plain epoch").len();
    assert_eq!(steps, 2);
    // A training set of a single sample (10 samples, 90% held out) is still trained on.
    let c = config("data=gauss&n=10&test=0.9&depth=2&width=3&bn=1&lr=0.5");
    let mut run = Run::new(c.clone());
    assert_eq!(run.data().train.len(), 1);
    let before = run.network().params.clone();
    let mut shadow = Shadow::new(&c);
    let steps = step_both(&mut run, &mut shadow, "one-sample epoch").len();
    assert_eq!(steps, 1);
    assert_ne!(
        run.network().params,
        before,
        "the single sample was not trained on"
    );
    // A batch of one row leaves the running statistics where they started.
    for r in &run.network().running {
        assert!(
            r.mean.iter().all(|&m| m == 0.0) && r.var.iter().all(|&v| v == 1.0),
            "{r:?}"
        );
    }
}
