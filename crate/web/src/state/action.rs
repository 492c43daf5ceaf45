//! What can happen to the page: every input (a click, a key, a form change, a call of the
//! JavaScript API or of a parent page, a reply of the engine, an animation frame) as one
//! `Action`, built by the shell's translators and given to `App::update`.

use vgp::charts::network::NetworkMode;
use vgp::charts::weights_layout::WeightsKey;
use vgp::config::{Config, ConfigWarning, Link};
use vgp::describe::walk::Key;
use vgp::remote::Update;

/// Names one call that waits for an answer (a promise of `window.vgp`, or a parent's
/// message with its id); the shell keeps what the id stands for.
pub type ReplyId = u32;

/// Run A (slot 0) and, while comparing, run B (slot 1) of the engine.
pub const A_SLOT: usize = 0;
pub const B_SLOT: usize = 1;

/// The settings form as read at the moment of an action: the configuration it
/// describes and a warning for each value the rules changed (the form itself keeps
/// what the user typed).
#[derive(Clone, Debug, PartialEq)]
pub struct FormReading {
    pub config: Config,
    pub warnings: Vec<ConfigWarning>,
}

impl FormReading {
    /// A form that holds exactly `config`.
    pub fn of(config: Config) -> FormReading {
        FormReading {
            config,
            warnings: Vec::new(),
        }
    }
}

/// The Embed dialog's choices beside the link itself.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedChoices {
    /// The panels ticked (config::PANELS names).
    pub panels: Vec<String>,
    pub autoplay: bool,
    /// "none", "all" or "run" (the run bar only).
    pub controls: String,
    /// CSS width, e.g. "100%".
    pub width: String,
    /// The height field as typed.
    pub height: String,
    pub host_script: bool,
    /// The frame's name as typed (`frame=` and `data-vgp-frame`, for buttons in the notes).
    pub frame: String,
}

/// The Embed dialog's frame name until the author types another.
pub const DEFAULT_FRAME: &str = "figure-1";

impl Default for EmbedChoices {
    fn default() -> EmbedChoices {
        EmbedChoices {
            panels: Vec::new(),
            autoplay: false,
            controls: "run".to_string(),
            width: "100%".to_string(),
            height: String::new(),
            host_script: true,
            frame: DEFAULT_FRAME.to_string(),
        }
    }
}

/// Where the run trains.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineKind {
    /// A Web Worker (the page only draws).
    Worker,
    /// The page itself (no worker could start: a file, a sandboxed frame).
    Page,
}

/// One answer of the engine.
#[derive(Clone, Debug)]
pub enum Reply {
    /// The answer to one message: an update per run it concerned.
    Updates(Vec<Update>),
    /// The worker could not start, or stopped; the text says why.
    Failed(String),
    /// A message could not be delivered (the page's own engine refused it).
    NotSent(String),
}

/// A call of the JavaScript API (`window.vgp`) or of the same API over `postMessage`,
/// its parameters already checked (api.rs parses them).
#[derive(Clone, Debug, PartialEq)]
pub enum ApiCall {
    /// `hello`; a parent's hello is also answered with a `ready` event.
    Hello {
        announce: bool,
    },
    State,
    Performance,
    Play,
    Pause,
    /// `reset()`: a new run of what the form says.
    Reset(FormReading),
    /// `setConfig(query)`: the run's configuration (the page keeps its layout).
    SetConfig(String),
    /// `train(n)`: train n more epochs, answered when they are done.
    Train(usize),
    /// `run(slot)`: the run's `vgp-run/1` document.
    Run(usize),
    /// A parent page asks for (or stops) `epoch` events.
    EpochEvents(bool),
}

/// Every input of the page.
#[derive(Clone, Debug)]
pub enum Action {
    /// The page opened: the link in its address (if any), the form, whether the tour
    /// was dismissed on this browser, the page's address without its fragment, and
    /// where runs train.
    Start {
        link: Option<Link>,
        form: FormReading,
        tour_dismissed: bool,
        base_url: String,
        engine: EngineKind,
        /// `prefers-reduced-motion: reduce`.
        reduced_motion: bool,
    },
    /// The visitor's reduced-motion preference changed.
    ReducedMotion(bool),
    /// A skip link: move the keyboard focus to this element (its id); `sheet` when the
    /// settings are a sheet (phones), which skipping to them opens.
    SkipTo {
        target: &'static str,
        sheet: bool,
    },
    /// Play/Pause (the button or the space bar).
    TogglePlay,
    /// Train exactly one epoch, paused.
    Step,
    /// A new run of the form's values (Reset, the R key).
    Reset(FormReading),
    /// "New seed": the form with a fresh seed.
    NewSeed {
        seed: u64,
        form: FormReading,
    },
    /// A settings control changed (its share-link key).
    ControlChanged {
        key: String,
        form: FormReading,
    },
    /// A field is being edited (its read-outs follow).
    FormInput,
    /// Most epochs per frame (0: as many as fit).
    Speed(usize),
    HeatmapRelative(bool),
    LossLog(bool),
    /// The weights chart's switch: each weight's change since epoch 0 (else its value).
    WeightsChange(bool),
    /// The pointer over a run's weights chart (`None`: it left), in CSS pixels of the
    /// canvas; a tap is a click there.
    WeightsPointer {
        slot: usize,
        at: Option<(f64, f64)>,
    },
    /// An arrow, Home or End key on a run's focused weights chart.
    WeightsKey {
        slot: usize,
        key: WeightsKey,
    },
    /// A run's weights chart lost the keyboard's focus.
    WeightsBlur(usize),
    /// An arrow, Home or End key on an explored canvas (state/explore.rs: A's or B's
    /// heatmap, the loss chart, the gradient profile).
    ExploreKey {
        canvas: usize,
        key: Key,
    },
    /// The pointer over the loss chart or the profile (`None`: it left), in CSS pixels
    /// of the canvas; a tap is a click there. (The heatmaps' pointer is `Hover`.)
    ExplorePointer {
        canvas: usize,
        at: Option<(f64, f64)>,
    },
    /// An explored canvas lost the keyboard's focus.
    ExploreBlur(usize),
    /// A chart's Table button (its `data-table`, a panel name).
    TableToggle(String),
    /// The profile's Listen button.
    Listen,
    /// The Network panel's mode switch: what its connections show.
    NetworkMode(NetworkMode),
    /// The Network panel's "Show backprop" button (again while it runs: stop).
    Backprop,
    CompareToggle,
    /// The "B is" picker: a remedy id, or "" for B equal to A.
    ComparePicked(String),
    /// Which run the settings form edits.
    EditB(bool),
    /// The settings sheet (phones): `None` toggles.
    Settings(Option<bool>),
    /// Escape: closes the tour's card if it is open, and the settings sheet.
    Escape,
    DismissNotice,
    CopyLink,
    /// The clipboard took the text: say so.
    Copied(&'static str),
    /// The clipboard refused: show the text to copy by hand.
    CopyFailed(String),
    TourOpen,
    TourNext,
    TourBack,
    TourClose,
    PresetPicked(String),
    RemedyClicked(String),
    EmbedOpen(EmbedChoices),
    EmbedChoices(EmbedChoices),
    /// The Embed dialog's preview (of this `App::embed_preview_key`) reported its
    /// content's height.
    EmbedMeasured(String, u32),
    EmbedCopy,
    /// The metrics CSV of the run in an engine slot (A, or B when comparing).
    ExportCsv(usize),
    /// The `vgp-run/1` document of the run in an engine slot.
    ExportJson(usize),
    /// Download a chart's canvas (its element id) as PNG.
    ExportPng(String),
    SweepRun,
    /// The window's size changed: the charts are drawn again.
    Resized,
    /// The address's link changed (pasted or followed).
    AddressChanged(Link),
    /// The pointer over a run's heatmap (`None`: it left), in CSS pixels of the canvas.
    Hover {
        slot: usize,
        at: Option<(f64, f64)>,
    },
    /// The page (or its frame) came into view or left it (`autoplay`).
    Visible(bool),
    Api {
        call: ApiCall,
        reply: ReplyId,
    },
    Subscribe(u32),
    Unsubscribe(u32),
    Engine(Reply),
    /// An animation frame.
    Frame,
}
