//! Copying to the clipboard, and where it is unavailable (a sandboxed frame, an old
//! browser) saying so, so that the page shows the text to copy by hand.

use crate::dom;
use crate::state::Action;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Copy `text`; `post` then gets `Copied(done)` or `CopyFailed(text)`.
pub fn copy(text: &str, done: &'static str, post: Rc<dyn Fn(Action)>) {
    let clipboard = dom::window()
        .filter(|_| clipboard_allowed())
        .map(|w| w.navigator().clipboard());
    let Some(clipboard) = clipboard else {
        post(Action::CopyFailed(text.to_string()));
        return;
    };
    let promise = clipboard.write_text(text);
    let on_done = post.clone();
    let ok = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| on_done(Action::Copied(done)));
    let shown = text.to_string();
    let fail = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        post(Action::CopyFailed(shown.clone()))
    });
    let _ = promise.then2(&ok, &fail);
    // One of the two runs once, after this function returns (a click each time).
    ok.forget();
    fail.forget();
}

/// False where the document's permissions policy blocks writing to the clipboard (a
/// sandboxed or cross-origin frame without `allow="clipboard-write"`): asking anyway
/// would only log a policy violation.
fn clipboard_allowed() -> bool {
    let Some(document) = dom::document() else {
        return false;
    };
    let policy =
        js_sys::Reflect::get(&document, &"featurePolicy".into()).unwrap_or(JsValue::UNDEFINED);
    let allows =
        js_sys::Reflect::get(&policy, &"allowsFeature".into()).unwrap_or(JsValue::UNDEFINED);
    match allows.dyn_ref::<js_sys::Function>() {
        Some(f) => f
            .call1(&policy, &"clipboard-write".into())
            .map(|v| v.as_bool() != Some(false))
            .unwrap_or(true),
        None => true,
    }
}
