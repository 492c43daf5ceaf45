//! Keeps `--sticky-top` (style.css: the page's `scroll-padding-top`) equal to the sticky
//! run bar's bottom edge while it sticks, so that a control the keyboard focuses scrolls
//! into view below the bar, never under it. The bar's height changes with the window's
//! width and with what it shows (compare mode, B's read-out), so it is measured whenever
//! its size or the window's changes; where the bar does not stick (phones, embeds) it is 0.

use crate::dom;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The bar's bottom edge while stuck, in CSS pixels (0 where it does not stick).
fn sticky_bottom(bar: &HtmlElement) -> f64 {
    let Some(style) = dom::window().and_then(|w| w.get_computed_style(bar).ok().flatten()) else {
        return 0.0;
    };
    if style.get_property_value("position").ok().as_deref() != Some("sticky") {
        return 0.0;
    }
    // JavaScript's parseFloat reads "12px" as 12 (Rust's float parsing would add its
    // tables to the page's module); NaN when there is no number.
    let top = style
        .get_property_value("top")
        .map(|t| js_sys::parse_float(&t))
        .ok()
        .filter(|t| t.is_finite())
        .unwrap_or(0.0);
    (top + bar.get_bounding_client_rect().height()).ceil()
}

/// Write `--sticky-top` on the root element from the bar's size now.
fn measure() {
    let Some(document) = dom::document() else {
        return;
    };
    let (Some(root), Ok(Some(bar))) = (
        document.document_element(),
        document.query_selector(".runbar"),
    ) else {
        return;
    };
    let (Some(root), Some(bar)) = (root.dyn_ref::<HtmlElement>(), bar.dyn_ref::<HtmlElement>())
    else {
        return;
    };
    // A whole number of pixels (ceil), written as an integer: formatting an f64 would
    // add the float printer to the page's module.
    let value = format!("{}px", sticky_bottom(bar) as i64);
    let style = root.style();
    if style.get_property_value("--sticky-top").ok().as_deref() != Some(value.as_str()) {
        let _ = style.set_property("--sticky-top", &value);
    }
}

/// Measure now, and again whenever the bar's or the window's size changes.
pub fn watch() -> Result<(), JsValue> {
    let Some(bar) = dom::document().and_then(|d| d.query_selector(".runbar").ok().flatten()) else {
        return Ok(());
    };
    let callback = Closure::<dyn FnMut()>::new(measure);
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&bar);
    if let Some(window) = dom::window() {
        window.add_event_listener_with_callback("resize", callback.as_ref().unchecked_ref())?;
    }
    // Both live as long as the page.
    callback.forget();
    std::mem::forget(observer);
    measure();
    Ok(())
}
