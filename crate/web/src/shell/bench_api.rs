//! The JavaScript surface of a run: construct from a share-link query, step, read metrics.

use super::js_values::{numbers, object};
use vgp::config::{parse_query, DatasetKind};
use vgp::metrics::EpochMetrics;
use vgp::train::Run;
use wasm_bindgen::prelude::*;

/// A training run driven from JavaScript.
#[wasm_bindgen]
pub struct WasmRun {
    run: Run,
    warnings: Vec<String>,
}

#[wasm_bindgen]
impl WasmRun {
    /// Build a run from a share-link query (bad fields become warnings, never errors).
    /// A run of `digits` needs the set's file first (`provideDigits`): without it this
    /// throws.
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> Result<WasmRun, JsError> {
        let (config, warnings) = parse_query(query);
        if config.data == DatasetKind::Digits && !vgp::data::digits_available() {
            return Err(JsError::new(&format!(
                "{}: call provideDigits(bytes of digits.bin) first",
                vgp::sweep::NO_DIGITS
            )));
        }
        let run = Run::new(config);
        let mut warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        warnings.extend(run.warnings().iter().map(|w| w.to_string()));
        Ok(WasmRun { run, warnings })
    }

    /// Train up to `epochs` epochs; returns how many were completed.
    pub fn step(&mut self, epochs: u32) -> u32 {
        let mut done = 0;
        while done < epochs && self.run.step_epoch() {
            done += 1;
        }
        done
    }

    /// Epochs completed.
    pub fn epoch(&self) -> u32 {
        self.run.epoch() as u32
    }

    /// The canonical share-link query of the run's config.
    pub fn query(&self) -> String {
        self.run.config().to_query()
    }

    /// Warnings about the query the run was built from.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The newest epoch's metrics as a plain object with `EpochMetrics`'s field names
    /// (undefined before any).
    #[wasm_bindgen(js_name = latestMetrics)]
    pub fn latest_metrics(&self) -> Result<JsValue, JsError> {
        Ok(self
            .run
            .history()
            .newest()
            .map_or(JsValue::UNDEFINED, metrics_object))
    }

    /// The run's bit-exact fingerprint as 16 hex digits (see `Run::fingerprint`).
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.run.fingerprint())
    }

    /// "diverged at epoch N: reason", or null.
    pub fn diverged(&self) -> Option<String> {
        self.run
            .diverged()
            .map(|d| format!("diverged at epoch {}: {}", d.epoch, d.reason))
    }
}

/// An epoch's metrics as a plain object: each field (a new one fails to compile here
/// until it is added), numbers as numbers, `None` as undefined, lists as arrays.
fn metrics_object(m: &EpochMetrics) -> JsValue {
    let EpochMetrics {
        epoch,
        train_loss,
        test_loss,
        train_accuracy,
        test_accuracy,
        grad_norm,
        act_grad_norm,
        weight_norm,
        update_ratio,
        dead_fraction,
        saturation,
        tracked_weights,
    } = m;
    let number = |v: f32| JsValue::from_f64(f64::from(v));
    let optional = |v: &Option<f32>| v.map_or(JsValue::UNDEFINED, number);
    let list = |v: &Vec<f32>| numbers(v.iter().map(|&x| f64::from(x)));
    let tracked: js_sys::Array = tracked_weights.iter().map(list).collect();
    object(&[
        ("epoch", JsValue::from_f64(*epoch as f64)),
        ("train_loss", number(*train_loss)),
        ("test_loss", number(*test_loss)),
        ("train_accuracy", optional(train_accuracy)),
        ("test_accuracy", optional(test_accuracy)),
        ("grad_norm", list(grad_norm)),
        ("act_grad_norm", list(act_grad_norm)),
        ("weight_norm", list(weight_norm)),
        ("update_ratio", list(update_ratio)),
        ("dead_fraction", list(dead_fraction)),
        ("saturation", list(saturation)),
        ("tracked_weights", tracked.into()),
    ])
}

/// Give this module the digits set's file (`digits.bin`), for `WasmRun`s of `digits`
/// (the page fetches it itself when a run needs it). Throws when the bytes are not
/// that file.
#[wasm_bindgen(js_name = provideDigits)]
pub fn provide_digits(bytes: &[u8]) -> Result<(), JsError> {
    vgp::data::provide_digits(bytes).map_err(|text| JsError::new(&text))
}
