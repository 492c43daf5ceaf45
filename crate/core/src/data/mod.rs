//! Datasets: the six synthetic sets and the embedded 8x8 digits, split into train and test.
//!
//! [`generate`] is the one entry point. It is deterministic: every random number
//! comes from the run's [`RunRng`], floats are drawn with rand's portable
//! arithmetic and every transcendental function is libm's, so a seed gives
//! bit-identical data natively and in wasm32.
//!
//! Splits are stratified: each class is shuffled on its own and contributes its
//! share (largest-remainder rounding) of the test set, then both splits are
//! shuffled. With balanced classes this puts every class in both splits as soon
//! as each split has at least one sample per class.

mod digits;
mod digits_codec;
mod synthetic;

pub use digits::{
    digits_available, digits_checksum, digits_raw, pack_digits, provide_digits, DIGITS_CHECKSUM,
    DIGITS_LEN, DIGITS_PIXELS,
};

use crate::config::{limits, Config, DatasetKind};
use crate::RunRng;
use rand::seq::SliceRandom;

/// What the network predicts, which fixes the loss.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Task {
    /// One output, a logit; targets are 0 or 1.
    Binary,
    /// `classes` outputs, logits; targets are class indices `0..classes`.
    Multiclass { classes: usize },
    /// One output, a real value; targets are real values.
    Regression,
}

/// One split: inputs row-major and one target per sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Split {
    /// Inputs, `[len, inputs]` row-major.
    pub x: Vec<f32>,
    /// Targets, `[len]`: 0/1 (binary), class index (multiclass), target value (regression).
    pub y: Vec<f32>,
}

impl Split {
    /// Number of samples.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether the split has no samples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }

    /// The inputs of sample `i`; empty if `i` is out of range.
    pub fn row(&self, i: usize, inputs: usize) -> &[f32] {
        i.checked_mul(inputs)
            .and_then(|start| Some(start..start.checked_add(inputs)?))
            .and_then(|range| self.x.get(range))
            .unwrap_or(&[])
    }
}

/// A generated dataset: its shape, its task and its two splits.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Inputs per sample.
    pub inputs: usize,
    /// What the network predicts.
    pub task: Task,
    /// The training split.
    pub train: Split,
    /// The held-out test split.
    pub test: Split,
}

impl Dataset {
    /// Network outputs the task needs: 1 for binary and regression, `classes` for multiclass.
    pub fn outputs(&self) -> usize {
        match self.task {
            Task::Binary | Task::Regression => 1,
            Task::Multiclass { classes } => classes,
        }
    }
}

/// All samples of a dataset before splitting.
pub(crate) struct Pool {
    /// Inputs, row-major.
    pub x: Vec<f32>,
    /// Targets.
    pub y: Vec<f32>,
    /// Stratum of every sample (its class; 0 for regression).
    pub stratum: Vec<usize>,
    /// Number of strata.
    pub strata: usize,
}

/// Generate the dataset of `config`, drawing every random number from `rng`.
///
/// * `n` (clamped into [`limits::SAMPLES`]) samples in total, `digits` always has 1,797
///   (none, only its shape, while its file is not available: see [`digits_available`]).
/// * The test split has `round(total * test)` samples (half away from zero,
///   computed in f64), at least 1 and at most `total - 1`; a NaN `test` counts as 0.
/// * `noise` is the standard deviation of Gaussian noise in data units (NaN,
///   negative or infinite noise counts as 0); `digits` ignores it.
///
/// The geometry of each set is described in `synthetic.rs` and `digits.rs`.
pub fn generate(config: &Config, rng: &mut RunRng) -> Dataset {
    let n = config.n.clamp(limits::SAMPLES.0, limits::SAMPLES.1);
    let noise = if config.noise.is_finite() && config.noise > 0.0 {
        config.noise
    } else {
        0.0
    };
    let (inputs, task, pool) = match config.data {
        DatasetKind::Circle => (2, Task::Binary, synthetic::circle(n, noise, rng)),
        DatasetKind::Xor => (2, Task::Binary, synthetic::xor(n, noise, rng)),
        DatasetKind::Gauss => (2, Task::Binary, synthetic::gauss(n, noise, rng)),
        DatasetKind::Spiral => (2, Task::Binary, synthetic::spiral(n, noise, rng)),
        DatasetKind::Moons => (2, Task::Binary, synthetic::moons(n, noise, rng)),
        DatasetKind::Sine => (1, Task::Regression, synthetic::sine(n, noise, rng)),
        DatasetKind::Digits => (
            DIGITS_PIXELS,
            Task::Multiclass { classes: 10 },
            digits::pool(),
        ),
    };
    if pool.y.is_empty() {
        // `digits` before its file is available: the shape only (see digits.rs).
        return Dataset {
            inputs,
            task,
            train: gather(&pool, inputs, &[]),
            test: gather(&pool, inputs, &[]),
        };
    }
    let n_test = test_count(pool.y.len(), config.test);
    let (train_idx, test_idx) = stratified_split(&pool, n_test, rng);
    Dataset {
        inputs,
        task,
        train: gather(&pool, inputs, &train_idx),
        test: gather(&pool, inputs, &test_idx),
    }
}

/// Test-set size for `total` samples: `round(total * fraction)` kept within `1..=total-1`.
fn test_count(total: usize, fraction: f32) -> usize {
    let wanted = libm::round(total as f64 * f64::from(fraction));
    // `as` saturates (and maps NaN to 0), so this cannot overflow.
    let wanted = if wanted > 0.0 { wanted as usize } else { 0 };
    wanted.clamp(1, total.saturating_sub(1).max(1))
}

/// Split the pool's sample indices into (train, test) with `n_test` test samples.
///
/// Each stratum is shuffled, then the first `q_c` of stratum `c` go to test,
/// where `q_c` is its proportional share `n_test * size_c / total` rounded by
/// largest remainder (ties to the lower stratum) so the shares sum to `n_test`.
/// Finally both index lists are shuffled so the strata are interleaved.
fn stratified_split(pool: &Pool, n_test: usize, rng: &mut RunRng) -> (Vec<usize>, Vec<usize>) {
    let total = pool.y.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); pool.strata];
    for (i, &s) in pool.stratum.iter().enumerate() {
        if let Some(list) = members.get_mut(s) {
            list.push(i);
        }
    }
    let quotas = largest_remainder(&members, n_test);
    let mut train = Vec::with_capacity(total.saturating_sub(n_test));
    let mut test = Vec::with_capacity(n_test);
    for (list, &q) in members.iter_mut().zip(&quotas) {
        list.shuffle(rng);
        let q = q.min(list.len());
        test.extend_from_slice(&list[..q]);
        train.extend_from_slice(&list[q..]);
    }
    train.shuffle(rng);
    test.shuffle(rng);
    (train, test)
}

/// Apportion `n_test` among the strata in proportion to their sizes.
fn largest_remainder(members: &[Vec<usize>], n_test: usize) -> Vec<usize> {
    let total = members.iter().map(Vec::len).sum::<usize>().max(1) as u128;
    let share = |len: usize| (n_test as u128) * (len as u128);
    let mut quotas: Vec<usize> = members
        .iter()
        .map(|m| (share(m.len()) / total) as usize)
        .collect();
    let mut order: Vec<usize> = (0..members.len()).collect();
    // Stable sort: equal remainders keep the lower stratum first.
    crate::sorting::sort_by_key(&mut order, |&c| {
        let len = members.get(c).map_or(0, Vec::len);
        core::cmp::Reverse(share(len) % total)
    });
    let mut left = n_test.saturating_sub(quotas.iter().sum());
    for c in order {
        if left == 0 {
            break;
        }
        if let Some(q) = quotas.get_mut(c) {
            *q += 1;
            left -= 1;
        }
    }
    quotas
}

/// Copy the samples at `indices` out of the pool, in that order.
fn gather(pool: &Pool, inputs: usize, indices: &[usize]) -> Split {
    let mut x = Vec::with_capacity(indices.len() * inputs);
    let mut y = Vec::with_capacity(indices.len());
    for &i in indices {
        let row = i
            .checked_mul(inputs)
            .and_then(|start| pool.x.get(start..start.checked_add(inputs)?));
        if let (Some(row), Some(&target)) = (row, pool.y.get(i)) {
            x.extend_from_slice(row);
            y.push(target);
        }
    }
    Split { x, y }
}
