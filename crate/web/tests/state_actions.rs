//! The page's state driven by sequences of actions, natively, with a real engine: the
//! runs' hosts (`vgp::remote::RunHosts`) answer the state's messages as the worker
//! does, later (a queue the test delivers) or at once (the page's own engine). The
//! subscribers and the parent page are played by the test. A property test runs random
//! sequences and checks the API's promises after every action.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use proptest::prelude::*;
use std::cell::Cell;
use std::collections::VecDeque;
use vgp::config::{parse_link, parse_query, Config};
use vgp::remote::{Message, Request, RunHosts};
use vgp_web::state::{
    parse_call, Action, ApiCall, ApiError, ApiState, ApiValue, App, Effect, EngineKind,
    FormReading, Param, Reply, ReplyId, B_SLOT, QUIET_FRAMES_MS,
};

/// A small network, quick to train unoptimized.
const SMALL: &str = "depth=2&width=4&n=40&act=tanh";

fn config(query: &str) -> Config {
    parse_query(query).0
}

/// What a subscriber does when it hears of an epoch.
type Subscriber = Box<dyn Fn(&ApiState) -> Option<ApiCall>>;

/// The page around the state: the engine, the answers received, the subscribers.
struct Page {
    app: App,
    hosts: RunHosts,
    engine: EngineKind,
    /// Messages the worker has not answered yet.
    worker_queue: VecDeque<Message>,
    /// The page's clock, in ms; the engine's clock advances 4 ms per reading.
    now: f64,
    engine_clock: Cell<f64>,
    /// Every answer, by reply id.
    answers: Vec<(ReplyId, Result<ApiValue, ApiError>)>,
    next_reply: ReplyId,
    subscriber: Option<Subscriber>,
    notified: Vec<usize>,
    epoch_events: Vec<(f64, usize)>,
    sent: Vec<Message>,
    actions: VecDeque<Action>,
    /// Files downloaded: name and contents.
    downloads: Vec<(&'static str, String)>,
}

impl Page {
    fn start(query: &str, engine: EngineKind) -> Page {
        let form = FormReading::of(config(query));
        let mut page = Page {
            app: App::new(form.config.clone()),
            hosts: RunHosts::new(),
            engine,
            worker_queue: VecDeque::new(),
            now: 0.0,
            engine_clock: Cell::new(0.0),
            answers: Vec::new(),
            next_reply: 0,
            subscriber: None,
            notified: Vec::new(),
            epoch_events: Vec::new(),
            sent: Vec::new(),
            actions: VecDeque::new(),
            downloads: Vec::new(),
        };
        page.act(support::start(form, engine));
        page
    }

    /// Apply `action` and everything it leads to (the page engine's answers, the
    /// subscribers' calls), as the shell does: queued, never nested.
    fn act(&mut self, action: Action) {
        self.actions.push_back(action);
        while let Some(action) = self.actions.pop_front() {
            self.now += 1.0;
            for effect in self.app.update(action, self.now) {
                self.perform(effect);
            }
        }
    }

    fn perform(&mut self, effect: Effect) {
        match effect {
            Effect::Send(message) => {
                self.sent.push(message.clone());
                match self.engine {
                    EngineKind::Worker => self.worker_queue.push_back(message),
                    EngineKind::Page => {
                        let reply = self.answer(message);
                        self.actions.push_back(Action::Engine(reply));
                    }
                }
            }
            Effect::UsePageEngine => self.engine = EngineKind::Page,
            Effect::Answer(id, result) => self.answers.push((id, result)),
            Effect::Notify(state) => {
                self.notified.push(state.epoch);
                if let Some(call) = self.subscriber.as_ref().and_then(|s| s(&state)) {
                    let reply = self.reply_id();
                    self.actions.push_back(Action::Api { call, reply });
                }
            }
            Effect::PostEpoch(state) => self.epoch_events.push((self.now, state.epoch)),
            Effect::Download { name, text, .. } => self.downloads.push((name, text)),
            _ => {}
        }
    }

    /// The hosts' answer to `message`.
    fn answer(&mut self, message: Message) -> Reply {
        support::engine_answer(&mut self.hosts, &self.engine_clock, message)
    }

    /// The worker answers its oldest message.
    fn deliver_one(&mut self) -> bool {
        let Some(message) = self.worker_queue.pop_front() else {
            return false;
        };
        let reply = self.answer(message);
        self.act(Action::Engine(reply));
        true
    }

    /// Frames and the worker's answers until nothing is under way (at most `rounds`).
    fn settle(&mut self, rounds: usize) {
        for _ in 0..rounds {
            self.now += 17.0;
            self.act(Action::Frame);
            let delivered = self.deliver_one();
            if !delivered && !self.app.pending() && !self.app.running() {
                return;
            }
        }
    }

    fn reply_id(&mut self) -> ReplyId {
        self.next_reply += 1;
        self.next_reply
    }

    /// Call `call`; its reply id.
    fn call(&mut self, call: ApiCall) -> ReplyId {
        let reply = self.reply_id();
        self.act(Action::Api { call, reply });
        reply
    }

    fn answers_to(&self, reply: ReplyId) -> Vec<&Result<ApiValue, ApiError>> {
        self.answers
            .iter()
            .filter(|(id, _)| *id == reply)
            .map(|(_, r)| r)
            .collect()
    }

    fn epoch(&self) -> usize {
        self.app.measured_epoch()
    }
}

fn answered_epoch(answer: &Result<ApiValue, ApiError>) -> Option<usize> {
    match answer {
        Ok(ApiValue::State(state)) => Some(state.epoch),
        _ => None,
    }
}

#[test]
fn start_asks_the_engine_for_the_forms_run() {
    let page = Page::start(SMALL, EngineKind::Worker);
    let Some(Message::To {
        slot: 0,
        request: Request::New { config: sent, .. },
    }) = page.sent.first()
    else {
        panic!(
            "the first message is not a new run: {:?}",
            page.sent.first()
        );
    };
    assert_eq!(*sent, config(SMALL));
    assert!(page.app.pending(), "the new run's answer is awaited");
    assert!(!page.app.playing());
}

#[test]
fn step_trains_exactly_one_epoch_paused_and_the_worker_counts_once_it_answers() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    assert_eq!(
        page.app.engine_mark(),
        None,
        "a worker counts once it has answered"
    );
    page.deliver_one();
    assert_eq!(page.app.engine_mark(), Some("worker"));
    page.act(Action::TogglePlay);
    page.act(Action::Step);
    assert!(!page.app.playing(), "Step pauses");
    page.settle(50);
    let after_pause = page.epoch();
    page.act(Action::Step);
    page.settle(50);
    assert_eq!(page.epoch(), after_pause + 1);
    let performance = page.call(ApiCall::Performance);
    assert!(matches!(
        page.answers_to(performance).as_slice(),
        [Ok(ApiValue::Performance {
            engine: "worker",
            ..
        })]
    ));
}

#[test]
fn play_trains_through_the_worker_and_pause_stops_it() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.deliver_one(); // the new run
    page.act(Action::TogglePlay);
    let advances = page
        .sent
        .iter()
        .filter(|m| {
            matches!(
                m,
                Message::To {
                    request: Request::Advance { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(advances, 2, "an uncapped worker gets two requests at once");
    for _ in 0..6 {
        page.deliver_one();
    }
    let playing_epoch = page.epoch();
    assert!(playing_epoch > 0, "playing trained no epoch");
    page.act(Action::TogglePlay);
    assert!(!page.app.playing());
    page.settle(50);
    let paused_epoch = page.epoch();
    page.settle(50);
    assert_eq!(
        page.epoch(),
        paused_epoch,
        "the run trained on after the pause"
    );
    assert!(!page.app.pending());
}

#[test]
fn a_subscriber_that_pauses_at_epoch_3_stops_the_run_there() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.subscriber = Some(Box::new(|state: &ApiState| {
        (state.epoch >= 3 && state.running).then_some(ApiCall::Pause)
    }));
    page.act(Action::Subscribe(1));
    // One epoch a frame, so the subscriber hears of every epoch.
    page.act(Action::Speed(1));
    page.act(Action::TogglePlay);
    page.settle(200);
    assert_eq!(page.epoch(), 3, "heard: {:?}", page.notified);
    assert!(!page.app.playing());
    let pauses: Vec<_> = page
        .answers
        .iter()
        .filter_map(|(_, a)| answered_epoch(a))
        .collect();
    assert_eq!(
        pauses,
        vec![3],
        "the pause answered with the state at epoch 3"
    );
}

#[test]
fn a_subscriber_that_sets_a_configuration_starts_a_new_run_once() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    page.subscriber = Some(Box::new(|state: &ApiState| {
        (state.epoch == 2).then(|| ApiCall::SetConfig("depth=3&width=4&n=40".into()))
    }));
    page.act(Action::Subscribe(1));
    let reply = page.call(ApiCall::Train(2));
    page.settle(100);
    // The train(2) call resolved at epoch 2; the subscriber's new run is in place.
    assert_eq!(answered_epoch(page.answers_to(reply)[0]), Some(2));
    assert_eq!(page.app.run().config().depth, 3);
    assert_eq!(page.epoch(), 0);
}

#[test]
fn train_answers_once_at_its_epoch_even_on_a_hidden_page() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    let reply = page.call(ApiCall::Train(5));
    // No animation frames: the worker's answers alone carry the run to the target.
    while page.deliver_one() {}
    let answers = page.answers_to(reply);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answered_epoch(answers[0]), Some(5));
    assert!(!page.app.running());
    page.settle(20);
    assert_eq!(page.answers_to(reply).len(), 1);
    assert_eq!(page.epoch(), 5, "train(5) trained past its target");
}

#[test]
fn train_overtaken_by_a_new_run_or_a_pause_is_interrupted() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    let first = page.call(ApiCall::Train(1000));
    page.deliver_one();
    page.call(ApiCall::SetConfig("depth=3&width=4&n=40".into()));
    let answers = page.answers_to(first);
    assert!(
        matches!(
            answers.as_slice(),
            [Err(ApiError {
                code: "interrupted",
                ..
            })]
        ),
        "{answers:?}"
    );
    let second = page.call(ApiCall::Train(1000));
    page.deliver_one();
    page.call(ApiCall::Pause);
    assert!(matches!(
        page.answers_to(second).as_slice(),
        [Err(ApiError {
            code: "interrupted",
            ..
        })]
    ));
    let third = page.call(ApiCall::Train(1000));
    page.act(Action::Reset(FormReading::of(config(SMALL))));
    assert!(matches!(
        page.answers_to(third).as_slice(),
        [Err(ApiError {
            code: "interrupted",
            ..
        })]
    ));
}

#[test]
fn late_updates_of_a_replaced_run_are_ignored() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.act(Action::TogglePlay);
    page.call(ApiCall::SetConfig("depth=3&width=4&n=40".into()));
    // The old run's two training requests come back after the new run was asked for.
    page.deliver_one();
    page.deliver_one();
    assert_eq!(page.app.run().config().depth, 3);
    assert_eq!(
        page.app.run().history().newest().map(|m| m.grad_norm.len()),
        None
    );
    page.settle(10);
    assert!(page
        .app
        .run()
        .history()
        .newest()
        .is_some_and(|m| m.grad_norm.len() == 4));
}

#[test]
fn a_link_with_b_keys_trains_both_runs_in_lockstep_on_as_data() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.call(ApiCall::SetConfig(format!(
        "{SMALL}&seed=7&b.act=relu&b.seed=99&b.n=80"
    )));
    let b = page.app.compared().expect("compare mode");
    assert_eq!(b.config.seed, 7, "B trains on A's seed");
    assert_eq!(b.config.n, 40, "B trains on A's data");
    let reply = page.call(ApiCall::Train(3));
    page.settle(100);
    assert_eq!(answered_epoch(page.answers_to(reply)[0]), Some(3));
    assert!(page
        .sent
        .iter()
        .any(|m| matches!(m, Message::Lockstep { .. })));
    let state = page.app.api_state();
    assert_eq!(state.b.map(|b| b.epoch), Some(3));
    assert!(state.query.contains("b.act=relu"), "{}", state.query);
}

#[test]
fn run_b_without_compare_mode_is_refused_at_once() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    let reply = page.call(ApiCall::Run(B_SLOT));
    assert!(matches!(
        page.answers_to(reply).as_slice(),
        [Err(ApiError {
            code: "bad_params",
            ..
        })]
    ));
    let reply = page.call(ApiCall::Run(0));
    assert!(matches!(
        page.answers_to(reply).as_slice(),
        [Ok(ApiValue::RunFile(_))]
    ));
}

#[test]
fn calls_with_bad_parameters_are_refused_before_they_change_anything() {
    let form = || FormReading::of(config(SMALL));
    let refused =
        |method: &str, params: &[Param]| parse_call(method, params, form).err().map(|e| e.code);
    assert_eq!(refused("train", &[Param::Number(-1.0)]), Some("bad_params"));
    assert_eq!(refused("train", &[Param::Number(1.5)]), Some("bad_params"));
    assert_eq!(refused("train", &[Param::Number(2e7)]), Some("bad_params"));
    assert_eq!(
        refused("train", &[Param::Text("3".into())]),
        Some("bad_params")
    );
    assert_eq!(
        refused("setConfig", &[Param::Number(42.0)]),
        Some("bad_params")
    );
    assert_eq!(
        refused("run", &[Param::Text("c".into())]),
        Some("bad_params")
    );
    assert_eq!(refused("explode", &[]), Some("unknown_method"));
    assert_eq!(
        parse_call("train", &[Param::Number(10.0)], form),
        Ok(ApiCall::Train(10))
    );
    assert_eq!(parse_call("run", &[], form), Ok(ApiCall::Run(0)));
    assert_eq!(
        parse_call("run", &[Param::Text("a".into())], form),
        Ok(ApiCall::Run(0))
    );
    assert_eq!(
        parse_call("run", &[Param::Text("b".into())], form),
        Ok(ApiCall::Run(B_SLOT))
    );
    // The refusal names what was given.
    let message = parse_call("run", &[Param::Text("c".into())], form)
        .err()
        .map(|e| e.message);
    assert!(message.is_some_and(|m| m.contains("\"c\"")));
}

#[test]
fn set_config_takes_a_share_link_query() {
    let form = || FormReading::of(config(SMALL));
    assert_eq!(
        parse_call("setConfig", &[Param::Text("depth=3".into())], form),
        Ok(ApiCall::SetConfig("depth=3".into()))
    );
}

#[test]
fn train_stops_at_the_epoch_limit_and_is_answered_there() {
    let mut page = Page::start(&format!("{SMALL}&epochs=3"), EngineKind::Page);
    let reply = page.call(ApiCall::Train(10));
    page.settle(50);
    let answers = page.answers_to(reply);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answered_epoch(answers[0]), Some(3));
    assert!(!page.app.running());
    assert_eq!(page.app.status_text(), "Stopped at the epoch limit (3).");
    // Play has nothing left to train.
    page.act(Action::TogglePlay);
    assert!(!page.app.playing());
}

#[test]
fn train_with_an_epochs_per_frame_cap_still_trains_on_a_hidden_page() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.act(Action::Speed(1));
    let reply = page.call(ApiCall::Train(4));
    // No animation frames: the worker's answers alone carry the run to the target.
    while page.deliver_one() {}
    assert_eq!(answered_epoch(page.answers_to(reply)[0]), Some(4));
}

#[test]
fn playing_with_an_epochs_per_frame_cap_sends_one_capped_request_at_a_time() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.deliver_one(); // the new run
    page.act(Action::Speed(2));
    page.act(Action::TogglePlay);
    for _ in 0..5 {
        page.now += 17.0;
        page.act(Action::Frame);
        assert!(page.worker_queue.len() <= 1, "{:?}", page.worker_queue);
        page.deliver_one();
    }
    let caps: Vec<Option<usize>> = page
        .sent
        .iter()
        .filter_map(|m| match m {
            Message::To {
                request: Request::Advance { max_epochs, .. },
                ..
            } => Some(*max_epochs),
            _ => None,
        })
        .collect();
    assert_eq!(caps, vec![Some(2); 5]);
    assert!(page.epoch() > 0);
}

/// Switching from a per-frame cap to unlimited speed between a reply and the next frame
/// left nothing in flight and nothing to send more: the run stalled while playing.
#[test]
fn unlimited_speed_chosen_while_playing_keeps_training() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.deliver_one(); // the new run
    page.act(Action::Speed(2));
    page.act(Action::TogglePlay);
    page.now += 17.0;
    page.act(Action::Frame);
    page.deliver_one();
    assert!(page.worker_queue.is_empty(), "{:?}", page.worker_queue);
    page.act(Action::Speed(0));
    for _ in 0..20 {
        page.deliver_one();
    }
    assert!(page.epoch() > 2, "stalled at epoch {}", page.epoch());
}

#[test]
fn performance_reports_the_workers_memory() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    let message = page.worker_queue.pop_front().expect("the new run");
    let Reply::Updates(mut updates) = page.answer(message) else {
        panic!("the new run was not answered");
    };
    for update in &mut updates {
        update.memory_bytes = 3 << 20;
    }
    page.act(Action::Engine(Reply::Updates(updates)));
    let reply = page.call(ApiCall::Performance);
    assert!(
        matches!(
            page.answers_to(reply).as_slice(),
            [Ok(ApiValue::Performance {
                worker_memory_bytes: 3145728,
                ..
            })]
        ),
        "{:?}",
        page.answers_to(reply)
    );
}

#[test]
fn a_worker_that_fails_before_answering_is_replaced_by_the_page() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    let file = page.call(ApiCall::Run(0));
    page.worker_queue.clear();
    page.act(Action::Engine(Reply::Failed("no worker".into())));
    assert_eq!(page.engine, EngineKind::Page);
    assert_eq!(page.app.engine_mark(), Some("page"));
    // The run file asked of the worker is asked again, and answered.
    assert!(matches!(
        page.answers_to(file).as_slice(),
        [Ok(ApiValue::RunFile(_))]
    ));
    let reply = page.call(ApiCall::Train(2));
    page.settle(50);
    assert_eq!(answered_epoch(page.answers_to(reply)[0]), Some(2));
}

#[test]
fn run_files_asked_of_a_failed_worker_come_from_their_own_runs() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.call(ApiCall::SetConfig(format!("{SMALL}&b.act=relu")));
    let a_file = page.call(ApiCall::Run(0));
    let b_file = page.call(ApiCall::Run(B_SLOT));
    page.worker_queue.clear();
    page.act(Action::Engine(Reply::Failed("no worker".into())));
    let text = |reply| match page.answers_to(reply).as_slice() {
        [Ok(ApiValue::RunFile(text))] => text.clone(),
        other => panic!("run file {reply}: {other:?}"),
    };
    let (a, b) = (text(a_file), text(b_file));
    assert!(
        a.contains("act=tanh") && !a.contains("act=relu"),
        "A's file: {a:.200}"
    );
    assert!(b.contains("act=relu"), "B's file: {b:.200}");
}

#[test]
fn the_speed_read_out_counts_epochs_over_a_window_that_waits_for_one() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    page.deliver_one(); // the new run
    page.now = 1000.0;
    page.act(Action::TogglePlay); // the window opens now
    let opened = page.now;
    // 600 ms without an answer: the window stays open, nothing to report.
    for _ in 0..35 {
        page.now += 17.0;
        page.act(Action::Frame);
    }
    assert_eq!(page.app.epochs_per_second(), 0.0);
    // The worker's answers arrive; the next frame closes the window over all of it.
    page.deliver_one();
    page.deliver_one();
    let epochs = page.epoch();
    assert!(epochs > 0);
    page.now += 17.0;
    page.act(Action::Frame);
    let elapsed = page.now - opened;
    let expected = epochs as f64 * 1000.0 / elapsed;
    assert!(
        (page.app.epochs_per_second() - expected).abs() < 1e-9,
        "{} epochs/s, expected {expected} ({epochs} epochs in {elapsed} ms)",
        page.app.epochs_per_second()
    );
    // Paused, the read-out says 0 once its window closes.
    page.act(Action::TogglePlay);
    page.now += 600.0;
    page.act(Action::Frame);
    assert_eq!(page.app.epochs_per_second(), 0.0);
}

#[test]
fn compare_starts_with_the_diagnosiss_first_remedy_and_a_remedy_button_makes_b() {
    // Ten sigmoid layers: after a few epochs the diagnosis finds vanishing gradients.
    let mut page = Page::start("depth=10&width=4&n=40&act=sigmoid", EngineKind::Page);
    page.call(ApiCall::Train(3));
    page.settle(50);
    let run = page.app.run();
    let findings = vgp::diagnosis::diagnose_parts(run.history(), run.diverged());
    let first = findings
        .iter()
        .flat_map(|f| vgp_web::state::offered_remedies(run.config(), f))
        .next()
        .expect("a remedy on offer");
    let expected = vgp::presets::apply_remedy(run.config(), first).expect("the remedy");
    page.act(Action::CompareToggle);
    let b = page.app.compared().expect("comparing").config.clone();
    assert_eq!(
        b, expected,
        "B is not the diagnosis's first remedy ({first})"
    );
    // A remedy button in compare mode makes B that remedy, beside the same A.
    let a = page.app.run().config().clone();
    page.act(Action::RemedyClicked("batch-norm".into()));
    assert_eq!(page.app.run().config(), &a);
    let b = page.app.compared().expect("comparing").config.clone();
    assert_eq!(Some(b), vgp::presets::apply_remedy(&a, "batch-norm"));
}

#[test]
fn a_compared_run_that_diverges_no_longer_holds_the_page_back() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    page.call(ApiCall::SetConfig(
        "depth=2&width=4&n=40&act=tanh&b.depth=10&b.width=16&b.act=relu&b.init=normal&b.scale=4&b.lr=10".into(),
    ));
    let reply = page.call(ApiCall::Train(6));
    page.settle(200);
    let b = page.app.compared().expect("comparing");
    assert!(b.run.diverged().is_some(), "B was meant to diverge");
    assert!(b.run.measured_epoch() < 6);
    // The page's epoch is A's, which trained on to the target.
    assert_eq!(page.epoch(), 6);
    assert_eq!(answered_epoch(page.answers_to(reply)[0]), Some(6));
}

#[test]
fn epoch_events_reach_the_parent_at_most_every_quarter_second_and_always_the_last() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    page.call(ApiCall::EpochEvents(true));
    page.act(Action::Speed(1));
    page.act(Action::TogglePlay);
    for _ in 0..60 {
        page.now += 17.0;
        page.act(Action::Frame);
    }
    page.act(Action::TogglePlay);
    page.settle(40);
    // The last epoch goes out with a frame once the spacing allows.
    for _ in 0..20 {
        page.now += 17.0;
        page.act(Action::Frame);
    }
    let times: Vec<f64> = page.epoch_events.iter().map(|(t, _)| *t).collect();
    assert!(times.len() >= 3, "{:?}", page.epoch_events);
    assert!(times.windows(2).all(|w| w[1] - w[0] >= 250.0), "{times:?}");
    assert_eq!(
        page.epoch_events.last().map(|(_, e)| *e),
        Some(page.epoch())
    );
}

#[test]
fn unsubscribing_twice_is_harmless_and_stops_the_calls() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    page.act(Action::Subscribe(4));
    page.call(ApiCall::Train(2));
    page.settle(20);
    let heard = page.notified.len();
    assert!(heard >= 1);
    page.act(Action::Unsubscribe(4));
    page.act(Action::Unsubscribe(4));
    page.call(ApiCall::Train(2));
    page.settle(20);
    assert_eq!(page.notified.len(), heard);
}

/// One random input of the property test.
#[derive(Clone, Debug)]
enum Input {
    TogglePlay,
    Step,
    Reset,
    SetConfig(usize),
    Train(usize),
    Frames(usize),
    Deliver(usize),
    Subscribe(bool),
    Compare,
}

/// The configurations the property test opens (some with `b.` keys, some invalid).
const QUERIES: [&str; 6] = [
    "depth=2&width=4&n=40",
    "depth=3&width=3&n=40&act=relu&init=he_normal",
    "depth=2&width=4&n=40&b.act=relu",
    "depth=2&width=3&n=40&b.bn=1&b.depth=3",
    "depth=2&width=4&n=40&epochs=4",
    "depth=2&width=banana&n=40&lr=-1",
];

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        Just(Input::TogglePlay),
        Just(Input::Step),
        Just(Input::Reset),
        (0..QUERIES.len()).prop_map(Input::SetConfig),
        (0usize..6).prop_map(Input::Train),
        (1usize..4).prop_map(Input::Frames),
        (1usize..4).prop_map(Input::Deliver),
        any::<bool>().prop_map(Input::Subscribe),
        Just(Input::Compare),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Over random sequences of inputs: the epoch never goes backwards except when a
    /// new run starts; every `train(n)` is answered exactly once; the link always
    /// parses back to the runs' configurations.
    #[test]
    fn random_action_sequences_keep_the_apis_promises(
        inputs in proptest::collection::vec(input(), 1..30),
        worker in any::<bool>(),
    ) {
        let engine = if worker { EngineKind::Worker } else { EngineKind::Page };
        let mut page = Page::start(QUERIES[0], engine);
        let mut trains: Vec<ReplyId> = Vec::new();
        let mut last = (page.app.run().run_id(), page.epoch());
        for input in inputs {
            match input {
                Input::TogglePlay => page.act(Action::TogglePlay),
                Input::Step => page.act(Action::Step),
                Input::Reset => page.act(Action::Reset(FormReading::of(page.app.run().config().clone()))),
                Input::SetConfig(i) => {
                    page.call(ApiCall::SetConfig(QUERIES[i].to_string()));
                }
                Input::Train(n) => trains.push(page.call(ApiCall::Train(n))),
                Input::Frames(n) => {
                    for _ in 0..n {
                        page.now += 17.0;
                        page.act(Action::Frame);
                    }
                }
                Input::Deliver(n) => {
                    for _ in 0..n {
                        page.deliver_one();
                    }
                }
                Input::Subscribe(on) => page.act(if on { Action::Subscribe(1) } else { Action::Unsubscribe(1) }),
                Input::Compare => page.act(Action::CompareToggle),
            }
            let now = (page.app.run().run_id(), page.epoch());
            prop_assert!(now.0 != last.0 || now.1 >= last.1, "epoch went back {:?} -> {:?}", last, now);
            last = now;
            let link = parse_link(&page.app.link().to_fragment());
            prop_assert_eq!(&link.config, page.app.run().config());
            prop_assert_eq!(link.b.as_ref(), page.app.compared().map(|b| b.run.config()));
        }
        // Every train(n) still under way reaches its epoch (or is told why not).
        if page.app.playing() {
            page.act(Action::TogglePlay);
        }
        page.settle(100);
        for reply in trains {
            prop_assert_eq!(page.answers_to(reply).len(), 1, "train {} answered {:?}", reply, page.answers_to(reply));
        }
    }
}

/// `state()` after `train(epochs)` on the page's own engine, the link given through
/// `setConfig` (so that `b.` keys open a comparison).
fn state_after(query: &str, epochs: usize) -> ApiState {
    let mut page = Page::start(query, EngineKind::Page);
    page.call(ApiCall::SetConfig(query.to_string()));
    page.settle(20);
    let reply = page.call(ApiCall::Train(epochs));
    page.settle(200);
    match page.answers_to(reply).as_slice() {
        [Ok(ApiValue::State(state))] => state.clone(),
        other => panic!("train({epochs}) answered {other:?}"),
    }
}

#[test]
fn state_carries_the_numbers_a_caption_quotes_for_a_and_b() {
    // Ten sigmoid layers (the default network): the first layer's gradient is orders
    // of magnitude below the output layer's, and the diagnosis says so.
    let deep = state_after("data=moons&n=80", 3);
    let n = &deep.numbers;
    assert_eq!(deep.epoch, 3);
    assert!(n.train_loss.is_some_and(|l| l > 0.5 && l < 0.9), "{n:?}");
    assert!(
        n.test_accuracy.is_some_and(|a| (0.0..=1.0).contains(&a)),
        "{n:?}"
    );
    assert_eq!(n.test_rmse, None, "classification has no RMSE");
    assert!(n.ratio_orders.is_some_and(|o| o < -3.0), "{n:?}");
    assert_eq!(n.diagnosis.first(), Some(&"vanishing"), "{n:?}");

    // Regression: an RMSE (the root of the test loss) and no accuracy.
    let sine = state_after("data=sine&n=80&depth=2&act=tanh", 3);
    let n = &sine.numbers;
    assert_eq!(n.test_accuracy, None);
    let (loss, rmse) = (
        n.test_loss.expect("a test loss"),
        n.test_rmse.expect("an RMSE"),
    );
    assert_eq!(rmse, loss.sqrt());
    assert!(!n.diagnosis.contains(&"vanishing"), "{n:?}");

    // A comparison: B's own numbers beside A's (ReLU with He keeps the signal).
    let compared = state_after("data=moons&n=80&b.act=relu&b.init=he_normal", 3);
    let b = compared.b.expect("B in compare mode");
    assert_eq!(
        compared.numbers.ratio_orders, deep.numbers.ratio_orders,
        "A as alone"
    );
    let (a_ratio, b_ratio) = (deep.numbers.ratio_orders, b.numbers.ratio_orders);
    assert!(
        b_ratio.zip(a_ratio).is_some_and(|(b, a)| b > a + 2.0),
        "{b_ratio:?} vs {a_ratio:?}"
    );
    assert!(
        !b.numbers.diagnosis.contains(&"vanishing"),
        "{:?}",
        b.numbers
    );
}

/// A worker that fails while `train(n)` waits: the page trains the same configuration
/// itself from the start, and the call is answered at epoch n of that run (it was
/// rejected as "interrupted by a new run", which it was not).
#[test]
fn a_train_waiting_when_the_worker_fails_is_answered_by_the_page_run() {
    let mut page = Page::start(SMALL, EngineKind::Worker);
    let reply = page.call(ApiCall::Train(4));
    page.deliver_one();
    page.worker_queue.clear(); // the worker dies with its queue
    page.act(Action::Engine(Reply::Failed(
        "the training worker stopped".into(),
    )));
    page.settle(100);
    let answers = page.answers_to(reply);
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answered_epoch(answers[0]), Some(4), "{answers:?}");
    assert_eq!(page.epoch(), 4);
}

/// In compare mode each run's exports are its own and their names say which is which;
/// alone, the names stay as they were and B has nothing to export.
#[test]
fn compare_mode_exports_each_run_under_its_own_name() {
    let mut page = Page::start(SMALL, EngineKind::Page);
    page.act(Action::ExportCsv(B_SLOT));
    page.act(Action::ExportJson(B_SLOT));
    page.act(Action::ExportCsv(vgp_web::state::A_SLOT));
    page.settle(10);
    let names: Vec<&str> = page.downloads.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["vgp-metrics.csv"], "B has nothing to export alone");

    page.call(ApiCall::SetConfig(format!("{SMALL}&b.depth=3")));
    page.call(ApiCall::Train(3));
    page.settle(100);
    page.downloads.clear();
    for slot in [vgp_web::state::A_SLOT, B_SLOT] {
        page.act(Action::ExportCsv(slot));
        page.act(Action::ExportJson(slot));
    }
    page.settle(10);
    let names: Vec<&str> = page.downloads.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "vgp-metrics-a.csv",
            "vgp-run-a.json",
            "vgp-metrics-b.csv",
            "vgp-run-b.json"
        ]
    );
    let text = |name: &str| {
        &page
            .downloads
            .iter()
            .find(|(n, _)| *n == name)
            .expect(name)
            .1
    };
    // B has three hidden layers, A two: B's CSV has a gradient column more.
    let columns = |csv: &str| csv.lines().next().map_or(0, |h| h.split(',').count());
    assert!(columns(text("vgp-metrics-b.csv")) > columns(text("vgp-metrics-a.csv")));
    assert!(
        text("vgp-run-b.json").contains("depth=3"),
        "B's run file is B's"
    );
    assert!(!text("vgp-run-a.json").contains("depth=3"));
}

/// The animation loop sleeps when nothing is under way and wakes for anything: a paused
/// page wants frames only for `QUIET_FRAMES_MS` after the last action, a playing one (or
/// one whose `train(n)` is under way) all along, whatever the time since the last action.
#[test]
fn frames_are_wanted_while_something_happens_and_not_after() {
    let mut page = Page::start("depth=2&width=4&n=60", EngineKind::Worker);
    page.settle(50);
    assert!(!page.app.pending());
    // Just after an action: still wanted (redraws, the read-out's windows).
    page.act(Action::Resized);
    assert!(page.app.wants_frames(page.now));
    let quiet = page.now + QUIET_FRAMES_MS;
    assert!(page.app.wants_frames(quiet - 1.0));
    assert!(
        !page.app.wants_frames(quiet + 1.0),
        "a paused page with nothing to do wants no frames"
    );
    // Playing: wanted long after the last action.
    page.act(Action::TogglePlay);
    assert!(page.app.wants_frames(page.now + 10.0 * QUIET_FRAMES_MS));
    page.act(Action::TogglePlay);
    page.settle(50);
    assert!(!page.app.wants_frames(page.now + QUIET_FRAMES_MS + 1.0));
    // A train(n) under way, and any action at all, want frames again.
    page.call(ApiCall::Train(3));
    assert!(page.app.wants_frames(page.now + 10.0 * QUIET_FRAMES_MS));
    page.settle(200);
    assert!(!page.app.wants_frames(page.now + QUIET_FRAMES_MS + 1.0));
    // Reading the numbers (a caption's `state()`) changes nothing and keeps nothing awake.
    page.now += 60_000.0;
    page.call(ApiCall::State);
    page.call(ApiCall::Performance);
    assert!(
        !page.app.wants_frames(page.now + 1.0),
        "reading calls keep no frames"
    );
    page.act(Action::Resized);
    assert!(
        page.app.wants_frames(page.now + 1.0),
        "an action wakes the loop"
    );
}
