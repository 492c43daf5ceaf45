//! The charts' own colours against their backgrounds, in the light and dark themes, by
//! WCAG 2's contrast ratio: every mark a chart draws (lines, markers, bars, the crosses
//! of exact zeros, the divergence marker) reaches 3:1 (non-text contrast, 1.4.11) and
//! every text 4.5:1 (1.4.3). The colours are read from where the charts take them:
//! `ChartStyle` (palette, foreground, `faint`, `muted`, `alert`), `layer_color` for every
//! network depth the page allows, and the prediction chart's class colours.
//!
//! The heatmap's cells keep viridis (and its grey and striped off-scale colours) in
//! full: there colour is the data itself, one fixed scale for every run, and the page's
//! non-colour channels for it are the chart's summary, its table and the tooltip or
//! read-out of a cell.

use plotters::prelude::RGBColor;
use vgp::charts::{boundary::CLASS, layer_color, ChartStyle};

/// WCAG 2's relative luminance of an sRGB colour.
fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG 2's contrast ratio of two colours, 1 to 21.
fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Every colour a chart draws marks in, with a name for the failure message.
fn marks(style: &ChartStyle) -> Vec<(String, RGBColor)> {
    let mut marks: Vec<(String, RGBColor)> = style
        .palette
        .iter()
        .enumerate()
        .map(|(i, &c)| (format!("palette[{i}]"), c))
        .collect();
    marks.extend([
        ("foreground".to_string(), style.foreground),
        ("faint".to_string(), style.faint()),
        ("muted".to_string(), style.muted),
        ("alert".to_string(), style.alert),
        ("class 0".to_string(), CLASS[0]),
        ("class 1".to_string(), CLASS[1]),
    ]);
    for layers in 1..=101 {
        for l in 0..layers {
            marks.push((
                format!("layer_color({l}, {layers})"),
                layer_color(l, layers, style),
            ));
        }
    }
    marks
}

#[test]
fn wcag_contrast_matches_known_pairs() {
    let (white, black) = (RGBColor(255, 255, 255), RGBColor(0, 0, 0));
    assert!((contrast(white, black) - 21.0).abs() < 1e-9);
    assert!((contrast(white, white) - 1.0).abs() < 1e-9);
    // #767676 on white is the classic smallest grey at 4.5:1.
    assert!((contrast(RGBColor(118, 118, 118), white) - 4.54).abs() < 0.01);
}

#[test]
fn every_chart_mark_reaches_3_to_1_and_every_text_4_5_to_1_in_both_themes() {
    for (theme, style) in [
        ("light", ChartStyle::light(1.0)),
        ("dark", ChartStyle::dark(1.0)),
    ] {
        let bg = style.background;
        let mut failures = Vec::new();
        for (name, c) in marks(&style) {
            let ratio = contrast(c, bg);
            if ratio < 3.0 {
                failures.push(format!("{theme} mark {name} {c:?}: {ratio:.2}"));
            }
        }
        for (name, c) in [("foreground", style.foreground), ("alert", style.alert)] {
            let ratio = contrast(c, bg);
            if ratio < 4.5 {
                failures.push(format!("{theme} text {name} {c:?}: {ratio:.2}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
