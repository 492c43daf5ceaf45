//! The compare controls as a view of the state: the Compare button, the "B is"
//! picker (its options and choice), the switch of which run the form edits, the runs'
//! labels and the settings heading.

use crate::dom::{self, by_id};
use crate::state::{picker_options, App};
use vgp::config::Config;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

/// What the bar shows: comparing, editing B, and the runs it was drawn for (A's run id
/// and configuration, B's configuration; the labels and the picker follow from them).
type BarKey = (bool, bool, Option<(u32, Config, Config)>);

/// What the bar last showed.
#[derive(Default)]
pub struct CompareBar {
    shown: Option<BarKey>,
}

impl CompareBar {
    /// Checked after every action; the picker's options (a diagnosis and every remedy
    /// applied to A) are computed only when compare mode or a run changed, not on every
    /// reply of the engine.
    pub fn render(&mut self, app: &App) {
        let compared = app.compared();
        let on = compared.is_some();
        let editing_b = on && app.editing_b();
        let runs = compared.map(|c| {
            (
                app.run().run_id(),
                app.run().config().clone(),
                c.config.clone(),
            )
        });
        let key = (on, editing_b, runs);
        if self.shown.as_ref() == Some(&key) {
            return;
        }
        let (labels, (options, chosen)) = match compared {
            Some(c) => (
                format!("{} · {}", c.labels.0, c.labels.1),
                picker_options(app.run(), &c.config),
            ),
            None => (String::new(), (Vec::new(), String::new())),
        };
        let (labels, options, chosen) = (&labels, &options, &chosen);
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            let _ = body.class_list().toggle_with_force("comparing", on);
        }
        if let Ok(button) = by_id::<HtmlElement>("compare-toggle") {
            button.set_text_content(Some(if on { "Stop comparing" } else { "Compare" }));
            let _ = button.set_attribute("aria-pressed", if on { "true" } else { "false" });
        }
        dom::set_text(
            "export-csv",
            if on { "A's metrics CSV" } else { "Metrics CSV" },
        );
        dom::set_text("export-json", if on { "A's run JSON" } else { "Run JSON" });
        for id in [
            "compare-options",
            "compare-labels",
            "export-csv-b",
            "export-json-b",
        ] {
            if let Ok(element) = by_id::<HtmlElement>(id) {
                element.set_hidden(!on);
            }
        }
        if let Ok(edit) = by_id::<HtmlInputElement>("edit-b") {
            edit.set_checked(editing_b);
        }
        if let Ok(edit) = by_id::<HtmlInputElement>("edit-a") {
            edit.set_checked(!editing_b);
        }
        let heading = match (on, editing_b) {
            (false, _) => "Settings",
            (true, false) => "Settings of A",
            (true, true) => "Settings of B",
        };
        dom::set_text("settings-title", heading);
        if on {
            dom::set_text("compare-labels", labels);
            fill_picker(options, chosen);
        }
        self.shown = Some(key);
    }
}

/// The picker's options, and the one chosen.
fn fill_picker(options: &[(String, String)], chosen: &str) {
    let (Ok(select), Some(document)) =
        (by_id::<HtmlSelectElement>("compare-pick"), dom::document())
    else {
        return;
    };
    select.set_inner_html("");
    for (value, text) in options {
        if let Ok(option) = document.create_element("option") {
            let _ = option.set_attribute("value", value);
            option.set_text_content(Some(text));
            let _ = select.append_child(&option);
        }
    }
    select.set_value(chosen);
}
