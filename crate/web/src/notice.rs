//! The notice above the page: what a link or the form asked for that the run could not
//! use, and what it uses instead, built from text (never markup) with a Dismiss button.

use super::dom::{self, by_id};
use super::{form, link};
use vgp::config::{Config, ConfigWarning, Link, PageOptions};
use web_sys::HtmlElement;

/// The config the form describes. Any value the rules changed is named in the notice
/// (field, value asked for, value used). The controls keep what the user asked for, so
/// a limit that no longer binds (say the width after the depth went back down) is
/// undone by the next change instead of sticking.
pub(super) fn form_config() -> Config {
    let (config, warnings) = form::read();
    show_warnings(&warnings);
    form::refresh();
    config
}

/// Open a link: show its config in the form, apply its page keys, and list what it
/// could not use in the notice. Returns the config to run (exactly the link's) and the
/// page options.
pub(super) fn open_link(opened: &Link) -> (Config, PageOptions) {
    form::write(&opened.config);
    link::apply_page_options(&opened.page);
    show_notice(
        "This link has values the page could not use; it uses these instead:",
        &opened.warnings,
    );
    (opened.config.clone(), opened.page.clone())
}

/// Show the warnings about the form's values (or hide the notice when there are none).
fn show_warnings(warnings: &[ConfigWarning]) {
    show_notice(
        "Some settings could not be used as given; the run uses these instead (your settings stay in the form):",
        warnings,
    );
}

/// The notice: a heading and one item per warning, built as text (a link's values are
/// never inserted as markup), with a button to dismiss it. Hidden when there is nothing.
fn show_notice(heading: &str, warnings: &[ConfigWarning]) {
    let (Ok(notice), Some(document)) = (by_id::<HtmlElement>("notice"), dom::document()) else {
        return;
    };
    if warnings.is_empty() {
        notice.set_hidden(true);
        return;
    }
    notice.set_text_content(Some(heading));
    if let Ok(list) = document.create_element("ul") {
        for w in warnings {
            if let Ok(item) = document.create_element("li") {
                item.set_text_content(Some(&w.to_string()));
                let _ = list.append_child(&item);
            }
        }
        let _ = notice.append_child(&list);
    }
    add_dismiss_button(&notice);
    notice.set_hidden(false);
}

/// A "Dismiss" button for `notice` (clicking it hides the notice).
pub(super) fn add_dismiss_button(notice: &HtmlElement) {
    let Some(document) = dom::document() else {
        return;
    };
    let Ok(button) = document.create_element("button") else {
        return;
    };
    let _ = button.set_attribute("type", "button");
    let _ = button.set_attribute("class", "dismiss");
    button.set_text_content(Some("Dismiss"));
    // One listener on the notice handles every such button (events.rs).
    let _ = notice.append_child(&button);
}
