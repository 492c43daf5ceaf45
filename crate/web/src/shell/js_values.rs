//! The API's values as JavaScript: plain objects built field by field (serde-wasm-bindgen
//! cost about 3 KB of the page's WebAssembly), errors as `Error`s with a `code`, and the
//! protocol's messages `{vgp: 1, ...}`.

use crate::state::{ApiError, ApiState, ApiValue, RunNumbers};
use crate::views::Views;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A plain object with these properties, in this order.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

/// An array of numbers.
pub fn numbers(values: impl IntoIterator<Item = f64>) -> JsValue {
    values
        .into_iter()
        .map(JsValue::from_f64)
        .collect::<Array>()
        .into()
}

/// `state()`'s object.
pub fn state_js(state: &ApiState) -> JsValue {
    let mut fields = vec![
        ("epoch", JsValue::from_f64(state.epoch as f64)),
        ("running", JsValue::from_bool(state.running)),
        ("settled", JsValue::from_bool(state.settled)),
        ("diverged", JsValue::from_bool(state.diverged)),
        ("query", JsValue::from_str(&state.query)),
    ];
    number_fields(&mut fields, &state.numbers);
    if let Some(b) = &state.b {
        let mut b_fields = vec![
            ("epoch", JsValue::from_f64(b.epoch as f64)),
            ("diverged", JsValue::from_bool(b.diverged)),
            ("query", JsValue::from_str(&b.query)),
            ("label", JsValue::from_str(&b.label)),
        ];
        number_fields(&mut b_fields, &b.numbers);
        fields.push(("b", object(&b_fields)));
    }
    object(&fields)
}

/// A run's caption numbers (null where there is none) and its diagnosis's ids. Each is
/// the double nearest the f32's shortest decimal (0.8405805, as the run file writes it,
/// not 0.8405805230140686).
fn number_fields(fields: &mut Vec<(&'static str, JsValue)>, n: &RunNumbers) {
    let number = |v: Option<f32>| {
        v.and_then(|v| vgp::numtext::parse_f64(&vgp::numtext::f32_text(v)))
            .map_or(JsValue::NULL, JsValue::from_f64)
    };
    fields.extend([
        ("train_loss", number(n.train_loss)),
        ("test_loss", number(n.test_loss)),
        ("test_accuracy", number(n.test_accuracy)),
        ("test_rmse", number(n.test_rmse)),
        ("ratio_orders", number(n.ratio_orders)),
    ]);
    let ids: Array = n.diagnosis.iter().map(|id| JsValue::from_str(id)).collect();
    fields.push(("diagnosis", ids.into()));
}

/// An answer's value; `performance()` adds the views' drawing times and the page's
/// WebAssembly memory.
pub fn value_js(value: ApiValue, views: Option<&Views>) -> JsValue {
    match value {
        ApiValue::Bool(b) => JsValue::from_bool(b),
        ApiValue::State(state) => state_js(&state),
        ApiValue::SetConfig { query, warnings } => {
            let list: Array = warnings.iter().map(|w| JsValue::from(w.as_str())).collect();
            object(&[
                ("query", JsValue::from_str(&query)),
                ("warnings", list.into()),
            ])
        }
        ApiValue::RunFile(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        ApiValue::Performance {
            engine,
            epochs_per_second,
            worker_memory_bytes,
        } => {
            let (draw_ms, draw_count, chart_ms) = match views {
                Some(views) => {
                    let (times, count, charts) = views.draw_times();
                    (numbers(times.iter().copied()), count, charts)
                }
                None => (numbers([]), 0, Vec::new()),
            };
            let chart_ms: Array = chart_ms
                .iter()
                .map(|(name, ms)| Array::of2(&JsValue::from_str(name), &JsValue::from_f64(*ms)))
                .collect();
            object(&[
                ("engine", JsValue::from_str(engine)),
                ("epochs_per_second", JsValue::from_f64(epochs_per_second)),
                ("draw_ms", draw_ms),
                ("draw_count", JsValue::from_f64(draw_count as f64)),
                ("chart_ms", chart_ms.into()),
                (
                    "page_memory_bytes",
                    JsValue::from_f64((core::arch::wasm32::memory_size(0) * 65536) as f64),
                ),
                (
                    "worker_memory_bytes",
                    JsValue::from_f64(worker_memory_bytes as f64),
                ),
            ])
        }
    }
}

/// A JavaScript `Error` with the answer's message and its `code`.
pub fn error_js(error: &ApiError) -> JsValue {
    let value = js_sys::Error::new(&error.message);
    let _ = Reflect::set(&value, &"code".into(), &error.code.into());
    value.into()
}

/// An event message `{vgp: 1, event, frame?}`.
pub fn event(name: &str, frame: Option<&str>) -> Object {
    let message = Object::new();
    let _ = Reflect::set(&message, &"vgp".into(), &1.into());
    let _ = Reflect::set(&message, &"event".into(), &name.into());
    if let Some(frame) = frame {
        let _ = Reflect::set(&message, &"frame".into(), &frame.into());
    }
    message
}

/// A reply message `{vgp: 1, id, frame?, result | error: {code, message}}`.
pub fn reply(id: &JsValue, frame: Option<&str>, result: Result<JsValue, ApiError>) -> Object {
    let reply = Object::new();
    let _ = Reflect::set(&reply, &"vgp".into(), &1.into());
    let _ = Reflect::set(&reply, &"id".into(), id);
    if let Some(frame) = frame {
        let _ = Reflect::set(&reply, &"frame".into(), &frame.into());
    }
    match result {
        Ok(value) => {
            let _ = Reflect::set(&reply, &"result".into(), &value);
        }
        Err(e) => {
            let error = object(&[
                ("code", JsValue::from_str(e.code)),
                ("message", JsValue::from_str(&e.message)),
            ]);
            let _ = Reflect::set(&reply, &"error".into(), &error);
        }
    }
    reply
}
