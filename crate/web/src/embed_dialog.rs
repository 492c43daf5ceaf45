//! The "Embed" dialog: builds a ready `<iframe>` snippet of the current configuration
//! (size, charts, controls, autoplay, the host script) for course notes, and copies it.

use super::app::App;
use super::dom::{self, by_id};
use vgp::config::{EmbedChoice, Link, PANELS};
use wasm_bindgen::JsCast;
use web_sys::{HtmlDialogElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// Open the dialog with a fresh snippet.
pub fn open(app: &App) {
    update(app);
    if let Ok(dialog) = by_id::<HtmlDialogElement>("embed-dialog") {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    }
}

/// Rebuild the snippet from the dialog's choices.
pub fn update(app: &App) {
    let Ok(code) = by_id::<HtmlTextAreaElement>("embed-code") else {
        return;
    };
    code.set_value(&snippet(app));
}

/// The snippet the dialog shows.
pub fn snippet(app: &App) -> String {
    let checked = |id: &str| by_id::<HtmlInputElement>(id).is_ok_and(|c| c.checked());
    let select = |id: &str| {
        by_id::<HtmlSelectElement>(id)
            .map(|s| s.value())
            .unwrap_or_default()
    };
    let panels: Vec<String> = PANELS
        .iter()
        .filter(|name| {
            dom::document()
                .and_then(|d| {
                    d.query_selector(&format!("input[name=embed-panel][value={name}]"))
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
                .is_some_and(|c| c.checked())
        })
        .map(|name| name.to_string())
        .collect();
    let mut link: Link = app.link();
    link.page.embed = true;
    link.page.autoplay = checked("embed-autoplay");
    link.page.panels = (!panels.is_empty() && panels.len() < PANELS.len()).then_some(panels);
    link.page.controls = match select("embed-controls").as_str() {
        "none" => Some(Vec::new()),
        "all" => {
            let mut all = vec!["run".to_string()];
            all.extend(link.config.fields().iter().map(|(key, _)| key.to_string()));
            Some(all)
        }
        _ => None,
    };
    let height = by_id::<HtmlInputElement>("embed-height")
        .ok()
        .and_then(|h| h.value().parse::<u32>().ok())
        .unwrap_or(560)
        .clamp(240, 3000);
    let choice = EmbedChoice {
        width: select("embed-width"),
        height,
        host_script: checked("embed-script"),
    };
    link.iframe_snippet(&super::link::full_url("").replace('#', ""), &choice)
}
