//! What the page's one status region (`#announcer`, read by screen readers) says: a
//! finding appearing (its name, once per run), a run diverging, a run finishing (the
//! epoch limit, a `train(n)` target reached), a remedy applied, a story step loaded, a
//! copy done. Never a redraw: at most one announcement every `ANNOUNCE_GAP_MS`, what
//! happens in between waits and is merged into the next one.

use super::app::App;
use vgp::diagnosis::diagnose_parts;

/// The least time between two announcements: a screen reader reads each one whole before
/// the next, and a training run changes far faster than anyone listens.
pub const ANNOUNCE_GAP_MS: f64 = 2000.0;

/// A finding's name for people (the Diagnosis panel's and the announcements').
pub fn finding_name(id: &str) -> &'static str {
    match id {
        "vanishing" => "Vanishing gradient",
        "exploding" => "Exploding gradient",
        "no_gradient" => "No gradient left",
        "test_gap" => "Fails on new samples",
        "dead_units" => "Dead units",
        "saturation" => "Saturated units",
        "plateau" => "The loss stopped changing",
        "frozen_weights" => "Frozen weights",
        _ => "Diverged",
    }
}

/// What a remedy does, in words (the remedy buttons say "Try " and this).
pub fn remedy_name(id: &str) -> String {
    match id {
        "relu-he" => "ReLU + He init".into(),
        "batch-norm" => "batch normalization".into(),
        "residual" => "residual connections".into(),
        "tanh-glorot" => "tanh + Glorot init".into(),
        "shallow" => "2 hidden layers".into(),
        "leaky-relu" => "Leaky ReLU".into(),
        "clipping" => "gradient clipping".into(),
        other => other.to_string(),
    }
}

/// The status region's text and what it has said about the runs.
#[derive(Debug)]
pub struct Announcer {
    /// Messages waiting for their turn, oldest first.
    queue: Vec<String>,
    /// The region's text, and how many times it has been written (a repeated text is
    /// still a new announcement).
    text: String,
    serial: u32,
    /// When the region was last written.
    said_ms: f64,
    /// The run (A's id) whose findings and ends are in `seen`.
    run_id: Option<u32>,
    /// A's findings already announced in this run.
    seen: Vec<&'static str>,
    /// Whether A and B had diverged, and every run had stopped, when last looked at.
    diverged: [bool; 2],
    finished: bool,
}

impl Default for Announcer {
    fn default() -> Announcer {
        Announcer {
            queue: Vec::new(),
            text: String::new(),
            serial: 0,
            said_ms: f64::NEG_INFINITY,
            run_id: None,
            seen: Vec::new(),
            diverged: [false; 2],
            finished: false,
        }
    }
}

impl App {
    /// Queue `message` for the status region (once, however often it is queued).
    pub(super) fn announce(&mut self, message: String) {
        if !self.announcer.queue.contains(&message) {
            self.announcer.queue.push(message);
        }
    }

    /// After every update: when the region may speak again, look at the runs (new
    /// findings, a divergence, every run stopped) and say whatever is waiting, merged.
    /// The runs are read only then, so a playing run costs one diagnosis every 2 s.
    /// Whether a message waits for the region's next turn.
    pub(super) fn announcement_waiting(&self) -> bool {
        !self.announcer.queue.is_empty()
    }

    pub(super) fn announce_due(&mut self, now_ms: f64) {
        if now_ms - self.announcer.said_ms < ANNOUNCE_GAP_MS {
            return;
        }
        self.look_at_runs();
        if self.announcer.queue.is_empty() {
            return;
        }
        let a = &mut self.announcer;
        a.text = std::mem::take(&mut a.queue).join(" ");
        a.serial = a.serial.wrapping_add(1);
        a.said_ms = now_ms;
    }

    /// What changed in the runs since they were last looked at, queued.
    fn look_at_runs(&mut self) {
        let run_id = self.run.run_id();
        if self.announcer.run_id != Some(run_id) {
            // A new run: its findings and its end are news again.
            let a = &mut self.announcer;
            a.run_id = Some(run_id);
            a.seen.clear();
            a.diverged = [false; 2];
            a.finished = false;
        }
        let comparing = self.b.is_some();
        let runs = [Some(&self.run), self.b.as_ref().map(|b| &b.run)];
        let mut news = Vec::new();
        for (slot, run) in runs.iter().enumerate() {
            let diverged = run.and_then(|r| r.diverged());
            if let (Some(d), false) = (diverged, self.announcer.diverged[slot]) {
                let who = match (comparing, slot) {
                    (false, _) => "The run",
                    (true, 0) => "A",
                    (true, _) => "B",
                };
                news.push(format!("{who} diverged at epoch {}.", d.epoch));
            }
            self.announcer.diverged[slot] = diverged.is_some();
        }
        if self.run.measured_epoch() > 0 || self.run.diverged().is_some() {
            let mut found = Vec::new();
            for finding in diagnose_parts(self.run.history(), self.run.diverged()) {
                // A divergence has its own sentence above.
                if finding.id != "diverged" && !self.announcer.seen.contains(&finding.id) {
                    self.announcer.seen.push(finding.id);
                    found.push(finding_name(finding.id));
                }
            }
            if !found.is_empty() {
                news.push(format!("Diagnosis: {}.", found.join(", ")));
            }
        }
        let finished = self.all_finished();
        let any_diverged = self.announcer.diverged.iter().any(|d| *d);
        if finished && !self.announcer.finished && !any_diverged {
            news.push(format!(
                "Stopped at the epoch limit ({}).",
                self.measured_epoch()
            ));
        }
        self.announcer.finished = finished;
        for message in news {
            self.announce(message);
        }
    }

    /// The status region's text and its serial (a new serial is a new announcement).
    pub fn announcement(&self) -> (&str, u32) {
        (&self.announcer.text, self.announcer.serial)
    }
}
