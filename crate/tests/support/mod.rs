//! What several property tests share: a strategy for any valid configuration.

use proptest::prelude::*;
use vgp::config::{Activation, Config, DatasetKind, Init, OptimizerKind};

/// Any f32 in `[min, max]`, favouring the ends and spanning every magnitude: random
/// exponent bits, then mantissa bits (the same strategy as config_query.rs).
fn float_in(min: f32, max: f32) -> impl Strategy<Value = f32> {
    let exponent = |x: f32| x.to_bits() >> 23;
    let bits = (exponent(min)..=exponent(max), 0u32..(1 << 23))
        .prop_map(|(e, m)| f32::from_bits((e << 23) | m))
        .prop_filter("in range", move |x| *x >= min && *x <= max);
    prop_oneof![Just(min), Just(max), min..=max, bits]
}

/// Any configuration the rules accept: every field drawn over its whole range, then
/// validated (which only ever adjusts the width or batch to the budgets).
pub fn valid_config() -> impl Strategy<Value = Config> {
    use prop::sample::select;
    let enums = (
        select(DatasetKind::ALL.to_vec()),
        select(Activation::ALL.to_vec()),
        select(Init::ALL.to_vec()),
        select(OptimizerKind::ALL.to_vec()),
        any::<(bool, bool)>(),
    );
    let floats = (
        float_in(0.0, 10.0),
        float_in(0.05, 0.9),
        float_in(0.0, 1.0),
        float_in(1e-6, 100.0),
        float_in(1e-6, 10.0),
        float_in(0.0, 0.999),
        float_in(0.0, 1e6),
    );
    let counts = (
        10usize..=5000,
        1usize..=100,
        1usize..=256,
        1usize..=5000,
        0usize..=10_000_000,
        any::<u64>(),
    );
    (enums, floats, counts).prop_map(|(e, f, c)| {
        #[rustfmt::skip]
        let config = Config {
            data: e.0, act: e.1, init: e.2, opt: e.3, bn: e.4 .0, res: e.4 .1,
            noise: f.0, test: f.1, leak: f.2, scale: f.3, lr: f.4, mom: f.5, clip: f.6,
            n: c.0, depth: c.1, width: c.2, batch: c.3, epochs: c.4, seed: c.5,
        };
        config.validate().0
    })
}
