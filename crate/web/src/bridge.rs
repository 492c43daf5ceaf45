//! Driving the page from the page around it: the methods of the `window.vgp` JavaScript
//! API and of the same API over `postMessage` (installed by parent.rs;
//! docs/embedding.md), what they return, and how answers are sent.
//!
//! Every method goes through `call`, so the two ways of calling behave the same.

use super::app::{App, RunFileUse};
use super::dom;
use super::parent::event;
use js_sys::{Array, Function, Object, Reflect};
use vgp::config::parse_link;
use wasm_bindgen::JsValue;
use web_sys::Window;

/// Least time between two `epoch` events sent to the parent page.
const EPOCH_EVENT_SPACING_MS: f64 = 250.0;

/// What `performance()` returns: where the run trains, how fast, how long the charts
/// take to draw, and the WebAssembly memory of the page and of the worker.
pub struct ApiPerformance {
    pub engine: &'static str,
    pub epochs_per_second: f64,
    /// The latest whole redraws (at most 240), oldest first, in milliseconds: each the
    /// sum of every chart's latest drawing time once all have been drawn again (while
    /// training a redraw is spread over frames).
    pub draw_ms: Vec<f64>,
    /// Whole redraws since the page opened.
    pub draw_count: u64,
    /// Each chart's latest drawing time: `[name, milliseconds]`.
    pub chart_ms: Vec<(&'static str, f64)>,
    pub page_memory_bytes: usize,
    /// 0 when the run trains on the page.
    pub worker_memory_bytes: usize,
}

/// What `state()` returns. In compare mode `epoch` is the epoch both runs have
/// reached, `diverged` is A's, `query` the whole link (B's `b.` keys included) and `b`
/// describes B; without a comparison there is no `b`.
pub struct ApiState {
    pub epoch: usize,
    pub running: bool,
    pub diverged: bool,
    pub query: String,
    /// Absent (not null) without a comparison.
    pub b: Option<ApiRunState>,
}

/// A compared run in `state()`: its own measured epoch, whether it diverged, its
/// whole configuration as a query, and its legend name (what differs from A).
pub struct ApiRunState {
    pub epoch: usize,
    pub diverged: bool,
    pub query: String,
    pub label: String,
}

/// Where an answer goes: a JavaScript promise's resolve function, or a reply message.
pub enum Answer {
    Resolve(Function),
    Message(ReplyTo),
}

/// The sender of a message and its request id.
#[derive(Clone)]
pub struct ReplyTo {
    pub window: Window,
    /// The origin to address (the sender's, or "*" for a `null` origin).
    pub origin: String,
    pub id: JsValue,
}

/// A method's outcome: a value now, the epoch `train` waits for, or the run file the
/// engine is asked for.
pub(super) enum Outcome {
    Now(JsValue),
    After(usize),
    /// The run file of the run in this engine slot (0 is A, 1 is B).
    RunFile(usize),
}

/// An error reply: a code from the protocol and a sentence.
pub(super) struct ApiError {
    pub code: &'static str,
    pub message: String,
}

pub(super) fn bad_params(message: impl Into<String>) -> ApiError {
    ApiError {
        code: "bad_params",
        message: message.into(),
    }
}

/// Run `method` with `params` on the app.
pub(super) fn call(app: &mut App, method: &str, params: &Array) -> Result<Outcome, ApiError> {
    let state = |app: &App| app.api_state().to_js();
    match method {
        "hello" => Ok(Outcome::Now(JsValue::from(true))),
        "state" => Ok(Outcome::Now(state(app))),
        "performance" => Ok(Outcome::Now(app.performance().to_js())),
        "play" => {
            app.set_playing(true);
            Ok(Outcome::Now(state(app)))
        }
        "pause" => {
            app.set_playing(false);
            Ok(Outcome::Now(state(app)))
        }
        "reset" => {
            app.rebuild();
            Ok(Outcome::Now(state(app)))
        }
        "setConfig" => {
            let text = params
                .get(0)
                .as_string()
                .ok_or_else(|| bad_params("setConfig takes one string: a share-link query"))?;
            // The run's configuration only: the page keeps its layout and name.
            let mut link = parse_link(&text);
            link.page = app.page.clone();
            let warnings: Vec<String> = link.warnings.iter().map(|w| w.to_string()).collect();
            app.open(&link);
            let result = Object::new();
            let _ = Reflect::set(&result, &"query".into(), &app.link().to_fragment().into());
            let list: Array = warnings.iter().map(|w| JsValue::from(w.as_str())).collect();
            let _ = Reflect::set(&result, &"warnings".into(), &list);
            Ok(Outcome::Now(result.into()))
        }
        "train" => {
            let epochs = params.get(0).as_f64().unwrap_or(f64::NAN);
            if !(epochs.is_finite() && epochs >= 0.0 && epochs.fract() == 0.0 && epochs <= 1e7) {
                return Err(bad_params(
                    "train takes a whole number of epochs from 0 to 10000000",
                ));
            }
            app.set_playing(false);
            let target = app.measured_epoch() + epochs as usize;
            app.train_to = Some(app.train_to.map_or(target, |t| t.max(target)));
            // The worker starts now; its answers (not animation frames) carry the run to
            // the target, so a hidden page's `train` resolves too.
            app.kick_worker();
            Ok(Outcome::After(target))
        }
        "run" => match params.get(0).as_string().as_deref() {
            Some("b") if app.b.is_some() => Ok(Outcome::RunFile(super::compare::B_SLOT)),
            Some("b") => Err(bad_params(
                "run(\"b\") needs compare mode (a link with b. keys)",
            )),
            Some("a") | None => Ok(Outcome::RunFile(0)),
            Some(other) => Err(bad_params(format!(
                "run takes nothing, \"a\" or \"b\", not \"{other}\""
            ))),
        },
        other => Err(ApiError {
            code: "unknown_method",
            message: format!("no method \"{other}\"; see docs/embedding.md"),
        }),
    }
}

/// A plain object with these properties, in this order. (The API's objects are built
/// field by field: serde-wasm-bindgen cost about 3 KB of the page's WebAssembly.)
pub(super) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// An array of numbers.
pub(super) fn numbers(values: impl IntoIterator<Item = f64>) -> JsValue {
    values
        .into_iter()
        .map(JsValue::from_f64)
        .collect::<Array>()
        .into()
}

impl ApiPerformance {
    fn to_js(&self) -> JsValue {
        let chart_ms: Array = self
            .chart_ms
            .iter()
            .map(|(name, ms)| Array::of2(&JsValue::from_str(name), &JsValue::from_f64(*ms)))
            .collect();
        object(&[
            ("engine", JsValue::from_str(self.engine)),
            (
                "epochs_per_second",
                JsValue::from_f64(self.epochs_per_second),
            ),
            ("draw_ms", numbers(self.draw_ms.iter().copied())),
            ("draw_count", JsValue::from_f64(self.draw_count as f64)),
            ("chart_ms", chart_ms.into()),
            (
                "page_memory_bytes",
                JsValue::from_f64(self.page_memory_bytes as f64),
            ),
            (
                "worker_memory_bytes",
                JsValue::from_f64(self.worker_memory_bytes as f64),
            ),
        ])
    }
}

impl ApiState {
    fn to_js(&self) -> JsValue {
        let mut fields = vec![
            ("epoch", JsValue::from_f64(self.epoch as f64)),
            ("running", JsValue::from_bool(self.running)),
            ("diverged", JsValue::from_bool(self.diverged)),
            ("query", JsValue::from_str(&self.query)),
        ];
        if let Some(b) = &self.b {
            let b = object(&[
                ("epoch", JsValue::from_f64(b.epoch as f64)),
                ("diverged", JsValue::from_bool(b.diverged)),
                ("query", JsValue::from_str(&b.query)),
                ("label", JsValue::from_str(&b.label)),
            ]);
            fields.push(("b", b));
        }
        object(&fields)
    }
}

impl App {
    /// What `performance()` reports.
    pub(super) fn performance(&self) -> ApiPerformance {
        ApiPerformance {
            engine: self.engine_name(),
            epochs_per_second: self.epochs_per_second,
            draw_ms: self.view.draw_times_ms.iter().copied().collect(),
            draw_count: self.view.draw_count,
            chart_ms: self.view.chart_ms(),
            page_memory_bytes: core::arch::wasm32::memory_size(0) * 65536,
            worker_memory_bytes: self.worker_memory_bytes,
        }
    }

    /// The state `state()` and `epoch` events report.
    pub(super) fn api_state(&self) -> ApiState {
        ApiState {
            epoch: self.measured_epoch(),
            running: self.playing || self.train_to.is_some(),
            diverged: self.run.diverged().is_some(),
            query: self.link().to_fragment(),
            b: self.b.as_ref().map(|b| ApiRunState {
                epoch: b.run.measured_epoch(),
                diverged: b.run.diverged().is_some(),
                query: b.run.config().to_query(),
                label: b.labels.1.clone(),
            }),
        }
    }

    /// Answer the `train` calls whose epoch is reached (or that can never be: the run
    /// diverged or hit its limit), then tell subscribers about a new epoch.
    pub(super) fn settle(&mut self) {
        let epoch = self.measured_epoch();
        let stuck = self.all_finished();
        if self.train_to.is_some_and(|t| epoch >= t || stuck) {
            self.train_to = None;
        }
        let new_epoch = self.notified_epoch != Some(epoch);
        if new_epoch {
            self.notified_epoch = Some(epoch);
            self.epoch_event_due = self.message_subscriber.is_some();
        }
        // The parent hears of the newest epoch at most every EPOCH_EVENT_SPACING_MS, and
        // always of the last one (a throttled event goes out on a later frame).
        let now = dom::now_ms();
        let event_now = self.epoch_event_due && now - self.epoch_event_ms >= EPOCH_EVENT_SPACING_MS;
        let answering = self
            .waiters
            .iter()
            .any(|(target, _)| epoch >= *target || stuck);
        // This runs every frame: build the state only when someone is told.
        let telling_subscribers = new_epoch && !self.subscribers.is_empty();
        if !(answering || event_now || telling_subscribers) {
            return;
        }
        let state = self.api_state().to_js();
        if answering {
            let (done, waiting): (Vec<_>, Vec<_>) = std::mem::take(&mut self.waiters)
                .into_iter()
                .partition(|(target, _)| epoch >= *target || stuck);
            self.waiters = waiting;
            for (_, answer) in done {
                answer_with(&answer, Ok(state.clone()), self.page.frame.as_deref());
            }
        }
        if telling_subscribers {
            for (_, f) in &self.subscribers {
                let _ = f.call1(&JsValue::NULL, &state);
            }
        }
        if event_now {
            if let Some(parent) = &self.message_subscriber {
                self.epoch_event_ms = now;
                self.epoch_event_due = false;
                let message = event("epoch", self.page.frame.as_deref());
                let _ = Reflect::set(&message, &"state".into(), &state);
                let _ = parent.window.post_message(&message, &parent.origin);
            }
        }
    }
}

/// The engine's answer to a run-file request: a download, or the answer to `run()`.
pub(super) fn deliver_run_file(app: &App, usage: RunFileUse, text: Result<String, String>) {
    match usage {
        RunFileUse::Download => match text {
            Ok(text) => {
                if let Err(e) =
                    super::exports::download_text("vgp-run.json", "application/json", &text)
                {
                    dom::show_error(&format!("The run could not be downloaded: {e:?}"));
                }
            }
            Err(e) => dom::show_error(&format!("The run could not be written as JSON: {e}")),
        },
        RunFileUse::Answer(answer) => {
            let result = text
                .map(|t| js_sys::JSON::parse(&t).unwrap_or(JsValue::NULL))
                .map_err(|message| ApiError {
                    code: "internal",
                    message,
                });
            answer_with(&answer, result, app.page.frame.as_deref());
        }
    }
}

/// Send `result` (or an error) where `answer` says.
pub(super) fn answer_with(answer: &Answer, result: Result<JsValue, ApiError>, frame: Option<&str>) {
    match answer {
        Answer::Resolve(resolve) => {
            let value = result.unwrap_or_else(|e| JsValue::from(e.message));
            let _ = resolve.call1(&JsValue::NULL, &value);
        }
        Answer::Message(to) => {
            let reply = Object::new();
            let _ = Reflect::set(&reply, &"vgp".into(), &1.into());
            let _ = Reflect::set(&reply, &"id".into(), &to.id);
            if let Some(frame) = frame {
                let _ = Reflect::set(&reply, &"frame".into(), &frame.into());
            }
            match result {
                Ok(value) => {
                    let _ = Reflect::set(&reply, &"result".into(), &value);
                }
                Err(e) => {
                    let error = Object::new();
                    let _ = Reflect::set(&error, &"code".into(), &e.code.into());
                    let _ = Reflect::set(&error, &"message".into(), &e.message.into());
                    let _ = Reflect::set(&reply, &"error".into(), &error);
                }
            }
            let _ = to.window.post_message(&reply, &to.origin);
        }
    }
}
