//! The charts' words, tables, keys and Listen in the page's state, natively, with the
//! page's own engine answering at once: summaries are due at once when a run pauses, its
//! configuration changes or a comparison begins, and at most every 3 s while it trains;
//! Table buttons open and close their tables; the keys walk the heatmap, the loss chart
//! and the profile over the points the charts draw and name the run's numbers; Listen
//! plays the newest epoch's norms as pitches and stops.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::PageUnderTest;

use vgp::config::parse_query;
use vgp::describe::gradients::{at_epoch, gradient_words};
use vgp::describe::listen::{duration_s, tones};
use vgp::describe::walk::{GridPoint, Key};
use vgp::remote::RunHosts;
use vgp_web::state::{
    Action, App, Effect, EngineKind, FormReading, Probe, DESCRIBE_EVERY_MS, HEATMAP_A, HEATMAP_B,
    LOSS, PROFILE,
};

/// A page whose engine is the page itself, on a clock the test moves.
struct Page {
    app: App,
    hosts: RunHosts,
    now: f64,
    effects: Vec<Effect>,
}

impl support::PageUnderTest for Page {
    fn app(&self) -> &App {
        &self.app
    }
    fn act(&mut self, action: Action) {
        Page::act(self, action);
    }
    fn frame(&mut self) {
        Page::frame(self);
    }
}

impl Page {
    fn start(query: &str) -> Page {
        let form = FormReading::of(parse_query(query).0);
        let mut page = Page {
            app: App::new(form.config.clone()),
            hosts: RunHosts::new(),
            now: 0.0,
            effects: Vec::new(),
        };
        page.act(support::start(form, EngineKind::Page));
        page
    }

    /// Apply `action` at the clock's time, the engine's answers right after.
    fn act(&mut self, action: Action) {
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            for effect in self.app.update(action, self.now) {
                if let Effect::Send(message) = effect {
                    let clock = std::cell::Cell::new(self.now);
                    let reply = support::engine_answer(&mut self.hosts, &clock, message);
                    queue.push(Action::Engine(reply));
                } else {
                    self.effects.push(effect);
                }
            }
        }
    }

    fn frame(&mut self) {
        self.now += 16.0;
        self.act(Action::Frame);
    }

    fn key(&mut self, canvas: usize, key: Key) -> GridPoint {
        self.act(Action::ExploreKey { canvas, key });
        self.app.explore_readout(canvas).expect("a point")
    }

    fn words(&self, canvas: usize) -> String {
        let p = self.app.explore_readout(canvas).expect("a point");
        self.app.explore_point(canvas, p).expect("words").0
    }
}

const SMALL: &str = "depth=3&width=6&n=60";

#[test]
fn summaries_are_due_at_once_when_paused_and_at_most_every_3_s_while_training() {
    let mut page = Page::start(SMALL);
    let mut seen = page.app.described();
    // Playing: epochs arrive every frame, the words at most every DESCRIBE_EVERY_MS.
    page.act(Action::TogglePlay);
    let mut times = vec![page.now];
    let started = page.now;
    while page.now - started < 10_000.0 {
        page.frame();
        if page.app.described() != seen {
            seen = page.app.described();
            times.push(page.now);
        }
    }
    assert!(page.app.measured_epoch() > 100, "it trained");
    assert!(times.len() >= 3, "described {} times in 10 s", times.len());
    for pair in times.windows(2).skip(1) {
        assert!(pair[1] - pair[0] >= DESCRIBE_EVERY_MS, "{times:?}");
        assert!(pair[1] - pair[0] < DESCRIBE_EVERY_MS + 20.0, "{times:?}");
    }
    // Pausing describes the epoch it stopped at, at once.
    page.now += 10.0;
    page.act(Action::TogglePlay);
    assert_ne!(page.app.described(), seen, "the pause was described");
    seen = page.app.described();
    // Paused, each new epoch (Step) is described at once; nothing new, nothing.
    page.frame();
    assert_eq!(page.app.described(), seen);
    page.act(Action::Step);
    assert_ne!(page.app.described(), seen);
    seen = page.app.described();
    // A live change of the configuration (the learning rate) is described at once,
    // even while playing.
    page.act(Action::TogglePlay);
    page.frame();
    let playing = page.app.described();
    let form = FormReading::of(parse_query(&format!("{SMALL}&lr=0.3")).0);
    page.act(Action::ControlChanged {
        key: "lr".into(),
        form,
    });
    assert_ne!(page.app.described(), playing, "a new configuration");
    // A new run (a rebuilt network) is described at once, and again when its first
    // measurement (epoch 0) arrives, even while playing.
    let rebuilt = page.app.described();
    let form = FormReading::of(parse_query("depth=2&width=6&n=60&lr=0.3").0);
    page.act(Action::ControlChanged {
        key: "depth".into(),
        form,
    });
    assert!(
        page.app.run().history().newest().is_some(),
        "its epoch 0 came"
    );
    assert_eq!(
        page.app.described(),
        rebuilt.wrapping_add(2),
        "the new run, then its epoch 0"
    );
    // So is a comparison begun.
    let before = page.app.described();
    page.act(Action::CompareToggle);
    assert!(page.app.compared().is_some());
    assert_ne!(page.app.described(), before);
    assert_ne!(seen, before);
}

#[test]
fn table_buttons_open_and_close_their_own_table() {
    let mut page = Page::start(SMALL);
    assert!(!page.app.table_open("heatmap"));
    page.act(Action::TableToggle("heatmap".into()));
    page.act(Action::TableToggle("sweep".into()));
    assert!(page.app.table_open("heatmap") && page.app.table_open("sweep"));
    assert!(!page.app.table_open("loss"));
    page.act(Action::TableToggle("heatmap".into()));
    assert!(!page.app.table_open("heatmap") && page.app.table_open("sweep"));
    page.act(Action::TableToggle("no-such-chart".into()));
    assert!(!page.app.table_open("no-such-chart"));
}

#[test]
fn keys_walk_the_heatmap_the_loss_and_the_profile_and_name_the_runs_numbers() {
    let mut page = Page::start(SMALL);
    page.train(12);
    let history = page.app.run().history().clone();
    let layers = 4;
    // The heatmap: layer 1 at the newest epoch first, Up towards the output layer.
    let at = |row, at| GridPoint { row, at };
    assert_eq!(page.key(HEATMAP_A, Key::Right), at(0, 12));
    assert_eq!(page.key(HEATMAP_A, Key::Home), at(0, 0));
    assert_eq!(page.key(HEATMAP_A, Key::Right), at(0, 1));
    for _ in 0..10 {
        page.key(HEATMAP_A, Key::Up);
    }
    assert_eq!(page.key(HEATMAP_A, Key::Up), at(layers - 1, 1));
    let m = at_epoch(&history, 1).expect("epoch 1");
    assert_eq!(
        page.words(HEATMAP_A),
        gradient_words(m, layers - 1).expect("words")
    );
    assert!(page
        .words(HEATMAP_A)
        .starts_with("output layer, epoch 1: gradient norm "));
    assert_eq!(
        page.app.explore_probe(),
        Some((HEATMAP_A, Probe::Key(at(layers - 1, 1))))
    );
    // Leaving the canvas hides the keys' tip; the read-out stays.
    page.act(Action::ExploreBlur(HEATMAP_A));
    assert_eq!(page.app.explore_probe(), None);
    assert_eq!(page.app.explore_readout(HEATMAP_A), Some(at(layers - 1, 1)));
    // The loss chart: train loss at the newest epoch, Up to the test loss.
    assert_eq!(page.key(LOSS, Key::End), at(0, 12));
    let newest = history.newest().expect("newest");
    assert!(page.words(LOSS).starts_with("train loss, epoch 12: "));
    assert_eq!(page.key(LOSS, Key::Up), at(1, 12));
    let words = page.words(LOSS);
    assert!(words.starts_with("test loss, epoch 12: "), "{words}");
    assert!(
        words.contains(&vgp::describe::num(f64::from(newest.test_loss))),
        "{words}"
    );
    assert_eq!(page.key(LOSS, Key::Up), at(1, 12), "two lines, no more");
    // The profile: layer 1 of the newest epoch, Right towards the output layer, Up to
    // epoch 0's line.
    assert_eq!(page.key(PROFILE, Key::Down), at(0, 0));
    assert_eq!(page.key(PROFILE, Key::End), at(0, layers - 1));
    assert_eq!(page.key(PROFILE, Key::Up), at(1, layers - 1));
    let first = history.first().expect("first");
    assert_eq!(
        page.words(PROFILE),
        gradient_words(first, layers - 1).expect("words")
    );
    // The pointer over the loss chart sets its tip; leaving clears only its own.
    page.act(Action::ExplorePointer {
        canvas: LOSS,
        at: Some((5.0, 6.0)),
    });
    assert_eq!(
        page.app.explore_probe(),
        Some((LOSS, Probe::Pointer(5.0, 6.0)))
    );
    page.act(Action::ExplorePointer {
        canvas: PROFILE,
        at: None,
    });
    assert!(page.app.explore_probe().is_some());
    page.act(Action::ExplorePointer {
        canvas: LOSS,
        at: None,
    });
    assert_eq!(page.app.explore_probe(), None);
    // Comparing: B's heatmap has its own point; the loss chart walks A's and B's lines,
    // named; ending the comparison forgets B's point.
    page.act(Action::CompareToggle);
    page.train(3);
    assert_eq!(page.key(HEATMAP_B, Key::End).row, 0);
    assert_eq!(page.app.explore_readout(LOSS), None, "the lines changed");
    page.key(LOSS, Key::End);
    for _ in 0..3 {
        page.key(LOSS, Key::Up);
    }
    let labels = page.app.compared().expect("B").labels.clone();
    let words = page.words(LOSS);
    assert!(
        words.starts_with(&format!("{}: test loss, epoch 3", labels.1)),
        "{words}"
    );
    page.act(Action::CompareToggle);
    assert_eq!(page.app.explore_readout(HEATMAP_B), None);
    assert!(page.app.explore_readout(HEATMAP_A).is_some());
}

#[test]
fn listen_plays_the_newest_norms_as_pitches_and_stops() {
    let mut page = Page::start(SMALL);
    page.train(2);
    page.effects.clear();
    page.act(Action::Listen);
    let norms = page
        .app
        .run()
        .history()
        .newest()
        .expect("newest")
        .grad_norm
        .clone();
    assert_eq!(page.effects, [Effect::PlayTones(tones(&norms))]);
    assert!(page.app.listening());
    // Pressed again: stopped.
    page.effects.clear();
    page.act(Action::Listen);
    assert_eq!(page.effects, [Effect::StopTones]);
    assert!(!page.app.listening());
    // Left alone, it ends once the tones have played.
    page.act(Action::Listen);
    page.effects.clear();
    let ends = page.now + 1000.0 * duration_s(norms.len());
    while page.now < ends - 20.0 {
        page.frame();
        assert!(page.app.listening());
    }
    while page.app.listening() {
        page.frame();
    }
    assert!(page.now >= ends);
    assert_eq!(page.effects, [Effect::StopTones]);
}
