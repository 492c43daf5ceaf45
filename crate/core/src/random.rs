//! Seeded draws that are bit-identical natively and in wasm32.
//!
//! rand_distr's `Normal` would route `exp`/`ln` through num-traits, which uses
//! std's platform math whenever any crate in the build enables num-traits' `std`
//! feature (plotters does); these helpers use libm only.

use crate::RunRng;
use rand::RngExt;

/// A standard normal draw by the Box–Muller transform, in f64 with libm.
pub fn gaussian(rng: &mut RunRng) -> f32 {
    let u1 = 1.0 - rng.random::<f64>(); // (0, 1], so the log is finite
    let u2 = rng.random::<f64>(); // [0, 1)
    let radius = libm::sqrt(-2.0 * libm::log(u1));
    (radius * libm::cos(2.0 * core::f64::consts::PI * u2)) as f32
}

/// A uniform draw from [-half_width, half_width).
pub fn symmetric_uniform(rng: &mut RunRng, half_width: f64) -> f32 {
    ((rng.random::<f64>() * 2.0 - 1.0) * half_width) as f32
}
