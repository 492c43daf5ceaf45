//! Starting the page: the shell with its state and views, the engine (a worker, or the
//! page itself), every translator wired, the first run, and the one animation loop.

use super::dispatch::Shell;
use super::engine::{Engine, Inbox};
use super::perform::TOUR_DISMISSED_KEY;
use super::{events, js_api, motion, parent, shortcuts, sticky};
use crate::state::{Action, App, EngineKind};
use crate::views::{fill_picker, Views};
use crate::{address, dom, form};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The frame callback, kept where it can register itself again.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// True when the tour was dismissed on this browser.
fn tour_dismissed() -> bool {
    dom::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(TOUR_DISMISSED_KEY).ok().flatten())
        .is_some_and(|v| v == "1")
}

/// Start the page.
pub fn start() -> Result<(), JsValue> {
    let link = address::read_address();
    let form = form::reading();
    fill_picker();
    shortcuts::restore();
    let shell =
        Rc::new_cyclic(|me| Shell::new(App::new(form.config.clone()), Views::new(), me.clone()));
    // The engine's replies are dispatched as they come.
    let inbox: Inbox = Rc::default();
    let wake: Rc<dyn Fn()> = {
        let (inbox, post) = (inbox.clone(), shell.poster());
        Rc::new(move || loop {
            let next = inbox.borrow_mut().pop_front();
            match next {
                Some(reply) => post(Action::Engine(reply)),
                None => break,
            }
        })
    };
    let (engine, kind) = match Engine::start_worker(&inbox, wake.clone()) {
        Some(worker) => (worker, EngineKind::Worker),
        None => (Engine::local(&inbox, wake), EngineKind::Page),
    };
    shell.outside().engine = Some(engine);
    events::wire(&shell)?;
    shell.dispatch(Action::Start {
        link,
        form,
        tour_dismissed: tour_dismissed(),
        base_url: address::base_url(),
        engine: kind,
        reduced_motion: motion::reduced(),
    });
    motion::watch(&shell)?;
    sticky::watch()?;
    js_api::install(&shell)?;
    parent::install(&shell)?;
    start_loop(shell);
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        body.dataset().set("ready", "1")?;
    }
    Ok(())
}

/// The one requestAnimationFrame loop. It runs while the page wants frames
/// (`Shell::wants_frames`) and sleeps otherwise; any action wakes it (`Shell::wake`).
fn start_loop(shell: Rc<Shell>) {
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    let looping = shell.clone();
    *slot.borrow_mut() = Some(Closure::new(move || {
        looping.frame_began();
        looping.frame();
        if looping.wants_frames() {
            looping.wake();
        }
    }));
    shell.set_waker(Rc::new(move || request_frame(&again)));
    shell.wake();
}

fn request_frame(slot: &FrameSlot) {
    if let (Some(window), Some(callback)) = (dom::window(), slot.borrow().as_ref()) {
        let _ = window.request_animation_frame(callback.as_ref().unchecked_ref());
    }
}
