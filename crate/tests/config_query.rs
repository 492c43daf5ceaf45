//! Share-link queries: canonical printing, exact round trips, hostile input, validation and the parameter budget.

use proptest::prelude::*;
use vgp::config::{
    limits, parse_query, Activation, Config, ConfigWarning, DatasetKind, Init, OptimizerKind,
};

const KEYS: [&str; 20] = [
    "v", "data", "n", "noise", "test", "depth", "width", "act", "leak", "init", "scale", "bn",
    "res", "opt", "lr", "mom", "batch", "clip", "epochs", "seed",
];

/// A config from JSON (missing fields default), built without the query code.
fn json(text: &str) -> Config {
    serde_json::from_str(text).unwrap()
}

/// Parses `q` and insists on exactly one warning, which is returned.
fn one_warning(q: &str) -> (Config, ConfigWarning) {
    let (config, mut warnings) = parse_query(q);
    assert_eq!(warnings.len(), 1, "{q}: {warnings:?}");
    let warning = warnings.remove(0);
    assert_eq!(warning.to_string(), warning.message);
    (config, warning)
}

/// Asserts the warning's fields and its sentence.
fn check(w: &ConfigWarning, [key, given, used]: [&str; 3], message: &str) {
    assert_eq!(
        [w.key.as_str(), w.given.as_str(), w.used.as_str()],
        [key, given, used]
    );
    assert_eq!(w.to_string(), message);
}

fn assert_round_trip(c: &Config) {
    let q = c.to_query();
    let (back, warnings) = parse_query(&q);
    assert!(warnings.is_empty(), "{q}: {warnings:?}");
    assert_eq!(&back, c, "{q}");
    // The canonical form is a fixed point.
    assert_eq!(back.to_query(), q);
}

#[test]
fn default_config_is_the_empty_query() {
    assert_eq!(Config::default().to_query(), "");
    for q in ["", "?", "#", "&&", "?&", "v=1", "#v=1&"] {
        assert_eq!(parse_query(q), (Config::default(), vec![]), "{q}");
    }
}

#[test]
fn canonical_order_and_spelling() {
    let c = Config {
        seed: 7,
        data: DatasetKind::Digits,
        act: Activation::LeakyRelu,
        init: Init::HeNormal,
        opt: OptimizerKind::Adam,
        lr: 0.003,
        bn: true,
        width: 64,
        clip: 1.5,
        ..Config::default()
    };
    assert_eq!(
        c.to_query(),
        "data=digits&width=64&act=leaky_relu&init=he_normal&bn=1&opt=adam&lr=0.003&clip=1.5&seed=7"
    );
    // Order, `?`, `true` and escapes in the input do not matter.
    let (read, warnings) = parse_query(
        "?seed=7&clip=1.5&lr=0.003&opt=adam&bn=true&width=64&init=he%5Fnormal&act=leaky_relu&data=digits",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(read, c);
}

#[test]
fn documented_examples_are_canonical() {
    for q in [
        "depth=30&act=relu&init=he_normal",
        "depth=30",
        "data=digits&depth=20&width=64&bn=1&opt=adam&lr=0.001&seed=7",
    ] {
        let (c, warnings) = parse_query(&format!("?{q}"));
        assert!(warnings.is_empty(), "{q}: {warnings:?}");
        assert_eq!(c.to_query(), q);
    }
}

#[test]
fn hand_picked_configs_round_trip() {
    let configs = [
        json(r#"{"depth": 1, "width": 1}"#),
        json(r#"{"depth": 100, "width": 16, "bn": true, "res": true}"#),
        json(r#"{"noise": 0, "test": 0.05, "leak": 1, "mom": 0.999}"#),
        json(r#"{"n": 10, "batch": 5000, "clip": 1e6, "epochs": 10000000}"#),
        json(r#"{"scale": 1e-6, "lr": 1e-6, "seed": 0}"#),
        json(r#"{"scale": 100, "lr": 10, "seed": 18446744073709551615}"#),
        json(r#"{"noise": 1e-40, "lr": 0.10000001, "test": 0.33333334}"#),
        json(r#"{"data": "sine", "act": "linear", "init": "zeros"}"#),
        json(r#"{"opt": "momentum", "mom": 0.5}"#),
    ];
    for c in &configs {
        assert_ne!(c, &Config::default());
        assert_eq!(c.clone().validate().1, vec![], "{c:?} is valid");
        assert_round_trip(c);
    }
}

#[test]
fn enum_spellings_are_the_serde_names() {
    fn entry<T: serde::Serialize>(key: &str, value: T) -> (String, Config) {
        let name = serde_json::to_value(&value).unwrap();
        let config = json(&format!("{{\"{key}\": {name}}}"));
        (format!("{key}={}", name.as_str().unwrap()), config)
    }
    let mut entries = Vec::new();
    entries.extend(DatasetKind::ALL.map(|v| entry("data", v)));
    entries.extend(Activation::ALL.map(|v| entry("act", v)));
    entries.extend(Init::ALL.map(|v| entry("init", v)));
    entries.extend(OptimizerKind::ALL.map(|v| entry("opt", v)));
    assert_eq!(entries.len(), 25);
    for (q, c) in entries {
        assert_eq!(parse_query(&q), (c.clone(), vec![]), "{q}");
        // Defaults print as nothing, everything else as exactly the serde name.
        let expected = if c == Config::default() {
            ""
        } else {
            q.as_str()
        };
        assert_eq!(c.to_query(), expected);
    }
}

/// Hostile queries with exactly one problem: the query, the warning's key,
/// given and used, and its sentence.
#[rustfmt::skip]
const HOSTILE: &[(&str, [&str; 3], &str)] = &[
    // Not finite: the default stays.
    ("lr=NaN", ["lr", "NaN", "0.1"], r#"lr: "NaN" is not a finite number; using 0.1"#),
    ("noise=inf", ["noise", "inf", "0.1"], r#"noise: "inf" is not a finite number; using 0.1"#),
    ("scale=1e999", ["scale", "1e999", "1"], r#"scale: "1e999" is not a finite number; using 1"#),
    // Out of range: clamped. 1e39 is finite, merely beyond f32.
    ("depth=500", ["depth", "500", "100"], r#"depth: "500" is above the maximum 100; using 100"#),
    ("lr=1e39", ["lr", "1e39", "10"], r#"lr: "1e39" is above the maximum 10; using 10"#),
    ("scale=0", ["scale", "0", "0.000001"], r#"scale: "0" is below the minimum 0.000001; using 0.000001"#),
    ("n=3", ["n", "3", "10"], r#"n: "3" is below the minimum 10; using 10"#),
    ("width=0", ["width", "0", "1"], r#"width: "0" is below the minimum 1; using 1"#),
    ("mom=1", ["mom", "1", "0.999"], r#"mom: "1" is above the maximum 0.999; using 0.999"#),
    ("test=0.95", ["test", "0.95", "0.9"], r#"test: "0.95" is above the maximum 0.9; using 0.9"#),
    ("depth=99999999999999999999999", ["depth", "99999999999999999999999", "100"],
        r#"depth: "99999999999999999999999" is above the maximum 100; using 100"#),
    // Malformed: the default stays.
    ("depth=-5", ["depth", "-5", "10"], r#"depth: "-5" is negative; using 10"#),
    ("noise=-0.5", ["noise", "-0.5", "0.1"], r#"noise: "-0.5" is negative; using 0.1"#),
    ("width=2.5", ["width", "2.5", "16"], r#"width: "2.5" is not a whole number; using 16"#),
    ("batch=", ["batch", "", "32"], r#"batch: "" is not a number; using 32"#),
    ("bn=2", ["bn", "2", "0"], r#"bn: "2" is not 0 or 1; using 0"#),
    ("act=softsign", ["act", "softsign", "sigmoid"],
        r#"act: "softsign" is not one of sigmoid, tanh, relu, leaky_relu, elu, selu, linear; using sigmoid"#),
    ("seed=18446744073709551616", ["seed", "18446744073709551616", "1"],
        r#"seed: "18446744073709551616" is above the largest seed 18446744073709551615; using 1"#),
    // Encoding.
    ("width=3%zz", ["width", "3%zz", "16"], r#"width: "3%zz" has a bad percent escape; using 16"#),
    ("lr=%", ["lr", "%", "0.1"], r#"lr: "%" has a bad percent escape; using 0.1"#),
    ("act=%FF", ["act", "\u{FFFD}", "sigmoid"],
        "act: \"\u{FFFD}\" is not valid UTF-8 once percent-decoded; using sigmoid"),
    ("opt=a+b", ["opt", "a b", "sgd"], r#"opt: "a b" is not one of sgd, momentum, adam; using sgd"#),
    // Keys: repeated (first wins, even when clamped), unknown, without value, version.
    ("depth=3&depth=5", ["depth", "5", "3"], r#"depth: "5" is a repeat (the first depth wins); using 3"#),
    ("bn=1&bn=0", ["bn", "0", "1"], r#"bn: "0" is a repeat (the first bn wins); using 1"#),
    ("foo=1", ["foo", "1", ""], r#"unknown key "foo" (value "1") ignored"#),
    ("DEPTH=3", ["DEPTH", "3", ""], r#"unknown key "DEPTH" (value "3") ignored"#),
    ("bn", ["bn", "", ""], r#""bn" has no "=value"; ignored"#),
    ("v=2", ["v", "2", "1"], r#"v: "2" is a newer link format than this page knows (read as far as possible); using 1"#),
    ("v=x", ["v", "x", "1"], r#"v: "x" is not a known format version; using 1"#),
];

#[test]
fn hostile_queries_warn_exactly() {
    for (q, fields, message) in HOSTILE {
        let (c, w) = one_warning(q);
        check(&w, *fields, message);
        // The config is exactly what writing the used value would have given.
        let [key, _, used] = fields;
        let expected = if used.is_empty() {
            String::new()
        } else {
            format!("{key}={used}")
        };
        assert_eq!(parse_query(&expected), (c, vec![]), "{q}");
    }
    assert_eq!(parse_query("seed=18446744073709551615").0.seed, u64::MAX);
    assert_eq!(parse_query("data=%73ine").0.data, DatasetKind::Sine);
}

#[test]
fn first_occurrence_wins_even_when_clamped() {
    let (c, ws) = parse_query("depth=500&depth=5");
    assert_eq!(c.depth, 100);
    assert_eq!(ws.len(), 2);
    assert_eq!((ws[1].given.as_str(), ws[1].used.as_str()), ("5", "100"));
}

#[test]
fn warnings_come_in_input_order() {
    let (c, ws) = parse_query("foo=1&lr=NaN&depth=500&width=x&depth=2&res=1");
    let keys: Vec<&str> = ws.iter().map(|w| w.key.as_str()).collect();
    assert_eq!(keys, ["foo", "lr", "depth", "width", "depth"]);
    assert!(c.res, "valid keys are kept");
}

#[test]
fn parameter_count_formula() {
    // Default: spiral (2 in, 1 out), depth 10, width 16, no bn.
    let d = Config::default();
    assert_eq!((d.inputs(), d.outputs()), (2, 1));
    assert_eq!(
        d.parameter_count(),
        16 * 2 + 16 + 9 * (16 * 16 + 16) + 16 + 1
    );
    let c = json(r#"{"data": "digits", "depth": 2, "width": 5, "bn": true}"#);
    assert_eq!((c.inputs(), c.outputs()), (64, 10));
    assert_eq!(
        c.parameter_count(),
        (5 * 64 + 3 * 5) + (5 * 5 + 3 * 5) + (10 * 5 + 10)
    );
    let s = json(r#"{"data": "sine", "depth": 1, "width": 3}"#);
    assert_eq!((s.inputs(), s.parameter_count()), (1, 3 + 3 + 3 + 1));
}

#[test]
fn parameter_budget_narrows_the_network() {
    let (c, w) = one_warning("data=digits&depth=100&width=256");
    let with_width = |width| Config { width, ..c.clone() }.parameter_count();
    let needed = with_width(256);
    assert_eq!(needed, 256 * 65 + 99 * 256 * 257 + 10 * 257);
    // The figures quoted in docs/share-links.md.
    assert_eq!((needed, c.parameter_count()), (6_532_618, 1_992_763));
    let message = format!(
        "width: \"256\" would make {needed} parameters at depth 100, above the budget of 2000000; using 141"
    );
    check(&w, ["width", "256", "141"], &message);
    assert_eq!((c.depth, c.width), (100, 141));
    assert!(c.parameter_count() <= limits::MAX_PARAMETERS);
    assert!(
        with_width(142) > limits::MAX_PARAMETERS,
        "141 is the largest fit"
    );
    // Batch norm costs parameters too, so the fit is narrower; one warning even when
    // the width was also above its range.
    let (c, w) = one_warning("data=digits&depth=100&width=1000&bn=1");
    assert_eq!((w.key.as_str(), w.given.as_str()), ("width", "1000"));
    assert_eq!(w.used, c.width.to_string());
    assert!(c.width < 141 && c.parameter_count() <= limits::MAX_PARAMETERS);
    let wider = Config {
        width: c.width + 1,
        ..c.clone()
    };
    assert!(wider.parameter_count() > limits::MAX_PARAMETERS);
    assert_round_trip(&c);
}

#[test]
fn validate_applies_the_same_rules_to_code_built_configs() {
    let c = json(r#"{"lr": 50, "depth": 0, "mom": -0.5, "width": 300}"#);
    let (valid, ws) = c.validate();
    let summary: Vec<(&str, &str, &str)> = ws
        .iter()
        .map(|w| (w.key.as_str(), w.given.as_str(), w.used.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("depth", "0", "1"),
            ("lr", "50", "10"),
            ("mom", "-0.5", "0.9"),
            ("width", "300", "256")
        ]
    );
    assert_eq!(
        (valid.depth, valid.lr, valid.mom, valid.width),
        (1, 10.0, 0.9, 256)
    );
    let nan = Config {
        clip: f32::NAN,
        ..Config::default()
    };
    let (valid, ws) = nan.validate();
    assert_eq!(valid.clip, 0.0);
    check(
        &ws[0],
        ["clip", "NaN", "0"],
        "clip: \"NaN\" is not a finite number; using 0",
    );
    assert_eq!(Config::default().validate(), (Config::default(), vec![]));
    // Every field the rules touch carries its corrected value into the config.
    let (valid, ws) = json(r#"{"batch": 0, "epochs": 99999999999, "n": 3}"#).validate();
    assert_eq!(
        (valid.batch, valid.epochs, valid.n),
        (1, 10_000_000, 10),
        "{ws:?}"
    );
    let (valid, ws) = json(
        r#"{"noise": 20, "test": 0.99, "leak": 5, "scale": 1000, "clip": 1e9, "mom": 2, "depth": 500}"#,
    )
    .validate();
    assert_eq!(ws.len(), 7, "{ws:?}");
    assert_eq!(
        (valid.noise, valid.test, valid.leak, valid.scale),
        (10.0, 0.9, 1.0, 100.0)
    );
    assert_eq!((valid.clip, valid.mom, valid.depth), (1e6, 0.999, 100));
}

/// The exact sentences of the whole-number checks and of the parameter budget.
#[test]
fn whole_number_and_budget_messages_are_exact() {
    let (_, w) = one_warning("depth=inf");
    check(
        &w,
        ["depth", "inf", "10"],
        "depth: \"inf\" is not a finite number; using 10",
    );
    let (_, w) = one_warning("depth=0.0");
    check(
        &w,
        ["depth", "0.0", "10"],
        "depth: \"0.0\" is not a whole number; using 10",
    );
    let (_, w) = one_warning("depth=-2");
    check(
        &w,
        ["depth", "-2", "10"],
        "depth: \"-2\" is negative; using 10",
    );
    let (_, w) = one_warning("data=digits&depth=100&width=256");
    check(
        &w,
        ["width", "256", "141"],
        "width: \"256\" would make 6532618 parameters at depth 100, above the budget of 2000000; using 141",
    );
}

/// The budget sentence counts the parameters of the width asked for, even above 256.
#[test]
fn the_budget_names_the_parameters_of_the_width_asked_for() {
    let (_, w) = one_warning_of("data=digits&depth=100&width=300", "width");
    let needed = Config {
        data: vgp::config::DatasetKind::Digits,
        depth: 100,
        width: 300,
        ..Config::default()
    }
    .parameter_count();
    assert!(
        w.message
            .contains(&format!("would make {needed} parameters")),
        "{}",
        w.message
    );
}

/// The one warning about `key` that reading `q` gives.
fn one_warning_of(q: &str, key: &str) -> (Config, ConfigWarning) {
    let (c, ws) = parse_query(q);
    let mut about: Vec<ConfigWarning> = ws.into_iter().filter(|w| w.key == key).collect();
    assert_eq!(about.len(), 1, "{q}: {about:?}");
    (c, about.remove(0))
}

/// The memory rule counts the samples a minibatch can hold: digits always has 1,797
/// whatever `n` says; the other sets have `n`.
#[test]
fn the_batch_rule_counts_the_dataset_samples() {
    let (digits, ws) = parse_query("data=digits&n=10&batch=1000&depth=100&width=256");
    assert_eq!(digits.batch, 297, "{ws:?}");
    assert!(ws.iter().any(|w| w.key == "batch"), "{ws:?}");
    let (small, ws) = parse_query("n=50&batch=1000&depth=100&width=256");
    assert_eq!(small.batch, 1000, "{ws:?}");
    assert!(!ws.iter().any(|w| w.key == "batch"), "{ws:?}");
}

/// Any f32 in `[min, max]`, favouring the ends and spanning every magnitude
/// (subnormals included when `min` is 0): random exponent bits, then mantissa bits.
fn float_in(min: f32, max: f32) -> impl Strategy<Value = f32> {
    let exponent = |x: f32| x.to_bits() >> 23;
    let bits = (exponent(min)..=exponent(max), 0u32..(1 << 23))
        .prop_map(|(e, m)| f32::from_bits((e << 23) | m))
        .prop_filter("in range", move |x| *x >= min && *x <= max);
    prop_oneof![Just(min), Just(max), min..=max, bits]
}

fn valid_config() -> impl Strategy<Value = Config> {
    use prop::sample::select;
    let enums = (
        select(DatasetKind::ALL.to_vec()),
        select(Activation::ALL.to_vec()),
        select(Init::ALL.to_vec()),
        select(OptimizerKind::ALL.to_vec()),
        any::<(bool, bool)>(),
    );
    let floats = (
        float_in(0.0, 10.0),
        float_in(0.05, 0.9),
        float_in(0.0, 1.0),
        float_in(1e-6, 100.0),
        float_in(1e-6, 10.0),
        float_in(0.0, 0.999),
        float_in(0.0, 1e6),
    );
    let (samples, depth, width) = (10usize..=5000, 1usize..=100, 1usize..=256);
    let counts = (
        samples,
        depth,
        width,
        1usize..=5000,
        0usize..=10_000_000,
        any::<u64>(),
    );
    (enums, floats, counts).prop_map(|(e, f, c)| {
        #[rustfmt::skip]
        let config = Config {
            data: e.0, act: e.1, init: e.2, opt: e.3, bn: e.4 .0, res: e.4 .1,
            noise: f.0, test: f.1, leak: f.2, scale: f.3, lr: f.4, mom: f.5, clip: f.6,
            n: c.0, depth: c.1, width: c.2, batch: c.3, epochs: c.4, seed: c.5,
        };
        // Keep only the part of the space inside the parameter budget.
        config.validate().0
    })
}

/// `key=value&...` from real keys with values of any characters but `&`.
fn garbage_query() -> impl Strategy<Value = String> {
    let entry = (prop::sample::select(KEYS.to_vec()), "[^&]{0,12}");
    prop::collection::vec(entry, 0..10).prop_map(|entries| {
        let parts: Vec<String> = entries.iter().map(|(k, v)| format!("{k}={v}")).collect();
        parts.join("&")
    })
}

/// What every parse result must satisfy: valid, canonical, with readable warnings.
fn assert_sound(q: &str) -> Vec<ConfigWarning> {
    let (c, warnings) = parse_query(q);
    assert_eq!(c.clone().validate().1, vec![], "{q} gave an invalid config");
    assert!(c.parameter_count() <= limits::MAX_PARAMETERS);
    assert_round_trip(&c);
    for w in &warnings {
        assert_eq!(w.to_string(), w.message);
        assert!(!w.message.is_empty());
    }
    warnings
}

proptest! {
    #[test]
    fn valid_configs_round_trip_exactly(c in valid_config()) {
        assert_round_trip(&c);
        prop_assert_eq!(c.clone().validate(), (c, vec![]));
    }

    #[test]
    fn arbitrary_text_never_panics(q in any::<String>()) {
        assert_sound(&q);
    }

    #[test]
    fn query_like_text_warns_only_about_its_own_keys(q in "[?#a-z0-9=&.\\-]{0,60}") {
        // Without `%` or `+`, decoding changes nothing, so every key is a substring.
        for w in assert_sound(&q) {
            prop_assert!(q.contains(&w.key), "{:?} not in {:?}", w.key, q);
        }
    }

    #[test]
    fn garbage_values_warn_only_about_real_keys(q in garbage_query()) {
        for w in assert_sound(&q) {
            prop_assert!(KEYS.contains(&w.key.as_str()), "{:?} from {:?}", w.key, q);
            prop_assert!(q.contains(&format!("{}=", w.key)), "{:?} not given in {:?}", w.key, q);
        }
    }
}

/// A minibatch whose activations would not fit the memory budget is reduced, naming `batch`.
#[test]
fn batch_is_reduced_to_fit_the_activation_budget() {
    let (config, warnings) = parse_query("depth=100&width=200&n=5000&batch=5000");
    assert_eq!(config.batch, (1 << 22) / (100 * config.width));
    assert!(config.batch < 5000);
    let w = warnings
        .iter()
        .find(|w| w.key == "batch")
        .expect("a batch warning");
    assert_eq!(w.given, "5000");
    assert_eq!(w.used, config.batch.to_string());
    // A full batch of a small set needs no change.
    let (config, warnings) = parse_query("n=400&batch=5000");
    assert_eq!(config.batch, 5000);
    assert!(warnings.is_empty(), "{warnings:?}");
}
