//! Compare mode's state: a second configuration B beside run A, on A's data and seed,
//! trained in lockstep in engine slot 1; the remedies on offer for B and in the
//! Diagnosis panel; the Story's presets and the remedy buttons, which open links.

use super::action::B_SLOT;
use super::announce::remedy_name;
use super::app::App;
use super::effect::Effect;
use vgp::config::{compare, Config};
use vgp::diagnosis::{diagnose_parts, Finding};
use vgp::presets::{apply_remedy, preset, preset_config, remedy_ids};
use vgp::remote::{Message, RunMirror};

/// The comparison's B.
pub struct CompareRun {
    /// What B runs (aligned with A's data, seed and epoch limit).
    pub config: Config,
    pub run: RunMirror,
    /// Legend names of A and B (what differs).
    pub labels: (String, String),
}

/// The remedies of `finding` that change `config` (the others are not offered).
pub fn offered_remedies<'f>(
    config: &'f Config,
    finding: &'f Finding,
) -> impl Iterator<Item = &'static str> + 'f {
    finding
        .remedies
        .iter()
        .copied()
        .filter(move |r| changes(config, r))
}

impl App {
    /// The remedy buttons the Diagnosis panel shows for `finding`: those that change A,
    /// except, in compare mode, the one B already is (it would only open B again).
    pub fn diagnosis_remedies(&self, finding: &Finding) -> Vec<&'static str> {
        let a = self.run.config();
        let b = self.b.as_ref().map(|b| &b.config);
        offered_remedies(a, finding)
            .filter(|id| b.is_none() || apply_remedy(a, id).as_ref() != b)
            .collect()
    }
}

/// True when remedy `id` changes `config`.
fn changes(config: &Config, id: &str) -> bool {
    apply_remedy(config, id).is_some_and(|c| c != *config)
}

/// The remedies the diagnosis of `run` names (those that change it), worst first.
fn diagnosed_remedies(run: &RunMirror) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = Vec::new();
    for finding in diagnose_parts(run.history(), run.diverged()) {
        for id in offered_remedies(run.config(), &finding) {
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    found
}

/// The "B is" picker's options as `(value, text)`, and the value chosen: B equal to
/// A, the diagnosis's remedies then every other one that changes A, B's own remedy
/// even when no longer diagnosed, and "edited by hand" when B is none of them.
pub fn picker_options(a: &RunMirror, b: &Config) -> (Vec<(String, String)>, String) {
    let config = a.config();
    let mut ids = diagnosed_remedies(a);
    for id in remedy_ids() {
        if !ids.contains(&id) && changes(config, id) {
            ids.push(id);
        }
    }
    // B's own remedy, unless B is A (a remedy that changes nothing is no option).
    let current =
        remedy_ids().find(|id| b != config && apply_remedy(config, id).as_ref() == Some(b));
    if let Some(current) = current {
        if !ids.contains(&current) {
            ids.push(current);
        }
    }
    let mut options = vec![(String::new(), "the same as A".to_string())];
    options.extend(
        ids.iter()
            .map(|id| (id.to_string(), format!("A with {id}"))),
    );
    let chosen = if b == config {
        Some(String::new())
    } else {
        ids.iter()
            .find(|id| apply_remedy(config, id).as_ref() == Some(b))
            .map(|id| id.to_string())
    };
    if chosen.is_none() {
        options.push(("custom".to_string(), "edited by hand".to_string()));
    }
    (options, chosen.unwrap_or_else(|| "custom".to_string()))
}

impl App {
    /// Compare mode with `b` as B, or none (B's run is closed in the engine).
    pub(super) fn set_compare(&mut self, fx: &mut Vec<Effect>, b: Option<Config>) {
        self.explore_forget();
        match b {
            Some(b) => {
                let b = compare::aligned(self.run.config(), &b);
                let labels = compare::labels(self.run.config(), &b);
                self.b = Some(CompareRun {
                    run: RunMirror::new(u32::MAX, b.clone()),
                    config: b,
                    labels,
                });
            }
            None => {
                if self.b.take().is_some() {
                    self.send_message(fx, Message::Close { slot: B_SLOT });
                }
                self.editing_b = false;
                self.weights_forget(B_SLOT);
            }
        }
    }

    /// The Compare button: on (B is the first remedy the diagnosis offers, or A
    /// itself) or off.
    pub(super) fn compare_toggled(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        if self.b.is_some() {
            self.set_compare(fx, None);
            fx.push(Effect::WriteForm(self.run.config().clone()));
            return;
        }
        let a = self.run.config().clone();
        let b = diagnosed_remedies(&self.run)
            .into_iter()
            .next()
            .and_then(|id| apply_remedy(&a, id))
            .unwrap_or_else(|| a.clone());
        self.set_compare(fx, Some(b));
        self.restart(fx, a, now_ms);
    }

    /// The "B is" picker: B becomes A with that remedy (or A itself).
    pub(super) fn compare_picked(&mut self, fx: &mut Vec<Effect>, id: &str, now_ms: f64) {
        let a = self.run.config().clone();
        let b = apply_remedy(&a, id).unwrap_or_else(|| a.clone());
        self.set_compare(fx, Some(b));
        if self.editing_b {
            fx.push(Effect::WriteForm(self.form_config()));
        }
        self.restart(fx, a, now_ms);
    }

    /// The settings form now edits B (or A): it shows that run's configuration.
    pub(super) fn edit_switched(&mut self, fx: &mut Vec<Effect>, b: bool) {
        self.editing_b = b && self.b.is_some();
        fx.push(Effect::WriteForm(self.form_config()));
    }

    /// A Story preset: its link (the page keeps its layout).
    pub(super) fn preset_picked(&mut self, fx: &mut Vec<Effect>, id: &str, now_ms: f64) {
        let Some(p) = preset(id) else {
            return;
        };
        let link = self.link_to(preset_config(p));
        self.open(fx, &link, now_ms);
        self.announce(format!("Loaded the story step: {}.", p.title));
    }

    /// A remedy button: the running network with that remedy (in compare mode B
    /// becomes the remedied network, beside A).
    pub(super) fn remedy_clicked(&mut self, fx: &mut Vec<Effect>, id: &str, now_ms: f64) {
        let Some(config) = apply_remedy(self.run.config(), id) else {
            return;
        };
        let name = remedy_name(id);
        if self.b.is_some() {
            let a = self.run.config().clone();
            self.set_compare(fx, Some(config));
            self.restart(fx, a, now_ms);
            self.announce(format!("B is now A with {name}; both start again."));
            return;
        }
        let link = self.link_to(config);
        self.open(fx, &link, now_ms);
        self.announce(format!("Applied {name}; the run starts again."));
    }
}
