//! The page's controls, keyboard shortcuts and window events as actions: each handler
//! reads what its event says (and the form, where the action needs it) and dispatches;
//! nothing here changes the state or draws.

use super::dispatch::Shell;
use super::shortcuts;
use crate::dom::{self, by_id};
use crate::form;
use crate::state::{explored, Action, EmbedChoices, A_SLOT, B_SLOT};
use std::rc::Rc;
use vgp::charts::network::NetworkMode;
use vgp::charts::weights_layout::WeightsKey;
use vgp::config::PANELS;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventTarget, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent,
    MouseEvent,
};

/// A fresh seed from the system's random source (the only non-seeded randomness).
fn fresh_seed() -> u64 {
    let mut bytes = [0u8; 4];
    match getrandom::fill(&mut bytes) {
        Ok(()) => u32::from_le_bytes(bytes) as u64,
        Err(_) => (dom::now_ms() as u64) & 0xffff_ffff,
    }
}

fn checked(id: &str) -> bool {
    by_id::<HtmlInputElement>(id).is_ok_and(|c| c.checked())
}

fn select_value(id: &str) -> String {
    by_id::<HtmlSelectElement>(id)
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The Embed dialog's choices as its fields show them.
fn embed_choices() -> EmbedChoices {
    let panel_checked = |name: &str| {
        dom::document()
            .and_then(|d| {
                d.query_selector(&format!("input[name=embed-panel][value={name}]"))
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .is_some_and(|c| c.checked())
    };
    EmbedChoices {
        panels: PANELS
            .iter()
            .filter(|name| panel_checked(name))
            .map(|name| name.to_string())
            .collect(),
        autoplay: checked("embed-autoplay"),
        controls: select_value("embed-controls"),
        width: select_value("embed-width"),
        height: by_id::<HtmlInputElement>("embed-height")
            .map(|h| h.value())
            .unwrap_or_default(),
        host_script: checked("embed-script"),
        frame: by_id::<HtmlInputElement>("embed-frame")
            .map(|f| f.value())
            .unwrap_or_default(),
    }
}

/// The element an event happened on.
fn target_element(event: &Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// A pointer event's position on its canvas, or None when it left.
fn pointer(event: &Event) -> Option<(f64, f64)> {
    let mouse = event.dyn_ref::<MouseEvent>()?;
    Some((mouse.offset_x() as f64, mouse.offset_y() as f64))
}

/// Wire every control of the page.
pub fn wire(shell: &Rc<Shell>) -> Result<(), JsValue> {
    on(&by_id("play")?, "click", shell, |_| {
        Some(Action::TogglePlay)
    })?;
    on(&by_id("step")?, "click", shell, |_| Some(Action::Step))?;
    on(&by_id("reset")?, "click", shell, |_| {
        Some(Action::Reset(form::reading()))
    })?;
    on(&by_id("new-seed")?, "click", shell, |_| {
        Some(Action::NewSeed {
            seed: fresh_seed(),
            form: form::reading(),
        })
    })?;
    on(&by_id("controls")?, "change", shell, |e| {
        Some(Action::ControlChanged {
            key: form::key_of(e).unwrap_or_default(),
            form: form::reading(),
        })
    })?;
    on(&by_id("controls")?, "input", shell, |_| {
        Some(Action::FormInput)
    })?;
    // Skip links move the focus themselves: following `#settings` would put it in the
    // address, where the page keeps its share link.
    on(&by_id("shortcuts-on")?, "change", shell, |_| {
        shortcuts::changed();
        None
    })?;
    on(&by_id("skip-settings")?, "click", shell, |e| {
        e.prevent_default();
        Some(Action::SkipTo {
            target: "settings",
            sheet: dom::settings_are_a_sheet(),
        })
    })?;
    on(&by_id("skip-charts")?, "click", shell, |e| {
        e.prevent_default();
        Some(Action::SkipTo {
            target: "charts",
            sheet: false,
        })
    })?;
    on(&by_id("speed")?, "change", shell, |_| {
        Some(Action::Speed(select_value("speed").parse().unwrap_or(0)))
    })?;
    on(&by_id("heatmap-relative")?, "change", shell, |_| {
        Some(Action::HeatmapRelative(checked("heatmap-relative")))
    })?;
    on(&by_id("loss-log")?, "change", shell, |_| {
        Some(Action::LossLog(checked("loss-log")))
    })?;
    on(&by_id("weights-change")?, "change", shell, |_| {
        Some(Action::WeightsChange(checked("weights-change")))
    })?;
    on(&by_id("compare-toggle")?, "click", shell, |_| {
        Some(Action::CompareToggle)
    })?;
    on(&by_id("compare-pick")?, "change", shell, |_| {
        Some(Action::ComparePicked(select_value("compare-pick")))
    })?;
    for id in ["edit-a", "edit-b"] {
        on(&by_id(id)?, "change", shell, |_| {
            Some(Action::EditB(checked("edit-b")))
        })?;
    }
    on(&by_id("settings-toggle")?, "click", shell, |_| {
        Some(Action::Settings(None))
    })?;
    on(&by_id("settings-close")?, "click", shell, |_| {
        Some(Action::Settings(Some(false)))
    })?;
    on(&by_id("notice")?, "click", shell, |e| {
        let dismiss = target_element(e).is_some_and(|t| t.class_list().contains("dismiss"));
        dismiss.then_some(Action::DismissNotice)
    })?;
    on(&by_id("copy-link")?, "click", shell, |_| {
        Some(Action::CopyLink)
    })?;
    on(&by_id("tour-open")?, "click", shell, |_| {
        Some(Action::TourOpen)
    })?;
    on(&by_id("tour-next")?, "click", shell, |_| {
        Some(Action::TourNext)
    })?;
    on(&by_id("tour-back")?, "click", shell, |_| {
        Some(Action::TourBack)
    })?;
    on(&by_id("tour-close")?, "click", shell, |_| {
        Some(Action::TourClose)
    })?;
    on(&by_id("preset")?, "change", shell, |_| {
        Some(Action::PresetPicked(select_value("preset")))
    })?;
    on(&by_id("diagnosis")?, "click", shell, |e| {
        let id = target_element(e).and_then(|t| t.get_attribute("data-remedy"))?;
        Some(Action::RemedyClicked(id))
    })?;
    on(&by_id("embed-open")?, "click", shell, |_| {
        Some(Action::EmbedOpen(embed_choices()))
    })?;
    for name in ["input", "change"] {
        on(&by_id("embed-form")?, name, shell, |_| {
            Some(Action::EmbedChoices(embed_choices()))
        })?;
    }
    on(&by_id("embed-copy")?, "click", shell, |_| {
        Some(Action::EmbedCopy)
    })?;
    if let Some(window) = dom::window() {
        on(&window, "message", shell, preview_measured)?;
    }
    // A closed dialog's preview goes (its module and worker with it).
    on(&by_id("embed-dialog")?, "close", shell, |_| {
        if let Ok(frame) = by_id::<Element>("embed-preview") {
            frame.remove();
        }
        None
    })?;
    on(&by_id("export-csv")?, "click", shell, |_| {
        Some(Action::ExportCsv(A_SLOT))
    })?;
    on(&by_id("export-csv-b")?, "click", shell, |_| {
        Some(Action::ExportCsv(B_SLOT))
    })?;
    on(&by_id("export-json")?, "click", shell, |_| {
        Some(Action::ExportJson(A_SLOT))
    })?;
    on(&by_id("export-json-b")?, "click", shell, |_| {
        Some(Action::ExportJson(B_SLOT))
    })?;
    on(&by_id("sweep-run")?, "click", shell, |_| {
        Some(Action::SweepRun)
    })?;
    let Some(document) = dom::document() else {
        return Ok(());
    };
    // The charts' Table buttons, and Listen.
    let tables = document.query_selector_all("button[data-table]")?;
    for i in 0..tables.length() {
        let Some(button) = tables.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        on(&button, "click", shell, |e| {
            let button = e.current_target()?.dyn_into::<Element>().ok()?;
            Some(Action::TableToggle(button.get_attribute("data-table")?))
        })?;
    }
    on(&by_id("listen")?, "click", shell, |_| Some(Action::Listen))?;
    on(&by_id("backprop")?, "click", shell, |_| {
        Some(Action::Backprop)
    })?;
    for mode in NetworkMode::ALL {
        let id = format!("network-mode-{}", mode.name());
        on(&by_id(&id)?, "change", shell, |e| {
            let input = e.target()?.dyn_into::<HtmlInputElement>().ok()?;
            NetworkMode::from_name(&input.value()).map(Action::NetworkMode)
        })?;
    }
    let buttons = document.query_selector_all("button.png[data-canvas]")?;
    for i in 0..buttons.length() {
        let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        on(&button, "click", shell, |e| {
            let button = e.current_target()?.dyn_into::<Element>().ok()?;
            Some(Action::ExportPng(button.get_attribute("data-canvas")?))
        })?;
    }
    let heatmap: Element = by_id("chart-heatmap")?;
    for name in ["mousemove", "click"] {
        on(&heatmap, name, shell, |e| {
            Some(Action::Hover {
                slot: A_SLOT,
                at: pointer(e),
            })
        })?;
    }
    on(&heatmap, "mouseleave", shell, |_| {
        Some(Action::Hover {
            slot: A_SLOT,
            at: None,
        })
    })?;
    // B's heatmap (made and removed with compare mode) is reached through its container.
    if let Ok(Some(charts)) = document.query_selector("section.charts") {
        for name in ["mousemove", "click", "mouseout"] {
            on(&charts, name, shell, |e| {
                let canvas = target_element(e)?;
                let on_b = canvas.get_attribute("data-chart").as_deref() == Some("heatmap")
                    && canvas.get_attribute("data-run").as_deref() == Some("b");
                on_b.then(|| Action::Hover {
                    slot: B_SLOT,
                    at: if e.type_() == "mouseout" {
                        None
                    } else {
                        pointer(e)
                    },
                })
            })?;
        }
    }
    // A's and B's weights charts (B's made and removed with compare mode), through
    // their container: the pointer, taps, the keys and the focus.
    if let Ok(Some(charts)) = document.query_selector("section.charts") {
        for name in ["mousemove", "click", "mouseout", "keydown", "focusout"] {
            on(&charts, name, shell, weights_event)?;
        }
    }
    on(document.as_ref(), "keydown", shell, shortcut)?;
    on(document.as_ref(), "click", shell, |e| {
        give_focus_back(e);
        None
    })?;
    if let Some(window) = dom::window() {
        on(window.as_ref(), "resize", shell, |_| Some(Action::Resized))?;
        on(window.as_ref(), "hashchange", shell, |_| {
            let link =
                crate::address::read_address().unwrap_or_else(|| vgp::config::parse_link(""));
            Some(Action::AddressChanged(link))
        })?;
    }
    Ok(())
}

/// An event on a chart the keys explore: the weights chart's (below), or the heatmaps',
/// the loss chart's and the profile's: an arrow, Home or End key (which then scrolls
/// nothing), the focus leaving, and on the loss chart and the profile the pointer (the
/// heatmaps' pointer is `Hover`).
fn weights_event(e: &Event) -> Option<Action> {
    let canvas = target_element(e)?;
    let chart = canvas.get_attribute("data-chart")?;
    let slot = match canvas.get_attribute("data-run").as_deref() {
        Some("b") => B_SLOT,
        _ => A_SLOT,
    };
    if chart != "weights" {
        let canvas = explored(&chart, slot)?;
        let key = e.dyn_ref::<KeyboardEvent>();
        return match e.type_().as_str() {
            "keydown" => {
                let key = key.filter(|k| !(k.ctrl_key() || k.meta_key() || k.alt_key()))?;
                let key = WeightsKey::from_key(&key.key())?;
                e.prevent_default();
                Some(Action::ExploreKey { canvas, key })
            }
            "focusout" => Some(Action::ExploreBlur(canvas)),
            _ if chart == "heatmap" => None,
            "mouseout" => Some(Action::ExplorePointer { canvas, at: None }),
            _ => Some(Action::ExplorePointer {
                canvas,
                at: pointer(e),
            }),
        };
    }
    match e.type_().as_str() {
        "mouseout" => Some(Action::WeightsPointer { slot, at: None }),
        "focusout" => Some(Action::WeightsBlur(slot)),
        "keydown" => {
            let key = e.dyn_ref::<KeyboardEvent>()?;
            if key.ctrl_key() || key.meta_key() || key.alt_key() {
                return None;
            }
            let key = WeightsKey::from_key(&key.key())?;
            e.prevent_default();
            Some(Action::WeightsKey { slot, key })
        }
        _ => Some(Action::WeightsPointer {
            slot,
            at: pointer(e),
        }),
    }
}

/// A button or checkbox clicked with the pointer gives its focus back, so the keyboard
/// shortcuts (space = play/pause) do what the page says whatever was clicked last.
/// Keyboard users (detail 0: Enter or Space on a focused control) keep their focus.
fn give_focus_back(e: &Event) {
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
}

/// Keyboard shortcuts: space = play/pause, s = step, r = reset (not while typing in a
/// field, and not once turned off: shortcuts.rs); Escape closes the tour's card and the
/// settings sheet wherever the focus is.
fn shortcut(event: &Event) -> Option<Action> {
    let key = event.dyn_ref::<KeyboardEvent>()?;
    if key.ctrl_key() || key.meta_key() || key.alt_key() {
        return None;
    }
    if key.key() == "Escape" {
        return Some(Action::Escape);
    }
    if !shortcuts::on() {
        return None;
    }
    let in_field = target_element(event).is_some_and(|t| {
        matches!(
            t.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "SUMMARY"
        )
    });
    if in_field {
        return None;
    }
    // A shortcut works only where its button is shown (`controls=` may leave it out).
    let shown = |part: &str| {
        dom::document()
            .and_then(|d| d.body())
            .is_none_or(|b| !b.class_list().contains(&format!("hide-{part}")))
    };
    let action = match key.key().as_str() {
        " " if shown("play") => Action::TogglePlay,
        "s" | "S" if shown("step") => Action::Step,
        "r" | "R" if shown("reset") => Action::Reset(form::reading()),
        _ => return None,
    };
    event.prevent_default();
    Some(action)
}

/// Dispatch what `translate` makes of each `event` on `target`.
fn on(
    target: &EventTarget,
    event: &str,
    shell: &Rc<Shell>,
    translate: fn(&Event) -> Option<Action>,
) -> Result<(), JsValue> {
    let shell = Rc::downgrade(shell);
    let closure = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        if let (Some(action), Some(shell)) = (translate(&e), shell.upgrade()) {
            shell.dispatch(action);
        }
    });
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // Listeners live as long as the page.
    closure.forget();
    Ok(())
}

/// The Embed dialog's preview frame reporting its content's height (`{vgp: 1, event:
/// "resize", height}`, as every embedded frame does).
fn preview_measured(event: &Event) -> Option<Action> {
    let event = event.dyn_ref::<web_sys::MessageEvent>()?;
    let frame = by_id::<web_sys::HtmlIFrameElement>("embed-preview").ok()?;
    let from_preview = match (event.source(), frame.content_window()) {
        (Some(source), Some(window)) => js_sys::Object::is(source.as_ref(), window.as_ref()),
        _ => false,
    };
    if !from_preview {
        return None;
    }
    let data = event.data();
    let get = |key: &str| js_sys::Reflect::get(&data, &key.into()).ok();
    if get("vgp")?.as_f64() != Some(1.0) || get("event")?.as_string()? != "resize" {
        return None;
    }
    let height = get("height")?.as_f64()?;
    let key = frame.get_attribute("data-key")?;
    (height.is_finite() && height > 0.0).then(|| Action::EmbedMeasured(key, height.ceil() as u32))
}
