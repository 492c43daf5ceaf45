//! Whole share links: the run's config keys (`query.rs`) plus the page-only keys that
//! say how the page shows the run (embedding, which charts and controls, theme...),
//! read by one parser and printed in one canonical form (docs/share-links.md).
//!
//! The `vgp` command reads links with the same parser and ignores the page keys.

use super::compare;
use super::{decode, ConfigWarning};
use super::{parse_query, Config};

/// The charts a page can show, by their link names (`panels=`), in page order.
pub const PANELS: [&str; 12] = [
    "diagnosis",
    "heatmap",
    "network",
    "profile",
    "gains",
    "loss",
    "weights",
    "updates",
    "boundary",
    "health",
    "distributions",
    "sweep",
];

/// The controls an embed can keep (`controls=`), besides every config key (its own
/// setting): `run` is Play, Step and Reset together (as in links before the others had
/// names), `play`, `step` and `reset` each alone; `speed` the speed select, `story` the
/// Story picker, `readout` the epoch counter and the newest epoch's numbers, `compare`
/// the compare bar, `link` Copy link, Embed and Tour, `export` the CSV and JSON
/// downloads, `switches` the charts' own switches (relative heatmap, log loss, the
/// weights' change, the depth sweep's button), `png` the charts' PNG buttons, `tables`
/// the charts' Table buttons (and their tables) and the profile's Listen, `remedies` the
/// diagnosis's remedy buttons. An embed without `controls=` keeps `run` and `readout`.
pub const CONTROL_GROUPS: [&str; 14] = [
    "run", "play", "step", "reset", "speed", "story", "readout", "compare", "link", "export",
    "switches", "png", "tables", "remedies",
];

/// What an embed keeps when its link has no `controls=`.
pub const EMBED_CONTROLS: [&str; 2] = ["run", "readout"];

/// The page-only keys, in canonical order.
pub const PAGE_KEYS: [&str; 9] = [
    "embed", "panels", "controls", "autoplay", "theme", "resize", "frame", "parent", "tour",
];

/// A colour theme forced by the link (otherwise the system's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// How the page reports its size to the page around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resize {
    /// Also send Canvas LMS's `lti.frameResize` message.
    Lti,
}

/// Everything a link says about the page rather than the run. Defaults: the full page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageOptions {
    /// Compact layout for an iframe, and the page never writes its own address.
    pub embed: bool,
    /// The charts shown (an allow-list, in `PANELS` order); None shows all.
    pub panels: Option<Vec<String>>,
    /// The controls kept: `run` and/or config keys; Some(empty) is `controls=none`.
    pub controls: Option<Vec<String>>,
    /// Train while visible.
    pub autoplay: bool,
    pub theme: Option<Theme>,
    pub resize: Option<Resize>,
    /// The name every message of this frame carries.
    pub frame: Option<String>,
    /// The only origin whose messages are obeyed.
    pub parent: Option<String>,
    /// Show the guided tour (in embeds it is off unless asked for).
    pub tour: bool,
}

/// A whole link read: the run's config, the page's options, and every warning (the
/// config's and the page keys'), in the order of the entries they are about.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub config: Config,
    /// The second configuration of a comparison (`b.` keys, or `b=1`), aligned with
    /// `config`'s data, seed and epoch limit (compare.rs); None shows one run.
    pub b: Option<Config>,
    pub page: PageOptions,
    pub warnings: Vec<ConfigWarning>,
}

/// What the "Embed" dialog lets a teacher choose beside the link itself.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedChoice {
    /// CSS width of the frame, e.g. "100%" or "640px".
    pub width: String,
    /// Height in pixels (`embed.js` then keeps it fitted to the content).
    pub height: u32,
    /// Also include the `embed.js` host script.
    pub host_script: bool,
}

impl Link {
    /// A ready `<iframe>` for course notes: `page_url` (the playground's address without
    /// its fragment) with this link (made an embed) after `#`. Attribute values are
    /// escaped; the frame is named when the link names it.
    pub fn iframe_snippet(&self, page_url: &str, choice: &EmbedChoice) -> String {
        let mut link = self.clone();
        link.page.embed = true;
        let src = format!("{page_url}#{}", link.to_fragment());
        let name = link
            .page
            .frame
            .as_ref()
            .map(|f| format!(" data-vgp-frame=\"{}\"", attribute(f)))
            .unwrap_or_default();
        let mut html = format!(
            "<iframe src=\"{}\"{name} title=\"Vanishing Gradient Playground\" loading=\"lazy\" style=\"width:{};height:{}px;border:0\"></iframe>",
            attribute(&src),
            attribute(&choice.width),
            choice.height
        );
        if choice.host_script {
            let base = page_url.rsplit_once('/').map_or(page_url, |(dir, _)| dir);
            html.push_str(&format!(
                "\n<script src=\"{}/embed.js\"></script>",
                attribute(base)
            ));
        }
        html
    }

    /// The canonical link text: the config's canonical query, then the page keys that
    /// differ from the defaults, in `PAGE_KEYS` order. The default link is "".
    pub fn to_fragment(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let query = self.config.to_query();
        if !query.is_empty() {
            parts.push(query);
        }
        if let Some(b) = &self.b {
            parts.push(compare::to_fragment(&self.config, b));
        }
        let p = &self.page;
        let list = |v: &Vec<String>| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(",")
            }
        };
        if p.embed {
            parts.push("embed=1".into());
        }
        if let Some(panels) = &p.panels {
            parts.push(format!("panels={}", list(panels)));
        }
        if let Some(controls) = &p.controls {
            parts.push(format!("controls={}", list(controls)));
        }
        if p.autoplay {
            parts.push("autoplay=1".into());
        }
        match p.theme {
            Some(Theme::Light) => parts.push("theme=light".into()),
            Some(Theme::Dark) => parts.push("theme=dark".into()),
            None => {}
        }
        if p.resize == Some(Resize::Lti) {
            parts.push("resize=lti".into());
        }
        if let Some(frame) = &p.frame {
            parts.push(format!("frame={}", encode(frame)));
        }
        if let Some(parent) = &p.parent {
            parts.push(format!("parent={}", encode(parent)));
        }
        if p.tour {
            parts.push("tour=1".into());
        }
        parts.join("&")
    }
}

/// Read a whole link (its query or fragment, with or without a leading `?` or `#`).
/// Never fails: config keys go through `parse_query`; page keys with a bad value keep
/// their default (or drop the bad names of a list) with a warning; the first
/// occurrence of a key wins.
pub fn parse_link(text: &str) -> Link {
    let text = text.strip_prefix(['?', '#']).unwrap_or(text);
    let mut page = PageOptions::default();
    let mut config_entries: Vec<&str> = Vec::new();
    // (entry position, warning); config warnings get the position of their entry.
    let mut page_warnings: Vec<(usize, ConfigWarning)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut config_positions: Vec<usize> = Vec::new();
    // B's entries (`b.` taken off), and whether `b=1` asked for a comparison.
    let mut b_entries: Vec<(usize, &str)> = Vec::new();
    let mut b_flag: Option<bool> = None;
    for (index, entry) in text.split('&').enumerate() {
        let raw_key = entry.split_once('=').map_or(entry, |(k, _)| k);
        let (key, _) = decode(raw_key);
        if let Some(rest) = entry.strip_prefix(compare::PREFIX) {
            b_entries.push((index, rest));
            continue;
        }
        if key == "b" {
            let (value, _) = decode(entry.split_once('=').map_or("", |(_, v)| v));
            if let Some(warning) = compare::read_flag(&value, &mut b_flag) {
                page_warnings.push((index, warning));
            }
            continue;
        }
        let Some(page_key) = PAGE_KEYS.iter().copied().find(|k| *k == key) else {
            if !entry.is_empty() {
                config_entries.push(entry);
                config_positions.push(index);
            }
            continue;
        };
        let (value, problem) = decode(entry.split_once('=').map_or("", |(_, v)| v));
        if seen.contains(&page_key) {
            let message =
                format!("{page_key}: \"{value}\" is a repeat (the first {page_key} wins)");
            page_warnings.push((index, ConfigWarning::ignored(page_key, &value, message)));
            continue;
        }
        seen.push(page_key);
        if let Some(problem) = problem {
            let message = format!("{page_key}: \"{value}\" {problem}; ignored");
            page_warnings.push((index, ConfigWarning::ignored(page_key, &value, message)));
            continue;
        }
        for warning in set_page_key(&mut page, page_key, &value) {
            page_warnings.push((index, warning));
        }
    }
    let (config, config_warnings) = parse_query(&config_entries.join("&"));
    // parse_query's warnings come in the order of its entries; give each the position
    // of its entry in the whole link by matching keys in order.
    let mut warnings: Vec<(usize, ConfigWarning)> = page_warnings;
    let mut cursor = 0;
    for w in config_warnings {
        let position = config_entries
            .iter()
            .enumerate()
            .skip(cursor)
            .find(|(_, e)| {
                let (k, _) = decode(e.split_once('=').map_or(e, |(k, _)| k));
                k == w.key
            })
            .map(|(i, _)| i);
        let index = match position {
            Some(i) => {
                cursor = i;
                config_positions[i]
            }
            None => usize::MAX,
        };
        warnings.push((index, w));
    }
    // A comparison is on when the link has `b.` keys or says `b=1` (and no `b=0`).
    let b = match (b_flag, b_entries.is_empty()) {
        (Some(true), _) | (None, false) => {
            let (b, b_warnings) = compare::parse_b(&config, &b_entries);
            warnings.extend(b_warnings);
            Some(b)
        }
        _ => None,
    };
    crate::sorting::sort_by_key(&mut warnings, |(i, _)| *i);
    Link {
        config,
        b,
        page,
        warnings: warnings.into_iter().map(|(_, w)| w).collect(),
    }
}

/// Apply one page key; returns the warnings about its value.
fn set_page_key(page: &mut PageOptions, key: &'static str, value: &str) -> Vec<ConfigWarning> {
    let flag = |value: &str| match value {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    };
    let bad = |reason: &str, used: &str| vec![ConfigWarning::replaced(key, value, reason, used)];
    match key {
        "embed" | "autoplay" | "tour" => match flag(value) {
            Some(on) => {
                match key {
                    "embed" => page.embed = on,
                    "autoplay" => page.autoplay = on,
                    _ => page.tour = on,
                }
                Vec::new()
            }
            None => bad("is not 0 or 1", "0"),
        },
        "theme" => {
            page.theme = match value {
                "light" => Some(Theme::Light),
                "dark" => Some(Theme::Dark),
                "auto" | "" => None,
                _ => return bad("is not light, dark or auto", "auto"),
            };
            Vec::new()
        }
        "resize" => {
            page.resize = match value {
                "lti" => Some(Resize::Lti),
                "" => None,
                _ => return bad("is not a known resize protocol (lti)", ""),
            };
            Vec::new()
        }
        "frame" | "parent" => {
            // Plain text of printable characters, at most 200 of them.
            let ok = !value.is_empty()
                && value.chars().count() <= 200
                && value.chars().all(|c| !c.is_control());
            if !ok {
                return vec![ConfigWarning::ignored(
                    key,
                    value,
                    format!(
                        "{key}: \"{}\" is not a name of 1 to 200 printable characters; ignored",
                        shorten(value)
                    ),
                )];
            }
            let value = Some(value.to_string());
            if key == "frame" {
                page.frame = value;
            } else {
                page.parent = value;
            }
            Vec::new()
        }
        "panels" => {
            // A list that names no chart the page knows would leave a blank frame: then
            // every chart shows (with the warnings saying why).
            let (names, warnings) = name_list(key, value, &PANELS, &[]);
            page.panels = (!names.is_empty()).then_some(names);
            warnings
        }
        _ => {
            // controls: `none`, `run`, or config keys.
            let keys: Vec<&str> = super::query::KEYS.to_vec();
            let (names, warnings) = name_list(key, value, &CONTROL_GROUPS, &keys);
            page.controls = Some(names);
            warnings
        }
    }
}

/// A comma-separated allow-list: known names kept in canonical order (`first` then
/// `then`), unknown ones dropped with a warning each; `none` (or nothing) is empty.
fn name_list(
    key: &str,
    value: &str,
    first: &[&str],
    then: &[&str],
) -> (Vec<String>, Vec<ConfigWarning>) {
    let mut warnings = Vec::new();
    let mut asked: Vec<&str> = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "none" {
            continue;
        }
        if first.contains(&name) || then.contains(&name) {
            asked.push(name);
        } else {
            let message = format!(
                "{key}: unknown name \"{}\" ignored (known: {})",
                shorten(name),
                first
                    .iter()
                    .chain(then)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            warnings.push(ConfigWarning::ignored(key, name, message));
        }
    }
    let names = first
        .iter()
        .chain(then)
        .filter(|n| asked.contains(n))
        .map(|n| n.to_string())
        .collect();
    (names, warnings)
}

/// At most 40 characters of `text` for a message (a link may hold kilobytes of junk).
fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(40).collect::<String>())
    }
}

/// Percent-encode a free-text value (frame names, origins) for the link.
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escape text for an HTML attribute value in double quotes.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
