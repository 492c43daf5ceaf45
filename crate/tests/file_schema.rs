//! The run file and the sweep file hold exactly the fields docs/run-format.md lists, by
//! name (and in the documented order where the document promises one): every key of
//! every object is read back against the document's tables, so a renamed, missing or
//! extra field fails here before a user's script does.

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt;
use vgp::config::parse_query;
use vgp::runfile::to_json;
use vgp::sweep::SweepPlan;
use vgp::train::Run;

const DOC: &str = include_str!("../../docs/run-format.md");

/// The rows of the first table after the line `heading`: each row's cells.
fn table(heading: &str) -> Vec<Vec<String>> {
    let rest = DOC
        .split_once(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("docs/run-format.md has no {heading:?}"))
        .1;
    rest.lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // the header and its rule
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// The `name`s in backticks in `cell` that are plain field names.
fn names(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// The `"name"`s inside the first `{...}` of `cell` (an object described inline).
fn inline_names(cell: &str) -> BTreeSet<String> {
    let inside = cell
        .split_once('{')
        .and_then(|(_, r)| r.split_once('}'))
        .map_or("", |(i, _)| i);
    inside
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The fields a table documents, in its order (first column).
fn documented(heading: &str) -> Vec<String> {
    table(heading)
        .iter()
        .flat_map(|row| names(&row[0]))
        .collect()
}

/// The meaning cell of the row documenting `field` in the table after `heading`.
fn meaning(heading: &str, field: &str) -> String {
    table(heading)
        .into_iter()
        .find(|row| names(&row[0]) == [field])
        .map(|row| row[row.len() - 1].clone())
        .unwrap_or_else(|| panic!("{field} is not documented under {heading}"))
}

/// An object's keys in the order the file writes them.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

fn keys_in_order(json: &str) -> Vec<String> {
    serde_json::from_str::<Keys>(json).expect("an object").0
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(names: Vec<String>) -> BTreeSet<String> {
    names.into_iter().collect()
}

/// Train `query` for up to `epochs` epochs and return its run file, read.
fn run_file(query: &str, epochs: usize) -> (String, Value) {
    let (config, warnings) = parse_query(query);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut run = Run::new(config);
    while run.epoch() < epochs && run.step_epoch() {}
    let json = to_json(&run).expect("a run file");
    let value = serde_json::from_str(&json).expect("JSON");
    (json, value)
}

/// Three runs that between them write every field: batch norm on the hidden layers and
/// not on the output layer, a vanishing gradient (a diagnosis), a divergence.
#[test]
fn every_key_of_a_run_file_is_documented_and_every_documented_key_is_written() {
    let top = documented("## Top-level fields");
    let layer = set(documented("### `layers[l]`"));
    let split = set(documented("### `data.train`, `data.test`"));
    let params = table("### `initial[l]`, `final[l]`");
    let epoch = set(documented("### `epochs[i]`"));
    let divergence = inline_names(&meaning("## Top-level fields", "diverged"));
    let gain = inline_names(&meaning("## Top-level fields", "gains"));
    let finding = inline_names(&meaning("## Top-level fields", "diagnosis"));
    let distributions_text = meaning("## Top-level fields", "distributions");
    let distributions = set(names(&distributions_text));
    let histogram = inline_names(&distributions_text);
    assert!(
        top.len() >= 15 && !histogram.is_empty() && !finding.is_empty(),
        "tables read"
    );

    let mut seen = BTreeSet::new();
    for (query, epochs) in [
        ("data=moons&depth=3&width=5&n=60&bn=1", 2),
        ("data=moons&n=60", 0),
        (
            "data=sine&act=relu&init=normal&scale=2&depth=6&width=16&n=80&lr=1",
            3,
        ),
    ] {
        let (json, file) = run_file(query, epochs);
        assert_eq!(
            keys_in_order(&json),
            top,
            "{query}: top-level fields and their order"
        );
        for l in file["layers"].as_array().expect("layers") {
            assert_eq!(keys(l), layer, "{query}: layers[l]");
        }
        for name in ["train", "test"] {
            assert_eq!(keys(&file["data"][name]), split, "{query}: data.{name}");
        }
        assert_eq!(
            keys(&file["data"]),
            set(vec!["train".into(), "test".into()])
        );
        for which in ["initial", "final"] {
            for (l, p) in file[which].as_array().expect("params").iter().enumerate() {
                let bn = file["layers"][l]["batch_norm"] == Value::Bool(true);
                let expected: BTreeSet<String> = params
                    .iter()
                    .filter(|row| row[2] == "always" || (bn && row[2] == "batch-norm layers"))
                    .flat_map(|row| names(&row[0]))
                    .collect();
                assert_eq!(keys(p), expected, "{query}: {which}[{l}] (batch norm {bn})");
            }
        }
        for e in file["epochs"].as_array().expect("epochs") {
            assert_eq!(keys(e), epoch, "{query}: epochs[i]");
        }
        assert_eq!(keys(&file["distributions"]), distributions, "{query}");
        for kind in ["activations", "gradients"] {
            for h in file["distributions"][kind].as_array().expect("histograms") {
                assert_eq!(keys(h), histogram, "{query}: {kind}");
            }
        }
        match &file["diverged"] {
            Value::Null => {}
            d => {
                assert_eq!(keys(d), divergence, "{query}: diverged");
                seen.insert("diverged");
            }
        }
        for g in file["gains"].as_array().expect("gains") {
            assert_eq!(keys(g), gain, "{query}: gains");
            seen.insert("gains");
        }
        for f in file["diagnosis"].as_array().expect("diagnosis") {
            assert_eq!(keys(f), finding, "{query}: diagnosis");
            seen.insert("diagnosis");
        }
        if file["initial"][0].get("gamma").is_some() {
            seen.insert("batch norm");
        }
    }
    assert_eq!(seen.len(), 4, "every optional part was written: {seen:?}");
}

#[test]
fn every_key_of_a_sweep_file_is_documented_and_every_documented_key_is_written() {
    let top = documented("**Fields.** In this order:");
    let series = set(documented("Each entry of `series`:"));
    let (config, _) = parse_query("width=4&n=40");
    let sweep = SweepPlan::new(&config, &[1, 3], 2, true)
        .expect("a plan")
        .finish();
    let json = sweep.to_json().expect("a sweep file");
    assert_eq!(
        keys_in_order(&json),
        top,
        "top-level fields and their order"
    );
    let file: Value = serde_json::from_str(&json).expect("JSON");
    let all = file["series"].as_array().expect("series");
    assert_eq!(all.len(), 4);
    for s in all {
        assert_eq!(keys(s), series, "series");
    }
}
