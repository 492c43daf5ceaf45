//! The chain rule, measured: each hidden layer's backward gain (activation, batch
//! normalization, weights, skip path) from the probe's real backward pass. The stages
//! multiply to the layer's total gain, and the totals multiply to the measured ratio of
//! the backward signal at the first hidden layer's input and the output layer's input.

use vgp::config::parse_query;
use vgp::train::Run;

fn run(query: &str) -> Run {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    Run::new(config)
}

#[test]
fn gains_multiply_to_the_measured_ratio() {
    for query in [
        "data=moons",
        "data=moons&act=relu&init=he_normal",
        "data=moons&bn=1",
        "data=moons&res=1",
        "data=moons&bn=1&res=1&act=tanh&depth=6",
    ] {
        let r = run(query);
        let m = r.history().newest().expect("epoch 0");
        let gains = r.gains();
        assert_eq!(
            gains.len(),
            m.grad_norm.len() - 1,
            "{query}: one per hidden layer"
        );
        let mut product = 1.0_f64;
        for (l, g) in gains.iter().enumerate() {
            let stages = f64::from(g.activation)
                * f64::from(g.norm)
                * f64::from(g.weights)
                * f64::from(g.skip);
            let total = f64::from(g.total);
            assert!(
                (stages - total).abs() <= 1e-5 * total,
                "{query} layer {}: stages {stages:e}, total {total:e}",
                l + 1
            );
            // The total is the measured ratio of the signal at this layer's input and output.
            let measured = f64::from(m.act_grad_norm[l]) / f64::from(m.act_grad_norm[l + 1]);
            assert!(
                (total - measured).abs() <= 1e-5 * measured,
                "{query} layer {}",
                l + 1
            );
            product *= total;
        }
        let last = m.act_grad_norm.len() - 1;
        let first_to_last = f64::from(m.act_grad_norm[0]) / f64::from(m.act_grad_norm[last]);
        assert!(
            (product - first_to_last).abs() <= 1e-4 * first_to_last,
            "{query}: product {product:e}, measured {first_to_last:e}"
        );
        if !query.contains("bn=1") {
            assert!(
                gains.iter().all(|g| g.norm == 1.0),
                "{query}: no batch norm, no gain from it"
            );
        }
        if !query.contains("res=1") {
            assert!(
                gains.iter().all(|g| g.skip == 1.0),
                "{query}: no skip path, no gain from it"
            );
        }
    }
}

/// The seed's chain-rule picture: every sigmoid layer's slopes multiply the signal by
/// less than 0.25; a ReLU layer with He weights keeps it near 1.
#[test]
fn sigmoid_layers_shrink_the_signal_and_relu_layers_keep_it() {
    let sigmoid = run("data=moons");
    assert!(
        sigmoid.gains().iter().all(|g| g.activation < 0.25),
        "{:?}",
        sigmoid.gains()
    );
    let relu = run("data=moons&act=relu&init=he_normal");
    let totals: Vec<f32> = relu.gains().iter().map(|g| g.total).collect();
    assert!(
        totals.iter().all(|&t| (0.4..2.5).contains(&t)),
        "{totals:?}"
    );
}
