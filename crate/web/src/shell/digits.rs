//! The digits set's file (`digits.bin`, about 30 KB), fetched once, the first time a
//! run or sweep of `digits` starts, instead of with every visit: the page's module goes
//! without it (crate/core/src/data/digits.rs). The one-file offline page carries it
//! inline (base64 in `<script id="vgp-digits" type="application/octet-stream">`), so
//! nothing is fetched there.

use crate::dom;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Where the file is, relative to the page.
const DIGITS_FILE: &str = "digits.bin";

/// The file's bytes, or why they could not be had.
pub type Loaded = Result<Rc<Vec<u8>>, String>;

/// Called once with the outcome.
type Waiter = Box<dyn FnOnce(&Loaded)>;

enum Load {
    Idle,
    Loading(Vec<Waiter>),
    Done(Loaded),
}

thread_local! {
    static LOAD: RefCell<Load> = const { RefCell::new(Load::Idle) };
}

/// The outcome if the file was loaded (or failed to be).
pub fn loaded() -> Option<Loaded> {
    LOAD.with(|load| match &*load.borrow() {
        Load::Done(outcome) => Some(outcome.clone()),
        _ => None,
    })
}

/// Call `then` with the file's bytes (or the reason there are none): at once if they
/// are known, else once the one fetch of the page ends. Never calls `then` while
/// another waiter runs, and never inside this call when a fetch starts.
pub fn when_loaded(then: impl FnOnce(&Loaded) + 'static) {
    if let Some(outcome) = loaded() {
        then(&outcome);
        return;
    }
    let start = LOAD.with(|load| {
        let mut load = load.borrow_mut();
        match &mut *load {
            Load::Loading(waiters) => {
                waiters.push(Box::new(then));
                false
            }
            _ => {
                *load = Load::Loading(vec![Box::new(then)]);
                true
            }
        }
    });
    if start {
        match inline_bytes() {
            // Finished in a microtask, like a fetch: the caller's borrows end first.
            Some(bytes) => finish_soon(Ok(Rc::new(bytes))),
            None => fetch(),
        }
    }
}

/// Settle the load and call every waiter, with nothing borrowed.
fn finish(outcome: Loaded) {
    let waiters = LOAD.with(|load| {
        match std::mem::replace(&mut *load.borrow_mut(), Load::Done(outcome.clone())) {
            Load::Loading(waiters) => waiters,
            _ => Vec::new(),
        }
    });
    for waiter in waiters {
        waiter(&outcome);
    }
}

fn finish_soon(outcome: Loaded) {
    let Some(window) = dom::window() else {
        finish(outcome);
        return;
    };
    let task = Closure::once_into_js(move || finish(outcome));
    if let Some(task) = task.dyn_ref::<js_sys::Function>() {
        window.queue_microtask(task);
    }
}

/// The bytes the offline page carries inline, if this is that page.
fn inline_bytes() -> Option<Vec<u8>> {
    let text = dom::document()?
        .get_element_by_id("vgp-digits")?
        .text_content()?;
    let binary = dom::window()?.atob(text.trim()).ok()?;
    // `atob` gives one character per byte (code points 0..=255).
    Some(binary.chars().map(|c| c as u8).collect())
}

/// Fetch the file; `finish` gets the bytes or a sentence naming the file and the failure.
fn fetch() {
    let Some(window) = dom::window() else {
        finish(failed("no window".to_string()));
        return;
    };
    let on_response = Closure::<dyn FnMut(JsValue)>::new(|response: JsValue| {
        let response: web_sys::Response = response.unchecked_into();
        if !response.ok() {
            finish(failed(format!("HTTP {}", response.status())));
            return;
        }
        match response.array_buffer() {
            Ok(body) => {
                let on_bytes = Closure::<dyn FnMut(JsValue)>::new(|buffer: JsValue| {
                    finish(Ok(Rc::new(js_sys::Uint8Array::new(&buffer).to_vec())));
                });
                let on_error = on_failure();
                let _ = body.then2(&on_bytes, &on_error);
                on_bytes.forget();
                on_error.forget();
            }
            Err(e) => finish(failed(js_text(&e))),
        }
    });
    let on_error = on_failure();
    let _ = window
        .fetch_with_str(DIGITS_FILE)
        .then2(&on_response, &on_error);
    // Each runs at most once, after this returns (one fetch per page).
    on_response.forget();
    on_error.forget();
}

/// A promise's rejection handler that ends the load with its reason.
fn on_failure() -> Closure<dyn FnMut(JsValue)> {
    Closure::new(|e: JsValue| finish(failed(js_text(&e))))
}

fn failed(why: String) -> Loaded {
    Err(format!("{DIGITS_FILE} could not be loaded: {why}"))
}

/// A thrown value as text (an Error's message, or the value itself).
fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the request failed".to_string())
}
