//! The page's WebAssembly module: the page (`vgp_web`) and, through it, the core
//! (`vgp`), linked into one module. Every export is `vgp_web`'s (`#[wasm_bindgen]`),
//! and `reserve_heap`, which the page's loader calls once the module has started.

#[cfg(target_arch = "wasm32")]
pub use vgp_web::*;

/// Grow the heap by about `bytes` at once and give it back to the allocator, which keeps
/// it: the allocations of the first redraws and runs are then served without growing the
/// WebAssembly memory. WebKit's JavaScriptCore (2.50) corrupts the page's memory when
/// the memory grows while tiered-up code runs, during the first redraws (docs/testing.md,
/// "The WebKit trap"); the loaders (`scripts/post-build.mjs`, `scripts/offline.mjs`) call
/// this right after the module has started, before the first animation frame.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn reserve_heap(bytes: usize) {
    // Blocks below the allocator's threshold for separately mapped memory, so that once
    // freed they join its free space instead of being set aside.
    const BLOCK: usize = 64 * 1024;
    let blocks: Vec<Vec<u8>> = (0..bytes / BLOCK)
        .map(|_| Vec::with_capacity(BLOCK))
        .collect();
    // Kept until here (not optimized away), then freed.
    std::hint::black_box(&blocks);
}
