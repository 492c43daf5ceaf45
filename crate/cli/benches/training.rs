//! Epochs per second of the reference configurations (training plus the per-epoch
//! measurements the page shows), and deep sigmoid against deep relu, whose cost must
//! match even though sigmoid's backward signal sinks towards subnormal floats.
//!
//! Run with `make bench` (or `cargo bench -p vgp-cli`); criterion reports the median time
//! per epoch, and epochs/s = 1 / that. The `sweep` group times the depth sweep the page
//! and `vgp sweep --remedies` compute: 30 depths x 5 seeds x 4 series at width 32.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use vgp::config::parse_query;
use vgp::train::Run;

const REFERENCE: [(&str, &str); 8] = [
    // The peer benchmark's workloads (/work/shared/bench, cand/adapter.html.in): the
    // same queries the page is measured with in the browser.
    (
        "W1 tanh 6x8, 500 train, batch 10",
        "data=circle&n=526&test=0.05&depth=6&width=8&act=tanh&init=glorot_uniform&opt=sgd&lr=0.03&batch=10",
    ),
    (
        "W2 sigmoid 20x16, 1000 train, batch 32",
        "data=circle&n=1053&test=0.05&depth=20&width=16&act=sigmoid&init=glorot_uniform&opt=sgd&lr=0.1&batch=32",
    ),
    (
        "W3 digits relu 10x128, batch 64",
        "data=digits&test=0.05&depth=10&width=128&act=relu&init=he_normal&opt=sgd&lr=0.05&batch=64",
    ),
    (
        "tanh 6x8, 500 samples, batch 10",
        "depth=6&width=8&act=tanh&n=500&batch=10",
    ),
    (
        "sigmoid 20x16, 1000 samples, batch 32",
        "depth=20&width=16&act=sigmoid&n=1000&batch=32",
    ),
    (
        "digits relu 10x128, batch 64",
        "data=digits&depth=10&width=128&act=relu&init=he_normal&batch=64",
    ),
    (
        "sigmoid 64x32, 500 samples, batch 32",
        "depth=64&width=32&act=sigmoid&n=500&batch=32",
    ),
    (
        "relu 64x32, 500 samples, batch 32",
        "depth=64&width=32&act=relu&init=he_normal&n=500&batch=32",
    ),
];

fn epochs(c: &mut Criterion) {
    let mut group = c.benchmark_group("epoch");
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    for (name, query) in REFERENCE {
        let (config, warnings) = parse_query(query);
        assert!(warnings.is_empty(), "{warnings:?}");
        let mut run = Run::new(config);
        group.bench_function(name, |b| {
            b.iter(|| {
                if !run.step_epoch() {
                    // Diverged or finished: start again so every sample trains.
                    run = Run::new(run.config().clone());
                }
                black_box(run.epoch())
            })
        });
    }
    group.finish();
}

/// The depth sweep of the defaults at width 32 with the remedies: depths 1 to 30, five
/// seeds, four series (600 epoch-0 measurements).
fn depth_sweep(c: &mut Criterion) {
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    let (config, warnings) = parse_query("width=32");
    assert!(warnings.is_empty(), "{warnings:?}");
    let depths: Vec<usize> = (1..=30).collect();
    group.bench_function("30 depths x 5 seeds x 4 series, width 32", |b| {
        b.iter(|| {
            let series = vgp::sweep::sweep_with_remedies(&config, &depths, 5);
            black_box(series.map(|s| s.len()).unwrap_or(0))
        })
    });
    group.finish();
}

criterion_group!(benches, epochs, depth_sweep);
criterion_main!(benches);
