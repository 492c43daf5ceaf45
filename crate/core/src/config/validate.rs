//! The one set of rules a `Config` is held to: numeric ranges and the parameter budget.
//!
//! `Config::validate` applies them to a config built in code (JSON, form
//! controls); `parse_query` applies them to what it read, so the page, the
//! command line and share links can never disagree about what is allowed.

use super::query::ConfigWarning;
use crate::config::{limits, Config, DatasetKind};
use crate::numtext::f32_text;

/// Smallest learning rate and initialization scale: both must be above 0, and
/// a closed range gives every out-of-range value a nearest allowed one.
const MIN_POSITIVE: f32 = 1e-6;

/// Allowed ranges (inclusive) of the numeric fields not covered by `limits`.
const NOISE: (f32, f32) = (0.0, 10.0);
const TEST: (f32, f32) = (0.05, 0.9);
const LEAK: (f32, f32) = (0.0, 1.0);
const SCALE: (f32, f32) = (MIN_POSITIVE, 100.0);
const LR: (f32, f32) = (MIN_POSITIVE, 10.0);
const MOM: (f32, f32) = (0.0, 0.999);
const BATCH: (usize, usize) = (1, 5_000);
const CLIP: (f32, f32) = (0.0, 1e6);
const EPOCHS: (usize, usize) = (0, 10_000_000);

impl Config {
    /// Number of network inputs the dataset feeds in.
    pub fn inputs(&self) -> usize {
        match self.data {
            DatasetKind::Circle
            | DatasetKind::Xor
            | DatasetKind::Gauss
            | DatasetKind::Spiral
            | DatasetKind::Moons => 2,
            DatasetKind::Sine => 1,
            DatasetKind::Digits => 64,
        }
    }

    /// Number of network outputs: one logit or value, or ten class logits for digits.
    pub fn outputs(&self) -> usize {
        match self.data {
            DatasetKind::Digits => 10,
            _ => 1,
        }
    }

    /// Trainable parameters of the network: `depth` hidden layers of `width`
    /// units (weights, biases, and batch-norm gamma and beta when `bn`), then
    /// the output layer (weights and biases). Residual connections add none.
    /// Saturates instead of overflowing, so it is safe on unvalidated configs.
    pub fn parameter_count(&self) -> usize {
        let (inputs, outputs, width) = (self.inputs(), self.outputs(), self.width);
        // Per hidden unit besides its incoming weights: bias, plus gamma and beta.
        let extra = if self.bn { 3 } else { 1 };
        if self.depth == 0 {
            return outputs.saturating_mul(inputs.saturating_add(1));
        }
        let first = width.saturating_mul(inputs.saturating_add(extra));
        let hidden = width.saturating_mul(width.saturating_add(extra));
        let rest = (self.depth - 1).saturating_mul(hidden);
        let output = outputs.saturating_mul(width.saturating_add(1));
        first.saturating_add(rest).saturating_add(output)
    }

    /// Holds this config to the rules: non-finite or negative numbers fall back
    /// to the default, out-of-range numbers are clamped to the nearest allowed
    /// value, and a network over `limits::MAX_PARAMETERS` gets the widest width
    /// that fits. Returns the valid config and one warning per change.
    pub fn validate(self) -> (Config, Vec<ConfigWarning>) {
        self.validate_with(&|_| None)
    }

    /// `validate`, with `given(key)` supplying the text the user typed for a key
    /// (a share link's value) so warnings quote it rather than the parsed number.
    pub fn validate_with(
        self,
        given: &dyn Fn(&str) -> Option<String>,
    ) -> (Config, Vec<ConfigWarning>) {
        let d = Config::default();
        let mut check = Checker {
            given,
            warnings: Vec::new(),
        };
        let n = check.count("n", self.n, limits::SAMPLES);
        let noise = check.float("noise", self.noise, d.noise, NOISE);
        let test = check.float("test", self.test, d.test, TEST);
        let depth = check.count("depth", self.depth, limits::DEPTH);
        let leak = check.float("leak", self.leak, d.leak, LEAK);
        let scale = check.float("scale", self.scale, d.scale, SCALE);
        let lr = check.float("lr", self.lr, d.lr, LR);
        let mom = check.float("mom", self.mom, d.mom, MOM);
        let batch = check.count("batch", self.batch, BATCH);
        let clip = check.float("clip", self.clip, d.clip, CLIP);
        let epochs = check.count("epochs", self.epochs, EPOCHS);
        let mut config = Config {
            n,
            noise,
            test,
            depth,
            leak,
            scale,
            lr,
            mom,
            batch,
            clip,
            epochs,
            ..self
        };
        // Width last: the budget depends on everything else being settled.
        let asked = config.width;
        config.width = asked.clamp(limits::WIDTH.0, limits::WIDTH.1);
        let fitted = widest_within_budget(&config);
        if fitted < config.width {
            let needed = Config {
                width: asked,
                ..config.clone()
            }
            .parameter_count();
            let reason = format!(
                "would make {needed} parameters at depth {depth}, above the budget of {}",
                limits::MAX_PARAMETERS
            );
            check.warn("width", asked.to_string(), &reason, &fitted.to_string());
            config.width = fitted;
        } else if config.width != asked {
            check.out_of_range("width", asked, config.width, limits::WIDTH);
        }
        // Memory: a training step keeps a few [batch, width] buffers per layer.
        let samples = if config.data == DatasetKind::Digits {
            crate::data::DIGITS_LEN
        } else {
            config.n
        };
        let max_batch =
            (limits::MAX_BATCH_ACTIVATIONS / (config.width * config.depth).max(1)).max(1);
        if config.batch.min(samples) > max_batch {
            let reason = format!(
                "with {} layers of {} units needs more than {} activations per step",
                config.depth,
                config.width,
                limits::MAX_BATCH_ACTIVATIONS
            );
            check.warn(
                "batch",
                config.batch.to_string(),
                &reason,
                &max_batch.to_string(),
            );
            config.batch = max_batch;
        }
        (config, check.warnings)
    }
}

/// The largest width in `1..=config.width` whose network fits the parameter
/// budget (1 if none does; with the current limits width 1 always fits).
fn widest_within_budget(config: &Config) -> usize {
    let fits = |width: usize| {
        Config {
            width,
            ..config.clone()
        }
        .parameter_count()
            <= limits::MAX_PARAMETERS
    };
    // The count grows with width, so binary-search the boundary.
    let (mut lo, mut hi) = (1, config.width.max(1));
    if fits(hi) {
        return hi;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Collects warnings while checking fields one by one.
struct Checker<'a> {
    given: &'a dyn Fn(&str) -> Option<String>,
    warnings: Vec<ConfigWarning>,
}

impl Checker<'_> {
    /// Records that `key` (whose value reads `value` unless the user's own text
    /// is known) was replaced by `used` because of `reason`.
    fn warn(&mut self, key: &str, value: String, reason: &str, used: &str) {
        let given = (self.given)(key).unwrap_or(value);
        self.warnings
            .push(ConfigWarning::replaced(key, &given, reason, used));
    }

    /// A float field: non-finite or negative falls back to `default`, otherwise clamped.
    fn float(&mut self, key: &str, value: f32, default: f32, (min, max): (f32, f32)) -> f32 {
        let (used, reason) = if !value.is_finite() {
            (default, "is not a finite number".to_string())
        } else if value < 0.0 {
            (default, "is negative".to_string())
        } else if value < min {
            (min, format!("is below the minimum {}", f32_text(min)))
        } else if value > max {
            (max, format!("is above the maximum {}", f32_text(max)))
        } else if value == 0.0 {
            return 0.0; // turns -0 into 0, so the canonical text never reads "-0"
        } else {
            return value;
        };
        self.warn(key, f32_text(value), &reason, &f32_text(used));
        used
    }

    /// A whole-number field, clamped into its range.
    fn count(&mut self, key: &str, value: usize, range: (usize, usize)) -> usize {
        let used = value.clamp(range.0, range.1);
        if used != value {
            self.out_of_range(key, value, used, range);
        }
        used
    }

    fn out_of_range(&mut self, key: &str, value: usize, used: usize, (min, max): (usize, usize)) {
        let reason = if value < min {
            format!("is below the minimum {min}")
        } else {
            format!("is above the maximum {max}")
        };
        self.warn(key, value.to_string(), &reason, &used.to_string());
    }
}
