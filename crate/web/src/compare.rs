//! Compare mode: a second configuration B beside the page's run A, on the same data and
//! seed, trained in lockstep in the same engine (remote::RunHosts, slot 1). One click
//! turns it on from the current run (B is the diagnosis's first remedy when there is
//! one, otherwise equal to A), one click turns it off; the "B is" picker offers the
//! remedies, and a switch chooses which run the settings form edits.

use super::app::App;
use super::dom::{self, by_id};
use super::view::ChartsView;
use super::{form, pairs};
use vgp::config::{compare, Config};
use vgp::diagnosis::diagnose_parts;
use vgp::presets::{apply_remedy, remedy_ids};
use vgp::remote::{Message, RunMirror};
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The run in slot 1 of the engine.
pub const B_SLOT: usize = 1;

/// The comparison's B as the page holds it.
pub struct Compare {
    /// What B runs (aligned with A's data, seed and epoch limit).
    pub config: Config,
    pub run: RunMirror,
    pub view: ChartsView,
    /// Legend names of A and B (what differs).
    pub labels: (String, String),
}

/// The container the run views are made from (the charts section).
pub fn charts_container() -> Option<Element> {
    dom::document()?.query_selector("section.charts").ok()?
}

impl App {
    /// Compare mode with `b` as B, or none: the charts get (or lose) B's canvases, and
    /// both runs start again from epoch 0 so they stay in lockstep.
    pub(super) fn set_compare(&mut self, b: Option<Config>) {
        let container = charts_container();
        match (b, container) {
            (Some(b), Some(container)) => {
                let b = compare::aligned(self.run.config(), &b);
                let labels = compare::labels(self.run.config(), &b);
                pairs::open(&container, (&labels.0, &labels.1));
                let view = ChartsView::from_container(&container, "b");
                self.b = Some(Compare {
                    run: RunMirror::new(u32::MAX, b.clone()),
                    config: b,
                    view,
                    labels,
                });
            }
            (_, container) => {
                if let Some(container) = container {
                    pairs::close(&container);
                }
                if self.b.take().is_some() {
                    self.send_message(Message::Close { slot: B_SLOT });
                }
                self.editing_b = false;
            }
        }
        self.drawn_epoch = None;
        self.show_compare_bar();
    }

    /// The Compare button: on (B is the first remedy the diagnosis offers that changes
    /// A, or A itself) or off.
    pub(super) fn compare_clicked(&mut self) {
        if self.b.is_some() {
            self.set_compare(None);
            form::write(self.run.config());
            self.config_changed();
            return;
        }
        let a = self.run.config().clone();
        let remedy = self.diagnosed_remedies().into_iter().next();
        let b = remedy
            .and_then(|id| apply_remedy(&a, id))
            .unwrap_or_else(|| a.clone());
        self.set_compare(Some(b));
        self.restart_both(a);
    }

    /// The "B is" picker: B becomes A with that remedy (or A itself).
    pub(super) fn compare_picked(&mut self) {
        let id = by_id::<HtmlSelectElement>("compare-pick").map_or(String::new(), |s| s.value());
        let a = self.run.config().clone();
        let b = apply_remedy(&a, &id).unwrap_or_else(|| a.clone());
        self.set_compare(Some(b));
        if self.editing_b {
            form::write(self.b.as_ref().map_or(&a, |c| &c.config));
        }
        self.restart_both(a);
    }

    /// The settings form now edits B (or A): it shows that run's configuration.
    pub(super) fn edit_switched(&mut self) {
        let b = by_id::<HtmlInputElement>("edit-b").is_ok_and(|r| r.checked());
        self.editing_b = b && self.b.is_some();
        let config = match (&self.b, self.editing_b) {
            (Some(c), true) => c.config.clone(),
            _ => self.run.config().clone(),
        };
        form::write(&config);
        form::refresh();
        self.show_compare_bar();
    }

    /// Start A (and B) again from epoch 0 with A's `config`.
    pub(super) fn restart_both(&mut self, config: Config) {
        self.replace_run(config);
        self.abandon_training();
        self.set_playing(self.playing);
        self.config_changed();
    }

    /// The remedies the diagnosis of A names (those that change A), worst finding first.
    fn diagnosed_remedies(&self) -> Vec<&'static str> {
        let a = self.run.config();
        let mut found: Vec<&'static str> = Vec::new();
        for finding in diagnose_parts(self.run.history(), self.run.diverged()) {
            for id in finding.remedies {
                if !found.contains(&id) && apply_remedy(a, id).is_some_and(|c| c != *a) {
                    found.push(id);
                }
            }
        }
        found
    }

    /// The remedy ids the picker offers for B: the diagnosis's first, then every other
    /// one that changes A.
    fn remedies(&self) -> Vec<&'static str> {
        let a = self.run.config();
        let mut ids = self.diagnosed_remedies();
        for id in remedy_ids() {
            if !ids.contains(&id) && apply_remedy(a, id).is_some_and(|c| c != *a) {
                ids.push(id);
            }
        }
        ids
    }

    /// The compare controls as the state is: the button, the picker (its options and
    /// choice), the edit switch, the labels and the settings heading.
    pub(super) fn show_compare_bar(&self) {
        let on = self.b.is_some();
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            let _ = body.class_list().toggle_with_force("comparing", on);
        }
        if let Ok(button) = by_id::<HtmlElement>("compare-toggle") {
            button.set_text_content(Some(if on { "Stop comparing" } else { "Compare" }));
            let _ = button.set_attribute("aria-pressed", if on { "true" } else { "false" });
        }
        for id in ["compare-options", "compare-labels"] {
            if let Ok(element) = by_id::<HtmlElement>(id) {
                element.set_hidden(!on);
            }
        }
        if let Ok(edit) = by_id::<HtmlInputElement>("edit-b") {
            edit.set_checked(on && self.editing_b);
        }
        if let Ok(edit) = by_id::<HtmlInputElement>("edit-a") {
            edit.set_checked(!(on && self.editing_b));
        }
        let heading = match (on, self.editing_b) {
            (false, _) => "Settings",
            (true, false) => "Settings of A",
            (true, true) => "Settings of B",
        };
        dom::set_text("settings-title", heading);
        let Some(c) = &self.b else {
            return;
        };
        dom::set_text(
            "compare-labels",
            &format!("{} · {}", c.labels.0, c.labels.1),
        );
        self.fill_picker(&c.config);
    }

    /// The picker's options: B equal to A, then each remedy on offer; the one B is
    /// selected (none when B was edited by hand).
    fn fill_picker(&self, b: &Config) {
        let (Ok(select), Some(document)) =
            (by_id::<HtmlSelectElement>("compare-pick"), dom::document())
        else {
            return;
        };
        let a = self.run.config();
        let mut ids = self.remedies();
        // Keep B's own remedy on offer even when the diagnosis no longer names it.
        if let Some(current) = remedy_ids().find(|id| apply_remedy(a, id).as_ref() == Some(b)) {
            if !ids.contains(&current) {
                ids.push(current);
            }
        }
        select.set_inner_html("");
        let mut options = vec![(String::new(), "the same as A".to_string())];
        options.extend(
            ids.iter()
                .map(|id| (id.to_string(), format!("A with {id}"))),
        );
        let chosen = if b == a {
            Some(String::new())
        } else {
            ids.iter()
                .find(|id| apply_remedy(a, id).as_ref() == Some(b))
                .map(|id| id.to_string())
        };
        if chosen.is_none() {
            options.push(("custom".to_string(), "edited by hand".to_string()));
        }
        for (value, text) in options {
            if let Ok(option) = document.create_element("option") {
                let _ = option.set_attribute("value", &value);
                option.set_text_content(Some(&text));
                let _ = select.append_child(&option);
            }
        }
        select.set_value(chosen.as_deref().unwrap_or("custom"));
    }
}
