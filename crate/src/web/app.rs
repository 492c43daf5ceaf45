//! The playground page: one owner (`App`) for the run, the form and the animation loop.

use super::dom::{self, by_id};
use crate::charts::{heatmap::draw_gradient_heatmap, loss::draw_loss, ChartResult, ChartStyle};
use crate::config::{parse_query, Config};
use crate::train::Run;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlButtonElement, HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};

/// Time spent training per animation frame, so the page keeps answering.
const TRAIN_BUDGET_MS: f64 = 12.0;

/// Everything the page's behaviour depends on.
pub struct App {
    run: Run,
    playing: bool,
    /// Epoch last drawn (None forces a redraw).
    drawn_epoch: Option<usize>,
}

type Shared = Rc<RefCell<App>>;
/// The frame callback, kept where it can re-register itself.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut()>>>>;

impl App {
    /// Build the run from the form, wire the controls and start the animation loop.
    pub fn start() -> Result<(), JsValue> {
        let config = read_form()?;
        let app = Rc::new(RefCell::new(App {
            run: Run::new(config),
            playing: false,
            drawn_epoch: None,
        }));
        on(&by_id::<Element>("play")?, "click", &app, |app| {
            app.set_playing(!app.playing)
        })?;
        on(&by_id::<Element>("reset")?, "click", &app, |app| {
            app.rebuild()
        })?;
        on(&by_id::<Element>("controls")?, "change", &app, |app| {
            app.rebuild()
        })?;
        on(&by_id::<Element>("controls")?, "input", &app, |_| {
            show_control_values()
        })?;
        show_control_values();
        start_loop(app.clone());
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            body.dataset().set("ready", "1")?;
        }
        app.borrow_mut().update_status();
        Ok(())
    }

    fn set_playing(&mut self, playing: bool) {
        self.playing = playing && !self.run.finished();
        if let Ok(button) = by_id::<HtmlButtonElement>("play") {
            button.set_text_content(Some(if self.playing { "Pause" } else { "Play" }));
            let _ =
                button.set_attribute("aria-pressed", if self.playing { "true" } else { "false" });
        }
        self.update_status();
    }

    /// A new run from the form's current values (keeps playing if it was).
    fn rebuild(&mut self) {
        match read_form() {
            Ok(config) => {
                self.run = Run::new(config);
                self.drawn_epoch = None;
            }
            Err(e) => dom::show_error(&format!("{e:?}")),
        }
        self.set_playing(self.playing);
    }

    /// One animation frame: train within the time budget, then redraw what changed.
    fn frame(&mut self) {
        if self.playing {
            let start = dom::now_ms();
            while dom::now_ms() - start < TRAIN_BUDGET_MS {
                if !self.run.step_epoch() {
                    self.set_playing(false);
                    break;
                }
            }
        }
        if self.drawn_epoch != Some(self.run.epoch()) {
            self.drawn_epoch = Some(self.run.epoch());
            dom::set_text("epoch", &self.run.epoch().to_string());
            if let Err(e) = self.draw() {
                dom::show_error(&e.to_string());
            }
            self.update_status();
        }
    }

    fn draw(&self) -> ChartResult {
        let history = self.run.history();
        draw_on("chart-loss", |area, style| draw_loss(area, history, style))?;
        draw_on("chart-heatmap", |area, style| {
            draw_gradient_heatmap(area, history, style)
        })
    }

    fn update_status(&self) {
        let text = if let Some(d) = self.run.diverged() {
            format!("Diverged at epoch {}: {}.", d.epoch, d.reason)
        } else if self.run.finished() {
            format!("Stopped at the epoch limit ({}).", self.run.epoch())
        } else if self.playing {
            "Training…".to_string()
        } else {
            "Paused.".to_string()
        };
        dom::set_text("status", &text);
    }
}

/// Run `draw` on the canvas `#id`, first sizing its bitmap to its box times the device pixel ratio.
fn draw_on(
    id: &str,
    draw: impl FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>, &ChartStyle) -> ChartResult,
) -> ChartResult {
    let canvas =
        by_id::<HtmlCanvasElement>(id).map_err(|e| crate::charts::ChartError(format!("{e:?}")))?;
    let ratio = dom::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let width = (canvas.client_width() as f64 * ratio).round().max(1.0) as u32;
    let height = (canvas.client_height() as f64 * ratio).round().max(1.0) as u32;
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| crate::charts::ChartError(format!("#{id} has no 2-D context")))?;
    draw(&backend.into_drawing_area(), &ChartStyle::light(ratio))
}

/// The config the form describes: every control named by its share-link key, read
/// through the same parser as links, so there is one list of fields.
fn read_form() -> Result<Config, JsValue> {
    let document = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
    let fields = document.query_selector_all("#controls [name]")?;
    let mut pairs = Vec::new();
    for i in 0..fields.length() {
        let Some(node) = fields.item(i) else { continue };
        if let Some(input) = node.dyn_ref::<HtmlInputElement>() {
            let value = if input.type_() == "checkbox" {
                (if input.checked() { "1" } else { "0" }).to_string()
            } else {
                input.value()
            };
            pairs.push(format!("{}={}", input.name(), value));
        } else if let Some(select) = node.dyn_ref::<HtmlSelectElement>() {
            pairs.push(format!("{}={}", select.name(), select.value()));
        }
    }
    let (config, warnings) = parse_query(&pairs.join("&"));
    for w in warnings {
        web_sys::console::warn_1(&w.to_string().into());
    }
    Ok(config)
}

/// Mirror each range input's value into its `<output for=...>`.
fn show_control_values() {
    let Some(document) = dom::document() else {
        return;
    };
    let Ok(outputs) = document.query_selector_all("#controls output[for]") else {
        return;
    };
    for i in 0..outputs.length() {
        let Some(output) = outputs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(id) = output.get_attribute("for") else {
            continue;
        };
        if let Ok(input) = by_id::<HtmlInputElement>(&id) {
            output.set_text_content(Some(&input.value()));
        }
    }
}

/// Call `handler` on the app whenever `event` fires on `target`.
fn on(target: &Element, event: &str, app: &Shared, handler: fn(&mut App)) -> Result<(), JsValue> {
    let app = app.clone();
    let closure = Closure::<dyn FnMut()>::new(move || {
        if let Ok(mut app) = app.try_borrow_mut() {
            handler(&mut app);
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
