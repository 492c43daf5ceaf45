//! Driving the page from the page around it: the `window.vgp` JavaScript API, the same
//! methods over `postMessage` from a parent page (docs/embedding.md), the events the
//! page sends its parent (`ready`, `epoch`, `resize`), and `autoplay` (train while
//! visible).
//!
//! Every method goes through `call`, so the two ways of calling behave the same.

use super::app::{App, RunFileUse, Shared};
use super::dom;
use crate::config::{parse_link, Resize};
use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

/// Least time between two `epoch` events sent to the parent page.
const EPOCH_EVENT_SPACING_MS: f64 = 250.0;

/// What `performance()` returns: where the run trains, how fast, how long the charts
/// take to draw, and the WebAssembly memory of the page and of the worker.
#[derive(Serialize)]
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
#[derive(Serialize)]
pub struct ApiState {
    pub epoch: usize,
    pub running: bool,
    pub diverged: bool,
    pub query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b: Option<ApiRunState>,
}

/// A compared run in `state()`: its own measured epoch, whether it diverged, its
/// whole configuration as a query, and its legend name (what differs from A).
#[derive(Serialize)]
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
enum Outcome {
    Now(JsValue),
    After(usize),
    /// The run file of the run in this engine slot (0 is A, 1 is B).
    RunFile(usize),
}

/// An error reply: a code from the protocol and a sentence.
struct ApiError {
    code: &'static str,
    message: String,
}

fn bad_params(message: impl Into<String>) -> ApiError {
    ApiError {
        code: "bad_params",
        message: message.into(),
    }
}

/// Run `method` with `params` on the app.
fn call(app: &mut App, method: &str, params: &Array) -> Result<Outcome, ApiError> {
    let state = |app: &App| serde_value(&app.api_state());
    match method {
        "hello" => Ok(Outcome::Now(JsValue::from(true))),
        "state" => Ok(Outcome::Now(state(app))),
        "performance" => Ok(Outcome::Now(serde_value(&app.performance()))),
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
                "run takes nothing, \"a\" or \"b\", not {other:?}"
            ))),
        },
        other => Err(ApiError {
            code: "unknown_method",
            message: format!("no method {other:?}; see docs/embedding.md"),
        }),
    }
}

fn serde_value<T: Serialize>(value: &T) -> JsValue {
    serde_wasm_bindgen::to_value(value).unwrap_or(JsValue::NULL)
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
        let state = serde_value(&self.api_state());
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
fn answer_with(answer: &Answer, result: Result<JsValue, ApiError>, frame: Option<&str>) {
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

/// An event message `{vgp: 1, event, frame?}`.
fn event(name: &str, frame: Option<&str>) -> Object {
    let message = Object::new();
    let _ = Reflect::set(&message, &"vgp".into(), &1.into());
    let _ = Reflect::set(&message, &"event".into(), &name.into());
    if let Some(frame) = frame {
        let _ = Reflect::set(&message, &"frame".into(), &frame.into());
    }
    message
}

/// The parent page's window, when this page is in a frame.
fn parent_window() -> Option<Window> {
    let window = dom::window()?;
    let parent = window.parent().ok()??;
    (!Object::is(&parent, &window)).then_some(parent)
}

/// Post an event to the parent page (if framed), addressed to `parent=` or to anyone.
fn post_to_parent(app: &App, message: &JsValue) {
    if let Some(parent) = parent_window() {
        let origin = app.page.parent.clone().unwrap_or_else(|| "*".to_string());
        let _ = parent.post_message(message, &origin);
    }
}

/// Tell the parent the page is ready for requests.
pub(super) fn announce_ready(app: &App) {
    post_to_parent(app, &event("ready", app.page.frame.as_deref()).into());
}

/// Install `window.vgp`, the message listener, the size reports and autoplay.
pub(super) fn install(app: &Shared) -> Result<(), JsValue> {
    let Some(window) = dom::window() else {
        return Ok(());
    };
    let api = Object::new();
    let method = |name: &'static str| -> Function {
        let app = app.clone();
        let f = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |arg: JsValue| {
            js_call(&app, name, arg)
        });
        let function: Function = f.as_ref().unchecked_ref::<Function>().clone();
        f.forget(); // lives as long as the page
        function
    };
    for name in [
        "setConfig",
        "play",
        "pause",
        "reset",
        "train",
        "state",
        "run",
        "performance",
    ] {
        Reflect::set(&api, &name.into(), &method(name))?;
    }
    let subscribe = {
        let app = app.clone();
        Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |f: JsValue| subscribe(&app, f))
    };
    Reflect::set(&api, &"subscribe".into(), subscribe.as_ref())?;
    subscribe.forget();
    Reflect::set(&api, &"ready".into(), &Promise::resolve(&api))?;
    Reflect::set(&window, &"vgp".into(), &api)?;
    if let Ok(ready) = web_sys::Event::new("vgp-ready") {
        let _ = window.dispatch_event(&ready);
    }

    let on_message = {
        let app = app.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| on_message(&app, &e))
    };
    window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())?;
    on_message.forget();
    watch_size(app)?;
    watch_visibility(app)?;
    if let Ok(app) = app.try_borrow() {
        announce_ready(&app);
    }
    Ok(())
}

/// `window.vgp.NAME(arg)`: the value, or for `train` a Promise of the state and for
/// `run` a Promise of the run file.
fn js_call(app: &Shared, name: &str, arg: JsValue) -> JsValue {
    let Ok(mut a) = app.try_borrow_mut() else {
        return JsValue::NULL;
    };
    let params = Array::of1(&arg);
    let outcome = call(&mut a, name, &params);
    // Release the app before anything else: a thrown JavaScript error does not unwind
    // Rust frames, so a borrow still held would stay held for good.
    drop(a);
    match outcome {
        Ok(Outcome::Now(value)) => value,
        Ok(Outcome::After(target)) => {
            let app = app.clone();
            let mut executor = move |resolve: Function, _reject: Function| {
                if let Ok(mut a) = app.try_borrow_mut() {
                    a.waiters.push((target, Answer::Resolve(resolve)));
                    a.settle();
                }
            };
            Promise::new(&mut executor).into()
        }
        Ok(Outcome::RunFile(slot)) => {
            let app = app.clone();
            let mut executor = move |resolve: Function, _reject: Function| {
                if let Ok(mut a) = app.try_borrow_mut() {
                    a.request_run_file(slot, RunFileUse::Answer(Answer::Resolve(resolve)));
                }
            };
            Promise::new(&mut executor).into()
        }
        Err(e) => {
            let error = js_sys::Error::new(&e.message);
            let _ = Reflect::set(&error, &"code".into(), &e.code.into());
            wasm_bindgen::throw_val(error.into())
        }
    }
}

/// `window.vgp.subscribe(fn)`: call `fn(state)` after each new epoch (at most once per
/// frame); returns the function that unsubscribes.
fn subscribe(app: &Shared, f: JsValue) -> JsValue {
    let Some(function) = f.dyn_ref::<Function>().cloned() else {
        wasm_bindgen::throw_str("subscribe takes a function");
    };
    let Ok(mut a) = app.try_borrow_mut() else {
        return JsValue::NULL;
    };
    a.next_subscriber += 1;
    let id = a.next_subscriber;
    a.subscribers.push((id, function));
    let app = app.clone();
    let unsubscribe = Closure::once_into_js(move || {
        if let Ok(mut a) = app.try_borrow_mut() {
            a.subscribers.retain(|(i, _)| *i != id);
        }
    });
    unsubscribe
}

/// A message from the parent page: obey it if it has the protocol's shape and comes from
/// the parent (and from `parent=`'s origin when the link names one); ignore anything else.
fn on_message(app: &Shared, e: &MessageEvent) {
    let Some(parent) = parent_window() else {
        return;
    };
    let from_parent = e
        .source()
        .is_some_and(|s| Object::is(s.as_ref(), parent.as_ref()));
    if !from_parent {
        return;
    }
    let data = e.data();
    let get = |key: &str| Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if !data.is_object() || get("vgp").as_f64() != Some(1.0) {
        return;
    }
    let Some(method) = get("method").as_string() else {
        return;
    };
    let id = get("id");
    let Ok(mut a) = app.try_borrow_mut() else {
        return;
    };
    let origin = e.origin();
    if let Some(allowed) = &a.page.parent {
        if *allowed != origin {
            return;
        }
    }
    let reply = ReplyTo {
        window: parent,
        origin: if origin == "null" {
            "*".to_string()
        } else {
            origin
        },
        id,
    };
    let params_value = get("params");
    let params = if params_value.is_undefined() {
        Array::new()
    } else if let Some(list) = params_value.dyn_ref::<Array>() {
        list.clone()
    } else {
        let frame = a.page.frame.clone();
        answer_with(
            &Answer::Message(reply),
            Err(bad_params("params must be an array")),
            frame.as_deref(),
        );
        return;
    };
    let frame = a.page.frame.clone();
    match method.as_str() {
        "hello" => {
            announce_ready(&a);
            answer_with(&Answer::Message(reply), Ok(true.into()), frame.as_deref());
        }
        "subscribe" => {
            a.message_subscriber = Some(reply.clone());
            a.notified_epoch = None;
            answer_with(&Answer::Message(reply), Ok(true.into()), frame.as_deref());
        }
        "unsubscribe" => {
            a.message_subscriber = None;
            answer_with(&Answer::Message(reply), Ok(true.into()), frame.as_deref());
        }
        _ => match call(&mut a, &method, &params) {
            Ok(Outcome::Now(value)) => {
                answer_with(&Answer::Message(reply), Ok(value), frame.as_deref())
            }
            Ok(Outcome::After(target)) => {
                a.waiters.push((target, Answer::Message(reply)));
                a.settle();
            }
            Ok(Outcome::RunFile(slot)) => {
                a.request_run_file(slot, RunFileUse::Answer(Answer::Message(reply)))
            }
            Err(err) => answer_with(&Answer::Message(reply), Err(err), frame.as_deref()),
        },
    }
}

/// Report the content height to the parent whenever it changes (`resize` events, and
/// Canvas LMS's `lti.frameResize` with `resize=lti`).
fn watch_size(app: &Shared) -> Result<(), JsValue> {
    if parent_window().is_none() {
        return Ok(());
    }
    let Some(root) = dom::document().and_then(|d| d.document_element()) else {
        return Ok(());
    };
    let app = app.clone();
    let last = Rc::new(std::cell::Cell::new(-1.0));
    let callback = Closure::<dyn FnMut()>::new(move || {
        let Some(root) = dom::document().and_then(|d| d.document_element()) else {
            return;
        };
        let height = f64::from(root.scroll_height());
        if (height - last.get()).abs() < 1.0 {
            return;
        }
        last.set(height);
        let Ok(a) = app.try_borrow() else {
            return;
        };
        let message = event("resize", a.page.frame.as_deref());
        let _ = Reflect::set(&message, &"height".into(), &height.into());
        post_to_parent(&a, &message);
        if a.page.resize == Some(Resize::Lti) {
            let lti = Object::new();
            let _ = Reflect::set(&lti, &"subject".into(), &"lti.frameResize".into());
            let _ = Reflect::set(&lti, &"height".into(), &height.into());
            post_to_parent(&a, &lti);
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&root);
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        observer.observe(&body);
    }
    callback.forget();
    std::mem::forget(observer);
    Ok(())
}

/// `autoplay=1`: train while the page (or the frame holding it) is on screen, pause when
/// it scrolls away, so many embeds on one page do not all use the processor.
fn watch_visibility(app: &Shared) -> Result<(), JsValue> {
    let Some(body) = dom::document().and_then(|d| d.body()) else {
        return Ok(());
    };
    let app = app.clone();
    let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
        let visible = entries.iter().any(|e| {
            e.dyn_ref::<web_sys::IntersectionObserverEntry>()
                .is_some_and(|e| e.is_intersecting())
        });
        if let Ok(mut a) = app.try_borrow_mut() {
            if !a.page.autoplay {
                return;
            }
            if visible && !a.playing {
                a.set_playing(true);
            } else if !visible && a.playing {
                a.set_playing(false);
            }
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&body);
    callback.forget();
    std::mem::forget(observer);
    Ok(())
}
