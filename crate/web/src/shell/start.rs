//! Starting the page: the shell with its state and views, the engine (a worker, or the
//! page itself), every translator wired, the first run, and the one animation loop.

use super::dispatch::Shell;
use super::engine::{Engine, Inbox};
use super::perform::TOUR_DISMISSED_KEY;
use super::{events, js_api, motion, parent, shortcuts, sticky};
use crate::state::{Action, App, EngineKind, FormReading};
use crate::views::{fill_picker, find_chart_font, Views};
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

/// Start the page, in four tasks of its own (`dom::later`) rather than one: on a slow
/// phone each piece of start-up is a few tens of milliseconds (the first call of each
/// function compiles it), and a page that embeds several playgrounds would otherwise
/// block its reader's input for the sum. The page answers its API and a parent page from
/// the second piece on, and says it is ready (`data-ready`) once the last has run.
pub fn start() -> Result<(), JsValue> {
    let link = address::read_address();
    let form = form::reading();
    fill_picker();
    shortcuts::restore();
    let shell =
        Rc::new_cyclic(|me| Shell::new(App::new(form.config.clone()), Views::new(), me.clone()));
    dom::later(move || {
        if went_well(start_engine_and_run(&shell, link, form)) {
            dom::later(move || {
                find_chart_font();
                dom::later(move || {
                    went_well(start_listening(shell));
                });
            });
        }
    });
    Ok(())
}

/// The second piece: the engine (a worker, or the page itself), the page's inputs wired,
/// the JavaScript API and the parent page's messages, and the first run.
fn start_engine_and_run(
    shell: &Rc<Shell>,
    link: Option<vgp::config::Link>,
    form: FormReading,
) -> Result<(), JsValue> {
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
    events::wire(shell)?;
    // The parent page's messages heard before the first run starts: starting it tells
    // the parent the frame is ready, and its first requests may come in the next task.
    parent::install(shell)?;
    shell.dispatch(Action::Start {
        link,
        form,
        tour_dismissed: tour_dismissed(),
        base_url: address::base_url(),
        engine: kind,
        reduced_motion: motion::reduced(),
    });
    // `window.vgp` (and its `vgp-ready` event) once the first run exists.
    js_api::install(shell)?;
    motion::watch(shell)
}

/// The last piece: what follows the page's layout, and the animation loop; then the page
/// says it is ready.
fn start_listening(shell: Rc<Shell>) -> Result<(), JsValue> {
    sticky::watch()?;
    start_loop(shell);
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        body.dataset().set("ready", "1")?;
    }
    Ok(())
}

/// True when a piece of start-up went well; one that failed says so in the banner, and
/// the pieces after it do not run (the page is never ready).
fn went_well(result: Result<(), JsValue>) -> bool {
    match result {
        Ok(()) => true,
        Err(e) => {
            let what = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            dom::show_error(&format!("The playground could not start: {what}."));
            false
        }
    }
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
