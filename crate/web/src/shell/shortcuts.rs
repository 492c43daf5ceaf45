//! Whether the single-key shortcuts (Space, s, r) are on: WCAG 2.1.4 asks that a
//! shortcut of one character key can be turned off, since speech input and stray key
//! presses would otherwise set it off. The switch sits in the settings' "Keyboard
//! shortcuts" list; this browser remembers it (localStorage), and the run bar's buttons
//! stop naming their shortcuts (`aria-keyshortcuts`) while they are off.

use crate::dom::{self, by_id};
use web_sys::HtmlInputElement;

/// localStorage key: "off" while the shortcuts are turned off.
const SHORTCUTS_KEY: &str = "vgp-shortcuts";

/// The run bar's buttons and the key each is pressed by.
const KEYS: [(&str, &str); 3] = [("play", "Space"), ("step", "s"), ("reset", "r")];

/// True unless the visitor turned the shortcuts off.
pub fn on() -> bool {
    by_id::<HtmlInputElement>("shortcuts-on").map_or(true, |c| c.checked())
}

/// At start: the switch as this browser last left it.
pub fn restore() {
    let off = dom::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(SHORTCUTS_KEY).ok().flatten())
        .is_some_and(|v| v == "off");
    if let Ok(switch) = by_id::<HtmlInputElement>("shortcuts-on") {
        switch.set_checked(!off);
    }
    name_keys(!off);
}

/// The switch changed: remember it and say so on the buttons.
pub fn changed() {
    let on = on();
    if let Some(storage) = dom::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if on {
            storage.remove_item(SHORTCUTS_KEY)
        } else {
            storage.set_item(SHORTCUTS_KEY, "off")
        };
    }
    name_keys(on);
}

fn name_keys(on: bool) {
    for (id, key) in KEYS {
        if let Ok(button) = by_id::<web_sys::Element>(id) {
            let _ = if on {
                button.set_attribute("aria-keyshortcuts", key)
            } else {
                button.remove_attribute("aria-keyshortcuts")
            };
        }
    }
}
