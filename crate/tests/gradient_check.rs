//! Finite-difference checks of the backward pass: every activation x batch norm
//! off/on x residual off/on x each loss, for parameter gradients and for the
//! gradient reaching the input (what `act_grad_norm` measures).

use rand::{RngExt, SeedableRng};
use vgp::config::{Activation, Config, Init};
use vgp::data::Task;
use vgp::nn::loss::mean_loss;
use vgp::nn::{Network, NormMode, Workspace};
use vgp::RunRng;

struct Case {
    net: Network,
    x: Vec<f32>,
    y: Vec<f32>,
    task: Task,
}

fn case(act: Activation, bn: bool, res: bool, task: Task, seed: u64) -> Case {
    let (inputs, outputs) = match task {
        Task::Multiclass { classes } => (3, classes),
        _ => (3, 1),
    };
    let config = Config {
        depth: 3,
        width: 5,
        act,
        leak: 0.1,
        bn,
        res,
        init: Init::GlorotNormal,
        ..Config::default()
    };
    let mut rng = RunRng::seed_from_u64(seed);
    let mut net = Network::new(&config, inputs, outputs, &mut rng);
    // Non-trivial biases, gammas and betas so every parameter matters.
    for p in net.params.iter_mut() {
        *p += rng.random_range(-0.3..0.3);
    }
    let rows = 6;
    let x: Vec<f32> = (0..rows * inputs)
        .map(|_| rng.random_range(-1.5..1.5))
        .collect();
    let y: Vec<f32> = (0..rows)
        .map(|r| match task {
            Task::Binary => (r % 2) as f32,
            Task::Multiclass { classes } => (r % classes) as f32,
            Task::Regression => rng.random_range(-1.0..1.0),
        })
        .collect();
    Case { net, x, y, task }
}

/// Mean loss at the network's current parameters (batch statistics, nothing updated), in f64,
/// and the sign pattern of every hidden pre-activation (to spot a step across a kink).
fn loss_at(
    net: &mut Network,
    x: &[f32],
    y: &[f32],
    task: Task,
    ws: &mut Workspace,
) -> (f64, Vec<bool>) {
    let outputs = net.outputs();
    let logits = net.forward(x, NormMode::Probe, ws).to_vec();
    let hidden = &net.layers()[..net.layers().len() - 1];
    let signs = hidden
        .iter()
        .enumerate()
        .flat_map(|(l, s)| {
            ws.pre_activations(l, s.outputs, s.batch_norm)
                .iter()
                .map(|&u| u > 0.0)
        })
        .collect();
    (mean_loss(task, &logits, y, outputs, None) as f64, signs)
}

/// Analytic gradients: returns dL/dparams and ||dL/dx|| (the input's `act_grad_norm`).
fn analytic(c: &mut Case) -> (Vec<f32>, f32) {
    let mut ws = Workspace::new();
    let outputs = c.net.outputs();
    let logits = c.net.forward(&c.x, NormMode::Probe, &mut ws).to_vec();
    let rows = c.y.len();
    mean_loss(
        c.task,
        &logits,
        &c.y,
        outputs,
        Some(&mut ws.grad_logits[..rows * outputs]),
    );
    c.net.backward(&c.x, &mut ws);
    (ws.grads.clone(), ws.input_grad_norm[0])
}

fn assert_close(analytic: f64, numeric: f64, what: &str) {
    let scale = analytic.abs().max(numeric.abs());
    let err = (analytic - numeric).abs();
    assert!(
        err <= 1e-3 + 2e-2 * scale,
        "{what}: analytic {analytic:.6e} vs numeric {numeric:.6e}"
    );
}

fn check(act: Activation, bn: bool, res: bool, task: Task) {
    let label = format!("{act:?} bn={bn} res={res} {task:?}");
    let mut c = case(act, bn, res, task, 11);
    let (grads, input_norm) = analytic(&mut c);
    let mut ws = Workspace::new();
    let h = 1e-3_f32;
    let mut nonzero = 0;
    let mut across_kink = 0;
    for (i, &analytic_i) in grads.iter().enumerate() {
        let original = c.net.params[i];
        c.net.params[i] = original + h;
        let (plus, signs_plus) = loss_at(&mut c.net, &c.x, &c.y, c.task, &mut ws);
        c.net.params[i] = original - h;
        let (minus, signs_minus) = loss_at(&mut c.net, &c.x, &c.y, c.task, &mut ws);
        c.net.params[i] = original;
        // ReLU-like functions have a kink at 0: a difference quotient across it is
        // not a derivative, so such parameters are skipped (and counted).
        if signs_plus != signs_minus {
            across_kink += 1;
            continue;
        }
        let numeric = (plus - minus) / (2.0 * h as f64);
        assert_close(analytic_i as f64, numeric, &format!("{label} param {i}"));
        if analytic_i.abs() > 1e-4 {
            nonzero += 1;
        }
    }
    assert!(
        nonzero > c.net.params.len() / 3,
        "{label}: too few non-zero gradients ({nonzero})"
    );
    assert!(
        across_kink * 3 < c.net.params.len(),
        "{label}: {across_kink} steps crossed a kink"
    );
    // The gradient with respect to the input: compare its norm to the numeric one.
    let mut numeric_sq = 0.0;
    for i in 0..c.x.len() {
        let original = c.x[i];
        c.x[i] = original + h;
        let (plus, _) = loss_at(&mut c.net, &c.x, &c.y, c.task, &mut ws);
        c.x[i] = original - h;
        let (minus, _) = loss_at(&mut c.net, &c.x, &c.y, c.task, &mut ws);
        c.x[i] = original;
        numeric_sq += ((plus - minus) / (2.0 * h as f64)).powi(2);
    }
    assert_close(
        input_norm as f64,
        numeric_sq.sqrt(),
        &format!("{label} ||dL/dx||"),
    );
}

#[test]
fn every_activation_norm_residual_and_loss_matches_finite_differences() {
    let tasks = [
        Task::Binary,
        Task::Multiclass { classes: 3 },
        Task::Regression,
    ];
    for act in Activation::ALL {
        for bn in [false, true] {
            for res in [false, true] {
                for task in tasks {
                    check(act, bn, res, task);
                }
            }
        }
    }
}
