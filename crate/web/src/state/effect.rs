//! What the page must do after an update: the `Effect`s `App::update` returns, performed
//! by the shell once the state is no longer borrowed, and the values the API answers.

use super::action::ReplyId;
use vgp::config::Config;
use vgp::remote::Message;

/// One thing for the shell to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Send a message to the engine (its replies come back as `Action::Engine`).
    Send(Message),
    /// The worker failed before answering: runs train on the page from now on.
    UsePageEngine,
    /// Answer a waiting call.
    Answer(ReplyId, Result<ApiValue, ApiError>),
    /// Tell the `subscribe` callbacks about a new epoch.
    Notify(ApiState),
    /// Tell the parent page that asked for them about a new epoch.
    PostEpoch(ApiState),
    /// Tell the parent page this one is ready for calls.
    AnnounceReady,
    /// Show a configuration in the settings form.
    WriteForm(Config),
    /// Show a new seed in the form's seed field (the rest stays as typed).
    WriteSeed(u64),
    /// The form's read-outs and conditional fields follow its values.
    RefreshForm,
    Download {
        name: &'static str,
        mime: &'static str,
        text: String,
    },
    /// A chart's canvas (element id) as a PNG download.
    DownloadPng(String),
    ShowError(String),
    /// Copy `text` to the clipboard, then say `done`.
    Copy {
        text: String,
        done: &'static str,
    },
    /// Show the Embed dialog's snippet, and open the dialog if asked.
    EmbedSnippet {
        text: String,
        open: bool,
        /// The preview frame's address and width in CSS pixels.
        preview: (String, u32),
    },
    /// Bring a chart (element id) into view.
    ScrollTo(&'static str),
    /// The settings sheet opened or closed: move the focus into it, or back.
    SettingsFocus(bool),
    /// Remember on this browser that the tour was dismissed.
    RememberTourDismissed,
    /// Measure the depth sweep of this configuration (its own worker).
    StartSweep(Config),
    /// Play one tone per frequency (Hz), in order (Listen).
    PlayTones(Vec<f32>),
    /// Stop Listen's tones and release the audio.
    StopTones,
}

/// A successful answer.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiValue {
    Bool(bool),
    State(ApiState),
    /// `setConfig`: the whole link now, and what it could not use.
    SetConfig {
        query: String,
        warnings: Vec<String>,
    },
    /// `run()`: the `vgp-run/1` JSON text.
    RunFile(String),
    /// `performance()`: the state's part (the shell adds the drawing times).
    Performance {
        engine: &'static str,
        epochs_per_second: f64,
        worker_memory_bytes: usize,
    },
}

/// An error answer: a code from the protocol (docs/embedding.md) and a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn bad_params(message: impl Into<String>) -> ApiError {
        ApiError {
            code: "bad_params",
            message: message.into(),
        }
    }

    pub fn interrupted(message: impl Into<String>) -> ApiError {
        ApiError {
            code: "interrupted",
            message: message.into(),
        }
    }
}

/// What `state()` returns. In compare mode `epoch` is the epoch both runs have
/// reached, `diverged` is A's, `query` the whole link (B's `b.` keys included) and `b`
/// describes B; without a comparison there is no `b`. `numbers` are A's.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiState {
    pub epoch: usize,
    pub running: bool,
    /// Not running and no epochs under way in the engine: no further epoch will be
    /// reported until something starts the run again (a state to quote as final).
    pub settled: bool,
    pub diverged: bool,
    pub query: String,
    pub numbers: RunNumbers,
    pub b: Option<ApiRunState>,
}

/// A compared run in `state()`: its own measured epoch, whether it diverged, its whole
/// configuration as a query, its legend name (what differs from A) and its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiRunState {
    pub epoch: usize,
    pub diverged: bool,
    pub query: String,
    pub label: String,
    pub numbers: RunNumbers,
}

/// What a caption quotes of a run's newest measured epoch (None before the first, or
/// where a number does not apply): the read-out's numbers as numbers (docs/definitions.md)
/// and the diagnosis's finding ids, worst first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunNumbers {
    pub train_loss: Option<f32>,
    pub test_loss: Option<f32>,
    /// Classification only.
    pub test_accuracy: Option<f32>,
    /// Regression only: the square root of the test loss (a mean squared error).
    pub test_rmse: Option<f32>,
    /// log10 of layer 1's gradient norm over the output layer's (negative: vanishing).
    pub ratio_orders: Option<f32>,
    pub diagnosis: Vec<&'static str>,
}

/// The notice above the page: a heading and one item per value that could not be used,
/// or a link to copy by hand.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub heading: String,
    pub items: Vec<String>,
    /// A text to copy by hand (the clipboard refused), shown selected in a field.
    pub copy_by_hand: Option<String>,
}
