//! The measurement behind the heatmap's colour ranges (docs/definitions.md, "Colour
//! scales"): which per-layer gradient norms, and which norms relative to the output
//! layer's, runs of this playground actually produce.
//!
//! It trains every preset and a grid of depths, activations, initializations, batch
//! normalization and residual connections on the two-moons data for `EPOCHS` epochs
//! and pools the per-layer gradient norm of every recorded epoch (finite and positive
//! ones; zeros and overflows are counted apart, they get colours of their own). It
//! prints the pooled distribution of log10 of each, as percentiles, and the share of
//! values inside a candidate range. Run it with
//!
//! ```text
//! cargo run --release -p vgp-cli --example scale_survey
//! ```

use vgp::config::parse_query;
use vgp::presets::PRESETS;
use vgp::train::Run;

/// Epochs each run trains (the story's texts are read at 100, 300 and 1,000).
const EPOCHS: usize = 300;
const DEPTHS: [usize; 5] = [2, 5, 10, 20, 30];
const ACTIVATIONS: [&str; 4] = ["sigmoid", "tanh", "relu", "leaky_relu"];
const INITS: [&str; 4] = [
    "glorot_uniform",
    "he_normal",
    "normal&scale=0.1",
    "normal&scale=1",
];
/// Candidate ranges (log10), each printed with the share of values inside it.
const CANDIDATES: [(f64, f64); 5] = [
    (-12.0, 12.0),
    (-10.0, 2.0),
    (-9.0, 1.0),
    (-8.0, 2.0),
    (-8.0, 1.0),
];

/// What one pool of values holds.
#[derive(Default)]
struct Pool {
    logs: Vec<f64>,
    zeros: usize,
    overflows: usize,
}

impl Pool {
    fn add(&mut self, value: f64) {
        if value == 0.0 {
            self.zeros += 1;
        } else if value.is_finite() && value > 0.0 {
            self.logs.push(value.log10());
        } else {
            self.overflows += 1;
        }
    }

    fn report(&mut self, name: &str) {
        self.logs.sort_by(f64::total_cmp);
        let n = self.logs.len();
        let at = |q: f64| self.logs[((n - 1) as f64 * q).round() as usize];
        println!(
            "{name}: {n} values ({} exactly 0, {} not finite)",
            self.zeros, self.overflows
        );
        for q in [
            0.0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1.0,
        ] {
            println!("  p{:<5} log10 = {:>7.2}", q * 100.0, at(q));
        }
        for (low, high) in CANDIDATES {
            let below = self.logs.iter().filter(|&&l| l < low).count();
            let above = self.logs.iter().filter(|&&l| l > high).count();
            println!(
                "  inside 1e{low} .. 1e{high}: {:.2}% (below {:.2}%, above {:.2}%)",
                100.0 * (n - below - above) as f64 / n as f64,
                100.0 * below as f64 / n as f64,
                100.0 * above as f64 / n as f64
            );
        }
    }
}

fn main() {
    let mut queries: Vec<String> = PRESETS.iter().map(|p| p.query.to_string()).collect();
    for depth in DEPTHS {
        for act in ACTIVATIONS {
            for init in INITS {
                for extra in ["", "&bn=1", "&res=1"] {
                    queries.push(format!(
                        "data=moons&depth={depth}&act={act}&init={init}{extra}"
                    ));
                }
            }
        }
    }
    let (mut absolute, mut relative) = (Pool::default(), Pool::default());
    let (mut story, mut story_relative) = (Pool::default(), Pool::default());
    for (i, query) in queries.iter().enumerate() {
        let is_preset = i < PRESETS.len();
        let (config, warnings) = parse_query(query);
        assert!(warnings.is_empty(), "{query}: {warnings:?}");
        let mut run = Run::new(config);
        for _ in 0..EPOCHS {
            if !run.step_epoch() {
                break;
            }
        }
        for m in run.history().points() {
            let out = f64::from(m.grad_norm.last().copied().unwrap_or(0.0));
            for &g in &m.grad_norm {
                absolute.add(f64::from(g));
                if is_preset {
                    story.add(f64::from(g));
                }
            }
            // Relative to the output layer: the hidden layers only (the output is 1).
            if out > 0.0 && out.is_finite() {
                for &g in &m.grad_norm[..m.grad_norm.len() - 1] {
                    relative.add(f64::from(g) / out);
                    if is_preset {
                        story_relative.add(f64::from(g) / out);
                    }
                }
            }
        }
    }
    println!("{} runs of {EPOCHS} epochs", queries.len());
    absolute.report("all runs: gradient norm ||dL/dW_l||");
    relative.report("all runs: relative to the output layer");
    story.report("the presets: gradient norm ||dL/dW_l||");
    story_relative.report("the presets: relative to the output layer");
}
