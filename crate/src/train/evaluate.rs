//! Whole-split evaluation and minibatch gathering for a run.

use crate::data::{Split, Task};
use crate::nn::loss::{correct_count, mean_loss};
use crate::nn::{Network, NormMode, Workspace};

/// Rows evaluated at once when computing losses over a whole split.
pub const EVAL_CHUNK: usize = 256;

/// Copy the rows of `split` listed in `rows` into one contiguous minibatch.
pub(super) fn gather(
    split: &Split,
    inputs: usize,
    rows: &[usize],
    x: &mut Vec<f32>,
    y: &mut Vec<f32>,
) {
    x.clear();
    y.clear();
    for &r in rows {
        x.extend_from_slice(split.row(r, inputs));
        y.push(split.y[r]);
    }
}

/// Mean loss and accuracy (classification only) over a whole split, in inference mode.
pub(super) fn evaluate(
    net: &mut Network,
    split: &Split,
    task: Task,
    ws: &mut Workspace,
) -> (f32, Option<f32>) {
    let inputs = net.inputs().max(1);
    let outputs = net.outputs();
    let (mut total, mut correct) = (0.0_f64, 0);
    for (x, y) in split
        .x
        .chunks(EVAL_CHUNK * inputs)
        .zip(split.y.chunks(EVAL_CHUNK))
    {
        let logits = net.forward(x, NormMode::Inference, ws);
        total += mean_loss(task, logits, y, outputs, None) as f64 * y.len() as f64;
        correct += correct_count(task, logits, y, outputs);
    }
    let len = split.len().max(1) as f64;
    let accuracy = match task {
        Task::Regression => None,
        _ => Some((correct as f64 / len) as f32),
    };
    ((total / len) as f32, accuracy)
}
