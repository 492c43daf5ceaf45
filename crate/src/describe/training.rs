//! The training charts in words and tables: the loss curves (with the accuracy) and the
//! network's prediction over the input plane.

use super::{num, percent, pick, Table};
use crate::charts::boundary::Surface;
use crate::charts::{sampled_points, MAX_LINE_POINTS};
use crate::data::{Dataset, Task};
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
    let test = num(f64::from(now.test_loss));
    if first.epoch == now.epoch {
        return format!(
            "Training loss {} at epoch {}, before any training; test loss {test}; {}.",
            num(l1),
            now.epoch,
            fit(now)
        );
    }
    let back = points
        .iter()
        .rev()
        .find(|m| m.epoch + FLAT_WINDOW <= now.epoch)
        .unwrap_or(&first);
    let lb = f64::from(back.train_loss);
    let span = now.epoch - back.epoch;
    let recent = match change(lb, l1).as_str() {
        "unchanged" => format!("flat over the last {span} epochs"),
        moved => format!("{moved} over the last {span} epochs"),
    };
    format!(
        "Training loss {} at epoch {}, {} from {} at epoch {}; test loss {test}; {}; {recent}.",
        num(l1),
        now.epoch,
        change(l0, l1),
        num(l0),
        first.epoch,
        fit(now)
    )
}

/// The loss chart as a table: a row per epoch for at most `TABLE_EPOCHS` of the epochs
/// it draws, the losses and (classification) the accuracies.
pub fn loss_table(history: &History) -> Table {
    let points = pick(&loss_points(history));
    let accuracy = points.iter().any(|m| m.train_accuracy.is_some());
    let mut head: Vec<String> = ["epoch", "train loss", "test loss"]
        .map(String::from)
        .to_vec();
    if accuracy {
        head.extend(["train accuracy", "test accuracy"].map(String::from));
    }
    let mut table = Table::new("Training and test loss, at epochs the chart draws", head);
    for m in points {
        let mut row = vec![
            m.epoch.to_string(),
            num(f64::from(m.train_loss)),
            num(f64::from(m.test_loss)),
        ];
        if accuracy {
            let share = |a: Option<f32>| a.map_or_else(String::new, |a| percent(f64::from(a)));
            row.extend([share(m.train_accuracy), share(m.test_accuracy)]);
        }
        table.rows.push(row);
    }
    table
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
fn class_one_share(surface: &Surface) -> f64 {
    let ones = surface.values.iter().filter(|&&p| p >= 0.5).count();
    ones as f64 / surface.values.len().max(1) as f64
}

/// The prediction chart's summary: for two inputs and two classes, the share of the
/// plotted plane predicted as class 1 (at the surface's epoch) and the accuracies; for
/// the 1-D regression the fit errors; otherwise the accuracy.
pub fn boundary_summary(
    data: &Dataset,
    surface: Option<(usize, &Surface)>,
    now: Option<&EpochMetrics>,
) -> String {
    let Some(now) = now else {
        return "No prediction yet.".into();
    };
    let counts = format!(
        "{} training and {} test points",
        data.train.len(),
        data.test.len()
    );
    match (data.task, surface) {
        (Task::Binary, Some((epoch, s))) if data.inputs == 2 && !s.values.is_empty() => format!(
            "At epoch {epoch}, the network predicts class 1 over {} of the plane shown. At epoch {}, it classifies {} of the {counts} correctly ({} of the training points).",
            percent(class_one_share(s)),
            now.epoch,
            now.test_accuracy.map_or_else(String::new, |a| percent(f64::from(a))),
            now.train_accuracy.map_or_else(String::new, |a| percent(f64::from(a))),
        ),
        (Task::Binary, _) if data.inputs == 2 => {
            format!("At epoch {}, no prediction drawn yet; {}.", now.epoch, fit(now))
        }
        (Task::Regression, _) => format!(
            "At epoch {}, the prediction's test RMSE is {} and its training RMSE {}, over {counts}.",
            now.epoch,
            num(f64::from(now.test_loss.max(0.0)).sqrt()),
            num(f64::from(now.train_loss.max(0.0)).sqrt()),
        ),
        _ => format!(
            "At epoch {}, with {} inputs there is no 2-D picture; {}.",
            now.epoch,
            data.inputs,
            fit(now)
        ),
    }
}

/// The prediction chart's numbers as a table: a row per split (its points, loss and
/// accuracy or RMSE at the newest epoch), and the share of the plane predicted class 1.
pub fn boundary_table(
    data: &Dataset,
    surface: Option<&Surface>,
    now: Option<&EpochMetrics>,
) -> Table {
    let regression = data.task == Task::Regression;
    let last = if regression { "RMSE" } else { "accuracy" };
    let head = ["split", "points", "loss", last].map(String::from).to_vec();
    let mut table = Table::new("The network's fit at the newest epoch", head);
    let Some(m) = now else {
        return table;
    };
    for (name, n, loss, accuracy) in [
        ("training", data.train.len(), m.train_loss, m.train_accuracy),
        ("test", data.test.len(), m.test_loss, m.test_accuracy),
    ] {
        let last = match accuracy {
            Some(a) if !regression => percent(f64::from(a)),
            _ => num(f64::from(loss.max(0.0)).sqrt()),
        };
        table
            .rows
            .push(vec![name.into(), n.to_string(), num(f64::from(loss)), last]);
    }
    if let Some(s) = surface.filter(|s| data.inputs == 2 && !s.values.is_empty()) {
        table.rows.push(vec![
            "plane shown, predicted class 1".into(),
            String::new(),
            String::new(),
            percent(class_one_share(s)),
        ]);
    }
    table
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
            "Training loss 0.7000 at epoch 0, before any training; test loss 0.7100; test \
             accuracy 51.2%."
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
                "train accuracy",
                "test accuracy"
            ]
        );
        assert_eq!(t.rows.len(), 8);
        assert_eq!(t.rows[0], ["0", "1.000", "0.5000", "75.0%", "75.0%"]);
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
