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
