//! The compute kernels against their plain forms, bit for bit: the matrix products and
//! the activation slices (which in wasm32 are hand-written f32x4 code; the narrow
//! products are f32x4 code natively too, SSE2), and whole runs of narrow networks
//! against pinned fingerprints. `scripts/test.sh test-wasm` runs
//! this file in headless Chromium too, so the wasm32 kernels are held to the same bits.

use vgp::nn::fastmath::{sigmoid, sigmoid_slice, tanh, tanh_slice};
use vgp::nn::linalg::{affine_forward, input_gradients, transpose, weight_gradients};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// `y += sum_j a[j] * m[j, :]` in the order every kernel follows: groups of four
/// coefficients summed left to right before they are added to y (a group whose
/// coefficients are all 0 is skipped), then the remaining coefficients one by one
/// (each skipped when 0).
fn plain_rows(a: &[f32], m: &[f32], y: &mut [f32]) {
    let width = y.len();
    let groups = a.len() / 4;
    for g in 0..groups {
        let c = &a[4 * g..4 * g + 4];
        if c.iter().all(|&v| v == 0.0) {
            continue;
        }
        let row = |j: usize| &m[(4 * g + j) * width..(4 * g + j + 1) * width];
        for (i, yi) in y.iter_mut().enumerate() {
            *yi += c[0] * row(0)[i] + c[1] * row(1)[i] + c[2] * row(2)[i] + c[3] * row(3)[i];
        }
    }
    for j in 4 * groups..a.len() {
        if a[j] != 0.0 {
            for (yi, &mi) in y.iter_mut().zip(&m[j * width..(j + 1) * width]) {
                *yi += a[j] * mi;
            }
        }
    }
}

/// `dw = dz^T x`, `db` = column sums of dz: samples in groups of four (a group whose
/// four dz values of an output are all 0 is skipped for that output), then one by one.
fn plain_weight_gradients(dz: &[f32], x: &[f32], inputs: usize, dw: &mut [f32], db: &mut [f32]) {
    let outputs = db.len();
    let rows = dz.len() / outputs;
    dw.fill(0.0);
    db.fill(0.0);
    for o in 0..outputs {
        let g = |r: usize| dz[r * outputs + o];
        let x_row = |r: usize| &x[r * inputs..(r + 1) * inputs];
        let dw_row = &mut dw[o * inputs..(o + 1) * inputs];
        for r0 in (0..rows / 4 * 4).step_by(4) {
            let c = [g(r0), g(r0 + 1), g(r0 + 2), g(r0 + 3)];
            if c.iter().all(|&v| v == 0.0) {
                continue;
            }
            for (k, d) in dw_row.iter_mut().enumerate() {
                *d += c[0] * x_row(r0)[k]
                    + c[1] * x_row(r0 + 1)[k]
                    + c[2] * x_row(r0 + 2)[k]
                    + c[3] * x_row(r0 + 3)[k];
            }
            db[o] += c[0] + c[1] + c[2] + c[3];
        }
        for r in rows / 4 * 4..rows {
            if g(r) != 0.0 {
                for (d, &xv) in dw_row.iter_mut().zip(x_row(r)) {
                    *d += g(r) * xv;
                }
                db[o] += g(r);
            }
        }
    }
}

/// Values with exact zeros in patterns that make some rows skip a group of four and
/// others not, signed zeros, whole zero rows, and signs of both kinds.
fn values(len: usize, seed: u32) -> Vec<f32> {
    (0..len)
        .map(|i| {
            let h = (i as u32)
                .wrapping_mul(2_654_435_761)
                .wrapping_add(seed.wrapping_mul(40_503));
            if h % 5 < 2 || (i / 7) % 4 == seed as usize % 4 {
                if h.is_multiple_of(3) {
                    -0.0
                } else {
                    0.0
                }
            } else {
                ((h >> 8) % 2001) as f32 / 1000.0 - 1.0
            }
        })
        .collect()
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn products_give_the_plain_bits() {
    for rows in [0, 1, 2, 3, 4, 5, 7, 10, 13, 32, 33] {
        for inputs in [1, 2, 3, 4, 5, 7, 8, 9, 12, 16, 17, 20, 33] {
            for outputs in [1, 2, 3, 4, 5, 8, 11, 12, 16, 17, 24, 32] {
                let seed = (rows * 131 + inputs * 17 + outputs) as u32;
                let x = values(rows * inputs, seed);
                let w = values(outputs * inputs, seed + 1);
                let b = values(outputs, seed + 2);
                let dz = values(rows * outputs, seed + 3);
                let shape = format!("{rows}x{inputs}x{outputs}");
                let mut w_t = vec![0.0; outputs * inputs];
                transpose(&w, outputs, inputs, &mut w_t);
                let mut z = vec![7.0; rows * outputs];
                affine_forward(&x, &w_t, &b, inputs, &mut z);
                let mut z_plain = vec![0.0; rows * outputs];
                for r in 0..rows {
                    let z_row = &mut z_plain[r * outputs..(r + 1) * outputs];
                    z_row.copy_from_slice(&b);
                    plain_rows(&x[r * inputs..(r + 1) * inputs], &w_t, z_row);
                }
                assert_eq!(bits(&z), bits(&z_plain), "forward {shape}");
                let (mut dw, mut db) = (vec![9.0; outputs * inputs], vec![9.0; outputs]);
                let (mut dw_plain, mut db_plain) = (dw.clone(), db.clone());
                weight_gradients(&dz, &x, inputs, &mut dw, &mut db);
                plain_weight_gradients(&dz, &x, inputs, &mut dw_plain, &mut db_plain);
                assert_eq!(bits(&dw), bits(&dw_plain), "dw {shape}");
                assert_eq!(bits(&db), bits(&db_plain), "db {shape}");
                let mut dx = vec![9.0; rows * inputs];
                input_gradients(&dz, &w, inputs, &mut dx);
                let mut dx_plain = vec![0.0; rows * inputs];
                for r in 0..rows {
                    let dz_row = &dz[r * outputs..(r + 1) * outputs];
                    plain_rows(dz_row, &w, &mut dx_plain[r * inputs..(r + 1) * inputs]);
                }
                assert_eq!(bits(&dx), bits(&dx_plain), "dx {shape}");
            }
        }
    }
}

/// Inputs for the activation slices: every binade of [-128, 128] of both signs, the
/// special values, and lengths that leave tails after any vector width.
fn activation_inputs() -> Vec<f32> {
    let top = 128.0_f32.to_bits();
    let mut x: Vec<f32> = (0..8_192_u32)
        .map(|i| (i as u64 * top as u64 / 8_192) as u32)
        .flat_map(|b| [f32::from_bits(b), -f32::from_bits(b)])
        .collect();
    x.extend([
        0.0,
        -0.0,
        f32::NAN,
        -f32::NAN,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MIN_POSITIVE,
        -1e-40,
        1e-40,
        87.5,
        -87.5,
        -103.5,
        110.5,
        -200.0,
        1000.0,
        f32::MAX,
        f32::MIN,
    ]);
    x
}

#[test]
fn activation_slices_give_the_scalar_bits() {
    let x = activation_inputs();
    for len in [0, 1, 3, 4, 5, 7, 8, 9, x.len()] {
        for start in [0, 1, 2, 3] {
            let x = &x[start.min(x.len())..][..len.min(x.len() - start.min(x.len()))];
            let mut out = vec![0.0; x.len()];
            sigmoid_slice(x, &mut out);
            for (o, &v) in out.iter().zip(x) {
                assert_eq!(o.to_bits(), sigmoid(v).to_bits(), "sigmoid({v:e})");
            }
            tanh_slice(x, &mut out);
            for (o, &v) in out.iter().zip(x) {
                assert_eq!(o.to_bits(), tanh(v).to_bits(), "tanh({v:e})");
            }
        }
    }
}

/// Fingerprints of narrow networks (the shapes the narrow wasm32 kernels handle: 4,
/// 8, 12 and 16 units, odd inputs and minibatches) after a few epochs, pinned from the
/// native build: equal in headless Chromium means the kernels agree there too.
#[test]
fn narrow_networks_match_their_pinned_fingerprints() {
    let cases = [
        (
            "data=circle&n=130&depth=4&width=8&act=tanh&batch=10&seed=5",
            "44950a3916528f5f",
        ),
        (
            "data=moons&n=150&depth=5&width=16&act=sigmoid&batch=32&seed=6&lr=0.3",
            "57cbaa3f17901d6f",
        ),
        (
            "data=spiral&n=90&depth=3&width=12&act=relu&batch=7&seed=7&res=1&opt=adam&lr=0.01",
            "078441fa468b6e79",
        ),
        (
            "data=xor&n=70&depth=3&width=4&act=tanh&batch=9&seed=8&bn=1",
            "b3853f84f0b85f3b",
        ),
    ];
    for (query, pinned) in cases {
        let (config, warnings) = vgp::config::parse_query(query);
        assert!(warnings.is_empty(), "{query}: {warnings:?}");
        let mut run = vgp::train::Run::new(config);
        for _ in 0..3 {
            assert!(run.step_epoch(), "{query}");
        }
        assert_eq!(format!("{:016x}", run.fingerprint()), pinned, "{query}");
    }
}

/// A 64-bit FNV-1a hash of everything an epoch's measurement records (the history's
/// metrics, the gains, the distributions) and of a fresh probe's raw backward norms.
fn measurement_fingerprint(run: &vgp::train::Run) -> String {
    let mut text = String::new();
    for m in run.history().points() {
        text += &serde_json::to_string(m).unwrap_or_default();
    }
    text += &serde_json::to_string(run.gains()).unwrap_or_default();
    text += &serde_json::to_string(run.distributions()).unwrap_or_default();
    let mut net = run.network().clone();
    let mut ws = vgp::nn::Workspace::new();
    ws.measure_gains = true;
    vgp::train::probe(&mut net, run.data(), &mut ws);
    text += &serde_json::to_string(&ws.backward_norms).unwrap_or_default();
    text += &serde_json::to_string(&ws.input_grad_norm).unwrap_or_default();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash = (hash ^ byte as u64).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// The measurement's numbers, pinned: plain, residual and batch-normalized networks,
/// and a deep sigmoid network whose input-side gradients are flushed from subnormal.
#[test]
fn measurements_match_their_pinned_fingerprints() {
    let cases = [
        (
            "data=circle&n=130&depth=4&width=8&act=tanh&batch=10&seed=5",
            "aa38b0c8e1358120",
        ),
        (
            "data=spiral&n=90&depth=3&width=12&act=relu&batch=7&seed=7&res=1",
            "12f655d7c0286c31",
        ),
        (
            "data=xor&n=70&depth=3&width=6&act=tanh&batch=9&seed=8&bn=1",
            "889fe773128869bf",
        ),
        (
            "data=moons&n=80&depth=40&width=8&act=sigmoid&batch=16&seed=3",
            "581750f35d024baf",
        ),
    ];
    for (query, pinned) in cases {
        let (config, warnings) = vgp::config::parse_query(query);
        assert!(warnings.is_empty(), "{query}: {warnings:?}");
        let mut run = vgp::train::Run::new(config);
        for _ in 0..2 {
            assert!(run.step_epoch(), "{query}");
        }
        assert_eq!(measurement_fingerprint(&run), pinned, "{query}");
    }
}
