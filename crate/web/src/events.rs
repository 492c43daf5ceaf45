//! Wiring the page's controls, keyboard shortcuts and the animation loop to the `App`.

use super::app::{App, RunFileUse, Shared};
use super::dom::{self, by_id};
use super::exports;
use super::form;
use std::cell::RefCell;
use std::rc::Rc;
use vgp::charts::loss::LossScale;
use vgp::charts::scale::{ColourScale, HeatmapMode};
use vgp::runfile::metrics_csv_of;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, MouseEvent,
};

/// The frame callback, kept where it can re-register itself.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

/// A fresh seed from the system's random source (the only non-seeded randomness).
fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u32::from_le_bytes(bytes) as u64,
        Err(_) => (dom::now_ms() as u64) & 0xffff_ffff,
    }
}

/// Show the error of a failed page action in the banner.
fn report(result: Result<(), JsValue>) {
    if let Err(e) = result {
        dom::show_error(&e.as_string().unwrap_or_else(|| format!("{e:?}")));
    }
}

pub(super) fn wire_controls(app: &Shared) -> Result<(), JsValue> {
    on(&by_id("play")?, "click", app, |a, _| {
        a.set_playing(!a.playing)
    })?;
    on(&by_id("step")?, "click", app, |a, _| a.step_once())?;
    on(&by_id("reset")?, "click", app, |a, _| a.rebuild())?;
    on(&by_id("new-seed")?, "click", app, |a, _| {
        report(form::set_seed(fresh_seed()));
        a.rebuild();
    })?;
    on(&by_id("controls")?, "change", app, |a, e| {
        a.control_changed(e)
    })?;
    on(&by_id("controls")?, "input", app, |_, _| form::refresh())?;
    // Enter in a field must not submit (reload) the page.
    on(&by_id("controls")?, "submit", app, |_, e| {
        e.prevent_default()
    })?;
    on(&by_id("speed")?, "change", app, |a, _| {
        a.speed = by_id::<HtmlSelectElement>("speed")
            .ok()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(0);
    })?;
    on(&by_id("heatmap-relative")?, "change", app, |a, _| {
        let relative = by_id::<HtmlInputElement>("heatmap-relative").is_ok_and(|c| c.checked());
        // One scale object for every heatmap on the page (A's and B's).
        a.heatmap_scale = ColourScale::fixed(if relative {
            HeatmapMode::RelativeToOutput
        } else {
            HeatmapMode::Absolute
        });
        a.drawn_epoch = None;
    })?;
    on(&by_id("compare-toggle")?, "click", app, |a, _| {
        a.compare_clicked()
    })?;
    on(&by_id("compare-pick")?, "change", app, |a, _| {
        a.compare_picked()
    })?;
    on(&by_id("edit-a")?, "change", app, |a, _| a.edit_switched())?;
    on(&by_id("edit-b")?, "change", app, |a, _| a.edit_switched())?;
    on(&by_id("settings-toggle")?, "click", app, |_, _| {
        let open = dom::document()
            .and_then(|d| d.body())
            .is_some_and(|b| b.class_list().contains("settings-open"));
        set_settings_open(!open);
    })?;
    on(&by_id("settings-close")?, "click", app, |_, _| {
        set_settings_open(false)
    })?;
    on(&by_id("notice")?, "click", app, |_, e| {
        let dismiss = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.class_list().contains("dismiss"));
        if dismiss {
            if let Ok(notice) = by_id::<HtmlElement>("notice") {
                notice.set_hidden(true);
            }
        }
    })?;
    on(&by_id("copy-link")?, "click", app, |a, _| {
        super::link::copy(&super::link::full_url(&a.link().to_fragment()));
    })?;
    on(&by_id("tour-open")?, "click", app, |a, _| {
        super::tour::open(a)
    })?;
    on(&by_id("tour-next")?, "click", app, |a, _| {
        super::tour::next(a)
    })?;
    on(&by_id("tour-back")?, "click", app, |a, _| {
        super::tour::back(a)
    })?;
    on(&by_id("tour-close")?, "click", app, |a, _| {
        super::tour::close(a)
    })?;
    on(&by_id("preset")?, "change", app, |a, _| {
        super::story::picked(a)
    })?;
    on(
        &by_id("diagnosis")?,
        "click",
        app,
        super::story::remedy_clicked,
    )?;
    on(&by_id("embed-open")?, "click", app, |a, _| {
        super::embed_dialog::open(a)
    })?;
    on(&by_id("embed-form")?, "input", app, |a, _| {
        super::embed_dialog::update(a)
    })?;
    on(&by_id("embed-form")?, "change", app, |a, _| {
        super::embed_dialog::update(a)
    })?;
    on(&by_id("embed-copy")?, "click", app, |a, _| {
        super::link::copy_text(&super::embed_dialog::snippet(a), "Embed code copied.");
    })?;
    on(&by_id("loss-log")?, "change", app, |a, _| {
        let log = by_id::<HtmlInputElement>("loss-log").is_ok_and(|c| c.checked());
        a.view.loss_scale = if log {
            LossScale::Log
        } else {
            LossScale::Linear
        };
        a.drawn_epoch = None;
    })?;
    on(&by_id("export-csv")?, "click", app, |a, _| {
        let layers = a.run.history().newest().map_or(0, |m| m.grad_norm.len());
        report(exports::download_text(
            "vgp-metrics.csv",
            "text/csv",
            &metrics_csv_of(a.run.history(), layers),
        ))
    })?;
    // The run (with its parameters) is in the engine: the download starts when it answers.
    on(&by_id("sweep-run")?, "click", app, |a, _| {
        let config = a.run.config().clone();
        a.sweep.start(&config);
    })?;
    on(&by_id("export-json")?, "click", app, |a, _| {
        a.request_run_file(0, RunFileUse::Download)
    })?;
    let Some(document) = dom::document() else {
        return Ok(());
    };
    let buttons = document.query_selector_all("button.png[data-canvas]")?;
    for i in 0..buttons.length() {
        let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        on(&button, "click", app, |_, e| {
            let id = e
                .current_target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|b| b.get_attribute("data-canvas"));
            if let Some(id) = id {
                report(exports::download_png(&id));
            }
        })?;
    }
    let heatmap: Element = by_id("chart-heatmap")?;
    on(&heatmap, "mousemove", app, |a, e| a.show_tip(e))?;
    on(&heatmap, "click", app, |a, e| a.show_tip(e))?;
    on(&heatmap, "mouseleave", app, |_, _| {
        if let Ok(tip) = by_id::<HtmlElement>("heatmap-tip") {
            tip.set_hidden(true);
        }
    })?;
    // B's heatmap (made and removed with compare mode) is reached through its container.
    if let Some(charts) = super::compare::charts_container() {
        for name in ["mousemove", "click", "mouseout"] {
            on(&charts, name, app, |a, e| a.show_tip_b(e))?;
        }
    }
    on(document.as_ref(), "keydown", app, shortcut)?;
    // A button or checkbox clicked with the pointer gives its focus back, so the keyboard
    // shortcuts (space = play/pause) do what the page says whatever was clicked last.
    // Keyboard users (detail 0: Enter or Space on a focused control) keep their focus.
    on(document.as_ref(), "click", app, |_, e| {
        let pointer = e.dyn_ref::<MouseEvent>().is_some_and(|m| m.detail() > 0);
        let Some(target) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) else {
            return;
        };
        let checkbox = target
            .dyn_ref::<HtmlInputElement>()
            .is_some_and(|i| i.type_() == "checkbox");
        if pointer && (target.tag_name() == "BUTTON" || checkbox) {
            let _ = target.blur();
        }
    })?;
    if let Some(window) = dom::window() {
        on(window.as_ref(), "resize", app, |a, _| a.drawn_epoch = None)?;
        on(window.as_ref(), "hashchange", app, |a, _| {
            a.address_changed()
        })?;
    }
    Ok(())
}

/// Keyboard shortcuts: space = play/pause, s = step, r = reset (not while typing in a field).
fn shortcut(app: &mut App, event: &Event) {
    let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
        return;
    };
    if key.ctrl_key() || key.meta_key() || key.alt_key() {
        return;
    }
    // Escape closes the settings sheet wherever the focus is.
    if key.key() == "Escape" {
        set_settings_open(false);
        return;
    }
    let in_field = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|t| {
            matches!(
                t.tag_name().as_str(),
                "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
            )
        });
    if in_field {
        return;
    }
    match key.key().as_str() {
        " " => app.set_playing(!app.playing),
        "s" | "S" => app.step_once(),
        "r" | "R" => app.rebuild(),
        _ => return,
    }
    event.prevent_default();
}

/// Open or close the settings sheet (phones; on a desktop the settings always show).
fn set_settings_open(open: bool) {
    let Some(body) = dom::document().and_then(|d| d.body()) else {
        return;
    };
    let _ = body.class_list().toggle_with_force("settings-open", open);
    if let Ok(toggle) = by_id::<HtmlElement>("settings-toggle") {
        let _ = toggle.set_attribute("aria-expanded", if open { "true" } else { "false" });
        if !open {
            // Focus returns to where the sheet was opened from (only if it had moved into it).
            let inside = dom::document()
                .and_then(|d| d.active_element())
                .is_some_and(|a| a.closest("#settings").ok().flatten().is_some());
            if inside {
                let _ = toggle.focus();
            }
        }
    }
    if open {
        if let Ok(close) = by_id::<HtmlElement>("settings-close") {
            let _ = close.focus();
        }
    }
}

/// Call `handler` on the app whenever `event` fires on `target`.
fn on(
    target: &web_sys::EventTarget,
    event: &str,
    app: &Shared,
    handler: fn(&mut App, &Event),
) -> Result<(), JsValue> {
    let app = app.clone();
    let closure = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        if let Ok(mut app) = app.try_borrow_mut() {
            handler(&mut app, &e);
        }
    });
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // Listeners live as long as the page.
    closure.forget();
    Ok(())
}

/// The one requestAnimationFrame loop.
pub(super) fn start_loop(app: Shared) {
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move || {
        if let Ok(mut app) = app.try_borrow_mut() {
            app.frame();
        }
        request_frame(&again);
    }));
    request_frame(&slot);
}

fn request_frame(slot: &FrameSlot) {
    if let (Some(window), Some(callback)) = (dom::window(), slot.borrow().as_ref()) {
        let _ = window.request_animation_frame(callback.as_ref().unchecked_ref());
    }
}
