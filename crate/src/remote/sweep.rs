//! The page's depth sweep (crate/src/sweep.rs) behind the message boundary: depths 1 to
//! 30, five seeds, the current settings and the three remedies, measured step by step
//! with a progress report about ten times a second and the whole sweep at the end.

use crate::config::Config;
use crate::sweep::{Sweep, SweepPlan};

/// The depths the page sweeps.
pub const SWEEP_DEPTHS: std::ops::RangeInclusive<usize> = 1..=30;
/// Seeds per depth (the configuration's seed and the next four).
pub const SWEEP_SEEDS: usize = 5;
/// Least time between two progress reports.
const REPORT_SPACING_MS: f64 = 100.0;

/// How far a depth sweep has come, and at the end what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepReport {
    /// The request this answers.
    pub ticket: u32,
    /// Share of the work done, 0 to 1.
    pub progress: f64,
    /// Time spent so far, in milliseconds.
    pub elapsed_ms: f64,
    /// The sweep (or why there is none), in the last report only.
    pub result: Option<Result<Sweep, String>>,
}

/// Sweep `config` over `SWEEP_DEPTHS` with the remedies, calling `report` with progress
/// at most every `REPORT_SPACING_MS` and once at the end with the result. `now_ms` is a
/// monotonic clock in milliseconds.
pub fn sweep_updates(
    ticket: u32,
    config: &Config,
    now_ms: &dyn Fn() -> f64,
    report: &mut dyn FnMut(SweepReport),
) {
    let start = now_ms();
    let depths: Vec<usize> = SWEEP_DEPTHS.collect();
    let mut plan = match SweepPlan::new(config, &depths, SWEEP_SEEDS, true) {
        Ok(plan) => plan,
        Err(e) => {
            report(SweepReport {
                ticket,
                progress: 1.0,
                elapsed_ms: now_ms() - start,
                result: Some(Err(e.to_string())),
            });
            return;
        }
    };
    let mut reported = start;
    while plan.step() {
        let now = now_ms();
        if now - reported >= REPORT_SPACING_MS {
            reported = now;
            report(SweepReport {
                ticket,
                progress: plan.progress(),
                elapsed_ms: now - start,
                result: None,
            });
        }
    }
    let sweep = plan.finish();
    report(SweepReport {
        ticket,
        progress: 1.0,
        elapsed_ms: now_ms() - start,
        result: Some(Ok(sweep)),
    });
}
