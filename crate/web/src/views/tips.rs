//! The charts' container and tooltips: a canvas's tooltip element (beside it in its
//! box) and placing text in it beside a point, for charts.rs (the heatmaps' and the
//! weights charts') and explore.rs (the keys' points, the loss chart's and the profile's).

use crate::dom;
use crate::state::A_SLOT;
use vgp::numtext::fixed;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The container the run views are made from (the charts section).
pub fn charts_container() -> Option<Element> {
    dom::document()?.query_selector("section.charts").ok()?
}

/// The tooltip and canvas of `chart` (its `data-chart`) of the run in `slot`: the
/// canvas's next sibling in its box (B's are made beside A's by pairs.rs).
pub fn chart_tip(chart: &str, slot: usize) -> Option<(HtmlElement, HtmlElement)> {
    let run = if slot == A_SLOT { "a" } else { "b" };
    let canvas: HtmlElement = charts_container()?
        .query_selector(&format!(
            "canvas[data-chart=\"{chart}\"][data-run=\"{run}\"]"
        ))
        .ok()??
        .dyn_into()
        .ok()?;
    let tip = canvas.next_element_sibling()?.dyn_into().ok()?;
    Some((tip, canvas))
}

/// Show `text` in `tip` beside the pointer at (`x`, `y`) over `canvas` (on whichever
/// side has room, never past the chart), or hide the tip when there is no text.
pub fn place_tip(text: Option<String>, tip: &HtmlElement, canvas: &HtmlElement, x: f64, y: f64) {
    let Some(text) = text else {
        tip.set_hidden(true);
        return;
    };
    tip.set_text_content(Some(&text));
    tip.set_hidden(false);
    let style = tip.style();
    let width = canvas.client_width() as f64;
    let tip_width = tip.offset_width() as f64;
    let beside = if x + 12.0 + tip_width <= width {
        x + 12.0
    } else {
        x - 12.0 - tip_width
    };
    // Not `clamp`: its check of the bounds formats floats into its panic message.
    let left = beside.min((width - tip_width).max(0.0)).max(0.0);
    let _ = style.set_property("left", &format!("{}px", fixed(left, 0)));
    let _ = style.set_property("top", &format!("{}px", fixed((y - 34.0).max(0.0), 0)));
}
