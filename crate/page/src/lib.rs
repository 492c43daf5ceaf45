//! The page's WebAssembly module: the page (`vgp_web`) and, through it, the core
//! (`vgp`), linked into one module. Every export is `vgp_web`'s (`#[wasm_bindgen]`).

#[cfg(target_arch = "wasm32")]
pub use vgp_web::*;
