//! The few numbers the page shows beside its run bar, as text: the newest epoch's train
//! and test loss, its test accuracy (or, for regression, the fit error), and how many
//! orders of magnitude lie between the input-side and the output-side gradient.

use crate::metrics::{orders_of_magnitude, EpochMetrics};
use crate::numtext::{self, fixed};

/// One labelled value of the read-out: `id` names the page element it fills.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: &'static str,
    pub label: String,
    pub value: String,
    /// A sentence saying what the value means (the element's tooltip).
    pub title: String,
}

/// The read-out of `m` (None before any epoch is measured: every value reads "–").
pub fn readout(m: Option<&EpochMetrics>) -> Vec<Item> {
    let dash = || "\u{2013}".to_string();
    let loss = |v: Option<f32>| v.map_or_else(dash, |v| format_number(f64::from(v)));
    let (accuracy_label, accuracy_value, accuracy_title) = match m {
        Some(m) if m.test_accuracy.is_none() => (
            "Test RMSE",
            format_number(f64::from(m.test_loss.max(0.0)).sqrt()),
            "Root of the mean squared error on the test set: the typical distance of a prediction from its target.",
        ),
        _ => (
            "Test accuracy",
            m.and_then(|m| m.test_accuracy)
                .map_or_else(dash, |a| format!("{}%", fixed(f64::from(100.0 * a), 1))),
            "Share of the test samples the network classifies correctly.",
        ),
    };
    let ratio = m.and_then(|m| orders_of_magnitude(&m.grad_norm));
    let ratio_value = match (m, ratio) {
        (_, Some(o)) => format!(
            "{}{} orders",
            if o > 0.0 { "+" } else { "\u{2212}" },
            fixed(f64::from(o.abs()), 1)
        ),
        // Every layer's gradient exactly 0: nothing to compare, and nothing learns.
        (Some(m), None) if !m.grad_norm.is_empty() && m.grad_norm.iter().all(|&g| g == 0.0) => {
            "no gradient (all 0)".to_string()
        }
        (Some(m), None) if m.grad_norm.first() == Some(&0.0) => "vanished (0)".to_string(),
        _ => dash(),
    };
    vec![
        Item {
            id: "ro-train-loss",
            label: "Train loss".to_string(),
            value: loss(m.map(|m| m.train_loss)),
            title: "Mean loss over the training set at the newest epoch.".to_string(),
        },
        Item {
            id: "ro-test-loss",
            label: "Test loss".to_string(),
            value: loss(m.map(|m| m.test_loss)),
            title: "Mean loss over the held-out test set at the newest epoch.".to_string(),
        },
        Item {
            id: "ro-accuracy",
            label: accuracy_label.to_string(),
            value: accuracy_value,
            title: accuracy_title.to_string(),
        },
        Item {
            id: "ro-ratio",
            label: "Layer 1 vs output".to_string(),
            value: ratio_value,
            title: "log10 of the first layer's gradient norm over the output layer's: \u{2212}6 means the first layer gets a learning signal a million times weaker.".to_string(),
        },
    ]
}

/// Four significant digits, with an exponent for very small or large values.
pub fn format_number(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    if !v.is_finite() {
        return numtext::f64_text(v);
    }
    let a = v.abs();
    if (1e-3..1e5).contains(&a) {
        let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
        fixed(v, decimals)
    } else {
        numtext::sci(v, 3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(items: &[Item], id: &str) -> String {
        items
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.value.clone())
            .unwrap_or_default()
    }

    #[test]
    fn classification_read_out() {
        let m = EpochMetrics {
            train_loss: 0.693_3,
            test_loss: 0.7,
            test_accuracy: Some(0.5125),
            train_accuracy: Some(0.5),
            grad_norm: vec![4.3e-8, 1e-4, 0.172],
            ..EpochMetrics::default()
        };
        let items = readout(Some(&m));
        assert_eq!(value(&items, "ro-train-loss"), "0.6933");
        assert_eq!(value(&items, "ro-test-loss"), "0.7000");
        assert_eq!(value(&items, "ro-accuracy"), "51.2%");
        assert_eq!(value(&items, "ro-ratio"), "\u{2212}6.6 orders");
    }

    #[test]
    fn regression_shows_the_fit_error_and_zeros_say_vanished() {
        let m = EpochMetrics {
            train_loss: 0.04,
            test_loss: 0.09,
            grad_norm: vec![0.0, 0.5],
            ..EpochMetrics::default()
        };
        let items = readout(Some(&m));
        let acc = items.iter().find(|i| i.id == "ro-accuracy").expect("item");
        assert_eq!(
            (acc.label.as_str(), acc.value.as_str()),
            ("Test RMSE", "0.3000")
        );
        assert_eq!(value(&items, "ro-ratio"), "vanished (0)");
        let stopped = EpochMetrics {
            grad_norm: vec![0.0, 0.0],
            ..EpochMetrics::default()
        };
        assert_eq!(
            value(&readout(Some(&stopped)), "ro-ratio"),
            "no gradient (all 0)"
        );
        let exploding = EpochMetrics {
            grad_norm: vec![1e11, 10.0],
            ..EpochMetrics::default()
        };
        assert_eq!(
            value(&readout(Some(&exploding)), "ro-ratio"),
            "+10.0 orders"
        );
        assert!(readout(None).iter().all(|i| i.value == "\u{2013}"));
    }

    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(format_number(0.612_345), "0.6123");
        assert_eq!(format_number(12.345_67), "12.35");
        assert_eq!(format_number(1234.6), "1235");
        assert_eq!(format_number(2.5e-7), "2.500e-7");
        assert_eq!(format_number(1.2e12), "1.200e12");
        assert_eq!(format_number(0.0), "0");
    }
}
