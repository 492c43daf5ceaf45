//! `window.vgp`, the page's JavaScript API (docs/embedding.md), as a translator: each
//! method's parameters are checked (a bad one throws an `Error` with a `code` before
//! anything changes), the call is applied through the shell, and its answer returned at
//! once or, for `train` and `run`, as a promise. Any method works from a subscriber:
//! the call runs after the state has changed, never inside another call.

use super::dispatch::Shell;
use super::js_values::error_js;
use super::outside::Answer;
use crate::dom;
use crate::form;
use crate::state::{parse_call, Action, ApiCall, Param};
use js_sys::{Function, Object, Promise, Reflect};
use std::rc::{Rc, Weak};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The API's methods that take at most one parameter and answer through the shell.
const METHODS: [&str; 8] = [
    "setConfig",
    "play",
    "pause",
    "reset",
    "train",
    "state",
    "run",
    "performance",
];

/// A JavaScript value as a call's parameter.
pub fn param(value: &JsValue) -> Param {
    if value.is_undefined() {
        Param::Missing
    } else if let Some(n) = value.as_f64() {
        Param::Number(n)
    } else if let Some(text) = value.as_string() {
        Param::Text(text)
    } else {
        Param::Other
    }
}

/// Install `window.vgp` and announce it (`vgp-ready`).
pub fn install(shell: &Rc<Shell>) -> Result<(), JsValue> {
    let Some(window) = dom::window() else {
        return Ok(());
    };
    let api = Object::new();
    for name in METHODS {
        let shell = Rc::downgrade(shell);
        let method =
            Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |arg: JsValue| {
                call(&shell, name, &arg)
            });
        Reflect::set(&api, &name.into(), method.as_ref())?;
        method.forget(); // lives as long as the page
    }
    let subscribe = {
        let shell = Rc::downgrade(shell);
        Closure::<dyn Fn(JsValue) -> Result<JsValue, JsValue>>::new(move |f: JsValue| {
            subscribe(&shell, f)
        })
    };
    Reflect::set(&api, &"subscribe".into(), subscribe.as_ref())?;
    subscribe.forget();
    Reflect::set(&api, &"ready".into(), &Promise::resolve(&api))?;
    Reflect::set(&window, &"vgp".into(), &api)?;
    if let Ok(ready) = web_sys::Event::new("vgp-ready") {
        let _ = window.dispatch_event(&ready);
    }
    Ok(())
}

/// `window.vgp.NAME(arg)`: the answer, or a promise of it; a bad call throws.
fn call(shell: &Weak<Shell>, name: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let Some(shell) = shell.upgrade() else {
        return Ok(JsValue::NULL);
    };
    let call = parse_call(name, &[param(arg)], form::reading).map_err(|e| error_js(&e))?;
    // `train` and `run` always give a promise, even when the answer is there at once
    // (`train(0)`, a run already at its target).
    let promised = matches!(call, ApiCall::Train(_) | ApiCall::Run(_));
    let reply = shell.outside().reply_id();
    let answer = match shell.call(call, reply) {
        Some(Ok(value)) if promised => Ok(Promise::resolve(&shell.to_js(value)).into()),
        Some(Ok(value)) => Ok(shell.to_js(value)),
        Some(Err(error)) => Err(error_js(&error)),
        None => {
            let waiting = shell.clone();
            let mut executor = move |resolve: Function, reject: Function| {
                waiting.expect_answer(reply, Answer::Promise { resolve, reject });
            };
            Ok(Promise::new(&mut executor).into())
        }
    };
    // The call's other effects, and anything they queue, now that its answer is known.
    shell.flush();
    answer
}

/// `window.vgp.subscribe(fn)`: call `fn(state)` after each new epoch; returns the
/// function that unsubscribes (calling it again does nothing).
fn subscribe(shell: &Weak<Shell>, f: JsValue) -> Result<JsValue, JsValue> {
    let Some(function) = f.dyn_ref::<Function>().cloned() else {
        let error = crate::state::ApiError::bad_params("subscribe takes a function");
        return Err(error_js(&error));
    };
    let Some(strong) = shell.upgrade() else {
        return Ok(JsValue::NULL);
    };
    let id = {
        let mut outside = strong.outside();
        let id = outside.subscriber_id();
        outside.subscribers.borrow_mut().push((id, function));
        id
    };
    strong.dispatch(Action::Subscribe(id));
    let shell = shell.clone();
    let unsubscribe = Closure::<dyn Fn()>::new(move || {
        if let Some(shell) = shell.upgrade() {
            let subscribers = shell.outside().subscribers.clone();
            subscribers.borrow_mut().retain(|(i, _)| *i != id);
            shell.dispatch(Action::Unsubscribe(id));
        }
    });
    Ok(unsubscribe.into_js_value())
}
