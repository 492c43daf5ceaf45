//! The page and the page around it: installs `window.vgp` (bridge.rs answers its
//! methods), takes the same methods over `postMessage` from a parent page
//! (docs/embedding.md), sends the parent its events (`ready`, `epoch`, `resize`), and
//! `autoplay` (train while visible).

use super::app::{App, RunFileUse, Shared};
use super::bridge::{answer_with, bad_params, call, Answer, Outcome, ReplyTo};
use super::dom;
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::rc::Rc;
use vgp::config::Resize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

/// An event message `{vgp: 1, event, frame?}`.
pub(super) fn event(name: &str, frame: Option<&str>) -> Object {
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
pub(super) fn post_to_parent(app: &App, message: &JsValue) {
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
