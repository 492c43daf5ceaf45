//! The page and the page around it, as translators: the API's methods over
//! `postMessage` from the parent page (docs/embedding.md), the content's height sent to
//! the parent (`resize` events, and Canvas LMS's `lti.frameResize`), and `autoplay`
//! (train while the frame is on screen).

use super::dispatch::Shell;
use super::js_api::param;
use super::js_values::{event, reply};
use super::outside::{Answer, ReplyTo};
use super::parent_page::{parent_window, post_to_parent};
use crate::dom;
use crate::form;
use crate::state::{parse_call, Action, ApiCall, ApiError, Param};
use js_sys::{Array, Object, Reflect};
use std::rc::{Rc, Weak};
use vgp::config::Resize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

/// Listen to the parent page, and report size and visibility.
pub fn install(shell: &Rc<Shell>) -> Result<(), JsValue> {
    let Some(window) = dom::window() else {
        return Ok(());
    };
    let on_message = {
        let shell = Rc::downgrade(shell);
        Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| on_message(&shell, &e))
    };
    window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())?;
    on_message.forget();
    watch_size(shell)?;
    watch_visibility(shell)?;
    Ok(())
}

/// A message from the parent page: obey it if it has the protocol's shape and comes from
/// the parent (and from `parent=`'s origin when the link names one); ignore anything else.
fn on_message(shell: &Weak<Shell>, e: &MessageEvent) {
    let (Some(parent), Some(shell)) = (parent_window(), shell.upgrade()) else {
        return;
    };
    let from_parent = e
        .source()
        .is_some_and(|s| Object::is(s.as_ref(), parent.as_ref()));
    if !from_parent {
        return;
    }
    let data = e.data();
    let get = |key: &str| Reflect::get(&data, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if !data.is_object() || get("vgp").as_f64() != Some(1.0) {
        return;
    }
    let Some(method) = get("method").as_string() else {
        return;
    };
    let Some(page) = shell.app().map(|a| a.page().clone()) else {
        return;
    };
    let origin = e.origin();
    if page
        .parent
        .as_ref()
        .is_some_and(|allowed| *allowed != origin)
    {
        return;
    }
    let to = ReplyTo {
        window: parent,
        origin: if origin == "null" {
            "*".to_string()
        } else {
            origin
        },
        id: get("id"),
    };
    let params_value = get("params");
    let params: Vec<Param> = if params_value.is_undefined() {
        Vec::new()
    } else if let Some(list) = params_value.dyn_ref::<Array>() {
        list.iter().map(|v| param(&v)).collect()
    } else {
        answer_now(&to, &page, &ApiError::bad_params("params must be an array"));
        return;
    };
    let call = match method.as_str() {
        "hello" => Ok(ApiCall::Hello { announce: true }),
        "subscribe" => Ok(ApiCall::EpochEvents(true)),
        "unsubscribe" => Ok(ApiCall::EpochEvents(false)),
        _ => parse_call(&method, &params, form::reading),
    };
    let call = match call {
        Ok(call) => call,
        Err(error) => {
            answer_now(&to, &page, &error);
            return;
        }
    };
    match call {
        ApiCall::EpochEvents(true) => shell.outside().parent_subscriber = Some(to.clone()),
        ApiCall::EpochEvents(false) => shell.outside().parent_subscriber = None,
        _ => {}
    }
    let id = shell.outside().reply_id();
    shell.expect_answer(id, Answer::Message(to));
    shell.dispatch(Action::Api { call, reply: id });
}

/// An error reply to a message that never reached the state.
fn answer_now(to: &ReplyTo, page: &vgp::config::PageOptions, error: &ApiError) {
    let message = reply(&to.id, page.frame.as_deref(), Err(error.clone()));
    let _ = to.window.post_message(&message, &to.origin);
}

/// Report the content height to the parent whenever it changes (`resize` events, and
/// Canvas LMS's `lti.frameResize` with `resize=lti`).
fn watch_size(shell: &Rc<Shell>) -> Result<(), JsValue> {
    if parent_window().is_none() {
        return Ok(());
    }
    let Some(root) = dom::document().and_then(|d| d.document_element()) else {
        return Ok(());
    };
    let shell = Rc::downgrade(shell);
    let last = Rc::new(std::cell::Cell::new(-1.0));
    let callback = Closure::<dyn FnMut()>::new(move || {
        let Some(root) = dom::document().and_then(|d| d.document_element()) else {
            return;
        };
        // The content's own height (the root element's box), not `scrollHeight`, which
        // is never less than the frame's height: a frame sized too tall could never
        // shrink to its content, nor a preview measure it.
        let height = root.get_bounding_client_rect().height().ceil();
        if (height - last.get()).abs() < 1.0 {
            return;
        }
        last.set(height);
        let Some(page) = shell
            .upgrade()
            .and_then(|s| s.app().map(|a| a.page().clone()))
        else {
            return;
        };
        let message = event("resize", page.frame.as_deref());
        let _ = Reflect::set(&message, &"height".into(), &height.into());
        post_to_parent(&page, &message);
        if page.resize == Some(Resize::Lti) {
            let lti = Object::new();
            let _ = Reflect::set(&lti, &"subject".into(), &"lti.frameResize".into());
            let _ = Reflect::set(&lti, &"height".into(), &height.into());
            post_to_parent(&page, &lti);
        }
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&root);
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        observer.observe(&body);
    }
    callback.forget();
    std::mem::forget(observer);
    Ok(())
}

/// `autoplay=1`: train while the page (or the frame holding it) is on screen, pause when
/// it scrolls away, so many embeds on one page do not all use the processor.
fn watch_visibility(shell: &Rc<Shell>) -> Result<(), JsValue> {
    let Some(body) = dom::document().and_then(|d| d.body()) else {
        return Ok(());
    };
    let shell = Rc::downgrade(shell);
    let callback = Closure::<dyn FnMut(Array)>::new(move |entries: Array| {
        let visible = entries.iter().any(|e| {
            e.dyn_ref::<web_sys::IntersectionObserverEntry>()
                .is_some_and(|e| e.is_intersecting())
        });
        if let Some(shell) = shell.upgrade() {
            shell.dispatch(Action::Visible(visible));
        }
    });
    let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref())?;
    observer.observe(&body);
    callback.forget();
    std::mem::forget(observer);
    Ok(())
}
