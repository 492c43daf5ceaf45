//! Downloads: any chart as PNG, the metrics as CSV, the run as `vgp-run/1` JSON.

use super::dom;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// Offer `text` as a file named `name`.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let result = click_link(name, &url);
    Url::revoke_object_url(&url)?;
    result
}

/// Offer the canvas `#id` as a PNG file.
pub fn download_png(id: &str) -> Result<(), JsValue> {
    let canvas = dom::by_id::<HtmlCanvasElement>(id)?;
    let url = canvas.to_data_url_with_type("image/png")?;
    click_link(
        &format!("vgp-{}.png", id.trim_start_matches("chart-")),
        &url,
    )
}

fn click_link(name: &str, href: &str) -> Result<(), JsValue> {
    let document = dom::document().ok_or_else(|| JsValue::from_str("no document"))?;
    let link = document
        .create_element("a")?
        .dyn_into::<HtmlAnchorElement>()?;
    link.set_href(href);
    link.set_download(name);
    link.click();
    Ok(())
}
