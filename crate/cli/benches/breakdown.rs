//! Where an epoch's time goes, for the peer benchmark's workloads W1-W3: the
//! training steps (split into forward, loss, backward and optimizer step on a copy of
//! the network), the end-of-epoch measurement, and what the activation function alone
//! costs over as many values as one training epoch's forward passes produce.
//!
//! `cargo bench -p vgp-cli --bench breakdown` prints one block per workload (native, one
//! core; medians over repetitions, so a busy machine shifts the numbers less).

use std::hint::black_box;
use std::time::Instant;
use vgp::config::parse_query;
use vgp::nn::{NormMode, Workspace};
use vgp::optim::{Optimizer, OptimizerSettings};
use vgp::train::{Run, Step};

const WORKLOADS: [(&str, &str); 3] = [
    (
        "W1",
        "data=circle&n=526&test=0.05&depth=6&width=8&act=tanh&init=glorot_uniform&opt=sgd&lr=0.03&batch=10",
    ),
    (
        "W2",
        "data=circle&n=1053&test=0.05&depth=20&width=16&act=sigmoid&init=glorot_uniform&opt=sgd&lr=0.1&batch=32",
    ),
    (
        "W3",
        "data=digits&test=0.05&depth=10&width=128&act=relu&init=he_normal&opt=sgd&lr=0.05&batch=64",
    ),
];

/// Median of `reps` timings of `f`, in milliseconds.
fn median_ms(reps: usize, mut f: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..reps).map(|_| f()).collect();
    times.sort_by(f64::total_cmp);
    times[reps / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument selects workloads by name.
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for (name, query) in WORKLOADS {
        if !wanted.is_empty() && !wanted.iter().any(|w| w == name) {
            continue;
        }
        let (config, warnings) = parse_query(query);
        assert!(warnings.is_empty(), "{warnings:?}");
        let reps = if name == "W3" { 7 } else { 31 };

        // A whole epoch through `step_minibatch`: training until the epoch count moves,
        // then the measurement until the epoch is recorded.
        let mut run = Run::new(config.clone());
        for _ in 0..2 {
            run.step_epoch();
        }
        let mut train_ms = Vec::new();
        let mut measure_ms = Vec::new();
        for _ in 0..reps {
            let epoch = run.epoch();
            let t0 = Instant::now();
            while run.epoch() == epoch {
                black_box(run.step_minibatch());
            }
            let t1 = Instant::now();
            while run.step_minibatch() == Step::Working {}
            let t2 = Instant::now();
            train_ms.push((t1 - t0).as_secs_f64() * 1e3);
            measure_ms.push((t2 - t1).as_secs_f64() * 1e3);
        }
        train_ms.sort_by(f64::total_cmp);
        measure_ms.sort_by(f64::total_cmp);
        let (train, measure) = (train_ms[reps / 2], measure_ms[reps / 2]);

        // The phases of the training steps, on a copy of the network, minibatches in order.
        let data = run.data();
        let (inputs, outputs) = (data.inputs, data.outputs());
        let batch = config.batch;
        let mut net = run.network().clone();
        let mut ws = Workspace::new();
        ws.params_only = true;
        let mut optimizer = Optimizer::new(
            OptimizerSettings {
                kind: config.opt,
                lr: config.lr,
                mom: config.mom,
                clip: config.clip,
            },
            net.params.len(),
        );
        let batches: Vec<(usize, usize)> = (0..data.train.len())
            .step_by(batch)
            .map(|s| (s, (s + batch).min(data.train.len())))
            .collect();
        let mut phase = [0.0_f64; 4];
        let mut phase_runs: Vec<[f64; 4]> = Vec::new();
        for _ in 0..reps {
            phase.fill(0.0);
            for &(s, e) in &batches {
                let x = &data.train.x[s * inputs..e * inputs];
                let y = &data.train.y[s..e];
                let t0 = Instant::now();
                net.forward(x, NormMode::Train, &mut ws);
                let t1 = Instant::now();
                black_box(ws.loss_and_gradient(data.task, y, outputs));
                let t2 = Instant::now();
                net.backward(x, &mut ws);
                let t3 = Instant::now();
                optimizer.step(&mut net.params, &mut ws.grads);
                let t4 = Instant::now();
                for (p, (a, b)) in phase
                    .iter_mut()
                    .zip([(t0, t1), (t1, t2), (t2, t3), (t3, t4)])
                {
                    *p += (b - a).as_secs_f64() * 1e3;
                }
            }
            phase_runs.push(phase);
        }
        let phase_median = |i: usize| {
            let mut v: Vec<f64> = phase_runs.iter().map(|p| p[i]).collect();
            v.sort_by(f64::total_cmp);
            v[reps / 2]
        };

        // The activation alone over one training epoch's hidden values.
        let values = data.train.len() * config.depth * config.width;
        let u: Vec<f32> = (0..values.min(1 << 20))
            .map(|i| ((i * 7919) % 2001) as f32 / 250.0 - 4.0)
            .collect();
        let mut a = vec![0.0; u.len()];
        let act = median_ms(reps, || {
            let t0 = Instant::now();
            let mut left = values;
            while left > 0 {
                let n = left.min(u.len());
                config.act.apply_slice(&u[..n], &mut a[..n], config.leak);
                left -= n;
            }
            black_box(&a);
            t0.elapsed().as_secs_f64() * 1e3
        });

        println!("{name}: {query}");
        println!("  epoch (step_minibatch)    {:8.3} ms", train + measure);
        println!("    training steps          {train:8.3} ms");
        println!("    end-of-epoch measure    {measure:8.3} ms");
        println!(
            "  training phases (copy): forward {:.3} ms, loss {:.3} ms, backward {:.3} ms, optimizer {:.3} ms",
            phase_median(0),
            phase_median(1),
            phase_median(2),
            phase_median(3)
        );
        println!(
            "  {:?} over {values} values (one epoch's forward activations): {act:.3} ms",
            config.act
        );
    }
}
