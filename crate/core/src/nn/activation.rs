//! Activation functions, each with its derivative right beside it.
//!
//! The derivative is written in terms of the pre-activation `u` and, where that
//! is cheaper and exact, the already computed output `a = f(u)`.
//! Sigmoid and tanh come from `fastmath` (branch-free, vectorizable, within 2 ulp),
//! the other transcendentals from `libm`: both give bit-identical numbers natively
//! and in wasm32.

use crate::config::Activation;

/// SELU's fixed constants (Klambauer et al., 2017), as PyTorch uses them.
pub const SELU_ALPHA: f32 = 1.673_263_2;
/// SELU's output scale.
pub const SELU_LAMBDA: f32 = 1.050_701;
/// ELU's alpha.
pub const ELU_ALPHA: f32 = 1.0;

/// Logistic sigmoid over `libm`'s exponential, computed without overflow for either
/// sign of `x`. The losses use this one (once per sample); the activation uses
/// `fastmath::sigmoid`, the same formula over a vectorizable exponential.
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::expf(-x))
    } else {
        let e = libm::expf(x);
        e / (1.0 + e)
    }
}

impl Activation {
    /// a = f(u).
    #[inline]
    pub fn apply(self, u: f32, leak: f32) -> f32 {
        match self {
            Activation::Sigmoid => super::fastmath::sigmoid(u),
            Activation::Tanh => super::fastmath::tanh(u),
            // Written so a NaN passes through (as in PyTorch) instead of becoming 0.
            Activation::Relu => {
                if u <= 0.0 {
                    0.0
                } else {
                    u
                }
            }
            Activation::LeakyRelu => {
                if u > 0.0 {
                    u
                } else {
                    leak * u
                }
            }
            Activation::Elu => {
                if u > 0.0 {
                    u
                } else {
                    ELU_ALPHA * libm::expm1f(u)
                }
            }
            Activation::Selu => {
                if u > 0.0 {
                    SELU_LAMBDA * u
                } else {
                    SELU_LAMBDA * SELU_ALPHA * libm::expm1f(u)
                }
            }
            Activation::Linear => u,
        }
    }

    /// f'(u), given u and a = f(u).
    #[inline]
    pub fn derivative(self, u: f32, a: f32, leak: f32) -> f32 {
        match self {
            // s' = s (1 - s): at most 1/4, the squashing behind vanishing gradients.
            Activation::Sigmoid => a * (1.0 - a),
            // tanh' = 1 - tanh^2: at most 1, near 0 once |u| exceeds ~3.
            Activation::Tanh => 1.0 - a * a,
            // PyTorch's convention: relu'(0) = 0.
            Activation::Relu => {
                if u > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::LeakyRelu => {
                if u > 0.0 {
                    1.0
                } else {
                    leak
                }
            }
            // For u <= 0, a = alpha (e^u - 1), so f'(u) = alpha e^u = a + alpha.
            Activation::Elu => {
                if u > 0.0 {
                    1.0
                } else {
                    a + ELU_ALPHA
                }
            }
            // For u <= 0, a = lambda alpha (e^u - 1), so f'(u) = a + lambda alpha.
            Activation::Selu => {
                if u > 0.0 {
                    SELU_LAMBDA
                } else {
                    a + SELU_LAMBDA * SELU_ALPHA
                }
            }
            Activation::Linear => 1.0,
        }
    }

    /// The largest value f' takes, for activations that squash (used by the
    /// saturation metric); `None` for the others.
    pub fn max_derivative(self) -> Option<f32> {
        match self {
            Activation::Sigmoid => Some(0.25),
            Activation::Tanh => Some(1.0),
            _ => None,
        }
    }

    /// True for the rectifier family, whose units can die (output 0 for every input).
    pub fn can_die(self) -> bool {
        matches!(
            self,
            Activation::Relu | Activation::LeakyRelu | Activation::Elu | Activation::Selu
        )
    }

    /// Apply f element-wise: `a[i] = f(u[i])`. The choice of f is made once, outside
    /// the loop, so each loop is branch-free and vectorizes.
    pub fn apply_slice(self, u: &[f32], a: &mut [f32], leak: f32) {
        #[inline(always)]
        fn each(f: Activation, u: &[f32], a: &mut [f32], leak: f32) {
            for (ai, &ui) in a.iter_mut().zip(u) {
                *ai = f.apply(ui, leak);
            }
        }
        match self {
            Activation::Sigmoid => super::fastmath::sigmoid_slice(u, a),
            Activation::Tanh => super::fastmath::tanh_slice(u, a),
            Activation::Relu => each(Activation::Relu, u, a, leak),
            Activation::LeakyRelu => each(Activation::LeakyRelu, u, a, leak),
            Activation::Elu => each(Activation::Elu, u, a, leak),
            Activation::Selu => each(Activation::Selu, u, a, leak),
            Activation::Linear => each(Activation::Linear, u, a, leak),
        }
    }

    /// Chain rule through f element-wise: `grad_u[i] = grad_a[i] * f'(u[i])`, with the
    /// choice of f made once, outside the loop.
    pub fn backward_slice(
        self,
        u: &[f32],
        a: &[f32],
        grad_a: &[f32],
        grad_u: &mut [f32],
        leak: f32,
    ) {
        #[inline(always)]
        fn each(
            f: Activation,
            u: &[f32],
            a: &[f32],
            grad_a: &[f32],
            grad_u: &mut [f32],
            leak: f32,
        ) {
            for (((gu, &ga), &ui), &ai) in grad_u.iter_mut().zip(grad_a).zip(u).zip(a) {
                *gu = ga * f.derivative(ui, ai, leak);
            }
        }
        match self {
            Activation::Sigmoid => each(Activation::Sigmoid, u, a, grad_a, grad_u, leak),
            Activation::Tanh => each(Activation::Tanh, u, a, grad_a, grad_u, leak),
            Activation::Relu => each(Activation::Relu, u, a, grad_a, grad_u, leak),
            Activation::LeakyRelu => each(Activation::LeakyRelu, u, a, grad_a, grad_u, leak),
            Activation::Elu => each(Activation::Elu, u, a, grad_a, grad_u, leak),
            Activation::Selu => each(Activation::Selu, u, a, grad_a, grad_u, leak),
            Activation::Linear => each(Activation::Linear, u, a, grad_a, grad_u, leak),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At exactly 0 the rectifiers take their left branch's slope, as PyTorch does:
    /// relu'(0) = 0, leaky_relu'(0) = leak, selu'(0) = lambda alpha (elu'(0) = 1 either way).
    #[test]
    fn slopes_at_exactly_zero() {
        let leak = 0.1;
        let at_zero = |a: Activation| a.derivative(0.0, a.apply(0.0, leak), leak);
        assert_eq!(at_zero(Activation::Relu), 0.0);
        assert_eq!(at_zero(Activation::LeakyRelu), leak);
        assert!((at_zero(Activation::Selu) - 1.050_701 * 1.673_263_2).abs() < 1e-5);
        assert_eq!(at_zero(Activation::Elu), 1.0);
    }

    #[test]
    fn derivative_matches_central_difference() {
        let h = 1e-3_f64;
        for act in Activation::ALL {
            for &u in &[-3.0_f32, -0.7, -0.1, 0.2, 0.9, 2.5] {
                let a = act.apply(u, 0.05);
                let plus = act.apply((u as f64 + h) as f32, 0.05) as f64;
                let minus = act.apply((u as f64 - h) as f32, 0.05) as f64;
                let numeric = (plus - minus) / (2.0 * h);
                let analytic = act.derivative(u, a, 0.05) as f64;
                let err = (numeric - analytic).abs() / numeric.abs().max(1e-3);
                assert!(err < 2e-2, "{act:?} at {u}: {analytic} vs {numeric}");
            }
        }
    }

    #[test]
    fn sigmoid_is_stable_at_extremes() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!((sigmoid(0.0) - 0.5).abs() < 1e-7);
    }

    #[test]
    fn selu_constants_match_pytorch() {
        assert!((Activation::Selu.apply(1.0, 0.0) - 1.050_701).abs() < 1e-6);
        let at_minus_one = SELU_LAMBDA * SELU_ALPHA * (libm::expf(-1.0) - 1.0);
        assert!((Activation::Selu.apply(-1.0, 0.0) - at_minus_one).abs() < 1e-6);
    }
}
