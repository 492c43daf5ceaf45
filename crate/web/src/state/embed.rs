//! The Embed dialog's snippet: an `<iframe>` of the current configuration for course
//! notes, built from the dialog's choices (charts, controls, autoplay, size, host script).

use super::action::DEFAULT_FRAME;
use super::app::App;
use vgp::config::{EmbedChoice, Link, CONTROL_GROUPS, PANELS};

/// Frame heights the dialog accepts, in CSS pixels.
const HEIGHTS: (u32, u32) = (240, 3000);
/// The height used when the field holds no number.
const DEFAULT_HEIGHT: u32 = 560;

impl App {
    /// The snippet the dialog shows and copies.
    pub(super) fn embed_snippet(&self) -> String {
        let choices = &self.embed_choices;
        let panels: Vec<String> = PANELS
            .iter()
            .filter(|name| choices.panels.iter().any(|p| p == *name))
            .map(|name| name.to_string())
            .collect();
        let mut link: Link = self.link();
        link.page.embed = true;
        // Named in the link and on the iframe, so that embed.js finds the frame it
        // sizes and the buttons that name it (letters, digits, - and _ only: the name
        // goes into an attribute selector and a URL).
        let frame: String = choices
            .frame
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(40)
            .collect();
        link.page.frame = Some(if frame.is_empty() {
            DEFAULT_FRAME.to_string()
        } else {
            frame
        });
        link.page.autoplay = choices.autoplay;
        link.page.panels = (!panels.is_empty() && panels.len() < PANELS.len()).then_some(panels);
        link.page.controls = match choices.controls.as_str() {
            "none" => Some(Vec::new()),
            "all" => {
                // Every part (`run` stands for Play, Step and Reset) and every setting.
                let parts = CONTROL_GROUPS
                    .iter()
                    .filter(|g| !matches!(**g, "play" | "step" | "reset"));
                let mut all: Vec<String> = parts.map(|g| g.to_string()).collect();
                all.extend(link.config.fields().iter().map(|(key, _)| key.to_string()));
                Some(all)
            }
            _ => None,
        };
        let height = choices
            .height
            .trim()
            .parse::<u32>()
            .unwrap_or(DEFAULT_HEIGHT)
            .max(HEIGHTS.0)
            .min(HEIGHTS.1);
        let choice = EmbedChoice {
            width: choices.width.clone(),
            height,
            host_script: choices.host_script,
        };
        link.iframe_snippet(&self.base_url, &choice)
    }
}
