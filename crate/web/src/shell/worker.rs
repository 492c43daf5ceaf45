//! The Web Worker side: `www/worker.js` loads this module in a worker and calls
//! `worker_main`, which answers every message from the page with the updates of the
//! runs it hosts (`remote::RunHosts`: one run, or a comparison's two in lockstep), so
//! training never blocks the page. A second worker of the same kind computes the depth
//! sweep, reporting its progress as it goes. Before a run of `digits` the page sends
//! the set's file (`{digits: bytes}`, shell/engine.rs).

use std::cell::RefCell;
use std::rc::Rc;
use vgp::remote::wire::{decode, encode};
use vgp::remote::{sweep_updates, Message, Request, RunHosts, Update};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Start answering the page's messages (called once by `www/worker.js`).
#[wasm_bindgen]
pub fn worker_main() -> Result<(), JsValue> {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().dyn_into()?;
    let hosts: Rc<RefCell<RunHosts>> = Rc::new(RefCell::new(RunHosts::new()));
    let reply_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        // The digits set's file, sent before the first run or sweep of `digits`: no
        // answer (a refused file leaves the set missing, and the run says so).
        let digits = js_sys::Reflect::get(&e.data(), &"digits".into())
            .ok()
            .and_then(|d| d.dyn_into::<js_sys::Uint8Array>().ok());
        if let Some(digits) = digits {
            if let Err(text) = vgp::data::provide_digits(&digits.to_vec()) {
                web_sys::console::error_1(&text.into());
            }
            return;
        }
        let bytes = e
            .data()
            .dyn_into::<js_sys::Uint8Array>()
            .map(|a| a.to_vec());
        let answer = match bytes.map(|b| decode::<Message>(&b)) {
            // A depth sweep reports as it goes, each report a message of its own.
            Ok(Ok(Message::To {
                request: Request::Sweep { ticket, config },
                ..
            })) => {
                let now = clock(&reply_scope);
                sweep_updates(ticket, &config, &now, &mut |report| {
                    let update = Update {
                        sweep: Some(report),
                        ..Update::default()
                    };
                    post(&reply_scope, Ok(vec![update]));
                });
                return;
            }
            Ok(Ok(message)) => hosts.borrow_mut().handle(message, &clock(&reply_scope)),
            Ok(Err(err)) => Err(format!(
                "the page sent a request the worker cannot read: {err}"
            )),
            Err(_) => Err("the page sent a request the worker cannot read".to_string()),
        };
        post(&reply_scope, answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page: its handler must too.
    on_message.forget();
    Ok(())
}

/// Send the page `answer`: the updates (with the worker's memory size) in their binary
/// form (`remote::wire`), or a failure as `{failed: text}`.
fn post(scope: &DedicatedWorkerGlobalScope, answer: Result<Vec<Update>, String>) {
    let message: JsValue = match answer {
        Ok(mut updates) => {
            for update in &mut updates {
                update.memory_bytes = core::arch::wasm32::memory_size(0) * 65536;
            }
            js_sys::Uint8Array::from(encode(&updates).as_slice()).into()
        }
        Err(text) => {
            let failure = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&failure, &"failed".into(), &text.into());
            failure.into()
        }
    };
    let _ = scope.post_message(&message);
}

/// The worker's clock in milliseconds.
fn clock(scope: &DedicatedWorkerGlobalScope) -> impl Fn() -> f64 {
    let performance = scope.performance();
    move || performance.as_ref().map_or(0.0, |p| p.now())
}
