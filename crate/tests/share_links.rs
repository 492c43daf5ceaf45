//! Whole share links (config keys and page keys, docs/share-links.md): canonical
//! printing, exact round trips, hostile links, and the fuzz run behind `make fuzz`.

use proptest::prelude::*;
use rand::SeedableRng;
use vgp::config::{parse_link, Config, EmbedChoice, PageOptions, Theme, PAGE_KEYS, PANELS};

/// Every link, once read, prints a canonical text that reads back to the same config
/// and page options with no warnings.
fn assert_canonical(text: &str) {
    let link = parse_link(text);
    let printed = link.to_fragment();
    let again = parse_link(&printed);
    assert!(
        again.warnings.is_empty(),
        "{text:?} -> {printed:?}: {:?}",
        again.warnings
    );
    assert_eq!(again.config, link.config, "{text:?} -> {printed:?}");
    assert_eq!(again.page, link.page, "{text:?} -> {printed:?}");
    assert_eq!(again.b, link.b, "{text:?} -> {printed:?}");
    assert_eq!(again.to_fragment(), printed);
}

#[test]
fn page_keys_read_and_print_canonically() {
    let link = parse_link(
        "#tour=1&panels=loss,heatmap&depth=3&embed=1&theme=dark&controls=lr,run,depth&autoplay=true&frame=fig%203&parent=https://notes.example&resize=lti",
    );
    assert!(link.warnings.is_empty(), "{:?}", link.warnings);
    assert_eq!(link.config.depth, 3);
    let p = &link.page;
    assert!(p.embed && p.autoplay && p.tour);
    assert_eq!(p.theme, Some(Theme::Dark));
    // Allow-lists come out in canonical order.
    assert_eq!(
        p.panels.as_deref(),
        Some(&["heatmap".to_string(), "loss".to_string()][..])
    );
    assert_eq!(
        p.controls.as_deref(),
        Some(&["run".to_string(), "depth".to_string(), "lr".to_string()][..])
    );
    assert_eq!(p.frame.as_deref(), Some("fig 3"));
    assert_eq!(
        link.to_fragment(),
        "depth=3&embed=1&panels=heatmap,loss&controls=run,depth,lr&autoplay=1&theme=dark&resize=lti&frame=fig%203&parent=https://notes.example&tour=1"
    );
    assert_canonical(&link.to_fragment());
    assert_eq!(parse_link("").to_fragment(), "");
    assert_eq!(parse_link("controls=none").page.controls, Some(Vec::new()));
    assert_eq!(parse_link("controls=none").to_fragment(), "controls=none");
    assert_eq!(PANELS.len(), 12);
    assert_eq!(PAGE_KEYS.len(), 9);
}

#[test]
fn bad_page_values_warn_and_keep_everything_else() {
    let link =
        parse_link("depth=4&panels=loss,radar,heatmap&theme=purple&embed=2&act=relu&embed=1");
    assert_eq!(link.config.depth, 4);
    assert_eq!(link.config.act, vgp::config::Activation::Relu);
    assert_eq!(
        link.page.panels.as_deref(),
        Some(&["heatmap".to_string(), "loss".to_string()][..])
    );
    assert_eq!(link.page.theme, None);
    assert!(
        !link.page.embed,
        "the first (bad) embed wins and keeps the default"
    );
    let keys: Vec<(&str, &str)> = link
        .warnings
        .iter()
        .map(|w| (w.key.as_str(), w.given.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("panels", "radar"),
            ("theme", "purple"),
            ("embed", "2"),
            ("embed", "1")
        ]
    );
    assert!(link.warnings[0].message.contains("unknown name \"radar\""));
}

#[test]
fn a_newer_format_is_read_as_far_as_possible() {
    let link = parse_link("v=2&depth=5&sparkles=1");
    assert_eq!(link.config.depth, 5);
    assert!(
        link.warnings
            .iter()
            .any(|w| w.key == "v" && w.message.contains("newer")),
        "{:?}",
        link.warnings
    );
}

/// Hostile links: markup, huge and non-finite numbers, repeats, broken escapes, junk.
#[test]
fn hostile_links_warn_and_never_panic() {
    let junk: String = (0..10_000)
        .map(|i| char::from(b'!' + (i * 7 % 90) as u8))
        .collect();
    let cases = [
        "depth=<script>alert(1)</script>",
        "panels=<img src=x onerror=alert(1)>",
        "lr=1e999&n=-5&depth=99999999999999999999999",
        "noise=NaN&scale=inf&width=256&depth=100",
        "depth=3&depth=4&depth=5",
        "act=%ZZ&embed=%FF&frame=%E2%82",
        junk.as_str(),
        "&&&=&==&%&#&?",
    ];
    for text in cases {
        let link = parse_link(text);
        assert!(!link.warnings.is_empty(), "{text:.60}: no warning");
        assert_eq!(
            link.config.clone().validate().1,
            vec![],
            "{text:.60}: invalid config"
        );
        for w in &link.warnings {
            assert!(
                w.message.len() < 400,
                "{text:.60}: a message of {} bytes",
                w.message.len()
            );
        }
        assert_canonical(text);
    }
    assert_eq!(parse_link("depth=3&depth=4").config.depth, 3);
    // A frame name is plain text (the page only ever sets it as text, never as markup).
    let named = parse_link("frame=%3Cscript%3E");
    assert_eq!(named.page.frame.as_deref(), Some("<script>"));
    assert_eq!(named.to_fragment(), "frame=%3Cscript%3E");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_reads_to_a_canonical_link(text in any::<String>()) {
        assert_canonical(&text);
    }

    #[test]
    fn link_like_text_reads_to_a_canonical_link(
        text in "[#?]?((embed|panels|controls|autoplay|theme|resize|frame|parent|tour|depth|act|lr|v|x|b|b[.]act|b[.]depth|b[.]seed|b[.]x)=[a-z0-9,.%+<>-]{0,12}&?){0,8}"
    ) {
        assert_canonical(&text);
    }
}

/// `make fuzz`: a million generated links (real keys with real, near-real and random
/// values, random separators and escapes, and plain noise), each read, printed and read
/// again: never a panic, always the same config and page options. `VGP_FUZZ_CASES` sets
/// the count.
#[test]
#[ignore = "long: run by `make fuzz`"]
fn fuzz_a_million_links() {
    let cases: usize = std::env::var("VGP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let keys: Vec<&str> = PAGE_KEYS
        .iter()
        .chain(&[
            "data", "n", "noise", "test", "depth", "width", "act", "leak", "init", "scale", "bn",
            "res", "opt", "lr", "mom", "batch", "clip", "epochs", "seed", "v", "b.act", "b.depth",
            "b.seed", "b", "",
        ])
        .copied()
        .collect();
    let values = [
        "1",
        "0",
        "true",
        "relu",
        "sigmoid",
        "heatmap,loss",
        "none",
        "run,lr",
        "dark",
        "lti",
        "0.5",
        "1e-3",
        "1e39",
        "-1",
        "NaN",
        "inf",
        "256",
        "100",
        "%20",
        "%zz",
        "%C3%A9",
        "+",
        "<b>",
        "2",
        "18446744073709551616",
    ];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let start = std::time::Instant::now();
    for i in 0..cases {
        let entries = rng.random_range(0..8);
        let mut text = String::new();
        if rng.random_bool(0.3) {
            text.push(['#', '?'][rng.random_range(0..2)]);
        }
        for e in 0..entries {
            if e > 0 {
                text.push(if rng.random_bool(0.95) { '&' } else { '=' });
            }
            match rng.random_range(0..10) {
                0 => {
                    // Noise: random bytes of printable ASCII and a few others.
                    for _ in 0..rng.random_range(0..20) {
                        text.push(char::from(rng.random_range(b' '..=b'~')));
                    }
                    if rng.random_bool(0.2) {
                        text.push('\u{e9}');
                    }
                }
                _ => {
                    text.push_str(keys[rng.random_range(0..keys.len())]);
                    if rng.random_bool(0.95) {
                        text.push('=');
                    }
                    if rng.random_bool(0.8) {
                        text.push_str(values[rng.random_range(0..values.len())]);
                    } else {
                        for _ in 0..rng.random_range(0..6) {
                            text.push(char::from(rng.random_range(b'!'..=b'~')));
                        }
                    }
                }
            }
        }
        let link = parse_link(&text);
        let printed = link.to_fragment();
        let again = parse_link(&printed);
        assert!(
            again.warnings.is_empty(),
            "case {i}: {text:?} -> {printed:?}"
        );
        assert_eq!(
            (&again.config, &again.page),
            (&link.config, &link.page),
            "case {i}: {text:?}"
        );
    }
    println!(
        "fuzzed {cases} links in {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let _ = (Config::default(), PageOptions::default());
}

/// A list that names no known chart shows every chart (never a blank frame).
#[test]
fn panels_naming_no_known_chart_show_them_all() {
    let link = parse_link("panels=radar,sonar");
    assert_eq!(link.page.panels, None);
    assert_eq!(link.warnings.len(), 2);
}

#[test]
fn iframe_snippets_carry_the_link_as_an_embed_and_escape_attributes() {
    let link = parse_link("depth=3&act=relu&panels=heatmap&frame=fig%223");
    let choice = EmbedChoice {
        width: "100%".to_string(),
        height: 480,
        host_script: true,
    };
    let html = link.iframe_snippet("https://example.org/vgp/index.html", &choice);
    assert_eq!(
        html,
        "<iframe src=\"https://example.org/vgp/index.html#depth=3&amp;act=relu&amp;embed=1&amp;panels=heatmap&amp;frame=fig%223\" data-vgp-frame=\"fig&quot;3\" title=\"Vanishing Gradient Playground\" loading=\"lazy\" style=\"width:100%;height:480px;border:0\"></iframe>\n<script src=\"https://example.org/vgp/embed.js\"></script>"
    );
}

/// A comparison's B is written as the keys where it differs from A, each with `b.`;
/// it reads back exactly, old links have no B, and B keeps A's data, seed and limit.
#[test]
fn b_keys_read_print_and_round_trip() {
    let link = parse_link("depth=10&act=sigmoid&b.act=relu&b.init=he_normal");
    assert!(link.warnings.is_empty(), "{:?}", link.warnings);
    let b = link.b.clone().expect("a comparison");
    assert_eq!(link.config.act, vgp::config::Activation::Sigmoid);
    assert_eq!(b.act, vgp::config::Activation::Relu);
    assert_eq!(b.init, vgp::config::Init::HeNormal);
    assert_eq!(b.depth, 10, "B is A with its own changes");
    assert_eq!(link.to_fragment(), "b.act=relu&b.init=he_normal");
    assert_canonical(&link.to_fragment());
    // Order does not matter; page keys print after B.
    let mixed = parse_link("b.init=he_normal&embed=1&depth=4&b.act=relu");
    assert_eq!(
        mixed.to_fragment(),
        "depth=4&b.act=relu&b.init=he_normal&embed=1"
    );
    // B equal to A keeps the comparison on: `b=1`.
    let same = parse_link("depth=3&b=1");
    assert_eq!(same.b.as_ref(), Some(&same.config));
    assert_eq!(same.to_fragment(), "depth=3&b=1");
    assert_canonical("depth=3&b=1");
    // A b. key equal to A's value is no difference.
    assert_eq!(parse_link("depth=3&b.depth=3").to_fragment(), "depth=3&b=1");
    // Old links: no B.
    assert_eq!(parse_link("depth=3&act=relu").b, None);
    assert_eq!(parse_link("depth=3&b=0&b.act=relu").b, None);
    // The first b wins; a repeat warns.
    let repeated = parse_link("depth=3&b=true&b=0");
    assert!(repeated.b.is_some());
    assert_eq!(repeated.warnings.len(), 1);
    assert_eq!(repeated.warnings[0].key, "b");
    assert!(repeated.warnings[0].message.contains("repeat"));
    assert_eq!(parse_link("b=false&b.act=relu").b, None);
    // B's numbers through the page rules: A's width, B's depth, B's clamp.
    let deep = parse_link("width=32&b.depth=500");
    let b = deep.b.expect("a comparison");
    assert_eq!((b.width, b.depth), (32, 100));
    assert_eq!(deep.warnings.len(), 1);
    assert_eq!(deep.warnings[0].key, "b.depth");
    assert_eq!(
        deep.warnings[0].message,
        "b.depth: \"500\" is above the maximum 100; using 100"
    );
}

/// Unknown or invalid `b.` keys get the notice any key gets, named with their `b.`;
/// B never changes the data, seed or epoch limit (a fair comparison).
#[test]
fn bad_b_keys_warn_and_b_shares_the_data() {
    let link = parse_link("seed=5&b.act=swish&b.sparkles=1&b.seed=9&b.data=xor&b.lr=0.3&b=2");
    let b = link.b.clone().expect("a comparison");
    assert_eq!(b.act, link.config.act);
    assert_eq!((b.seed, b.data), (5, link.config.data));
    assert_eq!(b.lr, 0.3);
    let keys: Vec<(&str, &str)> = link
        .warnings
        .iter()
        .map(|w| (w.key.as_str(), w.given.as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("b.act", "swish"),
            ("b.sparkles", "1"),
            ("b.seed", "9"),
            ("b.data", "xor"),
            ("b", "2")
        ]
    );
    assert!(
        link.warnings[0]
            .message
            .starts_with("b.act: \"swish\" is not one of sigmoid"),
        "{}",
        link.warnings[0].message
    );
    assert!(link.warnings[1]
        .message
        .contains("unknown key \"b.sparkles\""));
    assert!(link.warnings[2]
        .message
        .contains("A's data, seed and epoch limit"));
    assert_canonical(&link.to_fragment());
    let (a_label, b_label) = vgp::config::compare::labels(&link.config, &b);
    assert_eq!(
        (a_label.as_str(), b_label.as_str()),
        ("A: lr 0.1", "B: lr 0.3")
    );
    let relu = parse_link("b.act=relu&b.init=he_normal&b.bn=1");
    let (a_label, b_label) = vgp::config::compare::labels(&relu.config, &relu.b.unwrap());
    assert_eq!(a_label, "A: sigmoid + glorot_uniform + no bn");
    assert_eq!(b_label, "B: relu + he_normal + bn");
}
