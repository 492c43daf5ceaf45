//! The page's panic hook in a real browser: a panic shows its message in the visible
//! error banner. (A separate test binary: after a trapped panic, the wasm instance
//! still counts itself as panicking, so no other test should run in it.)
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A panic never leaves a silently dead page: the page's panic hook (installed at
/// start-up; the test harness installs its own, so it is installed again here) puts
/// the message in the visible error banner.
#[wasm_bindgen_test]
fn a_panic_shows_the_error_banner() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let banner = document.create_element("div").expect("an element");
    banner.set_id("error-banner");
    banner.set_attribute("hidden", "").expect("hidden");
    document
        .body()
        .expect("a body")
        .append_child(&banner)
        .expect("appended");
    vgp_web::install_panic_hook();
    // Panic inside a call from JavaScript, so the trap surfaces here as a JS exception.
    let panicking = wasm_bindgen::closure::Closure::once_into_js(|| -> () {
        panic!("deliberate test panic");
    });
    let result = panicking
        .unchecked_into::<js_sys::Function>()
        .call0(&JsValue::NULL);
    assert!(
        result.is_err(),
        "the panic reached JavaScript as an exception"
    );
    let banner = banner
        .dyn_into::<web_sys::HtmlElement>()
        .expect("an HtmlElement");
    assert!(!banner.hidden(), "the banner is shown");
    let text = banner.text_content().unwrap_or_default();
    assert!(text.contains("deliberate test panic"), "{text}");
    assert!(text.contains("Reload the page"), "{text}");
}
