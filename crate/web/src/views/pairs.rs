//! The charts in compare mode: every card of a per-run chart shows A's canvas and B's
//! side by side (stacked on phones), each under a label naming what differs; the
//! gradient profile and the loss overlay both runs in A's canvas. B's canvases (with
//! their tooltips, read-outs and summaries) are made here, marked `data-run="b"`, for
//! B's view to find in the container (run_view.rs).

use crate::dom;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Charts that overlay every run in one canvas instead of one canvas per run.
pub const OVERLAID: [&str; 2] = ["profile", "loss"];

/// Give every per-run chart in `container` a B canvas beside A's, with run labels.
/// (Called again, it first undoes the pairs it made.) A's canvas moves with its box
/// (its tooltip, focus mark, read-out and summary); B's box is a copy of it for B.
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
        let moved = match canvas.parent_element() {
            Some(p) if p.class_list().contains("canvas-box") => p,
            _ => canvas.clone(),
        };
        let Some(parent) = moved.parent_element() else {
            continue;
        };
        let (Ok(pair), Ok(side_a), Ok(side_b)) = (
            document.create_element("div"),
            document.create_element("div"),
            document.create_element("div"),
        ) else {
            continue;
        };
        let _ = pair.set_attribute("class", "pair");
        let _ = side_a.set_attribute("class", "side");
        let _ = side_b.set_attribute("class", "side");
        let twin = twin_of(&moved);
        let _ = parent.insert_before(&pair, Some(&moved));
        if let Some(l) = label(&document, "a", labels.0) {
            let _ = side_a.append_child(&l);
        }
        let _ = side_a.append_child(&moved);
        if let Some(l) = label(&document, "b", labels.1) {
            let _ = side_b.append_child(&l);
        }
        if let Some(twin) = twin {
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

/// B's copy of A's canvas or canvas box: each element copied without its content, its
/// ids (and the ids its description names) with "-b", `data-run="b"`, its name with
/// "B: " first, a tooltip and focus mark hidden, a read-out with its first text (the
/// keys' instructions) and an empty summary.
fn twin_of(a: &Element) -> Option<Element> {
    let copy = |e: &Element| -> Option<Element> {
        let twin: Element = e.clone_node().ok()?.dyn_into().ok()?;
        if let Some(id) = e.get_attribute("id") {
            let _ = twin.set_attribute("id", &format!("{id}-b"));
        }
        if let Some(ids) = e.get_attribute("aria-describedby") {
            let ids: Vec<String> = ids.split(' ').map(|i| format!("{i}-b")).collect();
            let _ = twin.set_attribute("aria-describedby", &ids.join(" "));
        }
        if e.has_attribute("data-run") {
            let _ = twin.set_attribute("data-run", "b");
        }
        if let Some(name) = e.get_attribute("aria-label") {
            let _ = twin.set_attribute("aria-label", &format!("B: {name}"));
        }
        if let Some(hint) = e.get_attribute("data-hint") {
            twin.set_text_content(Some(&hint));
        }
        Some(twin)
    };
    let twin = copy(a)?;
    let children = a.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i).and_then(|c| copy(&c)) {
            let _ = twin.append_child(&child);
        }
    }
    Some(twin)
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

/// A run's label over its canvas (its text is set as text, never as markup).
fn label(document: &web_sys::Document, run: &str, text: &str) -> Option<Element> {
    let p = document.create_element("p").ok()?;
    let _ = p.set_attribute("class", "run-label");
    let _ = p.set_attribute("data-run", run);
    p.set_text_content(Some(text));
    Some(p)
}
