//! The page around this one, when it is in a frame: its window, and posting it a message
//! addressed to the link's `parent=` origin (or to anyone).

use crate::dom;
use js_sys::Object;
use vgp::config::PageOptions;
use wasm_bindgen::JsValue;
use web_sys::Window;

/// The parent page's window, when this page is in a frame.
pub fn parent_window() -> Option<Window> {
    let window = dom::window()?;
    let parent = window.parent().ok()??;
    (!Object::is(&parent, &window)).then_some(parent)
}

/// Post `message` to the parent page (if framed), addressed to `parent=` or to anyone.
pub fn post_to_parent(page: &PageOptions, message: &JsValue) {
    if let Some(parent) = parent_window() {
        let origin = page.parent.clone().unwrap_or_else(|| "*".to_string());
        let _ = parent.post_message(message, &origin);
    }
}
