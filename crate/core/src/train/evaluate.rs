//! Whole-split evaluation (resumable, chunk by chunk) and minibatch gathering for a run.

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

/// A whole-split evaluation in progress: chunk by chunk, first the training split,
/// then the test split, so the page can spread it over frames.
#[derive(Clone, Debug, Default)]
pub(super) struct Evaluation {
    /// The training split's (mean loss, accuracy) once it is done.
    pub train: Option<(f32, Option<f32>)>,
    /// True once the epoch's probe batch has been through the network (the probe
    /// is the measurement's first slice of work).
    pub probed: bool,
    /// The next row of the split being evaluated.
    row: usize,
    /// Sum over the chunks done of (chunk mean loss x chunk rows), and correct predictions.
    total: f64,
    correct: usize,
}

/// What one call of `Evaluation::advance` achieved.
pub(super) enum Progress {
    /// One chunk evaluated; more to do.
    Working,
    /// Both splits evaluated: (train, test) as (mean loss, accuracy).
    Done((f32, Option<f32>), (f32, Option<f32>)),
}

impl Evaluation {
    /// Evaluate the next chunk of at most `EVAL_CHUNK` rows (inference mode). The
    /// chunks, and the order their losses are summed in, are the same however the
    /// work is spread, so the numbers are too.
    ///
    /// `first_chunk`: the logits of the training split's first chunk if they are
    /// already known (the probe batch is those rows, and without batch norm its
    /// forward pass computes exactly what inference mode does); they are used instead
    /// of a second forward pass when their length matches the chunk.
    pub fn advance(
        &mut self,
        net: &mut Network,
        train: &Split,
        test: &Split,
        task: Task,
        ws: &mut Workspace,
        first_chunk: Option<&[f32]>,
    ) -> Progress {
        loop {
            let split = if self.train.is_none() { train } else { test };
            if self.row < split.len() {
                let inputs = net.inputs().max(1);
                let outputs = net.outputs();
                let end = (self.row + EVAL_CHUNK).min(split.len());
                let x = &split.x[self.row * inputs..end * inputs];
                let y = &split.y[self.row..end];
                let known = first_chunk.filter(|l| {
                    self.train.is_none() && self.row == 0 && l.len() == y.len() * outputs
                });
                let logits = match known {
                    Some(logits) => logits,
                    None => net.forward(x, NormMode::Inference, ws),
                };
                self.total += mean_loss(task, logits, y, outputs, None) as f64 * y.len() as f64;
                self.correct += correct_count(task, logits, y, outputs);
                self.row = end;
                return Progress::Working;
            }
            let len = split.len().max(1) as f64;
            let accuracy = match task {
                Task::Regression => None,
                _ => Some((self.correct as f64 / len) as f32),
            };
            let result = ((self.total / len) as f32, accuracy);
            match self.train {
                None => {
                    *self = Evaluation {
                        train: Some(result),
                        probed: self.probed,
                        ..Evaluation::default()
                    }
                }
                Some(train_result) => return Progress::Done(train_result, result),
            }
        }
    }
}
