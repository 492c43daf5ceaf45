//! The seed's claims about vanishing gradients, as measured facts about this core
//! (width 32, 10 hidden layers unless stated, the same data and seed throughout).

use vgp::config::{Activation, Config, Init};
use vgp::train::Run;

fn base() -> Config {
    Config {
        width: 32,
        depth: 10,
        act: Activation::Sigmoid,
        init: Init::GlorotUniform,
        ..Config::default()
    }
}

/// grad_norm of the first hidden layer over that of the last hidden layer, at initialization.
fn first_to_last_ratio(config: Config) -> f32 {
    let run = Run::new(config);
    let m = run.history().newest().expect("epoch 0 is measured");
    let last_hidden = m.grad_norm.len() - 2;
    let ratio = m.grad_norm[0] / m.grad_norm[last_hidden];
    println!(
        "{:?}: {:?} -> ratio {ratio:.3e}",
        run.config().to_query(),
        m.grad_norm
    );
    ratio
}

#[test]
fn seed_claims() {
    let sigmoid = first_to_last_ratio(base());
    let shallow = first_to_last_ratio(Config { depth: 2, ..base() });
    let relu = first_to_last_ratio(Config {
        act: Activation::Relu,
        init: Init::HeNormal,
        ..base()
    });
    let bn = first_to_last_ratio(Config { bn: true, ..base() });
    let res = first_to_last_ratio(Config {
        res: true,
        ..base()
    });
    println!(
        "sigmoid {sigmoid:.3e} shallow {shallow:.3e} relu {relu:.3e} bn {bn:.3e} res {res:.3e}"
    );
    assert!(sigmoid < 1e-4);
    assert!(shallow > 1e-2);
    for (name, r) in [("relu", relu), ("bn", bn), ("res", res)] {
        assert!(
            r > 100.0 * sigmoid,
            "{name}: {r:.3e} vs sigmoid {sigmoid:.3e}"
        );
    }
}
