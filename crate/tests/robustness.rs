//! Any valid configuration trains without panicking, and whatever happens (learning,
//! vanishing, exploding) no NaN or infinity reaches the history or the exports.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use vgp::config::{Activation, Config, DatasetKind, Init, OptimizerKind};
use vgp::runfile::{metrics_csv, to_json};
use vgp::train::Run;

fn any_config() -> impl Strategy<Value = Config> {
    let data = prop::sample::select(DatasetKind::ALL.to_vec());
    let act = prop::sample::select(Activation::ALL.to_vec());
    let init = prop::sample::select(Init::ALL.to_vec());
    let opt = prop::sample::select(OptimizerKind::ALL.to_vec());
    (
        (data, 10usize..80, 0.0f32..3.0, 0.05f32..0.9),
        (1usize..7, 1usize..9, act, 0.0f32..1.0, init, -3.0f32..2.0),
        (
            any::<bool>(),
            any::<bool>(),
            opt,
            -6.0f32..1.0,
            0.0f32..0.999,
            1usize..100,
            0.0f32..5.0,
            any::<u64>(),
        ),
    )
        .prop_map(
            |((data, n, noise, test), (depth, width, act, leak, init, log_scale), rest)| {
                let (bn, res, opt, log_lr, mom, batch, clip, seed) = rest;
                Config {
                    data,
                    n,
                    noise,
                    test,
                    depth,
                    width,
                    act,
                    leak,
                    init,
                    scale: 10f32.powf(log_scale),
                    bn,
                    res,
                    opt,
                    lr: 10f32.powf(log_lr),
                    mom,
                    batch,
                    clip,
                    epochs: 0,
                    seed,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_config_trains_and_stays_finite(config in any_config()) {
        let mut run = Run::new(config);
        for _ in 0..3 {
            if !run.step_epoch() {
                break;
            }
        }
        prop_assert!(run.history().points().all(|m| m.is_finite()));
        let layers = run.network().layers().len();
        if let Some(m) = run.history().newest() {
            prop_assert_eq!(m.grad_norm.len(), layers);
            prop_assert!(m.dead_fraction.iter().chain(&m.saturation).all(|v| (0.0..=1.0).contains(v)));
        } else {
            prop_assert_eq!(run.diverged().map(|d| d.epoch), Some(0));
        }
        let json = to_json(&run).expect("serializes");
        let value: serde_json::Value = serde_json::from_str(&json).expect("parses");
        let epochs = value["epochs"].as_array().expect("epochs array");
        // Accuracies are null exactly for regression, a share in [0, 1] otherwise; no
        // other value is ever null.
        let regression = run.data().task == vgp::data::Task::Regression;
        for e in epochs {
            for key in ["train_accuracy", "test_accuracy"] {
                let v = &e[key];
                if regression {
                    prop_assert!(v.is_null(), "{}: {}", key, v);
                } else {
                    prop_assert!(v.as_f64().is_some_and(|a| (0.0..=1.0).contains(&a)), "{}: {}", key, v);
                }
            }
            let mut rest = e.clone();
            rest["train_accuracy"] = serde_json::Value::from(0);
            rest["test_accuracy"] = serde_json::Value::from(0);
            prop_assert!(!rest.to_string().contains("null"), "{}", rest);
        }
        let csv = metrics_csv(&run);
        prop_assert!(!csv.contains("NaN") && !csv.contains("inf"));
    }
}
