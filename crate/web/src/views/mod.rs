//! The views: each reads `&App` (never changes it), owns only its caches, and decides
//! itself what changed by remembering what it last showed.

mod announce;
mod canvas;
mod charts;
mod compare_bar;
mod describe;
mod diagnosis;
mod explore;
mod focus;
pub mod layout;
mod network;
mod notice;
mod page_views;
mod pairs;
mod pen;
pub mod run_view;
mod story;
mod texts;
mod tips;
mod tour;

pub use canvas::find_chart_font;
pub use describe::write_tables;
pub use page_views::Views;
pub use story::fill_picker;
