//! The Embed dialog's snippet: an `<iframe>` of the current configuration for course
//! notes, built from the dialog's choices (charts, controls, autoplay, size, host script),
//! and the preview the dialog shows: the same frame at the width it will have (760 px for
//! a frame as wide as the notes' column), whose reported height the snippet takes, so
//! that the frame has its final height before it loads (nothing below it moves).

use super::action::DEFAULT_FRAME;
use super::app::App;
use vgp::config::{EmbedChoice, Link, CONTROL_GROUPS, PANELS};

/// Frame heights the dialog accepts, in CSS pixels.
const HEIGHTS: (u32, u32) = (240, 3000);
/// The height used when the field holds no number and the preview has not measured yet.
const DEFAULT_HEIGHT: u32 = 560;
/// The width a frame as wide as the column (`100%`) is previewed and measured at: a
/// usual column of course notes.
pub const PREVIEW_COLUMN: u32 = 760;

impl App {
    /// The preview's address and width in CSS pixels.
    pub(super) fn embed_preview(&self) -> (String, u32) {
        let width = self
            .embed_choices
            .width
            .trim()
            .strip_suffix("px")
            .and_then(|w| w.trim().parse::<u32>().ok())
            .unwrap_or(PREVIEW_COLUMN);
        // The preview only shows the frame: it does not train (autoplay off).
        let mut link = self.embed_link();
        link.page.autoplay = false;
        (format!("{}#{}", self.base_url, link.to_fragment()), width)
    }

    /// What a measurement of the preview is of: its address and width (the shell marks
    /// the preview frame with it, and reports it with the height).
    pub fn embed_preview_key(&self) -> String {
        let (src, width) = self.embed_preview();
        format!("{width} {src}")
    }

    /// The snippet the dialog shows and copies.
    pub(super) fn embed_snippet(&self) -> String {
        let choices = &self.embed_choices;
        let link = self.embed_link();
        // A typed height wins; else the preview's measurement of this very frame.
        let measured = self
            .embed_measured
            .as_ref()
            .filter(|(key, _)| *key == self.embed_preview_key())
            .map(|(_, height)| *height);
        let height = choices
            .height
            .trim()
            .parse::<u32>()
            .ok()
            .or(measured)
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

    /// The link the snippet's frame opens: the run's, embedded, with the chosen charts,
    /// controls, autoplay and name.
    fn embed_link(&self) -> Link {
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
        link
    }
}
