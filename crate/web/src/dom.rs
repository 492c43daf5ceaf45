//! Small typed helpers over web-sys for finding and updating page elements.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// True where the window is narrow enough for the settings to be a sheet (style.css's
/// breakpoint) rather than a column beside the charts.
pub fn settings_are_a_sheet() -> bool {
    window()
        .and_then(|w| w.match_media("(max-width: 820px)").ok().flatten())
        .is_some_and(|q| q.matches())
}

pub fn document() -> Option<Document> {
    window()?.document()
}

/// The element with `id`, cast to `T`, or an error naming the missing id.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<T>().ok())
        .ok_or_else(|| {
            JsValue::from_str(&format!(
                "the page has no element #{id} of the expected kind"
            ))
        })
}

/// Set the text of `#id` if it exists.
pub fn set_text(id: &str, text: &str) {
    if let Ok(e) = by_id::<Element>(id) {
        e.set_text_content(Some(text));
    }
}

/// Show `message` in the page's error banner (or the console if there is none).
pub fn show_error(message: &str) {
    match by_id::<HtmlElement>("error-banner") {
        Ok(banner) => {
            banner.set_text_content(Some(message));
            banner.set_hidden(false);
        }
        Err(_) => web_sys::console::error_1(&message.into()),
    }
}

/// Milliseconds from the page's clock (the core never reads a clock).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Run `f` in a task of its own, after whatever the browser has waiting (input,
/// painting); at once where there is no window to ask.
pub fn later(f: impl FnOnce() + 'static) {
    let Some(window) = window() else {
        f();
        return;
    };
    let callback = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ =
        window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
}
