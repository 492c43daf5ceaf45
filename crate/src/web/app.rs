//! The playground page: one owner (`App`) for the run, its controls and the one
//! animation loop. Training runs in slices with a time budget per frame, so the
//! page keeps answering while a large network trains.

use super::dom::{self, by_id};
use super::exports;
use super::form::{self, LIVE_KEYS};
use super::view::ChartsView;
use crate::charts::loss::LossScale;
use crate::config::ConfigWarning;
use crate::runfile::{metrics_csv, to_json};
use crate::train::Run;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, MouseEvent,
};

/// Time spent training per animation frame.
const TRAIN_BUDGET_MS: f64 = 12.0;
/// While training, charts are redrawn only once the time since the last redraw is this
/// many times the redraw's own cost, so drawing never takes more than about 40% of the
/// time however large the network (small networks still redraw every frame).
const DRAW_SPACING: f64 = 1.5;
/// Window over which the epochs-per-second read-out is averaged.
const RATE_WINDOW_MS: f64 = 1000.0;

/// Everything the page's behaviour depends on.
pub struct App {
    run: Run,
    playing: bool,
    /// Most epochs per frame; 0 = as many as the time budget allows.
    speed: usize,
    view: ChartsView,
    /// Epoch last drawn (None forces a redraw).
    drawn_epoch: Option<usize>,
    /// When the last redraw finished.
    drawn_at_ms: f64,
    /// Epochs trained and time since the rate window opened.
    rate_epochs: usize,
    rate_start_ms: f64,
    epochs_per_second: f64,
}

type Shared = Rc<RefCell<App>>;
/// The frame callback, kept where it can re-register itself.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

impl App {
    /// Build the run from the form, wire the controls and start the animation loop.
    pub fn start() -> Result<(), JsValue> {
        let (config, warnings) = form::read();
        show_warnings(&warnings);
        form::write(&config);
        let app = Rc::new(RefCell::new(App {
            run: Run::new(config),
            playing: false,
            speed: 0,
            view: ChartsView::default(),
            drawn_epoch: None,
            drawn_at_ms: 0.0,
            rate_epochs: 0,
            rate_start_ms: dom::now_ms(),
            epochs_per_second: 0.0,
        }));
        wire_controls(&app)?;
        start_loop(app.clone());
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            body.dataset().set("ready", "1")?;
        }
        app.borrow().update_status();
        Ok(())
    }

    fn set_playing(&mut self, playing: bool) {
        self.playing = playing && !self.run.finished();
        if let Ok(button) = by_id::<HtmlElement>("play") {
            button.set_text_content(Some(if self.playing { "Pause" } else { "Play" }));
            let _ =
                button.set_attribute("aria-pressed", if self.playing { "true" } else { "false" });
        }
        self.rate_epochs = 0;
        self.rate_start_ms = dom::now_ms();
        self.update_status();
    }

    /// Train exactly one epoch (pausing first).
    fn step_once(&mut self) {
        self.set_playing(false);
        self.run.step_epoch();
        self.update_status();
    }

    /// A new run from the form's current values (keeps playing if it was).
    fn rebuild(&mut self) {
        let (config, warnings) = form::read();
        show_warnings(&warnings);
        form::write(&config);
        self.run = Run::new(config);
        self.drawn_epoch = None;
        self.set_playing(self.playing);
    }

    /// A control changed: settings that can change live do; anything else rebuilds.
    fn control_changed(&mut self, event: &Event) {
        let key = form::key_of(event).unwrap_or_default();
        if !LIVE_KEYS.contains(&key.as_str()) {
            self.rebuild();
            return;
        }
        let (config, warnings) = form::read();
        show_warnings(&warnings);
        form::write(&config);
        self.run.apply_live_settings(&config);
        self.run.set_epoch_limit(config.epochs);
        self.update_status();
    }

    /// One animation frame: train within the budget, then redraw what changed.
    fn frame(&mut self) {
        let now = dom::now_ms();
        if self.playing {
            let limit = if self.speed == 0 {
                usize::MAX
            } else {
                self.speed
            };
            let mut trained = 0;
            while trained < limit && dom::now_ms() - now < TRAIN_BUDGET_MS {
                if !self.run.step_epoch() {
                    self.set_playing(false);
                    break;
                }
                trained += 1;
            }
            self.rate_epochs += trained;
            dom::set_text("epoch", &self.run.epoch().to_string());
        }
        let elapsed = now - self.rate_start_ms;
        if elapsed >= RATE_WINDOW_MS {
            self.epochs_per_second = if self.playing {
                self.rate_epochs as f64 * 1000.0 / elapsed
            } else {
                0.0
            };
            self.rate_epochs = 0;
            self.rate_start_ms = now;
            self.update_stats();
        }
        let due = !self.playing
            || dom::now_ms() - self.drawn_at_ms >= self.view.last_draw_ms * DRAW_SPACING;
        if self.drawn_epoch != Some(self.run.epoch()) && due {
            self.drawn_epoch = Some(self.run.epoch());
            dom::set_text("epoch", &self.run.epoch().to_string());
            if let Err(e) = self.view.draw(&mut self.run) {
                dom::show_error(&e.to_string());
            }
            self.drawn_at_ms = dom::now_ms();
            self.update_status();
            self.update_stats();
        }
    }

    fn update_status(&self) {
        let text = if let Some(d) = self.run.diverged() {
            format!(
                "Diverged at epoch {}: {}. The charts keep everything up to epoch {}.",
                d.epoch,
                d.reason,
                self.run.epoch()
            )
        } else if self.run.finished() {
            format!("Stopped at the epoch limit ({}).", self.run.epoch())
        } else if self.playing {
            "Training…".to_string()
        } else if self.run.epoch() == 0 {
            "Ready: press Play to train.".to_string()
        } else {
            "Paused.".to_string()
        };
        dom::set_text("status", &text);
    }

    fn update_stats(&self) {
        let params = self.run.network().params.len();
        let rate = if self.playing {
            format!("{:.0} epochs/s · ", self.epochs_per_second)
        } else {
            String::new()
        };
        dom::set_text(
            "stats",
            &format!(
                "{rate}charts drawn in {:.1} ms · {params} parameters",
                self.view.last_draw_ms
            ),
        );
    }

    fn show_tip(&self, event: &Event) {
        let Ok(tip) = by_id::<HtmlElement>("heatmap-tip") else {
            return;
        };
        let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
            return;
        };
        let (x, y) = (mouse.offset_x() as f64, mouse.offset_y() as f64);
        match self.view.heatmap_tip(&self.run, x, y) {
            Some(text) => {
                tip.set_text_content(Some(&text));
                let style = tip.style();
                let width =
                    by_id::<HtmlElement>("chart-heatmap").map_or(0.0, |c| c.client_width() as f64);
                // Keep the tip inside the chart: left of the pointer on the right half.
                let left = if x > width / 2.0 {
                    x - 12.0 - (text.len() as f64 * 7.0)
                } else {
                    x + 12.0
                };
                let _ = style.set_property("left", &format!("{:.0}px", left.max(0.0)));
                let _ = style.set_property("top", &format!("{:.0}px", (y - 34.0).max(0.0)));
                tip.set_hidden(false);
            }
            None => tip.set_hidden(true),
        }
    }
}

/// Show the warnings about the form's values (or hide the notice when there are none).
fn show_warnings(warnings: &[ConfigWarning]) {
    let Ok(notice) = by_id::<HtmlElement>("notice") else {
        return;
    };
    if warnings.is_empty() {
        notice.set_hidden(true);
        return;
    }
    let items: Vec<String> = warnings
        .iter()
        .map(|w| format!("<li>{}</li>", escape(&w.to_string())))
        .collect();
    notice.set_inner_html(&format!(
        "Some values were adjusted:<ul>{}</ul>",
        items.join("")
    ));
    notice.set_hidden(false);
}

/// Escape text for use inside HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

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

fn wire_controls(app: &Shared) -> Result<(), JsValue> {
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
    on(&by_id("speed")?, "change", app, |a, _| {
        a.speed = by_id::<HtmlSelectElement>("speed")
            .ok()
            .and_then(|s| s.value().parse().ok())
            .unwrap_or(0);
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
        report(exports::download_text(
            "vgp-metrics.csv",
            "text/csv",
            &metrics_csv(&a.run),
        ))
    })?;
    on(&by_id("export-json")?, "click", app, |a, _| {
        match to_json(&a.run) {
            Ok(text) => report(exports::download_text(
                "vgp-run.json",
                "application/json",
                &text,
            )),
            Err(e) => dom::show_error(&format!("The run could not be written as JSON: {e}")),
        }
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
    on(document.as_ref(), "keydown", app, shortcut)?;
    if let Some(window) = dom::window() {
        on(window.as_ref(), "resize", app, |a, _| a.drawn_epoch = None)?;
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
fn start_loop(app: Shared) {
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
