//! The README's "What to try" claims, at the magnitudes the text states, measured on the
//! page's default network (spiral data, 10 hidden layers of 16 units, sigmoid, Glorot,
//! SGD at lr 0.1, seed 1) with one setting changed at a time. If a number here moves,
//! the README's table must move with it.

use vgp::config::{parse_query, Config};
use vgp::metrics::EpochMetrics;
use vgp::train::Run;

/// The page's default configuration with `query` applied.
fn page(query: &str) -> Config {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    config
}

/// Epoch 0 (at initialization) and the epoch after `epochs` more.
fn measure(query: &str, epochs: usize) -> (EpochMetrics, EpochMetrics) {
    let mut run = Run::new(page(query));
    let start = run.history().newest().expect("epoch 0 is measured").clone();
    for _ in 0..epochs {
        assert!(run.step_epoch(), "{query}: stopped early");
    }
    let end = run.history().newest().expect("measured").clone();
    (start, end)
}

/// grad_norm of the first hidden layer over that of the last hidden layer.
fn first_to_last(m: &EpochMetrics) -> f32 {
    let last_hidden = m.grad_norm.len() - 2;
    m.grad_norm[0] / m.grad_norm[last_hidden]
}

/// The backward signal reaching the first hidden layer over the one reaching the last
/// hidden layer (act_grad_norm).
fn signal_ratio(m: &EpochMetrics) -> f32 {
    let last_hidden = m.act_grad_norm.len() - 2;
    m.act_grad_norm[0] / m.act_grad_norm[last_hidden]
}

/// Mean over the hidden layers.
fn mean_hidden(values: &[f32]) -> f32 {
    let hidden = &values[..values.len() - 1];
    hidden.iter().sum::<f32>() / hidden.len() as f32
}

fn within(what: &str, value: f32, lo: f32, hi: f32) {
    println!("{what}: {value:.3e}");
    assert!(
        value > lo && value < hi,
        "{what}: {value:.3e} outside ({lo:e}, {hi:e})"
    );
}

/// "the rows near the input stay dark (their gradient starts between a million and ten
/// million times smaller than the last hidden layer's), the loss stays at 0.69, and the
/// first layer's update ratio is millions of times smaller than the output layer's".
#[test]
fn the_default_network_vanishes() {
    let (start, end) = measure("", 100);
    within("default first/last", first_to_last(&start), 1e-7, 1e-6);
    // The loss stays near ln 2 = 0.693, chance for two classes.
    within("default train loss after 100", end.train_loss, 0.68, 0.70);
    // The input-side weights barely move: update ratio at layer 1 against the output.
    let ratios = &end.update_ratio;
    within(
        "default update ratio, first hidden over output",
        ratios[0] / ratios[ratios.len() - 1],
        1e-8,
        1e-5,
    );
}

/// "Hidden layers: 2 — first and last hidden layers within about a factor of 30
/// instead of millions".
#[test]
fn a_shallower_network_keeps_its_gradients_within_a_factor_of_about_30() {
    let (start, _) = measure("depth=2", 0);
    within("shallow first/last", first_to_last(&start), 1e-2, 1e-1);
}

/// "ReLU with He initialization: the first hidden layer's gradient is about a tenth of
/// the last's, the backward signal keeps its size, and the loss falls".
#[test]
fn relu_keeps_the_gradients_and_learns() {
    let (start, end) = measure("act=relu&init=he_normal", 100);
    within("relu first/last", first_to_last(&start), 3e-2, 3e-1);
    within("relu signal first/last", signal_ratio(&start), 0.5, 5.0);
    within(
        "relu loss after 100 over at 0",
        end.train_loss / start.train_loss,
        0.2,
        0.45,
    );
}

/// "with a high learning rate (1) ReLU units die (Layer health): about 40% of them after
/// 100 epochs; Leaky ReLU units do not".
#[test]
fn relu_units_die_at_lr_1_and_leaky_relu_units_do_not() {
    let (_, relu) = measure("act=relu&init=he_normal&lr=1", 100);
    let (_, leaky) = measure("act=leaky_relu&init=he_normal&lr=1", 100);
    within(
        "relu dead share at lr 1",
        mean_hidden(&relu.dead_fraction),
        0.3,
        0.55,
    );
    assert!(
        leaky.dead_fraction.iter().all(|&d| d == 0.0),
        "{:?}",
        leaky.dead_fraction
    );
}

/// "tanh with Glorot: the backward signal stays within an order of magnitude over ten
/// layers; normal with scale 0.05 makes it vanish (a factor of millions); with scale 1
/// close to half of the units' slopes are saturated".
#[test]
fn glorot_keeps_the_tanh_signal_within_an_order_of_magnitude() {
    let (glorot, _) = measure("act=tanh", 0);
    let (small, _) = measure("act=tanh&init=normal&scale=0.05", 0);
    let (large, _) = measure("act=tanh&init=normal&scale=1", 0);
    within("tanh glorot signal", signal_ratio(&glorot), 0.1, 10.0);
    within(
        "tanh glorot saturation",
        mean_hidden(&glorot.saturation),
        -1.0,
        0.05,
    );
    within("tanh N(0, 0.05) signal", signal_ratio(&small), 1e-8, 1e-6);
    within(
        "tanh N(0, 1) saturation",
        mean_hidden(&large.saturation),
        0.35,
        0.55,
    );
}

/// "Batch normalization: the first layer's gradient becomes as large as the last's, or
/// larger".
#[test]
fn batch_norm_makes_the_first_gradient_as_large_as_the_last() {
    let (start, end) = measure("bn=1", 100);
    within("bn first/last at 0", first_to_last(&start), 1.0, 20.0);
    within("bn first/last at 100", first_to_last(&end), 0.5, 20.0);
}

/// "Residual connections: about two orders of magnitude from first to last instead of
/// between six and seven".
#[test]
fn residual_connections_keep_the_gradient_within_two_orders_of_magnitude() {
    let (start, _) = measure("res=1", 0);
    within("residual first/last", first_to_last(&start), 3e-3, 5e-2);
}
