//! The presets tell the seed's story with the numbers their texts state: each trains
//! 100 epochs and its diagnosis says what the text says; every remedy makes the loss
//! fall where the problem's does not; remedies applied to any network change only what
//! they must.

use vgp::config::{parse_query, Activation, Config, Init};
use vgp::diagnosis::{diagnose, Finding};
use vgp::metrics::EpochMetrics;
use vgp::presets::{apply_remedy, preset, preset_config, remedy_ids, PRESETS};
use vgp::train::Run;

/// A preset trained for 100 epochs: epoch 0, the newest epoch, the findings, the run.
fn train(id: &str) -> (EpochMetrics, EpochMetrics, Vec<Finding>, Run) {
    let p = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
    let mut run = Run::new(preset_config(p));
    let start = run.history().newest().expect("epoch 0").clone();
    for _ in 0..100 {
        if !run.step_epoch() {
            break;
        }
    }
    let end = run.history().newest().expect("measured").clone();
    let findings = diagnose(&run);
    println!(
        "{id:12} ratio@0 {:.2e} ratio@{} {:.2e} loss {:.3} -> {:.3} acc {:?} findings {:?}",
        ratio(&start),
        end.epoch,
        ratio(&end),
        start.train_loss,
        end.train_loss,
        end.test_accuracy,
        findings.iter().map(|f| f.id).collect::<Vec<_>>()
    );
    (start, end, findings, run)
}

/// First weight layer's gradient norm over the output layer's.
fn ratio(m: &EpochMetrics) -> f32 {
    m.grad_norm[0] / m.grad_norm[m.grad_norm.len() - 1]
}

fn has(findings: &[Finding], id: &str) -> bool {
    findings.iter().any(|f| f.id == id)
}

fn mean_hidden(values: &[f32]) -> f32 {
    let hidden = &values[..values.len() - 1];
    hidden.iter().sum::<f32>() / hidden.len() as f32
}

#[test]
fn every_preset_is_a_canonical_link_with_a_unique_id() {
    assert_eq!(PRESETS.len(), 11);
    for (i, p) in PRESETS.iter().enumerate() {
        let (config, warnings) = parse_query(p.query);
        assert!(warnings.is_empty(), "{}: {warnings:?}", p.id);
        assert_eq!(config.to_query(), p.query, "{} is not canonical", p.id);
        assert!(PRESETS[i + 1..].iter().all(|q| q.id != p.id));
        let sentences = p.text.matches(". ").count() + 1;
        assert!(
            (2..=4).contains(&sentences),
            "{}: {sentences} sentences",
            p.id
        );
    }
}

/// The problem and its second form: the loss stays at chance, the diagnosis says vanishing.
/// Each story step links to the article's section on it (`www/learn.html`): the section
/// exists, with a heading of that id.
#[test]
fn every_preset_names_a_section_of_the_article() {
    let article =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../www/learn.html"))
            .expect("www/learn.html");
    for p in PRESETS {
        assert!(
            article.contains(&format!("<h2 id=\"{}\">", p.article)),
            "{}: the article has no heading with id {}",
            p.id,
            p.article
        );
    }
    // Not all steps share one section: the story's steps spread over the article.
    let mut sections: Vec<&str> = PRESETS.iter().map(|p| p.article).collect();
    sections.dedup();
    assert!(sections.len() >= 7, "{sections:?}");
}

#[test]
fn the_problems_vanish_and_do_not_learn() {
    for id in ["vanishing", "naive-init"] {
        let (start, end, findings, _) = train(id);
        assert!(has(&findings, "vanishing"), "{id}: {findings:?}");
        assert!(
            has(&findings, "plateau") || has(&findings, "frozen_weights"),
            "{id}: {findings:?}"
        );
        assert!(
            (end.train_loss - std::f32::consts::LN_2).abs() < 0.01,
            "{id}: loss {}",
            end.train_loss
        );
        assert!(end.test_accuracy.unwrap_or(1.0) <= 0.55, "{id}");
        let orders = -ratio(&start).log10();
        match id {
            // "about a million times weaker" at the start
            "vanishing" => assert!((5.5..6.5).contains(&orders), "{id}: {orders}"),
            // "nine to ten orders of magnitude below"
            _ => assert!((9.5..10.5).contains(&orders), "{id}: {orders}"),
        }
    }
}

/// Each remedy learns where the problem does not, and its diagnosis has no vanishing.
#[test]
fn the_remedies_learn() {
    for id in [
        "shallow",
        "tanh-glorot",
        "relu-he",
        "batch-norm",
        "residual",
    ] {
        let (start, end, findings, run) = train(id);
        assert!(run.diverged().is_none(), "{id}");
        assert!(!has(&findings, "vanishing"), "{id}: {findings:?}");
        assert!(
            end.test_accuracy.unwrap_or(0.0) >= 0.8,
            "{id}: accuracy {:?}",
            end.test_accuracy
        );
        assert!(
            end.train_loss < 0.5 * start.train_loss.max(0.7),
            "{id}: loss {}",
            end.train_loss
        );
        let r = ratio(&start);
        match id {
            // "within a factor of about 25"
            "shallow" => assert!((1.0 / 40.0..1.0 / 15.0).contains(&r), "{id}: {r}"),
            // "as large as the last's"
            "batch-norm" => assert!(r >= 1.0, "{id}: {r}"),
            // "within about two orders of magnitude"
            "residual" => assert!((1e-2..1e-1).contains(&r), "{id}: {r}"),
            _ => assert!(r > 0.1, "{id}: {r}"),
        }
    }
}

/// Dying ReLU: nearly half the units die and the loss stops at chance; Leaky ReLU in the
/// same setup keeps every unit and learns.
#[test]
fn relu_units_die_and_leaky_relu_units_do_not() {
    let (_, relu, relu_findings, _) = train("dying-relu");
    let (_, leaky, leaky_findings, _) = train("leaky-relu");
    let dead = mean_hidden(&relu.dead_fraction);
    assert!((0.35..0.6).contains(&dead), "dead share {dead}");
    assert!(has(&relu_findings, "dead_units"), "{relu_findings:?}");
    assert!(relu.test_accuracy.unwrap_or(1.0) <= 0.55);
    assert!(!has(&leaky_findings, "dead_units"), "{leaky_findings:?}");
    assert!(leaky.dead_fraction.iter().all(|&d| d == 0.0));
    assert!(leaky.test_accuracy.unwrap_or(0.0) >= 0.85);
}

/// Exploding gradients diverge at once. Clipping keeps a network that diverges without it
/// training to over 95% test accuracy; on the exploding preset's far larger weights it
/// keeps the numbers finite but the network stops learning (its text says both).
#[test]
fn exploding_gradients_diverge_and_clipping_trains() {
    let (start, _, findings, run) = train("exploding");
    assert!(run.diverged().is_some(), "no divergence");
    assert!(
        has(&findings, "exploding") || has(&findings, "diverged"),
        "{findings:?}"
    );
    // "tens of millions of times larger than a healthy network's" (about 0.5: ReLU + He)
    let largest = start.grad_norm.iter().copied().fold(0.0, f32::max);
    assert!((1e7..1e8).contains(&largest), "{largest:e}");
    let (_, end, findings, run) = train("clipping");
    assert!(run.diverged().is_none(), "{findings:?}");
    assert!(findings.is_empty(), "{findings:?}");
    assert!(
        end.test_accuracy.unwrap_or(0.0) >= 0.95,
        "{:?}",
        end.test_accuracy
    );
    // "without clipping (set Clip to 0) the first step overflows"
    let clipping = preset_config(preset("clipping").expect("preset"));
    let mut unclipped = Run::new(Config {
        clip: 0.0,
        ..clipping.clone()
    });
    while unclipped.step_epoch() {}
    assert_eq!(unclipped.diverged().map(|d| d.epoch), Some(1));
    // "each ReLU layer double the signal": the standard deviation over He's for 16 inputs.
    let doubling = clipping.scale / (2.0f32 / 16.0).sqrt();
    assert!((1.9..2.1).contains(&doubling), "{doubling}");
    // "on the exploding story's far larger weights ... learning stops"
    let exploding = preset_config(preset("exploding").expect("preset"));
    let mut clipped = Run::new(Config {
        clip: 1.0,
        ..exploding
    });
    for _ in 0..100 {
        clipped.step_epoch();
    }
    assert!(clipped.diverged().is_none());
    assert!(
        has(&diagnose(&clipped), "no_gradient"),
        "{:?}",
        diagnose(&clipped)
    );
}

/// A remedy applied to any network changes only what it must.
#[test]
fn remedies_change_only_what_they_must() {
    let (config, _) = parse_query("data=circle&depth=7&width=12&seed=9&lr=0.3&noise=0.2");
    let relu = apply_remedy(&config, "relu-he").expect("a remedy");
    assert_eq!(
        relu,
        Config {
            act: Activation::Relu,
            init: Init::HeNormal,
            ..config.clone()
        }
    );
    let ids: Vec<&str> = remedy_ids().collect();
    assert_eq!(
        ids,
        [
            "shallow",
            "tanh-glorot",
            "relu-he",
            "leaky-relu",
            "batch-norm",
            "residual",
            "clipping"
        ]
    );
    // Every remedy a finding offers is one apply_remedy knows.
    for id in ids.iter().copied() {
        assert!(preset(id).is_some(), "{id} is not a preset");
    }
    for id in remedy_ids() {
        let changed = apply_remedy(&config, id).expect("a remedy");
        assert_ne!(changed, config, "{id} changed nothing");
        for (key, (a, b)) in ["data", "width", "seed", "lr", "noise"].iter().zip([
            (config.data == changed.data, true),
            (config.width == changed.width, true),
            (config.seed == changed.seed, true),
            (config.lr == changed.lr, true),
            (config.noise == changed.noise, true),
        ]) {
            assert_eq!(a, b, "{id} changed {key}");
        }
    }
    assert_eq!(apply_remedy(&config, "vanishing"), None);
    assert_eq!(apply_remedy(&config, "shallow").map(|c| c.depth), Some(2));
}
