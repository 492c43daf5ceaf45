//! The playground page: one owner (`App`) for the runs' mirrors (one run, or a
//! comparison's A and B), their controls and the one animation loop (frame.rs). The
//! runs themselves live in a Web Worker (engine.rs; the app's side of it in
//! traffic.rs) that trains while the page draws; where no worker can start it trains on
//! the page, minibatch by minibatch within a time budget per frame, so the page keeps
//! answering either way.

use super::bridge;
use super::compare::{self as compare_mode, Compare, B_SLOT};
use super::dom::{self, by_id};
use super::engine::{Engine, Inbox};
use super::events;
use super::form::{self, LIVE_KEYS};
use super::link;
use super::notice::{form_config, open_link};
use super::parent;
use super::view::ChartsView;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use vgp::charts::scale::ColourScale;
use vgp::config::{compare, Config, Link, PageOptions};
use vgp::remote::{Message, Request, RunMirror};
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement};

/// What a redraw showed of a run: its measured epoch, whether it had diverged, and the
/// epoch of its prediction surface.
type Drawn = (usize, bool, Option<usize>);

/// Everything the page's behaviour depends on.
pub struct App {
    /// What the page knows of the run, A in compare mode (the run itself is in the engine).
    pub(super) run: RunMirror,
    /// The comparison's B, while comparing (compare.rs).
    pub(super) b: Option<Compare>,
    /// Whether the settings form edits B (else A).
    pub(super) editing_b: bool,
    /// The one colour scale every heatmap of the page is drawn with.
    pub(super) heatmap_scale: ColourScale,
    pub(super) engine: Engine,
    /// Replies from the worker not yet taken in.
    pub(super) inbox: Inbox,
    /// Requests sent to the worker and not yet answered.
    pub(super) in_flight: usize,
    /// Whether the page says requests are under way (`<body data-pending="1">`).
    pub(super) pending_shown: bool,
    /// The worker's WebAssembly memory as of its latest update.
    pub(super) worker_memory_bytes: usize,
    /// Whether the worker has answered at all (if it fails before, the page trains itself).
    pub(super) worker_answered: bool,
    /// The id of the newest run (updates of older ones are ignored).
    pub(super) run_id: u32,
    /// Run files asked of the host, by ticket, and what they are for.
    pub(super) run_files: Vec<(u32, RunFileUse)>,
    pub(super) next_ticket: u32,
    /// What the link said about the page (layout, embedding).
    pub(super) page: PageOptions,
    pub(super) playing: bool,
    /// Most epochs per frame; 0 = as many as the time budget allows.
    pub(super) speed: usize,
    pub(super) view: ChartsView,
    /// Epoch last drawn, whether the run had diverged by then, and the epoch of the
    /// prediction surface drawn (None forces a redraw; a divergence redraws so the
    /// charts mark it, a newer surface so the boundary shows it).
    pub(super) drawn_epoch: Option<(Drawn, Option<Drawn>)>,
    /// Epoch the counter shows.
    pub(super) shown_epoch: Option<usize>,
    /// When the last drawing finished, and how long it took.
    pub(super) drawn_at_ms: f64,
    pub(super) frame_draw_ms: f64,
    /// In compare mode, whether B's view drew first in the latest frame (they alternate).
    pub(super) b_first: bool,
    /// Epochs trained and time since the rate window opened.
    pub(super) rate_epochs: usize,
    pub(super) rate_start_ms: f64,
    pub(super) epochs_per_second: f64,
    /// The epoch `train(n)` calls train to (the run stays paused otherwise).
    pub(super) train_to: Option<usize>,
    /// Who waits for which epoch: `train(n)` promises and reply messages.
    pub(super) waiters: Vec<(usize, bridge::Answer)>,
    /// `window.vgp.subscribe` callbacks, by id.
    pub(super) subscribers: Vec<(u32, js_sys::Function)>,
    pub(super) next_subscriber: u32,
    /// The epoch subscribers last heard about.
    pub(super) notified_epoch: Option<usize>,
    /// The parent page that asked for `epoch` events, and when the last one went.
    pub(super) message_subscriber: Option<bridge::ReplyTo>,
    pub(super) epoch_event_ms: f64,
    /// An epoch the parent has not heard of yet.
    pub(super) epoch_event_due: bool,
    /// The guided tour's current step, while it shows.
    pub(super) tour_step: Option<usize>,
    /// The depth sweep panel (its own worker).
    pub(super) sweep: super::sweep_panel::SweepPanel,
}

/// The app as the event handlers and the frame loop share it.
pub type Shared = Rc<RefCell<App>>;

/// What a requested `vgp-run/1` document is for.
pub enum RunFileUse {
    /// The "Run JSON" button: download it.
    Download,
    /// `run()` from the JavaScript API or a parent page: answer with it.
    Answer(bridge::Answer),
}

impl App {
    /// Build the run from the form, wire the controls and start the animation loop.
    pub fn start() -> Result<(), JsValue> {
        // A link in the address wins over the form's defaults.
        let address = link::read_address();
        let opened_link = address.is_some();
        let b = address.as_ref().and_then(|opened| opened.b.clone());
        let (config, page) = match address {
            Some(opened) => open_link(&opened),
            None => (form_config(), PageOptions::default()),
        };
        super::story::fill_picker();
        let inbox: Inbox = Rc::default();
        let app = Rc::new_cyclic(|me: &Weak<RefCell<App>>| {
            let me = me.clone();
            // A reply from the worker is taken in at once (or by the next frame if the
            // app is busy).
            let wake: Rc<dyn Fn()> = Rc::new(move || {
                if let Some(app) = me.upgrade() {
                    if let Ok(mut a) = app.try_borrow_mut() {
                        a.take_replies();
                    }
                }
            });
            let engine = Engine::start_worker(&inbox, wake).unwrap_or_else(Engine::local);
            RefCell::new(App::new(engine, inbox, page, config))
        });
        if !app.borrow().engine.is_worker() {
            super::traffic::mark_engine("page");
        }
        app.borrow_mut().set_compare(b);
        app.borrow_mut().begin_with_first_run();
        events::wire_controls(&app)?;

        events::start_loop(app.clone());
        if let Some(body) = dom::document().and_then(|d| d.body()) {
            body.dataset().set("ready", "1")?;
        }
        app.borrow().update_status();
        app.borrow().config_changed();
        parent::install(&app)?;
        if let Ok(mut a) = app.try_borrow_mut() {
            super::tour::start(&mut a, opened_link);
        }
        Ok(())
    }

    /// The app before its first run has reported.
    fn new(engine: Engine, inbox: Inbox, page: PageOptions, config: Config) -> App {
        let view = compare_mode::charts_container()
            .map(|c| ChartsView::from_container(&c, "a"))
            .unwrap_or_default();
        App {
            page,
            run: RunMirror::new(0, config),
            b: None,
            editing_b: false,
            heatmap_scale: ColourScale::default(),
            engine,
            inbox,
            in_flight: 0,
            pending_shown: false,
            worker_memory_bytes: 0,
            worker_answered: false,
            run_id: 0,
            run_files: Vec::new(),
            next_ticket: 0,
            playing: false,
            speed: 0,
            view,
            drawn_epoch: None,
            shown_epoch: None,
            drawn_at_ms: 0.0,
            frame_draw_ms: 0.0,
            b_first: false,
            rate_epochs: 0,
            rate_start_ms: dom::now_ms(),
            epochs_per_second: 0.0,
            train_to: None,
            waiters: Vec::new(),
            subscribers: Vec::new(),
            next_subscriber: 0,
            notified_epoch: None,
            message_subscriber: None,
            epoch_event_ms: 0.0,
            epoch_event_due: false,
            tour_step: None,
            sweep: Default::default(),
        }
    }

    /// Ask the engine for the run the mirror was made for.
    fn begin_with_first_run(&mut self) {
        let config = self.run.config().clone();
        self.replace_run(config);
    }

    /// A new run of `config` replaces the current one (in the mirror at once, in the
    /// engine with the next message); in compare mode B starts again too, with A's data,
    /// seed and epoch limit.
    pub(super) fn replace_run(&mut self, config: Config) {
        self.run_id = self.run_id.wrapping_add(1);
        self.run = RunMirror::new(self.run_id, config.clone());
        self.drawn_epoch = None;
        self.send(Request::New {
            run_id: self.run_id,
            config: config.clone(),
        });
        let Some(b) = self.b.as_mut() else {
            return;
        };
        self.run_id = self.run_id.wrapping_add(1);
        b.config = compare::aligned(&config, &b.config);
        b.run = RunMirror::new(self.run_id, b.config.clone());
        b.labels = compare::labels(self.run.config(), b.run.config());
        if let Some(container) = compare_mode::charts_container() {
            super::pairs::set_labels(&container, (&b.labels.0, &b.labels.1));
        }
        let request = Request::New {
            run_id: self.run_id,
            config: b.config.clone(),
        };
        self.send_message(Message::To {
            slot: B_SLOT,
            request,
        });
        self.show_compare_bar();
    }

    /// Open a link (from the address or `setConfig`): its config in the form and a new
    /// run of exactly that config, its page keys applied, its warnings in the notice.
    pub(super) fn open(&mut self, opened: &Link) {
        let (config, page) = open_link(opened);
        self.page = page;
        // The run A is first, so that B is aligned with it.
        self.run = RunMirror::new(self.run.run_id(), config.clone());
        self.set_compare(opened.b.clone());
        self.replace_run(config);
        self.abandon_training();
        self.set_playing(self.playing);
        self.config_changed();
    }

    /// A new run replaces the one `train(n)` calls wait on: answer them now.
    pub(super) fn abandon_training(&mut self) {
        self.train_to = None;
        for (target, _) in &mut self.waiters {
            *target = 0;
        }
        self.settle();
    }

    /// The address changed (a link was pasted or followed): apply it.
    pub(super) fn address_changed(&mut self) {
        let opened = link::read_address().unwrap_or_else(|| vgp::config::parse_link(""));
        self.open(&opened);
    }

    /// The current configuration as a share link (config keys and page keys).
    pub(super) fn link(&self) -> Link {
        Link {
            config: self.run.config().clone(),
            b: self.b.as_ref().map(|b| b.run.config().clone()),
            page: self.page.clone(),
            warnings: Vec::new(),
        }
    }

    /// The running configuration changed: keep the address's fragment equal to it, and
    /// the Story picker and text on the preset it is (if any).
    pub(super) fn config_changed(&self) {
        link::write_address(&self.link().to_fragment(), &self.page);
        super::story::show_story(self.run.config());
    }

    pub(super) fn set_playing(&mut self, playing: bool) {
        let was_playing = self.playing;
        self.playing = playing && !self.all_finished();
        if let Ok(button) = by_id::<HtmlElement>("play") {
            button.set_text_content(Some(if self.playing { "Pause" } else { "Play" }));
            let _ =
                button.set_attribute("aria-pressed", if self.playing { "true" } else { "false" });
        }
        self.rate_epochs = 0;
        self.rate_start_ms = dom::now_ms();
        self.epochs_per_second = 0.0;
        self.update_status();
        if self.playing && !was_playing && self.engine.is_worker() {
            // The worker starts now, not on the next animation frame (which a hidden or
            // throttled page may not get for a while).
            self.kick_worker();
        }
        if was_playing && !self.playing {
            // After the last training request: the newest surface, for the paused charts.
            self.send(Request::Sync);
            if self.b.is_some() {
                let request = Request::Sync;
                self.send_message(Message::To {
                    slot: B_SLOT,
                    request,
                });
            }
        }
    }

    /// Give the worker its training requests at once (without an epochs-per-frame cap;
    /// with one, the frame loop sends them).
    pub(super) fn kick_worker(&mut self) {
        if self.engine.is_worker() && (self.speed == 0 || !self.playing) {
            self.keep_training();
        }
    }

    /// Train exactly one epoch (pausing first).
    pub(super) fn step_once(&mut self) {
        self.set_playing(false);
        if self.b.is_some() {
            // One epoch of each, A then B.
            self.send_message(Message::Lockstep {
                budget_ms: f64::INFINITY,
                max_epochs: Some(1),
                until_epoch: None,
            });
        } else {
            self.send(Request::StepEpoch);
        }
        self.update_status();
    }

    /// A new run from the form's current values (keeps playing if it was).
    pub(super) fn rebuild(&mut self) {
        let form = form_config();
        let config = match self.b.as_mut() {
            // The form edits B: B takes it, A only its shared keys (data, seed, limit).
            Some(b) if self.editing_b => {
                b.config = form.clone();
                compare::aligned(&form, self.run.config())
            }
            _ => form,
        };
        self.replace_run(config);
        self.abandon_training();
        self.set_playing(self.playing);
        self.config_changed();
    }

    /// A control changed: settings that can change live do; anything else rebuilds.
    pub(super) fn control_changed(&mut self, event: &Event) {
        let key = form::key_of(event).unwrap_or_default();
        // In compare mode every change starts both runs again, so they stay comparable.
        if !LIVE_KEYS.contains(&key.as_str()) || self.b.is_some() {
            self.rebuild();
            return;
        }
        let config = form_config();
        self.run.set_live(&config);
        self.send(Request::Live { config });
        self.update_status();
        self.config_changed();
    }
}
