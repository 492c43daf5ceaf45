//! Share-link queries: printing a `Config` in its one canonical form (see
//! docs/share-links.md), and the warnings of reading one (`vgp::config::parse_query`,
//! in the `vgp` crate's `config/parse.rs`, reads any text into a valid `Config`).

use std::fmt;

use super::{Activation, Config, DatasetKind, Init, OptimizerKind};
use crate::numtext::f32_text;

/// A problem with one field of a share link (or of a config built in code),
/// and what was done about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The key as written (for an entry without `=`, the whole entry).
    pub key: String,
    /// The value as given, percent-decoded; for configs built in code, the field printed.
    pub given: String,
    /// The value used instead, in share-link spelling; empty when the entry was ignored.
    pub used: String,
    /// The whole sentence for people, e.g. `depth: "500" is above the maximum 100; using 100`.
    /// `Display` prints exactly this.
    pub message: String,
}

impl ConfigWarning {
    /// `given` for `key` was not usable as is (`reason`); `used` took its place.
    pub fn replaced(key: &str, given: &str, reason: &str, used: &str) -> Self {
        ConfigWarning {
            key: key.to_string(),
            given: given.to_string(),
            used: used.to_string(),
            message: format!("{key}: \"{given}\" {reason}; using {used}"),
        }
    }

    /// The entry `key=given` was dropped entirely; `message` says why.
    pub fn ignored(key: &str, given: &str, message: String) -> Self {
        ConfigWarning {
            key: key.to_string(),
            given: given.to_string(),
            used: String::new(),
            message,
        }
    }
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The config keys in canonical order. The format version `v` is not among
/// them: it is accepted but never printed, and absent means 1.
pub const KEYS: [&str; 19] = [
    "data", "n", "noise", "test", "depth", "width", "act", "leak", "init", "scale", "bn", "res",
    "opt", "lr", "mom", "batch", "clip", "epochs", "seed",
];

/// The only share-link format version so far.
pub const VERSION: &str = "1";

impl Config {
    /// The canonical share-link query: `key=value` for every field that differs
    /// from `Config::default()`, in the fixed key order, joined by `&`, without
    /// a leading `?` and without `v`. The default config gives "". Floats use
    /// the shortest text that reads back to the same `f32`, so for any valid
    /// config `parse_query(&c.to_query())` gives back `c` with no warnings.
    pub fn to_query(&self) -> String {
        let defaults = Config::default().fields();
        let mut parts = Vec::new();
        for ((key, text), (_, default_text)) in self.fields().into_iter().zip(defaults) {
            if text != default_text {
                // Every value is printed from [a-z0-9_.], so none needs escaping.
                parts.push(format!("{key}={text}"));
            }
        }
        parts.join("&")
    }

    /// Every share-link key with its value's canonical text, in the canonical order
    /// (booleans as `0`/`1`). The page uses this to show a config in its form.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        KEYS.iter()
            .map(|&key| (key, field_text(self, key)))
            .collect()
    }
}

/// Field `key` in share-link spelling (for `v`, the version).
pub fn field_text(c: &Config, key: &str) -> String {
    let bit = |b: bool| if b { "1" } else { "0" }.to_string();
    match key {
        "data" => dataset_name(c.data).into(),
        "n" => c.n.to_string(),
        "noise" => f32_text(c.noise),
        "test" => f32_text(c.test),
        "depth" => c.depth.to_string(),
        "width" => c.width.to_string(),
        "act" => activation_name(c.act).into(),
        "leak" => f32_text(c.leak),
        "init" => init_name(c.init).into(),
        "scale" => f32_text(c.scale),
        "bn" => bit(c.bn),
        "res" => bit(c.res),
        "opt" => optimizer_name(c.opt).into(),
        "lr" => f32_text(c.lr),
        "mom" => f32_text(c.mom),
        "batch" => c.batch.to_string(),
        "clip" => f32_text(c.clip),
        "epochs" => c.epochs.to_string(),
        "seed" => c.seed.to_string(),
        _ => VERSION.into(),
    }
}

// Share-link names: the serde snake_case names of the enums (the integration
// test checks they agree). The matches are exhaustive so a new variant fails to
// compile here; it must then also be added to its type's `ALL` list.

pub fn dataset_name(d: DatasetKind) -> &'static str {
    use DatasetKind::*;
    match d {
        Circle => "circle",
        Xor => "xor",
        Gauss => "gauss",
        Spiral => "spiral",
        Moons => "moons",
        Sine => "sine",
        Digits => "digits",
    }
}

pub fn activation_name(a: Activation) -> &'static str {
    use Activation::*;
    match a {
        Sigmoid => "sigmoid",
        Tanh => "tanh",
        Relu => "relu",
        LeakyRelu => "leaky_relu",
        Elu => "elu",
        Selu => "selu",
        Linear => "linear",
    }
}

pub fn init_name(i: Init) -> &'static str {
    use Init::*;
    match i {
        Zeros => "zeros",
        Normal => "normal",
        Uniform => "uniform",
        GlorotUniform => "glorot_uniform",
        GlorotNormal => "glorot_normal",
        HeUniform => "he_uniform",
        HeNormal => "he_normal",
        LecunNormal => "lecun_normal",
    }
}

pub fn optimizer_name(o: OptimizerKind) -> &'static str {
    match o {
        OptimizerKind::Sgd => "sgd",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Adam => "adam",
    }
}
