//! Weight initializations. Biases always start at 0; these fill a weight matrix.
//!
//! With fan_in = the layer's inputs and fan_out = its outputs:
//! - `zeros`: all 0 (every unit stays identical: a classic failure to try);
//! - `normal`: N(0, scale), `uniform`: U(-scale, scale);
//! - `glorot_uniform`: U(-a, a), a = sqrt(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010);
//! - `glorot_normal`: N(0, sqrt(2 / (fan_in + fan_out)));
//! - `he_uniform`: U(-a, a), a = sqrt(6 / fan_in); `he_normal`: N(0, sqrt(2 / fan_in)) (He et al., 2015);
//! - `lecun_normal`: N(0, sqrt(1 / fan_in)).
//!
//! N(0, s) is the untruncated normal with standard deviation s.

use crate::config::Init;
use crate::random::{gaussian, symmetric_uniform};
use crate::RunRng;

/// Fill `weights` (a [fan_out, fan_in] matrix, row-major) by `kind`, drawing from `rng`.
pub fn init_weights(
    kind: Init,
    scale: f32,
    fan_in: usize,
    fan_out: usize,
    weights: &mut [f32],
    rng: &mut RunRng,
) {
    let fan_in_f = fan_in.max(1) as f64;
    let fan_sum = (fan_in + fan_out).max(1) as f64;
    match kind {
        Init::Zeros => weights.fill(0.0),
        Init::Normal => fill_normal(scale as f64, weights, rng),
        Init::Uniform => fill_uniform(scale as f64, weights, rng),
        Init::GlorotUniform => fill_uniform((6.0 / fan_sum).sqrt(), weights, rng),
        Init::GlorotNormal => fill_normal((2.0 / fan_sum).sqrt(), weights, rng),
        Init::HeUniform => fill_uniform((6.0 / fan_in_f).sqrt(), weights, rng),
        Init::HeNormal => fill_normal((2.0 / fan_in_f).sqrt(), weights, rng),
        Init::LecunNormal => fill_normal((1.0 / fan_in_f).sqrt(), weights, rng),
    }
}

fn fill_normal(std_dev: f64, weights: &mut [f32], rng: &mut RunRng) {
    weights
        .iter_mut()
        .for_each(|w| *w = (std_dev * gaussian(rng) as f64) as f32);
}

fn fill_uniform(half_width: f64, weights: &mut [f32], rng: &mut RunRng) {
    weights
        .iter_mut()
        .for_each(|w| *w = symmetric_uniform(rng, half_width));
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn moments(kind: Init, fan_in: usize, fan_out: usize) -> (f64, f64, f64) {
        let mut rng = RunRng::seed_from_u64(7);
        let mut w = vec![0.0; fan_in * fan_out];
        init_weights(kind, 1.0, fan_in, fan_out, &mut w, &mut rng);
        let n = w.len() as f64;
        let mean = w.iter().map(|&x| x as f64).sum::<f64>() / n;
        let var = w.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n;
        let max = w.iter().map(|x| x.abs() as f64).fold(0.0, f64::max);
        (mean, var.sqrt(), max)
    }

    #[test]
    fn standard_deviations_match_their_formulas() {
        let (fi, fo) = (200, 100);
        let cases = [
            (Init::GlorotNormal, (2.0 / 300.0_f64).sqrt()),
            (
                Init::GlorotUniform,
                (6.0 / 300.0_f64).sqrt() / 3.0_f64.sqrt(),
            ),
            (Init::HeNormal, (2.0 / 200.0_f64).sqrt()),
            (Init::HeUniform, (6.0 / 200.0_f64).sqrt() / 3.0_f64.sqrt()),
            (Init::LecunNormal, (1.0 / 200.0_f64).sqrt()),
            (Init::Normal, 1.0),
            (Init::Uniform, 1.0 / 3.0_f64.sqrt()),
        ];
        for (kind, expected_std) in cases {
            let (mean, std, _) = moments(kind, fi, fo);
            assert!(
                mean.abs() < 0.02 * expected_std.max(0.1),
                "{kind:?} mean {mean}"
            );
            assert!(
                (std / expected_std - 1.0).abs() < 0.03,
                "{kind:?} std {std} vs {expected_std}"
            );
        }
        let (_, _, max) = moments(Init::GlorotUniform, fi, fo);
        assert!(max <= (6.0 / 300.0_f64).sqrt());
        assert_eq!(moments(Init::Zeros, fi, fo), (0.0, 0.0, 0.0));
    }
}
