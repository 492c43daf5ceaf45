//! The Network panel in the page's state, natively, with the page's own engine
//! answering at once: the run's diagram numbers reach the mirror for the epoch the run
//! stopped at, the mode switch is what the panel reads, the keys walk A's and B's
//! diagrams and name their numbers, and "Show backprop" runs for its time, stops when
//! pressed again and never starts under reduced motion.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::PageUnderTest;

use vgp::charts::network::NetworkMode;
use vgp::describe::walk::Key;
use vgp_web::state::{backprop_ms, Action, NETWORK_A, NETWORK_B};

type Page = support::OwnEnginePage;

fn start(query: &str, reduced_motion: bool) -> Page {
    Page::start(query, reduced_motion)
}

const SMALL: &str = "depth=3&width=5&n=60";

#[test]
fn the_mirror_holds_the_diagram_of_the_epoch_the_run_stopped_at() {
    let mut page = start(SMALL, false);
    page.train(12);
    let run = page.app.run();
    let s = run.network().expect("the diagram's numbers arrived");
    assert_eq!(s.epoch, run.measured_epoch());
    // The same numbers a run of the same configuration computes itself.
    let mut own = vgp::train::Run::new(run.config().clone());
    for _ in 0..12 {
        own.step_epoch();
    }
    assert_eq!(own.diagram(None).as_ref(), Some(s));
}

#[test]
fn the_mode_switch_is_what_the_panel_reads() {
    let mut page = start(SMALL, false);
    assert_eq!(page.app.network_mode(), NetworkMode::Gradient);
    for mode in [
        NetworkMode::Update,
        NetworkMode::Weight,
        NetworkMode::Gradient,
    ] {
        page.act(Action::NetworkMode(mode));
        assert_eq!(page.app.network_mode(), mode);
    }
    for mode in NetworkMode::ALL {
        assert_eq!(NetworkMode::from_name(mode.name()), Some(mode));
    }
    assert_eq!(NetworkMode::from_name("loss"), None);
}

#[test]
fn the_keys_walk_the_diagrams_of_a_and_b() {
    let mut page = start(SMALL, false);
    page.train(5);
    page.act(Action::ExploreKey {
        canvas: NETWORK_A,
        key: Key::Home,
    });
    page.act(Action::ExploreKey {
        canvas: NETWORK_A,
        key: Key::Down,
    });
    let p = page.app.explore_readout(NETWORK_A).expect("a point");
    assert_eq!((p.at, p.row), (0, 1));
    let (words, _, _) = page.app.explore_point(NETWORK_A, p).expect("words");
    assert!(
        words.starts_with("layer 1, unit 1 of 5, epoch 5"),
        "{words}"
    );
    // B's diagram is walked apart from A's, and only while comparing.
    page.act(Action::ExploreKey {
        canvas: NETWORK_B,
        key: Key::End,
    });
    assert_eq!(page.app.explore_readout(NETWORK_B), None);
    page.act(Action::CompareToggle);
    page.train(3);
    page.act(Action::ExploreKey {
        canvas: NETWORK_B,
        key: Key::End,
    });
    let b = page.app.explore_readout(NETWORK_B).expect("B's point");
    assert_eq!((b.at, b.row), (3, 0));
    let (words, _, _) = page.app.explore_point(NETWORK_B, b).expect("words");
    assert!(
        words.starts_with("the output layer (5 to 1 units)"),
        "{words}"
    );
    assert_eq!(
        page.app.explore_readout(NETWORK_A),
        Some(p),
        "A's point stays"
    );
}

#[test]
fn show_backprop_runs_for_its_time_and_stops_when_pressed_again() {
    let mut page = start(SMALL, false);
    page.train(2);
    let started = page.now;
    page.act(Action::Backprop);
    let (from, to) = page.app.backprop().expect("running");
    assert_eq!((from, to), (started, started + backprop_ms(4)));
    while page.now < to - 16.0 {
        page.frame();
        assert!(
            page.app.backprop().is_some(),
            "still running at {}",
            page.now
        );
    }
    page.frame();
    page.frame();
    assert_eq!(page.app.backprop(), None, "over");
    page.act(Action::Backprop);
    assert!(page.app.backprop().is_some());
    page.act(Action::Backprop);
    assert_eq!(page.app.backprop(), None, "pressed again: stopped");
    // The time grows with the depth, within 1.5 to 4 s.
    assert_eq!(backprop_ms(2), 1500.0);
    assert_eq!(backprop_ms(10), 2500.0);
    assert_eq!(backprop_ms(101), 4000.0);
}

#[test]
fn show_backprop_never_starts_under_reduced_motion() {
    let mut page = start(SMALL, true);
    page.train(2);
    page.act(Action::Backprop);
    assert_eq!(page.app.backprop(), None);
    // Motion allowed later, then taken back while the pulse runs: it stops.
    page.act(Action::ReducedMotion(false));
    page.act(Action::Backprop);
    assert!(page.app.backprop().is_some());
    page.act(Action::ReducedMotion(true));
    page.frame();
    assert_eq!(page.app.backprop(), None);
}

/// The keys on a wide layer ask the engine for its every connection; leaving it, or the
/// canvas, takes the request back; a narrow layer never asks.
#[test]
fn the_keys_on_a_wide_layer_bring_its_connections() {
    let mut page = start("depth=2&width=20&n=60", false);
    page.train(2);
    let detailed = |page: &Page| {
        page.app.run().network().map(|n| {
            n.layers
                .iter()
                .map(|l| l.has_connections())
                .collect::<Vec<bool>>()
        })
    };
    assert_eq!(detailed(&page), Some(vec![false; 3]));
    // The keys start on the output layer (20 inputs: a band), then layer 2.
    page.act(Action::ExploreKey {
        canvas: NETWORK_A,
        key: Key::End,
    });
    assert_eq!(page.app.network_detail(0), Some(2));
    assert_eq!(detailed(&page), Some(vec![false, false, true]));
    page.act(Action::ExploreKey {
        canvas: NETWORK_A,
        key: Key::Left,
    });
    assert_eq!(detailed(&page), Some(vec![false, true, false]));
    // Training on keeps the detail in every new epoch's numbers.
    page.train(1);
    let n = page.app.run().network().expect("numbers");
    assert_eq!((n.epoch, n.layers[1].has_connections()), (3, true));
    // Leaving the canvas: back to bands.
    page.act(Action::ExploreBlur(NETWORK_A));
    assert_eq!(page.app.network_detail(0), None);
    assert_eq!(detailed(&page), Some(vec![false; 3]));
    // A narrow network never asks.
    let mut narrow = start(SMALL, false);
    narrow.train(1);
    narrow.act(Action::ExploreKey {
        canvas: NETWORK_A,
        key: Key::Home,
    });
    assert_eq!(narrow.app.network_detail(0), None);
}
