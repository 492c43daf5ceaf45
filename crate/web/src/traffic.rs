//! The app's side of the engine (engine.rs): requests out, updates in, the worker kept
//! busy (two requests in flight) or, where the run is on the page, training within each
//! frame's budget; the run files asked of it; which engine the page uses.

use super::app::{App, RunFileUse};
use super::dom;
use super::engine::{Engine, Reply};
use vgp::remote::{Message, Request, RunMirror, Update};

/// Time spent training per animation frame when the run is on the page.
const TRAIN_BUDGET_MS: f64 = 12.0;
/// Time the worker trains per request: long enough that messages cost little, short
/// enough that the charts follow closely and a pause takes effect at once.
const WORKER_BUDGET_MS: f64 = 16.0;
/// Training requests the worker may hold at once (one running, one waiting).
const WORKER_PIPELINE: usize = 2;

impl App {
    /// Send `request` to A's run; a local engine's answer is taken in at once.
    pub(super) fn send(&mut self, request: Request) {
        self.send_message(Message::To { slot: 0, request });
    }

    /// Send `message` to the engine; a local engine's answers are taken in at once.
    pub(super) fn send_message(&mut self, message: Message) {
        match self.engine.send(message) {
            Ok(Some(updates)) => {
                for update in updates {
                    self.receive(update);
                }
            }
            Ok(None) => {
                self.in_flight += 1;
                self.show_pending();
            }
            Err(text) => dom::show_error(&format!("The run could not be reached: {text}")),
        }
    }

    /// The page's epoch: the newest epoch every run that still trains has measured (a
    /// run that diverged or stopped no longer holds the other back), or, once none
    /// trains, the newest any has.
    pub(super) fn measured_epoch(&self) -> usize {
        let runs = || std::iter::once(&self.run).chain(self.b.as_ref().map(|b| &b.run));
        runs()
            .filter(|r| !r.finished())
            .map(RunMirror::measured_epoch)
            .min()
            .or_else(|| runs().map(RunMirror::measured_epoch).max())
            .unwrap_or(0)
    }

    /// Say on the page whether the worker still has requests to answer: after a pause,
    /// the epochs it was already training arrive within a few frames, and
    /// `<body data-pending="1">` lasts until they have (tests wait for it to go).
    fn show_pending(&mut self) {
        let pending = self.in_flight > 0;
        if pending == self.pending_shown {
            return;
        }
        self.pending_shown = pending;
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            let data = body.dataset();
            if pending {
                let _ = data.set("pending", "1");
            } else {
                data.delete("pending");
            }
        }
    }

    /// True when no run can train further.
    pub(super) fn all_finished(&self) -> bool {
        self.run.finished() && self.b.as_ref().is_none_or(|b| b.run.finished())
    }

    /// Take in everything the worker has sent, then keep it busy if the run should train.
    pub(super) fn take_replies(&mut self) {
        loop {
            let next = self.inbox.borrow_mut().pop_front();
            match next {
                Some(Reply::Updates(updates)) => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    if !self.worker_answered {
                        self.worker_answered = true;
                        mark_engine("worker");
                    }
                    for update in updates {
                        self.worker_memory_bytes = update.memory_bytes;
                        self.receive(update);
                    }
                }
                Some(Reply::Failed(text)) => self.worker_failed(&text),
                None => break,
            }
        }
        // Without a per-frame epoch cap the worker trains back to back; with one, the
        // frame loop sends one request per frame.
        self.kick_worker();
        self.show_pending();
    }

    /// The worker could not start (the page trains the run itself from the start), or
    /// it stopped later (the page says so).
    fn worker_failed(&mut self, text: &str) {
        if self.worker_answered {
            dom::show_error(&format!(
                "The training worker stopped: {text}. Reload the page to start again."
            ));
            self.engine = Engine::local();
            self.in_flight = 0;
            return;
        }
        web_sys::console::warn_1(
            &format!("No training worker ({text}): the page trains the run itself.").into(),
        );
        mark_engine("page");
        self.engine = Engine::local();
        self.in_flight = 0;
        let config = self.run.config().clone();
        self.replace_run(config);
        let tickets: Vec<u32> = self.run_files.iter().map(|(t, _)| *t).collect();
        for ticket in tickets {
            self.send(Request::RunFile { ticket });
        }
    }

    /// Apply an update from the engine: the mirror, the speed count, run files asked
    /// for, and a run that can train no further stops playing.
    fn receive(&mut self, mut update: Update) {
        if let Some((ticket, text)) = update.run_file.take() {
            if let Some(i) = self.run_files.iter().position(|(t, _)| *t == ticket) {
                let (_, usage) = self.run_files.remove(i);
                super::bridge::deliver_run_file(self, usage, text);
            }
        }
        let trained = update.trained;
        if update.run_id == self.run.run_id() {
            if self.run.apply(update) {
                self.rate_epochs += trained;
            }
        } else if let Some(b) = self.b.as_mut() {
            // B's epochs are not counted in the speed read-out (A's are the page's).
            b.run.apply(update);
        }
        if self.playing && self.all_finished() {
            self.set_playing(false);
        }
        self.settle();
    }

    /// Ask for the run in engine slot `slot` (0 is A, 1 is B) as a `vgp-run/1`
    /// document, for `usage`.
    pub(super) fn request_run_file(&mut self, slot: usize, usage: RunFileUse) {
        self.next_ticket = self.next_ticket.wrapping_add(1);
        let ticket = self.next_ticket;
        self.run_files.push((ticket, usage));
        let request = Request::RunFile { ticket };
        self.send_message(Message::To { slot, request });
    }

    /// Where the run trains: "worker", or "page" (no worker could start).
    pub(super) fn engine_name(&self) -> &'static str {
        if self.engine.is_worker() {
            "worker"
        } else {
            "page"
        }
    }

    /// True while the run should train: playing, or `train(n)` not yet at its epoch.
    fn wants_training(&self) -> bool {
        !self.all_finished() && (self.playing || self.train_to.is_some())
    }

    /// Send the next training request if the run should train and none is under way.
    /// A worker without an epochs-per-frame cap gets the next request before it answers
    /// the current one, so it never waits for the page to finish drawing.
    pub(super) fn keep_training(&mut self) {
        let capped = self.playing && self.speed > 0;
        let (budget_ms, most_in_flight) = match (self.engine.is_worker(), capped) {
            (true, false) => (WORKER_BUDGET_MS, WORKER_PIPELINE),
            (true, true) => (WORKER_BUDGET_MS, 1),
            (false, _) => (TRAIN_BUDGET_MS, 1),
        };
        let (max_epochs, until_epoch) = (
            capped.then_some(self.speed),
            if self.playing { None } else { self.train_to },
        );
        while self.wants_training() && self.in_flight < most_in_flight {
            let before = self.in_flight;
            // A comparison trains both runs in lockstep, one message for both.
            if self.b.is_some() {
                self.send_message(Message::Lockstep {
                    budget_ms,
                    max_epochs,
                    until_epoch,
                });
            } else {
                self.send(Request::Advance {
                    budget_ms,
                    max_epochs,
                    until_epoch,
                });
            }
            // A page-side engine answers at once: one request per frame.
            if self.in_flight == before {
                break;
            }
        }
    }
}

/// Say on the page where the run trains (`<body data-engine="worker">` or `"page"`), for
/// the curious and for tests.
pub(super) fn mark_engine(name: &str) {
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        let _ = body.dataset().set("engine", name);
    }
}
