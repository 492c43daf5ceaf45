//! The JavaScript API's and the postMessage protocol's side of the state: their calls
//! parsed from plain parameters (errors before anything changes), each call applied,
//! and `settle`, which after every update answers the `train(n)` calls whose epoch has
//! come and tells subscribers and the parent page about a new epoch.

use super::action::{ApiCall, FormReading, ReplyId, B_SLOT};
use super::app::{App, RunFileUse};
use super::effect::{ApiError, ApiRunState, ApiState, ApiValue, Effect, RunNumbers};
use vgp::config::parse_link;
use vgp::diagnosis::diagnose_parts;
use vgp::metrics::orders_of_magnitude;
use vgp::remote::RunMirror;

/// Least time between two `epoch` events sent to the parent page.
const EPOCH_EVENT_SPACING_MS: f64 = 250.0;
/// The most epochs one `train(n)` asks for.
const MOST_EPOCHS: f64 = 1e7;

/// A call's parameter as the translators hand it over.
#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    Missing,
    Number(f64),
    Text(String),
    /// Anything else (an object, a boolean, null).
    Other,
}

/// The call `method(params)`, checked; `form` reads the settings form (for `reset`).
/// Unknown methods and bad parameters are errors with the protocol's codes.
pub fn parse_call(
    method: &str,
    params: &[Param],
    form: impl FnOnce() -> FormReading,
) -> Result<ApiCall, ApiError> {
    let first = params.first().unwrap_or(&Param::Missing);
    match method {
        "hello" => Ok(ApiCall::Hello { announce: false }),
        "state" => Ok(ApiCall::State),
        "performance" => Ok(ApiCall::Performance),
        "play" => Ok(ApiCall::Play),
        "pause" => Ok(ApiCall::Pause),
        "reset" => Ok(ApiCall::Reset(form())),
        "setConfig" => match first {
            Param::Text(text) => Ok(ApiCall::SetConfig(text.clone())),
            _ => Err(ApiError::bad_params(
                "setConfig takes one string: a share-link query",
            )),
        },
        "train" => match first {
            Param::Number(n)
                if n.is_finite() && *n >= 0.0 && n.fract() == 0.0 && *n <= MOST_EPOCHS =>
            {
                Ok(ApiCall::Train(*n as usize))
            }
            _ => Err(ApiError::bad_params(
                "train takes a whole number of epochs from 0 to 10000000",
            )),
        },
        "run" => match first {
            Param::Missing => Ok(ApiCall::Run(0)),
            Param::Text(t) if t == "a" => Ok(ApiCall::Run(0)),
            Param::Text(t) if t == "b" => Ok(ApiCall::Run(B_SLOT)),
            Param::Text(other) => Err(ApiError::bad_params(format!(
                "run takes nothing, \"a\" or \"b\", not \"{other}\""
            ))),
            _ => Err(ApiError::bad_params("run takes nothing, \"a\" or \"b\"")),
        },
        other => Err(ApiError {
            code: "unknown_method",
            message: format!("no method \"{other}\"; see docs/embedding.md"),
        }),
    }
}

impl App {
    /// The answer to a call that only reads the state (`state`, `performance`), None for
    /// every other call. The shell answers these from a shared borrow, so they work even
    /// while the page is drawing (a browser may run a script in the middle of a canvas
    /// call: WebKit's automation does).
    pub fn read_only_answer(&self, call: &ApiCall) -> Option<Result<ApiValue, ApiError>> {
        match call {
            ApiCall::State => Some(Ok(ApiValue::State(self.api_state()))),
            ApiCall::Performance => Some(Ok(ApiValue::Performance {
                engine: self.engine_mark().unwrap_or("worker"),
                epochs_per_second: self.epochs_per_second,
                worker_memory_bytes: self.worker_memory_bytes,
            })),
            _ => None,
        }
    }

    /// Apply one call; its answer is an `Effect::Answer` now or (for `train` and `run`)
    /// later.
    pub(super) fn api_call(
        &mut self,
        fx: &mut Vec<Effect>,
        call: ApiCall,
        reply: ReplyId,
        now_ms: f64,
    ) {
        let answer = match call {
            ApiCall::Hello { announce } => {
                if announce {
                    fx.push(Effect::AnnounceReady);
                }
                Some(Ok(ApiValue::Bool(true)))
            }
            ApiCall::State | ApiCall::Performance => self.read_only_answer(&call),
            ApiCall::Play => {
                self.autoplay_held = false;
                self.set_playing(fx, true, now_ms);
                Some(Ok(ApiValue::State(self.api_state())))
            }
            ApiCall::Pause => {
                self.pause(fx, now_ms);
                Some(Ok(ApiValue::State(self.api_state())))
            }
            ApiCall::Reset(form) => {
                self.rebuild(fx, form, now_ms);
                Some(Ok(ApiValue::State(self.api_state())))
            }
            ApiCall::SetConfig(text) => {
                // The run's configuration only: the page keeps its layout and name.
                let mut link = parse_link(&text);
                link.page = self.page.clone();
                let warnings = link.warnings.iter().map(|w| w.to_string()).collect();
                self.open(fx, &link, now_ms);
                Some(Ok(ApiValue::SetConfig {
                    query: self.link().to_fragment(),
                    warnings,
                }))
            }
            ApiCall::Train(epochs) => {
                self.autoplay_held = true;
                if self.playing {
                    self.set_playing(fx, false, now_ms);
                }
                let target = self.measured_epoch() + epochs;
                self.train_to = Some(self.train_to.map_or(target, |t| t.max(target)));
                self.waiters.push((target, reply));
                // The worker starts now; its answers (not animation frames) carry the
                // run to the target, so a hidden page's `train` resolves too.
                self.kick_worker(fx);
                None
            }
            ApiCall::Run(slot) if slot == B_SLOT && self.b.is_none() => Some(Err(
                ApiError::bad_params("run(\"b\") needs compare mode (a link with b. keys)"),
            )),
            ApiCall::Run(slot) => {
                self.request_run_file(fx, slot, RunFileUse::Answer(reply, slot));
                None
            }
            ApiCall::EpochEvents(on) => {
                self.parent_subscribed = on;
                if on {
                    self.notified_epoch = None;
                    self.epoch_event_due = true;
                }
                Some(Ok(ApiValue::Bool(true)))
            }
        };
        if let Some(answer) = answer {
            fx.push(Effect::Answer(reply, answer));
        }
    }

    /// What `state()` and `epoch` events report.
    pub fn api_state(&self) -> ApiState {
        ApiState {
            epoch: self.measured_epoch(),
            running: self.running(),
            settled: !self.running() && !self.pending(),
            diverged: self.run.diverged().is_some(),
            query: self.link().to_fragment(),
            numbers: run_numbers(&self.run),
            b: self.b.as_ref().map(|b| ApiRunState {
                epoch: b.run.measured_epoch(),
                diverged: b.run.diverged().is_some(),
                query: b.run.config().to_query(),
                label: b.labels.1.clone(),
                numbers: run_numbers(&b.run),
            }),
        }
    }

    /// After every update: answer the `train` calls whose epoch is reached (or never can
    /// be: the run diverged or hit its limit), then tell subscribers and the parent page
    /// about a new epoch (the parent at most every `EPOCH_EVENT_SPACING_MS`, and always
    /// of the last one: a throttled event goes out with a later update).
    pub(super) fn settle(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        let epoch = self.measured_epoch();
        let stuck = self.all_finished();
        if let Some(target) = self.train_to.filter(|t| epoch >= *t || stuck) {
            self.train_to = None;
            // A stopped run says why itself (the epoch limit, a divergence).
            if epoch >= target && !stuck {
                self.announce(format!("Trained to epoch {epoch}."));
            }
        }
        let new_epoch = self.notified_epoch != Some(epoch);
        if new_epoch {
            self.notified_epoch = Some(epoch);
            self.epoch_event_due = self.parent_subscribed;
        }
        let event_now =
            self.epoch_event_due && now_ms - self.epoch_event_ms >= EPOCH_EVENT_SPACING_MS;
        let answering = self
            .waiters
            .iter()
            .any(|(target, _)| epoch >= *target || stuck);
        let telling_subscribers = new_epoch && !self.subscribers.is_empty();
        if !(answering || event_now || telling_subscribers) {
            return;
        }
        let state = self.api_state();
        // Subscribers first: a `train(n)` caller that unsubscribes once its promise
        // resolves has still heard of the epoch that resolved it.
        if telling_subscribers {
            fx.push(Effect::Notify(state.clone()));
        }
        if answering {
            let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waiters)
                .into_iter()
                .partition(|(target, _)| epoch >= *target || stuck);
            self.waiters = waiting;
            for (_, reply) in done {
                fx.push(Effect::Answer(reply, Ok(ApiValue::State(state.clone()))));
            }
        }
        if event_now {
            self.epoch_event_ms = now_ms;
            self.epoch_event_due = false;
            fx.push(Effect::PostEpoch(state));
        }
    }
}

/// The caption numbers of `run`'s newest measured epoch (the read-out's definitions,
/// `vgp::readout`) and its diagnosis's ids.
pub fn run_numbers(run: &RunMirror) -> RunNumbers {
    let Some(m) = run.history().newest() else {
        return RunNumbers::default();
    };
    let regression = m.test_accuracy.is_none();
    RunNumbers {
        train_loss: Some(m.train_loss),
        test_loss: Some(m.test_loss),
        test_accuracy: m.test_accuracy,
        test_rmse: regression.then(|| m.test_loss.max(0.0).sqrt()),
        ratio_orders: orders_of_magnitude(&m.grad_norm),
        diagnosis: diagnose_parts(run.history(), run.diverged())
            .iter()
            .map(|f| f.id)
            .collect(),
    }
}
