//! The page. Its state (`state/`: what the runs are, what the page shows, the API's
//! bookkeeping, and `App::update`, the one function that changes it) builds natively
//! and is tested there; the rest is wasm32 only: the shell (`shell/`: the browser's
//! inputs turned into actions, the effects performed, the engine, the JavaScript API)
//! and the views (`views/`: the charts and texts, drawn from the state). Every number
//! comes from the core (`vgp`), every picture from `vgp::charts`. Built for size; the
//! `vgp-page` crate links it with the core into the page's module.

pub mod state;

#[cfg(target_arch = "wasm32")]
mod address;
#[cfg(all(target_arch = "wasm32", feature = "crash-test"))]
pub mod crash_test;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(target_arch = "wasm32")]
mod form;
#[cfg(target_arch = "wasm32")]
mod panic;
#[cfg(target_arch = "wasm32")]
mod shell;
#[cfg(target_arch = "wasm32")]
mod views;

#[cfg(target_arch = "wasm32")]
pub use panic::install_hook as install_panic_hook;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub use shell::bench_api::{provide_digits, WasmRun};
#[cfg(target_arch = "wasm32")]
pub use shell::worker::worker_main;

/// Entry point, run once when the module loads: install the panic banner, then
/// start the page if it has the playground's markup (tests load the module bare).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() -> Result<(), wasm_bindgen::JsValue> {
    panic::install_hook();
    if dom::document()
        .and_then(|d| d.get_element_by_id("controls"))
        .is_some()
    {
        shell::start::start()?;
    }
    Ok(())
}
