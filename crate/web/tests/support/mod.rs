//! What the page-state tests share: the page's start action, and the engine's answer
//! as the page's own engine gives it (each step of its clock 4 ms after the last).
#![allow(dead_code)]

use std::cell::Cell;
use vgp::remote::{Message, RunHosts};
use vgp_web::state::{Action, EngineKind, FormReading, Reply};

/// The page opening on `form` with `engine`, the tour dismissed, motion allowed.
pub fn start(form: FormReading, engine: EngineKind) -> Action {
    Action::Start {
        link: None,
        form,
        tour_dismissed: true,
        base_url: "https://example.org/".into(),
        engine,
        reduced_motion: false,
    }
}

/// `hosts`' answer to `message`, their clock `clock` stepping 4 ms per reading.
pub fn engine_answer(hosts: &mut RunHosts, clock: &Cell<f64>, message: Message) -> Reply {
    let now = || {
        clock.set(clock.get() + 4.0);
        clock.get()
    };
    match hosts.handle(message, &now) {
        Ok(updates) => Reply::Updates(updates),
        Err(text) => Reply::NotSent(text),
    }
}

/// A page-state harness: its state, and how an action and an animation frame reach it.
pub trait PageUnderTest {
    fn app(&self) -> &vgp_web::state::App;
    fn act(&mut self, action: Action);
    /// One animation frame.
    fn frame(&mut self) {
        self.act(Action::Frame);
    }

    /// Train `epochs` more epochs as `vgp.train(n)` does, frame by frame, until the run
    /// has measured them and stopped.
    fn train(&mut self, epochs: usize) {
        let target = self.app().measured_epoch() + epochs;
        self.act(Action::Api {
            call: vgp_web::state::ApiCall::Train(epochs),
            reply: 1,
        });
        for _ in 0..10_000 {
            if self.app().measured_epoch() >= target && !self.app().running() {
                return;
            }
            self.frame();
        }
        panic!("training stopped at {}", self.app().measured_epoch());
    }
}

/// A page whose engine is the page itself, answering every message at once, on a
/// clock that stands still between frames (16 ms each).
pub struct OwnEnginePage {
    pub app: vgp_web::state::App,
    pub hosts: RunHosts,
    pub now: f64,
}

impl OwnEnginePage {
    /// The page opened on `query`, with or without reduced motion.
    pub fn start(query: &str, reduced_motion: bool) -> OwnEnginePage {
        let form = FormReading::of(vgp::config::parse_query(query).0);
        let mut page = OwnEnginePage {
            app: vgp_web::state::App::new(form.config.clone()),
            hosts: RunHosts::new(),
            now: 0.0,
        };
        let mut opening = start(form, EngineKind::Page);
        if let Action::Start {
            reduced_motion: r, ..
        } = &mut opening
        {
            *r = reduced_motion;
        }
        page.act(opening);
        page
    }
}

impl PageUnderTest for OwnEnginePage {
    fn app(&self) -> &vgp_web::state::App {
        &self.app
    }
    fn act(&mut self, action: Action) {
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            for effect in self.app.update(action, self.now) {
                if let vgp_web::state::Effect::Send(message) = effect {
                    let clock = Cell::new(self.now);
                    queue.push(Action::Engine(engine_answer(
                        &mut self.hosts,
                        &clock,
                        message,
                    )));
                }
            }
        }
    }
    fn frame(&mut self) {
        self.now += 16.0;
        self.act(Action::Frame);
    }
}
