//! The controls form: every control is named by its share-link key, so the form is
//! read through the same parser as a link and shown from `Config::fields`.

use crate::dom;
use crate::state::FormReading;
use vgp::config::{parse_query, Config, ConfigWarning};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// Every named control in the form.
fn controls() -> Vec<Element> {
    let Some(document) = dom::document() else {
        return Vec::new();
    };
    let Ok(nodes) = document.query_selector_all("#controls [name]") else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

/// The config the form describes, with a warning for each value the rules changed.
pub fn read() -> (Config, Vec<ConfigWarning>) {
    let pairs: Vec<String> = controls()
        .iter()
        .filter_map(|control| {
            if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
                let value = if input.type_() == "checkbox" {
                    (if input.checked() { "1" } else { "0" }).to_string()
                } else {
                    input.value()
                };
                Some(format!("{}={}", input.name(), encode(&value)))
            } else {
                let select = control.dyn_ref::<HtmlSelectElement>()?;
                Some(format!("{}={}", select.name(), encode(&select.value())))
            }
        })
        .collect();
    parse_query(&pairs.join("&"))
}

/// Percent-encode the few characters that would break a query (a typed value may hold anything).
fn encode(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace('&', "%26")
        .replace('=', "%3D")
        .replace('+', "%2B")
        .replace('#', "%23")
}

/// Show `config` in the form (a link was opened): every control gets its field's
/// canonical value. A value a select does not offer is added as an option, and a range
/// or number field whose step would round the value is made stepless, so the form
/// reads back exactly the config.
pub fn write(config: &Config) {
    let fields = config.fields();
    for control in controls() {
        let name = control.get_attribute("name").unwrap_or_default();
        let Some((_, text)) = fields.iter().find(|(key, _)| *key == name) else {
            continue;
        };
        if let Some(input) = control.dyn_ref::<HtmlInputElement>() {
            if input.type_() == "checkbox" {
                input.set_checked(text == "1");
            } else if input.value() != *text {
                input.set_value(text);
                if input.value() != *text {
                    let _ = input.set_attribute("step", "any");
                    input.set_value(text);
                }
            }
        } else if let Some(select) = control.dyn_ref::<HtmlSelectElement>() {
            select.set_value(text);
            if select.value() != *text {
                add_option(select, text);
            }
        }
    }
    refresh();
}

fn add_option(select: &HtmlSelectElement, value: &str) {
    let Some(document) = dom::document() else {
        return;
    };
    if let Ok(option) = document.create_element("option") {
        let _ = option.set_attribute("value", value);
        option.set_text_content(Some(value));
        let _ = select.append_child(&option);
        select.set_value(value);
    }
}

/// Update what depends on other controls: `<output>` read-outs and which optional
/// fields show (`data-when="act" data-values="leaky_relu"` shows a field only then).
pub fn refresh() {
    let Some(document) = dom::document() else {
        return;
    };
    if let Ok(outputs) = document.query_selector_all("#controls output[for]") {
        for i in 0..outputs.length() {
            let Some(output) = outputs.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let Some(id) = output.get_attribute("for") else {
                continue;
            };
            if let Ok(input) = dom::by_id::<HtmlInputElement>(&id) {
                output.set_text_content(Some(&input.value()));
            }
        }
    }
    if let Ok(fields) = document.query_selector_all("#controls [data-when]") {
        for i in 0..fields.length() {
            let Some(field) = fields
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlElement>().ok())
            else {
                continue;
            };
            let key = field.get_attribute("data-when").unwrap_or_default();
            let values = field.get_attribute("data-values").unwrap_or_default();
            let current = dom::by_id::<HtmlSelectElement>(&key)
                .map(|s| s.value())
                .unwrap_or_default();
            field.set_hidden(!values.split_whitespace().any(|v| v == current));
        }
    }
}

/// The share-link key of the control an event came from, if any.
pub fn key_of(event: &web_sys::Event) -> Option<String> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    target.get_attribute("name")
}

/// Set the seed control (the "new seed" button).
pub fn set_seed(seed: u64) {
    if let Ok(field) = dom::by_id::<HtmlInputElement>("seed") {
        field.set_value(&seed.to_string());
    }
}

/// The form as the state takes it: the configuration and what the rules changed.
pub fn reading() -> FormReading {
    let (config, warnings) = read();
    FormReading { config, warnings }
}
