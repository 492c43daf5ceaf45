//! Performing the state's effects, one at a time, with nothing borrowed while JavaScript
//! runs: the engine's messages (a page-side engine's answers come back as actions),
//! answers to waiting calls, subscribers and the parent page told of a new epoch, the
//! form written, downloads, the clipboard, focus and scrolling.

use super::clipboard;
use super::engine::Engine;
use super::js_values::{error_js, event, reply, state_js, value_js};
use super::outside::{Answer, Outside, Subscribers};
use super::parent_page::post_to_parent;
use crate::dom::{self, by_id};
use crate::state::{Action, App, Effect, Reply};
use crate::views::Views;
use crate::{exports, form};
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlDialogElement, HtmlElement, HtmlTextAreaElement};

/// The storage key remembering a dismissed tour.
pub const TOUR_DISMISSED_KEY: &str = "vgp-tour-dismissed";

/// What performing an effect may touch.
pub struct Context<'a> {
    pub app: &'a RefCell<App>,
    pub views: &'a RefCell<Views>,
    pub outside: &'a RefCell<Outside>,
    /// Queues an action (it runs after the effects before it).
    pub post: &'a Rc<dyn Fn(Action)>,
    /// The `subscribe` callbacks, by id (shared with the microtasks that call them).
    pub subscribers: &'a Subscribers,
}

/// The name every message of this frame carries.
fn frame_name(cx: &Context) -> Option<String> {
    cx.app.try_borrow().ok()?.page().frame.clone()
}

/// Report an exception thrown by a page's callback (a subscriber) where the page's own
/// error handlers see it (`window.onerror`), without stopping the others.
fn report_error(error: &JsValue) {
    let Some(window) = dom::window() else {
        return;
    };
    let report = Reflect::get(&window, &"reportError".into()).unwrap_or(JsValue::UNDEFINED);
    match report.dyn_ref::<Function>() {
        Some(f) => {
            let _ = f.call1(&window, error);
        }
        None => web_sys::console::error_1(error),
    }
}

pub fn perform(cx: &Context, effect: Effect) {
    match effect {
        Effect::Send(message) => {
            let sent = match cx.outside.borrow_mut().engine.as_mut() {
                Some(engine) => engine.send(message),
                None => Err("the page has no engine".to_string()),
            };
            match sent {
                Ok(Some(updates)) => (cx.post)(Action::Engine(Reply::Updates(updates))),
                Ok(None) => {}
                Err(text) => (cx.post)(Action::Engine(Reply::NotSent(text))),
            }
        }
        Effect::UsePageEngine => {
            web_sys::console::warn_1(&"No training worker: the page trains the run itself.".into());
            let mut outside = cx.outside.borrow_mut();
            let local = outside.engine.as_ref().map(Engine::to_local);
            outside.engine = local;
        }
        Effect::Answer(id, result) => {
            let Some(answer) = cx.outside.borrow_mut().take_answer(id) else {
                return;
            };
            let value = result.map(|v| value_js(v, cx.views.try_borrow().ok().as_deref()));
            match answer {
                Answer::Promise { resolve, reject } => {
                    let _ = match value {
                        Ok(v) => resolve.call1(&JsValue::NULL, &v),
                        Err(e) => reject.call1(&JsValue::NULL, &error_js(&e)),
                    };
                }
                Answer::Message(to) => {
                    let message = reply(&to.id, frame_name(cx).as_deref(), value);
                    let _ = to.window.post_message(&message, &to.origin);
                    guard_answered(&to.id);
                }
            }
        }
        Effect::Notify(state) => notify_later(cx, state_js(&state)),
        Effect::PostEpoch(state) => {
            let parent = cx.outside.borrow().parent_subscriber.clone();
            if let Some(parent) = parent {
                let message = event("epoch", frame_name(cx).as_deref());
                let _ = Reflect::set(&message, &"state".into(), &state_js(&state));
                let _ = parent.window.post_message(&message, &parent.origin);
            }
        }
        Effect::AnnounceReady => {
            let page = cx
                .app
                .try_borrow()
                .map(|a| a.page().clone())
                .unwrap_or_default();
            post_to_parent(&page, &event("ready", page.frame.as_deref()).into());
        }
        Effect::WriteForm(config) => form::write(&config),
        Effect::WriteSeed(seed) => form::set_seed(seed),
        Effect::RefreshForm => form::refresh(),
        Effect::Download { name, mime, text } => {
            if let Err(e) = exports::download_text(name, mime, &text) {
                dom::show_error(&format!("{name} could not be downloaded: {e:?}"));
            }
        }
        Effect::DownloadPng(id) => {
            if let Err(e) = exports::download_png(&id) {
                dom::show_error(&format!("The chart could not be downloaded: {e:?}"));
            }
        }
        Effect::ShowError(text) => dom::show_error(&text),
        Effect::Copy { text, done } => clipboard::copy(&text, done, cx.post.clone()),
        Effect::EmbedSnippet {
            text,
            open,
            preview: (src, width),
        } => {
            if let Ok(code) = by_id::<HtmlTextAreaElement>("embed-code") {
                code.set_value(&text);
            }
            // The preview loads the frame as it will be (a new address only); it exists
            // only while the dialog is open.
            let open_now =
                open || by_id::<HtmlDialogElement>("embed-dialog").is_ok_and(|d| d.open());
            if let Some(frame) = open_now.then(preview_frame).flatten() {
                let _ = frame.style().set_property("width", &format!("{width}px"));
                // What its height reports are of (App::embed_preview_key).
                let _ = frame.set_attribute("data-key", &format!("{width} {src}"));
                if frame.get_attribute("src").as_deref() != Some(src.as_str()) {
                    frame.set_src(&src);
                }
            }
            if open {
                if let Ok(dialog) = by_id::<HtmlDialogElement>("embed-dialog") {
                    if !dialog.open() {
                        let _ = dialog.show_modal();
                    }
                }
            }
        }
        Effect::ScrollTo(id) => {
            if let Ok(target) = by_id::<web_sys::Element>(id) {
                target.scroll_into_view();
            }
        }
        Effect::SettingsFocus(open) => settings_focus(open),
        Effect::RememberTourDismissed => {
            if let Some(storage) = dom::window().and_then(|w| w.local_storage().ok().flatten()) {
                let _ = storage.set_item(TOUR_DISMISSED_KEY, "1");
            }
        }
        Effect::StartSweep(config) => cx.outside.borrow_mut().sweep.start(&config),
        Effect::PlayTones(tones) => cx.outside.borrow_mut().listen.play(&tones),
        Effect::StopTones => cx.outside.borrow_mut().listen.stop(),
    }
}

/// Tell the crash guard (`www/guard.js`) that the parent's request `id` has its answer
/// (it answers those still open if the module traps).
fn guard_answered(id: &JsValue) {
    let Some(window) = dom::window() else {
        return;
    };
    let guard = Reflect::get(&window, &"vgpGuard".into()).unwrap_or(JsValue::UNDEFINED);
    let answered = Reflect::get(&guard, &"answered".into()).unwrap_or(JsValue::UNDEFINED);
    if let Some(f) = answered.dyn_ref::<Function>() {
        let _ = f.call1(&guard, id);
    }
}

/// Call the `subscribe` callbacks with `state` in a microtask: after the call or event
/// that led to the new epoch has returned (never inside another call), and before
/// anything else happens on the page (a pause a subscriber asks for stops the run at
/// that epoch). A subscriber unsubscribed by an earlier one is not called.
fn notify_later(cx: &Context, state: JsValue) {
    let Some(window) = dom::window() else {
        return;
    };
    let subscribers = cx.subscribers.clone();
    let task = Closure::once_into_js(move || {
        let ids: Vec<u32> = subscribers.borrow().iter().map(|(id, _)| *id).collect();
        for id in ids {
            let f = subscribers
                .borrow()
                .iter()
                .find(|(i, _)| *i == id)
                .map(|(_, f)| f.clone());
            if let Some(f) = f {
                if let Err(error) = f.call1(&JsValue::NULL, &state) {
                    report_error(&error);
                }
            }
        }
    });
    if let Some(task) = task.dyn_ref::<Function>() {
        window.queue_microtask(task);
    }
}

/// The settings sheet opened (focus its Close button) or closed (focus returns to the
/// Settings button, if it was in the sheet or nowhere).
fn settings_focus(open: bool) {
    // The sheet shows (and the page behind it turns inert or back) first: the layout
    // view would only do it after the effects, and an inert element takes no focus.
    crate::views::layout::show_sheet(open);
    if open {
        if let Ok(close) = by_id::<HtmlElement>("settings-close") {
            let _ = close.focus();
        }
        return;
    }
    // Back to the Settings button if the focus was in the sheet or nowhere (it left the
    // sheet's last control for the browser's own).
    let document = dom::document();
    let body = document.as_ref().and_then(|d| d.body());
    let inside = document.and_then(|d| d.active_element()).is_none_or(|a| {
        a.closest("#settings").ok().flatten().is_some()
            || body.as_ref().is_some_and(|b| b.is_same_node(Some(&a)))
    });
    if inside {
        if let Ok(toggle) = by_id::<HtmlElement>("settings-toggle") {
            let _ = toggle.focus();
        }
    }
}

/// The Embed dialog's preview frame, made the first time it is needed.
fn preview_frame() -> Option<web_sys::HtmlIFrameElement> {
    if let Ok(frame) = by_id::<web_sys::HtmlIFrameElement>("embed-preview") {
        return Some(frame);
    }
    let holder = by_id::<web_sys::Element>("embed-preview-box").ok()?;
    let frame: web_sys::HtmlIFrameElement = dom::document()?
        .create_element("iframe")
        .ok()?
        .dyn_into()
        .ok()?;
    frame.set_id("embed-preview");
    frame.set_title("Preview of the embedded playground");
    let _ = frame.set_attribute("tabindex", "-1");
    holder.append_child(&frame).ok()?;
    Some(frame)
}
