//! The charts' words as a view of the state: each chart's summary under its canvas (B's
//! under B's; the overlaid loss and profile name both runs), the tables of the charts
//! whose Table button is pressed (built as DOM from `vgp::describe`'s tables: a caption,
//! column and row headers), the Table buttons' and their tables' state, and the Listen
//! button's. Written when the state says the words are due (state/describe.rs), when
//! a comparison begins or ends, and when a table opens. The sweep's own summary and
//! table are the sweep panel's (shell/sweep_panel.rs).

use crate::dom::{self, by_id};
use crate::state::App;
use vgp::charts::network::NetworkMode;
use vgp::config::PANELS;
use vgp::describe::{gradients as g, layers as l, named, network as n, training as t, Table};
use vgp::diagram::NetworkSnapshot;
use vgp::metrics::EpochMetrics;
use vgp::remote::RunMirror;
use web_sys::{Element, HtmlElement};

/// What the words were last written for: the state's count, the comparison's labels
/// and the open tables.
type Written = (u32, Option<(String, String)>, Vec<bool>, NetworkMode);

/// The words last written and the buttons' state.
#[derive(Default)]
pub struct Descriptions {
    written: Option<Written>,
    listening: Option<bool>,
}

/// Charts that overlay every run in one canvas (and one summary).
const OVERLAID: [&str; 2] = ["profile", "loss"];

/// The Network panel's snapshot of `run` and the numbers of its epoch.
fn network_of(run: &RunMirror) -> (Option<&NetworkSnapshot>, Option<&EpochMetrics>) {
    let s = run.network();
    (s, s.and_then(|s| g::at_epoch(run.history(), s.epoch)))
}

/// One run's summary of `chart` (the Network panel's in `mode`).
fn summary(chart: &str, run: &RunMirror, mode: NetworkMode) -> String {
    let h = run.history();
    let now = h.newest();
    match chart {
        "network" => {
            let (s, m) = network_of(run);
            n::network_summary(s, m, mode)
        }
        "heatmap" => g::heatmap_summary(h),
        "profile" => g::profile_summary(h),
        "gains" => g::gains_summary(run.gains(), run.measured_epoch()),
        "loss" => t::loss_summary(h),
        "weights" => l::weights_summary(h),
        "updates" => l::updates_summary(h),
        "boundary" => t::boundary_summary(run.data(), run.surface(), now),
        "health" => l::health_summary(now, run.config().act),
        "distributions" => l::distributions_summary(run.distributions()),
        _ => String::new(),
    }
}

/// One run's table of `chart` (the profile's is the overlaid runs', built apart).
fn table(chart: &str, run: &RunMirror) -> Table {
    let h = run.history();
    let now = h.newest();
    match chart {
        "network" => {
            let (s, m) = network_of(run);
            n::network_table(s, m, run.config().act)
        }
        "heatmap" => g::heatmap_table(h),
        "gains" => g::gains_table(run.gains()),
        "loss" => t::loss_table(h),
        "weights" => l::weights_table(h),
        "updates" => l::updates_table(h),
        "boundary" => t::boundary_table(run.data(), now),
        "health" => l::health_table(now, run.config().act),
        "distributions" => l::distributions_table(run.distributions()),
        _ => g::profile_table(&[("", h)]),
    }
}

impl Descriptions {
    pub fn render(&mut self, app: &App) {
        let listening = app.listening();
        if self.listening != Some(listening) {
            self.listening = Some(listening);
            if let Ok(button) = by_id::<HtmlElement>("listen") {
                button.set_text_content(Some(if listening { "Stop" } else { "Listen" }));
                let _ = button.set_attribute("aria-pressed", bool_text(listening));
            }
        }
        let open: Vec<bool> = PANELS.iter().map(|c| app.table_open(c)).collect();
        let labels = app.compared().map(|b| b.labels.clone());
        let mode = app.network_mode();
        let key = (app.described(), labels, open, mode);
        if self.written.as_ref() == Some(&key) {
            return;
        }
        let was_open = self.written.as_ref().map(|(_, _, o, _)| o.clone());
        let (_, labels, open, _) = &key;
        for (i, chart) in PANELS.iter().enumerate() {
            if was_open.as_ref().is_none_or(|o| o[i] != open[i]) {
                show_table(chart, open[i]);
            }
        }
        let b = app.compared();
        let mut runs = vec![("", app.run())];
        if let (Some(b), Some((la, lb))) = (b, labels) {
            runs = vec![(la.as_str(), app.run()), (lb.as_str(), &b.run)];
        }
        for (i, chart) in PANELS.iter().enumerate() {
            if matches!(*chart, "diagnosis" | "sweep") {
                continue;
            }
            if OVERLAID.contains(chart) {
                let each: Vec<String> = runs
                    .iter()
                    .map(|&(name, run)| named(name, summary(chart, run, mode)))
                    .collect();
                dom::set_text(&format!("{chart}-summary"), &each.join(" "));
            } else {
                dom::set_text(
                    &format!("{chart}-summary"),
                    &summary(chart, app.run(), mode),
                );
                if let Some(b) = b {
                    dom::set_text(&format!("{chart}-summary-b"), &summary(chart, &b.run, mode));
                }
            }
            if !open[i] {
                continue;
            }
            let tables: Vec<Table> = if *chart == "profile" {
                let histories: Vec<(&str, &vgp::history::History)> =
                    runs.iter().map(|&(n, r)| (n, r.history())).collect();
                vec![g::profile_table(&histories)]
            } else {
                runs.iter()
                    .map(|&(name, run)| {
                        let mut t = table(chart, run);
                        t.caption = named(name, t.caption);
                        t
                    })
                    .collect()
            };
            write_tables(&format!("{chart}-table"), &tables);
        }
        self.written = Some(key);
    }
}

fn bool_text(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// A chart's table view shown or hidden, and its button saying which.
pub fn show_table(chart: &str, open: bool) {
    if let Ok(view) = by_id::<HtmlElement>(&format!("{chart}-table")) {
        view.set_hidden(!open);
    }
    let selector = format!("button[data-table=\"{chart}\"]");
    if let Some(button) = dom::document().and_then(|d| d.query_selector(&selector).ok().flatten()) {
        let _ = button.set_attribute("aria-expanded", bool_text(open));
    }
}

/// Replace what `#id` holds with `tables`, each a `<table>` with its caption, a header
/// row of column headers and a row header per row (text only, never markup).
pub fn write_tables(id: &str, tables: &[Table]) {
    let (Some(document), Ok(view)) = (dom::document(), by_id::<Element>(id)) else {
        return;
    };
    view.set_text_content(None);
    let add = |parent: &Element, tag: &str, text: Option<&str>| -> Option<Element> {
        let e = document.create_element(tag).ok()?;
        if text.is_some() {
            e.set_text_content(text);
        }
        parent.append_child(&e).ok()?;
        Some(e)
    };
    for t in tables {
        let Some(table) = add(&view, "table", None) else {
            return;
        };
        add(&table, "caption", Some(&t.caption));
        let head = add(&table, "thead", None).and_then(|h| add(&h, "tr", None));
        for text in &t.head {
            if let Some(th) = head.as_ref().and_then(|tr| add(tr, "th", Some(text))) {
                let _ = th.set_attribute("scope", "col");
            }
        }
        let Some(body) = add(&table, "tbody", None) else {
            return;
        };
        for row in &t.rows {
            let Some(tr) = add(&body, "tr", None) else {
                continue;
            };
            for (k, text) in row.iter().enumerate() {
                let tag = if k == 0 { "th" } else { "td" };
                if let Some(cell) = add(&tr, tag, Some(text)) {
                    if k == 0 {
                        let _ = cell.set_attribute("scope", "row");
                    }
                }
            }
        }
    }
}
