//! The Diagnosis panel as a view of run A: what is wrong with it, how badly, the
//! numbers, and a button for each remedy that changes the network. Built as text nodes
//! (nothing from a link is ever markup); while the findings stay the same only their
//! texts change, so a focused remedy button keeps its focus.

use crate::dom::{self, by_id};
use crate::state::{finding_name, remedy_name, App};
use vgp::diagnosis::{diagnose_parts, Finding, Severity};
use web_sys::{Element, HtmlElement};

/// The panel as last drawn: the run and epoch it read.
#[derive(Default)]
pub struct DiagnosisPanel {
    drawn: Option<(u32, usize, bool, String)>,
}

impl DiagnosisPanel {
    /// Bring the panel up to date with run A's newest epoch.
    pub fn render(&mut self, app: &App) {
        let run = app.run();
        // The remedies offered depend on the configuration, which live changes alter.
        let key = (
            run.run_id(),
            run.measured_epoch(),
            run.diverged().is_some(),
            run.config().to_query(),
        );
        if self.drawn.as_ref() == Some(&key) {
            return;
        }
        self.drawn = Some(key);
        show_diagnosis(app);
    }
}

/// A remedy button's label.
fn remedy_label(id: &str) -> String {
    format!("Try {}", remedy_name(id))
}

/// The panel's text when nothing is wrong.
fn all_clear(app: &App) -> String {
    format!(
        "Nothing wrong found at epoch {}: the gradients reach every layer and the network is learning or has learned.",
        app.run().measured_epoch()
    )
}

/// Bring a panel already showing `findings` (perhaps in another order) up to date: the
/// texts, the severities and the order, worst first. The item holding the keyboard focus
/// is never moved (moving an element takes its focus away): the others move around it.
fn update_in_place(app: &App, panel: &HtmlElement, findings: &[Finding]) {
    if findings.is_empty() {
        if let Ok(Some(p)) = panel.query_selector("p.ok") {
            p.set_text_content(Some(&all_clear(app)));
        }
        return;
    }
    let Ok(Some(list)) = panel.query_selector("ul") else {
        return;
    };
    let focused = dom::document()
        .and_then(|d| d.active_element())
        .and_then(|e| e.closest("li[data-finding]").ok().flatten());
    let mut previous: Option<Element> = None;
    for f in findings {
        let Ok(Some(item)) = list.query_selector(&format!("li[data-finding=\"{}\"]", f.id)) else {
            continue;
        };
        let severity = severity_name(f.severity);
        if item.get_attribute("class").as_deref() != Some(severity) {
            let _ = item.set_attribute("class", severity);
            if let Ok(Some(label)) = item.query_selector(".severity") {
                label.set_text_content(Some(severity));
            }
        }
        if let Ok(Some(p)) = item.query_selector("p.evidence") {
            if p.text_content().as_deref() != Some(f.evidence.as_str()) {
                p.set_text_content(Some(&f.evidence));
            }
        }
        if focused.as_ref() != Some(&item) {
            // Right after the previous item (or first).
            let reference = match &previous {
                Some(p) => p.next_element_sibling(),
                None => list.first_element_child(),
            };
            if reference.as_ref() != Some(&item) {
                let _ = list.insert_before(&item, reference.as_ref().map(|r| r.as_ref()));
            }
        }
        previous = Some(item);
    }
}

/// The class and label of a severity.
fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Warning => "warning",
        Severity::Severe => "severe",
    }
}

/// Redraw the diagnosis panel from the run's newest epoch.
fn show_diagnosis(app: &App) {
    let (Ok(panel), Some(document)) = (by_id::<HtmlElement>("diagnosis"), dom::document()) else {
        return;
    };
    let findings: Vec<Finding> = diagnose_parts(app.run().history(), app.run().diverged());
    // What the panel's elements are: the findings and their remedy buttons. While that
    // stays the same only the texts change, so a focused remedy button keeps its focus
    // and the page is not rebuilt every frame.
    // (In any order: a change of order moves the items, not the focus.)
    let mut parts: Vec<String> = findings
        .iter()
        .map(|f| {
            let remedies = app.diagnosis_remedies(f);
            format!("{}:{};", f.id, remedies.join(","))
        })
        .collect();
    vgp::sorting::sort_by(&mut parts, |a, b| a < b);
    let shape = parts.concat();
    if panel.get_attribute("data-shape").as_deref() == Some(shape.as_str()) {
        update_in_place(app, &panel, &findings);
        return;
    }
    let _ = panel.set_attribute("data-shape", &shape);
    panel.set_text_content(None);
    let element = |tag: &str, class: &str, text: &str| -> Option<Element> {
        let e = document.create_element(tag).ok()?;
        if !class.is_empty() {
            let _ = e.set_attribute("class", class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    if findings.is_empty() {
        if let Some(p) = element("p", "ok", &all_clear(app)) {
            let _ = panel.append_child(&p);
        }
        return;
    }
    let Some(list) = element("ul", "", "") else {
        return;
    };
    for f in &findings {
        let severity = severity_name(f.severity);
        let Some(item) = element("li", severity, "") else {
            continue;
        };
        let _ = item.set_attribute("data-finding", f.id);
        for (tag, class, text) in [
            ("span", "severity", severity.to_string()),
            ("span", "name", finding_name(f.id).to_string()),
            ("p", "evidence", f.evidence.clone()),
        ] {
            if let Some(e) = element(tag, class, &text) {
                let _ = item.append_child(&e);
            }
        }
        if let Some(row) = element("div", "remedies", "") {
            for r in app.diagnosis_remedies(f) {
                if let Some(b) = element("button", "remedy", &remedy_label(r)) {
                    let _ = b.set_attribute("type", "button");
                    let _ = b.set_attribute("data-remedy", r);
                    let _ = row.append_child(&b);
                }
            }
            let _ = item.append_child(&row);
        }
        let _ = list.append_child(&item);
    }
    let _ = panel.append_child(&list);
}
