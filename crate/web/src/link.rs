//! The page's side of share links: reading the configuration from the address's
//! fragment (on load and on `hashchange`), writing it back on every change with
//! `history.replaceState` (never in embed mode), the page-only keys that change the
//! layout (`embed`, `panels`, `controls`, `theme`), and the "Copy link" button.

use super::dom::{self, by_id};
use vgp::config::{Link, PageOptions, Theme, PANELS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

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

/// The page's whole address with `fragment`, for "Copy link".
pub fn full_url(fragment: &str) -> String {
    let Some(location) = dom::window().map(|w| w.location()) else {
        return format!("#{fragment}");
    };
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    if fragment.is_empty() {
        base
    } else {
        format!("{base}#{fragment}")
    }
}

/// Apply the layout keys: embed mode, the charts shown, the controls kept, the theme.
pub fn apply_page_options(page: &PageOptions) {
    let Some(document) = dom::document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let classes = body.class_list();
    let _ = classes.toggle_with_force("embed", page.embed);
    if let Some(root) = document.document_element() {
        match page.theme {
            Some(Theme::Light) => {
                let _ = root.set_attribute("data-theme", "light");
            }
            Some(Theme::Dark) => {
                let _ = root.set_attribute("data-theme", "dark");
            }
            None => {
                let _ = root.remove_attribute("data-theme");
            }
        }
    }
    // Charts: a card shows when the allow-list names it (or there is no list).
    for name in PANELS {
        // A chart's card holds its canvas; other panels name themselves.
        let card = by_id::<Element>(&format!("chart-{name}"))
            .ok()
            .and_then(|canvas| canvas.closest("figure").ok().flatten())
            .or_else(|| {
                document
                    .query_selector(&format!("[data-panel=\"{name}\"]"))
                    .ok()
                    .flatten()
            });
        {
            if let Some(card) = card {
                if let Some(card) = card.dyn_ref::<HtmlElement>() {
                    let shown = page
                        .panels
                        .as_ref()
                        .is_none_or(|list| list.iter().any(|p| p == name));
                    card.set_hidden(!shown);
                }
            }
        }
    }
    // Controls: in embed mode (or with an explicit list) only the listed ones remain.
    let keep = |name: &str| match &page.controls {
        Some(list) => list.iter().any(|c| c == name),
        None => !page.embed || name == "run",
    };
    if let Ok(run_controls) = by_id::<HtmlElement>("run-controls") {
        run_controls.set_hidden(!keep("run"));
    }
    let mut any_setting = false;
    if let Ok(fields) = document.query_selector_all("#controls .field") {
        for i in 0..fields.length() {
            let Some(field) = fields
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            else {
                continue;
            };
            let name = field
                .query_selector("[name]")
                .ok()
                .flatten()
                .and_then(|c| c.get_attribute("name"))
                .unwrap_or_default();
            let kept = keep(&name);
            any_setting |= kept;
            let _ = field.class_list().toggle_with_force("link-hidden", !kept);
        }
    }
    let _ = classes.toggle_with_force("no-settings", !any_setting);
}

/// Copy `url` to the clipboard; where the clipboard is unavailable (a sandboxed frame,
/// an old browser), show it in the notice, selected, to copy by hand.
pub fn copy(url: &str) {
    copy_text(url, "Link copied.");
}

/// Copy `text` to the clipboard and say `done` in the status line; where the clipboard
/// is unavailable, show the text in the notice to copy by hand.
pub fn copy_text(text: &str, done: &'static str) {
    let url = text;
    let clipboard = dom::window()
        .filter(|_| clipboard_allowed())
        .map(|w| w.navigator().clipboard());
    let shown = std::rc::Rc::new(url.to_string());
    match clipboard {
        Some(clipboard) => {
            let promise = clipboard.write_text(url);
            let ok = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                dom::set_text("status", done);
            });
            let fallback_url = shown.clone();
            let fail = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
                show_link_by_hand(&fallback_url);
            });
            let _ = promise.then2(&ok, &fail);
            // One of the two runs once, after this function returns (a click each time).
            ok.forget();
            fail.forget();
        }
        None => show_link_by_hand(&shown),
    }
}

/// The link in a read-only, selected field of the notice.
fn show_link_by_hand(url: &str) {
    let Some(document) = dom::document() else {
        return;
    };
    let Ok(notice) = by_id::<HtmlElement>("notice") else {
        return;
    };
    notice.set_text_content(Some("Copy this link: "));
    if let Ok(field) = document.create_element("input") {
        let _ = field.set_attribute("readonly", "");
        let _ = field.set_attribute("aria-label", "Link to this configuration");
        let _ = field.set_attribute("value", url);
        let _ = field.set_attribute("class", "link-field");
        let _ = notice.append_child(&field);
        if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
            input.select();
        }
    }
    super::notice::add_dismiss_button(&notice);
    notice.set_hidden(false);
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
