//! Axis ticks and tick labels that stay truthful at any value the core can produce:
//! whole epochs only, decade axes whose labels reach past the data at both ends, and
//! linear axes that survive a single value, huge values and tiny ones.
//!
//! Charts put these ticks on their axes with `TickedAxis`, so the labels drawn are
//! exactly the ones computed (and tested) here.

use crate::numtext;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use std::ops::Range;

/// An f64 axis with exactly the given ticks (plotters' own `with_key_points` over f64
/// cannot take a label formatter), or plotters' own ticks (`plain`). Charts label it
/// with their own formatter. Every chart's axes are of this one type, so plotters'
/// generic chart code (the mesh, the axes, the builder) exists once in the page's
/// WebAssembly instead of once per pair of axis types.
#[derive(Clone)]
pub struct TickedAxis {
    inner: RangedCoordf64,
    ticks: Option<Vec<f64>>,
}

impl TickedAxis {
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> TickedAxis {
        TickedAxis {
            inner: range.into(),
            ticks: Some(ticks),
        }
    }

    /// An axis over `range` with plotters' own ticks and grid lines.
    pub fn plain(range: Range<f64>) -> TickedAxis {
        TickedAxis {
            inner: range.into(),
            ticks: None,
        }
    }
}

impl Ranged for TickedAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        match &self.ticks {
            None => self.inner.key_points(hint),
            // Only bold (labelled) ticks: no light grid lines between them.
            Some(_) if hint.weight().allow_light_points() => Vec::new(),
            Some(ticks) => ticks.clone(),
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// The label of a value where a chart gives no formatter of its own (every chart
/// does): plain digits, through `numtext` rather than the standard float formatting.
impl ValueFormatter<f64> for TickedAxis {
    fn format(value: &f64) -> String {
        numtext::f64_text(*value)
    }
}

/// Steps of 1, 2 and 5 times a power of ten: the "nice" numbers of an axis.
fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Whole-number ticks from `lo` to `hi` (epochs), at most `max_labels` of them, on a
/// step of 1, 2 or 5 times a power of ten. `lo` itself is always a tick.
pub fn integer_ticks(lo: usize, hi: usize, max_labels: usize) -> Vec<usize> {
    let hi = hi.max(lo);
    let max_labels = max_labels.max(2);
    let span = (hi - lo) as f64;
    // A nice step is never below span / (max_labels - 1), so at most max_labels ticks fit.
    let step = nice_step(span / (max_labels - 1) as f64).max(1.0) as usize;
    // Ticks on multiples of the step (0, 500, 1000...), starting with lo itself.
    let first = lo.div_ceil(step) * step;
    let mut ticks = vec![lo];
    ticks.extend((first..=hi).step_by(step).filter(|&t| t != lo));
    ticks
}

/// A decade axis: the range of log10 values it spans and the decades that get a label.
#[derive(Clone, Debug, PartialEq)]
pub struct DecadeAxis {
    /// log10 of the axis ends; both are labelled decades.
    pub lo: i32,
    pub hi: i32,
    /// The labelled decades, from `lo` to `hi` in equal steps.
    pub ticks: Vec<i32>,
}

/// A log axis covering log10 values `lo..=hi` (for example -36.0..-0.8): its ends are
/// decades on a common step below and above the data, so the first and last labels
/// always enclose every value, with at most `max_labels` labels.
pub fn decade_axis(lo: f64, hi: f64, max_labels: usize) -> DecadeAxis {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 0.0)
    };
    let max_labels = max_labels.max(2) as i32;
    let (floor, ceil) = (
        lo.floor() as i32,
        (hi.ceil() as i32).max(lo.floor() as i32 + 1),
    );
    let mut step = 1;
    loop {
        let a = floor.div_euclid(step) * step;
        let b = -((-ceil).div_euclid(step) * step);
        if (b - a) / step < max_labels {
            return DecadeAxis {
                lo: a,
                hi: b,
                ticks: (0..=(b - a) / step).map(|k| a + k * step).collect(),
            };
        }
        step = match step {
            1 => 2,
            2 => 3,
            3 => 4,
            4 => 6,
            s => s * 2,
        };
    }
}

/// The label of decade `k`: "1", "10", "0.1", otherwise "1e-8", "1e12".
pub fn decade_label(k: i32) -> String {
    match k {
        0 => "1".to_string(),
        1 => "10".to_string(),
        -1 => "0.1".to_string(),
        k => format!("1e{k}"),
    }
}

/// A linear axis: its ends and its ticks.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearAxis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    /// The distance between ticks (decides how many digits a label needs).
    pub step: f64,
}

/// A linear axis covering `lo..=hi` with at most `max_labels` ticks on a nice step. A
/// single value (or values a rounding error apart) gets a window around it.
pub fn linear_axis(lo: f64, hi: f64, max_labels: usize) -> LinearAxis {
    let (mut lo, mut hi) = if lo.is_finite() && hi.is_finite() {
        (lo.min(hi), lo.max(hi))
    } else {
        (0.0, 1.0)
    };
    let magnitude = lo.abs().max(hi.abs());
    if hi - lo <= magnitude * 1e-6 {
        // One value: a window of 10% of its size (or 1 around 0) either side.
        let half = if magnitude > 0.0 {
            magnitude * 0.1
        } else {
            1.0
        };
        lo -= half;
        hi += half;
    }
    let max_labels = max_labels.max(2);
    let mut step = nice_step((hi - lo) / (max_labels - 1) as f64);
    loop {
        let a = (lo / step).floor() * step;
        let b = (hi / step).ceil() * step;
        let count = ((b - a) / step).round() as usize + 1;
        if count <= max_labels {
            let ticks = (0..count).map(|k| a + k as f64 * step).collect();
            return LinearAxis {
                lo: a,
                hi: b,
                ticks,
                step,
            };
        }
        step = nice_step(step * 1.5);
    }
}

/// A tick label for `v` on an axis whose ticks are `step` apart: plain digits where that
/// is short ("0.25", "1500"), an exponent otherwise ("2.5e-7", "1e12"). Never more digits
/// than the step needs, and a value a rounding error away from 0 is "0".
pub fn format_tick(v: f64, step: f64) -> String {
    if v.abs() < step.abs() * 1e-6 || v == 0.0 {
        return "0".to_string();
    }
    let magnitude = v.abs();
    if !(1e-3..1e5).contains(&magnitude) {
        let digits = significant_digits(v, step).saturating_sub(1).min(3);
        return trim_exponent(&numtext::sci(v, digits));
    }
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10().floor()) as usize
    };
    let text = numtext::fixed(v, decimals);
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// How many significant digits show `v` to the precision of `step`.
fn significant_digits(v: f64, step: f64) -> usize {
    if step <= 0.0 || !step.is_finite() {
        return 2;
    }
    let digits = v.abs().log10().floor() - step.log10().floor() + 1.0;
    digits.clamp(1.0, 4.0) as usize
}

/// "2.50e-7" -> "2.5e-7", "1.0e12" -> "1e12".
fn trim_exponent(text: &str) -> String {
    match text.split_once('e') {
        Some((mantissa, exponent)) if mantissa.contains('.') => {
            let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
            format!("{mantissa}e{exponent}")
        }
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_axes_tick_as_plotters_and_ticked_axes_as_told() {
        use plotters::coord::ranged1d::{BoldPoints, LightPoints};
        let (plain, own) = (TickedAxis::plain(0.5..7.5), RangedCoordf64::from(0.5..7.5));
        assert_eq!(
            plain.key_points(BoldPoints(5)),
            own.key_points(BoldPoints(5))
        );
        let light = || LightPoints::new(5, 50);
        assert_eq!(plain.key_points(light()), own.key_points(light()));
        assert!(!plain.key_points(light()).is_empty());
        let ticked = TickedAxis::new(0.0..10.0, vec![1.0, 4.0]);
        assert_eq!(ticked.key_points(BoldPoints(5)), [1.0, 4.0]);
        assert!(ticked.key_points(light()).is_empty());
        assert_eq!((plain.range(), plain.map(&4.0, (0, 70))), (0.5..7.5, 35));
    }

    #[test]
    fn nice_steps_are_1_2_5_times_a_power_of_ten() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.5), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert!((nice_step(0.03) - 0.05).abs() < 1e-12);
        assert_eq!(nice_step(2e11), 2e11);
        // No usable span: a step of 1.
        for raw in [0.0, -3.0, f64::NAN, f64::INFINITY] {
            assert_eq!(nice_step(raw), 1.0, "{raw}");
        }
    }

    #[test]
    fn epoch_ticks_are_whole_numbers_and_never_repeat() {
        assert_eq!(integer_ticks(0, 0, 6), [0]);
        assert_eq!(integer_ticks(0, 1, 6), [0, 1]);
        assert_eq!(integer_ticks(0, 5, 6), [0, 1, 2, 3, 4, 5]);
        assert_eq!(integer_ticks(0, 7, 6), [0, 2, 4, 6]);
        assert_eq!(integer_ticks(0, 4096, 6), [0, 1000, 2000, 3000, 4000]);
        assert_eq!(integer_ticks(0, 1821, 6), [0, 500, 1000, 1500]);
        assert_eq!(integer_ticks(3, 3, 6), [3]);
        assert_eq!(integer_ticks(7, 12, 3), [7, 10]);
        // Far from 0 the step comes from the span, not from the epochs themselves.
        assert_eq!(integer_ticks(100, 110, 6), [100, 102, 104, 106, 108, 110]);
        for hi in 0..300 {
            let t = integer_ticks(0, hi, 6);
            assert!(t.len() <= 6, "{hi}: {t:?}");
            assert!(t.windows(2).all(|w| w[0] < w[1]), "{hi}: {t:?}");
            assert!(t.iter().all(|&x| x <= hi));
        }
    }

    #[test]
    fn decade_axes_enclose_the_data_with_few_labels() {
        let a = decade_axis(-7.4, -0.8, 8);
        assert_eq!((a.lo, a.hi), (-8, 0));
        assert_eq!(a.ticks, [-8, -6, -4, -2, 0]);
        // The profile's case from the field: data down to 1e-36.
        let deep = decade_axis(-36.0, -1.0, 8);
        assert!(deep.lo <= -36 && deep.hi >= -1, "{deep:?}");
        assert!(deep.ticks.len() <= 8);
        assert_eq!(deep.ticks.first(), Some(&deep.lo));
        assert_eq!(deep.ticks.last(), Some(&deep.hi));
        // The fixed gradient range.
        let fixed = decade_axis(-12.0, 12.0, 8);
        assert_eq!(fixed.ticks, [-12, -8, -4, 0, 4, 8, 12]);
        // A single value still gets one decade.
        let one = decade_axis(-3.0, -3.0, 8);
        assert_eq!((one.lo, one.hi), (-3, -2));
        for (lo, hi) in [(-38.0, 38.0), (-0.5, 0.2), (5.1, 5.2), (f64::NAN, 1.0)] {
            let a = decade_axis(lo, hi, 6);
            assert!(a.ticks.len() <= 6 && a.ticks.len() >= 2, "{lo} {hi}: {a:?}");
            if lo.is_finite() {
                assert!(f64::from(a.lo) <= lo && f64::from(a.hi) >= hi, "{a:?}");
            }
        }
        // Wide ranges take steps beyond 6 decades, doubling.
        assert_eq!(decade_axis(-100.0, 100.0, 4).ticks, [-192, 0, 192]);
        // A non-finite end: one decade at 0.
        let nan = decade_axis(f64::NAN, 1.0, 6);
        assert_eq!((nan.lo, nan.hi), (0, 1));
        assert_eq!(decade_label(0), "1");
        assert_eq!(decade_label(1), "10");
        assert_eq!(decade_label(-1), "0.1");
        assert_eq!(decade_label(-8), "1e-8");
        assert_eq!(decade_label(12), "1e12");
    }

    #[test]
    fn linear_axes_cover_single_huge_and_tiny_values() {
        let a = linear_axis(0.62, 0.82, 5);
        assert!(a.lo <= 0.62 && a.hi >= 0.82 && a.ticks.len() <= 5, "{a:?}");
        // One value: a window around it, with labels that are short.
        let one = linear_axis(0.6935, 0.6935, 5);
        assert!(one.lo < 0.6935 && one.hi > 0.6935, "{one:?}");
        // 10% either side, on steps of 0.05.
        assert_eq!(one.ticks.len(), 5, "{one:?}");
        assert!(
            (one.lo - 0.6).abs() < 1e-9 && (one.hi - 0.8).abs() < 1e-9,
            "{one:?}"
        );
        let labels: Vec<String> = one
            .ticks
            .iter()
            .map(|&t| format_tick(t, one.step))
            .collect();
        assert!(labels.iter().all(|l| l.len() <= 5), "{labels:?}");
        // A diverging loss of 1.2e12 at one epoch: no 13-digit labels.
        let huge = linear_axis(0.69, 1.2e12, 5);
        let labels: Vec<String> = huge
            .ticks
            .iter()
            .map(|&t| format_tick(t, huge.step))
            .collect();
        assert!(labels.iter().all(|l| l.len() <= 6), "{labels:?}");
        assert!(huge.hi >= 1.2e12);
        let single_huge = linear_axis(3.4e38, 3.4e38, 5);
        assert!(single_huge.ticks.iter().all(|t| t.is_finite()));
        let tiny = linear_axis(1e-9, 3e-9, 5);
        let labels: Vec<String> = tiny
            .ticks
            .iter()
            .map(|&t| format_tick(t, tiny.step))
            .collect();
        assert!(
            labels.iter().all(|l| l.contains('e') || l == "0"),
            "{labels:?}"
        );
        let zero = linear_axis(0.0, 0.0, 5);
        assert!(zero.lo < 0.0 && zero.hi > 0.0);
        let nan = linear_axis(f64::NAN, 1.0, 5);
        assert_eq!((nan.lo, nan.hi), (0.0, 1.0));
    }

    /// Exact axes for a few inputs (ends and ticks on multiples of the step).
    #[test]
    fn linear_axes_exactly() {
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| (x - y).abs() <= 1e-9 * y.abs().max(1e-12))
        };
        for (lo, hi, want, step) in [
            (0.62, 0.82, vec![0.6, 0.7, 0.8, 0.9], 0.1),
            (0.0, 0.0, vec![-1.0, -0.5, 0.0, 0.5, 1.0], 0.5),
            (0.69, 1.2e12, vec![0.0, 5e11, 1e12, 1.5e12], 5e11),
            (1e-9, 3e-9, vec![1e-9, 1.5e-9, 2e-9, 2.5e-9, 3e-9], 5e-10),
            (-3.0, 7.0, vec![-5.0, 0.0, 5.0, 10.0], 5.0),
        ] {
            let a = linear_axis(lo, hi, 5);
            assert!(close(&a.ticks, &want), "{lo}..{hi}: {a:?}");
            assert!((a.step - step).abs() <= 1e-9 * step, "{lo}..{hi}: {a:?}");
            assert!(
                close(&[a.lo, a.hi], &[want[0], want[want.len() - 1]]),
                "{a:?}"
            );
        }
    }

    #[test]
    fn tick_labels_are_short_and_exact() {
        assert_eq!(format_tick(1.5e5, 1e4), "1.5e5");
        assert_eq!(format_tick(1.23e-7, 1e-9), "1.23e-7");
        assert_eq!(format_tick(1.23e-7, 0.0), "1.2e-7");
        assert_eq!(format_tick(0.25, 0.05), "0.25");
        assert_eq!(format_tick(1500.0, 500.0), "1500");
        assert_eq!(format_tick(0.5, 0.1), "0.5");
        assert_eq!(format_tick(-5.6e-17, 0.5), "0");
        assert_eq!(format_tick(2e12, 5e11), "2e12");
        assert_eq!(format_tick(2.5e-7, 5e-8), "2.5e-7");
        assert_eq!(format_tick(1e-4, 1e-5), "1e-4");
        assert_eq!(format_tick(0.001, 0.0005), "0.001");
        assert_eq!(format_tick(99_999.0, 1.0), "99999");
        assert_eq!(format_tick(150_000.0, 50_000.0), "1.5e5");
    }
}
