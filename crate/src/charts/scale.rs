//! The colour scales of gradient norms, fixed: the same in every run and every setting,
//! so that a remedy can be compared with the problem by colour alone.
//!
//! Each scale is logarithmic. The absolute one (each layer's gradient norm) spans
//! 1e-8 to 1e2 (`LOG_MIN`, `LOG_MAX`); the relative one (each layer's gradient over the
//! output layer's, the ratio the seed's chain-rule argument is about) spans 1e-8 to 1e2
//! times the output layer's (`RELATIVE_LOG_MIN`, `RELATIVE_LOG_MAX`). Both ranges were
//! chosen from what this playground's runs produce (`crate/cli/examples/scale_survey.rs`,
//! docs/definitions.md "Colour scales"): these ten decades hold 92% of the per-layer
//! norms measured over a grid of depths, activations, initializations, batch
//! normalization and residual connections (95% of the presets'), what falls below is
//! a gradient that vanished much further still, and a five-decade fall, the default
//! run's, spans half the colour map. Inside a range a value's colour is viridis at
//! `(log10 v - min) / (max - min)`: dark purple for a vanished gradient, yellow for a
//! large one. What a range cannot show gets colours of its own (docs/definitions.md,
//! "Charts"), the two beyond the range also striped so that no one reads them as an
//! end of viridis:
//!
//! - exactly 0 (a gradient that underflowed, or a network that stopped): plain grey,
//!   `ZERO_COLOR`;
//! - below the range: black with grey stripes, `BELOW_COLOR` and `BELOW_STRIPE`;
//! - above the range (or not finite): red with white stripes, `ABOVE_COLOR` and
//!   `ABOVE_STRIPE`.

use plotters::style::colors::colormaps::ViridisRGB;
use plotters::style::RGBColor;

/// log10 of the smallest gradient norm inside the absolute scale.
pub const LOG_MIN: f32 = -8.0;
/// log10 of the largest gradient norm inside the absolute scale.
pub const LOG_MAX: f32 = 2.0;
/// log10 of the smallest ratio to the output layer inside the relative scale.
pub const RELATIVE_LOG_MIN: f32 = -8.0;
/// log10 of the largest ratio to the output layer inside the relative scale.
pub const RELATIVE_LOG_MAX: f32 = 2.0;
/// Colour of a gradient that is exactly 0 (underflowed).
pub const ZERO_COLOR: RGBColor = RGBColor(150, 150, 150);
/// Colour of a positive value below the range, and of its stripes.
pub const BELOW_COLOR: RGBColor = RGBColor(0, 0, 0);
pub const BELOW_STRIPE: RGBColor = RGBColor(120, 120, 120);
/// Colour of a value above the range (or infinite), and of its stripes.
pub const ABOVE_COLOR: RGBColor = RGBColor(230, 0, 0);
pub const ABOVE_STRIPE: RGBColor = RGBColor(255, 255, 255);
/// Stripes run diagonally, `STRIPE_WIDTH` pixels of stripe in every `STRIPE_PERIOD`.
pub const STRIPE_PERIOD: u32 = 8;
pub const STRIPE_WIDTH: u32 = 3;

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

/// The scale's colour at position `t` in [0, 1] from its bottom.
pub fn inside_color(t: f32) -> RGBColor {
    band_color(Band::Inside(t))
}

/// The colour of `value` on the fixed scale.
pub fn color(value: f32) -> RGBColor {
    band_color(band(value))
}

/// The stripe colour over a band's cells: only the two beyond the range have stripes.
pub fn band_stripe(band: Band) -> Option<RGBColor> {
    match band {
        Band::Below => Some(BELOW_STRIPE),
        Band::Above => Some(ABOVE_STRIPE),
        Band::Zero | Band::Inside(_) => None,
    }
}

/// True where pixel (`x`, `y`) of a striped cell is stripe rather than ground: diagonal
/// bands `STRIPE_WIDTH` pixels wide every `STRIPE_PERIOD` pixels.
pub fn on_stripe(x: u32, y: u32) -> bool {
    (x + y) % STRIPE_PERIOD < STRIPE_WIDTH
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
    /// The fixed scale of `mode`: 1e-8 to 1e2 for gradient norms, 1e-8 to 1e2 times the
    /// output layer's for ratios.
    pub fn fixed(mode: HeatmapMode) -> ColourScale {
        let (log_min, log_max) = match mode {
            HeatmapMode::Absolute => (LOG_MIN, LOG_MAX),
            HeatmapMode::RelativeToOutput => (RELATIVE_LOG_MIN, RELATIVE_LOG_MAX),
        };
        ColourScale {
            log_min,
            log_max,
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
    /// Where `value` lies on the scale, 0 to 1: 0 below it (or exactly 0), 1 above it
    /// (or NaN).
    pub fn position(&self, value: f32) -> f32 {
        match self.band(value) {
            Band::Inside(t) => t,
            Band::Above => 1.0,
            Band::Below | Band::Zero => 0.0,
        }
    }

    pub fn color(&self, value: f32) -> RGBColor {
        band_color(self.band(value))
    }

    /// The colour of layer `l` of an epoch's `grad_norm`, as `mode` shows it.
    pub fn cell_color(&self, grad_norm: &[f32], l: usize) -> RGBColor {
        self.color(self.mode.value(grad_norm, l))
    }

    /// The stripe colour of layer `l`'s cell, if its value is beyond the range.
    pub fn cell_stripe(&self, grad_norm: &[f32], l: usize) -> Option<RGBColor> {
        band_stripe(self.band(self.mode.value(grad_norm, l)))
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
        assert_eq!(band(1e-9), Band::Below);
        assert_eq!(band(1e3), Band::Above);
        assert_eq!(band(f32::INFINITY), Band::Above);
        assert_eq!(band(f32::NAN), Band::Above);
        assert_eq!(band(1e-3), Band::Inside(0.5));
        assert_eq!(band(1e-8), Band::Inside(0.0));
        assert_eq!(band(1e2), Band::Inside(1.0));
        match band(1e-6) {
            Band::Inside(t) => assert!((t - 0.2).abs() < 1e-6, "{t}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_same_value_gets_the_same_colour_and_the_ends_their_own() {
        let viridis = |t: f32| ViridisRGB::get_color_normalized(t, 0.0, 1.0);
        assert_eq!(color(1e-3), viridis(0.5));
        assert_eq!(color(1e-8), viridis(0.0));
        assert_eq!(color(1e2), viridis(1.0));
        let specials = [
            ZERO_COLOR,
            BELOW_COLOR,
            ABOVE_COLOR,
            BELOW_STRIPE,
            ABOVE_STRIPE,
        ];
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
        // The default run's five orders of magnitude (4.3e-8 to 4.7e-3) span half the
        // map: dark purple against teal-green, far apart in colour.
        let (a, b) = (color(4.7e-3), color(4.3e-8));
        let distance = (i32::from(a.0) - i32::from(b.0)).abs()
            + (i32::from(a.1) - i32::from(b.1)).abs()
            + (i32::from(a.2) - i32::from(b.2)).abs();
        assert!(distance > 200, "{a:?} vs {b:?}");
    }

    #[test]
    fn only_values_beyond_the_range_are_striped() {
        assert_eq!(band_stripe(band(1e-9)), Some(BELOW_STRIPE));
        assert_eq!(band_stripe(band(1e3)), Some(ABOVE_STRIPE));
        assert_eq!(band_stripe(band(f32::NAN)), Some(ABOVE_STRIPE));
        assert_eq!(band_stripe(band(0.0)), None);
        assert_eq!(band_stripe(band(1.0)), None);
        // Three stripe pixels in every eight along a row, shifted by one on the next row.
        let row: Vec<bool> = (0..16).map(|x| on_stripe(x, 0)).collect();
        assert_eq!(row.iter().filter(|&&s| s).count(), 6);
        assert!(on_stripe(0, 0) && !on_stripe(3, 0) && on_stripe(7, 1) && !on_stripe(2, 1));
        let scale = ColourScale::fixed(HeatmapMode::RelativeToOutput);
        assert_eq!(scale.cell_stripe(&[1e-9, 1.0], 0), Some(BELOW_STRIPE));
        assert_eq!(scale.cell_stripe(&[1e-7, 1.0], 0), None);
    }

    #[test]
    fn each_mode_has_its_own_fixed_range() {
        let absolute = ColourScale::fixed(HeatmapMode::Absolute);
        let relative = ColourScale::fixed(HeatmapMode::RelativeToOutput);
        assert_eq!((absolute.log_min, absolute.log_max), (LOG_MIN, LOG_MAX));
        assert_eq!(
            (relative.log_min, relative.log_max),
            (RELATIVE_LOG_MIN, RELATIVE_LOG_MAX)
        );
        // The same layer, 1e-6 below an output gradient of 1e-2: absolute 1e-8 is the
        // scale's bottom, relative 1e-6 sits a fifth of the way up.
        let g = [1e-8, 1e-2];
        assert_eq!(absolute.band(absolute.mode.value(&g, 0)), Band::Inside(0.0));
        match relative.band(relative.mode.value(&g, 0)) {
            Band::Inside(t) => assert!((t - 0.2).abs() < 1e-4, "{t}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_fixed_scale_object_colours_as_the_fixed_scale() {
        let fixed = ColourScale::fixed(HeatmapMode::Absolute);
        for v in [0.0, 1e-20, 1e-8, 3e-7, 1.0, 1e2, 1e20, f32::NAN] {
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
