//! The training charts in words and tables: the loss curves (with the accuracy) and the
//! network's prediction over the input plane.

use super::{num, percent, pick, table, Table};
use crate::charts::boundary::Surface;
use crate::charts::{sampled_points, MAX_LINE_POINTS};
use crate::data::Dataset;
use crate::history::History;
use crate::metrics::EpochMetrics;
use crate::numtext::fixed;

/// Epochs the loss summary looks back to call the training loss flat, falling or rising.
pub const FLAT_WINDOW: usize = 30;
/// A relative change of the training loss below this counts as flat (and as unchanged).
pub const FLAT_BELOW: f64 = 0.01;

/// The epochs the loss chart draws (evenly sampled, both losses finite), oldest first.
pub fn loss_points(history: &History) -> Vec<&EpochMetrics> {
    sampled_points(history, MAX_LINE_POINTS)
        .into_iter()
        .filter(|m| m.train_loss.is_finite() && m.test_loss.is_finite())
        .collect()
}

/// The test set's fit: "test accuracy 51.2%", or for regression "test RMSE 0.3000".
fn fit(m: &EpochMetrics) -> String {
    match m.test_accuracy {
        Some(a) => format!("test accuracy {}", percent(f64::from(a))),
        None => format!("test RMSE {}", num(f64::from(m.test_loss.max(0.0)).sqrt())),
    }
}

/// `to` against `from` as a relative change in words: "down 16%", "up 3%", "unchanged"
/// (within `FLAT_BELOW`).
fn change(from: f64, to: f64) -> String {
    let r = if from != 0.0 { (to - from) / from } else { 0.0 };
    if r.abs() < FLAT_BELOW {
        "unchanged".into()
    } else {
        let side = if r < 0.0 { "down" } else { "up" };
        format!("{side} {}%", fixed(100.0 * r.abs(), 0))
    }
}

/// The loss chart's summary: the newest training loss against the first epoch's, the
/// test loss and the test fit, and whether the training loss was flat over the last
/// `FLAT_WINDOW` epochs (from the newest recorded epoch at least that far back, or the
/// first).
pub fn loss_summary(history: &History) -> String {
    let points = loss_points(history);
    let (Some(&first), Some(&now)) = (points.first(), points.last()) else {
        return "No epochs measured yet.".into();
    };
    let (l0, l1) = (f64::from(first.train_loss), f64::from(now.train_loss));
    let test = format!(
        "; test loss {}; {}",
        num(f64::from(now.test_loss)),
        fit(now)
    );
    let mut text = format!("Training loss {} at epoch {}", num(l1), now.epoch);
    if first.epoch == now.epoch {
        return text + &test + ".";
    }
    text += &format!(
        ", {} from {} at epoch {}{test}",
        change(l0, l1),
        num(l0),
        first.epoch
    );
    let back = points
        .iter()
        .rev()
        .find(|m| m.epoch + FLAT_WINDOW <= now.epoch)
        .unwrap_or(&first);
    let lb = f64::from(back.train_loss);
    let span = now.epoch - back.epoch;
    let moved = change(lb, l1);
    let recent = if moved == "unchanged" { "flat" } else { &moved };
    text += &format!("; {recent} over the last {span} epochs.");
    text
}

/// The loss chart as a table: a row per epoch for at most `TABLE_EPOCHS` of the epochs
/// it draws, the losses and (classification) the accuracies in percent.
pub fn loss_table(history: &History) -> Table {
    let points = pick(&loss_points(history));
    let mut head: Vec<String> = ["epoch", "train loss", "test loss"]
        .map(String::from)
        .to_vec();
    let accuracy = points.iter().any(|m| m.test_accuracy.is_some());
    if accuracy {
        head.extend(["train accuracy (%)", "test accuracy (%)"].map(String::from));
    }
    let rows = points
        .iter()
        .map(|m| {
            let mut values = vec![Some(m.train_loss), Some(m.test_loss)];
            if accuracy {
                values.extend([m.train_accuracy, m.test_accuracy].map(|a| a.map(|a| 100.0 * a)));
            }
            (m.epoch.to_string(), values)
        })
        .collect();
    table(
        "Training and test loss, at epochs the chart draws",
        head,
        rows,
        num,
    )
}

/// One loss at one epoch in words (the loss chart's keys and tooltip): "train loss,
/// epoch 40: 0.6931 (train accuracy 51.2%)".
pub fn loss_words(m: &EpochMetrics, test: bool) -> String {
    let (which, loss, accuracy) = if test {
        ("test", m.test_loss, m.test_accuracy)
    } else {
        ("train", m.train_loss, m.train_accuracy)
    };
    let accuracy = accuracy.map_or_else(String::new, |a| {
        format!(" ({which} accuracy {})", percent(f64::from(a)))
    });
    format!(
        "{which} loss, epoch {}: {}{accuracy}",
        m.epoch,
        num(f64::from(loss))
    )
}

/// The share of the surface's grid where the network predicts class 1 (p >= 0.5).
fn class_one_share(surface: &Surface) -> f32 {
    let ones = surface.values.iter().filter(|&&p| p >= 0.5).count();
    ones as f32 / surface.values.len().max(1) as f32
}

/// The prediction chart's summary: for two inputs and two classes, the share of the
/// plotted plane predicted as class 1 (by the surface drawn, which may be a few epochs
/// older while training); then the test fit (the accuracy, or the regression's RMSE).
pub fn boundary_summary(
    data: &Dataset,
    surface: Option<&Surface>,
    now: Option<&EpochMetrics>,
) -> String {
    let Some(now) = now else {
        return "No prediction yet.".into();
    };
    let mut text = format!("At epoch {}: ", now.epoch);
    if let Some(s) = surface.filter(|s| data.inputs == 2 && !s.values.is_empty()) {
        text += &format!(
            "class 1 predicted over {} of the plane shown; ",
            percent(f64::from(class_one_share(s)))
        );
    }
    text + &format!(
        "{} on {} test points ({} training points).",
        fit(now),
        data.test.len(),
        data.train.len()
    )
}

/// The prediction chart's numbers as a table: a row per split, its points, and its loss
/// and accuracy in percent (or RMSE) at the newest epoch.
pub fn boundary_table(data: &Dataset, now: Option<&EpochMetrics>) -> Table {
    let head = ["split", "points", "loss", "accuracy (%) or RMSE"]
        .map(String::from)
        .to_vec();
    let fit =
        |loss: f32, accuracy: Option<f32>| accuracy.map_or(loss.max(0.0).sqrt(), |a| 100.0 * a);
    let rows = [
        (
            "training",
            data.train.len(),
            now.map(|m| (m.train_loss, m.train_accuracy)),
        ),
        (
            "test",
            data.test.len(),
            now.map(|m| (m.test_loss, m.test_accuracy)),
        ),
    ]
    .into_iter()
    .map(|(name, n, m)| {
        let values = vec![Some(n as f32), m.map(|m| m.0), m.map(|(l, a)| fit(l, a))];
        (name.to_string(), values)
    })
    .collect();
    table("The network's fit at the newest epoch", head, rows, num)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(losses: &[(usize, f32, f32, Option<f32>)]) -> History {
        let mut h = History::default();
        for &(epoch, train_loss, test_loss, acc) in losses {
            h.push(EpochMetrics {
                epoch,
                train_loss,
                test_loss,
                train_accuracy: acc,
                test_accuracy: acc,
                ..EpochMetrics::default()
            });
        }
        h
    }

    #[test]
    fn the_loss_summary_quotes_the_change_and_the_last_thirty_epochs() {
        let mut rows = vec![(0, 0.8224, 0.83, Some(0.5))];
        for e in 1..=100 {
            let l = if e < 70 {
                0.8224 - 0.0019 * e as f32
            } else {
                0.6936
            };
            rows.push((e, l, 0.6936, Some(0.5)));
        }
        let h = history(&rows);
        assert_eq!(
            loss_summary(&h),
            "Training loss 0.6936 at epoch 100, down 16% from 0.8224 at epoch 0; test loss \
             0.6936; test accuracy 50.0%; flat over the last 30 epochs."
        );
        let falling = history(&[
            (0, 1.0, 1.0, None),
            (10, 0.5, 0.6, None),
            (40, 0.25, 0.3, None),
        ]);
        assert_eq!(
            loss_summary(&falling),
            "Training loss 0.2500 at epoch 40, down 75% from 1.000 at epoch 0; test loss \
             0.3000; test RMSE 0.5477; down 50% over the last 30 epochs."
        );
        let start = history(&[(0, 0.7, 0.71, Some(0.5125))]);
        assert_eq!(
            loss_summary(&start),
            "Training loss 0.7000 at epoch 0; test loss 0.7100; test accuracy 51.2%."
        );
        assert_eq!(loss_summary(&History::default()), "No epochs measured yet.");
    }

    #[test]
    fn the_loss_table_has_a_row_per_chosen_epoch() {
        let rows: Vec<_> = (0..=50)
            .map(|e| (e, 1.0 / (1.0 + e as f32), 0.5, Some(0.75)))
            .collect();
        let t = loss_table(&history(&rows));
        assert_eq!(
            t.head,
            [
                "epoch",
                "train loss",
                "test loss",
                "train accuracy (%)",
                "test accuracy (%)"
            ]
        );
        assert_eq!(t.rows.len(), 8);
        assert_eq!(t.rows[0], ["0", "1", "0.5000", "75", "75"]);
        assert_eq!(t.rows[7][0], "50");
        let m = &history(&rows).newest().cloned().expect("newest");
        assert_eq!(
            loss_words(m, false),
            "train loss, epoch 50: 0.01961 (train accuracy 75.0%)"
        );
        assert_eq!(
            loss_words(m, true),
            "test loss, epoch 50: 0.5000 (test accuracy 75.0%)"
        );
    }
}
