//! The one configuration of a run (`vgp_core::config`: every knob, with defaults, its
//! share-link query and its rules, all re-exported here), and whole links: the page-only
//! keys and the iframe snippet (`link.rs`), a comparison's B (`compare.rs`).

pub use vgp_core::config::*;

pub mod compare;
mod link;
mod parse;

pub use link::{
    parse_link, EmbedChoice, Link, PageOptions, Resize, Theme, CONTROL_GROUPS, EMBED_CONTROLS,
    PAGE_KEYS, PANELS,
};
pub(crate) use parse::decode;
pub use parse::parse_query;
