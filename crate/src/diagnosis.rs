//! Reading a run's measurements the way a teacher would: what is wrong, how badly, the
//! evidence in numbers, and which remedies to try. The conditions and their thresholds
//! are documented, with the reasoning behind each, in docs/diagnosis.md.

use crate::history::History;
use crate::metrics::EpochMetrics;
use crate::numtext::{self, fixed};
use crate::train::{Divergence, Run};
use serde::Serialize;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Warning,
    Severe,
}

/// One thing wrong with a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// `vanishing`, `exploding`, `no_gradient`, `test_gap`, `dead_units`, `saturation`,
    /// `plateau`, `frozen_weights` or `diverged`.
    pub id: &'static str,
    pub severity: Severity,
    /// The epoch the finding is about (the newest measured one).
    pub epoch: usize,
    /// The numbers behind it, in a sentence.
    pub evidence: String,
    /// Preset ids of the remedies to try (see `presets::apply_remedy`).
    pub remedies: Vec<&'static str>,
}

/// Orders of magnitude from the output layer's gradient down to the first layer's at
/// which the input side counts as starved (warning) and as cut off (severe).
pub const VANISHING_ORDERS: (f32, f32) = (3.0, 5.0);
/// A weight-gradient norm above this is exploding (warning, severe).
pub const EXPLODING_NORM: (f32, f32) = (1e3, 1e6);
/// Mean share of dead units over the hidden layers (warning, severe).
pub const DEAD_SHARE: (f32, f32) = (0.2, 0.4);
/// Mean share of saturated (unit, sample) pairs over the hidden layers (warning, severe).
pub const SATURATED_SHARE: (f32, f32) = (0.3, 0.6);
/// Epochs a plateau is judged over, and the relative change of the training loss
/// below which the loss counts as not changing (warning, severe).
pub const PLATEAU_EPOCHS: usize = 30;
pub const PLATEAU_CHANGE: (f32, f32) = (0.01, 0.001);
/// The first layer's update ratio over the output layer's below which the input side
/// counts as frozen (warning, severe).
pub const FROZEN_RATIO: (f32, f32) = (1e-3, 1e-5);
/// The test loss over the training loss at which the network counts as failing on new
/// samples (warning, severe); the training loss counts as at least `TEST_GAP_FLOOR`, and
/// a test loss below `TEST_GAP_FLOOR` is never a finding.
pub const TEST_GAP: (f32, f32) = (100.0, 1000.0);
pub const TEST_GAP_FLOOR: f32 = 0.01;

fn severity(value: f32, (warning, severe): (f32, f32), larger_is_worse: bool) -> Option<Severity> {
    let worse = |v: f32, t: f32| if larger_is_worse { v >= t } else { v <= t };
    if worse(value, severe) {
        Some(Severity::Severe)
    } else if worse(value, warning) {
        Some(Severity::Warning)
    } else {
        None
    }
}

/// Mean of the hidden layers' values (every layer but the output layer).
fn mean_hidden(values: &[f32]) -> f32 {
    let hidden = &values[..values.len().saturating_sub(1)];
    if hidden.is_empty() {
        0.0
    } else {
        hidden.iter().sum::<f32>() / hidden.len() as f32
    }
}

/// The findings about a run at its newest measured epoch, worst first.
pub fn diagnose(run: &Run) -> Vec<Finding> {
    diagnose_parts(run.history(), run.diverged())
}

/// The findings about the run that measured `history` and diverged as `diverged` says
/// (for a page that holds the run's measurements but not the run).
pub fn diagnose_parts(history: &History, diverged: Option<&Divergence>) -> Vec<Finding> {
    let mut findings = diagnose_history(history);
    if let Some(d) = diverged {
        findings.insert(
            0,
            Finding {
                id: "diverged",
                severity: Severity::Severe,
                epoch: d.epoch,
                evidence: format!("the run diverged at epoch {}: {}", d.epoch, d.reason),
                remedies: vec!["clipping"],
            },
        );
    }
    findings
}

/// The findings that the measurements in `history` support (everything but divergence,
/// which only the run knows), worst first.
pub fn diagnose_history(history: &History) -> Vec<Finding> {
    let Some(m) = history.newest() else {
        return Vec::new();
    };
    let mut findings: Vec<Finding> = [
        no_gradient(m),
        vanishing(m),
        exploding(m),
        test_gap(m),
        dead_units(m),
        saturation(m),
        plateau(history),
        frozen_weights(history),
    ]
    .into_iter()
    .flatten()
    .collect();
    escalate_vanishing_on_a_plateau(&mut findings);
    crate::sorting::sort_by_key(&mut findings, |f| std::cmp::Reverse(f.severity));
    findings
}

/// A vanishing gradient of 3 to 5 orders is severe when the loss has also stopped
/// changing: the gap is then what keeps the network from learning. (The gap itself can
/// shrink while such a network sits on its plateau, because the output layer, which has
/// nothing left to learn from a loss at chance, gets a smaller gradient, not because
/// layer 1 gets a larger one.)
fn escalate_vanishing_on_a_plateau(findings: &mut [Finding]) {
    if !findings.iter().any(|f| f.id == "plateau") {
        return;
    }
    if let Some(f) = findings
        .iter_mut()
        .find(|f| f.id == "vanishing" && f.severity == Severity::Warning)
    {
        f.severity = Severity::Severe;
        f.evidence.push_str(", and the loss has stopped changing");
    }
}

/// `{:.2e}` of a measurement (`numtext`: no standard float formatting in the page).
fn sci2(v: f32) -> String {
    numtext::sci(f64::from(v), 2)
}

fn vanishing(m: &EpochMetrics) -> Option<Finding> {
    let (&first, &out) = (m.grad_norm.first()?, m.grad_norm.last()?);
    // Nothing to compare with when the output layer's own gradient is 0.
    if out <= 0.0 {
        return None;
    }
    let (orders, evidence) = if first > 0.0 {
        let orders = (f64::from(out).log10() - f64::from(first).log10()) as f32;
        let evidence = format!(
            "layer 1's gradient norm is {}, {} orders of magnitude below the output layer's {}",
            sci2(first),
            fixed(f64::from(orders), 1),
            sci2(out)
        );
        (orders, evidence)
    } else {
        (
            f32::INFINITY,
            format!(
                "layer 1's gradient is exactly 0 (it underflowed); the output layer's is {}",
                sci2(out)
            ),
        )
    };
    Some(Finding {
        id: "vanishing",
        severity: severity(orders, VANISHING_ORDERS, true)?,
        epoch: m.epoch,
        evidence,
        remedies: vec![
            "relu-he",
            "batch-norm",
            "residual",
            "tanh-glorot",
            "shallow",
        ],
    })
}

fn exploding(m: &EpochMetrics) -> Option<Finding> {
    let (layer, &largest) = m
        .grad_norm
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))?;
    Some(Finding {
        id: "exploding",
        severity: severity(largest, EXPLODING_NORM, true)?,
        epoch: m.epoch,
        evidence: format!(
            "layer {}'s gradient norm is {}: a step of learning rate times that moves the weights far beyond their size",
            layer + 1,
            sci2(largest)
        ),
        remedies: vec!["clipping", "relu-he", "batch-norm"],
    })
}

/// Every layer's gradient exactly 0 after training started: the loss is flat where the
/// network sits, so no step can change a weight again. Either the units stopped passing
/// a gradient (dead rectifiers: try Leaky ReLU) or the outputs became so certain that
/// every training sample's loss rounds to 0 (weights grown far too large: start from a
/// sensible initialization). At epoch 0 an all-zero gradient is how the network was
/// built (zero initialization, say), which the other findings describe.
fn no_gradient(m: &EpochMetrics) -> Option<Finding> {
    if m.epoch == 0 || m.grad_norm.is_empty() || m.grad_norm.iter().any(|&g| g != 0.0) {
        return None;
    }
    let dead = mean_hidden(&m.dead_fraction);
    let (cause, remedies) = if dead >= DEAD_SHARE.0 {
        (
            format!(
                "{}% of the hidden units are dead",
                fixed(f64::from(100.0 * dead), 0)
            ),
            vec!["leaky-relu"],
        )
    } else {
        (
            format!(
                "the training loss is {}: the outputs are so certain that the loss is flat",
                sci2(m.train_loss)
            ),
            vec!["relu-he", "batch-norm"],
        )
    };
    Some(Finding {
        id: "no_gradient",
        severity: Severity::Severe,
        epoch: m.epoch,
        evidence: format!(
            "every layer's gradient is exactly 0 ({cause}): the network has stopped learning, and no step will change a weight again"
        ),
        remedies,
    })
}

/// A test loss far above the training loss: the network fits its training samples but
/// fails on new ones (it overfits, or its outputs grew so large that every mistake on a
/// test sample costs a huge loss).
fn test_gap(m: &EpochMetrics) -> Option<Finding> {
    let test = m.test_loss;
    // Also false for NaN (no finding from a number that is not one).
    if !(test >= TEST_GAP_FLOOR && test.is_finite()) {
        return None;
    }
    let gap = test / m.train_loss.max(TEST_GAP_FLOOR);
    Some(Finding {
        id: "test_gap",
        severity: severity(gap, TEST_GAP, true)?,
        epoch: m.epoch,
        evidence: format!(
            "the test loss {} is {} times the training loss {}: the network fits its training samples but fails on new ones",
            numtext::sci(f64::from(test), 2),
            numtext::sci(f64::from(gap), 1),
            numtext::sci(f64::from(m.train_loss), 2)
        ),
        remedies: vec!["shallow", "batch-norm"],
    })
}

fn dead_units(m: &EpochMetrics) -> Option<Finding> {
    let dead = mean_hidden(&m.dead_fraction);
    Some(Finding {
        id: "dead_units",
        severity: severity(dead, DEAD_SHARE, true)?,
        epoch: m.epoch,
        evidence: format!(
            "{}% of the hidden units output 0 for every probe sample, so they pass no gradient",
            fixed(f64::from(100.0 * dead), 0)
        ),
        remedies: vec!["leaky-relu"],
    })
}

fn saturation(m: &EpochMetrics) -> Option<Finding> {
    let saturated = mean_hidden(&m.saturation);
    Some(Finding {
        id: "saturation",
        severity: severity(saturated, SATURATED_SHARE, true)?,
        epoch: m.epoch,
        evidence: format!(
            "{}% of the hidden units' slopes are below 5% of their maximum on the probe samples",
            fixed(f64::from(100.0 * saturated), 0)
        ),
        remedies: vec!["tanh-glorot", "batch-norm"],
    })
}

fn plateau(history: &History) -> Option<Finding> {
    let newest = history.newest()?;
    if newest.epoch < PLATEAU_EPOCHS {
        return None;
    }
    // The kept epoch closest to PLATEAU_EPOCHS before the newest (the history is thinned
    // evenly, so it is at most a few epochs off on long runs).
    let since = newest.epoch - PLATEAU_EPOCHS;
    let then = history.points().filter(|m| m.epoch <= since).last()?;
    let first = history.first()?;
    let (before, now) = (then.train_loss, newest.train_loss);
    // A loss that has already come down a long way is converging, not stuck.
    if now < 0.5 * first.train_loss {
        return None;
    }
    let change = (before - now).abs() / before;
    Some(Finding {
        id: "plateau",
        severity: severity(change, PLATEAU_CHANGE, false)?,
        epoch: newest.epoch,
        evidence: format!(
            "the training loss moved by {}% in the last {} epochs ({} to {}) and is still {}% of where it started",
            fixed(f64::from(100.0 * change), 2),
            newest.epoch - then.epoch,
            fixed(f64::from(before), 4),
            fixed(f64::from(now), 4),
            fixed(f64::from(100.0 * now / first.train_loss), 0)
        ),
        remedies: vec!["relu-he", "batch-norm", "residual"],
    })
}

fn frozen_weights(history: &History) -> Option<Finding> {
    let newest = history.newest()?;
    if newest.epoch == 0 {
        return None;
    }
    let (&first, &out) = (newest.update_ratio.first()?, newest.update_ratio.last()?);
    // An output layer that did not move either gives a ratio of infinity or NaN: no finding.
    let ratio = first / out;
    Some(Finding {
        id: "frozen_weights",
        severity: severity(ratio, FROZEN_RATIO, false)?,
        epoch: newest.epoch,
        evidence: format!(
            "layer 1's weights moved by {} of their size in the last epoch, the output layer's by {}",
            sci2(first),
            sci2(out)
        ),
        remedies: vec!["relu-he", "batch-norm", "residual"],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Epochs 0..=epochs, each with these per-layer numbers and a training loss of
    /// `loss(epoch)`.
    fn history(
        epochs: usize,
        grad_norm: &[f32],
        update_ratio: &[f32],
        loss: impl Fn(usize) -> f32,
    ) -> History {
        let mut h = History::default();
        for epoch in 0..=epochs {
            h.push(EpochMetrics {
                epoch,
                train_loss: loss(epoch),
                grad_norm: grad_norm.to_vec(),
                update_ratio: if epoch == 0 {
                    vec![0.0; update_ratio.len()]
                } else {
                    update_ratio.to_vec()
                },
                dead_fraction: vec![0.0; grad_norm.len()],
                saturation: vec![0.0; grad_norm.len()],
                ..EpochMetrics::default()
            });
        }
        h
    }

    fn ids(findings: &[Finding]) -> Vec<(&'static str, Severity)> {
        findings.iter().map(|f| (f.id, f.severity)).collect()
    }

    #[test]
    fn vanishing_by_orders_of_magnitude() {
        let healthy = history(0, &[1e-2, 1e-1], &[], |_| 0.7);
        assert_eq!(ids(&diagnose_history(&healthy)), []);
        let starved = history(0, &[1e-5, 1e-1], &[], |_| 0.7);
        assert_eq!(
            ids(&diagnose_history(&starved)),
            [("vanishing", Severity::Warning)]
        );
        let cut_off = history(0, &[1e-7, 1e-1], &[], |_| 0.7);
        let f = diagnose_history(&cut_off);
        assert_eq!(ids(&f), [("vanishing", Severity::Severe)]);
        assert!(f[0].evidence.contains("6.0 orders"), "{}", f[0].evidence);
        assert_eq!(f[0].remedies[0], "relu-he");
        let underflowed = history(0, &[0.0, 1e-1], &[], |_| 0.7);
        let f = diagnose_history(&underflowed);
        assert_eq!(ids(&f), [("vanishing", Severity::Severe)]);
        assert!(f[0].evidence.contains("exactly 0"), "{}", f[0].evidence);
        // No output gradient, nothing to compare with.
        let silent = history(0, &[0.0, 0.0], &[], |_| 0.7);
        assert_eq!(ids(&diagnose_history(&silent)), []);
    }

    #[test]
    fn exploding_by_size() {
        let big = history(0, &[5e3, 1.0], &[], |_| 0.7);
        assert_eq!(
            ids(&diagnose_history(&big)),
            [("exploding", Severity::Warning)]
        );
        let huge = history(0, &[2e7, 1.0], &[], |_| 0.7);
        let f = diagnose_history(&huge);
        assert_eq!(ids(&f), [("exploding", Severity::Severe)]);
        assert!(
            f[0].evidence
                .starts_with("layer 1's gradient norm is 2.00e7"),
            "{}",
            f[0].evidence
        );
    }

    #[test]
    fn dead_and_saturated_units_by_share() {
        let mut h = History::default();
        h.push(EpochMetrics {
            grad_norm: vec![0.1, 0.1, 0.1],
            dead_fraction: vec![0.5, 0.3, 0.0],
            saturation: vec![0.7, 0.7, 0.0],
            ..EpochMetrics::default()
        });
        // Means over the two hidden layers: 40% dead, 70% saturated.
        assert_eq!(
            ids(&diagnose_history(&h)),
            [
                ("dead_units", Severity::Severe),
                ("saturation", Severity::Severe)
            ]
        );
        // A mean, not a sum: 30% dead in one of two layers is 15%, under the threshold.
        let mut h = History::default();
        h.push(EpochMetrics {
            grad_norm: vec![0.1, 0.1, 0.1],
            dead_fraction: vec![0.3, 0.0, 0.0],
            saturation: vec![0.0, 0.0, 0.0],
            ..EpochMetrics::default()
        });
        assert_eq!(ids(&diagnose_history(&h)), []);
    }

    #[test]
    fn a_plateau_is_a_loss_that_stopped_high() {
        let flat = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |_| 0.693);
        assert_eq!(
            ids(&diagnose_history(&flat)),
            [("plateau", Severity::Severe)]
        );
        // Moving by 0.5% in 30 epochs: a warning.
        let slow = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |e| 0.7 - 0.0001 * e as f32);
        assert_eq!(
            ids(&diagnose_history(&slow)),
            [("plateau", Severity::Warning)]
        );
        // Still learning, converged, or too early to tell: no plateau.
        let learning = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |e| 0.7 - 0.01 * e as f32);
        let converged = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |e| {
            if e == 0 {
                0.7
            } else {
                0.01
            }
        });
        let early = history(20, &[0.1, 0.1], &[1e-2, 1e-2], |_| 0.693);
        for h in [learning, converged, early] {
            assert_eq!(ids(&diagnose_history(&h)), []);
        }
        // "Come down a long way" means below half the first loss: stuck at exactly half
        // is still a plateau, just under half is converging.
        let at_half = |stuck: f32| {
            history(40, &[0.1, 0.1], &[1e-2, 1e-2], move |e| {
                if e == 0 {
                    0.8
                } else {
                    stuck
                }
            })
        };
        assert_eq!(
            ids(&diagnose_history(&at_half(0.4))),
            [("plateau", Severity::Severe)]
        );
        assert_eq!(ids(&diagnose_history(&at_half(0.399_99))), []);
        // Exactly 30 epochs is enough to judge.
        let thirty = history(30, &[0.1, 0.1], &[1e-2, 1e-2], |_| 0.693);
        assert_eq!(
            ids(&diagnose_history(&thirty)),
            [("plateau", Severity::Severe)]
        );
        // Judged over the last 30 epochs only: a drop before them does not count.
        let dropped_early = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |e| {
            if e <= 5 {
                0.7
            } else {
                0.6
            }
        });
        assert_eq!(
            ids(&diagnose_history(&dropped_early)),
            [("plateau", Severity::Severe)]
        );
        // The change is relative to the loss: 0.0004 on 0.05 is 0.8%, a warning.
        let small_loss = history(40, &[0.1, 0.1], &[1e-2, 1e-2], |e| {
            if e == 0 {
                0.09
            } else {
                0.0504 - 0.0004 * e as f32 / 30.0
            }
        });
        assert_eq!(
            ids(&diagnose_history(&small_loss)),
            [("plateau", Severity::Warning)]
        );
    }

    #[test]
    fn frozen_weights_by_update_ratio() {
        let frozen = history(1, &[0.1, 0.1], &[1e-9, 1e-2], |e| 0.7 - 0.1 * e as f32);
        assert_eq!(
            ids(&diagnose_history(&frozen)),
            [("frozen_weights", Severity::Severe)]
        );
        let slow = history(1, &[0.1, 0.1], &[1e-6, 1e-2], |e| 0.7 - 0.1 * e as f32);
        assert_eq!(
            ids(&diagnose_history(&slow)),
            [("frozen_weights", Severity::Warning)]
        );
        let moving = history(1, &[0.1, 0.1], &[1e-3, 1e-2], |e| 0.7 - 0.1 * e as f32);
        assert_eq!(ids(&diagnose_history(&moving)), []);
        // An output layer that did not move either: nothing to compare with.
        let still = history(1, &[0.1, 0.1], &[0.0, 0.0], |e| 0.7 - 0.1 * e as f32);
        assert_eq!(ids(&diagnose_history(&still)), []);
    }

    #[test]
    fn a_vanishing_warning_on_a_plateau_is_severe() {
        // 4 orders: a warning while the loss still moves, severe once it has stopped.
        let moving = history(40, &[1e-5, 1e-1], &[1e-2, 1e-2], |e| 0.7 - 0.01 * e as f32);
        assert_eq!(
            ids(&diagnose_history(&moving)),
            [("vanishing", Severity::Warning)]
        );
        let stuck = history(40, &[1e-5, 1e-1], &[1e-2, 1e-2], |_| 0.693);
        let f = diagnose_history(&stuck);
        assert_eq!(
            ids(&f),
            [
                ("vanishing", Severity::Severe),
                ("plateau", Severity::Severe)
            ]
        );
        assert!(
            f[0].evidence.ends_with("stopped changing"),
            "{}",
            f[0].evidence
        );
        // Under 3 orders there is nothing to escalate.
        let mild = history(40, &[1e-3, 1e-1], &[1e-2, 1e-2], |_| 0.693);
        assert_eq!(
            ids(&diagnose_history(&mild)),
            [("plateau", Severity::Severe)]
        );
    }

    #[test]
    fn no_gradient_anywhere_after_the_start_is_a_network_that_stopped() {
        // Epoch 3 with every gradient exactly 0 and the training loss at 0.
        let stopped = history(3, &[0.0, 0.0, 0.0], &[0.0, 0.0, 0.0], |e| {
            if e == 0 {
                0.7
            } else {
                0.0
            }
        });
        let f = diagnose_history(&stopped);
        assert_eq!(ids(&f), [("no_gradient", Severity::Severe)]);
        assert!(f[0].evidence.contains("exactly 0"), "{}", f[0].evidence);
        assert!(f[0].evidence.contains("so certain"), "{}", f[0].evidence);
        assert_eq!(f[0].epoch, 3);
        assert_eq!(f[0].remedies, ["relu-he", "batch-norm"]);
        // Stopped because the units died: the remedy is Leaky ReLU.
        let mut dead = History::default();
        dead.push(EpochMetrics {
            epoch: 5,
            train_loss: 0.693,
            grad_norm: vec![0.0; 3],
            dead_fraction: vec![0.5, 0.4, 0.0],
            saturation: vec![0.0; 3],
            ..EpochMetrics::default()
        });
        let f = diagnose_history(&dead);
        assert_eq!(f[0].id, "no_gradient");
        assert!(
            f[0].evidence.contains("45% of the hidden units are dead"),
            "{}",
            f[0].evidence
        );
        assert_eq!(f[0].remedies, ["leaky-relu"]);
        // One layer with a gradient left: not this finding (vanishing says the rest).
        let one_left = history(3, &[0.0, 0.0, 1e-3], &[0.0, 0.0, 1e-3], |_| 0.5);
        assert!(!diagnose_history(&one_left)
            .iter()
            .any(|f| f.id == "no_gradient"));
        // At epoch 0 an all-zero gradient is how the network was built, not a stop.
        let built = history(0, &[0.0, 0.0], &[], |_| 0.7);
        assert_eq!(ids(&diagnose_history(&built)), []);
    }

    #[test]
    fn a_test_loss_far_above_the_training_loss_is_a_gap() {
        let with_test = |train: f32, test: f32| {
            let mut h = History::default();
            h.push(EpochMetrics {
                train_loss: train,
                test_loss: test,
                grad_norm: vec![0.1, 0.1],
                dead_fraction: vec![0.0; 2],
                saturation: vec![0.0; 2],
                ..EpochMetrics::default()
            });
            ids(&diagnose_history(&h))
        };
        assert_eq!(with_test(0.1, 3.0), []);
        assert_eq!(with_test(0.1, 10.0), [("test_gap", Severity::Warning)]);
        assert_eq!(with_test(0.1, 9.99), []);
        assert_eq!(with_test(0.01, 10.0), [("test_gap", Severity::Severe)]);
        assert_eq!(with_test(0.01, 9.99), [("test_gap", Severity::Warning)]);
        // A training loss of 0 counts as the floor, 0.01: 44,587 is severe, 0.42 (a
        // network that learned and overfits a little) is not a finding at all, and a
        // test loss under the floor never is.
        assert_eq!(with_test(0.0, 44_587.0), [("test_gap", Severity::Severe)]);
        assert_eq!(with_test(0.0, 1.0), [("test_gap", Severity::Warning)]);
        assert_eq!(with_test(0.0, 0.42), []);
        assert_eq!(with_test(0.0, 0.009), []);
        assert_eq!(with_test(0.0, f32::NAN), []);
        assert_eq!(with_test(0.0, f32::INFINITY), []);
    }

    #[test]
    fn findings_come_worst_first_and_divergence_leads() {
        let h = history(0, &[1e-5, 5e3], &[], |_| 0.7);
        let f = diagnose_history(&h);
        assert_eq!(f.len(), 2);
        assert!(f.windows(2).all(|w| w[0].severity >= w[1].severity));
        let mut run = Run::new(
            crate::config::parse_query("data=sine&lr=10&act=relu&init=he_normal&depth=4").0,
        );
        while run.step_epoch() {}
        let f = diagnose(&run);
        assert_eq!(f[0].id, "diverged");
        assert_eq!((f[0].severity, f[0].epoch), (Severity::Severe, 1));
        assert!(diagnose_history(&History::default()).is_empty());
    }
}
