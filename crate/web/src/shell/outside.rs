//! What the shell holds beside the state, the JavaScript side of things: the engine,
//! where each waiting call's answer goes, the `subscribe` callbacks, the parent page
//! that asked for `epoch` events, the depth sweep panel and Listen's audio.

use super::engine::Engine;
use super::listen::Listen;
use super::sweep_panel::SweepPanel;
use crate::state::ReplyId;
use js_sys::Function;
use wasm_bindgen::JsValue;
use web_sys::Window;

/// The `window.vgp.subscribe` callbacks, by id, where the microtasks that call them
/// find them.
pub type Subscribers = std::rc::Rc<std::cell::RefCell<Vec<(u32, Function)>>>;

/// Where an answer goes.
pub enum Answer {
    /// A promise of `window.vgp`.
    Promise { resolve: Function, reject: Function },
    /// A reply message to a parent page.
    Message(ReplyTo),
}

/// The sender of a message and its request id.
#[derive(Clone)]
pub struct ReplyTo {
    pub window: Window,
    /// The origin to address (the sender's, or "*" for a `null` origin).
    pub origin: String,
    pub id: JsValue,
}

/// The shell's JavaScript-side holdings.
#[derive(Default)]
pub struct Outside {
    /// Where the runs train (set when the page starts).
    pub engine: Option<Engine>,
    /// Calls waiting for their answers, by reply id.
    pub answers: Vec<(ReplyId, Answer)>,
    next_reply: ReplyId,
    /// `window.vgp.subscribe` callbacks, by id.
    pub subscribers: Subscribers,
    next_subscriber: u32,
    /// The parent page that asked for `epoch` events.
    pub parent_subscriber: Option<ReplyTo>,
    pub sweep: SweepPanel,
    /// Listen's tones.
    pub listen: Listen,
}

impl Outside {
    /// A fresh reply id.
    pub fn reply_id(&mut self) -> ReplyId {
        self.next_reply = self.next_reply.wrapping_add(1);
        self.next_reply
    }

    /// A fresh subscriber id.
    pub fn subscriber_id(&mut self) -> u32 {
        self.next_subscriber = self.next_subscriber.wrapping_add(1);
        self.next_subscriber
    }

    /// Take the answer target of `reply` (each is answered once).
    pub fn take_answer(&mut self, reply: ReplyId) -> Option<Answer> {
        let i = self.answers.iter().position(|(id, _)| *id == reply)?;
        Some(self.answers.remove(i).1)
    }
}
