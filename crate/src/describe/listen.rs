//! "Listen": the gradient profile as sound. Each layer's gradient norm, input side
//! first, becomes one short tone whose pitch rises linearly with the norm's log10: a
//! vanishing network (small norms near the input, large near the output) is heard as a
//! rising sweep, a healthy one as a nearly level run of tones.

use crate::charts::scale::{LOG_MAX, LOG_MIN};

/// The pitch of the colour scale's bottom (1e-8, and anything smaller, 0 included).
pub const LOW_HZ: f32 = 200.0;
/// The pitch of the colour scale's top (1e2, and anything larger).
pub const HIGH_HZ: f32 = 1000.0;
/// Each layer's tone and the silence after it, in seconds.
pub const TONE_S: f64 = 0.22;
pub const GAP_S: f64 = 0.06;

/// The pitch of a gradient norm: `log10(norm)` mapped linearly from the colour scale's
/// range [-8, 2] onto [`LOW_HZ`, `HIGH_HZ`] (80 Hz per order of magnitude), clamped at
/// both ends; exactly 0 (and NaN) sounds as the bottom.
pub fn pitch_hz(norm: f32) -> f32 {
    let t = if norm > 0.0 {
        ((norm.log10() - LOG_MIN) / (LOG_MAX - LOG_MIN)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    LOW_HZ + t * (HIGH_HZ - LOW_HZ)
}

/// The tones of one epoch's per-layer norms, input side first.
pub fn tones(grad_norm: &[f32]) -> Vec<f32> {
    grad_norm.iter().map(|&g| pitch_hz(g)).collect()
}

/// How long the tones of `layers` layers play, in seconds.
pub fn duration_s(layers: usize) -> f64 {
    layers as f64 * (TONE_S + GAP_S)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pitch_is_linear_in_the_logarithm_and_clamped() {
        assert_eq!(pitch_hz(1e-8), 200.0);
        assert_eq!(pitch_hz(1e2), 1000.0);
        assert!((pitch_hz(1e-3) - 600.0).abs() < 1e-3);
        assert!((pitch_hz(1e-7) - 280.0).abs() < 1e-3);
        assert_eq!(pitch_hz(1e-20), 200.0);
        assert_eq!(pitch_hz(0.0), 200.0);
        assert_eq!(pitch_hz(f32::NAN), 200.0);
        assert_eq!(pitch_hz(1e9), 1000.0);
        // A vanishing profile, input side first, is a rising sweep.
        let sweep = tones(&[1e-8, 1e-6, 1e-4, 1e-2]);
        assert!(sweep.windows(2).all(|w| w[0] < w[1]), "{sweep:?}");
        assert!((duration_s(10) - 2.8).abs() < 1e-9);
    }
}
