//! The JavaScript surface of a run: construct from a share-link query, step, read metrics.

use vgp::config::parse_query;
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
    #[wasm_bindgen(constructor)]
    pub fn new(query: &str) -> WasmRun {
        let (config, warnings) = parse_query(query);
        let run = Run::new(config);
        let mut warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        warnings.extend(run.warnings().iter().map(|w| w.to_string()));
        WasmRun { run, warnings }
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

    /// The newest epoch's metrics as a plain object (null before any).
    #[wasm_bindgen(js_name = latestMetrics)]
    pub fn latest_metrics(&self) -> Result<JsValue, JsError> {
        serde_wasm_bindgen::to_value(&self.run.history().newest())
            .map_err(|e| JsError::new(&e.to_string()))
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
