//! A trap on purpose, for the crash guard's tests (`tests/e2e/crash.test.mjs`): only in
//! a build with the `crash-test` feature (`scripts/test.sh build`, into
//! `target/dist-crash`); the page that is served has no such export.

use crate::dom;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Trap now (`"now"`: the caller gets the `RuntimeError`), in the next animation frame
/// (`"frame"`: an uncaught error, as a fault in the page's own loop), or panic in the
/// next frame (`"panic"`: the panic hook's banner, then the trap a panic ends in).
#[wasm_bindgen(js_name = forceTrap)]
pub fn force_trap(when: &str) {
    let (panic, later) = match when {
        "frame" => (false, true),
        "panic" => (true, true),
        _ => (false, false),
    };
    if !later {
        core::arch::wasm32::unreachable();
    }
    let Some(window) = dom::window() else {
        return;
    };
    let task = Closure::once_into_js(move || -> () {
        if panic {
            panic!("a panic forced by the crash test");
        }
        core::arch::wasm32::unreachable()
    });
    if let Some(task) = task.dyn_ref::<js_sys::Function>() {
        let _ = window.request_animation_frame(task);
    }
}
