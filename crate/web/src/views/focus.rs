//! The keyboard focus as a view of the state: each focus request (a skip link, the tour
//! opening, stepping or closing) is carried out once, after the other views have drawn,
//! so that its element is shown by then (a hidden element cannot take the focus).

use crate::dom::by_id;
use crate::state::App;
use web_sys::{FocusOptions, HtmlElement};

/// The focus request last carried out (its number).
#[derive(Default)]
pub struct Focus {
    done: u32,
}

impl Focus {
    pub fn render(&mut self, app: &App) {
        let request = app.focus_request();
        if request.serial == self.done {
            return;
        }
        self.done = request.serial;
        let Ok(target) = by_id::<HtmlElement>(request.id) else {
            return;
        };
        if request.to_top {
            // Its top at the top of the view (the page's scroll padding keeps it below
            // the sticky run bar); focusing alone would show some middle part of it.
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = target.focus_with_options(&options);
            target.scroll_into_view_with_bool(true);
        } else {
            let _ = target.focus();
        }
    }
}
