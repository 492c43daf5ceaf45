//! Reading a share-link query: any text into a valid `Config` with warnings (see
//! docs/share-links.md). Printing, the keys and the warnings are `vgp_core`'s
//! (`crate/core/src/config/query.rs`); reading is here, in the crate built for size.

use super::query::{
    activation_name, dataset_name, field_text, init_name, optimizer_name, ConfigWarning, KEYS,
    VERSION,
};
use super::{Activation, Config, DatasetKind, Init, OptimizerKind};
use crate::numtext::{parse_f32, parse_f64};

const BAD_ESCAPE: &str = "has a bad percent escape";
const NOT_UTF8: &str = "is not valid UTF-8 once percent-decoded";

/// Reads a share-link query into a valid config, never failing: every entry
/// that cannot be used as written is replaced (its default, or the nearest
/// allowed value) or dropped, with a warning. Warnings come in input order.
///
/// An optional leading `?` or `#` is skipped; entries are `key=value` joined
/// by `&`, percent-encoded (`+` is a space); empty entries are skipped. The
/// first occurrence of a key wins. The result obeys `Config::validate`.
pub fn parse_query(q: &str) -> (Config, Vec<ConfigWarning>) {
    let q = q.strip_prefix(['?', '#']).unwrap_or(q);
    let mut config = Config::default();
    // Warnings tagged with the position of the entry they are about, for sorting.
    let mut warnings: Vec<(usize, ConfigWarning)> = Vec::new();
    // Each key's first occurrence: position, and its text if the value was read.
    let mut seen: Vec<(&'static str, usize, Option<String>)> = Vec::new();
    // Later occurrences (position, key, value), reported once the final values are known.
    let mut repeats: Vec<(usize, &'static str, String)> = Vec::new();

    for (index, entry) in q.split('&').enumerate() {
        if entry.is_empty() {
            continue;
        }
        let Some((raw_key, raw_value)) = entry.split_once('=') else {
            let (text, _) = decode(entry);
            let message = format!("\"{text}\" has no \"=value\"; ignored");
            warnings.push((index, ConfigWarning::ignored(&text, "", message)));
            continue;
        };
        let (key_text, _) = decode(raw_key);
        let (value, problem) = decode(raw_value);
        let Some(key) = known_key(&key_text) else {
            let message = format!("unknown key \"{key_text}\" (value \"{value}\") ignored");
            warnings.push((index, ConfigWarning::ignored(&key_text, &value, message)));
            continue;
        };
        if seen.iter().any(|(k, _, _)| *k == key) {
            repeats.push((index, key, value));
            continue;
        }
        // No valid value contains `%` or non-ASCII, so a decoding problem rejects the value.
        match problem.map_or_else(|| set_field(&mut config, key, &value), |p| Err(p.into())) {
            Ok(()) => seen.push((key, index, Some(value))),
            Err(reason) => {
                let used = field_text(&config, key); // still the default
                warnings.push((index, ConfigWarning::replaced(key, &value, &reason, &used)));
                seen.push((key, index, None));
            }
        }
    }

    let position = |key: &str| seen.iter().find(|(k, _, _)| *k == key);
    let given = |key: &str| position(key).and_then(|(_, _, text)| text.clone());
    let (config, checked) = config.validate_with(&given);
    for warning in checked {
        let index = position(&warning.key).map_or(usize::MAX, |(_, i, _)| *i);
        warnings.push((index, warning));
    }
    for (index, key, value) in repeats {
        let reason = format!("is a repeat (the first {key} wins)");
        let used = field_text(&config, key);
        warnings.push((index, ConfigWarning::replaced(key, &value, &reason, &used)));
    }
    crate::sorting::sort_by_key(&mut warnings, |(index, _)| *index); // stable: same-entry warnings keep their order
    (config, warnings.into_iter().map(|(_, w)| w).collect())
}

/// The static spelling of a known key (config field or `v`), if `text` is one.
fn known_key(text: &str) -> Option<&'static str> {
    if text == "v" {
        return Some("v");
    }
    KEYS.iter().copied().find(|k| *k == text)
}

/// Percent-decodes a key or value: `+` is a space and `%XX` a byte. A `%` not
/// followed by two hex digits stays as it is; the second result then names the
/// problem (as it does for bytes that are not UTF-8, which become U+FFFD).
pub fn decode(raw: &str) -> (String, Option<&'static str>) {
    let bytes = raw.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|b| (*b as char).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut problem = None;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        i += 1;
        match byte {
            b'+' => out.push(b' '),
            b'%' => match (hex(i), hex(i + 1)) {
                (Some(high), Some(low)) => {
                    // Two hex digits are at most 255, so the cast is exact.
                    out.push((high * 16 + low) as u8);
                    i += 2;
                }
                _ => {
                    problem = Some(BAD_ESCAPE);
                    out.push(b'%');
                }
            },
            other => out.push(other),
        }
    }
    match String::from_utf8(out) {
        Ok(text) => (text, problem),
        Err(error) => (
            String::from_utf8_lossy(error.as_bytes()).into_owned(),
            problem.or(Some(NOT_UTF8)),
        ),
    }
}

/// Sets field `key` from its share-link text; `Err` holds the reason it cannot
/// be read, and the field is left untouched. Only the type is checked here:
/// ranges are `validate`'s job, so out-of-range numbers are stored as read.
fn set_field(c: &mut Config, key: &str, text: &str) -> Result<(), String> {
    match key {
        "v" if text == VERSION => {}
        "v" if text.parse::<u32>().is_ok_and(|v| v > 1) => {
            return Err(
                "is a newer link format than this page knows (read as far as possible)".into(),
            )
        }
        "v" => return Err("is not a known format version".into()),
        "data" => c.data = read_enum(text, &DatasetKind::ALL, dataset_name)?,
        "n" => c.n = read_count(text)?,
        "noise" => c.noise = read_float(text)?,
        "test" => c.test = read_float(text)?,
        "depth" => c.depth = read_count(text)?,
        "width" => c.width = read_count(text)?,
        "act" => c.act = read_enum(text, &Activation::ALL, activation_name)?,
        "leak" => c.leak = read_float(text)?,
        "init" => c.init = read_enum(text, &Init::ALL, init_name)?,
        "scale" => c.scale = read_float(text)?,
        "bn" => c.bn = read_bool(text)?,
        "res" => c.res = read_bool(text)?,
        "opt" => c.opt = read_enum(text, &OptimizerKind::ALL, optimizer_name)?,
        "lr" => c.lr = read_float(text)?,
        "mom" => c.mom = read_float(text)?,
        "batch" => c.batch = read_count(text)?,
        "clip" => c.clip = read_float(text)?,
        "epochs" => c.epochs = read_count(text)?,
        "seed" => {
            c.seed = match read_whole(text)? {
                Some(seed) => seed,
                None => return Err(format!("is above the largest seed {}", u64::MAX)),
            }
        }
        _ => return Err("is not a known key".into()),
    }
    Ok(())
}

/// A whole number: `Ok(None)` when it is all digits but above `u64::MAX`.
fn read_whole(text: &str) -> Result<Option<u64>, String> {
    if let Ok(value) = text.parse::<u64>() {
        return Ok(Some(value));
    }
    let digits = text.strip_prefix('+').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(None);
    }
    Err(match parse_f64(text) {
        Some(x) if !x.is_finite() => "is not a finite number",
        Some(x) if x < 0.0 => "is negative",
        Some(_) => "is not a whole number",
        None => "is not a number",
    }
    .into())
}

/// A count; one too large for `usize` saturates, and `validate` then clamps it.
fn read_count(text: &str) -> Result<usize, String> {
    Ok(read_whole(text)?.map_or(usize::MAX, |v| usize::try_from(v).unwrap_or(usize::MAX)))
}

/// A float, read straight as `f32` so the canonical text reads back exactly (through
/// `numtext`, the standard parser's results without its code in the page).
/// NaN and infinities are kept for `validate` to reject; a finite number
/// beyond `f32` becomes `±f32::MAX` so `validate` clamps it like any other.
fn read_float(text: &str) -> Result<f32, String> {
    let value = parse_f32(text).ok_or_else(|| "is not a number".to_string())?;
    if value.is_infinite() && parse_f64(text).is_some_and(f64::is_finite) {
        return Ok(f32::MAX.copysign(value));
    }
    Ok(value)
}

fn read_bool(text: &str) -> Result<bool, String> {
    match text {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err("is not 0 or 1".into()),
    }
}

/// One of `all`, by its share-link name.
fn read_enum<T: Copy>(text: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|v| name(*v) == text)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|v| name(*v)).collect();
            format!("is not one of {}", names.join(", "))
        })
}
