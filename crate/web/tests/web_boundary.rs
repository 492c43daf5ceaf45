//! The wasm boundary in a real browser: build a run from a query, step it, read its
//! metrics (the benchmark's `WasmRun`, so with the `bench` feature: scripts/test.sh's
//! test-wasm stage turns it on).
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

use vgp_web::WasmRun;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The run of `query` (none of these is of `digits`, so the constructor cannot refuse).
fn run_of(query: &str) -> WasmRun {
    WasmRun::new(query).unwrap_or_else(|_| panic!("{query} builds a run"))
}

#[wasm_bindgen_test]
fn a_run_steps_and_reports_metrics() {
    let mut run = run_of("depth=4&width=8&act=relu&init=he_normal&n=100&seed=3");
    assert_eq!(run.epoch(), 0);
    assert_eq!(run.step(5), 5);
    assert_eq!(run.epoch(), 5);
    assert!(run.diverged().is_none());
    let metrics = run.latest_metrics().expect("metrics serialize");
    let epoch = js_sys::Reflect::get(&metrics, &"epoch".into()).expect("has epoch");
    assert_eq!(epoch.as_f64(), Some(5.0));
    let grad_norm = js_sys::Reflect::get(&metrics, &"grad_norm".into()).expect("has grad_norm");
    let grad_norm = js_sys::Array::from(&grad_norm);
    assert_eq!(
        grad_norm.length(),
        5,
        "4 hidden layers and the output layer"
    );
    // The numbers crossing the boundary are the core's own, bit for bit.
    let (config, _) = vgp::config::parse_query(&run.query());
    let mut core = vgp::train::Run::new(config);
    for _ in 0..5 {
        assert!(core.step_epoch());
    }
    let want = &core.history().newest().expect("epoch 5").grad_norm;
    let got: Vec<f32> = grad_norm
        .iter()
        .map(|g| g.as_f64().expect("a number") as f32)
        .collect();
    assert_eq!(&got, want);
}

#[wasm_bindgen_test]
fn a_bad_query_warns_and_still_runs() {
    let mut run = run_of("depth=500&act=softsign&n=50");
    let warnings = run.warnings();
    assert!(warnings.iter().any(|w| w.contains("depth")), "{warnings:?}");
    assert!(warnings.iter().any(|w| w.contains("act")), "{warnings:?}");
    assert!(run.query().contains("depth=100"), "{}", run.query());
    assert_eq!(run.step(1), 1);
}

#[wasm_bindgen_test]
fn the_same_query_gives_bit_identical_numbers() {
    let query = "depth=3&width=6&data=moons&n=60&seed=9&opt=adam&lr=0.01";
    let mut a = run_of(query);
    let mut b = run_of(query);
    a.step(3);
    b.step(3);
    let grads = |r: &WasmRun| {
        let m = r.latest_metrics().expect("metrics");
        js_sys::Array::from(&js_sys::Reflect::get(&m, &"grad_norm".into()).expect("grad_norm"))
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN).to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(grads(&a), grads(&b));
}

/// Native and browser builds compute bit-identical numbers: this is the fingerprint
/// that crate/tests/training.rs pins for the same query natively.
#[wasm_bindgen_test]
fn the_browser_matches_the_native_fingerprint() {
    let mut run =
        run_of("depth=3&width=6&data=moons&n=60&seed=9&opt=adam&lr=0.01&bn=1&res=1&act=tanh");
    assert_eq!(run.step(3), 3);
    assert_eq!(run.fingerprint(), "62e182e96b3e9057");
}

/// The vectorized exp, sigmoid and tanh give the same bits in the browser as natively:
/// the fingerprint that crate/tests/fastmath.rs pins.
#[wasm_bindgen_test]
fn the_browser_computes_the_native_activation_bits() {
    use vgp::nn::fastmath::{sigmoid, tanh};
    let hash = vgp::nn::fastmath::bits_fingerprint();
    assert_eq!(format!("{hash:016x}"), "841a274c56e61e64");
    // And through the slice loops the activations use (vectorized in wasm32).
    let x: Vec<f32> = (0..1027).map(|i| (i as f32 - 513.0) * 0.037).collect();
    let mut out = vec![0.0; x.len()];
    vgp::nn::fastmath::sigmoid_slice(&x, &mut out);
    assert!(out
        .iter()
        .zip(&x)
        .all(|(o, &v)| o.to_bits() == sigmoid(v).to_bits()));
    vgp::nn::fastmath::tanh_slice(&x, &mut out);
    assert!(out
        .iter()
        .zip(&x)
        .all(|(o, &v)| o.to_bits() == tanh(v).to_bits()));
}

#[wasm_bindgen_test]
fn updates_cross_the_worker_boundary_bit_for_bit_even_when_not_finite() {
    use vgp::remote::wire::{decode, encode};
    use vgp::remote::{Message, Request, RunHost, Update};
    let (config, _) = vgp::config::parse_query("data=moons&act=relu&init=normal&scale=2");
    let mut host = RunHost::new(1, config);
    let clock = || 0.0;
    let mut update = host.handle(Request::StepEpoch, &clock);
    // What a diverging run can report: infinities and NaN must arrive as they left.
    update.epochs[0].grad_norm[0] = f32::INFINITY;
    update.epochs[0].train_loss = f32::NAN;
    update.epochs[0].test_loss = f32::NEG_INFINITY;
    update.epochs[0].grad_norm[1] = f32::from_bits(1); // the smallest subnormal
                                                       // As the worker sends it: the binary form, copied into a JavaScript Uint8Array and out.
    let through_js = |bytes: Vec<u8>| js_sys::Uint8Array::from(bytes.as_slice()).to_vec();
    let mut answer: Vec<Update> =
        decode(&through_js(encode(&vec![update.clone()]))).expect("decodes");
    assert_eq!(answer.len(), 1);
    let back = answer.remove(0);
    // Equal encodings: every field, every float's bits.
    assert_eq!(encode(&back), encode(&update));
    let bits = |u: &Update| -> Vec<u32> {
        u.epochs
            .iter()
            .flat_map(|m| {
                [m.train_loss, m.test_loss]
                    .into_iter()
                    .chain(m.grad_norm.iter().copied())
                    .chain(m.tracked_weights.iter().flatten().copied())
                    .map(f32::to_bits)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (b, u) = (bits(&back), bits(&update));
    let diff: Vec<_> = b
        .iter()
        .zip(&u)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| format!("{i}: {x:08x} vs {y:08x}"))
        .collect();
    assert!(diff.is_empty(), "{diff:?} of {}", u.len());
    let surface_bits = |u: &Update| -> Vec<u32> {
        u.surface
            .iter()
            .flat_map(|(_, v)| v.iter().map(|x| x.to_bits()))
            .collect()
    };
    assert!(!surface_bits(&update).is_empty());
    assert!(surface_bits(&back) == surface_bits(&update), "surface bits");
    assert_eq!(back.distributions, update.distributions);
    let request = Request::Live {
        config: vgp::config::parse_query("lr=0.037&clip=0.5").0,
    };
    let message = Message::To { slot: 1, request };
    let back: Message = decode(&through_js(encode(&message))).expect("decodes");
    assert_eq!(back, message);
}
