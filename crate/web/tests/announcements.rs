//! What the status region announces (state/announce.rs), natively: sequences of actions
//! over simulated time, with the page's own engine training real runs on the animation
//! frames, give exactly these announcements at exactly these times (at most one every
//! 2 s, what happens in between merged into the next).
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::cell::Cell;
use vgp::config::parse_query;
use vgp::remote::{Message, RunHosts};
use vgp_web::state::{Action, ApiCall, App, Effect, EngineKind, FormReading, Reply};

/// Milliseconds between animation frames.
const FRAME_MS: f64 = 16.0;

/// A page whose own engine trains (answered at once), and every announcement it made.
struct Page {
    app: App,
    hosts: RunHosts,
    now: f64,
    engine_clock: Cell<f64>,
    said: Vec<(f64, String)>,
    last_serial: u32,
}

impl Page {
    fn start(query: &str) -> Page {
        let form = FormReading::of(parse_query(query).0);
        let mut page = Page {
            app: App::new(form.config.clone()),
            hosts: RunHosts::new(),
            now: 0.0,
            engine_clock: Cell::new(0.0),
            said: Vec::new(),
            last_serial: 0,
        };
        page.act(support::start(form, EngineKind::Page));
        page
    }

    /// Apply `action` at the current time, and the engine's answers after it.
    fn act(&mut self, action: Action) {
        let mut actions = vec![action];
        while let Some(action) = actions.pop() {
            for effect in self.app.update(action, self.now) {
                if let Effect::Send(message) = effect {
                    actions.push(Action::Engine(self.answer(message)));
                }
            }
            let (text, serial) = self.app.announcement();
            if serial != self.last_serial {
                self.last_serial = serial;
                self.said.push((self.now, text.to_string()));
            }
        }
    }

    fn answer(&mut self, message: Message) -> Reply {
        support::engine_answer(&mut self.hosts, &self.engine_clock, message)
    }

    /// Animation frames until the clock reads `until_ms`.
    fn frames_until(&mut self, until_ms: f64) {
        while self.now + FRAME_MS <= until_ms {
            self.now += FRAME_MS;
            self.act(Action::Frame);
        }
    }

    /// `action` at `at_ms` (frames run up to then).
    fn at(&mut self, at_ms: f64, action: Action) {
        self.frames_until(at_ms);
        self.now = at_ms;
        self.act(action);
    }

    fn said(&self) -> Vec<(f64, &str)> {
        self.said.iter().map(|(t, s)| (*t, s.as_str())).collect()
    }
}

/// No two announcements within 2 s of each other.
fn assert_spaced(said: &[(f64, &str)]) {
    for pair in said.windows(2) {
        assert!(
            pair[1].0 - pair[0].0 >= 2000.0,
            "announcements closer than 2 s: {pair:?}"
        );
    }
}

#[test]
fn events_in_quick_succession_wait_and_are_merged_into_one_announcement() {
    // A paused run: only what the visitor does is news.
    let mut page = Page::start("depth=2&width=4&n=40&act=tanh");
    page.at(100.0, Action::Copied("Link copied."));
    page.at(500.0, Action::Copied("Embed code copied."));
    page.at(900.0, Action::PresetPicked("vanishing".into()));
    page.at(1200.0, Action::Copied("Link copied."));
    page.frames_until(6000.0);
    let said = page.said();
    assert_eq!(
        said,
        vec![
            (100.0, "Link copied."),
            (
                2112.0,
                "Embed code copied. Loaded the story step: The problem: ten sigmoid layers. Link copied."
            ),
        ],
        "{said:#?}"
    );
    assert_spaced(&said);
}

#[test]
fn ten_seconds_of_the_default_run_announce_its_findings_once_each() {
    // The page's default network (ten sigmoid layers) playing for 10 s.
    let mut page = Page::start("");
    page.at(50.0, Action::TogglePlay);
    page.frames_until(10_050.0);
    let said = page.said();
    assert_spaced(&said);
    assert!(said.len() <= 5, "{said:#?}");
    let texts: Vec<&str> = said.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        texts,
        vec![
            "Diagnosis: Vanishing gradient, Frozen weights.",
            "Diagnosis: The loss stopped changing.",
        ],
        "{said:#?}"
    );
    // The remedy button: said at once (the last announcement was long ago); the
    // remedied run is a new run, whose own findings are news again.
    page.at(10_100.0, Action::RemedyClicked("relu-he".into()));
    page.frames_until(16_000.0);
    let said = page.said();
    assert_eq!(
        said[2..].iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        [
            "Applied ReLU + He init; the run starts again.",
            "Diagnosis: The loss stopped changing.",
        ],
        "{said:#?}"
    );
    assert_eq!(said[2].0, 10_100.0, "{said:#?}");
    assert_spaced(&said);
}

#[test]
fn a_diverging_run_is_announced_once() {
    let mut page = Page::start("data=sine&act=relu&init=he_normal&depth=4&lr=10");
    page.at(50.0, Action::TogglePlay);
    page.frames_until(3000.0);
    let said = page.said();
    assert_eq!(said.len(), 1, "{said:#?}");
    assert!(
        said[0].1.starts_with("The run diverged at epoch "),
        "{said:#?}"
    );
}

#[test]
fn the_epoch_limit_and_a_train_target_are_announced_once() {
    let mut page = Page::start("depth=2&width=4&n=40&act=tanh&epochs=30");
    page.at(
        50.0,
        Action::Api {
            call: ApiCall::Train(10),
            reply: 1,
        },
    );
    page.frames_until(2500.0);
    page.at(2600.0, Action::TogglePlay);
    page.frames_until(8000.0);
    let said = page.said();
    assert_eq!(
        said.iter().map(|(_, s)| *s).collect::<Vec<_>>(),
        vec!["Trained to epoch 10.", "Stopped at the epoch limit (30)."],
        "{said:#?}"
    );
    assert_spaced(&said);
}
