//! Where the page's run lives: in a Web Worker (so training never blocks the page), or,
//! where no worker can start (a page opened from a file, a sandboxed frame), on the
//! page itself. Either way the page sends `remote::Message`s (a request to one run, or
//! lockstep training of all of them) and reads the `remote::Update`s that come back;
//! only this file knows which. A run or sweep of `digits` first needs the set's file
//! (fetched once per page, `digits.rs`): the engine holds it and every later message
//! until the file has reached its host, so the host sees them in order.

use super::digits::{self, Loaded};
use crate::dom;
pub use crate::state::Reply;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use vgp::remote::wire::{decode, encode};
use vgp::remote::{sweep_updates, Message, Request, RunHosts, Update};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// What came back from the worker, in order, until the page takes it.
pub type Inbox = Rc<RefCell<VecDeque<Reply>>>;

/// The worker's message and error handlers.
type Handlers = (Closure<dyn FnMut(MessageEvent)>, Closure<dyn FnMut(Event)>);

/// The run's host as the page reaches it.
pub struct Engine {
    host: Host,
    /// Where answers that come later go, and what to call then.
    inbox: Inbox,
    wake: Rc<dyn Fn()>,
    /// Whether the host has the digits set (shared with the callback that gives it).
    digits: Rc<RefCell<Digits>>,
}

#[derive(Clone)]
enum Host {
    Worker(Rc<WorkerHost>),
    /// The runs on the page.
    Local(Rc<RefCell<RunHosts>>),
}

struct WorkerHost {
    worker: Worker,
    /// Kept alive as long as the worker (the handlers live in JavaScript).
    _handlers: Handlers,
}

/// The digits set at this engine's host.
enum Digits {
    /// Not needed yet.
    Missing,
    /// Being fetched: the messages to send once the host has it, in order.
    Waiting(Vec<Message>),
    /// The host has it (or it could not be had; the host then says so itself).
    Given,
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
        let (errors, wake_on_error) = (inbox.clone(), wake.clone());
        // A script error arrives as an ErrorEvent; a worker whose script cannot load
        // (blocked, missing) as a plain Event, with no message to read.
        let on_error = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
            e.prevent_default();
            let message = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .filter(|m| !m.is_empty());
            let text = message.unwrap_or_else(|| "the training worker stopped".to_string());
            errors.borrow_mut().push_back(Reply::Failed(text));
            wake_on_error();
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let host = Host::Worker(Rc::new(WorkerHost {
            worker,
            _handlers: (on_message, on_error),
        }));
        Some(Engine::new(host, inbox, wake))
    }

    /// Hosts on the page itself (each run comes with its first `New` request); answers
    /// that cannot be given at once go to `inbox`, then `wake`.
    pub fn local(inbox: &Inbox, wake: Rc<dyn Fn()>) -> Engine {
        Engine::new(Host::Local(Rc::default()), inbox, wake)
    }

    /// Hosts on the page in place of this engine's (the worker failed), answering to
    /// the same inbox.
    pub fn to_local(&self) -> Engine {
        Engine::local(&self.inbox, self.wake.clone())
    }

    fn new(host: Host, inbox: &Inbox, wake: Rc<dyn Fn()>) -> Engine {
        Engine {
            host,
            inbox: inbox.clone(),
            wake,
            digits: Rc::new(RefCell::new(Digits::Missing)),
        }
    }

    /// Send `message`. Local hosts answer at once (the updates are returned); a worker
    /// answers later through the inbox (None now), and so does a message held until the
    /// digits set has reached the host.
    pub fn send(&mut self, message: Message) -> Result<Option<Vec<Update>>, String> {
        let needs = message.needs_digits();
        let mut digits = self.digits.borrow_mut();
        match &mut *digits {
            Digits::Waiting(held) => {
                held.push(message);
                return Ok(None);
            }
            Digits::Missing if needs => match digits::loaded() {
                Some(Err(text)) => return Err(text),
                Some(Ok(bytes)) => {
                    give_digits(&self.host, &bytes)?;
                    *digits = Digits::Given;
                }
                None => {
                    *digits = Digits::Waiting(vec![message]);
                    drop(digits);
                    self.send_when_loaded();
                    return Ok(None);
                }
            },
            _ => {}
        }
        drop(digits);
        self.host.send(message)
    }

    /// Once the file is loaded: give it to the host, then send the held messages (their
    /// answers to the inbox); if it cannot be had, answer them with the reason.
    fn send_when_loaded(&self) {
        let (host, inbox, wake) = (self.host.clone(), self.inbox.clone(), self.wake.clone());
        let state = self.digits.clone();
        digits::when_loaded(move |outcome: &Loaded| {
            let held = match std::mem::replace(&mut *state.borrow_mut(), Digits::Given) {
                Digits::Waiting(held) => held,
                _ => Vec::new(),
            };
            let given = outcome.clone().and_then(|bytes| give_digits(&host, &bytes));
            for message in held {
                let reply = match given.clone().and_then(|()| host.send(message)) {
                    Ok(Some(updates)) => Reply::Updates(updates),
                    Ok(None) => continue,
                    Err(text) => Reply::NotSent(text),
                };
                inbox.borrow_mut().push_back(reply);
            }
            wake();
        });
    }
}

/// Give the digits file to `host`: to the page's own module, or posted to the worker
/// (as `{digits: bytes}`, which `worker_main` takes before the messages after it).
fn give_digits(host: &Host, bytes: &[u8]) -> Result<(), String> {
    match host {
        Host::Local(_) => vgp::data::provide_digits(bytes),
        Host::Worker(w) => {
            let message = js_sys::Object::new();
            let array = js_sys::Uint8Array::from(bytes);
            js_sys::Reflect::set(&message, &"digits".into(), &array)
                .and_then(|_| w.worker.post_message(&message))
                .map_err(|e| format!("{e:?}"))
        }
    }
}

impl Host {
    fn send(&self, message: Message) -> Result<Option<Vec<Update>>, String> {
        match self {
            Host::Local(hosts) => match message {
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
                message => hosts.borrow_mut().handle(message, &dom::now_ms).map(Some),
            },
            Host::Worker(w) => {
                let message = js_sys::Uint8Array::from(encode(&message).as_slice());
                w.worker
                    .post_message(&message)
                    .map_err(|e| format!("{e:?}"))?;
                Ok(None)
            }
        }
    }
}

impl Drop for WorkerHost {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}
