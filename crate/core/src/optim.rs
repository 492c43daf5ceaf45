//! Optimizers with PyTorch's update rules, and global-norm gradient clipping.
//!
//! Gradients are those of the mean loss over the minibatch.
//! - `sgd`: `p <- p - lr g`.
//! - `momentum`: `v <- mom v + g` (v starts at 0, so the first step has v = g), `p <- p - lr v`.
//! - `adam`: `m <- m + (1 - b1)(g - m)`, `s <- b2 s + (1 - b2) g^2`,
//!   `p <- p - (lr / (1 - b1^t)) m / (sqrt(s) / sqrt(1 - b2^t) + eps)`,
//!   with b1 = 0.9, b2 = 0.999, eps = 1e-8, t the step count from 1: PyTorch's order of
//!   operations, which equals the textbook bias-corrected form. As in PyTorch, whose betas
//!   are Python floats, `1 - b1` and `1 - b2` are formed in f64 and rounded to f32 once
//!   (0.1 and 0.001 exactly as f32 literals), and the bias corrections use the f64 betas.
//! - clipping (`clip` > 0): with N the global L2 norm of all gradients, every gradient is
//!   multiplied by `clip / (N + 1e-6)` when that factor is below 1 (`clip_grad_norm_`).

use crate::config::OptimizerKind;
use crate::nn::linalg::norm;

/// Adam's first-moment decay, as PyTorch holds it (a Python float, f64).
pub const ADAM_BETA1: f64 = 0.9;
/// Adam's second-moment decay (f64, as PyTorch).
pub const ADAM_BETA2: f64 = 0.999;
/// Adam's denominator epsilon.
pub const ADAM_EPS: f32 = 1e-8;

/// The settings that may change while a run trains, without a reset.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptimizerSettings {
    pub kind: OptimizerKind,
    pub lr: f32,
    pub mom: f32,
    pub clip: f32,
}

/// An optimizer's settings and per-parameter state.
#[derive(Clone, Debug)]
pub struct Optimizer {
    settings: OptimizerSettings,
    /// Momentum's velocity, or Adam's first moment.
    first: Vec<f32>,
    /// Adam's second moment.
    second: Vec<f32>,
    /// Steps taken since the state was last reset.
    steps: u64,
}

impl Optimizer {
    pub fn new(settings: OptimizerSettings, parameters: usize) -> Self {
        let second = if settings.kind == OptimizerKind::Adam {
            parameters
        } else {
            0
        };
        Optimizer {
            settings,
            first: vec![0.0; parameters],
            second: vec![0.0; second],
            steps: 0,
        }
    }

    pub fn settings(&self) -> OptimizerSettings {
        self.settings
    }

    /// Change settings mid-run. A new kind starts from fresh state; the same kind keeps it.
    pub fn update_settings(&mut self, settings: OptimizerSettings) {
        if settings.kind != self.settings.kind {
            *self = Optimizer::new(settings, self.first.len());
        } else {
            self.settings = settings;
        }
    }

    /// Clip (if on) and apply one step to `params` from `grads`.
    pub fn step(&mut self, params: &mut [f32], grads: &mut [f32]) {
        let OptimizerSettings {
            kind,
            lr,
            mom,
            clip,
        } = self.settings;
        if clip > 0.0 {
            clip_global_norm(grads, clip);
        }
        self.steps += 1;
        match kind {
            OptimizerKind::Sgd => {
                for (p, &g) in params.iter_mut().zip(grads.iter()) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum => {
                for ((p, &g), v) in params.iter_mut().zip(grads.iter()).zip(&mut self.first) {
                    *v = mom * *v + g;
                    *p -= lr * *v;
                }
            }
            OptimizerKind::Adam => {
                let t = self.steps as i32;
                let bias_correction1 = 1.0 - ADAM_BETA1.powi(t);
                let bias_correction2 = 1.0 - ADAM_BETA2.powi(t);
                // The f32 coefficients of the moment updates, each rounded once from f64
                // (f32 arithmetic `1.0 - 0.9f32` would give 0.100000024 instead of 0.1).
                let lerp_weight = (1.0 - ADAM_BETA1) as f32;
                let beta2 = ADAM_BETA2 as f32;
                let one_minus_beta2 = (1.0 - ADAM_BETA2) as f32;
                let step_size = (lr as f64 / bias_correction1) as f32;
                let bias_correction2_sqrt = bias_correction2.sqrt() as f32;
                for (((p, &g), m), s) in params
                    .iter_mut()
                    .zip(grads.iter())
                    .zip(&mut self.first)
                    .zip(&mut self.second)
                {
                    *m += lerp_weight * (g - *m);
                    *s = beta2 * *s + one_minus_beta2 * g * g;
                    let denom = s.sqrt() / bias_correction2_sqrt + ADAM_EPS;
                    *p -= step_size * *m / denom;
                }
            }
        }
    }
}

/// Scale `grads` so their global L2 norm is at most `max_norm` (PyTorch's
/// `clip_grad_norm_`, including its 1e-6). Returns the norm before clipping.
pub fn clip_global_norm(grads: &mut [f32], max_norm: f32) -> f32 {
    let total = norm(grads);
    let coef = max_norm / (total + 1e-6);
    if coef < 1.0 {
        grads.iter_mut().for_each(|g| *g *= coef);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(kind: OptimizerKind) -> OptimizerSettings {
        OptimizerSettings {
            kind,
            lr: 0.1,
            mom: 0.9,
            clip: 0.0,
        }
    }

    #[test]
    fn sgd_step_by_hand() {
        let mut opt = Optimizer::new(settings(OptimizerKind::Sgd), 2);
        let mut p = [1.0, -2.0];
        opt.step(&mut p, &mut [0.5, -1.0]);
        assert!((p[0] - 0.95).abs() < 1e-7 && (p[1] + 1.9).abs() < 1e-7);
    }

    #[test]
    fn momentum_steps_by_hand() {
        let mut opt = Optimizer::new(settings(OptimizerKind::Momentum), 1);
        let mut p = [1.0];
        opt.step(&mut p, &mut [1.0]); // v = 1, p = 0.9
        opt.step(&mut p, &mut [1.0]); // v = 1.9, p = 0.71
        assert!((p[0] - 0.71).abs() < 1e-6, "{}", p[0]);
    }

    #[test]
    fn adam_steps_by_hand() {
        let mut opt = Optimizer::new(settings(OptimizerKind::Adam), 1);
        let mut p = [1.0_f32];
        // Step 1: m = 0.1 g, s = 0.001 g^2; mhat = g, shat = g^2: p -= lr * g / (|g| + eps).
        opt.step(&mut p, &mut [0.5]);
        assert!((p[0] - (1.0 - 0.1 * 0.5 / (0.5 + 1e-8))).abs() < 1e-6);
        // Step 2 with g = -1: m = 0.9*0.05 - 0.1 = -0.055, s = 0.999*0.00025 + 0.001 = 0.00124975.
        opt.step(&mut p, &mut [-1.0]);
        let m_hat = -0.055 / (1.0 - 0.81);
        let s_hat = 0.001_249_75_f64 / (1.0 - 0.999_f64 * 0.999);
        let expected = 0.9 - 0.1 * m_hat / (s_hat.sqrt() + 1e-8);
        assert!(
            (p[0] as f64 - expected).abs() < 1e-5,
            "{} vs {}",
            p[0],
            expected
        );
    }

    #[test]
    fn clipping_rescales_only_above_the_threshold() {
        let mut g = [3.0, 4.0];
        assert_eq!(clip_global_norm(&mut g, 10.0), 5.0);
        assert_eq!(g, [3.0, 4.0]);
        clip_global_norm(&mut g, 1.0);
        assert!((g[0] - 0.6).abs() < 1e-6 && (g[1] - 0.8).abs() < 1e-6);
        let mut opt = Optimizer::new(
            OptimizerSettings {
                clip: 1.0,
                ..settings(OptimizerKind::Sgd)
            },
            2,
        );
        let mut p = [0.0, 0.0];
        opt.step(&mut p, &mut [30.0, 40.0]);
        assert!((p[0] + 0.06).abs() < 1e-6 && (p[1] + 0.08).abs() < 1e-6);
    }
}
