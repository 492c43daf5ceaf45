//! The synthetic datasets: five 2-D two-class sets and a 1-D noisy sine.
//!
//! All 2-D sets live in roughly [-1, 1]^2 and have balanced classes: sample `i`
//! has class `i % 2`, so class 0 gets the extra sample when `n` is odd. Noise is
//! Gaussian with standard deviation `noise`, added independently to each
//! coordinate after the clean point is drawn (0.1 is mild, 0.5 heavy). The
//! stream of random draws does not depend on `noise`.

use super::Pool;
use crate::random::gaussian;
use crate::RunRng;
use core::f32::consts::PI;
use rand::RngExt;

/// Build a balanced two-class pool: `point(class, rng)` draws one clean point.
fn binary(
    n: usize,
    noise: f32,
    rng: &mut RunRng,
    mut point: impl FnMut(usize, &mut RunRng) -> (f32, f32),
) -> Pool {
    let mut x = Vec::with_capacity(2 * n);
    let mut y = Vec::with_capacity(n);
    let mut stratum = Vec::with_capacity(n);
    for i in 0..n {
        let class = i % 2;
        let (a, b) = point(class, rng);
        x.push(a + noise * gaussian(rng));
        x.push(b + noise * gaussian(rng));
        y.push(class as f32);
        stratum.push(class);
    }
    Pool {
        x,
        y,
        stratum,
        strata: 2,
    }
}

/// The point at `radius` and `angle` (radians) from the origin.
fn polar(radius: f32, angle: f32) -> (f32, f32) {
    (radius * libm::cosf(angle), radius * libm::sinf(angle))
}

/// A disc inside a ring. Class 1 fills the disc of radius 0.5, class 0 the ring
/// 0.7..1.0; both uniform in area (radius = sqrt of a uniform r^2), so the
/// clean classes are 0.2 apart.
pub(crate) fn circle(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    binary(n, noise, rng, |class, rng| {
        let (r_in, r_out) = if class == 1 { (0.0, 0.5) } else { (0.7, 1.0) };
        let r2 = rng.random_range(r_in * r_in..r_out * r_out);
        polar(libm::sqrtf(r2), rng.random_range(0.0..2.0 * PI))
    })
}

/// The four quadrants of [-1, 1]^2: class 1 where `x * y > 0` (first and third),
/// class 0 where `x * y < 0`. Each coordinate's magnitude is uniform in
/// 0.1..1.0, leaving a clean margin of 0.1 on each side of both axes.
pub(crate) fn xor(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    binary(n, noise, rng, |class, rng| {
        let a = rng.random_range(0.1..1.0f32);
        let b = rng.random_range(0.1..1.0f32);
        let sign_x = if rng.random::<bool>() { 1.0 } else { -1.0 };
        // Same sign as x for class 1, the opposite sign for class 0.
        let sign_y = if class == 1 { sign_x } else { -sign_x };
        (sign_x * a, sign_y * b)
    })
}

/// Two round Gaussian blobs of standard deviation 0.2: class 1 centred at
/// (0.5, 0.5), class 0 at (-0.5, -0.5). Noise widens both blobs further.
pub(crate) fn gauss(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    binary(n, noise, rng, |class, rng| {
        let centre = if class == 1 { 0.5 } else { -0.5 };
        (centre + 0.2 * gaussian(rng), centre + 0.2 * gaussian(rng))
    })
}

/// Two interleaved Archimedean spiral arms of 1.5 turns each. With `t` uniform
/// in [0, 1): radius `t` (so up to 1) and angle `3 pi t`, plus `pi` for class 1,
/// which makes arm 1 arm 0 turned half way round. Neighbouring windings of the
/// two arms are 1/3 apart along any ray.
pub(crate) fn spiral(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    binary(n, noise, rng, |class, rng| {
        let t = rng.random::<f32>();
        let offset = if class == 1 { PI } else { 0.0 };
        polar(t, 3.0 * PI * t + offset)
    })
}

/// Two interleaved half circles (scikit-learn's `make_moons` layout) with `t`
/// uniform in [0, pi): class 0 is the upper arc (cos t, sin t), class 1 the
/// lower arc (1 - cos t, 0.5 - sin t). That layout spans [-1, 2] x [-0.5, 1];
/// it is centred on (0.5, 0.25) and scaled by 2/3 to span [-1, 1] x [-0.5, 0.5].
pub(crate) fn moons(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    binary(n, noise, rng, |class, rng| {
        let t = rng.random_range(0.0..PI);
        let (a, b) = if class == 1 {
            (1.0 - libm::cosf(t), 0.5 - libm::sinf(t))
        } else {
            (libm::cosf(t), libm::sinf(t))
        };
        ((a - 0.5) * (2.0 / 3.0), (b - 0.25) * (2.0 / 3.0))
    })
}

/// Regression of one period of a sine: `x` uniform in [-1, 1), target
/// `sin(pi x)` plus Gaussian noise of standard deviation `noise` (the input
/// itself is noise-free). Targets lie in about [-1, 1] before noise.
pub(crate) fn sine(n: usize, noise: f32, rng: &mut RunRng) -> Pool {
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let input = rng.random_range(-1.0..1.0f32);
        x.push(input);
        y.push(libm::sinf(PI * input) + noise * gaussian(rng));
    }
    Pool {
        x,
        y,
        stratum: vec![0; n],
        strata: 1,
    }
}
