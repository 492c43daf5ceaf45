//! Several runs behind one message boundary: a comparison's A and B live in one Web
//! Worker (or on one page), each in its own [`RunHost`] slot, and train in lockstep.
//!
//! Lockstep means neither run starts epoch k + 1 before the other has finished epoch k:
//! each slice of work goes to the unfinished run with the fewest trained epochs (the
//! lower slot on a tie, so A leads B by at most the epoch in progress). The runs share
//! nothing (each owns its data, network and random generator), so each one's numbers are
//! bit for bit those of the same configuration trained alone (tests/remote.rs).

use super::{Request, RunHost, Update};
use crate::config::DatasetKind;
use crate::data;
use crate::train::Step;

/// Most runs one host set holds (slot 0 is A, slot 1 is B).
pub const MAX_SLOTS: usize = 4;

/// What the page sends to the runs' host.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// A request for the run in `slot` alone.
    To { slot: usize, request: Request },
    /// Train every run in lockstep for about `budget_ms`, until each has trained
    /// `max_epochs` more epochs or measured epoch `until_epoch` (or can train no further).
    Lockstep {
        budget_ms: f64,
        max_epochs: Option<usize>,
        until_epoch: Option<usize>,
    },
    /// Forget the run in `slot` (a comparison was turned off).
    Close { slot: usize },
}

impl Message {
    /// True when the message starts a run or a sweep of `digits`: the page must provide
    /// the set's file (`data::provide_digits`) to the host before it (digits.rs).
    pub fn needs_digits(&self) -> bool {
        match self {
            Message::To {
                request: Request::New { config, .. } | Request::Sweep { config, .. },
                ..
            } => config.data == DatasetKind::Digits,
            _ => false,
        }
    }
}

/// The runs of one page, by slot.
#[derive(Default)]
pub struct RunHosts {
    hosts: Vec<Option<RunHost>>,
}

impl RunHosts {
    pub fn new() -> RunHosts {
        RunHosts::default()
    }

    /// The run in `slot`, if there is one.
    pub fn host(&self, slot: usize) -> Option<&RunHost> {
        self.hosts.get(slot).and_then(Option::as_ref)
    }

    /// Do what `message` asks and return one update per run it concerned (a `Close`
    /// returns none). `Err` names a message that cannot be obeyed (a slot out of range,
    /// or a request to a slot with no run).
    pub fn handle(
        &mut self,
        message: Message,
        now_ms: &dyn Fn() -> f64,
    ) -> Result<Vec<Update>, String> {
        match message {
            Message::To { slot, request } => {
                if slot >= MAX_SLOTS {
                    return Err(format!("there is no run slot {slot}"));
                }
                if self.hosts.len() <= slot {
                    self.hosts.resize_with(slot + 1, || None);
                }
                let entry = &mut self.hosts[slot];
                match (request, entry.as_mut()) {
                    (Request::New { config, .. }, _)
                        if config.data == DatasetKind::Digits && !data::digits_available() =>
                    {
                        Err(crate::sweep::NO_DIGITS.to_string())
                    }
                    (Request::New { run_id, config }, _) => {
                        let host = entry.insert(RunHost::new(run_id, config));
                        // A fresh host's first update carries epoch 0 and the surface.
                        Ok(vec![host.handle(Request::Sync, now_ms)])
                    }
                    (request, Some(host)) => Ok(vec![host.handle(request, now_ms)]),
                    (request, None) => {
                        // Named, not `{request:?}`: the derived Debug of a config would put
                        // the standard float formatting into the page.
                        let what = match request {
                            Request::New { .. } => "New",
                            Request::Live { .. } => "Live",
                            Request::Advance { .. } => "Advance",
                            Request::StepEpoch => "StepEpoch",
                            Request::Sync => "Sync",
                            Request::RunFile { .. } => "RunFile",
                            Request::Sweep { .. } => "Sweep",
                            Request::Detail { .. } => "Detail",
                        };
                        Err(format!("no run in slot {slot} for a {what} request"))
                    }
                }
            }
            Message::Close { slot } => {
                if let Some(entry) = self.hosts.get_mut(slot) {
                    *entry = None;
                }
                Ok(Vec::new())
            }
            Message::Lockstep {
                budget_ms,
                max_epochs,
                until_epoch,
            } => Ok(self.lockstep(budget_ms, max_epochs, until_epoch, now_ms)),
        }
    }

    /// Train the runs in lockstep (see the module's comment) and report each.
    fn lockstep(
        &mut self,
        budget_ms: f64,
        max_epochs: Option<usize>,
        until_epoch: Option<usize>,
        now_ms: &dyn Fn() -> f64,
    ) -> Vec<Update> {
        let start = now_ms();
        let most = max_epochs.unwrap_or(usize::MAX);
        let slots = self.hosts.len();
        let mut trained = vec![0usize; slots];
        // Runs that reported Finished in this request (never picked again).
        let mut stopped = vec![false; slots];
        let wants = |host: &RunHost, trained: usize, stopped: bool| {
            !stopped
                && !host.run().finished()
                && trained < most
                && until_epoch.is_none_or(|t| host.run().measured_epoch() < t)
        };
        while now_ms() - start < budget_ms {
            // The run that is behind (fewest trained epochs; the lower slot on a tie).
            let next = self
                .hosts
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.as_ref().map(|h| (i, h)))
                .filter(|(i, h)| wants(h, trained[*i], stopped[*i]))
                .min_by_key(|(i, h)| (h.run().epoch(), *i))
                .map(|(i, _)| i);
            let Some(i) = next else { break };
            let Some(host) = self.hosts[i].as_mut() else {
                break;
            };
            match host.step() {
                Step::Working => {}
                Step::EpochDone => trained[i] += 1,
                Step::Finished => stopped[i] = true,
            }
        }
        let mut updates = Vec::new();
        for (i, slot) in self.hosts.iter_mut().enumerate() {
            if let Some(host) = slot.as_mut() {
                let continuing = !host.run().finished()
                    && until_epoch.is_none_or(|t| host.run().measured_epoch() < t);
                updates.push(host.report(trained[i], continuing, start, now_ms));
            }
        }
        updates
    }
}
