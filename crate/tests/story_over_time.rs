//! The Story's texts hold at the epochs a student looks at: each preset trains to 1,000
//! epochs and is read at 100, 300 and 1,000 against every claim its text makes (a claim
//! that only holds at first says so in the text, and is checked only then).

use vgp::charts::scale::{Band, ColourScale, HeatmapMode};
use vgp::diagnosis::{diagnose_parts, Finding, Severity};
use vgp::history::History;
use vgp::metrics::{orders_of_magnitude, EpochMetrics};
use vgp::presets::{preset, preset_config, PRESETS};
use vgp::train::Run;

/// The epochs a preset is read at (epoch 0 too, for claims about the start).
const LOOKS: [usize; 4] = [0, 100, 300, 1000];

/// What a student sees of a preset at one epoch.
#[derive(Debug)]
struct Look {
    epoch: usize,
    metrics: EpochMetrics,
    findings: Vec<(&'static str, Severity)>,
    diverged_at: Option<usize>,
}

impl Look {
    /// log10 of layer 1's gradient over the output layer's (the read-out's number).
    fn orders(&self) -> Option<f32> {
        orders_of_magnitude(&self.metrics.grad_norm)
    }
    fn has(&self, id: &str) -> bool {
        self.findings.iter().any(|(f, _)| *f == id)
    }
    fn severe(&self, id: &str) -> bool {
        self.findings.contains(&(id, Severity::Severe))
    }
    fn accuracy(&self) -> f32 {
        self.metrics.test_accuracy.unwrap_or(f32::NAN)
    }
    /// Orders of magnitude between the largest and the smallest layer's gradient.
    fn spread(&self) -> f32 {
        let g = &self.metrics.grad_norm;
        let (lo, hi) = g.iter().fold((f32::INFINITY, 0.0f32), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        (hi / lo).log10()
    }
    fn loss(&self) -> f32 {
        self.metrics.train_loss
    }
    /// Where layer 1's gradient falls on the heatmap's absolute colour scale.
    fn first_layer_band(&self) -> Band {
        ColourScale::fixed(HeatmapMode::Absolute).band(self.metrics.grad_norm[0])
    }
    fn largest(&self) -> f32 {
        self.metrics.grad_norm.iter().copied().fold(0.0, f32::max)
    }
    fn dead(&self) -> f32 {
        let d = &self.metrics.dead_fraction;
        d[..d.len() - 1].iter().sum::<f32>() / (d.len() - 1) as f32
    }
}

/// Preset `id` read at every epoch of `LOOKS` (a diverged run is read where it stopped).
fn looks(id: &str) -> Vec<Look> {
    let p = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
    let mut run = Run::new(preset_config(p));
    let mut looks = Vec::new();
    for &epoch in &LOOKS {
        while run.history().newest().map_or(0, |m| m.epoch) < epoch && run.step_epoch() {}
        let mut history = History::default();
        // The findings as the page shows them at this epoch: its own history so far.
        for m in run.history().points() {
            history.push(m.clone());
        }
        let findings: Vec<Finding> = diagnose_parts(&history, run.diverged());
        let look = Look {
            epoch,
            metrics: run.history().newest().expect("measured").clone(),
            findings: findings.iter().map(|f| (f.id, f.severity)).collect(),
            diverged_at: run.diverged().map(|d| d.epoch),
        };
        println!(
            "{id:12} @{:4} (epoch {:4}) orders {:?} spread {:.2} loss {:.4} test {:.4} acc {:.3} dead {:.2} max g {:.2e} findings {:?} diverged {:?}",
            epoch,
            look.metrics.epoch,
            look.orders(),
            look.spread(),
            look.metrics.train_loss,
            look.metrics.test_loss,
            look.accuracy(),
            look.dead(),
            look.metrics.grad_norm.iter().copied().fold(0.0, f32::max),
            look.findings,
            look.diverged_at
        );
        looks.push(look);
    }
    looks
}

/// Every look after the start (100, 300 and 1,000 epochs).
fn later(looks: &[Look]) -> &[Look] {
    &looks[1..]
}

const CHANCE: f32 = std::f32::consts::LN_2;

#[test]
fn every_preset_is_read_by_these_tests() {
    let read = [
        "vanishing",
        "shallow",
        "tanh-glorot",
        "relu-he",
        "dying-relu",
        "leaky-relu",
        "naive-init",
        "batch-norm",
        "residual",
        "exploding",
        "clipping",
    ];
    let ids: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
    assert_eq!(ids, read);
}

/// "starts about a million times weaker ... still tens of thousands of times weaker
/// after 1,000 epochs. The loss sits at 0.69 ... the input side's lines stay flat."
#[test]
fn vanishing_stays_vanished() {
    let looks = looks("vanishing");
    let start = looks[0].orders().expect("defined");
    assert!((-6.5..=-5.5).contains(&start), "{start}");
    for l in later(&looks) {
        let o = l.orders().expect("defined");
        assert!(o <= -4.0, "epoch {}: {o}", l.epoch);
        assert!(
            (l.loss() - CHANCE).abs() < 0.01,
            "epoch {}: {}",
            l.epoch,
            l.loss()
        );
        assert!(l.severe("vanishing"), "epoch {}: {:?}", l.epoch, l.findings);
        assert!(
            l.has("frozen_weights"),
            "epoch {}: {:?}",
            l.epoch,
            l.findings
        );
    }
}

/// "starts within a factor of about 25 ... separates most of the two moons (over 80% of
/// the test points by epoch 100)"
#[test]
fn shallow_learns() {
    let looks = looks("shallow");
    let start = looks[0].orders().expect("defined");
    assert!((-1.6..=-1.2).contains(&start), "{start}");
    for l in later(&looks) {
        assert!(l.accuracy() > 0.8, "epoch {}: {}", l.epoch, l.accuracy());
        assert!(l.loss() < 0.5 * looks[0].loss(), "epoch {}", l.epoch);
        assert!(!l.has("vanishing"), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "All ten layers now get gradients of similar size, within a factor of about twenty
/// of each other, and the loss falls to near zero."
#[test]
fn tanh_glorot_keeps_every_layer_within_about_twenty() {
    let looks = looks("tanh-glorot");
    for l in &looks {
        assert!(l.spread() <= 1.4, "epoch {}: {}", l.epoch, l.spread());
    }
    for l in later(&looks) {
        assert!(l.loss() < 0.1, "epoch {}: {}", l.epoch, l.loss());
        assert!(l.findings.is_empty(), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "The heatmap is one colour from bottom to top and the network learns quickly."
#[test]
fn relu_he_is_one_colour_and_learns() {
    let looks = looks("relu-he");
    for l in &looks {
        assert!(l.spread() <= 1.0, "epoch {}: {}", l.epoch, l.spread());
    }
    for l in later(&looks) {
        assert!(l.accuracy() >= 0.9, "epoch {}: {}", l.epoch, l.accuracy());
        assert!(l.findings.is_empty(), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "nearly half the units die and the loss stops at 0.69. By epoch 100 the heatmap is
/// plain grey: not one layer gets any gradient."
#[test]
fn dying_relu_stays_dead() {
    for l in later(&looks("dying-relu")) {
        assert!(
            l.metrics.grad_norm.iter().all(|&g| g == 0.0),
            "epoch {}: {:?}",
            l.epoch,
            l.metrics.grad_norm
        );
        assert!(
            l.severe("no_gradient"),
            "epoch {}: {:?}",
            l.epoch,
            l.findings
        );
        assert!(
            (0.4..0.5).contains(&l.dead()),
            "epoch {}: {}",
            l.epoch,
            l.dead()
        );
        assert!(
            (l.loss() - CHANCE).abs() < 0.01,
            "epoch {}: {}",
            l.epoch,
            l.loss()
        );
        assert!(
            l.severe("dead_units"),
            "epoch {}: {:?}",
            l.epoch,
            l.findings
        );
    }
}

/// "No unit dies and the network learns."
#[test]
fn leaky_relu_keeps_every_unit() {
    for l in later(&looks("leaky-relu")) {
        assert_eq!(l.dead(), 0.0, "epoch {}", l.epoch);
        assert!(l.accuracy() >= 0.9, "epoch {}: {}", l.epoch, l.accuracy());
        assert!(l.findings.is_empty(), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "nine to ten orders of magnitude below the output layer's, black in the heatmap
/// (below the bottom of its scale), and nothing learns"
#[test]
fn naive_init_is_below_the_scale() {
    for l in &looks("naive-init") {
        let o = l.orders().expect("defined");
        assert!((-10.5..=-8.5).contains(&o), "epoch {}: {o}", l.epoch);
        assert_eq!(l.first_layer_band(), Band::Below, "epoch {}", l.epoch);
        assert!(
            (l.loss() - CHANCE).abs() < 0.01 || l.epoch == 0,
            "epoch {}",
            l.epoch
        );
        assert!(l.severe("vanishing"), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "the first layer's gradient is as large as the last's, and the loss falls"
#[test]
fn batch_norm_lifts_the_first_layer() {
    let looks = looks("batch-norm");
    for l in &looks {
        assert!(l.orders().expect("defined") >= 0.0, "epoch {}", l.epoch);
    }
    for l in later(&looks) {
        assert!(l.loss() < 0.1, "epoch {}: {}", l.epoch, l.loss());
        assert!(l.findings.is_empty(), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "within about two orders of magnitude of the output layer's and the network learns.
/// The loss starts high"
#[test]
fn residual_keeps_a_path() {
    let looks = looks("residual");
    assert!(looks[0].loss() > 3.0, "{}", looks[0].loss());
    for l in &looks {
        let o = l.orders().expect("defined");
        assert!((-2.5..=0.0).contains(&o), "epoch {}: {o}", l.epoch);
    }
    for l in later(&looks) {
        assert!(l.accuracy() >= 0.8, "epoch {}: {}", l.epoch, l.accuracy());
        assert!(!l.has("vanishing"), "epoch {}: {:?}", l.epoch, l.findings);
    }
}

/// "tens of millions of times larger ... (red in the heatmap: above the top of its
/// scale) and the first step ... overflow"
#[test]
fn exploding_is_above_the_scale_and_diverges() {
    let looks = looks("exploding");
    let start = &looks[0];
    assert!(
        (1e7..1e8).contains(&start.largest()),
        "{:e}",
        start.largest()
    );
    let scale = ColourScale::fixed(HeatmapMode::Absolute);
    assert!(start
        .metrics
        .grad_norm
        .iter()
        .any(|&g| scale.band(g) == Band::Above));
    for l in later(&looks) {
        assert_eq!(l.diverged_at, Some(1));
        assert!(l.has("diverged"), "{:?}", l.findings);
    }
}

/// "the run survives its huge first gradients and reaches over 95% test accuracy"
#[test]
fn clipping_trains_the_network_that_would_overflow() {
    let looks = looks("clipping");
    assert!(looks[0].largest() > 100.0, "{}", looks[0].largest());
    for l in later(&looks) {
        assert_eq!(l.diverged_at, None);
        assert!(l.accuracy() > 0.95, "epoch {}: {}", l.epoch, l.accuracy());
        assert!(l.findings.is_empty(), "epoch {}: {:?}", l.epoch, l.findings);
    }
}
