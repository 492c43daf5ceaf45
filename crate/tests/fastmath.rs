//! Accuracy of the vectorizable exp, sigmoid and tanh (`vgp::nn::fastmath`) against an
//! f64 reference: the distance, in representable f32 values, from the correctly
//! rounded result. A sampled sweep of each domain runs with the suite; the exhaustive
//! sweep over every f32 of each domain is ignored by default because it takes minutes:
//!
//! ```sh
//! cargo test --release -p vgp --test fastmath -- --ignored --nocapture
//! ```

use vgp::nn::fastmath::{exp_neg, sigmoid, tanh};

/// Position of `v` on the line of f32 values: adjacent floats differ by 1, and
/// -0 and +0 coincide.
fn ordinal(v: f32) -> i64 {
    let bits = v.to_bits();
    if bits & 0x8000_0000 != 0 {
        -((bits & 0x7fff_ffff) as i64)
    } else {
        bits as i64
    }
}

/// Ulps between `got` and the f64 reference rounded to f32.
fn ulps(got: f32, reference: f64) -> u64 {
    ordinal(got).abs_diff(ordinal(reference as f32))
}

fn exp_reference(t: f32) -> f64 {
    libm::exp(t as f64)
}

fn sigmoid_reference(x: f32) -> f64 {
    let x = x as f64;
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
    }
}

fn tanh_reference(x: f32) -> f64 {
    libm::tanh(x as f64)
}

/// A function under test: its name, the function, its reference, and the f32 bit
/// patterns of its domain as ranges (positive and negative halves separately).
struct Case {
    name: &'static str,
    f: fn(f32) -> f32,
    reference: fn(f32) -> f64,
    domain: Vec<std::ops::RangeInclusive<u32>>,
}

/// Bits of every f32 in [0, hi] and in [-hi, -0].
fn symmetric(hi: f32) -> Vec<std::ops::RangeInclusive<u32>> {
    vec![0..=hi.to_bits(), 0x8000_0000..=(-hi).to_bits()]
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "exp_neg on [-110, 0]",
            f: exp_neg,
            reference: exp_reference,
            domain: vec![0x8000_0000..=(-110.0_f32).to_bits()],
        },
        Case {
            name: "sigmoid on [-110, 110]",
            f: sigmoid,
            reference: sigmoid_reference,
            domain: symmetric(110.0),
        },
        Case {
            name: "tanh on [-10, 10]",
            f: tanh,
            reference: tanh_reference,
            domain: symmetric(10.0),
        },
    ]
}

/// Largest error over the inputs of `bits` taken every `stride` values, with the
/// input where it occurs.
fn worst(case: &Case, stride: usize) -> (u64, f32) {
    let mut worst = (0, 0.0);
    for range in &case.domain {
        for b in range.clone().step_by(stride) {
            let x = f32::from_bits(b);
            let e = ulps((case.f)(x), (case.reference)(x));
            if e > worst.0 {
                worst = (e, x);
            }
        }
    }
    worst
}

/// About a million inputs per function, spread evenly over the bit patterns (so every
/// binade is covered, down to the subnormals), plus the values beyond the domain.
#[test]
fn sampled_within_two_ulp() {
    for case in cases() {
        let (error, at) = worst(&case, 2048 + 1);
        let limit = if case.name.starts_with("exp") { 1 } else { 2 };
        assert!(error <= limit, "{}: {error} ulp at {at:e}", case.name);
    }
    // Beyond the domains the results are exact.
    for x in [110.0_f32, 200.0, 1e30, f32::INFINITY] {
        assert_eq!(exp_neg(-x), 0.0);
        assert_eq!(sigmoid(x), 1.0);
        assert_eq!(sigmoid(-x), 0.0);
        assert_eq!(tanh(x), 1.0);
        assert_eq!(tanh(-x), -1.0);
    }
    for x in [10.0_f32, 11.0, 50.0, 1e10] {
        assert_eq!(tanh(x), 1.0);
    }
}

/// Every f32 of each domain (about 1.1e9 for exp, 2.2e9 each for sigmoid and tanh).
#[test]
#[ignore = "minutes in release mode; run with --release -- --ignored"]
fn exhaustive_within_two_ulp() {
    for case in cases() {
        let halves: Vec<_> = case
            .domain
            .iter()
            .map(|range| {
                let case = Case {
                    name: case.name,
                    f: case.f,
                    reference: case.reference,
                    domain: vec![range.clone()],
                };
                std::thread::spawn(move || worst(&case, 1))
            })
            .collect();
        let results: Vec<(u64, f32)> = halves
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect();
        let (error, at) = results
            .into_iter()
            .fold((0, 0.0), |a, b| if b.0 > a.0 { b } else { a });
        println!("{}: largest error {error} ulp (at {at:e})", case.name);
        let limit = if case.name.starts_with("exp") { 1 } else { 2 };
        assert!(error <= limit, "{}: {error} ulp at {at:e}", case.name);
    }
}

/// The bits of the three functions over every binade of [-128, 128]
/// (`fastmath::bits_fingerprint`; web_boundary.rs asserts the same value in headless
/// Chromium, so the wasm32 build computes the same bits).
#[test]
fn fastmath_bits_are_pinned() {
    assert_eq!(
        format!("{:016x}", vgp::nn::fastmath::bits_fingerprint()),
        "841a274c56e61e64"
    );
}
