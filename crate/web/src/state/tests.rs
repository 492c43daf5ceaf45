//! Unit tests of `App::update` on its own (no engine answers): the texts the views
//! read, the notice, the tour, the embed snippet, the new seed. The engine-driven
//! sequences and the property test are in crate/web/tests/state_actions.rs.

use super::*;
use vgp::config::{parse_link, parse_query, Config};
use vgp::presets::apply_remedy;
use vgp::remote::{Message, Request};

fn started(query: &str, tour_dismissed: bool) -> (App, Vec<Effect>) {
    started_with(query, tour_dismissed, false)
}

/// A page opened on `query`, the tour dismissed or not, with or without reduced motion.
fn started_with(query: &str, tour_dismissed: bool, reduced_motion: bool) -> (App, Vec<Effect>) {
    let form = FormReading::of(parse_query(query).0);
    let mut app = App::new(form.config.clone());
    let effects = app.update(
        Action::Start {
            link: None,
            form,
            tour_dismissed,
            base_url: "https://example.org/play/".into(),
            engine: EngineKind::Worker,
            reduced_motion,
        },
        0.0,
    );
    (app, effects)
}

/// The Embed dialog's code after `choices`.
fn snippet_for(app: &mut App, choices: EmbedChoices) -> String {
    match app.update(Action::EmbedChoices(choices), 1.0).first() {
        Some(Effect::EmbedSnippet { text, .. }) => text.clone(),
        other => panic!("no snippet: {other:?}"),
    }
}

/// The values of the "B is" picker's options for A's run and `b`, and the one chosen.
fn picker_ids(app: &App, b: &Config) -> (Vec<String>, String) {
    let (options, chosen) = picker_options(app.run(), b);
    (options.into_iter().map(|(id, _)| id).collect(), chosen)
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
    let (mut app, effects) = started("depth=2", false);
    assert_eq!(app.tour_step(), Some(0));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::ScrollTo(_))),
        "the first step scrolls nowhere"
    );
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

/// A first visit trains at once (the tour's first step plays its preset), so what the
/// visitor reads must say so: the tour's first step names the training and the Pause
/// that stops it, and no story text tells them to press Play.
#[test]
fn a_first_visit_trains_and_its_texts_say_so() {
    let (app, _) = started("", false);
    assert!(app.playing(), "the first visit does not train");
    let first = &TOUR_STEPS[0];
    assert!(
        first.text.contains("training now") && first.text.contains("Pause"),
        "{}",
        first.text
    );
    let shown = first
        .preset
        .and_then(vgp::presets::preset)
        .expect("a preset");
    for p in vgp::presets::PRESETS {
        assert!(!p.text.contains("Press Play"), "{}: {}", p.id, p.text);
    }
    assert!(
        !shown.text.to_lowercase().contains("press play"),
        "{}",
        shown.text
    );
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
    let Some(Effect::EmbedSnippet {
        text, open: true, ..
    }) = effects.first()
    else {
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

/// The configurations of the `New` requests among `effects`, by slot.
fn new_runs(effects: &[Effect]) -> Vec<(usize, Config)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(Message::To {
                slot,
                request: Request::New { config, .. },
            }) => Some((*slot, config.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn the_b_picker_offers_a_a_and_every_remedy_that_changes_a_and_names_bs() {
    let (app, _) = started("depth=6&width=4&act=sigmoid&init=glorot_uniform", true);
    let a = app.run().config().clone();
    let relu = apply_remedy(&a, "relu-he").expect("a remedy");
    let (options, chosen) = picker_options(app.run(), &relu);
    assert_eq!(options[0], (String::new(), "the same as A".to_string()));
    assert!(options.contains(&("relu-he".to_string(), "A with relu-he".to_string())));
    assert_eq!(chosen, "relu-he");
    // Only remedies that change A are offered.
    for (id, _) in &options[1..] {
        assert_ne!(
            apply_remedy(&a, id).as_ref(),
            Some(&a),
            "{id} offered but changes nothing"
        );
    }
    assert_eq!(picker_options(app.run(), &a).1, "", "B equal to A");
    let mut edited = relu.clone();
    edited.width = 7;
    let (options, chosen) = picker_options(app.run(), &edited);
    assert_eq!(chosen, "custom");
    assert_eq!(
        options.last(),
        Some(&("custom".to_string(), "edited by hand".to_string()))
    );
}

#[test]
fn copy_link_copies_the_whole_address_of_the_current_link() {
    let (mut app, _) = started("depth=3", true);
    let effects = app.update(Action::CopyLink, 1.0);
    let expected = format!("https://example.org/play/#{}", app.link().to_fragment());
    assert_eq!(
        effects,
        vec![Effect::Copy {
            text: expected,
            done: "Link copied."
        }]
    );
}

#[test]
fn the_form_shows_the_run_it_edits() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&b.act=relu")),
        1.0,
    );
    let b = app.compared().map(|b| b.config.clone()).expect("comparing");
    assert_eq!(
        app.update(Action::EditB(true), 2.0),
        vec![Effect::WriteForm(b)]
    );
    let a = app.run().config().clone();
    assert_eq!(
        app.update(Action::EditB(false), 3.0),
        vec![Effect::WriteForm(a)]
    );
    // Without a comparison the form cannot edit B.
    app.update(Action::CompareToggle, 4.0);
    let a = app.run().config().clone();
    assert_eq!(
        app.update(Action::EditB(true), 5.0),
        vec![Effect::WriteForm(a)]
    );
    assert!(!app.editing_b());
}

#[test]
fn in_compare_mode_a_live_setting_starts_both_runs_again() {
    let (mut app, _) = started("depth=2&width=4&lr=0.1", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&lr=0.1&b.act=relu")),
        1.0,
    );
    let form = FormReading::of(parse_query("depth=2&width=4&lr=0.5").0);
    let effects = app.update(
        Action::ControlChanged {
            key: "lr".into(),
            form,
        },
        2.0,
    );
    let slots: Vec<usize> = new_runs(&effects).iter().map(|(slot, _)| *slot).collect();
    assert_eq!(
        slots,
        vec![A_SLOT, B_SLOT],
        "both runs start again, so they stay comparable"
    );
}

#[test]
fn the_settings_sheet_toggles_and_closes() {
    let (mut app, _) = started("depth=2", true);
    assert_eq!(
        app.update(Action::Settings(None), 1.0),
        vec![Effect::SettingsFocus(true)]
    );
    assert!(app.settings_open());
    assert_eq!(
        app.update(Action::Settings(Some(false)), 2.0),
        vec![Effect::SettingsFocus(false)]
    );
    assert!(!app.settings_open());
    assert!(
        app.update(Action::Settings(Some(false)), 3.0).is_empty(),
        "closing a closed sheet"
    );
}

#[test]
fn the_snippet_lists_panels_only_when_some_but_not_all_are_chosen() {
    let (mut app, _) = started("depth=2", true);
    let snippet = |app: &mut App, panels: Vec<String>| {
        let choices = EmbedChoices {
            panels,
            ..EmbedChoices::default()
        };
        snippet_for(app, choices)
    };
    let all: Vec<String> = vgp::config::PANELS.iter().map(|p| p.to_string()).collect();
    assert!(!snippet(&mut app, all.clone()).contains("panels="));
    assert!(!snippet(&mut app, Vec::new()).contains("panels="));
    let most = all[..all.len() - 1].to_vec();
    assert!(snippet(&mut app, most).contains("panels="));
}

#[test]
fn what_the_views_read_follows_the_actions() {
    let (mut app, _) = started("depth=2", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&embed=1&panels=loss")),
        1.0,
    );
    assert!(app.page().embed, "the link's page keys reach the layout");
    app.update(Action::HeatmapRelative(true), 2.0);
    assert_eq!(
        app.heatmap_mode(),
        vgp::charts::scale::HeatmapMode::RelativeToOutput
    );
    app.update(Action::HeatmapRelative(false), 3.0);
    assert_eq!(
        app.heatmap_mode(),
        vgp::charts::scale::HeatmapMode::Absolute
    );
    let before = app.layout_generation();
    app.update(Action::Resized, 4.0);
    assert_ne!(
        app.layout_generation(),
        before,
        "a resize redraws the charts"
    );
    app.update(
        Action::Hover {
            slot: B_SLOT,
            at: Some((3.0, 4.0)),
        },
        5.0,
    );
    assert_eq!(
        app.hover(),
        Some(Hover {
            slot: B_SLOT,
            x: 3.0,
            y: 4.0
        })
    );
    app.update(
        Action::Hover {
            slot: B_SLOT,
            at: None,
        },
        6.0,
    );
    assert_eq!(app.hover(), None);
}

#[test]
fn a_reset_with_adjusted_values_says_so_in_the_notice() {
    let (mut app, _) = started("depth=2", true);
    let (config, warnings) = parse_query("depth=2&width=banana");
    assert!(!warnings.is_empty());
    app.update(Action::Reset(FormReading { config, warnings }), 1.0);
    let notice = app.notice().expect("a notice");
    assert!(notice.heading.contains("your settings stay in the form"));
    assert!(notice.items[0].contains("banana"));
    app.update(
        Action::Reset(FormReading::of(parse_query("depth=2").0)),
        2.0,
    );
    assert!(
        app.notice().is_none(),
        "a form without adjusted values clears it"
    );
}

#[test]
fn the_b_picker_offers_each_remedy_once() {
    let (app, _) = started("depth=6&width=4&act=sigmoid", true);
    let (options, _) = picker_options(app.run(), app.run().config());
    let mut ids: Vec<&String> = options.iter().map(|(id, _)| id).collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "{options:?}");
}

#[test]
fn the_b_picker_offers_exactly_the_remedies_that_change_a_once_each() {
    // Depth 2 and tanh with Glorot: "shallow" and "tanh-glorot" would change nothing.
    let (app, _) = started("depth=2&width=4&act=tanh&init=glorot_uniform", true);
    let a = app.run().config().clone();
    let relu = apply_remedy(&a, "relu-he").expect("a remedy");
    let (ids, chosen) = picker_ids(&app, &relu);
    assert_eq!(
        ids,
        [
            "",
            "relu-he",
            "leaky-relu",
            "batch-norm",
            "residual",
            "clipping"
        ]
    );
    assert_eq!(chosen, "relu-he");
}

/// B equal to A offers "the same as A" chosen and no remedy that would change nothing.
#[test]
fn with_b_equal_to_a_the_picker_offers_no_remedy_that_changes_nothing() {
    let (app, _) = started("depth=2&width=4&act=tanh&init=glorot_uniform", true);
    let a = app.run().config().clone();
    let (ids, chosen) = picker_ids(&app, &a);
    assert_eq!(
        ids,
        [
            "",
            "relu-he",
            "leaky-relu",
            "batch-norm",
            "residual",
            "clipping"
        ]
    );
    assert_eq!(chosen, "");
}

#[test]
fn picking_b_in_the_picker_starts_both_runs_with_b_as_a_with_that_remedy() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&b.act=relu")),
        1.0,
    );
    let a = app.run().config().clone();
    let effects = app.update(Action::ComparePicked("batch-norm".into()), 2.0);
    let with_bn = apply_remedy(&a, "batch-norm").expect("a remedy");
    assert_eq!(
        new_runs(&effects),
        vec![(A_SLOT, a.clone()), (B_SLOT, with_bn.clone())]
    );
    assert_eq!(app.compared().map(|b| &b.config), Some(&with_bn));
    // With the form on B, the form shows the new B; "" makes B equal to A.
    app.update(Action::EditB(true), 3.0);
    let effects = app.update(Action::ComparePicked(String::new()), 4.0);
    assert!(
        effects.contains(&Effect::WriteForm(a.clone())),
        "{effects:?}"
    );
    assert_eq!(new_runs(&effects), vec![(A_SLOT, a.clone()), (B_SLOT, a)]);
}

#[test]
fn a_story_preset_opens_its_configuration_and_keeps_the_layout() {
    let (mut app, _) = started("depth=2", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&panels=loss&b.act=relu")),
        1.0,
    );
    let effects = app.update(Action::PresetPicked("relu-he".into()), 2.0);
    let preset = vgp::presets::preset("relu-he").expect("a preset");
    let config = vgp::presets::preset_config(preset);
    assert_eq!(new_runs(&effects), vec![(A_SLOT, config.clone())]);
    assert!(effects.contains(&Effect::WriteForm(config.clone())));
    assert_eq!(app.run().config(), &config);
    assert!(app.compared().is_none(), "a preset is one run");
    assert_eq!(app.page().panels, Some(vec!["loss".to_string()]));
    assert!(
        app.update(Action::PresetPicked("no-such-preset".into()), 3.0)
            .is_empty(),
        "an unknown preset changes nothing"
    );
}

#[test]
fn the_embed_snippet_with_all_controls_names_the_run_bar_and_every_setting() {
    let (mut app, _) = started("depth=2", true);
    let choices = EmbedChoices {
        controls: "all".into(),
        ..EmbedChoices::default()
    };
    let text = snippet_for(&mut app, choices);
    let keys: Vec<&str> = app
        .run()
        .config()
        .fields()
        .iter()
        .map(|(k, _)| *k)
        .collect();
    let parts = "run,speed,story,readout,compare,link,export,switches,png,tables,remedies";
    let expected = format!("controls={parts},{}", keys.join(","));
    assert!(text.contains(&expected), "{expected} not in {text}");
}

/// The snippet embed.js can find: the frame named in its link and on the iframe (the
/// name as typed, cleaned to what an attribute selector and a URL take; a default when
/// nothing is left).
#[test]
fn the_embed_snippet_names_its_frame_for_embed_js() {
    let (mut app, _) = started("depth=2", true);
    for (typed, name) in [
        ("", "figure-1"),
        ("chain-rule_2", "chain-rule_2"),
        (" fig \"3\"<x>", "fig3x"),
        ("!!!", "figure-1"),
    ] {
        let choices = EmbedChoices {
            frame: typed.into(),
            ..EmbedChoices::default()
        };
        let text = snippet_for(&mut app, choices);
        assert!(text.contains(&format!("frame={name}")), "{typed:?}: {text}");
        assert!(
            text.contains(&format!("data-vgp-frame=\"{name}\"")),
            "{typed:?}: {text}"
        );
        assert!(text.contains("embed.js"), "{text}");
    }
}

#[test]
fn with_the_form_on_a_a_reset_changes_a_and_b_keeps_its_own_settings() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&b.act=relu")),
        1.0,
    );
    assert!(!app.editing_b());
    let form = FormReading::of(parse_query("depth=5&width=4&act=tanh&seed=9").0);
    app.update(Action::Reset(form), 2.0);
    assert_eq!(app.run().config().depth, 5, "A took the form");
    let b = app.compared().expect("still comparing");
    assert_eq!(b.run.config().depth, 2, "B kept its own depth");
    assert_eq!(
        b.run.config().act,
        vgp::config::Activation::Relu,
        "B kept its own activation"
    );
    assert_eq!(b.run.config().seed, 9, "B took the shared seed");
}

#[test]
fn a_live_setting_keeps_a_playing_run_playing() {
    let (mut app, _) = started("depth=2&lr=0.1", true);
    app.update(Action::TogglePlay, 1.0);
    let form = FormReading::of(parse_query("depth=2&lr=0.5").0);
    let effects = app.update(
        Action::ControlChanged {
            key: "lr".into(),
            form,
        },
        2.0,
    );
    assert!(app.playing());
    assert!(
        !effects.iter().any(|e| matches!(
            e,
            Effect::Send(Message::To {
                request: Request::Sync,
                ..
            })
        )),
        "{effects:?}"
    );
}

/// The slots asked for their newest state (`Sync`) among `effects`.
fn synced_slots(effects: &[Effect]) -> Vec<usize> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send(Message::To {
                slot,
                request: Request::Sync,
            }) => Some(*slot),
            _ => None,
        })
        .collect()
}

#[test]
fn pausing_asks_each_run_for_its_newest_state_once() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&b.act=relu")),
        1.0,
    );
    let played = app.update(Action::TogglePlay, 2.0);
    assert!(synced_slots(&played).is_empty(), "{played:?}");
    let paused = app.update(Action::TogglePlay, 3.0);
    assert_eq!(synced_slots(&paused), vec![A_SLOT, B_SLOT]);
    // Already paused: a pause or a reset asks for nothing more.
    let call = ApiCall::Pause;
    let again = app.update(Action::Api { call, reply: 1 }, 4.0);
    assert!(synced_slots(&again).is_empty(), "{again:?}");
    let form = FormReading::of(app.run().config().clone());
    let reset = app.update(Action::Reset(form), 5.0);
    assert!(synced_slots(&reset).is_empty(), "{reset:?}");
}

/// `autoplay=1`: the frame trains while on screen and pauses off it; without autoplay,
/// scrolling changes nothing.
#[test]
fn autoplay_follows_visibility_and_only_with_autoplay() {
    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&embed=1&autoplay=1")),
        1.0,
    );
    assert!(!app.playing());
    app.update(Action::Visible(true), 2.0);
    assert!(app.playing(), "on screen: training");
    app.update(Action::Visible(false), 3.0);
    assert!(!app.playing(), "off screen: paused");
    app.update(Action::Visible(true), 4.0);
    assert!(app.playing(), "back on screen: training again");
    // Paused by the reader, it stays paused when it comes back into view ...
    app.update(Action::TogglePlay, 5.0);
    app.update(Action::Visible(false), 6.0);
    app.update(Action::Visible(true), 7.0);
    assert!(
        !app.playing(),
        "paused by the reader: not started by scrolling"
    );
    // ... until Play, after which it follows the screen again.
    app.update(Action::TogglePlay, 8.0);
    app.update(Action::Visible(false), 9.0);
    assert!(!app.playing(), "played again: off screen pauses it");
    app.update(Action::Visible(true), 10.0);
    assert!(app.playing(), "played again: on screen trains");
    // A `train(n)` under way is not turned into play by coming into view.
    app.update(Action::Visible(false), 11.0);
    app.update(
        Action::Api {
            call: ApiCall::Train(5),
            reply: 1,
        },
        12.0,
    );
    app.update(Action::Visible(true), 13.0);
    assert!(!app.playing(), "training 5 epochs: not playing on");

    let (mut app, _) = started("depth=2&width=4", true);
    app.update(
        Action::AddressChanged(parse_link("depth=2&width=4&embed=1")),
        1.0,
    );
    app.update(Action::Visible(true), 2.0);
    assert!(
        !app.playing(),
        "no autoplay: coming on screen does not start it"
    );
    app.update(Action::TogglePlay, 3.0);
    app.update(Action::Visible(false), 4.0);
    assert!(
        app.playing(),
        "no autoplay: leaving the screen does not pause it"
    );
}

#[test]
fn the_loss_charts_log_switch_is_what_the_chart_reads() {
    let (mut app, _) = started("depth=2", true);
    let start = app.loss_log();
    app.update(Action::LossLog(!start), 1.0);
    assert_eq!(app.loss_log(), !start);
    app.update(Action::LossLog(start), 2.0);
    assert_eq!(app.loss_log(), start);
}

/// In compare mode the Diagnosis panel does not offer the remedy B already is.
#[test]
fn the_diagnosis_offers_no_remedy_that_b_already_is() {
    let finding = vgp::diagnosis::Finding {
        id: "vanishing",
        severity: vgp::diagnosis::Severity::Severe,
        epoch: 3,
        evidence: String::new(),
        remedies: vec!["relu-he", "batch-norm", "residual"],
    };
    let (mut app, _) = started("depth=5&width=4", true);
    assert_eq!(
        app.diagnosis_remedies(&finding),
        ["relu-he", "batch-norm", "residual"]
    );
    app.update(
        Action::AddressChanged(parse_link("depth=5&width=4&b.act=relu&b.init=he_normal")),
        1.0,
    );
    assert!(app.compared().is_some());
    assert_eq!(app.diagnosis_remedies(&finding), ["batch-norm", "residual"]);
}

/// The snippet's height: typed if a number is typed, else what the preview of this very
/// frame at this width measured (a measurement of other choices is not used), else 560.
#[test]
fn the_snippet_takes_the_previews_measured_height_for_its_own_frame_only() {
    let (mut app, _) = started("depth=2", true);
    let snippet = |effects: Vec<Effect>| match effects.first() {
        Some(Effect::EmbedSnippet { text, preview, .. }) => (text.clone(), preview.clone()),
        other => panic!("{other:?}"),
    };
    let (text, (src, width)) = snippet(app.update(Action::EmbedOpen(EmbedChoices::default()), 1.0));
    assert!(text.contains("height:560px"), "{text}");
    assert_eq!(
        width, 760,
        "a full-width frame is previewed in a 760 px column"
    );
    assert!(
        src.contains("embed=1") && !src.contains("autoplay"),
        "{src}"
    );
    let key = app.embed_preview_key();
    let (text, _) = snippet(app.update(Action::EmbedMeasured("elsewhere".into(), 999), 2.0));
    assert!(
        text.contains("height:560px"),
        "another frame's height: {text}"
    );
    let (text, _) = snippet(app.update(Action::EmbedMeasured(key, 1038), 3.0));
    assert!(text.contains("height:1038px"), "{text}");
    let typed = EmbedChoices {
        height: "700".into(),
        ..EmbedChoices::default()
    };
    let (text, _) = snippet(app.update(Action::EmbedChoices(typed), 4.0));
    assert!(text.contains("height:700px"), "{text}");
    let narrow = EmbedChoices {
        width: "480px".into(),
        ..EmbedChoices::default()
    };
    let (text, (_, width)) = snippet(app.update(Action::EmbedChoices(narrow), 5.0));
    assert_eq!(width, 480);
    assert!(
        text.contains("height:560px"),
        "the 760 px measurement is not the 480 px frame's: {text}"
    );
    let key = app.embed_preview_key();
    let (text, _) = snippet(app.update(Action::EmbedMeasured(key, 1500), 6.0));
    assert!(text.contains("height:1500px"), "{text}");
}

/// `state` and `performance` are answered without `update` (the shell reads them from a
/// shared borrow, also in the middle of a redraw), with exactly what `update` answers;
/// every call that changes something goes through `update`.
#[test]
fn reading_calls_answer_without_update_and_as_update_does() {
    let (mut app, _) = started("depth=2&width=4", true);
    for call in [ApiCall::State, ApiCall::Performance] {
        let read = app.read_only_answer(&call);
        assert!(read.is_some(), "{call:?} is not answered read-only");
        let updated = app.update(
            Action::Api {
                call: call.clone(),
                reply: 7,
            },
            1.0,
        );
        assert!(
            updated.contains(&Effect::Answer(7, read.clone().expect("an answer"))),
            "{call:?}: {updated:?} vs {read:?}"
        );
    }
    for call in [
        ApiCall::Play,
        ApiCall::Pause,
        ApiCall::Train(3),
        ApiCall::SetConfig("depth=3".into()),
        ApiCall::Hello { announce: true },
    ] {
        assert!(app.read_only_answer(&call).is_none(), "{call:?}");
    }
}

/// A first visit with `reduced_motion`, the tour dismissed or not.
fn started_still(query: &str, tour_dismissed: bool) -> App {
    started_with(query, tour_dismissed, true).0
}

#[test]
fn escape_closes_the_tour_and_the_sheet_and_skipping_to_the_settings_opens_the_sheet() {
    let (mut app, _) = started("depth=2", false);
    assert_eq!(app.tour_step(), Some(0));
    app.update(Action::Settings(Some(true)), 1.0);
    let effects = app.update(Action::Escape, 2.0);
    assert_eq!(app.tour_step(), None, "Escape left the tour open");
    assert!(!app.settings_open(), "Escape left the sheet open");
    assert!(effects.contains(&Effect::SettingsFocus(false)));
    assert!(effects.contains(&Effect::RememberTourDismissed));
    assert_eq!(app.focus_request().id, "tour-open");
    // With nothing open, Escape changes nothing.
    assert!(app.update(Action::Escape, 3.0).is_empty());
    // A desktop's skip link leaves the sheet alone (Escape would otherwise send the focus
    // to the hidden Settings button); a phone's opens it, its settings being in it.
    app.update(
        Action::SkipTo {
            target: "settings",
            sheet: false,
        },
        4.0,
    );
    assert!(!app.settings_open());
    assert_eq!(app.focus_request().id, "settings");
    app.update(
        Action::SkipTo {
            target: "settings",
            sheet: true,
        },
        5.0,
    );
    assert!(app.settings_open());
    assert_eq!(app.focus_request().id, "settings");
}

#[test]
fn the_tour_takes_the_focus_keeps_it_in_the_card_and_gives_it_back() {
    // Opened by itself on a first visit, it leaves the focus where it is (on the skip links).
    let (mut app, _) = started("depth=2", false);
    assert_eq!(app.focus_request().serial, 0);
    app.update(Action::TourClose, 1.0);
    assert_eq!(app.focus_request().id, "tour-open");
    let focus = |app: &mut App, action: Action| {
        app.update(action, 2.0);
        let request = app.focus_request();
        (request.serial, request.id)
    };
    let (n, id) = focus(&mut app, Action::TourOpen);
    assert_eq!(id, "tour-title");
    assert_eq!(focus(&mut app, Action::TourNext).1, "tour-next");
    assert_eq!(focus(&mut app, Action::TourNext).1, "tour-next");
    assert_eq!(focus(&mut app, Action::TourBack).1, "tour-back");
    // Back to the first step, where Back is hidden: Next has the focus.
    assert_eq!(focus(&mut app, Action::TourBack).1, "tour-next");
    for _ in 0..4 {
        focus(&mut app, Action::TourNext);
    }
    let (last, id) = focus(&mut app, Action::TourNext);
    assert_eq!((app.tour_step(), id), (None, "tour-open"));
    // Every request is a new one, even to the same element.
    assert_eq!(last, n + 9);
}

#[test]
fn with_reduced_motion_the_tour_and_autoplay_start_nothing() {
    let mut app = started_still("depth=2", false);
    assert_eq!(app.tour_step(), Some(0));
    assert!(!app.playing(), "the tour's first step started training");
    assert!(app.tour_text(0).contains("press Play"));
    app.update(Action::TourNext, 1.0);
    app.update(Action::TourNext, 2.0);
    app.update(Action::TourNext, 3.0);
    app.update(Action::TourNext, 4.0);
    assert_eq!(app.tour_step(), Some(4));
    assert!(!app.playing(), "the tour's last step started training");
    // A run the visitor plays keeps playing through a step's new network.
    app.update(Action::TourBack, 5.0);
    app.update(Action::TogglePlay, 6.0);
    app.update(Action::TourNext, 7.0);
    assert!(app.playing());

    // An autoplaying embed waits for Play; motion allowed again, it plays on screen.
    let mut embed = started_still("depth=2", true);
    embed.update(
        Action::AddressChanged(parse_link("depth=2&embed=1&autoplay=1")),
        1.0,
    );
    embed.update(Action::Visible(true), 2.0);
    assert!(!embed.playing());
    embed.update(Action::ReducedMotion(false), 3.0);
    embed.update(Action::Visible(true), 4.0);
    assert!(embed.playing());
    // Asked for again while it plays: it stops.
    embed.update(Action::ReducedMotion(true), 5.0);
    assert!(!embed.playing());
}

#[test]
fn a_page_without_a_link_shows_only_the_fields_its_form_uses() {
    let (_, effects) = started("", true);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::RefreshForm)),
        "{effects:?}"
    );
}

#[test]
fn a_paused_run_is_settled_only_once_every_message_to_the_engine_is_answered() {
    let (mut app, start) = started("depth=2&width=4", true);
    let sends = |effects: &[Effect]| {
        effects
            .iter()
            .filter(|e| matches!(e, Effect::Send(_)))
            .count()
    };
    // The start's messages (the new run) await their answers too.
    let mut awaited = sends(&start);
    assert!(awaited >= 1 && !app.api_state().settled, "{start:?}");
    while awaited > 0 {
        let more = app.update(Action::Engine(Reply::Updates(Vec::new())), 0.5);
        awaited = awaited - 1 + sends(&more);
    }
    assert!(
        app.api_state().settled,
        "a started run that never played is settled"
    );
    let played = app.update(Action::TogglePlay, 1.0);
    let state = app.api_state();
    assert!(state.running && !state.settled);
    let paused = app.update(Action::TogglePlay, 2.0);
    awaited = sends(&played) + sends(&paused);
    assert!(
        awaited >= 2,
        "training and the pause's Sync were sent: {played:?} {paused:?}"
    );
    // Paused, but epochs the worker was computing will still be reported.
    while awaited > 0 {
        let state = app.api_state();
        assert!(
            !state.running && !state.settled,
            "{awaited} answers still to come"
        );
        let more = app.update(Action::Engine(Reply::Updates(Vec::new())), 3.0);
        awaited = awaited - 1 + sends(&more);
    }
    assert!(
        app.api_state().settled,
        "every answer in: the state is final"
    );
    // A train(n) under way is not settled either.
    let call = ApiCall::Train(3);
    let trained = app.update(Action::Api { call, reply: 7 }, 4.0);
    assert!(sends(&trained) >= 1);
    assert!(!app.api_state().settled);
}
