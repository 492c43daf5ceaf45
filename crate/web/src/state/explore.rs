//! Exploring the heatmap, the loss chart and the gradient profile from the keyboard and
//! by touch: the point each canvas's keys moved to (its read-out names it), what its
//! tooltip reads (the pointer's position or the keys' point), and the words for a
//! point; likewise the network diagram's layers and units. The grids the keys walk are the charts' own choice of rows and columns
//! (`vgp::describe::walk`); the weights chart has its own state (weights.rs).

use super::action::{A_SLOT, B_SLOT};
use super::app::App;
use vgp::describe::gradients::{at_epoch, gradient_words};
use vgp::describe::named;
use vgp::describe::network::{self, network_walk};
use vgp::describe::training::loss_words;
use vgp::describe::walk::{heatmap_grid, loss_grid, profile_grid, walk, GridPoint, Key};
use vgp::history::History;
use vgp::remote::RunMirror;

/// The canvases the keys explore, by index: A's and B's heatmap, the loss chart and the
/// gradient profile (both overlay B while comparing).
pub const HEATMAP_A: usize = 0;
pub const HEATMAP_B: usize = 1;
pub const LOSS: usize = 2;
pub const PROFILE: usize = 3;
/// A's and B's network diagram: layers and their units (vgp::describe::network).
pub const NETWORK_A: usize = 4;
pub const NETWORK_B: usize = 5;
pub const EXPLORED: usize = 6;

/// What a canvas's tooltip reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Probe {
    /// The pointer, in CSS pixels from the canvas's top left corner (the view finds the
    /// point drawn there).
    Pointer(f64, f64),
    /// The point the keys moved to.
    Key(GridPoint),
}

/// The canvas index of a chart (its `data-chart`) of the run in `slot`, if explored.
pub fn explored(chart: &str, slot: usize) -> Option<usize> {
    match (chart, slot) {
        ("heatmap", B_SLOT) => Some(HEATMAP_B),
        ("heatmap", _) => Some(HEATMAP_A),
        ("loss", A_SLOT) => Some(LOSS),
        ("profile", A_SLOT) => Some(PROFILE),
        ("network", B_SLOT) => Some(NETWORK_B),
        ("network", _) => Some(NETWORK_A),
        _ => None,
    }
}

impl App {
    /// The histories a canvas draws: one run's heatmap, or every run the loss chart and
    /// the profile overlay (A, and B while comparing), with their legend names.
    pub fn explored_runs(&self, canvas: usize) -> Vec<(&str, &History)> {
        let b = self.b.as_ref();
        match canvas {
            HEATMAP_A => vec![("", self.run.history())],
            HEATMAP_B => b.map(|b| ("", b.run.history())).into_iter().collect(),
            _ => match b {
                Some(b) => vec![
                    (b.labels.0.as_str(), self.run.history()),
                    (b.labels.1.as_str(), b.run.history()),
                ],
                None => vec![("", self.run.history())],
            },
        }
    }

    /// The run a network canvas draws (None for the other canvases).
    pub fn network_run(&self, canvas: usize) -> Option<&RunMirror> {
        match canvas {
            NETWORK_A => Some(&self.run),
            NETWORK_B => self.b.as_ref().map(|b| &b.run),
            _ => None,
        }
    }

    /// The grid the keys walk on `canvas`: rows, the columns' epochs (or layers) and
    /// the column a first key starts on.
    fn grid(&self, canvas: usize) -> (usize, Vec<usize>, usize) {
        let runs = self.explored_runs(canvas);
        let histories: Vec<&History> = runs.iter().map(|&(_, h)| h).collect();
        match canvas {
            LOSS => loss_grid(&histories),
            PROFILE => profile_grid(&histories),
            _ => histories
                .first()
                .map_or((0, Vec::new(), 0), |h| heatmap_grid(h)),
        }
    }

    /// An arrow, Home or End key on a focused canvas: the next point of its grid.
    pub(super) fn explore_key(&mut self, canvas: usize, key: Key) {
        let from = self.explore_readout(canvas);
        let point = if matches!(canvas, NETWORK_A | NETWORK_B) {
            // B's diagram only while comparing.
            self.network_run(canvas)
                .and_then(|run| run.network())
                .and_then(|s| network_walk(s, from, key))
        } else {
            let (rows, columns, start) = self.grid(canvas);
            walk(rows, &columns, start, from, key)
        };
        let Some(point) = point else {
            return;
        };
        if let Some(readout) = self.explore_readout.get_mut(canvas) {
            *readout = Some(point);
            self.explore_probe = Some((canvas, Probe::Key(point)));
        }
    }

    /// The pointer over a canvas (None: it left; a tap is a click there).
    pub(super) fn explore_pointer(&mut self, canvas: usize, at: Option<(f64, f64)>) {
        match at {
            Some((x, y)) => self.explore_probe = Some((canvas, Probe::Pointer(x, y))),
            None => {
                if matches!(self.explore_probe, Some((c, Probe::Pointer(..))) if c == canvas) {
                    self.explore_probe = None;
                }
            }
        }
    }

    /// A canvas lost the focus: the keys' tip goes (the read-out stays).
    pub(super) fn explore_blur(&mut self, canvas: usize) {
        if matches!(self.explore_probe, Some((c, Probe::Key(_))) if c == canvas) {
            self.explore_probe = None;
        }
    }

    /// The runs changed shape (a comparison began or ended): B's heatmap and the
    /// overlaid charts' points are forgotten.
    pub(super) fn explore_forget(&mut self) {
        for canvas in [HEATMAP_B, LOSS, PROFILE, NETWORK_B] {
            self.explore_readout[canvas] = None;
        }
        if self
            .explore_probe
            .is_some_and(|(c, _)| c != HEATMAP_A && c != NETWORK_A)
        {
            self.explore_probe = None;
        }
    }

    /// The point the read-out of `canvas` names (set by the keys only).
    pub fn explore_readout(&self, canvas: usize) -> Option<GridPoint> {
        self.explore_readout.get(canvas).copied().flatten()
    }

    /// What a canvas's tooltip reads now.
    pub fn explore_probe(&self) -> Option<(usize, Probe)> {
        self.explore_probe
    }

    /// Point `p` of `canvas` in words, and where it is drawn: the x the chart plots it
    /// at (an epoch, or a layer from 1) and its value, for the chart's plot map (the
    /// heatmap places its cells by its own layout).
    pub fn explore_point(&self, canvas: usize, p: GridPoint) -> Option<(String, f64, f64)> {
        if let Some(run) = self.network_run(canvas) {
            // The diagram places its layers and units by its own layout.
            let s = run.network()?;
            let m = at_epoch(run.history(), s.epoch)?;
            let words = network::point_text(s, m, p, run.config().act)?;
            return Some((words, 0.0, 0.0));
        }
        let runs = self.explored_runs(canvas);
        match canvas {
            LOSS => {
                let (name, h) = *runs.get(p.row / 2)?;
                let m = at_epoch(h, p.at)?;
                let test = p.row % 2 == 1;
                let value = if test { m.test_loss } else { m.train_loss };
                let words = loss_words(m, test);
                Some((named(name, words), m.epoch as f64, f64::from(value)))
            }
            PROFILE => {
                // One run: its newest epoch (row 0) and its first; compared: each run's newest.
                let (name, h) = *runs.get(if runs.len() == 1 { 0 } else { p.row })?;
                let m = if runs.len() == 1 && p.row == 1 {
                    h.first()?
                } else {
                    h.newest()?
                };
                let value = f64::from(*m.grad_norm.get(p.at)?);
                let words = gradient_words(m, p.at)?;
                Some((named(name, words), (p.at + 1) as f64, value))
            }
            _ => {
                let (_, h) = *runs.first()?;
                let m = at_epoch(h, p.at)?;
                let value = f64::from(*m.grad_norm.get(p.row)?);
                Some((gradient_words(m, p.row)?, m.epoch as f64, value))
            }
        }
    }
}
