//! Training behaviour: dying ReLU, divergence, determinism, epoch limits and live settings.

use vgp::config::{parse_query, Activation, Config, Init, OptimizerKind};
use vgp::train::Run;

fn run_for(query: &str, epochs: usize) -> Run {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut run = Run::new(config);
    for _ in 0..epochs {
        if !run.step_epoch() {
            break;
        }
    }
    run
}

fn mean_hidden(values: &[f32]) -> f32 {
    let hidden = &values[..values.len() - 1];
    hidden.iter().sum::<f32>() / hidden.len() as f32
}

/// Dying ReLU: with a learning rate this high, plain ReLU units switch off for good
/// (measured: a mean dead share of 0.48 over the hidden layers), while Leaky ReLU keeps
/// every unit alive under the same setup.
#[test]
fn relu_units_die_at_a_high_learning_rate_and_leaky_relu_units_do_not() {
    let setup = "depth=6&init=he_normal&lr=1";
    let relu = run_for(&format!("{setup}&act=relu"), 30);
    let leaky = run_for(&format!("{setup}&act=leaky_relu"), 30);
    let relu_dead = &relu.history().newest().expect("measured").dead_fraction;
    let leaky_dead = &leaky.history().newest().expect("measured").dead_fraction;
    let dead_at_start = relu
        .history()
        .first()
        .map_or(1.0, |m| mean_hidden(&m.dead_fraction));
    assert!(
        dead_at_start < 0.15,
        "mostly alive at the start: {dead_at_start}"
    );
    assert!(
        mean_hidden(relu_dead) > 0.25,
        "relu dead shares {relu_dead:?}"
    );
    assert!(
        leaky_dead.iter().all(|&d| d == 0.0),
        "leaky dead shares {leaky_dead:?}"
    );
}

/// A run whose loss overflows stops, says when and why, and keeps only finite history.
#[test]
fn divergence_stops_the_run_and_keeps_finite_history() {
    let mut run = run_for("data=sine&lr=10&act=relu&init=he_normal&depth=4", 20);
    let d = run.diverged().expect("this run diverges").clone();
    assert_eq!(d.epoch, 1);
    assert_eq!(d.reason, "the training loss became infinite on a minibatch");
    assert!(run.finished());
    assert!(!run.step_epoch(), "a diverged run does not train on");
    assert!(run.history().points().all(|m| m.is_finite()));
    assert_eq!(run.history().newest().map(|m| m.epoch), Some(0));
}

/// Gradients that underflow to exactly zero are data, not an error.
#[test]
fn fully_vanished_gradients_are_recorded_as_zero() {
    let run = run_for("depth=60&width=8&act=sigmoid&init=glorot_uniform", 0);
    let m = run.history().newest().expect("measured");
    assert!(run.diverged().is_none());
    assert_eq!(m.grad_norm[0], 0.0, "{:?}", &m.grad_norm[..5]);
    assert!(m.grad_norm[m.grad_norm.len() - 1] > 0.0);
}

/// The same config gives bit-identical numbers; this fingerprint is also asserted by the
/// wasm32 test in web_boundary.rs, so native and browser builds must agree bit for bit.
#[test]
fn runs_are_bit_identical_and_match_the_pinned_fingerprint() {
    let query = "depth=3&width=6&data=moons&n=60&seed=9&opt=adam&lr=0.01&bn=1&res=1&act=tanh";
    let a = run_for(query, 3);
    let b = run_for(query, 3);
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_eq!(format!("{:016x}", a.fingerprint()), PINNED_FINGERPRINT);
    let other_seed = run_for(&query.replace("seed=9", "seed=10"), 3);
    assert_ne!(a.fingerprint(), other_seed.fingerprint());
}

/// Fingerprint of the query above after 3 epochs (same constant in web_boundary.rs).
const PINNED_FINGERPRINT: &str = "62e182e96b3e9057";

#[test]
fn the_epoch_limit_stops_training() {
    let run = run_for("epochs=7&depth=2", 50);
    assert_eq!(run.epoch(), 7);
    assert!(run.finished());
}

/// Learning rate, optimizer, momentum and clipping change without a reset.
#[test]
fn live_settings_apply_without_resetting() {
    let mut run = run_for("depth=2", 3);
    let before = run.epoch();
    let live = Config {
        lr: 0.5,
        opt: OptimizerKind::Momentum,
        mom: 0.8,
        clip: 1.0,
        depth: 99,
        ..Config::default()
    };
    run.apply_live_settings(&live);
    assert_eq!(run.epoch(), before);
    assert_eq!(run.config().lr, 0.5);
    assert_eq!(run.config().opt, OptimizerKind::Momentum);
    assert_eq!(run.config().depth, 2, "architecture is not a live setting");
    assert!(run.step_epoch());
    assert_eq!(run.epoch(), before + 1);
}

/// The config's own activation and init reach the network (guards a mix-up between them).
#[test]
fn network_reflects_the_config() {
    let run = Run::new(Config {
        depth: 3,
        width: 5,
        act: Activation::Tanh,
        init: Init::Zeros,
        ..Config::default()
    });
    let layers = run.network().layers();
    assert_eq!(layers.len(), 4);
    assert!(layers[..3].iter().all(|l| l.activation == Activation::Tanh));
    let w = run.network().weights(1);
    assert_eq!(w.len(), 5 * 5, "layer 2's weights are 5 x 5");
    assert!(w.iter().all(|&w| w == 0.0));
    // The accessor reads the layer's own slice of the parameters.
    let glorot = Run::new(Config {
        depth: 3,
        width: 5,
        ..Config::default()
    });
    let net = glorot.network();
    let slot = &net.slots()[2];
    assert_eq!(net.weights(2), &net.params[slot.weights.clone()]);
    assert!(net.weights(2).iter().any(|&w| w != 0.0));
}

/// Training one minibatch at a time (as the page does, to keep frames short) performs
/// exactly the operations of whole epochs.
#[test]
fn minibatch_steps_equal_epoch_steps() {
    use vgp::train::Step;
    let query = "depth=3&width=6&n=70&batch=16&bn=1&seed=4";
    let by_epoch = run_for(query, 4);
    let mut by_batch = run_for(query, 0);
    let mut trained = 0;
    let mut epochs_done = 0;
    while epochs_done < 4 {
        match by_batch.step_minibatch() {
            Step::Working => trained += 1,
            Step::EpochDone => epochs_done += 1,
            Step::Finished => panic!("the run stopped early"),
        }
    }
    // 56 training samples in minibatches of 16 (4 steps), then one evaluation chunk of
    // the training split and one of the test split; the probe ends the epoch.
    assert_eq!(trained, 4 * 6);
    assert_eq!(by_batch.epoch(), 4);
    assert_eq!(by_batch.fingerprint(), by_epoch.fingerprint());
    // A minibatch step in the middle of an epoch does not count as an epoch.
    assert_eq!(by_batch.step_minibatch(), Step::Working);
    assert_eq!(by_batch.epoch(), 4);
    assert!(
        by_batch.step_epoch(),
        "step_epoch finishes the epoch in progress"
    );
    assert_eq!(by_batch.epoch(), 5);
}

/// Weights that start at exactly 0 have no size to compare a step with: their update
/// ratio is 0 (docs/definitions.md), not a division by zero that stops the run.
#[test]
fn update_ratio_of_zero_initial_weights_is_zero() {
    let run = run_for("init=zeros&depth=2&width=4&n=50", 2);
    assert!(run.diverged().is_none());
    let m = run.history().newest().expect("measured");
    assert_eq!(m.epoch, 2);
    assert!(m.is_finite());
    let at_1 = run.history().points().nth(1).expect("epoch 1").clone();
    // Epoch 1 compares with the all-zero initial weights.
    assert!(
        at_1.update_ratio.iter().all(|&r| r == 0.0),
        "{:?}",
        at_1.update_ratio
    );
    // The output layer's weights left 0 in epoch 1, so epoch 2 has a real ratio.
    assert!(m.update_ratio[2] > 0.0, "{:?}", m.update_ratio);
}

/// What validation changed is kept on the run.
#[test]
fn a_run_keeps_its_config_warnings() {
    let run = Run::new(Config {
        depth: 500,
        ..Config::default()
    });
    let warnings = run.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].key, "depth");
    assert_eq!(run.config().depth, 100);
    assert!(Run::new(Config::default()).warnings().is_empty());
}

/// `measured_epoch` is the newest recorded epoch: it lags `epoch` while an epoch's
/// measurement is under way.
#[test]
fn measured_epoch_follows_the_history() {
    use vgp::train::Step;
    let mut run = run_for("depth=2&n=100&batch=16", 3);
    assert_eq!((run.epoch(), run.measured_epoch()), (3, 3));
    // Train the fourth epoch's minibatches up to its measurement.
    while run.epoch() == 3 {
        assert_eq!(run.step_minibatch(), Step::Working);
    }
    assert_eq!((run.epoch(), run.measured_epoch()), (4, 3));
    while run.step_minibatch() != Step::EpochDone {}
    assert_eq!(run.measured_epoch(), 4);
}

/// Raising the epoch limit of a finished run lets it train on, to the new limit.
#[test]
fn the_epoch_limit_can_be_raised_live() {
    let mut run = run_for("epochs=3&depth=2&n=50", 10);
    assert_eq!(run.epoch(), 3);
    assert!(run.finished());
    run.set_epoch_limit(5);
    assert!(!run.finished());
    while run.step_epoch() {}
    assert_eq!((run.epoch(), run.measured_epoch()), (5, 5));
}

/// A run whose very first measurement overflows says which number did.
#[test]
fn divergence_at_the_first_measurement_names_the_training_loss() {
    let run = run_for("act=relu&init=normal&scale=100&depth=30", 0);
    let d = run.diverged().expect("diverges at epoch 0");
    assert_eq!(d.epoch, 0);
    assert_eq!(d.reason, "the training loss became NaN");
}
