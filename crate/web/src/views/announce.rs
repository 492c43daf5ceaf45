//! The status region (`#announcer`, visually hidden) as a view of the state: it writes
//! each new announcement once; the state decides what is said and when (state/announce.rs).

use crate::dom;
use crate::state::App;

/// The announcement last written (its serial).
#[derive(Default)]
pub struct Announcements {
    said: u32,
}

impl Announcements {
    pub fn render(&mut self, app: &App) {
        let (text, serial) = app.announcement();
        if serial == self.said {
            return;
        }
        self.said = serial;
        dom::set_text("announcer", text);
    }
}
