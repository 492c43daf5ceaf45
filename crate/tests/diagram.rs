//! The Network panel's numbers (`Run::diagram`) against the run's own per-layer
//! measurements: each narrow layer's connection gradients are the probe's (their norm is
//! the layer's `grad_norm`), its relative updates have the layer's `update_ratio` as
//! their root mean square and are the weights' change since the previous recorded epoch,
//! its units' dead flags and saturated shares give the layer's `dead_fraction` and
//! `saturation`; wide layers and the output layer carry only what the panel needs.

use vgp::config::parse_query;
use vgp::diagram::FULL_UNITS;
use vgp::train::Run;

fn run(query: &str, epochs: usize) -> Run {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    let mut run = Run::new(config);
    for _ in 0..epochs {
        assert!(run.step_epoch(), "{query}: stopped early");
    }
    run
}

fn norm(v: &[f32]) -> f64 {
    v.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>().sqrt()
}

fn rms(v: &[f32]) -> f64 {
    norm(v) / (v.len().max(1) as f64).sqrt()
}

/// `a` and `b` agree to `tol` relative to the larger (or both are below 1e-30).
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()) || a.abs().max(b.abs()) < 1e-30
}

#[test]
fn connections_hold_the_probe_gradients_and_the_relative_updates_of_the_layer() {
    for query in [
        "data=moons",
        "data=moons&act=relu&init=he_normal",
        "data=moons&bn=1",
        "data=moons&res=1&depth=4",
        "data=xor&act=tanh&width=5&depth=3",
    ] {
        let mut r = run(query, 5);
        let before = r.network().params.clone();
        assert!(r.step_epoch());
        let m = r.history().newest().expect("recorded").clone();
        let d = r.diagram(None).expect("the newest epoch's probe");
        assert_eq!(d.epoch, m.epoch, "{query}");
        assert_eq!(d.layers.len(), m.grad_norm.len(), "{query}");
        for (l, (layer, slot)) in d.layers.iter().zip(r.network().slots()).enumerate() {
            assert!(
                layer.has_connections(),
                "{query}: layer {l} of {}x{} has none",
                layer.outputs,
                layer.inputs
            );
            let n = layer.inputs * layer.outputs;
            assert_eq!(
                (layer.weight.len(), layer.grad.len(), layer.update.len()),
                (n, n, n)
            );
            assert_eq!(
                layer.weight,
                r.network().params[slot.weights.clone()].to_vec()
            );
            // The gradient is the probe's, whose norm the heatmap shows.
            let g = norm(&layer.grad);
            assert!(
                close(g, f64::from(m.grad_norm[l]), 1e-5),
                "{query} layer {l}: |grad| {g} against grad_norm {}",
                m.grad_norm[l]
            );
            // The updates: |w - w_prev| / rms(w_prev), whose rms is the layer's update ratio.
            let old = &before[slot.weights.clone()];
            let scale = rms(old);
            for (k, ((&w, &o), &got)) in layer.weight.iter().zip(old).zip(&layer.update).enumerate()
            {
                let want = (f64::from(w) - f64::from(o)).abs() / scale;
                assert!(
                    close(f64::from(got), want, 1e-5),
                    "{query} layer {l} connection {k}"
                );
            }
            let u = rms(&layer.update);
            assert!(
                close(u, f64::from(m.update_ratio[l]), 1e-4),
                "{query} layer {l}: rms(update) {u} against update_ratio {}",
                m.update_ratio[l]
            );
        }
    }
}

#[test]
fn units_give_the_layers_dead_and_saturated_shares_and_slopes_in_range() {
    for (query, epochs) in [
        // A ReLU trap: dying units, and sigmoid layers that saturate.
        ("data=moons&act=relu&init=he_normal&lr=0.5", 40),
        ("data=moons&init=normal&scale=2", 3),
        ("data=moons&act=tanh", 10),
        ("data=moons&act=leaky_relu&init=he_normal", 5),
    ] {
        let mut r = run(query, epochs);
        let d = r.diagram(None).expect("the newest epoch's probe");
        let m = r.history().newest().expect("recorded");
        let act = r.config().act;
        let layers = &d.layers;
        let hidden = layers.len() - 1;
        let mut any_dead = false;
        for (l, layer) in layers.iter().enumerate().take(hidden) {
            let units = layer.outputs;
            assert_eq!(
                (layer.slope.len(), layer.dead.len(), layer.saturated.len()),
                (units, units, units),
                "{query} layer {l}"
            );
            let dead = layer.dead.iter().filter(|&&d| d).count() as f32 / units as f32;
            assert!(
                (dead - m.dead_fraction[l]).abs() < 1e-6,
                "{query} layer {l}: {dead} against {}",
                m.dead_fraction[l]
            );
            any_dead |= dead > 0.0;
            let saturated = layer.saturated.iter().sum::<f32>() / units as f32;
            assert!(
                (saturated - m.saturation[l]).abs() < 1e-5,
                "{query} layer {l}: {saturated} against {}",
                m.saturation[l]
            );
            let top = act.max_derivative().unwrap_or(1.0);
            for (k, &s) in layer.slope.iter().enumerate() {
                assert!(
                    s >= 0.0 && s <= top + 1e-6,
                    "{query} layer {l} unit {k}: slope {s}"
                );
                if layer.dead[k] {
                    assert_eq!(s, 0.0, "{query}: a dead unit with a slope");
                }
            }
        }
        if query.contains("lr=0.5") {
            assert!(any_dead, "{query}: the ReLU trap has no dead unit");
        }
        let out = &layers[hidden];
        assert!(
            out.slope.is_empty() && out.dead.is_empty() && out.saturated.is_empty(),
            "{query}: units on the output layer"
        );
    }
}

#[test]
fn wide_layers_carry_no_connections_or_units_and_epoch_0_no_update() {
    let mut r = run(&format!("data=moons&width={}&depth=3", FULL_UNITS + 1), 0);
    let d = r.diagram(None).expect("epoch 0's probe");
    assert_eq!(d.epoch, 0);
    let shapes: Vec<(usize, usize, bool, usize)> = d
        .layers
        .iter()
        .map(|l| (l.inputs, l.outputs, l.has_connections(), l.slope.len()))
        .collect();
    // 2 -> 17: 17 outputs is too wide; 17 -> 17 likewise; 17 -> 1 too (17 inputs).
    assert_eq!(
        shapes,
        vec![
            (2, 17, false, 0),
            (17, 17, false, 0),
            (17, 17, false, 0),
            (17, 1, false, 0)
        ]
    );
    let mut narrow = run(&format!("data=moons&width={FULL_UNITS}&depth=2"), 0);
    for layer in &narrow.diagram(None).expect("epoch 0's probe").layers {
        assert!(layer.has_connections());
        assert!(
            layer.update.iter().all(|&u| u == 0.0),
            "an update at epoch 0"
        );
    }
}

/// Between minibatches the numbers are always the newest recorded epoch's (its
/// gradient norms), also while the next epoch's measurement has replaced its probe (the
/// run takes the probe again on the recorded network), never those of the epoch still
/// being measured.
#[test]
fn the_numbers_are_always_those_of_the_newest_recorded_epoch() {
    // 2,000 rows: the measurement takes several slices, so many calls fall inside one.
    let (config, _) = vgp::config::parse_query("data=moons&n=2000&depth=3&width=6&bn=1");
    let mut r = Run::new(config);
    let mut calls = 0;
    while r.measured_epoch() < 4 {
        r.step_minibatch();
        let d = r.diagram(None).expect("numbers after epoch 0");
        let m = r.history().newest().expect("recorded");
        assert_eq!(d.epoch, m.epoch);
        for (l, layer) in d.layers.iter().enumerate() {
            let g = norm(&layer.grad);
            assert!(
                close(g, f64::from(m.grad_norm[l]), 1e-6),
                "epoch {} layer {l}: {g} against {}",
                m.epoch,
                m.grad_norm[l]
            );
        }
        calls += 1;
    }
    assert!(calls > 40, "{calls} calls");
}

/// A wide layer asked for (`detail`) carries every connection with the same numbers a
/// narrow layer's have: the probe's gradients (their norm the layer's `grad_norm`) and
/// the relative updates (their rms its `update_ratio`); no other wide layer does.
#[test]
fn a_wide_layer_asked_for_carries_every_connection() {
    let width = FULL_UNITS + 8;
    let mut r = run(
        &format!("data=moons&width={width}&depth=3&act=relu&init=he_normal"),
        3,
    );
    let m = r.history().newest().expect("recorded").clone();
    let d = r.diagram(Some(1)).expect("numbers");
    for (l, layer) in d.layers.iter().enumerate() {
        assert_eq!(layer.has_connections(), l == 1, "layer {l}");
    }
    let layer = &d.layers[1];
    assert_eq!(layer.weight.len(), width * width);
    let g = norm(&layer.grad);
    assert!(
        close(g, f64::from(m.grad_norm[1]), 1e-5),
        "{g} against {}",
        m.grad_norm[1]
    );
    let u = rms(&layer.update);
    assert!(
        close(u, f64::from(m.update_ratio[1]), 1e-4),
        "{u} against {}",
        m.update_ratio[1]
    );
    assert!(u > 0.0, "the layer moved");
    // Without the request the layer is a bundle again.
    assert!(!r.diagram(None).expect("numbers").layers[1].has_connections());
}
