//! The shell: the only `Rc<RefCell<..>>` of the page. Every entry point (a DOM event,
//! the JavaScript API, a parent's message, the engine's reply, the animation frame)
//! turns its input into an `Action` and dispatches it. Dispatching queues; the
//! outermost dispatch drains the queue: each action through `App::update` (the state
//! borrowed only for that), then its effects one by one with nothing borrowed, so a
//! subscriber that calls `vgp.pause()` or a focus that fires an event only queues
//! more work, never re-entering `update`. The views render after every batch.

use super::js_values::value_js;
use super::outside::{Answer, Outside};
use super::perform::{perform, Context};
use crate::dom;
use crate::state::{Action, ApiCall, ApiError, ApiValue, App, Effect, ReplyId};
use crate::views::Views;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

/// Most rounds of draining and rendering one entry point runs (each round takes the
/// actions the previous one's effects and views queued).
const MOST_ROUNDS: usize = 64;

/// The page's state, views and JavaScript holdings, and the queues between them.
pub struct Shell {
    app: RefCell<App>,
    views: RefCell<Views>,
    outside: RefCell<Outside>,
    actions: RefCell<VecDeque<Action>>,
    effects: RefCell<VecDeque<Effect>>,
    /// True while an outer call drains the queues.
    draining: Cell<bool>,
    /// Whether an animation frame is requested; `waker` requests one (start.rs).
    frame_requested: Cell<bool>,
    waker: RefCell<Option<Rc<dyn Fn()>>>,
    /// Queues an action on this shell (for callbacks that outlive a call).
    post: Rc<dyn Fn(Action)>,
}

impl Shell {
    pub fn new(app: App, views: Views, me: Weak<Shell>) -> Shell {
        let post: Rc<dyn Fn(Action)> = Rc::new(move |action| {
            if let Some(shell) = me.upgrade() {
                shell.dispatch(action);
            }
        });
        Shell {
            app: RefCell::new(app),
            views: RefCell::new(views),
            outside: RefCell::new(Outside::default()),
            actions: RefCell::default(),
            effects: RefCell::default(),
            draining: Cell::new(false),
            frame_requested: Cell::new(false),
            waker: RefCell::new(None),
            post,
        }
    }

    /// The state, to read (None in the moment `update` runs, which calls no JavaScript).
    pub fn app(&self) -> Option<std::cell::Ref<'_, App>> {
        self.app.try_borrow().ok()
    }

    /// The JavaScript-side holdings, for a moment (never across a call into JavaScript).
    pub fn outside(&self) -> std::cell::RefMut<'_, Outside> {
        self.outside.borrow_mut()
    }

    /// A function that dispatches on this shell.
    pub fn poster(&self) -> Rc<dyn Fn(Action)> {
        self.post.clone()
    }

    /// Queue `action`, and drain unless an outer call is draining already. Anything but
    /// a frame wakes the animation loop.
    pub fn dispatch(&self, action: Action) {
        let wakes = !matches!(action, Action::Frame);
        self.actions.borrow_mut().push_back(action);
        self.flush();
        if wakes {
            self.wake();
        }
    }

    /// The function that requests an animation frame (set once the loop exists).
    pub fn set_waker(&self, waker: Rc<dyn Fn()>) {
        *self.waker.borrow_mut() = Some(waker);
    }

    /// Request an animation frame unless one is requested already.
    pub fn wake(&self) {
        if self.frame_requested.get() {
            return;
        }
        let waker = self.waker.borrow().clone();
        if let Some(waker) = waker {
            self.frame_requested.set(true);
            waker();
        }
    }

    /// Called by the loop as a frame begins: that frame's request is used up.
    pub fn frame_began(&self) {
        self.frame_requested.set(false);
    }

    /// Whether another frame is needed after this one (`App::wants_frames`, a pulse, a
    /// sweep under way). While anything is borrowed, yes.
    pub fn wants_frames(&self) -> bool {
        let (Ok(app), Ok(views), Ok(outside)) = (
            self.app.try_borrow(),
            self.views.try_borrow(),
            self.outside.try_borrow(),
        ) else {
            return true;
        };
        app.wants_frames(dom::now_ms()) || views.wants_frames(&app) || outside.sweep.busy()
    }

    /// Apply an API call now and return its immediate answer (None when it answers
    /// later, through `answers`: register it before calling `flush`). Its other effects
    /// are queued behind any already waiting.
    pub fn call(&self, call: ApiCall, reply: ReplyId) -> Option<Result<ApiValue, ApiError>> {
        // Reading calls need no `update`: answered from a shared borrow, they also work
        // in the middle of a redraw (which holds one).
        if let Some(answer) = self
            .app
            .try_borrow()
            .ok()
            .and_then(|app| app.read_only_answer(&call))
        {
            return Some(answer);
        }
        let Ok(mut app) = self.app.try_borrow_mut() else {
            return Some(Err(ApiError {
                code: "busy",
                message: "the page is drawing; call again from a callback or a timer".into(),
            }));
        };
        let effects = app.update(Action::Api { call, reply }, dom::now_ms());
        drop(app);
        let mut immediate = None;
        let mut queue = self.effects.borrow_mut();
        for effect in effects {
            match effect {
                Effect::Answer(id, result) if id == reply && immediate.is_none() => {
                    immediate = Some(result)
                }
                other => queue.push_back(other),
            }
        }
        immediate
    }

    /// An answer's value as JavaScript (`performance()` reads the views' times).
    pub fn to_js(&self, value: ApiValue) -> wasm_bindgen::JsValue {
        value_js(value, self.views.try_borrow().ok().as_deref())
    }

    /// Register where the answer to `reply` goes.
    pub fn expect_answer(&self, reply: ReplyId, answer: Answer) {
        self.outside.borrow_mut().answers.push((reply, answer));
    }

    /// Drain the queues (unless an outer call does) and render the views.
    pub fn flush(&self) {
        if self.draining.get() {
            return;
        }
        self.draining.set(true);
        for _ in 0..MOST_ROUNDS {
            self.drain();
            if let (Ok(app), Ok(mut views)) = (self.app.try_borrow(), self.views.try_borrow_mut()) {
                views.render(&app);
            }
            if self.actions.borrow().is_empty() && self.effects.borrow().is_empty() {
                break;
            }
        }
        self.draining.set(false);
    }

    /// Effects first, in order, then the next action, until both queues are empty.
    fn drain(&self) {
        let subscribers = self.outside.borrow().subscribers.clone();
        let cx = Context {
            app: &self.app,
            views: &self.views,
            outside: &self.outside,
            post: &self.post,
            subscribers: &subscribers,
        };
        loop {
            let effect = self.effects.borrow_mut().pop_front();
            if let Some(effect) = effect {
                perform(&cx, effect);
                continue;
            }
            let action = self.actions.borrow_mut().pop_front();
            let Some(action) = action else {
                break;
            };
            let effects = match self.app.try_borrow_mut() {
                Ok(mut app) => app.update(action, dom::now_ms()),
                // `update` calls no JavaScript, so nothing can reach here during it.
                Err(_) => break,
            };
            self.effects.borrow_mut().extend(effects);
        }
    }

    /// An animation frame: the frame's action, then the charts and the sweep panel.
    pub fn frame(&self) {
        self.dispatch(Action::Frame);
        if self.draining.get() {
            return;
        }
        if let (Ok(app), Ok(mut views)) = (self.app.try_borrow(), self.views.try_borrow_mut()) {
            views.render_frame(&app);
            let table = app.table_open("sweep");
            self.outside
                .borrow_mut()
                .sweep
                .poll(app.run().config(), table);
        }
    }
}
