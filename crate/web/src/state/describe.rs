//! The charts' words: when their summaries and open tables are written again (the
//! throttle), which tables are open, and Listen (the gradient profile as tones).
//!
//! A summary is a description a screen reader reads on reaching its chart, not a live
//! region: it changes at once when the run pauses or stops, when the configuration or
//! the run changes, and while training at most every `DESCRIBE_EVERY_MS`, so that it
//! is never out of date by more than that and text does not churn every frame.

use super::app::App;
use super::effect::Effect;
use vgp::config::{Config, PANELS};
use vgp::describe::listen;

/// While training, summaries and open tables are written at most this often.
pub const DESCRIBE_EVERY_MS: f64 = 3000.0;

/// What the summaries were written from: each run's id, configuration and newest
/// measured epoch (None before its first measurement; B's while comparing).
type Run = (u32, Config, Option<usize>);
type Described = (Run, Option<Run>);

/// The throttle's memory: what was described and when, and how many times.
#[derive(Default)]
pub struct DescribeClock {
    what: Option<Described>,
    at_ms: f64,
    generation: u32,
}

impl App {
    fn described_now(&self) -> Described {
        let of = |run: &vgp::remote::RunMirror| {
            let newest = run.history().newest().map(|m| m.epoch);
            (run.run_id(), run.config().clone(), newest)
        };
        (of(&self.run), self.b.as_ref().map(|b| of(&b.run)))
    }

    /// After every update: describe again when what the charts show changed and it is
    /// due. A new run, a new configuration or a comparison begun or ended is due at once;
    /// a new epoch at once unless training (a `train(n)` included), then once
    /// `DESCRIBE_EVERY_MS` have passed since the last time; a run's first measurement
    /// (its epoch 0, which arrives after the run itself) at once.
    pub(super) fn describe_tick(&mut self, now_ms: f64) {
        let now = self.described_now();
        let clock = &self.describe_clock;
        let Some(before) = &clock.what else {
            return self.describe(now, now_ms);
        };
        if *before == now {
            return;
        }
        let same = |a: &Run, b: &Run| a.0 == b.0 && a.1 == b.1;
        let same_runs = same(&before.0, &now.0)
            && match (&before.1, &now.1) {
                (Some(a), Some(b)) => same(a, b),
                (None, None) => true,
                _ => false,
            };
        let first = before.0 .2.is_none() || before.1.as_ref().is_some_and(|b| b.2.is_none());
        if !same_runs || first || !self.running() || now_ms - clock.at_ms >= DESCRIBE_EVERY_MS {
            self.describe(now, now_ms);
        }
    }

    fn describe(&mut self, what: Described, now_ms: f64) {
        let clock = &mut self.describe_clock;
        clock.what = Some(what);
        clock.at_ms = now_ms;
        clock.generation = clock.generation.wrapping_add(1);
    }

    /// Counts the times the charts' words are due: the views write them when it changes.
    pub fn described(&self) -> u32 {
        self.describe_clock.generation
    }

    /// A chart's Table button: its table opens, or closes.
    pub(super) fn table_toggled(&mut self, chart: &str) {
        if let Some(i) = PANELS.iter().position(|p| *p == chart) {
            self.tables_open ^= 1 << i;
        }
    }

    /// Whether `chart`'s table is open.
    pub fn table_open(&self, chart: &str) -> bool {
        PANELS
            .iter()
            .position(|p| *p == chart)
            .is_some_and(|i| self.tables_open & (1 << i) != 0)
    }

    /// The Listen button: play the newest epoch's gradient norms of A, one tone per
    /// layer from the input side, or stop them.
    pub(super) fn listen_pressed(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        if self.listening_until.take().is_some() {
            fx.push(Effect::StopTones);
            return;
        }
        let Some(newest) = self.run.history().newest() else {
            return;
        };
        let tones = listen::tones(&newest.grad_norm);
        self.listening_until = Some(now_ms + 1000.0 * listen::duration_s(tones.len()));
        fx.push(Effect::PlayTones(tones));
    }

    /// On every frame: the tones have played out, so Listen is off again.
    pub(super) fn listen_frame(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        if self.listening_until.is_some_and(|until| now_ms >= until) {
            self.listening_until = None;
            fx.push(Effect::StopTones);
        }
    }

    /// Whether Listen's tones are playing.
    pub fn listening(&self) -> bool {
        self.listening_until.is_some()
    }
}
