//! The notice above the page as a view of the state: what a link or the form asked for
//! that the run could not use and what it uses instead, or a link to copy by hand; built
//! from text nodes (never markup), with a Dismiss button.

use crate::dom::{self, by_id};
use crate::state::{App, Notice};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// The notice last shown.
#[derive(Default)]
pub struct NoticeView {
    shown: Option<Option<Notice>>,
}

impl NoticeView {
    pub fn render(&mut self, app: &App) {
        let notice = app.notice().cloned();
        if self.shown.as_ref() == Some(&notice) {
            return;
        }
        show(notice.as_ref());
        self.shown = Some(notice);
    }
}

/// The notice: a heading, one item per warning or the field to copy from, and a
/// button to dismiss it; hidden when there is nothing.
fn show(notice: Option<&Notice>) {
    let (Ok(element), Some(document)) = (by_id::<HtmlElement>("notice"), dom::document()) else {
        return;
    };
    let Some(notice) = notice else {
        element.set_hidden(true);
        return;
    };
    element.set_text_content(Some(&notice.heading));
    if !notice.items.is_empty() {
        if let Ok(list) = document.create_element("ul") {
            for text in &notice.items {
                if let Ok(item) = document.create_element("li") {
                    item.set_text_content(Some(text));
                    let _ = list.append_child(&item);
                }
            }
            let _ = element.append_child(&list);
        }
    }
    if let Some(text) = &notice.copy_by_hand {
        if let Ok(field) = document.create_element("input") {
            let _ = field.set_attribute("readonly", "");
            let _ = field.set_attribute("aria-label", "Link to this configuration");
            let _ = field.set_attribute("value", text);
            let _ = field.set_attribute("class", "link-field");
            let _ = element.append_child(&field);
            if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
                input.select();
            }
        }
    }
    if let Ok(button) = document.create_element("button") {
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("class", "dismiss");
        button.set_text_content(Some("Dismiss"));
        let _ = element.append_child(&button);
    }
    element.set_hidden(false);
}
