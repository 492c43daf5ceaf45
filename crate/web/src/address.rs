//! The page's address: the link in its fragment (read on load and on `hashchange`),
//! written back with `history.replaceState` (never in embed mode, never a history
//! entry), and the address without its fragment (for links and snippets).

use crate::dom;
use vgp::config::{Link, PageOptions};
use wasm_bindgen::JsValue;

/// The link in the page's address (its fragment), if it has one.
pub fn read_address() -> Option<Link> {
    let hash = dom::window()?.location().hash().ok()?;
    let text = hash.strip_prefix('#').unwrap_or(&hash);
    (!text.is_empty()).then(|| vgp::config::parse_link(text))
}

/// Put `fragment` in the address without a history entry. Embedded pages never do
/// (an iframe's address changes can fill the parent's history).
pub fn write_address(fragment: &str, page: &PageOptions) {
    if page.embed {
        return;
    }
    let Some(window) = dom::window() else {
        return;
    };
    let location = window.location();
    let current = location.hash().unwrap_or_default();
    let wanted = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    if current == wanted || (current == "#" && wanted.is_empty()) {
        return;
    }
    let path = format!(
        "{}{}{wanted}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        // A sandboxed or file:// page may refuse; the link is then just not updated.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
}

/// The page's address without its fragment.
pub fn base_url() -> String {
    let Some(location) = dom::window().map(|w| w.location()) else {
        return String::new();
    };
    format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}
