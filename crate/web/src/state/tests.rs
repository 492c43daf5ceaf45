//! Unit tests of `App::update` on its own (no engine answers): the texts the views
//! read, the notice, the tour, the embed snippet, the new seed. The engine-driven
//! sequences and the property test are in crate/web/tests/state_actions.rs.

use super::*;
use vgp::config::{parse_link, parse_query};

fn started(query: &str, tour_dismissed: bool) -> (App, Vec<Effect>) {
    let form = FormReading::of(parse_query(query).0);
    let mut app = App::new(form.config.clone());
    let effects = app.update(
        Action::Start {
            link: None,
            form,
            tour_dismissed,
            base_url: "https://example.org/play/".into(),
            engine: EngineKind::Worker,
        },
        0.0,
    );
    (app, effects)
}

#[test]
fn the_status_follows_play_pause_and_a_copied_link() {
    let (mut app, _) = started("depth=2", true);
    assert_eq!(app.status_text(), "Ready: press Play to train.");
    app.update(Action::TogglePlay, 1.0);
    assert_eq!(app.status_text(), "Training…");
    app.update(Action::Copied("Link copied."), 2.0);
    assert_eq!(app.status_text(), "Link copied.");
    app.update(Action::TogglePlay, 3.0);
    assert_eq!(app.status_text(), "Ready: press Play to train.");
}

#[test]
fn a_link_with_unusable_values_names_each_in_the_notice() {
    let (mut app, _) = started("depth=2", true);
    let effects = app.update(
        Action::AddressChanged(parse_link("depth=banana&width=3")),
        1.0,
    );
    let notice = app.notice().expect("a notice");
    assert!(
        notice.heading.contains("could not use"),
        "{}",
        notice.heading
    );
    assert_eq!(notice.items.len(), 1);
    assert!(notice.items[0].contains("depth") && notice.items[0].contains("banana"));
    // The form shows the configuration the run uses, width 3 kept.
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::WriteForm(c) if c.width == 3)));
    app.update(Action::DismissNotice, 2.0);
    assert!(app.notice().is_none());
}

#[test]
fn a_first_visit_opens_the_tour_and_finishing_it_is_remembered() {
    let (mut app, _) = started("depth=2", false);
    assert_eq!(app.tour_step(), Some(0));
    assert_eq!(
        app.run().config().depth,
        10,
        "the tour's first step loads its preset"
    );
    let mut effects = Vec::new();
    for _ in 0..TOUR_STEPS.len() {
        effects = app.update(Action::TourNext, 1.0);
    }
    assert_eq!(app.tour_step(), None);
    assert!(effects.contains(&Effect::RememberTourDismissed));
    let (app, _) = started("depth=2", true);
    assert_eq!(app.tour_step(), None, "a dismissed tour stays closed");
}

#[test]
fn the_embed_snippet_holds_the_chosen_panels_and_controls() {
    let (mut app, _) = started("depth=3&act=relu", true);
    let choices = EmbedChoices {
        panels: vec!["loss".into(), "heatmap".into()],
        controls: "none".into(),
        height: "5000".into(),
        ..EmbedChoices::default()
    };
    let effects = app.update(Action::EmbedOpen(choices), 1.0);
    let Some(Effect::EmbedSnippet { text, open: true }) = effects.first() else {
        panic!("no snippet: {effects:?}");
    };
    assert!(text.contains("https://example.org/play/"), "{text}");
    assert!(text.contains("embed=1"), "{text}");
    assert!(text.contains("panels=heatmap,loss"), "{text}");
    assert!(text.contains("controls=none"), "{text}");
    assert!(text.contains("act=relu"), "{text}");
    assert!(text.contains("3000"), "the height is capped: {text}");
}

#[test]
fn a_new_seed_starts_a_run_with_it_and_shows_it_in_the_form() {
    let (mut app, _) = started("depth=2&seed=1", true);
    let form = FormReading::of(parse_query("depth=2&seed=1").0);
    let effects = app.update(Action::NewSeed { seed: 77, form }, 1.0);
    assert_eq!(app.run().config().seed, 77);
    assert!(effects.contains(&Effect::WriteSeed(77)));
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Send(vgp::remote::Message::To {
            request: vgp::remote::Request::New { config, .. },
            ..
        }) if config.seed == 77
    )));
}

#[test]
fn a_live_setting_changes_the_running_run_without_a_new_one() {
    let (mut app, _) = started("depth=2&lr=0.1", true);
    let run_id = app.run().run_id();
    let form = FormReading::of(parse_query("depth=2&lr=0.5").0);
    let effects = app.update(
        Action::ControlChanged {
            key: "lr".into(),
            form,
        },
        1.0,
    );
    assert_eq!(app.run().run_id(), run_id);
    assert_eq!(app.run().config().lr, 0.5);
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Send(vgp::remote::Message::To {
            request: vgp::remote::Request::Live { .. },
            ..
        })
    )));
}

#[test]
fn the_tours_back_button_goes_one_step_back() {
    let (mut app, _) = started("depth=2", false);
    app.update(Action::TourNext, 1.0);
    app.update(Action::TourNext, 2.0);
    assert_eq!(app.tour_step(), Some(2));
    let effects = app.update(Action::TourBack, 3.0);
    assert_eq!(app.tour_step(), Some(1));
    assert!(effects.contains(&Effect::ScrollTo(TOUR_STEPS[1].target)));
    app.update(Action::TourBack, 4.0);
    app.update(Action::TourBack, 5.0);
    assert_eq!(
        app.tour_step(),
        Some(0),
        "Back on the first step stays there"
    );
}

#[test]
fn with_the_form_on_b_a_reset_changes_b_and_only_the_shared_keys_of_a() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&b.act=relu")),
        1.0,
    );
    app.update(Action::EditB(true), 2.0);
    assert!(app.editing_b());
    let form = FormReading::of(parse_query("depth=5&width=4&act=relu&seed=9").0);
    app.update(Action::Reset(form), 3.0);
    let b = app.compared().expect("still comparing");
    assert_eq!(b.run.config().depth, 5, "B took the form");
    assert_eq!(app.run().config().depth, 2, "A kept its own settings");
    assert_eq!(app.run().config().seed, 9, "A took the shared seed");
    app.update(Action::CompareToggle, 4.0);
    assert!(!app.editing_b(), "without a comparison the form edits A");
}
