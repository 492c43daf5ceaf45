//! The page's state, with no web-sys or js-sys: the runs (A, and B while comparing), what
//! the page shows and the API's bookkeeping. `App::update` is the only function that
//! changes it: every input arrives as an `Action`, and what the page must do about it
//! (send to the engine, answer a call, write the form, copy a link...) comes back as
//! `Effect`s that the shell performs after the update, never during it. The views read
//! `&App`. Compiled and tested natively (tests.rs, and the property test in
//! crate/web/tests/state_actions.rs).

mod action;
mod announce;
mod api;
mod app;
mod compare;
mod describe;
mod effect;
mod embed;
mod explore;
mod network;
mod runs;
mod tour;
mod weights;

pub use action::{
    Action, ApiCall, EmbedChoices, EngineKind, FormReading, Reply, ReplyId, A_SLOT, B_SLOT,
};
pub use announce::{finding_name, remedy_name, ANNOUNCE_GAP_MS};
pub use api::{parse_call, run_numbers, Param};
pub use app::{App, FocusRequest, Hover, RunFileUse, LIVE_KEYS, QUIET_FRAMES_MS};
pub use compare::{offered_remedies, picker_options, CompareRun};
pub use describe::DESCRIBE_EVERY_MS;
pub use effect::{ApiError, ApiRunState, ApiState, ApiValue, Effect, Notice, RunNumbers};
pub use explore::{
    explored, Probe, EXPLORED, HEATMAP_A, HEATMAP_B, LOSS, NETWORK_A, NETWORK_B, PROFILE,
};
pub use network::backprop_ms;
pub use tour::{TourStep, TOUR_STEPS};
pub use weights::{WeightsChart, WeightsProbe};

#[cfg(test)]
mod tests;
