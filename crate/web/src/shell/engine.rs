//! Where the page's run lives: in a Web Worker (so training never blocks the page), or,
//! where no worker can start (a page opened from a file, a sandboxed frame), on the
//! page itself. Either way the page sends `remote::Message`s (a request to one run, or
//! lockstep training of all of them) and reads the `remote::Update`s that come back;
//! only this file knows which.

use crate::dom;
pub use crate::state::Reply;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use vgp::remote::wire::{decode, encode};
use vgp::remote::{sweep_updates, Message, Request, RunHosts, Update};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// What came back from the worker, in order, until the page takes it.
pub type Inbox = Rc<RefCell<VecDeque<Reply>>>;

/// The worker's message and error handlers.
type Handlers = (
    Closure<dyn FnMut(MessageEvent)>,
    Closure<dyn FnMut(ErrorEvent)>,
);

/// The run's host as the page reaches it.
pub enum Engine {
    Worker {
        worker: Worker,
        /// Kept alive as long as the worker (the handlers live in JavaScript).
        _handlers: Handlers,
    },
    /// The runs on the page.
    Local(Box<RunHosts>),
}

impl Engine {
    /// A worker running `www/worker.js` (named by the page's `<meta name="vgp-worker">`),
    /// whose replies go to `inbox` and then `wake`; None where the page has no worker
    /// script or the browser refuses it.
    pub fn start_worker(inbox: &Inbox, wake: Rc<dyn Fn()>) -> Option<Engine> {
        let document = dom::document()?;
        let meta = document.query_selector("meta[name=vgp-worker]").ok()??;
        let script = meta.get_attribute("content")?;
        let url = web_sys::Url::new_with_base(&script, &document.base_uri().ok()??).ok()?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options(&url.href(), &options).ok()?;
        let (messages, wake_on_message) = (inbox.clone(), wake.clone());
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let failed = js_sys::Reflect::get(&data, &"failed".into())
                .ok()
                .and_then(|f| f.as_string());
            let bytes = data.dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec());
            let reply = match (failed, bytes.map(|b| decode::<Vec<Update>>(&b))) {
                (Some(text), _) => Reply::Failed(text),
                (None, Ok(Ok(updates))) => Reply::Updates(updates),
                (None, Ok(Err(err))) => {
                    Reply::Failed(format!("an update could not be read: {err}"))
                }
                (None, Err(_)) => Reply::Failed("an update could not be read".to_string()),
            };
            messages.borrow_mut().push_back(reply);
            wake_on_message();
        });
        let errors = inbox.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            let text = match e.message() {
                m if m.is_empty() => "the training worker stopped".to_string(),
                m => m,
            };
            errors.borrow_mut().push_back(Reply::Failed(text));
            wake();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Engine::Worker {
            worker,
            _handlers: (on_message, on_error),
        })
    }

    /// Hosts on the page itself (each run comes with its first `New` request).
    pub fn local() -> Engine {
        Engine::Local(Box::default())
    }

    /// Send `message`. Local hosts answer at once (the updates are returned); a worker
    /// answers later through the inbox (None now).
    pub fn send(&mut self, message: Message) -> Result<Option<Vec<Update>>, String> {
        match self {
            Engine::Local(hosts) => match message {
                // Needs no run: computed here, at once (the page waits for it).
                Message::To {
                    request: Request::Sweep { ticket, config },
                    ..
                } => {
                    let mut last = None;
                    sweep_updates(ticket, &config, &dom::now_ms, &mut |r| last = Some(r));
                    Ok(Some(vec![Update {
                        sweep: last,
                        ..Update::default()
                    }]))
                }
                message => hosts.handle(message, &dom::now_ms).map(Some),
            },
            Engine::Worker { worker, .. } => {
                let message = js_sys::Uint8Array::from(encode(&message).as_slice());
                worker
                    .post_message(&message)
                    .map_err(|e| format!("{e:?}"))?;
                Ok(None)
            }
        }
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Engine::Worker { worker, .. } = self {
            worker.set_onmessage(None);
            worker.set_onerror(None);
            worker.terminate();
        }
    }
}
