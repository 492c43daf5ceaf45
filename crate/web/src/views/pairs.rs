//! The charts in compare mode: every card of a per-run chart shows A's canvas and B's
//! side by side (stacked on phones), each under a label naming what differs; the
//! gradient profile and the loss overlay both runs in A's canvas. B's canvases are made
//! here, marked `data-run="b"`, for B's view to find in the container (view.rs).

use crate::dom;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Charts that overlay every run in one canvas instead of one canvas per run.
pub const OVERLAID: [&str; 2] = ["profile", "loss"];

/// Give every per-run chart in `container` a B canvas beside A's, with run labels.
/// (Called again, it first undoes the pairs it made.)
pub fn open(container: &Element, labels: (&str, &str)) {
    close(container);
    let Some(document) = dom::document() else {
        return;
    };
    let Ok(nodes) = container.query_selector_all("canvas[data-chart][data-run=\"a\"]") else {
        return;
    };
    for i in 0..nodes.length() {
        let Some(canvas) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let chart = canvas.get_attribute("data-chart").unwrap_or_default();
        if OVERLAID.contains(&chart.as_str()) {
            continue;
        }
        // The heatmap's and the weights chart's canvases live in a box with their
        // tooltips (and the weights chart's read-out): the box moves with it.
        let moved = match canvas.parent_element() {
            Some(p) if p.class_list().contains("canvas-box") => p,
            _ => canvas.clone(),
        };
        let Some(parent) = moved.parent_element() else {
            continue;
        };
        let (Ok(pair), Ok(side_a), Ok(side_b), Ok(twin)) = (
            document.create_element("div"),
            document.create_element("div"),
            document.create_element("div"),
            document.create_element("canvas"),
        ) else {
            continue;
        };
        let _ = pair.set_attribute("class", "pair");
        let _ = side_a.set_attribute("class", "side");
        let _ = side_b.set_attribute("class", "side");
        // A canvas the keys can read (the weights chart) gets the same, with a read-out
        // of its own.
        if let Some(tabindex) = canvas.get_attribute("tabindex") {
            let _ = twin.set_attribute("tabindex", &tabindex);
        }
        let described = canvas
            .get_attribute("aria-describedby")
            .map(|id| format!("{id}-b"));
        if let Some(id) = &described {
            let _ = twin.set_attribute("aria-describedby", id);
        }
        for (name, value) in [
            ("class", canvas.get_attribute("class").unwrap_or_default()),
            ("data-chart", chart.clone()),
            ("data-run", "b".to_string()),
            ("role", "img".to_string()),
            (
                "aria-label",
                format!(
                    "B: {}",
                    canvas.get_attribute("aria-label").unwrap_or_default()
                ),
            ),
        ] {
            let _ = twin.set_attribute(name, &value);
        }
        let _ = parent.insert_before(&pair, Some(&moved));
        if let Some(l) = label(&document, "a", labels.0) {
            let _ = side_a.append_child(&l);
        }
        let _ = side_a.append_child(&moved);
        if let Some(l) = label(&document, "b", labels.1) {
            let _ = side_b.append_child(&l);
        }
        // B's heatmap and weights chart get a box with a tooltip of their own, as A's
        // have, and B's weights chart a read-out of its own.
        if chart == "heatmap" || chart == "weights" {
            if let (Ok(boxed), Ok(tip)) = (
                document.create_element("div"),
                document.create_element("div"),
            ) {
                let _ = boxed.set_attribute("class", "canvas-box");
                let _ = tip.set_attribute("class", "tip");
                let _ = tip.set_attribute("role", "tooltip");
                let _ = tip.set_attribute("hidden", "");
                let _ = boxed.append_child(&twin);
                let _ = boxed.append_child(&tip);
                if let Some(readout) = described.and_then(|id| readout(&document, &id, &moved)) {
                    let _ = boxed.append_child(&readout);
                }
                let _ = side_b.append_child(&boxed);
            }
        } else {
            let _ = side_b.append_child(&twin);
        }
        let _ = pair.append_child(&side_a);
        let _ = pair.append_child(&side_b);
        if let Some(card) = pair.closest("figure").ok().flatten() {
            let _ = card.class_list().add_1("paired");
        }
    }
    set_labels(container, labels);
}

/// Undo `open`: A's canvases go back where they were, B's and the labels go.
pub fn close(container: &Element) {
    let Ok(pairs) = container.query_selector_all(".pair") else {
        return;
    };
    for i in 0..pairs.length() {
        let Some(pair) = pairs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        // A's side: its label, then the canvas (or the heatmap's box) that moved in.
        let moved = pair
            .first_element_child()
            .and_then(|side| side.last_element_child());
        if let (Some(moved), Some(parent)) = (moved, pair.parent_element()) {
            let _ = parent.insert_before(&moved, Some(&pair));
        }
        if let Some(card) = pair.closest("figure").ok().flatten() {
            let _ = card.class_list().remove_1("paired");
        }
        pair.remove();
    }
}

/// Name A and B over their canvases (what differs between them).
pub fn set_labels(container: &Element, labels: (&str, &str)) {
    for (run, text) in [("a", labels.0), ("b", labels.1)] {
        let Ok(nodes) = container.query_selector_all(&format!(".run-label[data-run=\"{run}\"]"))
        else {
            continue;
        };
        for i in 0..nodes.length() {
            if let Some(node) = nodes.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
                node.set_text_content(Some(text));
            }
        }
    }
}

/// B's read-out `id`: a copy of A's (the `.readout-live` in A's box `boxed`), with its
/// first text, the keys' instructions.
fn readout(document: &web_sys::Document, id: &str, boxed: &Element) -> Option<Element> {
    let a = boxed.query_selector(".readout-live").ok()??;
    let p = document.create_element("p").ok()?;
    for name in ["class", "aria-live"] {
        if let Some(value) = a.get_attribute(name) {
            let _ = p.set_attribute(name, &value);
        }
    }
    let _ = p.set_attribute("id", id);
    p.set_text_content(Some(&a.get_attribute("data-hint").unwrap_or_default()));
    Some(p)
}

/// A run's label over its canvas (its text is set as text, never as markup).
fn label(document: &web_sys::Document, run: &str, text: &str) -> Option<Element> {
    let p = document.create_element("p").ok()?;
    let _ = p.set_attribute("class", "run-label");
    let _ = p.set_attribute("data-run", run);
    p.set_text_content(Some(text));
    Some(p)
}
