//! Batch normalization of one hidden layer's pre-activations (PyTorch BatchNorm1d semantics).
//!
//! Per unit, over the batch of `rows` samples:
//! `mean_B = (1/rows) sum z`, `var_B = (1/rows) sum (z - mean_B)^2` (biased),
//! `xhat = (z - mean_B) / sqrt(var_B + EPS)`, `u = gamma * xhat + beta`.
//! In training the running statistics move by momentum 0.1:
//! `running = 0.9 running + 0.1 batch_stat`, where the variance fed to the running
//! estimate is the unbiased `var_B * rows / (rows - 1)`. Inference uses the running
//! statistics instead of the batch's.

/// The epsilon added to the variance.
pub const EPS: f32 = 1e-5;
/// Weight of the newest batch in the running statistics.
pub const MOMENTUM: f32 = 0.1;

/// Which statistics normalize the batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NormMode {
    /// Batch statistics, and the running statistics are updated (a training step).
    Train,
    /// Batch statistics, nothing updated (the probe that measures gradients).
    Probe,
    /// Running statistics (evaluating losses and accuracy, drawing predictions).
    Inference,
}

/// A layer's running mean and variance (start at 0 and 1, as in PyTorch).
#[derive(Clone, Debug, PartialEq)]
pub struct RunningStats {
    pub mean: Vec<f32>,
    pub var: Vec<f32>,
}

impl RunningStats {
    pub fn new(units: usize) -> Self {
        RunningStats {
            mean: vec![0.0; units],
            var: vec![1.0; units],
        }
    }
}

/// Normalize `z` [rows, units] into `xhat` and `u = gamma * xhat + beta`; `inv_std` [units]
/// receives 1 / sqrt(var + EPS) of whichever statistics were used.
#[allow(clippy::too_many_arguments)]
pub fn forward(
    z: &[f32],
    units: usize,
    gamma: &[f32],
    beta: &[f32],
    mode: NormMode,
    running: &mut RunningStats,
    xhat: &mut [f32],
    u: &mut [f32],
    inv_std: &mut [f32],
) {
    let rows = z.len().checked_div(units).unwrap_or(0);
    for o in 0..units {
        let (mean, var) = match mode {
            NormMode::Inference => (running.mean[o], running.var[o]),
            NormMode::Train | NormMode::Probe => {
                // Column statistics in f64 so the mean of many rows stays accurate.
                let column = || z.iter().skip(o).step_by(units).map(|&v| v as f64);
                let mean = column().sum::<f64>() / rows as f64;
                let var = column().map(|v| (v - mean) * (v - mean)).sum::<f64>() / rows as f64;
                if mode == NormMode::Train && rows > 1 {
                    let unbiased = var * rows as f64 / (rows - 1) as f64;
                    running.mean[o] = (1.0 - MOMENTUM) * running.mean[o] + MOMENTUM * mean as f32;
                    running.var[o] = (1.0 - MOMENTUM) * running.var[o] + MOMENTUM * unbiased as f32;
                }
                (mean as f32, var as f32)
            }
        };
        let inv = 1.0 / (var + EPS).sqrt();
        inv_std[o] = inv;
        for r in 0..rows {
            let i = r * units + o;
            xhat[i] = (z[i] - mean) * inv;
            u[i] = gamma[o] * xhat[i] + beta[o];
        }
    }
}

/// Backward through a batch-statistics normalization.
///
/// Given `du` = dL/du [rows, units], writes dL/dgamma, dL/dbeta [units] and dL/dz [rows, units]:
/// `dgamma = sum_r du xhat`, `dbeta = sum_r du`, and because the batch mean and variance
/// depend on every z in the column,
/// `dz = gamma inv_std / rows * (rows du - dbeta - xhat dgamma)`.
#[allow(clippy::too_many_arguments)]
pub fn backward(
    du: &[f32],
    xhat: &[f32],
    gamma: &[f32],
    inv_std: &[f32],
    units: usize,
    dgamma: &mut [f32],
    dbeta: &mut [f32],
    dz: &mut [f32],
) {
    let rows = du.len().checked_div(units).unwrap_or(0);
    let rows_f = rows as f32;
    for o in 0..units {
        let mut sum_du = 0.0_f32;
        let mut sum_du_xhat = 0.0_f32;
        for r in 0..rows {
            let i = r * units + o;
            sum_du += du[i];
            sum_du_xhat += du[i] * xhat[i];
        }
        dgamma[o] = sum_du_xhat;
        dbeta[o] = sum_du;
        let k = gamma[o] * inv_std[o] / rows_f;
        for r in 0..rows {
            let i = r * units + o;
            dz[i] = k * (rows_f * du[i] - sum_du - xhat[i] * sum_du_xhat);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_to_zero_mean_unit_variance_and_tracks_running_stats() {
        let z = [1.0_f32, 10.0, 2.0, 20.0, 3.0, 30.0, 6.0, 40.0]; // [4, 2]
        let mut running = RunningStats::new(2);
        let (mut xhat, mut u, mut inv) = ([0.0; 8], [0.0; 8], [0.0; 2]);
        forward(
            &z,
            2,
            &[2.0, 1.0],
            &[0.5, 0.0],
            NormMode::Train,
            &mut running,
            &mut xhat,
            &mut u,
            &mut inv,
        );
        let col0: Vec<f32> = xhat.iter().step_by(2).copied().collect();
        let mean: f32 = col0.iter().sum::<f32>() / 4.0;
        let var: f32 = col0.iter().map(|x| (x - mean).powi(2)).sum::<f32>() / 4.0;
        assert!(mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-4);
        assert!((u[0] - (2.0 * xhat[0] + 0.5)).abs() < 1e-6);
        // Column 0: mean 3, biased var 3.5, unbiased 14/3.
        assert!((running.mean[0] - 0.3).abs() < 1e-6);
        assert!((running.var[0] - (0.9 + 0.1 * 14.0 / 3.0)).abs() < 1e-6);
        // Probe mode leaves the running statistics alone.
        let before = running.clone();
        forward(
            &z,
            2,
            &[2.0, 1.0],
            &[0.5, 0.0],
            NormMode::Probe,
            &mut running,
            &mut xhat,
            &mut u,
            &mut inv,
        );
        assert_eq!(running, before);
    }
}
