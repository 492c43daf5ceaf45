//! A panic must never leave a silently dead page: its message goes to a visible banner,
//! and to the crash guard (`www/guard.js`, as `body[data-panic]`), which takes over once
//! the panic has ended in a trap: it keeps the message and adds Restart.

use super::dom;

/// Install the hook once: it logs to the console and shows `#error-banner`.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = format!(
            "Something went wrong inside the playground: {info}. Reload the page to start again."
        );
        web_sys::console::error_1(&message.clone().into());
        dom::show_error(&message);
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            let _ = body.dataset().set("panic", &info.to_string());
        }
    }));
}
