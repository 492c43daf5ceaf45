//! Replays `vgp-run/1` exports with an independent f64 reference implementation written
//! from docs/definitions.md (plain loops, none of vgp's `nn` code): losses, per-layer
//! gradient norms, accuracies, unit health, tracked weights, update ratios and one
//! full-batch SGD step must match what the f32 core recorded.

use serde_json::Value;
use vgp::config::parse_query;
use vgp::runfile::to_json;
use vgp::train::Run;

/// Batch-norm epsilon, running-statistics momentum and the SELU constants.
const EPS: f64 = 1e-5;
const MOMENTUM: f64 = 0.1;
const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
const SELU_LAMBDA: f64 = 1.050_700_987_355_480_5;
/// Largest probe batch.
const PROBE_ROWS: usize = 256;

type Matrix = Vec<Vec<f64>>;

/// A JSON number as the exact f32 the core stored, widened to f64.
fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}")) as f32 as f64
}

fn vector(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(num)
        .collect()
}

fn matrix(v: &Value) -> Matrix {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(vector)
        .collect()
}

/// One weight layer of the reference network.
#[derive(Clone, Debug)]
struct Layer {
    activation: String,
    batch_norm: bool,
    residual: bool,
    w: Matrix,
    b: Vec<f64>,
    gamma: Vec<f64>,
    beta: Vec<f64>,
    running_mean: Vec<f64>,
    running_var: Vec<f64>,
}

impl Layer {
    fn outputs(&self) -> usize {
        self.w.len()
    }
}

/// The network described by `file["layers"]` with the parameters in `file[which]`.
fn network(file: &Value, which: &str) -> Vec<Layer> {
    let specs = file["layers"].as_array().expect("layers");
    let params = file[which].as_array().expect("parameters");
    assert_eq!(specs.len(), params.len());
    specs
        .iter()
        .zip(params)
        .map(|(spec, p)| {
            let w = matrix(&p["W"]);
            assert_eq!(w.len(), spec["outputs"].as_u64().unwrap() as usize);
            assert!(w
                .iter()
                .all(|row| row.len() == spec["inputs"].as_u64().unwrap() as usize));
            let batch_norm = spec["batch_norm"].as_bool().unwrap();
            let bn = |key: &str| {
                if batch_norm {
                    vector(&p[key])
                } else {
                    Vec::new()
                }
            };
            Layer {
                activation: spec["activation"].as_str().unwrap().to_string(),
                batch_norm,
                residual: spec["residual"].as_bool().unwrap(),
                b: vector(&p["b"]),
                gamma: bn("gamma"),
                beta: bn("beta"),
                running_mean: bn("running_mean"),
                running_var: bn("running_var"),
                w,
            }
        })
        .collect()
}

fn sigmoid(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

/// f(u).
fn activate(name: &str, u: f64, leak: f64) -> f64 {
    match name {
        "sigmoid" => sigmoid(u),
        "tanh" => u.tanh(),
        "relu" => u.max(0.0),
        "leaky_relu" => {
            if u > 0.0 {
                u
            } else {
                leak * u
            }
        }
        "elu" => {
            if u > 0.0 {
                u
            } else {
                u.exp_m1()
            }
        }
        "selu" => {
            if u > 0.0 {
                SELU_LAMBDA * u
            } else {
                SELU_LAMBDA * SELU_ALPHA * u.exp_m1()
            }
        }
        "linear" => u,
        other => panic!("unknown activation {other}"),
    }
}

/// f'(u), from u alone (relu'(0) = 0).
fn derivative(name: &str, u: f64, leak: f64) -> f64 {
    match name {
        "sigmoid" => sigmoid(u) * (1.0 - sigmoid(u)),
        "tanh" => 1.0 - u.tanh().powi(2),
        "relu" => f64::from(u > 0.0),
        "leaky_relu" => {
            if u > 0.0 {
                1.0
            } else {
                leak
            }
        }
        "elu" => {
            if u > 0.0 {
                1.0
            } else {
                u.exp()
            }
        }
        "selu" => {
            if u > 0.0 {
                SELU_LAMBDA
            } else {
                SELU_LAMBDA * SELU_ALPHA * u.exp()
            }
        }
        "linear" => 1.0,
        other => panic!("unknown activation {other}"),
    }
}

/// Which statistics batch norm uses.
#[derive(Clone, Copy, PartialEq)]
enum Stats {
    /// The batch's own (biased) statistics: training steps and the probe.
    Batch,
    /// The running statistics: evaluating losses.
    Running,
}

/// What one layer's forward pass leaves for the backward pass.
struct Cache {
    input: Matrix,
    xhat: Matrix,
    inv_std: Vec<f64>,
    u: Matrix,
    /// Batch mean and biased variance per unit (batch-norm layers in `Stats::Batch`).
    batch_mean: Vec<f64>,
    batch_var: Vec<f64>,
}

/// Forward pass of the rows `x`; returns the logits and each layer's cache.
fn forward(net: &[Layer], x: &Matrix, stats: Stats, leak: f64) -> (Matrix, Vec<Cache>) {
    let rows = x.len();
    let mut h = x.clone();
    let mut caches = Vec::new();
    for (l, layer) in net.iter().enumerate() {
        let units = layer.outputs();
        let z: Matrix = h
            .iter()
            .map(|row| {
                (0..units)
                    .map(|o| {
                        layer.b[o] + layer.w[o].iter().zip(row).map(|(w, x)| w * x).sum::<f64>()
                    })
                    .collect()
            })
            .collect();
        if l + 1 == net.len() {
            caches.push(Cache {
                input: h,
                xhat: Vec::new(),
                inv_std: Vec::new(),
                u: Vec::new(),
                batch_mean: Vec::new(),
                batch_var: Vec::new(),
            });
            return (z, caches);
        }
        let (mut u, mut xhat) = (z.clone(), Vec::new());
        let (mut inv_std, mut batch_mean, mut batch_var) = (Vec::new(), Vec::new(), Vec::new());
        if layer.batch_norm {
            xhat = z.clone();
            for o in 0..units {
                let (mean, var) = match stats {
                    Stats::Running => (layer.running_mean[o], layer.running_var[o]),
                    Stats::Batch => {
                        let mean = z.iter().map(|r| r[o]).sum::<f64>() / rows as f64;
                        let var =
                            z.iter().map(|r| (r[o] - mean).powi(2)).sum::<f64>() / rows as f64;
                        (mean, var)
                    }
                };
                batch_mean.push(mean);
                batch_var.push(var);
                let inv = 1.0 / (var + EPS).sqrt();
                inv_std.push(inv);
                for r in 0..rows {
                    xhat[r][o] = (z[r][o] - mean) * inv;
                    u[r][o] = layer.gamma[o] * xhat[r][o] + layer.beta[o];
                }
            }
        }
        let next: Matrix = u
            .iter()
            .zip(&h)
            .map(|(u_row, h_row)| {
                u_row
                    .iter()
                    .enumerate()
                    .map(|(o, &v)| {
                        let a = activate(&layer.activation, v, leak);
                        if layer.residual {
                            h_row[o] + a
                        } else {
                            a
                        }
                    })
                    .collect()
            })
            .collect();
        caches.push(Cache {
            input: h,
            xhat,
            inv_std,
            u,
            batch_mean,
            batch_var,
        });
        h = next;
    }
    unreachable!("the network has an output layer")
}

/// Mean loss over the rows and its gradient with respect to the logits.
fn loss(kind: &str, logits: &Matrix, y: &[f64]) -> (f64, Matrix) {
    let rows = y.len() as f64;
    let mut total = 0.0;
    let mut grad = Vec::new();
    for (z, &t) in logits.iter().zip(y) {
        let g: Vec<f64> = match kind {
            "bce" => {
                let z = z[0];
                total += z.max(0.0) - z * t + (-z.abs()).exp().ln_1p();
                vec![sigmoid(z) - t]
            }
            "ce" => {
                let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let lse = max + z.iter().map(|v| (v - max).exp()).sum::<f64>().ln();
                total += lse - z[t as usize];
                z.iter()
                    .enumerate()
                    .map(|(i, v)| (v - lse).exp() - f64::from(i == t as usize))
                    .collect()
            }
            "mse" => {
                total += (z[0] - t).powi(2);
                vec![2.0 * (z[0] - t)]
            }
            other => panic!("unknown loss {other}"),
        };
        grad.push(g.into_iter().map(|v| v / rows).collect());
    }
    (total / rows, grad)
}

/// Gradients of one layer's parameters.
struct LayerGrads {
    w: Matrix,
    b: Vec<f64>,
    gamma: Vec<f64>,
    beta: Vec<f64>,
    /// ||dL/d(layer input)||.
    input_norm: f64,
}

/// Backward pass after a `Stats::Batch` forward pass, from dL/dlogits.
fn backward(net: &[Layer], caches: &[Cache], grad_logits: Matrix, leak: f64) -> Vec<LayerGrads> {
    let rows = grad_logits.len();
    let mut g_out = grad_logits;
    let mut grads = Vec::new();
    for (l, (layer, cache)) in net.iter().zip(caches).enumerate().rev() {
        let units = layer.outputs();
        let inputs = layer.w[0].len();
        let (mut dgamma, mut dbeta) = (Vec::new(), Vec::new());
        let dz: Matrix = if l + 1 == net.len() {
            g_out.clone()
        } else {
            let du: Matrix = (0..rows)
                .map(|r| {
                    (0..units)
                        .map(|o| g_out[r][o] * derivative(&layer.activation, cache.u[r][o], leak))
                        .collect()
                })
                .collect();
            if layer.batch_norm {
                let n = rows as f64;
                let mut dz = du.clone();
                for o in 0..units {
                    let sum_du: f64 = (0..rows).map(|r| du[r][o]).sum();
                    let sum_du_xhat: f64 = (0..rows).map(|r| du[r][o] * cache.xhat[r][o]).sum();
                    dgamma.push(sum_du_xhat);
                    dbeta.push(sum_du);
                    let k = layer.gamma[o] * cache.inv_std[o] / n;
                    for r in 0..rows {
                        dz[r][o] = k * (n * du[r][o] - sum_du - cache.xhat[r][o] * sum_du_xhat);
                    }
                }
                dz
            } else {
                du
            }
        };
        let dw: Matrix = (0..units)
            .map(|o| {
                (0..inputs)
                    .map(|k| (0..rows).map(|r| dz[r][o] * cache.input[r][k]).sum())
                    .collect()
            })
            .collect();
        let db: Vec<f64> = (0..units)
            .map(|o| (0..rows).map(|r| dz[r][o]).sum())
            .collect();
        let dh: Matrix = (0..rows)
            .map(|r| {
                (0..inputs)
                    .map(|k| {
                        let through: f64 = (0..units).map(|o| dz[r][o] * layer.w[o][k]).sum();
                        if layer.residual {
                            through + g_out[r][k]
                        } else {
                            through
                        }
                    })
                    .collect()
            })
            .collect();
        grads.push(LayerGrads {
            w: dw,
            b: db,
            gamma: dgamma,
            beta: dbeta,
            input_norm: frobenius(&dh),
        });
        g_out = dh;
    }
    grads.reverse();
    grads
}

fn frobenius(m: &Matrix) -> f64 {
    m.iter().flatten().map(|v| v * v).sum::<f64>().sqrt()
}

/// A split of the file: its rows and targets.
fn split(file: &Value, name: &str) -> (Matrix, Vec<f64>) {
    (
        matrix(&file["data"][name]["x"]),
        vector(&file["data"][name]["y"]),
    )
}

/// The mean loss over a split in inference mode (running statistics).
fn eval_loss(file: &Value, net: &[Layer], name: &str) -> f64 {
    let (x, y) = split(file, name);
    let leak = num(&file["leak"]);
    let (logits, _) = forward(net, &x, Stats::Running, leak);
    loss(file["loss"].as_str().unwrap(), &logits, &y).0
}

/// Per-layer ||dL/dW|| and ||dL/dh|| on the probe batch (batch statistics).
fn probe_norms(file: &Value, net: &[Layer]) -> (Vec<f64>, Vec<f64>) {
    let (x, y) = split(file, "train");
    let probe = x.len().min(PROBE_ROWS);
    assert_eq!(file["probe_size"].as_u64(), Some(probe as u64));
    let leak = num(&file["leak"]);
    let (logits, caches) = forward(net, &x[..probe].to_vec(), Stats::Batch, leak);
    let (_, grad) = loss(file["loss"].as_str().unwrap(), &logits, &y[..probe]);
    let grads = backward(net, &caches, grad, leak);
    (
        grads.iter().map(|g| frobenius(&g.w)).collect(),
        grads.iter().map(|g| g.input_norm).collect(),
    )
}

/// Fraction of correct samples of a split in inference mode (docs/definitions.md:
/// binary `(z > 0) = (y = 1)`, multiclass `argmax z = y` with the first maximum winning);
/// None for regression.
fn eval_accuracy(file: &Value, net: &[Layer], name: &str) -> Option<f64> {
    let (x, y) = split(file, name);
    let (logits, _) = forward(net, &x, Stats::Running, num(&file["leak"]));
    let correct = |z: &Vec<f64>, t: f64| match file["loss"].as_str().unwrap() {
        "bce" => Some((z[0] > 0.0) == (t == 1.0)),
        "ce" => {
            let best = (0..z.len()).fold(0, |b, i| if z[i] > z[b] { i } else { b });
            Some(best == t as usize)
        }
        _ => None,
    };
    let hits: Option<Vec<bool>> = logits.iter().zip(&y).map(|(z, &t)| correct(z, t)).collect();
    hits.map(|h| h.iter().filter(|&&c| c).count() as f64 / y.len() as f64)
}

/// Per hidden layer, on the probe batch (batch statistics): the share of units whose
/// output is exactly 0 for every probe row (rectifiers only) and the share of
/// (unit, row) pairs with f'(u) below 5% of f's largest slope (sigmoid 0.25, tanh 1).
fn unit_health(file: &Value, net: &[Layer]) -> Vec<(f64, f64)> {
    let (x, _) = split(file, "train");
    let probe = x.len().min(PROBE_ROWS);
    let leak = num(&file["leak"]);
    let (_, caches) = forward(net, &x[..probe].to_vec(), Stats::Batch, leak);
    net.iter()
        .zip(&caches)
        .map(|(layer, cache)| {
            if cache.u.is_empty() {
                return (0.0, 0.0); // the output layer
            }
            let act = layer.activation.as_str();
            let units = layer.outputs();
            let rectifier = matches!(act, "relu" | "leaky_relu" | "elu" | "selu");
            let dead = (0..units)
                .filter(|&o| cache.u.iter().all(|r| activate(act, r[o], leak) == 0.0))
                .count();
            let max_slope = match act {
                "sigmoid" => Some(0.25),
                "tanh" => Some(1.0),
                _ => None,
            };
            let saturated = max_slope.map_or(0, |max| {
                cache
                    .u
                    .iter()
                    .flatten()
                    .filter(|&&u| derivative(act, u, leak) < 0.05 * max)
                    .count()
            });
            (
                if rectifier {
                    dead as f64 / units as f64
                } else {
                    0.0
                },
                saturated as f64 / (units * probe) as f64,
            )
        })
        .collect()
}

/// The tracked entries of each W: `(⌊k·outputs/3⌋, ⌊k·inputs/3⌋)` for k = 0, 1, 2,
/// consecutive duplicates dropped.
fn tracked_weights(net: &[Layer]) -> Vec<Vec<f64>> {
    net.iter()
        .map(|layer| {
            let (outputs, inputs) = (layer.w.len(), layer.w[0].len());
            let mut at: Vec<(usize, usize)> =
                (0..3).map(|k| (k * outputs / 3, k * inputs / 3)).collect();
            at.dedup();
            at.iter().map(|&(r, c)| layer.w[r][c]).collect()
        })
        .collect()
}

/// Counts of `values` in 24 equal bins over [lo, hi], values outside in the end bins.
fn histogram(values: &[f64], lo: f64, hi: f64) -> Vec<i64> {
    let bins = 24;
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0; bins];
    for v in values {
        let bin = if width > 0.0 {
            ((v - lo) / width).floor()
        } else {
            0.0
        };
        counts[(bin.max(0.0) as usize).min(bins - 1)] += 1;
    }
    counts
}

/// The newest epoch's histograms (docs/run-format.md, `distributions`), replayed on the
/// probe batch at `final`: hidden activations f(u) over the range of all of them (a
/// degenerate range widened to one unit around its value), weight gradients over
/// plus or minus the largest |gradient|. A value on a bin edge may land in the next bin
/// through rounding, so counts may move by a few between neighbours.
fn check_distributions(file: &Value) {
    let net = network(file, "final");
    let (x, y) = split(file, "train");
    let probe = x.len().min(PROBE_ROWS);
    let leak = num(&file["leak"]);
    let (logits, caches) = forward(&net, &x[..probe].to_vec(), Stats::Batch, leak);
    let (_, grad) = loss(file["loss"].as_str().unwrap(), &logits, &y[..probe]);
    let grads = backward(&net, &caches, grad, leak);
    let d = &file["distributions"];
    let hidden: Vec<Vec<f64>> = net[..net.len() - 1]
        .iter()
        .zip(&caches)
        .map(|(layer, c)| {
            c.u.iter()
                .flatten()
                .map(|&u| activate(&layer.activation, u, leak))
                .collect()
        })
        .collect();
    let all: Vec<f64> = hidden.iter().flatten().copied().collect();
    let (mut lo, mut hi) = all
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if hi - lo < 1e-6 {
        (lo, hi) = (lo - 0.5, lo + 0.5);
    }
    let max_grad = grads
        .iter()
        .flat_map(|g| g.w.iter().flatten())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let kinds = [
        ("activations", hidden, lo, hi),
        (
            "gradients",
            grads
                .iter()
                .map(|g| g.w.iter().flatten().copied().collect())
                .collect(),
            -max_grad,
            max_grad,
        ),
    ];
    for (kind, values, lo, hi) in kinds {
        let recorded = d[kind].as_array().expect("histograms");
        assert_eq!(
            recorded.len(),
            values.len(),
            "{kind}: one histogram per layer"
        );
        for (l, (h, v)) in recorded.iter().zip(&values).enumerate() {
            assert_close(&format!("{kind}[{l}].lo"), num(&h["lo"]), lo, 1e-4, 1e-9);
            assert_close(&format!("{kind}[{l}].hi"), num(&h["hi"]), hi, 1e-4, 1e-9);
            let counts: Vec<i64> = h["counts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_i64().unwrap())
                .collect();
            let want = histogram(v, lo, hi);
            assert_eq!(
                counts.iter().sum::<i64>(),
                v.len() as i64,
                "{kind}[{l}] counts every value"
            );
            let moved: i64 = counts.iter().zip(&want).map(|(a, b)| (a - b).abs()).sum();
            assert!(
                moved <= 2 + v.len() as i64 / 100,
                "{kind}[{l}]: core {counts:?}, reference {want:?}"
            );
        }
    }
}

/// Train `query` for `epochs` epochs and return its `vgp-run/1` export, parsed.
fn export(query: &str, epochs: usize) -> Value {
    let (mut config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{query}: {warnings:?}");
    config.epochs = epochs;
    let mut run = Run::new(config);
    assert!(run.warnings().is_empty(), "{query}: {:?}", run.warnings());
    while run.step_epoch() {}
    assert!(run.diverged().is_none(), "{query} diverged");
    let file: Value = serde_json::from_str(&to_json(&run).expect("serializes")).expect("parses");
    assert_eq!(file["format"], "vgp-run/1");
    file
}

/// |ours - theirs| within `rel` of the larger magnitude, or below `floor`.
fn assert_close(what: &str, theirs: f64, ours: f64, rel: f64, floor: f64) -> f64 {
    let err = (ours - theirs).abs();
    let scale = ours.abs().max(theirs.abs());
    assert!(
        err <= rel * scale || err <= floor,
        "{what}: core {theirs:e}, reference {ours:e} (relative error {:e})",
        err / scale
    );
    if scale > 0.0 {
        err / scale
    } else {
        0.0
    }
}

/// Compare an epoch's recorded losses and probe norms with the reference at `params`.
fn check_epoch(file: &Value, index: usize, params: &str, label: &str) {
    let m = &file["epochs"][index];
    let net = network(file, params);
    let epoch = m["epoch"].as_u64().unwrap();
    let tag = |what: &str| format!("{label} epoch {epoch} {what}");
    for (key, split) in [("train_loss", "train"), ("test_loss", "test")] {
        assert_close(
            &tag(key),
            num(&m[key]),
            eval_loss(file, &net, split),
            1e-4,
            1e-7,
        );
    }
    let (grad_norm, act_grad_norm) = probe_norms(file, &net);
    let recorded = vector(&m["grad_norm"]);
    let recorded_act = vector(&m["act_grad_norm"]);
    assert_eq!(recorded.len(), net.len());
    let mut worst: f64 = 0.0;
    for l in 0..net.len() {
        worst = worst.max(assert_close(
            &tag(&format!("grad_norm[{l}]")),
            recorded[l],
            grad_norm[l],
            1e-3,
            1e-9,
        ));
        worst = worst.max(assert_close(
            &tag(&format!("act_grad_norm[{l}]")),
            recorded_act[l],
            act_grad_norm[l],
            1e-3,
            1e-9,
        ));
        let weight_norm = frobenius(&net[l].w);
        assert_close(
            &tag(&format!("weight_norm[{l}]")),
            num(&m["weight_norm"][l]),
            weight_norm,
            1e-5,
            0.0,
        );
    }
    eprintln!("{label} epoch {epoch}: worst relative error of the gradient norms {worst:e}");

    // Accuracy: at most one sample may fall on the other side of a decision boundary
    // through f32 rounding.
    for (key, split_name) in [("train_accuracy", "train"), ("test_accuracy", "test")] {
        let reference = eval_accuracy(file, &net, split_name);
        match reference {
            None => assert!(m[key].is_null(), "{}: {}", tag(key), m[key]),
            Some(acc) => {
                let rows = file["data"][split_name]["y"].as_array().unwrap().len() as f64;
                let core = num(&m[key]);
                assert!(
                    (core - acc).abs() <= 1.0 / rows + 1e-6,
                    "{}: core {core}, reference {acc}",
                    tag(key)
                );
            }
        }
    }
    // Unit health on the probe batch: a unit or pair exactly at a threshold may differ.
    let probe = file["probe_size"].as_u64().unwrap() as f64;
    for (l, (dead, saturated)) in unit_health(file, &net).into_iter().enumerate() {
        let units = net[l].outputs() as f64;
        let core_dead = num(&m["dead_fraction"][l]);
        let core_saturated = num(&m["saturation"][l]);
        assert!(
            (core_dead - dead).abs() <= 1.0 / units + 1e-6,
            "{}: core {core_dead}, reference {dead}",
            tag(&format!("dead_fraction[{l}]"))
        );
        assert!(
            (core_saturated - saturated).abs() <= 2.0 / (units * probe) + 1e-6,
            "{}: core {core_saturated}, reference {saturated}",
            tag(&format!("saturation[{l}]"))
        );
    }
    let tracked = tracked_weights(&net);
    for (l, want) in tracked.iter().enumerate() {
        assert_eq!(
            &vector(&m["tracked_weights"][l]),
            want,
            "{}",
            tag("tracked_weights")
        );
    }
}

/// `update_ratio[l] = ||W_l(e) - W_l(e-1)|| / ||W_l(e-1)||` of epoch `index` against
/// the parameters `previous` of the epoch before.
fn check_update_ratio(file: &Value, index: usize, params: &str, previous: &str) {
    let m = &file["epochs"][index];
    let (now, before) = (network(file, params), network(file, previous));
    for (l, (a, b)) in now.iter().zip(&before).enumerate() {
        let diff: f64 =
            a.w.iter()
                .flatten()
                .zip(b.w.iter().flatten())
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f64>()
                .sqrt();
        // 0 when the previous weights were all zero (docs/definitions.md).
        let before_norm = frobenius(&b.w);
        let ratio = if before_norm > 0.0 {
            assert!(diff > 0.0, "layer {l} did not move");
            diff / before_norm
        } else {
            0.0
        };
        assert_close(
            &format!("update_ratio[{l}] at epoch {}", m["epoch"]),
            num(&m["update_ratio"][l]),
            ratio,
            1e-5,
            0.0,
        );
    }
}

/// Epoch 0 from `initial`, and the newest epoch from `final`.
fn replay(query: &str, epochs: usize) {
    let file = export(query, epochs);
    let recorded = file["epochs"].as_array().unwrap();
    assert_eq!(recorded.len(), epochs + 1);
    assert_eq!(recorded[0]["epoch"], 0);
    assert_eq!(recorded[epochs]["epoch"], epochs as u64);
    check_epoch(&file, 0, "initial", query);
    check_epoch(&file, epochs, "final", query);
    check_distributions(&file);
    let at_start = vector(&file["epochs"][0]["update_ratio"]);
    assert!(at_start.iter().all(|&r| r == 0.0), "{at_start:?}");
    if epochs == 1 {
        check_update_ratio(&file, 1, "final", "initial");
    }
}

#[test]
fn binary_plain_network() {
    replay("data=moons&n=200&depth=3&width=8&act=tanh&lr=0.3", 4);
}

#[test]
fn binary_with_batch_norm_and_residual() {
    replay(
        "data=circle&n=300&depth=3&width=8&act=relu&init=he_normal&bn=1&res=1&opt=momentum&lr=0.05",
        4,
    );
}

#[test]
fn binary_with_a_probe_smaller_than_the_train_set_is_limited_to_256_rows() {
    // 400 samples, 320 for training: the probe is the first 256 of them.
    replay("depth=2&width=8&act=leaky_relu&leak=0.2&bn=1&seed=5", 3);
}

#[test]
fn sine_regression_with_batch_norm_and_residual() {
    replay(
        "data=sine&n=200&depth=3&width=8&act=selu&init=lecun_normal&bn=1&res=1&opt=adam&lr=0.01",
        4,
    );
}

/// One epoch, so the update ratio can be replayed from `initial` and `final`; sigmoid
/// weights large enough that some (not all) units saturate, which tells sigmoid's
/// threshold (5% of 0.25) from tanh's (5% of 1).
#[test]
fn update_ratios_and_sigmoid_saturation() {
    let query = "data=gauss&n=200&depth=3&width=8&act=sigmoid&init=normal&scale=3&lr=0.5";
    replay(query, 1);
    let file = export(query, 1);
    let saturation = vector(&file["epochs"][1]["saturation"]);
    assert!(
        saturation[..3].iter().all(|&s| s > 0.05 && s < 0.95),
        "saturation should be partial here: {saturation:?}"
    );
}

/// ReLU at a high learning rate: some units die. The dead shares replayed are not all 0.
#[test]
fn dead_relu_units_replayed() {
    let query = "data=circle&n=200&depth=4&width=8&act=relu&init=he_normal&lr=1&seed=2";
    replay(query, 1);
    let file = export(query, 1);
    let dead = vector(&file["epochs"][1]["dead_fraction"]);
    assert!(dead.iter().any(|&d| d > 0.0), "no dead units: {dead:?}");
}

/// A network that learns: the recorded accuracies (replayed in check_epoch) rise far
/// above chance, and the loss falls.
#[test]
fn a_learning_run_reaches_high_accuracy() {
    let query =
        "data=moons&n=200&depth=2&width=16&act=relu&init=he_normal&opt=adam&lr=0.01&batch=16";
    replay(query, 60);
    let file = export(query, 60);
    let (first, last) = (&file["epochs"][0], &file["epochs"][60]);
    assert!(
        num(&last["test_accuracy"]) >= 0.95,
        "{}",
        last["test_accuracy"]
    );
    assert!(
        num(&last["train_accuracy"]) >= 0.95,
        "{}",
        last["train_accuracy"]
    );
    assert!(num(&last["train_loss"]) < 0.25 * num(&first["train_loss"]));
}

/// All-zero weights and one full-batch step: only the output layer moves (every hidden
/// gradient passes through a zero weight matrix), so every hidden activation is still
/// sigmoid(0) = 0.5 and the activation histograms use their one-unit window around it.
#[test]
fn zero_initialization_with_identical_activations() {
    let query = "init=zeros&depth=2&width=3&n=50&test=0.3&batch=5000";
    replay(query, 1);
    let file = export(query, 1);
    let h = &file["distributions"]["activations"][0];
    assert_eq!((num(&h["lo"]), num(&h["hi"])), (0.0, 1.0), "{h}");
}

#[test]
fn sine_regression_plain() {
    replay("data=sine&n=150&depth=2&width=8&act=elu&batch=16", 3);
}

#[test]
fn digits_multiclass() {
    replay(
        "data=digits&depth=2&width=8&act=relu&init=he_uniform&opt=adam&lr=0.01",
        2,
    );
}

#[test]
fn digits_multiclass_with_batch_norm_and_residual() {
    replay(
        "data=digits&depth=2&width=8&act=tanh&bn=1&res=1&opt=momentum&lr=0.05&batch=64",
        2,
    );
}

/// One epoch of full-batch SGD is one step from `initial` on the whole training set in
/// order (no shuffle), with batch statistics; the running statistics move by momentum 0.1
/// towards the batch mean and the unbiased batch variance.
fn full_batch_step(query: &str) {
    let file = export(query, 1);
    let (x, y) = split(&file, "train");
    let lr = 0.5;
    assert!(query.contains("lr=0.5") && query.contains("batch=5000"));
    let leak = num(&file["leak"]);
    let initial = network(&file, "initial");
    let after = network(&file, "final");
    let (logits, caches) = forward(&initial, &x, Stats::Batch, leak);
    let (_, grad) = loss(file["loss"].as_str().unwrap(), &logits, &y);
    let grads = backward(&initial, &caches, grad, leak);
    let rows = x.len() as f64;
    for (l, ((before, now), g)) in initial.iter().zip(&after).zip(&grads).enumerate() {
        // Compare the step itself, final - initial, with -lr * gradient.
        // (name, parameter after the step, core's step, reference step)
        let mut pairs: Vec<(String, f64, f64, f64)> = Vec::new();
        for (o, (w0, w1)) in before.w.iter().zip(&now.w).enumerate() {
            for k in 0..w0.len() {
                pairs.push((
                    format!("W[{o}][{k}]"),
                    w1[k],
                    w1[k] - w0[k],
                    -lr * g.w[o][k],
                ));
            }
        }
        for o in 0..before.b.len() {
            pairs.push((
                format!("b[{o}]"),
                now.b[o],
                now.b[o] - before.b[o],
                -lr * g.b[o],
            ));
        }
        if before.batch_norm {
            let cache = &caches[l];
            for o in 0..before.gamma.len() {
                pairs.push((
                    format!("gamma[{o}]"),
                    now.gamma[o],
                    now.gamma[o] - before.gamma[o],
                    -lr * g.gamma[o],
                ));
                pairs.push((
                    format!("beta[{o}]"),
                    now.beta[o],
                    now.beta[o] - before.beta[o],
                    -lr * g.beta[o],
                ));
                let mean =
                    (1.0 - MOMENTUM) * before.running_mean[o] + MOMENTUM * cache.batch_mean[o];
                let unbiased = cache.batch_var[o] * rows / (rows - 1.0);
                let var = (1.0 - MOMENTUM) * before.running_var[o] + MOMENTUM * unbiased;
                assert_close(
                    &format!("{query}: layer {l} running_mean[{o}]"),
                    now.running_mean[o],
                    mean,
                    1e-4,
                    1e-6,
                );
                assert_close(
                    &format!("{query}: layer {l} running_var[{o}]"),
                    now.running_var[o],
                    var,
                    1e-4,
                    1e-6,
                );
            }
        }
        // The step is a small difference of two f32 numbers: judge each entry against
        // the size of the whole layer's step, plus the rounding of the f32 parameter.
        let step_norm = pairs.iter().map(|p| p.3 * p.3).sum::<f64>().sqrt();
        assert!(
            step_norm > 1e-4,
            "{query}: layer {l} barely moves ({step_norm:e})"
        );
        for (name, param, core, reference) in pairs {
            let err = (core - reference).abs();
            let rounding = f64::from(f32::EPSILON) * param.abs();
            assert!(
                err <= 1e-3 * step_norm + rounding,
                "{query}: layer {l} {name}: core step {core:e}, reference {reference:e}, layer step norm {step_norm:e}"
            );
        }
    }
}

#[test]
fn one_full_batch_sgd_step_plain() {
    full_batch_step("data=xor&n=120&depth=2&width=6&act=sigmoid&lr=0.5&batch=5000");
}

#[test]
fn one_full_batch_sgd_step_with_batch_norm_and_residual() {
    full_batch_step("data=sine&n=100&depth=3&width=5&act=tanh&bn=1&res=1&lr=0.5&batch=5000");
}

/// relu(NaN) is NaN in PyTorch and JAX, and relu is leaky_relu with slope 0. With N(0, 100)
/// weights the activations overflow to infinity around layer 16 and the next affine map
/// makes NaN (inf - inf): relu must pass it on so the run reports the divergence, as
/// leaky_relu with leak=0 (the same function) does, instead of a healthy-looking ln 2.
#[test]
fn relu_keeps_nan_like_pytorch() {
    for act in ["leaky_relu&leak=0", "relu"] {
        let query = format!("act={act}&init=normal&scale=100&depth=30");
        let (mut config, _) = parse_query(&query);
        config.epochs = 1;
        let run = Run::new(config);
        assert!(
            run.diverged().is_some(),
            "{query}: no divergence; epoch 0 train loss {:?}, grad_norm {:?}",
            run.history().newest().map(|m| m.train_loss),
            run.history().newest().map(|m| m.grad_norm.clone())
        );
    }
}
