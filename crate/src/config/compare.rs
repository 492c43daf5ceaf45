//! The second configuration of a comparison ("B" beside "A"): how a link writes it
//! (`b.` before each key where B differs from A, docs/share-links.md), which keys B must
//! share with A for the comparison to be fair, and how B is named in legends.
//!
//! A fair comparison changes one thing: B always trains on A's data, with A's seed and
//! A's epoch limit, so both runs see the same samples in the same order and stop
//! together. Those keys are [`SHARED_KEYS`]; a `b.` form of them is ignored with a
//! warning.

use super::query::KEYS;
use super::{decode, ConfigWarning};
use super::{parse_query, Config};

/// The keys B always takes from A (the data, the seed and the epoch limit).
pub const SHARED_KEYS: [&str; 6] = ["data", "n", "noise", "test", "epochs", "seed"];

/// The prefix of B's keys in a link.
pub const PREFIX: &str = "b.";

/// Read the value of a `b=` entry into `flag` (whether a comparison is asked for);
/// a repeat or a value other than 0 or 1 changes nothing and is returned as a warning.
pub fn read_flag(value: &str, flag: &mut Option<bool>) -> Option<ConfigWarning> {
    let message = match (value, *flag) {
        ("1" | "true", None) => {
            *flag = Some(true);
            return None;
        }
        ("0" | "false", None) => {
            *flag = Some(false);
            return None;
        }
        (_, Some(_)) => format!("b: \"{value}\" is a repeat (the first b wins)"),
        _ => format!("b: \"{value}\" is not 0 or 1; ignored"),
    };
    Some(ConfigWarning::ignored("b", value, message))
}

/// `b` with A's shared fields (data, seed, epoch limit): what B runs beside `a`.
pub fn aligned(a: &Config, b: &Config) -> Config {
    Config {
        data: a.data,
        n: a.n,
        noise: a.noise,
        test: a.test,
        epochs: a.epochs,
        seed: a.seed,
        ..b.clone()
    }
}

/// The keys where `b` differs from `a` with B's values, in canonical key order.
pub fn differences(a: &Config, b: &Config) -> Vec<(&'static str, String)> {
    a.fields()
        .into_iter()
        .zip(b.fields())
        .filter(|((_, x), (_, y))| x != y)
        .map(|(_, (key, y))| (key, y))
        .collect()
}

/// B's part of a canonical link: `b.key=value` for each key where it differs from A,
/// or `b=1` when B equals A (the comparison is still on).
pub fn to_fragment(a: &Config, b: &Config) -> String {
    let diff = differences(a, b);
    if diff.is_empty() {
        return "b=1".to_string();
    }
    diff.iter()
        .map(|(k, v)| format!("{PREFIX}{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// Short names of A and B for legends, from what differs: the values of the keys that
/// differ (`sigmoid` against `relu + he_normal`), or both "same" when nothing does.
pub fn labels(a: &Config, b: &Config) -> (String, String) {
    let diff = differences(a, b);
    if diff.is_empty() {
        return ("A".into(), "B (= A)".into());
    }
    let a_fields = a.fields();
    let name = |key: &str, value: &str| match key {
        // Names speak for themselves; numbers and switches need their key.
        "act" | "init" | "opt" => value.to_string(),
        "bn" | "res" if value == "1" => key.to_string(),
        "bn" | "res" => format!("no {key}"),
        _ => format!("{key} {value}"),
    };
    let a_text: Vec<String> = diff
        .iter()
        .filter_map(|(key, _)| {
            a_fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(k, v)| name(k, v))
        })
        .collect();
    let b_text: Vec<String> = diff.iter().map(|(k, v)| name(k, v)).collect();
    (
        format!("A: {}", a_text.join(" + ")),
        format!("B: {}", b_text.join(" + ")),
    )
}

/// Read B from its link entries (each `(position, entry)` with the `b.` already taken
/// off the key) on top of A: B is A with these keys changed. Returns B (aligned with A)
/// and the warnings about its entries, keys spelled with their `b.`, tagged with
/// positions.
pub fn parse_b(a: &Config, entries: &[(usize, &str)]) -> (Config, Vec<(usize, ConfigWarning)>) {
    let mut warnings = Vec::new();
    let mut own: Vec<(usize, &str, String)> = Vec::new();
    for &(index, entry) in entries {
        let raw_key = entry.split_once('=').map_or(entry, |(k, _)| k);
        let (key, _) = decode(raw_key);
        if SHARED_KEYS.contains(&key.as_str()) {
            let (value, _) = decode(entry.split_once('=').map_or("", |(_, v)| v));
            let message = format!(
                "{PREFIX}{key}: \"{value}\" ignored (B always uses A's data, seed and epoch limit)"
            );
            warnings.push((
                index,
                ConfigWarning::ignored(&format!("{PREFIX}{key}"), &value, message),
            ));
            continue;
        }
        own.push((index, entry, key));
    }
    // B's entries first (the first occurrence of a key wins), then A's keys that B does
    // not set, so B reads as A with its own changes.
    let mut parts: Vec<&str> = own.iter().map(|(_, e, _)| *e).collect();
    let a_query = a.to_query();
    let a_parts: Vec<&str> = a_query
        .split('&')
        .filter(|e| {
            let key = e.split_once('=').map_or(*e, |(k, _)| k);
            !own.iter().any(|(_, _, k)| k == key)
        })
        .collect();
    parts.extend(a_parts);
    let (b, read) = parse_query(&parts.join("&"));
    for w in read {
        // Each warning is about one of B's entries (A's canonical keys read cleanly),
        // or about a rule (the parameter budget) that B's keys made bind.
        let index = own
            .iter()
            .find(|(_, _, k)| *k == w.key)
            .map_or(usize::MAX, |(i, _, _)| *i);
        warnings.push((index, prefixed(w)));
    }
    (aligned(a, &b), warnings)
}

/// A warning about B's key, naming it with its `b.` (`b.depth: "500" is above ...`).
fn prefixed(w: ConfigWarning) -> ConfigWarning {
    let is_known = KEYS.contains(&w.key.as_str()) || w.key == "v";
    let message = if is_known && w.message.starts_with(&w.key) {
        format!("{PREFIX}{}", w.message)
    } else {
        // `unknown key "x" ...` becomes `unknown key "b.x" ...`.
        w.message.replacen(
            &format!("\"{}\"", w.key),
            &format!("\"{PREFIX}{}\"", w.key),
            1,
        )
    };
    ConfigWarning {
        key: format!("{PREFIX}{}", w.key),
        message,
        ..w
    }
}
