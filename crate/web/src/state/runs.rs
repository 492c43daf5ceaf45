//! The runs' lifecycle and the engine's traffic: a new run replaces the old one (in the
//! mirror at once, in the engine with the next message), links and the form start runs,
//! playing and stepping, and the engine kept busy (two requests in flight for a worker,
//! one a frame for the page's own engine) while the run should train.

use super::action::{EngineKind, FormReading, Reply, A_SLOT, B_SLOT};
use super::app::{App, RunFileUse, LIVE_KEYS};
use super::effect::{ApiError, ApiValue, Effect, Notice};
use vgp::config::{compare, Config, ConfigWarning, Link};
use vgp::remote::{Message, Request, RunMirror, Update};

/// Time spent training per animation frame when the run is on the page.
const TRAIN_BUDGET_MS: f64 = 12.0;
/// Time the worker trains per request: long enough that messages cost little, short
/// enough that the charts follow closely and a pause takes effect at once.
const WORKER_BUDGET_MS: f64 = 16.0;
/// Training requests the worker may hold at once (one running, one waiting).
const WORKER_PIPELINE: usize = 2;

/// The notice's heading for a link's unusable values.
const LINK_NOTICE: &str = "This link has values the page could not use; it uses these instead:";
/// The notice's heading for the form's adjusted values.
const FORM_NOTICE: &str = "Some settings could not be used as given; the run uses these instead (your settings stay in the form):";

/// A notice listing `warnings` under `heading`, or none without warnings.
fn notice_of(heading: &str, warnings: &[ConfigWarning]) -> Option<Notice> {
    (!warnings.is_empty()).then(|| Notice {
        heading: heading.to_string(),
        items: warnings.iter().map(|w| w.to_string()).collect(),
        copy_by_hand: None,
    })
}

impl App {
    /// Send `request` to run A.
    pub(super) fn send(&mut self, fx: &mut Vec<Effect>, request: Request) {
        self.send_message(
            fx,
            Message::To {
                slot: A_SLOT,
                request,
            },
        );
    }

    /// Send `message` to the engine; every message is answered once (`Action::Engine`).
    pub(super) fn send_message(&mut self, fx: &mut Vec<Effect>, message: Message) {
        self.in_flight += 1;
        fx.push(Effect::Send(message));
    }

    /// Take a link's configuration and page keys: the form shows its configuration, the
    /// notice what it could not use. Returns the configuration to run.
    pub(super) fn take_link(&mut self, fx: &mut Vec<Effect>, link: &Link) -> Config {
        fx.push(Effect::WriteForm(link.config.clone()));
        self.page = link.page.clone();
        self.notice = notice_of(LINK_NOTICE, &link.warnings);
        link.config.clone()
    }

    /// The form's warnings in the notice (or no notice), and its read-outs refreshed.
    pub(super) fn show_form_warnings(&mut self, form: &FormReading) {
        self.notice = notice_of(FORM_NOTICE, &form.warnings);
    }

    /// A new run of `config` replaces the current one; in compare mode B starts again
    /// too, with A's data, seed and epoch limit.
    pub(super) fn replace_run(&mut self, fx: &mut Vec<Effect>, config: Config) {
        self.flash = None;
        self.run_id = self.run_id.wrapping_add(1);
        self.run = RunMirror::new(self.run_id, config.clone());
        let run_id = self.run_id;
        self.send(fx, Request::New { run_id, config });
        if self.b.is_none() {
            return;
        }
        self.run_id = self.run_id.wrapping_add(1);
        let run_id = self.run_id;
        let a = self.run.config().clone();
        let Some(b) = self.b.as_mut() else {
            return;
        };
        b.config = compare::aligned(&a, &b.config);
        b.run = RunMirror::new(run_id, b.config.clone());
        b.labels = compare::labels(&a, b.run.config());
        let request = Request::New {
            run_id,
            config: b.config.clone(),
        };
        self.send_message(
            fx,
            Message::To {
                slot: B_SLOT,
                request,
            },
        );
    }

    /// Open a link (the address, `setConfig`, a preset, a remedy): its configuration in
    /// the form and a new run of exactly that configuration, its page keys applied, its
    /// warnings in the notice. Calls waiting on the old run are told it was replaced.
    pub(super) fn open(&mut self, fx: &mut Vec<Effect>, link: &Link, now_ms: f64) {
        let config = self.take_link(fx, link);
        // A first, so that B is aligned with it.
        self.run = RunMirror::new(self.run.run_id(), config.clone());
        self.set_compare(fx, link.b.clone());
        self.restart(fx, config, now_ms);
    }

    /// Start A (and B) again from epoch 0 with A's `config`, playing if it was.
    pub(super) fn restart(&mut self, fx: &mut Vec<Effect>, config: Config, now_ms: f64) {
        self.replace_run(fx, config);
        self.interrupt_training(fx, "a new run replaced the one it was training");
        self.set_playing(fx, self.playing, now_ms);
    }

    /// `train(n)` calls can no longer reach their epoch (`why`): each is answered with
    /// an `interrupted` error.
    pub(super) fn interrupt_training(&mut self, fx: &mut Vec<Effect>, why: &str) {
        self.train_to = None;
        for (target, reply) in std::mem::take(&mut self.waiters) {
            let message = format!("train stopped before epoch {target}: {why}");
            fx.push(Effect::Answer(reply, Err(ApiError::interrupted(message))));
        }
    }

    /// A new run from the form's values (keeps playing if it was). In compare mode the
    /// form edits A or B; the other run keeps its own settings but A's data and seed.
    pub(super) fn rebuild(&mut self, fx: &mut Vec<Effect>, form: FormReading, now_ms: f64) {
        self.show_form_warnings(&form);
        fx.push(Effect::RefreshForm);
        let a = self.run.config().clone();
        let config = match self.b.as_mut() {
            // The form edits B: B takes it, A only its shared keys (data, seed, limit).
            Some(b) if self.editing_b => {
                b.config = form.config.clone();
                compare::aligned(&form.config, &a)
            }
            _ => form.config,
        };
        self.restart(fx, config, now_ms);
    }

    /// A control changed: settings that can change live do; anything else rebuilds.
    pub(super) fn control_changed(
        &mut self,
        fx: &mut Vec<Effect>,
        key: &str,
        form: FormReading,
        now_ms: f64,
    ) {
        // In compare mode every change starts both runs again, so they stay comparable.
        if !LIVE_KEYS.contains(&key) || self.b.is_some() {
            self.rebuild(fx, form, now_ms);
            return;
        }
        self.show_form_warnings(&form);
        fx.push(Effect::RefreshForm);
        let config = form.config;
        self.run.set_live(&config);
        self.send(fx, Request::Live { config });
        if self.playing && self.all_finished() {
            self.set_playing(fx, false, now_ms);
        }
    }

    /// Play or pause. Pausing asks for the newest prediction surface (for the paused
    /// charts); playing starts the worker at once, not on the next animation frame
    /// (which a hidden or throttled page may not get for a while).
    pub(super) fn set_playing(&mut self, fx: &mut Vec<Effect>, playing: bool, now_ms: f64) {
        let was_playing = self.playing;
        self.playing = playing && !self.all_finished();
        if self.playing != was_playing {
            self.flash = None;
        }
        self.rate_epochs = 0;
        self.rate_start_ms = now_ms;
        self.epochs_per_second = 0.0;
        if self.playing && !was_playing {
            self.kick_worker(fx);
        }
        if was_playing && !self.playing {
            self.send(fx, Request::Sync);
            if self.b.is_some() {
                let request = Request::Sync;
                self.send_message(
                    fx,
                    Message::To {
                        slot: B_SLOT,
                        request,
                    },
                );
            }
        }
    }

    /// Pause: the run stops, and so does any `train(n)` under way; an autoplaying embed
    /// stays paused when it comes back into view.
    pub(super) fn pause(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        self.autoplay_held = true;
        if self.train_to.is_some() {
            let epoch = self.measured_epoch();
            self.interrupt_training(fx, &format!("paused at epoch {epoch}"));
        }
        self.set_playing(fx, false, now_ms);
    }

    /// Train exactly one epoch (pausing first).
    pub(super) fn step_once(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        self.pause(fx, now_ms);
        if self.b.is_some() {
            // One epoch of each, A then B.
            self.send_message(
                fx,
                Message::Lockstep {
                    budget_ms: f64::INFINITY,
                    max_epochs: Some(1),
                    until_epoch: None,
                },
            );
        } else {
            self.send(fx, Request::StepEpoch);
        }
    }

    /// The page's epoch: the newest epoch every run that still trains has measured (a
    /// run that diverged or stopped no longer holds the other back), or, once none
    /// trains, the newest any has.
    pub fn measured_epoch(&self) -> usize {
        let runs = || std::iter::once(&self.run).chain(self.b.as_ref().map(|b| &b.run));
        runs()
            .filter(|r| !r.finished())
            .map(RunMirror::measured_epoch)
            .min()
            .or_else(|| runs().map(RunMirror::measured_epoch).max())
            .unwrap_or(0)
    }

    /// True when no run can train further.
    pub fn all_finished(&self) -> bool {
        self.run.finished() && self.b.as_ref().is_none_or(|b| b.run.finished())
    }

    /// True while the run should train: playing, or `train(n)` not yet at its epoch.
    fn wants_training(&self) -> bool {
        !self.all_finished() && (self.playing || self.train_to.is_some())
    }

    /// A worker without an epochs-per-frame cap gets its training requests at once
    /// (with a cap, or on the page, the frame sends them).
    pub(super) fn kick_worker(&mut self, fx: &mut Vec<Effect>) {
        if self.engine == EngineKind::Worker && (self.speed == 0 || !self.playing) {
            self.keep_training(fx);
        }
    }

    /// Send the next training requests if the run should train: up to two in flight
    /// for an uncapped worker (it never waits for the page to finish drawing), else one.
    pub(super) fn keep_training(&mut self, fx: &mut Vec<Effect>) {
        let capped = self.playing && self.speed > 0;
        let (budget_ms, most_in_flight) = match (self.engine, capped) {
            (EngineKind::Worker, false) => (WORKER_BUDGET_MS, WORKER_PIPELINE),
            (EngineKind::Worker, true) => (WORKER_BUDGET_MS, 1),
            (EngineKind::Page, _) => (TRAIN_BUDGET_MS, 1),
        };
        let (max_epochs, until_epoch) = (
            capped.then_some(self.speed),
            if self.playing { None } else { self.train_to },
        );
        while self.wants_training() && self.in_flight < most_in_flight {
            // A comparison trains both runs in lockstep, one message for both.
            if self.b.is_some() {
                self.send_message(
                    fx,
                    Message::Lockstep {
                        budget_ms,
                        max_epochs,
                        until_epoch,
                    },
                );
            } else {
                self.send(
                    fx,
                    Request::Advance {
                        budget_ms,
                        max_epochs,
                        until_epoch,
                    },
                );
            }
        }
    }

    /// The engine answered one message.
    pub(super) fn engine_replied(&mut self, fx: &mut Vec<Effect>, reply: Reply, now_ms: f64) {
        self.in_flight = self.in_flight.saturating_sub(1);
        match reply {
            Reply::Updates(updates) => {
                if self.engine == EngineKind::Worker {
                    self.worker_answered = true;
                }
                for update in updates {
                    if self.engine == EngineKind::Worker {
                        self.worker_memory_bytes = update.memory_bytes;
                    }
                    self.receive(fx, update, now_ms);
                }
                self.kick_worker(fx);
            }
            Reply::Failed(text) => self.worker_failed(fx, &text, now_ms),
            Reply::NotSent(text) => {
                fx.push(Effect::ShowError(format!(
                    "The run could not be reached: {text}"
                )));
            }
        }
    }

    /// The worker could not start (the page trains the runs itself from the start), or
    /// it stopped later (the page says so, and trains on from the start).
    fn worker_failed(&mut self, fx: &mut Vec<Effect>, text: &str, now_ms: f64) {
        if self.engine == EngineKind::Page {
            fx.push(Effect::ShowError(format!("The run stopped: {text}")));
            return;
        }
        if self.worker_answered {
            fx.push(Effect::ShowError(format!(
                "The training worker stopped: {text}. The page trains the run itself from the start."
            )));
        }
        fx.push(Effect::UsePageEngine);
        self.engine = EngineKind::Page;
        self.in_flight = 0;
        let config = self.run.config().clone();
        // The same configuration trains again, on the page: unlike `restart`, nothing is
        // interrupted (a `train(n)` waiting for the worker waits for epoch n of this run).
        self.replace_run(fx, config);
        self.set_playing(fx, self.playing, now_ms);
        let files: Vec<(usize, u32)> = self.run_files.iter().map(|(t, u)| (u.slot(), *t)).collect();
        for (slot, ticket) in files {
            let request = Request::RunFile { ticket };
            self.send_message(fx, Message::To { slot, request });
        }
    }

    /// Apply an update: the mirror, the speed count, run files asked for; a run that
    /// can train no further stops playing.
    fn receive(&mut self, fx: &mut Vec<Effect>, mut update: Update, now_ms: f64) {
        if let Some((ticket, text)) = update.run_file.take() {
            if let Some(i) = self.run_files.iter().position(|(t, _)| *t == ticket) {
                let (_, usage) = self.run_files.remove(i);
                fx.push(match (usage, text) {
                    (RunFileUse::Download(_, name), Ok(text)) => Effect::Download {
                        name,
                        mime: "application/json",
                        text,
                    },
                    (RunFileUse::Download(..), Err(e)) => {
                        Effect::ShowError(format!("The run could not be written as JSON: {e}"))
                    }
                    (RunFileUse::Answer(reply, _), Ok(text)) => {
                        Effect::Answer(reply, Ok(ApiValue::RunFile(text)))
                    }
                    (RunFileUse::Answer(reply, _), Err(message)) => Effect::Answer(
                        reply,
                        Err(ApiError {
                            code: "internal",
                            message,
                        }),
                    ),
                });
            }
        }
        let trained = update.trained;
        if update.run_id == self.run.run_id() {
            if self.run.apply(update) {
                self.rate_epochs += trained;
            }
        } else if let Some(b) = self.b.as_mut() {
            // B's epochs are not counted in the speed read-out (A's are the page's).
            if update.run_id == b.run.run_id() {
                b.run.apply(update);
            }
        }
        if self.playing && self.all_finished() {
            self.set_playing(fx, false, now_ms);
        }
    }

    /// Ask for the run in engine slot `slot` as a `vgp-run/1` document, for `usage`.
    pub(super) fn request_run_file(
        &mut self,
        fx: &mut Vec<Effect>,
        slot: usize,
        usage: RunFileUse,
    ) {
        self.next_ticket = self.next_ticket.wrapping_add(1);
        let ticket = self.next_ticket;
        self.run_files.push((ticket, usage));
        let request = Request::RunFile { ticket };
        self.send_message(fx, Message::To { slot, request });
    }
}
