//! The page (wasm32 only): reads the form into a `Config`, owns the run and the one
//! animation loop, and draws the charts onto canvases. Thin by design: every number
//! comes from the core (`vgp`), every picture from `vgp::charts`. Built for size; the
//! `vgp-page` crate links it with the core into the page's module.
#![cfg(target_arch = "wasm32")]

mod api;
mod app;
mod bridge;
mod canvas;
mod compare;
mod dom;
mod embed_dialog;
mod engine;
mod events;
mod exports;
mod form;
mod frame;
mod link;
mod notice;
mod pairs;
mod panic;
mod parent;
mod pen;
mod status;
mod story;
mod sweep_panel;
mod tour;
mod traffic;
mod view;
mod worker;

pub use api::WasmRun;
pub use panic::install_hook as install_panic_hook;
pub use worker::worker_main;

use wasm_bindgen::prelude::*;

/// Entry point, run once when the module loads: install the panic banner, then
/// start the page if it has the playground's markup (tests load the module bare).
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    panic::install_hook();
    if dom::document()
        .and_then(|d| d.get_element_by_id("controls"))
        .is_some()
    {
        app::App::start()?;
    }
    Ok(())
}
