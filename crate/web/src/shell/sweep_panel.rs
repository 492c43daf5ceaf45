//! The depth sweep panel: on request, a worker of its own measures how the first-to-last
//! hidden-layer gradient ratio at initialization scales with depth (1 to 30, five seeds)
//! for the current settings and the three remedies, while the page and the run go on;
//! the chart marks the current depth and says when the settings have moved on since;
//! its summary (the ratio's fall per added layer, per series) and, while open, its table.

use super::engine::{Engine, Inbox, Reply};
use crate::dom::{self, by_id};
use crate::views::run_view::{draw_on, page_style, TextSizes};
use std::rc::Rc;
use vgp::charts::sweep::draw_sweep;
use vgp::config::Config;
use vgp::describe::sweep::{sweep_summary, sweep_table};
use vgp::numtext::fixed;
use vgp::remote::{Message, Request, SweepReport};
use vgp::sweep::Sweep;
use web_sys::{HtmlButtonElement, HtmlCanvasElement};

/// The panel's state.
#[derive(Default)]
pub struct SweepPanel {
    /// The sweep's own engine (started on first use) and its replies.
    engine: Option<Engine>,
    inbox: Inbox,
    next_ticket: u32,
    /// The sweep under way: its ticket and the settings it measures.
    computing: Option<(u32, Config)>,
    /// The newest sweep, the settings it measured and how long it took.
    shown: Option<(Sweep, Config, f64)>,
    /// The chart needs drawing (a new sweep, or the current depth or settings changed).
    dirty: bool,
    /// The depth and settings the chart and its status were drawn for.
    drawn_for: Option<Config>,
    /// Whether the table was written for the sweep shown (while it is open).
    table_written: bool,
    text_sizes: TextSizes,
}

/// `config` with the depth left out: what a sweep's settings are compared by.
fn without_depth(config: &Config) -> Config {
    Config {
        depth: 0,
        ..config.clone()
    }
}

impl SweepPanel {
    /// Start a sweep of `config` (replacing one under way).
    pub fn start(&mut self, config: &Config) {
        if self.engine.is_none() {
            // Replies are taken by `poll` on the next frame: nothing to wake.
            let wake: Rc<dyn Fn()> = Rc::new(|| {});
            self.engine = Some(
                Engine::start_worker(&self.inbox, wake.clone())
                    .unwrap_or_else(|| Engine::local(&self.inbox, wake)),
            );
        }
        self.next_ticket = self.next_ticket.wrapping_add(1);
        let ticket = self.next_ticket;
        self.computing = Some((ticket, config.clone()));
        set_status("Measuring depths 1 to 30, five seeds each…");
        set_busy(true);
        let request = Request::Sweep {
            ticket,
            config: config.clone(),
        };
        let message = Message::To { slot: 0, request };
        let answer = self.engine.as_mut().map(|e| e.send(message));
        match answer {
            Some(Ok(Some(updates))) => {
                for report in updates.into_iter().filter_map(|u| u.sweep) {
                    self.take(report);
                }
            }
            Some(Ok(None)) | None => {}
            Some(Err(text)) => {
                self.computing = None;
                set_busy(false);
                set_status(&format!("The sweep could not start: {text}"));
            }
        }
    }

    /// Whether a sweep is being computed or has news to show (frames are needed).
    pub fn busy(&self) -> bool {
        self.computing.is_some()
            || (self.dirty && self.shown.is_some())
            || !self.inbox.borrow().is_empty()
    }

    /// Take in the worker's reports, and redraw if the sweep, the depth or the settings
    /// changed (`config` is the run's); write the table when it is open (`table`).
    pub fn poll(&mut self, config: &Config, table: bool) {
        loop {
            let next = self.inbox.borrow_mut().pop_front();
            match next {
                Some(Reply::Updates(updates)) => {
                    for report in updates.into_iter().filter_map(|u| u.sweep) {
                        self.take(report);
                    }
                }
                Some(Reply::Failed(text) | Reply::NotSent(text)) => {
                    // No worker: the page computes the sweep itself from now on.
                    self.engine = self.engine.as_ref().map(Engine::to_local);
                    if let Some((_, asked)) = self.computing.take() {
                        web_sys::console::warn_1(&format!("No sweep worker ({text}).").into());
                        self.start(&asked);
                    }
                }
                None => break,
            }
        }
        if self.drawn_for.as_ref() != Some(config) {
            self.dirty = true;
        }
        if self.dirty && self.shown.is_some() {
            self.draw(config);
        }
        if table && !self.table_written {
            if let Some((sweep, _, _)) = &self.shown {
                crate::views::write_tables("sweep-table", &[sweep_table(&sweep.series)]);
                self.table_written = true;
            }
        }
        if !table {
            self.table_written = false;
        }
    }

    /// A progress report or the result.
    fn take(&mut self, report: SweepReport) {
        let Some((ticket, asked)) = self.computing.clone() else {
            return;
        };
        if report.ticket != ticket {
            return;
        }
        match report.result {
            None => set_status(&format!(
                "Measuring depths 1 to 30, five seeds each… {}%",
                fixed(report.progress * 100.0, 0)
            )),
            Some(Ok(sweep)) => {
                self.computing = None;
                set_busy(false);
                self.shown = Some((sweep, asked, report.elapsed_ms));
                self.dirty = true;
                self.table_written = false;
            }
            Some(Err(text)) => {
                self.computing = None;
                set_busy(false);
                set_status(&format!("The sweep could not be computed: {text}"));
            }
        }
    }

    fn draw(&mut self, config: &Config) {
        let Some((sweep, measured, ms)) = &self.shown else {
            return;
        };
        let style = page_style();
        let canvas = by_id::<HtmlCanvasElement>("chart-sweep")
            .map_err(|e| vgp::charts::ChartError(format!("{e:?}")));
        let drawn = canvas.and_then(|canvas| {
            draw_on(&canvas, &style, &self.text_sizes, |area, s| {
                draw_sweep(area, &sweep.series, Some(config.depth), s)
            })
        });
        if let Err(e) = drawn {
            dom::show_error(&e.to_string());
        }
        dom::set_text("sweep-summary", &sweep_summary(&sweep.series, config.depth));
        if self.computing.is_none() {
            let stale = if without_depth(measured) == without_depth(config) {
                ""
            } else {
                " The settings have changed since: measure again to sweep them."
            };
            set_status(&format!(
                "Measured 4 series × 30 depths × 5 seeds in {} ms, without pausing the page.{stale}",
                fixed(*ms, 0)
            ));
        }
        self.dirty = false;
        self.drawn_for = Some(config.clone());
    }
}

fn set_status(text: &str) {
    dom::set_text("sweep-status", text);
}

/// The button is disabled while a sweep is under way.
fn set_busy(busy: bool) {
    if let Ok(button) = by_id::<HtmlButtonElement>("sweep-run") {
        button.set_disabled(busy);
    }
}
