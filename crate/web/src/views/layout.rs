//! The page's layout as a view of the state: the link's page keys (embed mode, the
//! charts shown, the controls kept, the theme), the address kept equal to the link, and
//! the settings sheet on phones.

use crate::address;
use crate::dom::{self, by_id};
use crate::state::App;
use vgp::config::{Link, PageOptions, Theme, CONTROL_GROUPS, EMBED_CONTROLS, PANELS};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What the layout last showed.
#[derive(Default)]
pub struct Layout {
    page: Option<(PageOptions, bool)>,
    /// The link last written to the address, and its fragment (written out again only
    /// when the link changes: printing every number of it costs a redraw's worth).
    link: Option<Link>,
    /// The settings sheet: open, at which window size (`layout_generation`).
    settings_open: Option<(bool, u32)>,
}

impl Layout {
    pub fn render(&mut self, app: &App) {
        let key = (app.page().clone(), app.reduced_motion());
        if self.page.as_ref() != Some(&key) {
            apply_page_options(app.page(), app.reduced_motion());
            self.page = Some(key);
        }
        let link = app.link();
        if self.link.as_ref() != Some(&link) {
            let fragment = link.to_fragment();
            address::write_address(&fragment, app.page());
            // Where the crash guard's Restart goes (www/guard.js), embedded or not.
            if let Some(body) = dom::document().and_then(|d| d.body()) {
                let _ = body.dataset().set("link", &fragment);
            }
            self.link = Some(link);
        }
        let open = (app.settings_open(), app.layout_generation());
        if self.settings_open != Some(open) {
            self.settings_open = Some(open);
            show_sheet(open.0);
        }
    }
}

/// The page's parts behind the settings sheet.
const BEHIND_SHEET: [&str; 5] = [
    ".skip-links",
    "header.top",
    ".runbar",
    "#charts",
    "footer.foot",
];

/// Open or close the settings sheet (phones). Open, it is modal: the page behind it is
/// inert, so the keyboard cannot reach a control the sheet covers. Where the window is
/// wide enough to show the settings beside the charts, nothing is inert.
pub fn show_sheet(open: bool) {
    let Some(document) = dom::document() else {
        return;
    };
    if let Some(body) = document.body() {
        let _ = body.class_list().toggle_with_force("settings-open", open);
    }
    if let Ok(toggle) = by_id::<HtmlElement>("settings-toggle") {
        let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
    // The sheet's breakpoint (style.css).
    let narrow = dom::settings_are_a_sheet();
    for selector in BEHIND_SHEET {
        if let Ok(Some(part)) = document.query_selector(selector) {
            let _ = part.toggle_attribute_with_force("inert", open && narrow);
        }
    }
}

/// Apply the layout keys: embed mode, the charts shown, the controls kept, the theme.
/// An embed that would autoplay keeps its Play button with reduced motion (it waits
/// for it then), whatever `controls=` says.
fn apply_page_options(page: &PageOptions, reduced_motion: bool) {
    let Some(document) = dom::document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let classes = body.class_list();
    let _ = classes.toggle_with_force("embed", page.embed);
    // An embed that names its panels shows those and no story card (the notes around it
    // say what the figure is about).
    let _ = classes.toggle_with_force("panel-list", page.embed && page.panels.is_some());
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
    // A part of the page hides through a class on the body (`hide-png`...), so that
    // parts drawn later (the diagnosis's remedy buttons) follow too (style.css).
    let listed = |name: &str| match &page.controls {
        Some(list) => list.iter().any(|c| c == name),
        None => !page.embed || EMBED_CONTROLS.contains(&name),
    };
    let keep = |name: &str| {
        listed(name)
            || (matches!(name, "play" | "step" | "reset") && listed("run"))
            || (name == "play" && page.autoplay && reduced_motion)
    };
    for group in CONTROL_GROUPS.iter().filter(|g| **g != "run") {
        let _ = classes.toggle_with_force(&format!("hide-{group}"), !keep(group));
    }
    if let Ok(run_controls) = by_id::<HtmlElement>("run-controls") {
        run_controls.set_hidden(!["play", "step", "reset"].iter().any(|b| keep(b)));
    }
    // A run bar that keeps none of its parts (the run's buttons, speed, read-out, Story,
    // Compare, the link's buttons) would only say "press Play" with no Play
    // to press (an embed of the depth sweep alone, or `controls=none`): it goes too.
    let runbar = [
        "play", "step", "reset", "speed", "readout", "story", "compare", "link",
    ];
    let _ = classes.toggle_with_force("no-runbar", !runbar.iter().any(|p| keep(p)));
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
