//! The guided tour's card as a view of the state: the step's count, title and text, Back
//! and Next (Finish on the last step), hidden while no step shows.

use crate::dom::{self, by_id};
use crate::state::{App, TOUR_STEPS};
use web_sys::HtmlElement;

/// The step last shown, and whether for reduced motion.
#[derive(Default)]
pub struct TourCard {
    shown: Option<(Option<usize>, bool)>,
}

impl TourCard {
    pub fn render(&mut self, app: &App) {
        let step = app.tour_step();
        let key = (step, app.reduced_motion());
        if self.shown == Some(key) {
            return;
        }
        self.shown = Some(key);
        let Ok(tour) = by_id::<HtmlElement>("tour") else {
            return;
        };
        let Some((k, step)) = step.and_then(|k| TOUR_STEPS.get(k).map(|s| (k, s))) else {
            tour.set_hidden(true);
            return;
        };
        dom::set_text(
            "tour-count",
            &format!("Tour: step {} of {}", k + 1, TOUR_STEPS.len()),
        );
        dom::set_text("tour-title", step.title);
        dom::set_text("tour-text", app.tour_text(k));
        if let Ok(back) = by_id::<HtmlElement>("tour-back") {
            back.set_hidden(k == 0);
        }
        let last = k + 1 == TOUR_STEPS.len();
        dom::set_text("tour-next", if last { "Finish" } else { "Next" });
        tour.set_hidden(false);
    }
}
