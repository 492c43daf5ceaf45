//! A comparison is fair: whatever a link's `b.` keys say, and whichever remedy B is, B
//! trains on A's data (dataset, sample count, noise, test split), with A's seed and A's
//! epoch limit (crate/src/config/compare.rs, docs/share-links.md).

mod support;

use proptest::prelude::*;
use support::valid_config;
use vgp::config::compare::aligned;
use vgp::config::{parse_link, Config};
use vgp::presets::{apply_remedy, remedy_ids};

/// What a fair comparison keeps from A, as the issue and docs/share-links.md state it
/// (not read from the code under test): the data (dataset, samples, noise, test split),
/// the seed and the epoch limit.
const SHARED_KEYS: [&str; 6] = ["data", "n", "noise", "test", "seed", "epochs"];

/// The value of share-link key `key` in `c`.
fn field(c: &Config, key: &str) -> String {
    c.fields()
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or_default()
}

/// The keys B shares with A hold A's values.
fn assert_shares(a: &Config, b: &Config) -> Result<(), TestCaseError> {
    for key in SHARED_KEYS {
        prop_assert_eq!(field(a, key), field(b, key), "B's {} differs from A's", key);
    }
    Ok(())
}

/// A `b.` entry: any key (the shared ones included) with a value that is often valid
/// for it and different from A's.
fn b_entry() -> impl Strategy<Value = String> {
    let keys: Vec<&str> = vgp::config::query::KEYS.to_vec();
    let values = prop::sample::select(vec![
        "moons",
        "circle",
        "xor",
        "sine",
        "digits",
        "relu",
        "tanh",
        "he_normal",
        "adam",
        "1",
        "0",
        "2",
        "3",
        "7",
        "50",
        "999",
        "1000",
        "0.05",
        "0.3",
        "0.5",
        "0.9",
        "1e-3",
        "junk",
    ]);
    (prop::sample::select(keys), values).prop_map(|(k, v)| format!("b.{k}={v}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Any link: A, then any `b.` entries. B is A's data, seed and epoch limit.
    #[test]
    fn b_of_any_link_trains_on_as_data_seed_and_epoch_limit(
        a in valid_config(),
        entries in prop::collection::vec(b_entry(), 1..8),
    ) {
        let text = format!("{}&{}", a.to_query(), entries.join("&"));
        let link = parse_link(&text);
        let b = link.b.as_ref();
        prop_assert!(b.is_some(), "no B from {}", text);
        if let Some(b) = b {
            assert_shares(&link.config, b)?;
        }
        // Each `b.` entry of a shared key is ignored, and the notice says so.
        for entry in &entries {
            let key = entry.trim_start_matches("b.").split('=').next().unwrap_or("");
            if SHARED_KEYS.contains(&key) {
                let named = format!("b.{key}");
                prop_assert!(
                    link.warnings.iter().any(|w| w.key == named && w.message.contains("ignored")),
                    "no notice for {} in {:?}", entry, link.warnings
                );
            }
        }
        // A is unchanged by B's keys.
        prop_assert_eq!(&link.config, &parse_link(&a.to_query()).config);
    }

    /// What the page and the command run as B (`aligned`), whatever B was before.
    #[test]
    fn an_aligned_b_shares_as_keys_and_keeps_its_own(a in valid_config(), b in valid_config()) {
        let run_b = aligned(&a, &b);
        assert_shares(&a, &run_b)?;
        for (key, value) in b.fields() {
            if !SHARED_KEYS.contains(&key) {
                prop_assert_eq!(field(&run_b, key), value, "B's own {} was lost", key);
            }
        }
    }

    /// B picked as a remedy (the "B is" picker, the diagnosis' buttons) shares A's keys.
    #[test]
    fn a_remedy_as_b_shares_as_keys(a in valid_config()) {
        for id in remedy_ids() {
            let b = apply_remedy(&a, id);
            prop_assert!(b.is_some(), "{} is not a remedy", id);
            if let Some(b) = b {
                assert_shares(&a, &aligned(&a, &b))?;
                assert_shares(&a, &b)?;
            }
        }
    }
}

/// A notice about one of B's keys names it with its `b.`, also when the key is a prefix
/// of the message ("unknown key …") and for the version key.
#[test]
fn notices_name_bs_keys_with_their_prefix() {
    let link = parse_link("b.u=1&b.v=7");
    let message = |key: &str| {
        link.warnings
            .iter()
            .find(|w| w.key == key)
            .map(|w| w.message.clone())
            .unwrap_or_else(|| panic!("no notice for {key}: {:?}", link.warnings))
    };
    let u = message("b.u");
    assert!(u.starts_with("unknown key \"b.u\""), "{u}");
    let v = message("b.v");
    assert!(v.starts_with("b.v"), "{v}");
}
