//! The Web Worker side: `www/worker.js` loads this module in a worker and calls
//! `worker_main`, which answers every request from the page with an update from the
//! run it hosts (`remote::RunHost`), so training never blocks the page.

use crate::remote::{Request, RunHost, Update};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Start answering the page's messages (called once by `www/worker.js`).
#[wasm_bindgen]
pub fn worker_main() -> Result<(), JsValue> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let host: Rc<RefCell<Option<RunHost>>> = Rc::new(RefCell::new(None));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let answer = match serde_wasm_bindgen::from_value::<Request>(e.data()) {
            Ok(request) => answer(&host, request, &reply_scope),
            Err(err) => Err(format!(
                "the page sent a request the worker cannot read: {err}"
            )),
        };
        let message = match answer {
            Ok(mut update) => {
                update.memory_bytes = core::arch::wasm32::memory_size(0) * 65536;
                serde_wasm_bindgen::to_value(&update).map_err(|e| e.to_string())
            }
            Err(text) => Err(text),
        };
        let message = message.unwrap_or_else(|text| {
            let failure = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&failure, &"failed".into(), &text.into());
            failure.into()
        });
        let _ = reply_scope.post_message(&message);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler must too.
    on_message.forget();
    Ok(())
}

/// The update for `request` (a run must have been created first).
fn answer(
    host: &Rc<RefCell<Option<RunHost>>>,
    request: Request,
    scope: &DedicatedWorkerGlobalScope,
) -> Result<Update, String> {
    let performance = scope.performance();
    let now = move || performance.as_ref().map_or(0.0, |p| p.now());
    let mut slot = host.borrow_mut();
    match (request, slot.as_mut()) {
        (Request::New { run_id, config }, _) => {
            let mut fresh = RunHost::new(run_id, config);
            // A fresh host's first update carries epoch 0 and the surface.
            let update = fresh.handle(Request::Sync, &now);
            *slot = Some(fresh);
            Ok(update)
        }
        (request, Some(host)) => Ok(host.handle(request, &now)),
        (request, None) => Err(format!("no run yet for {request:?}")),
    }
}
