//! The visitor's reduced-motion preference (`prefers-reduced-motion: reduce`) as the
//! state's input: read once at the start, and an action whenever it changes.

use super::dispatch::Shell;
use crate::dom;
use crate::state::Action;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MediaQueryList;

const QUERY: &str = "(prefers-reduced-motion: reduce)";

fn query() -> Option<MediaQueryList> {
    dom::window()?.match_media(QUERY).ok().flatten()
}

/// Whether the visitor asks for reduced motion now.
pub fn reduced() -> bool {
    query().is_some_and(|q| q.matches())
}

/// Dispatch `Action::ReducedMotion` whenever the preference changes.
pub fn watch(shell: &Rc<Shell>) -> Result<(), JsValue> {
    let Some(list) = query() else {
        return Ok(());
    };
    let shell = Rc::downgrade(shell);
    let callback = Closure::<dyn Fn()>::new(move || {
        if let Some(shell) = shell.upgrade() {
            shell.dispatch(Action::ReducedMotion(reduced()));
        }
    });
    list.add_event_listener_with_callback("change", callback.as_ref().unchecked_ref())?;
    // The listener lives as long as the page.
    callback.forget();
    Ok(())
}
