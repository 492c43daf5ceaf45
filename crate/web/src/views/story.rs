//! The Story as a view: the preset picker (filled once from `presets::PRESETS`) kept on
//! the preset the run is, and that preset's text beside the charts (hidden when the
//! run is no preset).

use crate::dom::{self, by_id};
use crate::state::App;
use vgp::config::Config;
use vgp::presets::{preset_config, PRESETS};
use web_sys::{Element, HtmlElement, HtmlSelectElement};

/// The configuration the story card was last shown for.
#[derive(Default)]
pub struct StoryCard {
    shown_for: Option<Config>,
}

/// Fill the preset picker from the presets list.
pub fn fill_picker() {
    let (Ok(select), Some(document)) = (by_id::<HtmlSelectElement>("preset"), dom::document())
    else {
        return;
    };
    for p in PRESETS {
        if let Ok(option) = document.create_element("option") {
            let _ = option.set_attribute("value", p.id);
            option.set_text_content(Some(p.title));
            let _ = select.append_child(&option);
        }
    }
}

impl StoryCard {
    /// Show the text of the preset the run is (while its configuration is exactly a
    /// preset's), and keep the picker on it.
    pub fn render(&mut self, app: &App) {
        let config = app.run().config();
        if self.shown_for.as_ref() == Some(config) {
            return;
        }
        self.shown_for = Some(config.clone());
        let loaded = PRESETS.iter().find(|p| preset_config(p) == *config);
        if let Ok(select) = by_id::<HtmlSelectElement>("preset") {
            select.set_value(loaded.map_or("", |p| p.id));
        }
        let Ok(story) = by_id::<HtmlElement>("story") else {
            return;
        };
        match loaded {
            Some(p) => {
                dom::set_text("story-title", p.title);
                dom::set_text("story-text", p.text);
                // The article's section on this step.
                if let Ok(more) = by_id::<Element>("story-more") {
                    let _ = more.set_attribute("href", &format!("learn.html#{}", p.article));
                }
                story.set_hidden(false);
            }
            None => story.set_hidden(true),
        }
    }
}
