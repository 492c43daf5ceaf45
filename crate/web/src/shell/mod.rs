//! The shell: everything between the browser and the state. Translators turn events,
//! API calls, parent messages and the engine's replies into actions (events.rs,
//! js_api.rs, parent.rs); dispatch.rs runs them through `App::update` and performs
//! their effects (perform.rs) with nothing borrowed while JavaScript runs.

#[cfg(feature = "bench")]
pub mod bench_api;
mod clipboard;
mod digits;
mod dispatch;
mod engine;
mod events;
mod js_api;
mod js_values;
mod listen;
mod motion;
mod outside;
mod parent;
mod parent_page;
mod perform;
mod shortcuts;
pub mod start;
mod sticky;
mod sweep_panel;
pub mod worker;
