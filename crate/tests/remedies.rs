//! Remedies and presets change exactly what they say: a remedy (a diagnosis button, the
//! "B is" picker, `vgp sweep --remedies`) changes the keys it declares and nothing else,
//! whatever configuration it is applied to; each preset differs from the story step it
//! builds on in exactly the settings its text names, with the values the text gives.

mod support;

use proptest::prelude::*;
use std::collections::BTreeMap;
use support::valid_config;
use vgp::config::compare::differences;
use vgp::config::{parse_query, Config};
use vgp::diagnosis::diagnose;
use vgp::presets::{apply_remedy, preset, preset_config, remedy_ids, PRESETS};
use vgp::train::Run;

/// What each remedy declares it changes: the table "What each remedy changes" of
/// docs/diagnosis.md, as (remedy id, `key=value&...`).
fn declarations() -> Vec<(String, String)> {
    let docs = include_str!("../../docs/diagnosis.md");
    let table = docs
        .split("## What each remedy changes")
        .nth(1)
        .unwrap_or_else(|| panic!("docs/diagnosis.md has no table of remedies"));
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(|c| c.trim().trim_matches('`')).collect();
            match cells.as_slice() {
                [_, id, change, _] if change.contains('=') => {
                    Some((id.to_string(), change.to_string()))
                }
                _ => None,
            }
        })
        .collect()
}

/// The keys and values remedy `id` declares (docs/diagnosis.md).
fn declared(id: &str) -> BTreeMap<String, String> {
    let change = remedy_change(id);
    change
        .split('&')
        .filter_map(|e| e.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The declared change of remedy `id` (`key=value&...`).
fn remedy_change(id: &str) -> String {
    declarations()
        .into_iter()
        .find(|(r, _)| r == id)
        .map(|(_, change)| change)
        .unwrap_or_else(|| panic!("docs/diagnosis.md declares nothing for {id}"))
}

/// Every remedy is declared, and nothing else is.
#[test]
fn the_docs_declare_every_remedy() {
    let mut declared: Vec<String> = declarations().into_iter().map(|(id, _)| id).collect();
    let mut known: Vec<String> = remedy_ids().map(str::to_string).collect();
    declared.sort();
    known.sort();
    assert_eq!(declared, known);
}

/// `id` applied to `config`: every declared key has its declared value, and the keys
/// that changed are exactly the declared keys that did not already have it, plus only
/// what the rules then had to adjust and say so (batch normalization's two parameters
/// per unit can push a network over the parameter budget, and the width shrinks to fit,
/// with a warning, as for any link).
fn check_remedy(config: &Config, id: &str) -> Result<(), String> {
    let remedied = apply_remedy(config, id).ok_or(format!("{id} is not a remedy"))?;
    let declared = declared(id);
    let before: BTreeMap<_, _> = config.fields().into_iter().collect();
    let after: BTreeMap<_, _> = remedied.fields().into_iter().collect();
    for (key, value) in &declared {
        if after.get(key.as_str()) != Some(value) {
            let is = after.get(key.as_str());
            return Err(format!(
                "{id} on `{}`: {key} is {is:?}, not {value}",
                config.to_query()
            ));
        }
    }
    let change = remedy_change(id);
    // What the rules adjust on the remedied configuration (A's keys that the remedy
    // sets are left out: they would only be reported as repeats).
    let query = config.to_query();
    let rest = query
        .split('&')
        .filter(|e| !declared.contains_key(e.split_once('=').map_or(*e, |(k, _)| k)));
    let (_, adjusted) = parse_query(
        &[change.as_str()]
            .into_iter()
            .chain(rest)
            .collect::<Vec<_>>()
            .join("&"),
    );
    let mut changed: Vec<&str> = differences(config, &remedied)
        .iter()
        .map(|(k, _)| *k)
        .collect();
    changed.sort_unstable();
    let expected: Vec<&str> = before
        .iter()
        .filter(|(k, v)| {
            declared.get(**k).is_some_and(|d| d != *v) || adjusted.iter().any(|w| w.key == **k)
        })
        .map(|(k, _)| *k)
        .collect();
    if changed != expected {
        return Err(format!(
            "{id} on `{}` changed {changed:?}, declares {declared:?}",
            config.to_query()
        ));
    }
    Ok(())
}

/// Every remedy on every preset's configuration (what the diagnosis and the picker
/// apply it to on the page), and on the defaults.
#[test]
fn every_remedy_changes_exactly_its_declared_keys_on_every_preset() {
    let configs = PRESETS.iter().map(preset_config).chain([Config::default()]);
    let mut checked = 0;
    for config in configs {
        for id in remedy_ids() {
            check_remedy(&config, id).unwrap_or_else(|why| panic!("{why}"));
            checked += 1;
        }
    }
    assert_eq!(checked, (PRESETS.len() + 1) * remedy_ids().count());
}

/// Every remedy the diagnosis offers on the presets' runs (31 epochs, enough for a
/// plateau, of each preset with 100 samples: every kind of finding the story shows) is
/// a remedy with a declaration, and holds to it on the run it was offered for.
#[test]
fn every_remedy_the_diagnosis_offers_changes_exactly_its_declared_keys() {
    let mut offered = Vec::new();
    for p in &PRESETS {
        let mut run = Run::new(Config {
            n: 100,
            ..preset_config(p)
        });
        while run.epoch() < 31 && run.step_epoch() {}
        for finding in diagnose(&run) {
            for id in finding.remedies {
                check_remedy(run.config(), id).unwrap_or_else(|why| panic!("{}: {why}", p.id));
                offered.push(id);
            }
        }
    }
    // The presets' runs show every remedy but the shallow network.
    for id in remedy_ids().filter(|id| *id != "shallow") {
        assert!(offered.contains(&id), "no run offered {id}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any valid configuration, any remedy.
    #[test]
    fn any_remedy_on_any_configuration_changes_exactly_its_declared_keys(config in valid_config()) {
        for id in remedy_ids() {
            if let Err(why) = check_remedy(&config, id) {
                prop_assert!(false, "{}", why);
            }
        }
    }
}

/// The story step each preset builds on (its text's "the same network", "again"), and
/// the settings its title and text name: (key, value in the preset, words of the text).
type Named = (&'static str, &'static str, &'static str);
const STORY: [(&str, &str, &[Named]); 11] = [
    ("vanishing", "", &[]),
    (
        "shallow",
        "vanishing",
        &[("depth", "2", "two hidden layers")],
    ),
    ("tanh-glorot", "vanishing", &[("act", "tanh", "Tanh")]),
    (
        "relu-he",
        "vanishing",
        &[
            ("act", "relu", "ReLU"),
            ("init", "he_normal", "He initialization"),
        ],
    ),
    (
        "dying-relu",
        "relu-he",
        &[("lr", "0.5", "learning rate of 0.5")],
    ),
    (
        "leaky-relu",
        "dying-relu",
        &[("act", "leaky_relu", "Leaky ReLU")],
    ),
    (
        "naive-init",
        "vanishing",
        &[
            ("init", "normal", "normal initialization"),
            ("scale", "0.1", "standard deviation of 0.1"),
        ],
    ),
    (
        "batch-norm",
        "vanishing",
        &[("bn", "1", "batch normalization")],
    ),
    (
        "residual",
        "vanishing",
        &[("res", "1", "residual connections")],
    ),
    (
        "exploding",
        "vanishing",
        &[
            ("act", "relu", "ReLU layer"),
            ("init", "normal", "Weights drawn with a standard deviation"),
            ("scale", "2", "standard deviation of 2"),
        ],
    ),
    (
        "clipping",
        "vanishing",
        &[
            ("act", "relu", "ReLU layer"),
            ("init", "normal", "Weights with a standard deviation"),
            ("scale", "0.7", "standard deviation of 0.7"),
            ("clip", "1", "length of at most 1"),
        ],
    ),
];

/// The story's base: the two moons with the defaults (ten sigmoid layers of 16 units,
/// Glorot initialization, plain SGD), as the presets' module says.
#[test]
fn every_preset_differs_from_its_step_in_exactly_the_settings_its_text_names() {
    let (base, warnings) = parse_query("data=moons");
    assert!(warnings.is_empty());
    assert_eq!(STORY.len(), PRESETS.len(), "a preset without its story");
    for (id, builds_on, named) in STORY {
        let p = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
        let config = preset_config(p);
        let from = match builds_on {
            "" => base.clone(),
            other => preset_config(preset(other).unwrap_or_else(|| panic!("no {other}"))),
        };
        let words = format!("{} {}", p.title, p.text);
        let changed: Vec<(&str, String)> = differences(&from, &config);
        let expected: Vec<(&str, String)> =
            named.iter().map(|(k, v, _)| (*k, v.to_string())).collect();
        let mut sorted = changed.clone();
        sorted.sort();
        let mut expected_sorted = expected.clone();
        expected_sorted.sort();
        assert_eq!(
            sorted, expected_sorted,
            "{id} against {builds_on:?}: `{}`",
            p.query
        );
        for (key, _, phrase) in named {
            assert!(
                words.contains(phrase),
                "{id}'s text does not name {key} ({phrase:?})"
            );
        }
        // Every preset is the base's story: the moons, and what it does not name as
        // the base has it.
        assert_eq!(
            differences(&base, &config)
                .iter()
                .filter(|(k, _)| *k == "data")
                .count(),
            0
        );
    }
}
