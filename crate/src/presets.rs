//! The seed's story as named share links: the problem, the ways to recognize it, and
//! each remedy, every one a query plus a few sentences on what to look for. Also the
//! remedies as changes to any network (what "try ReLU" changes, and nothing else).
//!
//! All presets train the two-moons data (two interleaved half circles a student can
//! see) with ten hidden layers of 16 units and plain SGD unless the preset is about
//! changing that; every number in the texts was measured at epochs 100, 300 and 1,000
//! (a claim about the start says so) and is checked by `crate/tests/presets.rs` and
//! `crate/tests/story_over_time.rs`.

use crate::config::{parse_query, Config};

/// A named configuration that tells one part of the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    pub id: &'static str,
    /// The share-link query (canonical).
    pub query: &'static str,
    pub title: &'static str,
    /// What to look for, in two or three sentences.
    pub text: &'static str,
    /// The section of the article (`www/learn.html`) that explains this step: the id
    /// of its heading.
    pub article: &'static str,
}

/// Every preset, in the order of the story.
pub const PRESETS: [Preset; 11] = [
    Preset {
        id: "vanishing",
        query: "data=moons",
        title: "The problem: ten sigmoid layers",
        text: "As it trains, look at the heatmap: the rows near the input stay dark purple, because their gradient starts about a million times weaker than the output layer's and is still tens of thousands of times weaker after 1,000 epochs. The loss sits at 0.69, the value of guessing, and in the weight chart the input side's lines stay flat.",
        article: "what",
    },
    Preset {
        id: "shallow",
        query: "data=moons&depth=2",
        title: "Remedy: fewer layers",
        text: "With only two hidden layers there are only two factors to multiply: the first layer's gradient starts within a factor of about 25 of the output layer's instead of a million below it. The loss falls and the network separates most of the two moons (over 80% of the test points by epoch 100).",
        article: "shallow",
    },
    Preset {
        id: "tanh-glorot",
        query: "data=moons&act=tanh",
        title: "Remedy: tanh with Glorot initialization",
        text: "Tanh has a slope of 1 at zero where the sigmoid's is at most 0.25, and Glorot initialization keeps each layer's signal at the same size. All ten layers now get gradients of similar size, within a factor of about twenty of each other, and the loss falls to near zero.",
        article: "glorot",
    },
    Preset {
        id: "relu-he",
        query: "data=moons&act=relu&init=he_normal",
        title: "Remedy: ReLU with He initialization",
        text: "ReLU passes the gradient of every active unit unchanged, and He initialization sizes the weights for it. The heatmap is one colour from bottom to top and the network learns quickly.",
        article: "relu",
    },
    Preset {
        id: "dying-relu",
        query: "data=moons&act=relu&init=he_normal&lr=0.5",
        title: "A ReLU trap: dying units",
        text: "With a learning rate of 0.5 the first updates push many ReLU units to outputs of zero for every input. A dead unit passes no gradient, so it never comes back: watch Layer health, where nearly half the units die and the loss stops at 0.69. By epoch 100 the heatmap is plain grey: not one layer gets any gradient.",
        article: "relu",
    },
    Preset {
        id: "leaky-relu",
        query: "data=moons&act=leaky_relu&init=he_normal&lr=0.5",
        title: "Remedy: Leaky ReLU",
        text: "The same network and learning rate with Leaky ReLU: below zero its slope is 0.01 instead of 0, so no unit is ever cut off for good. No unit dies and the network learns.",
        article: "relu",
    },
    Preset {
        id: "naive-init",
        query: "data=moons&init=normal&scale=0.1",
        title: "The problem again: badly scaled weights",
        text: "Plain normal initialization with a standard deviation of 0.1 makes every layer shrink the signal further. The first layer's gradient is nine to ten orders of magnitude below the output layer's, black in the heatmap (below the bottom of its scale), and nothing learns: compare it with Glorot initialization, the default.",
        article: "glorot",
    },
    Preset {
        id: "batch-norm",
        query: "data=moons&bn=1",
        title: "Remedy: batch normalization",
        text: "The deep sigmoid network again, with each layer's inputs to the activation re-centred and re-scaled on every minibatch. The sigmoids work where their slope is largest, the first layer's gradient is as large as the last's, and the loss falls.",
        article: "batch-norm",
    },
    Preset {
        id: "residual",
        query: "data=moons&res=1",
        title: "Remedy: residual connections",
        text: "Each hidden layer adds its output to its input, so the gradient has a path around every layer. The first layer's gradient stays within about two orders of magnitude of the output layer's and the network learns. The loss starts high because the layers' outputs add up.",
        article: "residual",
    },
    Preset {
        id: "exploding",
        query: "data=moons&act=relu&init=normal&scale=2",
        title: "The opposite problem: exploding gradients",
        text: "Weights drawn with a standard deviation of 2 make every ReLU layer multiply the signal by about six. The gradients are tens of millions of times larger than a healthy network's (red in the heatmap: above the top of its scale) and the first step throws the weights so far that the numbers overflow.",
        article: "exploding",
    },
    Preset {
        id: "clipping",
        query: "data=moons&act=relu&init=normal&scale=0.7&clip=1",
        title: "Remedy: gradient clipping",
        text: "Weights with a standard deviation of 0.7 make each ReLU layer double the signal, and without clipping (set Clip to 0) the first step overflows. Clipping scales each step's gradient down to a length of at most 1, so the run survives its huge first gradients and reaches over 95% test accuracy. Clipping limits the steps, not the weights: on the exploding story's far larger weights it keeps the numbers finite, but the outputs saturate and learning stops.",
        article: "exploding",
    },
];

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// The config of a preset (its query read on top of the defaults).
pub fn preset_config(p: &Preset) -> Config {
    parse_query(p.query).0
}

/// What each remedy changes in a network, as share-link keys: nothing else changes.
const REMEDY_CHANGES: [(&str, &str); 7] = [
    ("shallow", "depth=2"),
    ("tanh-glorot", "act=tanh&init=glorot_uniform"),
    ("relu-he", "act=relu&init=he_normal"),
    ("leaky-relu", "act=leaky_relu&init=he_normal"),
    ("batch-norm", "bn=1"),
    ("residual", "res=1"),
    ("clipping", "clip=1"),
];

/// `config` with the remedy `id` applied (for example `relu-he` sets the activation and
/// a matching initialization and keeps depth, width, data, seed and the rest). None for
/// an id that is not a remedy.
pub fn apply_remedy(config: &Config, id: &str) -> Option<Config> {
    let (_, change) = REMEDY_CHANGES.iter().find(|(r, _)| *r == id)?;
    // The first occurrence of a key wins, so the change comes first.
    let (remedied, _) = parse_query(&format!("{change}&{}", config.to_query()));
    Some(remedied)
}

/// The ids that `apply_remedy` knows.
pub fn remedy_ids() -> impl Iterator<Item = &'static str> {
    REMEDY_CHANGES.iter().map(|(id, _)| *id)
}
