//! The weights chart's state natively, with the page's own engine answering at once: the
//! mode switch changes what both runs' charts draw, the pointer and the keys set what
//! the tooltip reads, and the keys walk the points the chart draws.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use support::PageUnderTest;

use plotters::prelude::*;
use vgp::charts::weights::{draw_tracked_weights, WeightsMode};
use vgp::charts::weights_layout::{history_text, plan, WeightPoint, WeightsKey};
use vgp::charts::ChartStyle;
use vgp::config::parse_query;
use vgp::remote::RunHosts;
use vgp_web::state::{Action, App, Effect, EngineKind, FormReading, WeightsProbe, A_SLOT, B_SLOT};

/// A page whose engine is the page itself: every message is answered at once.
struct Page {
    app: App,
    hosts: RunHosts,
    now: f64,
}

impl support::PageUnderTest for Page {
    fn app(&self) -> &App {
        &self.app
    }
    fn act(&mut self, action: Action) {
        Page::act(self, action);
    }
}

impl Page {
    fn start(query: &str) -> Page {
        let form = FormReading::of(parse_query(query).0);
        let mut page = Page {
            app: App::new(form.config.clone()),
            hosts: RunHosts::new(),
            now: 0.0,
        };
        page.act(support::start(form, EngineKind::Page));
        page
    }

    fn act(&mut self, action: Action) {
        let mut queue = vec![action];
        while let Some(action) = queue.pop() {
            self.now += 1.0;
            for effect in self.app.update(action, self.now) {
                if let Effect::Send(message) = effect {
                    let clock = std::cell::Cell::new(self.now);
                    let reply = support::engine_answer(&mut self.hosts, &clock, message);
                    queue.push(Action::Engine(reply));
                }
            }
        }
    }

    fn key(&mut self, slot: usize, key: WeightsKey) -> Option<WeightPoint> {
        self.act(Action::WeightsKey { slot, key });
        self.app.weights_readout(slot)
    }
}

/// The caption and axis title a run's weights chart shows, drawn as the page's view
/// draws it (from `App::weights_chart`).
fn drawn(app: &App, slot: usize) -> String {
    let chart = app.weights_chart(slot).expect("a run in the slot");
    let mut s = String::new();
    {
        let area = SVGBackend::with_string(&mut s, (600, 300)).into_drawing_area();
        let style = ChartStyle::light(1.0);
        draw_tracked_weights(&area, chart.history, chart.mode, chart.diverged, &style)
            .expect("draws");
    }
    s
}

const SMALL: &str = "depth=2&width=4&n=40&act=tanh";

#[test]
fn the_switch_changes_what_both_runs_weights_charts_draw() {
    let mut page = Page::start(SMALL);
    page.train(3);
    assert_eq!(page.app.weights_mode(), WeightsMode::Value, "the default");
    let value = drawn(&page.app, A_SLOT);
    assert!(value.contains("Weight value") && !value.contains("symmetric log"));
    page.act(Action::WeightsChange(true));
    assert_eq!(page.app.weights_mode(), WeightsMode::Change);
    let change = drawn(&page.app, A_SLOT);
    assert!(change.contains("Weight change since epoch 0") && change.contains("symmetric log"));
    // Comparing: B's chart draws in the same mode as A's.
    page.act(Action::CompareToggle);
    assert!(page.app.compared().is_some());
    page.train(2);
    assert!(drawn(&page.app, B_SLOT).contains("Weight change since epoch 0"));
    page.act(Action::WeightsChange(false));
    for slot in [A_SLOT, B_SLOT] {
        assert!(drawn(&page.app, slot).contains("Weight value"), "{slot}");
    }
    page.act(Action::CompareToggle);
    assert!(
        page.app.weights_chart(B_SLOT).is_none(),
        "no B after comparing"
    );
}

#[test]
fn the_pointer_sets_the_tip_and_leaving_clears_only_its_own() {
    let mut page = Page::start(SMALL);
    let pointer = |slot, at| Action::WeightsPointer { slot, at };
    page.act(pointer(A_SLOT, Some((30.0, 40.0))));
    assert_eq!(
        page.app.weights_probe(),
        Some(WeightsProbe::Pointer {
            slot: A_SLOT,
            x: 30.0,
            y: 40.0
        })
    );
    page.act(pointer(B_SLOT, None));
    assert!(
        page.app.weights_probe().is_some(),
        "B's leaving keeps A's tip"
    );
    page.act(pointer(A_SLOT, None));
    assert_eq!(page.app.weights_probe(), None);
    // A tip of the keys outlives the pointer's leaving, not the focus's.
    page.train(2);
    let point = page.key(A_SLOT, WeightsKey::End).expect("a point");
    page.act(pointer(A_SLOT, None));
    assert_eq!(
        page.app.weights_probe(),
        Some(WeightsProbe::Key {
            slot: A_SLOT,
            point
        })
    );
    page.act(Action::WeightsBlur(A_SLOT));
    assert_eq!(page.app.weights_probe(), None);
    assert_eq!(
        page.app.weights_readout(A_SLOT),
        Some(point),
        "the read-out stays"
    );
    // The pointer does not move the read-out.
    page.act(pointer(A_SLOT, Some((1.0, 2.0))));
    assert_eq!(page.app.weights_readout(A_SLOT), Some(point));
}

#[test]
fn the_keys_walk_the_lines_and_epochs_the_chart_draws() {
    // Before the engine's first answer nothing is drawn, and the keys find nothing.
    let mut fresh = App::new(parse_query(SMALL).0);
    fresh.update(
        Action::WeightsKey {
            slot: A_SLOT,
            key: WeightsKey::Home,
        },
        0.0,
    );
    assert_eq!(fresh.weights_readout(A_SLOT), None);
    assert_eq!(fresh.weights_probe(), None);
    let mut page = Page::start(SMALL);
    let at = |layer, k, epoch| Some(WeightPoint { layer, k, epoch });
    assert_eq!(
        page.key(A_SLOT, WeightsKey::Right),
        at(0, 0, 0),
        "epoch 0 alone"
    );
    page.train(4);
    assert_eq!(page.key(A_SLOT, WeightsKey::Home), at(0, 0, 0));
    assert_eq!(page.key(A_SLOT, WeightsKey::Right), at(0, 0, 1));
    assert_eq!(page.key(A_SLOT, WeightsKey::Up), at(0, 1, 1));
    assert_eq!(page.key(A_SLOT, WeightsKey::End), at(0, 1, 4));
    assert_eq!(
        page.key(A_SLOT, WeightsKey::Right),
        at(0, 1, 4),
        "stops at the end"
    );
    assert_eq!(page.key(A_SLOT, WeightsKey::Down), at(0, 0, 4));
    assert_eq!(page.key(A_SLOT, WeightsKey::Left), at(0, 0, 3));
    // Up through every line ends on the output layer's last weight.
    let lines = plan(page.app.run().history()).lines;
    for _ in 0..lines.len() {
        page.key(A_SLOT, WeightsKey::Up);
    }
    let (layer, k) = lines[lines.len() - 1];
    assert_eq!(page.app.weights_readout(A_SLOT), at(layer, k, 3));
    assert_eq!(layer, 2, "depth 2: the output layer is the third");
    // The read-out's words name the run's own value.
    let point = page.app.weights_readout(A_SLOT).expect("a point");
    let history = page.app.run().history();
    let text = history_text(history, page.app.weights_mode(), point).expect("a text");
    let value = history
        .points()
        .find(|m| m.epoch == 3)
        .map(|m| m.tracked_weights[layer][k])
        .expect("epoch 3");
    assert!(text.starts_with(&format!("output layer, weight {}, epoch 3: ", k + 1)));
    let shown: f32 = text
        .split(": ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a number");
    assert!(
        (shown - value).abs() <= 1e-3 * value.abs().max(1e-3),
        "{text} vs {value}"
    );
    // B's keys do nothing without a comparison, and move B's own read-out with one.
    assert_eq!(page.key(B_SLOT, WeightsKey::Home), None);
    page.act(Action::CompareToggle);
    page.train(1);
    assert_eq!(page.key(B_SLOT, WeightsKey::Home), at(0, 0, 0));
    assert_eq!(
        page.app.weights_readout(A_SLOT),
        at(layer, k, 3),
        "A's stays"
    );
    // Comparing ends: B's read-out and tip go with B.
    page.act(Action::CompareToggle);
    assert_eq!(page.app.weights_readout(B_SLOT), None);
    assert_eq!(page.app.weights_probe(), None);
}
