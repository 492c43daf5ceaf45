//! The read-out's gradient ratio and the heatmap's relative mode follow their
//! definitions in docs/definitions.md ("What the page shows") for any gradient norms:
//! the read-out shows `log10(grad_norm[0] / grad_norm[out])` with its sign, and the
//! relative mode colours `grad_norm[l] / grad_norm[out]` on the fixed scale.

use proptest::prelude::*;
use vgp::charts::scale::{color, ColourScale, HeatmapMode, ABOVE_COLOR, ZERO_COLOR};
use vgp::metrics::EpochMetrics;
use vgp::readout::readout;

/// A gradient norm: exactly 0, or any size f32 holds (subnormals included).
fn norm() -> impl Strategy<Value = f32> {
    prop_oneof![
        1 => Just(0.0f32),
        1 => Just(f32::MIN_POSITIVE / 64.0),
        8 => (-37.0f32..38.0).prop_map(|e| 10f32.powf(e)),
    ]
}

/// The number a read-out text such as "−6.6 orders" or "+10.0 orders" shows.
fn shown(text: &str) -> Option<f64> {
    text.strip_suffix(" orders")?
        .replace('\u{2212}', "-")
        .trim_start_matches('+')
        .parse()
        .ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_read_out_ratio_is_log10_of_layer_1_over_the_output_layer(
        grad_norm in prop::collection::vec(norm(), 2..12),
    ) {
        let (first, out) = (grad_norm[0], grad_norm[grad_norm.len() - 1]);
        let m = EpochMetrics { grad_norm: grad_norm.clone(), ..EpochMetrics::default() };
        let items = readout(Some(&m));
        let text = items.iter().find(|i| i.id == "ro-ratio").map(|i| i.value.clone());
        prop_assert!(text.is_some());
        let text = text.unwrap_or_default();
        if first > 0.0 && out > 0.0 {
            let truth = (f64::from(first) / f64::from(out)).log10();
            let value = shown(&text);
            prop_assert!(value.is_some(), "{:?} for {}", text, truth);
            let value = value.unwrap_or(f64::NAN);
            // One decimal: within half a tenth (and f32's rounding of the log).
            prop_assert!((value - truth).abs() <= 0.05 + 1e-5, "{:?} for {}", text, truth);
            // The sign says which end is larger.
            if truth >= 0.05 {
                prop_assert!(text.starts_with('+'), "{:?} for {}", text, truth);
            }
            if truth <= -0.05 {
                prop_assert!(text.starts_with('\u{2212}'), "{:?} for {}", text, truth);
            }
        } else if grad_norm.iter().all(|&g| g == 0.0) {
            prop_assert_eq!(text, "no gradient (all 0)");
        } else if first == 0.0 {
            prop_assert_eq!(text, "vanished (0)");
        } else {
            prop_assert_eq!(text, "\u{2013}");
        }
    }

    #[test]
    fn relative_mode_colours_each_layer_over_the_output_layer(
        grad_norm in prop::collection::vec(norm(), 1..12),
    ) {
        let out = grad_norm[grad_norm.len() - 1];
        let relative = ColourScale::fixed(HeatmapMode::RelativeToOutput);
        let absolute = ColourScale::fixed(HeatmapMode::Absolute);
        for (l, &g) in grad_norm.iter().enumerate() {
            prop_assert_eq!(absolute.cell_color(&grad_norm, l), color(g));
            let expected = if out > 0.0 {
                color(g / out)
            } else if g > 0.0 {
                ABOVE_COLOR
            } else {
                ZERO_COLOR
            };
            prop_assert_eq!(relative.cell_color(&grad_norm, l), expected, "layer {} of {:?}", l, grad_norm);
            // A larger gradient is never shown as a smaller relative value.
            for (k, &h) in grad_norm.iter().enumerate() {
                let (a, b) = (
                    HeatmapMode::RelativeToOutput.value(&grad_norm, l),
                    HeatmapMode::RelativeToOutput.value(&grad_norm, k),
                );
                if g < h {
                    prop_assert!(a <= b, "layers {} and {} of {:?}", l, k, grad_norm);
                }
            }
        }
        if out > 0.0 {
            // The output layer is 1 relative to itself: the middle of the scale.
            prop_assert_eq!(relative.cell_color(&grad_norm, grad_norm.len() - 1), color(1.0));
        }
    }
}
