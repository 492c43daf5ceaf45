//! The one colour scale for gradient norms, the same in every run and every setting, so
//! that a remedy can be compared with the problem by colour alone.
//!
//! The scale is logarithmic and fixed: from 1e-12 (`LOG_MIN`) to 1e12 (`LOG_MAX`),
//! twelve orders of magnitude either side of 1. That spans the vanishing case (a deep
//! sigmoid network's input-side gradients of 1e-8 and below) and the exploding one
//! (ReLU with a badly scaled initialization reaching 1e10 and more). Inside the range a
//! value's colour is viridis at `(log10 v - LOG_MIN) / (LOG_MAX - LOG_MIN)`: dark purple
//! for a vanished gradient, yellow for a huge one. Three colours outside viridis mark
//! what the range cannot show (docs/definitions.md, "Charts"):
//!
//! - exactly 0 (a gradient that underflowed): grey, `ZERO_COLOR`;
//! - below 1e-12: black, `BELOW_COLOR`;
//! - above 1e12: red, `ABOVE_COLOR`.
//!
//! The same scale colours a gradient relative to the output layer's (the ratio
//! `g_l / g_out`, what the seed's chain-rule argument is about).

use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::RGBColor;

/// log10 of the smallest value inside the scale.
pub const LOG_MIN: f32 = -12.0;
/// log10 of the largest value inside the scale.
pub const LOG_MAX: f32 = 12.0;
/// Colour of a gradient that is exactly 0 (underflowed).
pub const ZERO_COLOR: RGBColor = RGBColor(150, 150, 150);
/// Colour of a positive value below 10^LOG_MIN.
pub const BELOW_COLOR: RGBColor = RGBColor(0, 0, 0);
/// Colour of a value above 10^LOG_MAX (or infinite).
pub const ABOVE_COLOR: RGBColor = RGBColor(230, 0, 0);

/// Where a value falls on the scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Band {
    /// Exactly 0 (or negative, which a norm never is).
    Zero,
    /// Positive but below 10^LOG_MIN.
    Below,
    /// Inside the range, at position `t` in [0, 1] from the bottom.
    Inside(f32),
    /// Above 10^LOG_MAX.
    Above,
}

/// Which band `value` is in. NaN counts as above (it only arises from an overflow).
pub fn band(value: f32) -> Band {
    if value.is_nan() {
        return Band::Above;
    }
    if value <= 0.0 {
        return Band::Zero;
    }
    let log = value.log10();
    if log < LOG_MIN {
        Band::Below
    } else if log > LOG_MAX {
        Band::Above
    } else {
        Band::Inside((log - LOG_MIN) / (LOG_MAX - LOG_MIN))
    }
}

/// The colour of `value` on the fixed scale.
pub fn color(value: f32) -> RGBColor {
    band_color(band(value))
}

fn band_color(band: Band) -> RGBColor {
    match band {
        Band::Zero => ZERO_COLOR,
        Band::Below => BELOW_COLOR,
        Band::Above => ABOVE_COLOR,
        Band::Inside(t) => ViridisRGB::get_color_normalized(t, 0.0, 1.0),
    }
}

/// The colour scale a heatmap is drawn with: its log10 range and what it colours. It is
/// data passed in, never fitted to the run being drawn: the page makes one and hands the
/// same value to every heatmap it draws (a comparison's A and B), so the same value is
/// the same colour in each, and the heatmap's layout records the scale it used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColourScale {
    pub log_min: f32,
    pub log_max: f32,
    pub mode: HeatmapMode,
}

impl Default for ColourScale {
    fn default() -> Self {
        ColourScale::fixed(HeatmapMode::Absolute)
    }
}

impl ColourScale {
    /// The one fixed scale (1e-12 to 1e12) showing `mode`.
    pub fn fixed(mode: HeatmapMode) -> ColourScale {
        ColourScale {
            log_min: LOG_MIN,
            log_max: LOG_MAX,
            mode,
        }
    }

    /// Where `value` falls on this scale (as [`band`] does on the fixed one).
    pub fn band(&self, value: f32) -> Band {
        if value.is_nan() {
            return Band::Above;
        }
        if value <= 0.0 {
            return Band::Zero;
        }
        let log = value.log10();
        if log < self.log_min {
            Band::Below
        } else if log > self.log_max {
            Band::Above
        } else {
            Band::Inside((log - self.log_min) / (self.log_max - self.log_min))
        }
    }

    /// The colour of `value` (already the quantity `mode` shows) on this scale.
    pub fn color(&self, value: f32) -> RGBColor {
        band_color(self.band(value))
    }

    /// The colour of layer `l` of an epoch's `grad_norm`, as `mode` shows it.
    pub fn cell_color(&self, grad_norm: &[f32], l: usize) -> RGBColor {
        self.color(self.mode.value(grad_norm, l))
    }
}

/// What the heatmap's colours show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HeatmapMode {
    /// Each layer's gradient norm ||dL/dW_l||.
    #[default]
    Absolute,
    /// Each layer's gradient norm over the output layer's at the same epoch.
    RelativeToOutput,
}

impl HeatmapMode {
    /// The value coloured for layer `l` of an epoch's `grad_norm`. Relative to an output
    /// gradient of exactly 0 a non-zero gradient is infinitely larger (drawn as above the
    /// range) and a zero one is 0.
    pub fn value(self, grad_norm: &[f32], l: usize) -> f32 {
        let g = grad_norm.get(l).copied().unwrap_or(0.0);
        match self {
            HeatmapMode::Absolute => g,
            HeatmapMode::RelativeToOutput => {
                let out = grad_norm.last().copied().unwrap_or(0.0);
                if out > 0.0 {
                    g / out
                } else if g > 0.0 {
                    f32::INFINITY
                } else {
                    0.0
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_cover_zero_below_inside_and_above() {
        assert_eq!(band(0.0), Band::Zero);
        assert_eq!(band(-1.0), Band::Zero);
        assert_eq!(band(1e-13), Band::Below);
        assert_eq!(band(1e13), Band::Above);
        assert_eq!(band(f32::INFINITY), Band::Above);
        assert_eq!(band(f32::NAN), Band::Above);
        assert_eq!(band(1.0), Band::Inside(0.5));
        assert_eq!(band(1e-12), Band::Inside(0.0));
        assert_eq!(band(1e12), Band::Inside(1.0));
        match band(1e-6) {
            Band::Inside(t) => assert!((t - 0.25).abs() < 1e-6, "{t}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_value_gets_the_same_colour_and_the_ends_their_own() {
        let viridis = |t: f32| ViridisRGB::get_color_normalized(t, 0.0, 1.0);
        assert_eq!(color(1.0), viridis(0.5));
        assert_eq!(color(1e-12), viridis(0.0));
        assert_eq!(color(1e12), viridis(1.0));
        let specials = [ZERO_COLOR, BELOW_COLOR, ABOVE_COLOR];
        assert_eq!(color(0.0), ZERO_COLOR);
        assert_eq!(color(1e-20), BELOW_COLOR);
        assert_eq!(color(1e20), ABOVE_COLOR);
        // The special colours are not viridis colours, and differ from each other.
        for (i, s) in specials.iter().enumerate() {
            for t in (0..=100).map(|k| k as f32 / 100.0) {
                assert_ne!(*s, viridis(t), "special colour {i} equals viridis({t})");
            }
            for other in &specials[i + 1..] {
                assert_ne!(s, other);
            }
        }
        // Five orders of magnitude apart are far apart in colour.
        let (a, b) = (color(4.7e-3), color(4.3e-8));
        let distance = (i32::from(a.0) - i32::from(b.0)).abs()
            + (i32::from(a.1) - i32::from(b.1)).abs()
            + (i32::from(a.2) - i32::from(b.2)).abs();
        assert!(distance > 60, "{a:?} vs {b:?}");
    }

    #[test]
    fn the_fixed_scale_object_colours_as_the_fixed_scale() {
        let fixed = ColourScale::fixed(HeatmapMode::Absolute);
        for v in [0.0, 1e-20, 1e-12, 3e-7, 1.0, 1e12, 1e20, f32::NAN] {
            assert_eq!(fixed.color(v), color(v), "{v}");
        }
        let narrow = ColourScale {
            log_min: -2.0,
            log_max: 2.0,
            mode: HeatmapMode::Absolute,
        };
        assert_eq!(narrow.band(1e-3), Band::Below);
        assert_eq!(narrow.band(1.0), Band::Inside(0.5));
    }

    #[test]
    fn relative_values_divide_by_the_output_layer() {
        let g = [1e-6, 1e-3, 1e-2];
        assert_eq!(HeatmapMode::Absolute.value(&g, 0), 1e-6);
        assert!((HeatmapMode::RelativeToOutput.value(&g, 0) - 1e-4).abs() < 1e-10);
        assert_eq!(HeatmapMode::RelativeToOutput.value(&g, 2), 1.0);
        assert_eq!(
            HeatmapMode::RelativeToOutput.value(&[1.0, 0.0], 0),
            f32::INFINITY
        );
        assert_eq!(HeatmapMode::RelativeToOutput.value(&[0.0, 0.0], 0), 0.0);
        assert_eq!(HeatmapMode::Absolute.value(&g, 9), 0.0);
    }
}
