//! `App`, the page's state, and `App::update`, the one function that changes it; what
//! the views read of it. The handlers `update` calls are in the files beside this one
//! (runs.rs, api.rs, compare.rs, tour.rs, embed.rs, announce.rs), each an `impl App` of its own.

use super::action::{Action, ApiCall, EmbedChoices, EngineKind, ReplyId, A_SLOT, B_SLOT};
use super::announce::Announcer;
use super::compare::CompareRun;
use super::describe::DescribeClock;
use super::effect::{Effect, Notice};
use super::explore::{Probe, EXPLORED};
use super::tour::TOUR_STEPS;
use super::weights::WeightsProbe;
use vgp::charts::network::NetworkMode;
use vgp::charts::scale::HeatmapMode;
use vgp::charts::weights::WeightsMode;
use vgp::charts::weights_layout::WeightPoint;
use vgp::config::{Config, Link, PageOptions};
use vgp::describe::walk::GridPoint;
use vgp::remote::RunMirror;

/// Keys whose change applies to the running run without a reset.
pub const LIVE_KEYS: [&str; 5] = ["opt", "lr", "mom", "clip", "epochs"];

/// Window over which the epochs-per-second read-out is averaged.
const RATE_WINDOW_MS: f64 = 500.0;
/// How long after the last action the page keeps its animation frames: longer than the
/// speed read-out's ten windows (5 s) and the gap between announcements (2 s).
pub const QUIET_FRAMES_MS: f64 = 6000.0;

/// The pointer over a run's heatmap.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hover {
    pub slot: usize,
    /// CSS pixels from the canvas's top left corner.
    pub x: f64,
    pub y: f64,
}

/// Everything the page's behaviour depends on.
pub struct App {
    /// What the page knows of run A (the run itself is in the engine).
    pub(super) run: RunMirror,
    /// The comparison's B, while comparing.
    pub(super) b: Option<CompareRun>,
    /// Whether the settings form edits B (else A).
    pub(super) editing_b: bool,
    pub(super) engine: EngineKind,
    /// Whether the worker has answered at all (if it fails before, the page trains).
    pub(super) worker_answered: bool,
    /// Messages sent to the engine and not yet answered.
    pub(super) in_flight: usize,
    /// The worker's WebAssembly memory as of its latest update.
    pub(super) worker_memory_bytes: usize,
    /// The id of the newest run (updates of older ones are ignored).
    pub(super) run_id: u32,
    /// Run files asked of the engine, by ticket, and what they are for.
    pub(super) run_files: Vec<(u32, RunFileUse)>,
    pub(super) next_ticket: u32,
    /// What the link said about the page (layout, embedding).
    pub(super) page: PageOptions,
    /// The page's address without its fragment (for links and snippets).
    pub(super) base_url: String,
    pub(super) playing: bool,
    /// Someone paused an autoplaying embed (Pause, Step, `pause()`, `train(n)`): it no
    /// longer starts by itself when it comes back into view, until Play is pressed.
    pub(super) autoplay_held: bool,
    /// Most epochs per frame; 0 = as many as the time budget allows.
    pub(super) speed: usize,
    pub(super) heatmap_mode: HeatmapMode,
    pub(super) loss_log: bool,
    /// The weights chart's mode (A's and B's alike).
    pub(super) weights_mode: WeightsMode,
    /// What the weights chart's tooltip reads, and the point each run's read-out names
    /// (by slot; weights.rs).
    pub(super) weights_probe: Option<WeightsProbe>,
    pub(super) weights_readout: [Option<WeightPoint>; 2],
    /// What the Network panel's connections show, and while its backward pulse runs,
    /// when it started and ends (network.rs).
    pub(super) network_mode: NetworkMode,
    pub(super) backprop: Option<(f64, f64)>,
    /// The wide layer each slot's engine was last asked to detail, for which run.
    pub(super) detail_sent: [(u32, Option<usize>); 2],
    /// The point each explored canvas's keys moved to, and what one's tooltip reads
    /// (explore.rs).
    pub(super) explore_readout: [Option<GridPoint>; EXPLORED],
    pub(super) explore_probe: Option<(usize, Probe)>,
    /// When the charts' summaries were last written (describe.rs), the open tables (a
    /// bit per `PANELS` entry) and when Listen's tones end.
    pub(super) describe_clock: DescribeClock,
    pub(super) tables_open: u16,
    pub(super) listening_until: Option<f64>,
    /// Counts window resizes: the charts are drawn again when it changes.
    pub(super) layout_generation: u32,
    /// Epochs trained and time since the rate window opened.
    pub(super) rate_epochs: usize,
    pub(super) rate_start_ms: f64,
    /// When the last action other than an animation frame came (see `wants_frames`).
    pub(super) last_activity_ms: f64,
    pub(super) epochs_per_second: f64,
    /// The epoch `train(n)` calls train to (the run stays paused otherwise).
    pub(super) train_to: Option<usize>,
    /// Who waits for which epoch: `train(n)` calls.
    pub(super) waiters: Vec<(usize, ReplyId)>,
    /// `window.vgp.subscribe` callbacks, by id.
    pub(super) subscribers: Vec<u32>,
    /// The epoch subscribers last heard about.
    pub(super) notified_epoch: Option<usize>,
    /// Whether a parent page asked for `epoch` events, and when the last one went.
    pub(super) parent_subscribed: bool,
    pub(super) epoch_event_ms: f64,
    /// An epoch the parent has not heard of yet.
    pub(super) epoch_event_due: bool,
    /// The guided tour's current step, while it shows.
    pub(super) tour_step: Option<usize>,
    /// Whether the visitor asked for reduced motion (`prefers-reduced-motion`): nothing
    /// starts training by itself then (the tour, `autoplay=1`).
    pub(super) reduced_motion: bool,
    /// Where the keyboard focus should move: numbered so that each request is carried
    /// out once (by the focus view, after the others have drawn).
    pub(super) focus: FocusRequest,
    /// The status region's announcements.
    pub(super) announcer: Announcer,
    pub(super) notice: Option<Notice>,
    /// A short message in the status line ("Link copied.") until the status changes.
    pub(super) flash: Option<&'static str>,
    pub(super) settings_open: bool,
    pub(super) hover: Option<Hover>,
    pub(super) embed_choices: EmbedChoices,
    /// The Embed dialog's preview: what it showed (`embed_preview_key`) and the height
    /// it reported.
    pub(super) embed_measured: Option<(String, u32)>,
}

/// A move of the keyboard focus the state asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FocusRequest {
    /// Counts the requests: each is carried out once.
    pub serial: u32,
    /// The element's id.
    pub id: &'static str,
    /// Scroll the element's top into view (else only as far as needed).
    pub to_top: bool,
}

/// What a requested `vgp-run/1` document is for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunFileUse {
    /// A "Run JSON" button: download it (the run in this engine slot, the file's name).
    Download(usize, &'static str),
    /// `run()`: answer the call with it (the run in this engine slot).
    Answer(ReplyId, usize),
}

impl RunFileUse {
    /// The engine slot of the run asked for.
    pub fn slot(&self) -> usize {
        match self {
            RunFileUse::Download(slot, _) => *slot,
            RunFileUse::Answer(_, slot) => *slot,
        }
    }
}

impl App {
    /// The state before the page has started (`Action::Start` gives it its first run).
    pub fn new(config: Config) -> App {
        App {
            run: RunMirror::new(0, config),
            b: None,
            editing_b: false,
            engine: EngineKind::Worker,
            worker_answered: false,
            in_flight: 0,
            worker_memory_bytes: 0,
            run_id: 0,
            run_files: Vec::new(),
            next_ticket: 0,
            page: PageOptions::default(),
            base_url: String::new(),
            playing: false,
            autoplay_held: false,
            speed: 0,
            heatmap_mode: HeatmapMode::Absolute,
            loss_log: false,
            weights_mode: WeightsMode::Value,
            weights_probe: None,
            weights_readout: [None; 2],
            network_mode: NetworkMode::Gradient,
            backprop: None,
            detail_sent: [(0, None); 2],
            explore_readout: [None; EXPLORED],
            explore_probe: None,
            describe_clock: DescribeClock::default(),
            tables_open: 0,
            listening_until: None,
            layout_generation: 0,
            rate_epochs: 0,
            rate_start_ms: 0.0,
            last_activity_ms: 0.0,
            epochs_per_second: 0.0,
            train_to: None,
            waiters: Vec::new(),
            subscribers: Vec::new(),
            notified_epoch: None,
            parent_subscribed: false,
            epoch_event_ms: f64::NEG_INFINITY,
            epoch_event_due: false,
            tour_step: None,
            reduced_motion: false,
            focus: FocusRequest::default(),
            announcer: Announcer::default(),
            notice: None,
            flash: None,
            settings_open: false,
            hover: None,
            embed_choices: EmbedChoices::default(),
            embed_measured: None,
        }
    }

    /// The one function that changes the page's state: apply `action` (at `now_ms` on
    /// the page's clock) and return what the shell must do about it, in order.
    pub fn update(&mut self, action: Action, now_ms: f64) -> Vec<Effect> {
        let mut fx = Vec::new();
        let fx_ref = &mut fx;
        // Frames and reading calls (`state()`, `performance()`: a caption asking for the
        // numbers) change nothing, so they do not keep the animation loop awake.
        let reading = matches!(
            &action,
            Action::Api {
                call: ApiCall::State | ApiCall::Performance,
                ..
            }
        );
        if !matches!(action, Action::Frame) && !reading {
            self.last_activity_ms = now_ms;
        }
        match action {
            Action::Start {
                link,
                form,
                tour_dismissed,
                base_url,
                engine,
                reduced_motion,
            } => {
                self.engine = engine;
                self.reduced_motion = reduced_motion;
                self.base_url = base_url;
                let opened_link = link.is_some();
                let b = link.as_ref().and_then(|l| l.b.clone());
                let config = match link {
                    Some(link) => self.take_link(fx_ref, &link),
                    None => {
                        self.show_form_warnings(&form);
                        // The form's optional fields follow its values from the start (a
                        // link's form is written, which does the same): Leak, Scale and
                        // Momentum are no Tab stops where they do nothing.
                        fx_ref.push(Effect::RefreshForm);
                        form.config
                    }
                };
                self.run = RunMirror::new(self.run_id, config.clone());
                self.set_compare(fx_ref, b);
                self.replace_run(fx_ref, config);
                self.rate_start_ms = now_ms;
                fx_ref.push(Effect::AnnounceReady);
                let wanted =
                    self.page.tour || (!self.page.embed && !opened_link && !tour_dismissed);
                if wanted {
                    self.tour_go_to(fx_ref, 0, now_ms);
                }
            }
            Action::TogglePlay => {
                if self.playing {
                    self.pause(fx_ref, now_ms);
                } else {
                    self.autoplay_held = false;
                    self.set_playing(fx_ref, true, now_ms);
                }
            }
            Action::Step => self.step_once(fx_ref, now_ms),
            Action::Reset(form) => self.rebuild(fx_ref, form, now_ms),
            Action::NewSeed { seed, mut form } => {
                form.config.seed = seed;
                self.rebuild(fx_ref, form, now_ms);
                // The form shows the seed the run uses.
                fx_ref.push(Effect::WriteSeed(seed));
            }
            Action::ControlChanged { key, form } => {
                self.control_changed(fx_ref, &key, form, now_ms)
            }
            Action::FormInput => fx_ref.push(Effect::RefreshForm),
            Action::Speed(speed) => {
                self.speed = speed;
                // Unlimited speed is the worker's own pace: keep it busy from now on
                // (with a cap, frames sent one request at a time and none may be out).
                self.kick_worker(fx_ref);
            }
            Action::HeatmapRelative(relative) => {
                self.heatmap_mode = if relative {
                    HeatmapMode::RelativeToOutput
                } else {
                    HeatmapMode::Absolute
                };
            }
            Action::LossLog(log) => self.loss_log = log,
            Action::WeightsChange(change) => {
                self.weights_mode = if change {
                    WeightsMode::Change
                } else {
                    WeightsMode::Value
                };
            }
            Action::WeightsPointer { slot, at } => self.weights_pointer(slot, at),
            Action::WeightsKey { slot, key } => self.weights_key(slot, key),
            Action::WeightsBlur(slot) => self.weights_blur(slot),
            Action::ExploreKey { canvas, key } => {
                self.explore_key(canvas, key);
                self.sync_network_detail(fx_ref);
            }
            Action::ExplorePointer { canvas, at } => self.explore_pointer(canvas, at),
            Action::ExploreBlur(canvas) => {
                self.explore_blur(canvas);
                self.sync_network_detail(fx_ref);
            }
            Action::TableToggle(chart) => self.table_toggled(&chart),
            Action::Listen => self.listen_pressed(fx_ref, now_ms),
            Action::NetworkMode(mode) => self.network_mode = mode,
            Action::Backprop => self.backprop_pressed(now_ms),
            Action::CompareToggle => self.compare_toggled(fx_ref, now_ms),
            Action::ComparePicked(id) => self.compare_picked(fx_ref, &id, now_ms),
            Action::EditB(b) => self.edit_switched(fx_ref, b),
            Action::Settings(open) => {
                let open = open.unwrap_or(!self.settings_open);
                if open != self.settings_open {
                    self.settings_open = open;
                    fx_ref.push(Effect::SettingsFocus(open));
                }
            }
            Action::Escape => {
                if self.tour_step.is_some() {
                    self.tour_close(fx_ref);
                }
                if self.settings_open {
                    self.settings_open = false;
                    fx_ref.push(Effect::SettingsFocus(false));
                }
            }
            Action::DismissNotice => self.notice = None,
            Action::CopyLink => fx_ref.push(Effect::Copy {
                text: self.full_url(&self.link().to_fragment()),
                done: "Link copied.",
            }),
            Action::Copied(done) => {
                self.flash = Some(done);
                self.announce(done.to_string());
            }
            Action::CopyFailed(text) => {
                self.notice = Some(Notice {
                    heading: "Copy this link: ".to_string(),
                    items: Vec::new(),
                    copy_by_hand: Some(text),
                })
            }
            Action::TourOpen => {
                self.tour_go_to(fx_ref, 0, now_ms);
                // The card takes the focus (its heading, read first), so that the
                // keyboard is where the tour is.
                self.focus_on("tour-title");
            }
            Action::TourNext => match self.tour_step {
                Some(k) if k + 1 < TOUR_STEPS.len() => {
                    self.tour_go_to(fx_ref, k + 1, now_ms);
                    self.focus_on("tour-next");
                }
                _ => self.tour_close(fx_ref),
            },
            Action::TourBack => {
                if let Some(k) = self.tour_step.filter(|&k| k > 0) {
                    self.tour_go_to(fx_ref, k - 1, now_ms);
                    // Back is hidden on the first step: the focus stays in the card.
                    self.focus_on(if k == 1 { "tour-next" } else { "tour-back" });
                }
            }
            Action::TourClose => self.tour_close(fx_ref),
            Action::SkipTo { target, sheet } => {
                // On a phone the settings are a sheet: skipping to them opens it.
                if target == "settings" && sheet {
                    self.settings_open = true;
                }
                self.focus_on(target);
                // A skip link's target is a whole part of the page: its top comes into
                // view (below the sticky run bar), not just some of it.
                self.focus.to_top = true;
            }
            Action::ReducedMotion(reduced) => {
                self.reduced_motion = reduced;
                // An autoplaying embed stops when motion is no longer wanted.
                if reduced && self.page.autoplay && self.playing {
                    self.pause(fx_ref, now_ms);
                }
            }
            Action::PresetPicked(id) => self.preset_picked(fx_ref, &id, now_ms),
            Action::RemedyClicked(id) => self.remedy_clicked(fx_ref, &id, now_ms),
            Action::EmbedOpen(choices) => {
                self.embed_choices = choices;
                fx_ref.push(Effect::EmbedSnippet {
                    text: self.embed_snippet(),
                    open: true,
                    preview: self.embed_preview(),
                });
            }
            Action::EmbedChoices(choices) => {
                self.embed_choices = choices;
                fx_ref.push(Effect::EmbedSnippet {
                    text: self.embed_snippet(),
                    open: false,
                    preview: self.embed_preview(),
                });
            }
            Action::EmbedMeasured(src, height) => {
                self.embed_measured = Some((src, height));
                fx_ref.push(Effect::EmbedSnippet {
                    text: self.embed_snippet(),
                    open: false,
                    preview: self.embed_preview(),
                });
            }
            Action::EmbedCopy => fx_ref.push(Effect::Copy {
                text: self.embed_snippet(),
                done: "Embed code copied.",
            }),
            Action::ExportCsv(slot) => {
                if let Some(run) = self.run_in(slot) {
                    let history = run.history();
                    let layers = history.newest().map_or(0, |m| m.grad_norm.len());
                    fx_ref.push(Effect::Download {
                        name: self.export_name(
                            slot,
                            ["vgp-metrics.csv", "vgp-metrics-a.csv", "vgp-metrics-b.csv"],
                        ),
                        mime: "text/csv",
                        text: vgp::runfile::metrics_csv_of(history, layers),
                    });
                }
            }
            Action::ExportJson(slot) => {
                if self.run_in(slot).is_some() {
                    let name = self
                        .export_name(slot, ["vgp-run.json", "vgp-run-a.json", "vgp-run-b.json"]);
                    self.request_run_file(fx_ref, slot, RunFileUse::Download(slot, name));
                }
            }
            Action::ExportPng(id) => fx_ref.push(Effect::DownloadPng(id)),
            Action::SweepRun => fx_ref.push(Effect::StartSweep(self.run.config().clone())),
            Action::Resized => self.layout_generation = self.layout_generation.wrapping_add(1),
            Action::AddressChanged(link) => self.open(fx_ref, &link, now_ms),
            Action::Hover { slot, at } => {
                self.hover = at.map(|(x, y)| Hover { slot, x, y });
            }
            Action::Visible(visible) => {
                // With reduced motion an autoplaying embed waits for its Play button; one
                // that was paused, or asked to train a number of epochs, stays as it is.
                let follows = self.page.autoplay && !self.reduced_motion && !self.autoplay_held;
                if follows && visible != self.playing {
                    self.set_playing(fx_ref, visible, now_ms);
                }
            }
            Action::Api { call, reply } => self.api_call(fx_ref, call, reply, now_ms),
            Action::Subscribe(id) => {
                if !self.subscribers.contains(&id) {
                    self.subscribers.push(id);
                }
            }
            Action::Unsubscribe(id) => self.subscribers.retain(|s| *s != id),
            Action::Engine(reply) => self.engine_replied(fx_ref, reply, now_ms),
            Action::Frame => self.frame(fx_ref, now_ms),
        }
        self.settle(fx_ref, now_ms);
        self.describe_tick(now_ms);
        self.announce_due(now_ms);
        fx
    }

    /// One animation frame: a page-side engine (or an epochs-per-frame cap) trains
    /// within it, and the speed read-out's window moves on.
    fn frame(&mut self, fx: &mut Vec<Effect>, now_ms: f64) {
        if self.engine == EngineKind::Page || (self.playing && self.speed > 0) {
            self.keep_training(fx);
        }
        self.listen_frame(fx, now_ms);
        self.backprop_frame(now_ms);
        self.sync_network_detail(fx);
        let elapsed = now_ms - self.rate_start_ms;
        // A window stays open until it holds an epoch (slow networks), up to 10 windows.
        if elapsed >= RATE_WINDOW_MS && (self.rate_epochs > 0 || elapsed >= 10.0 * RATE_WINDOW_MS) {
            self.epochs_per_second = if self.playing {
                self.rate_epochs as f64 * 1000.0 / elapsed
            } else {
                0.0
            };
            self.rate_epochs = 0;
            self.rate_start_ms = now_ms;
        }
    }

    // What the views read.

    pub fn run(&self) -> &RunMirror {
        &self.run
    }

    /// The mirror of the run in engine `slot` (B only when comparing).
    pub(super) fn run_in(&self, slot: usize) -> Option<&RunMirror> {
        match slot {
            A_SLOT => Some(&self.run),
            B_SLOT => self.b.as_ref().map(|b| &b.run),
            _ => None,
        }
    }

    /// An export's file name: `names[0]` alone, `names[1]` (A) or `names[2]` (B) when
    /// comparing, so that the two runs' files say which is which.
    fn export_name(&self, slot: usize, names: [&'static str; 3]) -> &'static str {
        match (self.b.is_some(), slot) {
            (false, _) => names[0],
            (true, B_SLOT) => names[2],
            (true, _) => names[1],
        }
    }

    pub fn compared(&self) -> Option<&CompareRun> {
        self.b.as_ref()
    }

    pub fn editing_b(&self) -> bool {
        self.editing_b
    }

    pub fn page(&self) -> &PageOptions {
        &self.page
    }

    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Playing, or a `train(n)` under way.
    pub fn running(&self) -> bool {
        self.playing || self.train_to.is_some()
    }

    pub fn heatmap_mode(&self) -> HeatmapMode {
        self.heatmap_mode
    }

    pub fn loss_log(&self) -> bool {
        self.loss_log
    }

    pub fn layout_generation(&self) -> u32 {
        self.layout_generation
    }

    pub fn epochs_per_second(&self) -> f64 {
        self.epochs_per_second
    }

    /// "worker" or "page" once known (a worker counts once it has answered).
    pub fn engine_mark(&self) -> Option<&'static str> {
        match (self.engine, self.worker_answered) {
            (EngineKind::Page, _) => Some("page"),
            (EngineKind::Worker, true) => Some("worker"),
            (EngineKind::Worker, false) => None,
        }
    }

    /// Whether messages to the engine await their answers.
    pub fn pending(&self) -> bool {
        self.in_flight > 0
    }

    /// Whether the page still needs animation frames: while it trains or waits for its
    /// engine, while a pulse moves or tones play, while an announcement or an epoch
    /// event waits for its turn, and for `QUIET_FRAMES_MS` after anything happened (the
    /// speed read-out's windows, the description's pace and redraws after a change of
    /// layout all finish within it). A page with nothing to do requests no frames, so a
    /// paused page, or a figure far from the reader, uses no CPU; any action wakes it.
    pub fn wants_frames(&self, now_ms: f64) -> bool {
        self.running()
            || self.pending()
            || self.backprop.is_some()
            || self.listening_until.is_some()
            || self.epoch_event_due
            || self.announcement_waiting()
            || now_ms - self.last_activity_ms < QUIET_FRAMES_MS
    }

    pub fn tour_step(&self) -> Option<usize> {
        self.tour_step
    }

    pub fn reduced_motion(&self) -> bool {
        self.reduced_motion
    }

    /// Move the keyboard focus to the element `id` (once the views have drawn).
    pub(super) fn focus_on(&mut self, id: &'static str) {
        self.focus = FocusRequest {
            serial: self.focus.serial.wrapping_add(1),
            id,
            to_top: false,
        };
    }

    /// The newest focus request (serial 0: none yet).
    pub fn focus_request(&self) -> FocusRequest {
        self.focus
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    pub fn settings_open(&self) -> bool {
        self.settings_open
    }

    pub fn hover(&self) -> Option<Hover> {
        self.hover
    }

    /// The current configuration as a share link (config keys and page keys).
    pub fn link(&self) -> Link {
        Link {
            config: self.run.config().clone(),
            b: self.b.as_ref().map(|b| b.run.config().clone()),
            page: self.page.clone(),
            warnings: Vec::new(),
        }
    }

    /// A link to `config` alone (no comparison) that keeps the page's layout: what a
    /// preset, a remedy or a tour step opens.
    pub(super) fn link_to(&self, config: Config) -> Link {
        Link {
            config,
            b: None,
            page: self.page.clone(),
            warnings: Vec::new(),
        }
    }

    /// The page's whole address with `fragment`.
    pub fn full_url(&self, fragment: &str) -> String {
        if fragment.is_empty() {
            self.base_url.clone()
        } else {
            format!("{}#{fragment}", self.base_url)
        }
    }

    /// The status line.
    pub fn status_text(&self) -> String {
        if let Some(d) = self.run.diverged() {
            return format!(
                "Diverged at epoch {}: {}. The charts keep everything up to epoch {}.",
                d.epoch,
                d.reason,
                self.run.measured_epoch()
            );
        }
        if let Some(flash) = self.flash {
            return flash.to_string();
        }
        if self.all_finished() {
            format!("Stopped at the epoch limit ({}).", self.run.epoch())
        } else if self.playing {
            "Training…".to_string()
        } else if self.run.epoch() == 0 {
            "Ready: press Play to train.".to_string()
        } else {
            "Paused.".to_string()
        }
    }

    /// The configuration the settings form shows: B's while it edits B, else A's.
    pub(super) fn form_config(&self) -> Config {
        match (&self.b, self.editing_b) {
            (Some(b), true) => b.config.clone(),
            _ => self.run.config().clone(),
        }
    }
}
