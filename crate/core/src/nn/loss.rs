//! Losses (mean over the batch) with their gradient with respect to the logits.
//!
//! - binary: binary cross-entropy on one logit `z` per sample, target y in {0, 1}:
//!   `l = max(z, 0) - z y + log(1 + e^-|z|)` (the overflow-free form), `dl/dz = sigmoid(z) - y`.
//! - multiclass: softmax cross-entropy, `l = logsumexp(z) - z_y`, `dl/dz = softmax(z) - onehot(y)`.
//! - regression: squared error `l = (p - y)^2` (no 1/2), `dl/dp = 2 (p - y)`.
//!
//! The loss is the mean over the batch, so every gradient is divided by the batch size.

use super::activation::sigmoid;
use crate::data::Task;

/// The loss name used in exports: `bce`, `ce` or `mse`.
pub fn loss_name(task: Task) -> &'static str {
    match task {
        Task::Binary => "bce",
        Task::Multiclass { .. } => "ce",
        Task::Regression => "mse",
    }
}

/// Loss of one sample's logits against its target; writes dl/dlogits (unscaled) into `grad` if given.
fn sample_loss(task: Task, logits: &[f32], target: f32, grad: Option<&mut [f32]>) -> f64 {
    match task {
        Task::Binary => {
            let z = logits[0];
            let loss = z.max(0.0) - z * target + libm::log1pf(libm::expf(-z.abs()));
            if let Some(g) = grad {
                g[0] = sigmoid(z) - target;
            }
            loss as f64
        }
        Task::Multiclass { .. } => {
            // Subtract the max logit so every exponent is <= 0.
            let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let sum_exp: f32 = logits.iter().map(|&z| libm::expf(z - max)).sum();
            let log_sum_exp = max + libm::logf(sum_exp);
            let class = target as usize;
            let z_target = logits.get(class).copied().unwrap_or(0.0);
            if let Some(g) = grad {
                for (i, (gi, &z)) in g.iter_mut().zip(logits).enumerate() {
                    let p = libm::expf(z - log_sum_exp);
                    *gi = if i == class { p - 1.0 } else { p };
                }
            }
            (log_sum_exp - z_target) as f64
        }
        Task::Regression => {
            let diff = logits[0] - target;
            if let Some(g) = grad {
                g[0] = 2.0 * diff;
            }
            (diff * diff) as f64
        }
    }
}

/// Mean loss over `rows` samples. If `grad` is given ([rows, outputs]) it receives
/// the gradient of the mean loss with respect to the logits.
pub fn mean_loss(
    task: Task,
    logits: &[f32],
    targets: &[f32],
    outputs: usize,
    mut grad: Option<&mut [f32]>,
) -> f32 {
    let rows = targets.len();
    if rows == 0 {
        return 0.0;
    }
    let inv_rows = 1.0 / rows as f32;
    let mut total = 0.0_f64;
    for (r, (z, &y)) in logits.chunks_exact(outputs).zip(targets).enumerate() {
        match grad.as_deref_mut() {
            Some(g) => {
                let g_row = &mut g[r * outputs..(r + 1) * outputs];
                total += sample_loss(task, z, y, Some(&mut *g_row));
                g_row.iter_mut().for_each(|gi| *gi *= inv_rows);
            }
            None => total += sample_loss(task, z, y, None),
        }
    }
    (total / rows as f64) as f32
}

/// What `mean_loss` writes into `grad`, and whether that mean loss is finite, without
/// computing the loss where only its finiteness matters (training steps and the probe
/// use the gradient alone). For binary cross-entropy with targets in {0, 1} the loss
/// is finite exactly when every logit is: `max(z, 0) - z y` is then `max(z, 0)` or
/// `max(-z, 0)`, and `log(1 + e^-|z|)` lies in [0, ln 2]; so its two transcendental
/// functions are skipped, and the gradient has the same bits as `mean_loss`'s. Other
/// losses cost little beyond their gradient and are computed in full. `Err` carries
/// the mean loss, exactly as `mean_loss` computes it, when it is not finite.
pub fn loss_gradient(
    task: Task,
    logits: &[f32],
    targets: &[f32],
    outputs: usize,
    grad: &mut [f32],
) -> Result<(), f32> {
    if matches!(task, Task::Binary) && !targets.is_empty() {
        let inv_rows = 1.0 / targets.len() as f32;
        let mut finite = true;
        for ((g, &z), &y) in grad.iter_mut().zip(logits).zip(targets) {
            *g = (sigmoid(z) - y) * inv_rows;
            finite &= z.is_finite();
        }
        if finite {
            return Ok(());
        }
    }
    let loss = mean_loss(task, logits, targets, outputs, Some(grad));
    if loss.is_finite() {
        Ok(())
    } else {
        Err(loss)
    }
}

/// Number of correctly classified samples (classification tasks only; 0 for regression).
pub fn correct_count(task: Task, logits: &[f32], targets: &[f32], outputs: usize) -> usize {
    logits
        .chunks_exact(outputs)
        .zip(targets)
        .filter(|(z, &y)| match task {
            Task::Binary => (z[0] > 0.0) == (y > 0.5),
            Task::Multiclass { .. } => {
                let mut best = 0;
                for (i, &v) in z.iter().enumerate() {
                    if v > z[best] {
                        best = i;
                    }
                }
                best == y as usize
            }
            Task::Regression => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ties and zeros decide as documented: a binary logit of exactly 0 is class 0, and
    /// in a multiclass tie the first maximum wins.
    #[test]
    fn correct_count_breaks_ties_as_documented() {
        assert_eq!(correct_count(Task::Binary, &[0.0], &[0.0], 1), 1);
        assert_eq!(correct_count(Task::Binary, &[0.0], &[1.0], 1), 0);
        assert_eq!(
            correct_count(Task::Binary, &[1e-30, -1e-30], &[1.0, 0.0], 1),
            2
        );
        let multi = Task::Multiclass { classes: 3 };
        assert_eq!(correct_count(multi, &[1.0, 3.0, 3.0], &[1.0], 3), 1);
        assert_eq!(correct_count(multi, &[1.0, 3.0, 3.0], &[2.0], 3), 0);
        assert_eq!(correct_count(multi, &[5.0, 5.0, 5.0], &[0.0], 3), 1);
        assert_eq!(correct_count(Task::Regression, &[0.5], &[0.5], 1), 0);
    }

    #[test]
    fn binary_cross_entropy_matches_definition() {
        // -[y log s(z) + (1-y) log(1-s(z))] with z = 0.3, y = 1 and z = -2, y = 0.
        let logits = [0.3_f32, -2.0];
        let targets = [1.0_f32, 0.0];
        let expected = (-(sigmoid(0.3).ln()) - (1.0 - sigmoid(-2.0)).ln()) / 2.0;
        let mut grad = [0.0; 2];
        let loss = mean_loss(Task::Binary, &logits, &targets, 1, Some(&mut grad));
        assert!((loss - expected).abs() < 1e-6);
        assert!((grad[0] - (sigmoid(0.3) - 1.0) / 2.0).abs() < 1e-7);
        // Extreme logits stay finite.
        assert!(mean_loss(Task::Binary, &[500.0], &[0.0], 1, None).is_finite());
    }

    #[test]
    fn softmax_cross_entropy_matches_definition() {
        let logits = [1.0_f32, 2.0, 0.5];
        let sum: f32 = logits.iter().map(|z| z.exp()).sum();
        let expected = -(logits[1].exp() / sum).ln();
        let mut grad = [0.0; 3];
        let loss = mean_loss(
            Task::Multiclass { classes: 3 },
            &logits,
            &[1.0],
            3,
            Some(&mut grad),
        );
        assert!((loss - expected).abs() < 1e-6);
        assert!((grad[1] - (logits[1].exp() / sum - 1.0)).abs() < 1e-6);
        assert!(grad.iter().sum::<f32>().abs() < 1e-6);
    }

    #[test]
    fn squared_error_has_no_half() {
        let mut grad = [0.0; 2];
        let loss = mean_loss(
            Task::Regression,
            &[3.0, 1.0],
            &[1.0, 1.0],
            1,
            Some(&mut grad),
        );
        assert_eq!(loss, 2.0);
        assert_eq!(grad, [2.0, 0.0]);
    }
}
