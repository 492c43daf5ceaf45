//! The guided tour: five short steps through the seed's story with the presets (see it
//! vanish, recognize it by the loss and by the weights, see why in the chain rule, fix
//! it). Dismissed once, it stays dismissed (localStorage; a page without storage simply
//! offers it again); never shown in an embed unless the link says `tour=1`.

use super::app::App;
use super::dom::{self, by_id};
use vgp::config::Link;
use vgp::presets::{preset, preset_config};
use web_sys::HtmlElement;

/// The storage key remembering a dismissed tour.
const DISMISSED_KEY: &str = "vgp-tour-dismissed";

/// One step: its title, its text, the preset it loads (if any) and the element it
/// brings into view.
struct TourStep {
    title: &'static str,
    text: &'static str,
    preset: Option<&'static str>,
    target: &'static str,
}

const STEPS: [TourStep; 5] = [
    TourStep {
        title: "See the gradient vanish",
        text: "This network has ten sigmoid layers and is training on two interleaved moons. In the heatmap each row is a layer, layer 1 at the bottom: the rows near the input stay dark because their gradients are millions of times weaker than the output layer's.",
        preset: Some("vanishing"),
        target: "chart-heatmap",
    },
    TourStep {
        title: "Recognize it by the loss",
        text: "The first sign: the loss stops changing. Here it sits at 0.69, which is what guessing gives for two classes, and the accuracy stays at 50%. The read-out beside the run bar shows the same numbers.",
        preset: None,
        target: "chart-loss",
    },
    TourStep {
        title: "Recognize it by the weights",
        text: "The second sign: the weights stop moving. Lines that stay on 0 are the input-side layers, frozen where initialization put them; the output side's lines move. The update chart below shows the same per epoch.",
        preset: None,
        target: "chart-weights",
    },
    TourStep {
        title: "Why: one factor per layer",
        text: "Backpropagation multiplies the gradient by one factor per layer on its way down. Each sigmoid layer's slopes multiply it by less than 0.25, and ten such factors make it vanish. The Diagnosis panel says the same in numbers.",
        preset: None,
        target: "chart-gains",
    },
    TourStep {
        title: "Fix it",
        text: "The same network with ReLU and He initialization: every factor is close to 1, every row of the heatmap is lit, and the loss falls. The Story menu has the other remedies (fewer layers, Glorot, batch normalization, residual connections) and the traps (dying ReLU, exploding gradients).",
        preset: Some("relu-he"),
        target: "chart-heatmap",
    },
];

fn storage() -> Option<web_sys::Storage> {
    dom::window()?.local_storage().ok().flatten()
}

/// True when the tour was dismissed on this browser.
fn dismissed() -> bool {
    storage()
        .and_then(|s| s.get_item(DISMISSED_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Show the tour at start when the link asks for it (`tour=1`), or on a plain visit
/// (no link in the address, not embedded) until it has been dismissed. A shared link
/// opens its own configuration, not the tour.
pub fn start(app: &mut App, opened_link: bool) {
    let wanted = app.page.tour || (!app.page.embed && !opened_link && !dismissed());
    if wanted {
        go_to(app, 0);
    }
}

/// Open the tour at its first step (the Tour button).
pub fn open(app: &mut App) {
    go_to(app, 0);
}

/// Show step `k`: its text, its preset loaded and playing, its chart in view.
pub fn go_to(app: &mut App, k: usize) {
    let Some(step) = STEPS.get(k) else {
        return;
    };
    app.tour_step = Some(k);
    dom::set_text(
        "tour-count",
        &format!("Tour: step {} of {}", k + 1, STEPS.len()),
    );
    dom::set_text("tour-title", step.title);
    dom::set_text("tour-text", step.text);
    if let Ok(back) = by_id::<HtmlElement>("tour-back") {
        back.set_hidden(k == 0);
    }
    dom::set_text(
        "tour-next",
        if k + 1 == STEPS.len() {
            "Finish"
        } else {
            "Next"
        },
    );
    if let Ok(tour) = by_id::<HtmlElement>("tour") {
        tour.set_hidden(false);
    }
    if let Some(p) = step.preset.and_then(preset) {
        let link = Link {
            config: preset_config(p),
            b: None,
            page: app.page.clone(),
            warnings: Vec::new(),
        };
        app.open(&link);
        app.set_playing(true);
    }
    if k > 0 {
        if let Ok(target) = by_id::<web_sys::Element>(step.target) {
            target.scroll_into_view();
        }
    }
}

/// Next (or Finish on the last step).
pub fn next(app: &mut App) {
    match app.tour_step {
        Some(k) if k + 1 < STEPS.len() => go_to(app, k + 1),
        _ => close(app),
    }
}

pub fn back(app: &mut App) {
    if let Some(k) = app.tour_step.filter(|&k| k > 0) {
        go_to(app, k - 1);
    }
}

/// Close the tour and remember that (where the browser lets the page store it).
pub fn close(app: &mut App) {
    app.tour_step = None;
    if let Ok(tour) = by_id::<HtmlElement>("tour") {
        tour.set_hidden(true);
    }
    if let Some(s) = storage() {
        let _ = s.set_item(DISMISSED_KEY, "1");
    }
}
