//! All the page's views together, in the order they are drawn: after every batch of
//! actions the cheap ones (buttons, texts, layout, notice, tour, compare bar, story,
//! tooltips, the status region), the charts' summaries and tables when the state says
//! they are due, then the keyboard focus they may have asked for; on an animation frame
//! also the charts and what goes with them (the read-out and the diagnosis once the
//! charts are whole again, the weights chart's and the explored charts' tooltips on their
//! new drawings, the network diagram's backward pulse, the epoch counter and the speed
//! line).

use super::announce::Announcements;
use super::charts::Charts;
use super::compare_bar::CompareBar;
use super::describe::Descriptions;
use super::diagnosis::DiagnosisPanel;
use super::focus::Focus;
use super::layout::Layout;
use super::network::NetworkPanel;
use super::notice::NoticeView;
use super::story::StoryCard;
use super::texts::Texts;
use super::tour::TourCard;
use crate::state::App;
use std::collections::VecDeque;

/// Every view of the page and its caches.
pub struct Views {
    charts: Charts,
    texts: Texts,
    layout: Layout,
    notice: NoticeView,
    tour: TourCard,
    compare: CompareBar,
    story: StoryCard,
    diagnosis: DiagnosisPanel,
    descriptions: Descriptions,
    network: NetworkPanel,
    announcements: Announcements,
    focus: Focus,
}

impl Views {
    /// The views of the page's markup (its canvases are found now).
    pub fn new() -> Views {
        Views {
            charts: Charts::new(),
            texts: Texts::default(),
            layout: Layout::default(),
            notice: NoticeView::default(),
            tour: TourCard::default(),
            compare: CompareBar::default(),
            story: StoryCard::default(),
            diagnosis: DiagnosisPanel::default(),
            descriptions: Descriptions::default(),
            network: NetworkPanel::default(),
            announcements: Announcements::default(),
            focus: Focus::default(),
        }
    }

    /// What follows every action at once (a click's result shows before the next frame).
    pub fn render(&mut self, app: &App) {
        self.layout.render(app);
        self.notice.render(app);
        self.compare.render(app);
        self.charts.follow_compare(app);
        self.story.render(app);
        self.tour.render(app);
        self.texts.render(app);
        self.charts.render_tip(app);
        self.charts.render_weights(app);
        self.charts.render_explore(app);
        self.descriptions.render(app);
        self.network.render(app);
        self.announcements.render(app);
        // Last: the element it moves to is shown by now.
        self.focus.render(app);
    }

    /// Whether a view animates on its own (the network's pulse) and needs frames.
    pub fn wants_frames(&self, app: &App) -> bool {
        self.network.wants_frame(app)
    }

    /// An animation frame: the charts that are stale and fit, then the texts.
    pub fn render_frame(&mut self, app: &App) {
        // The charts first: they read their canvases' sizes, which is free while the
        // page's layout is clean, and the texts below would make it dirty.
        if self.charts.render(app) {
            self.texts.render_readout(app);
            self.diagnosis.render(app);
        }
        // A redrawn chart moves the points its tooltip names.
        self.charts.render_weights(app);
        self.charts.render_explore(app);
        // The runs' views are gathered only while a pulse moves (no list every frame).
        if self.network.wants_frame(app) {
            self.network.render_frame(app, &self.charts.views(app));
        }
        self.texts.render_frame(app, self.charts.whole_draw_ms());
    }

    /// The latest whole redraws' times of A's charts (oldest first), how many there
    /// have been, and each chart's latest drawing time: what `performance()` reports.
    pub fn draw_times(&self) -> (&VecDeque<f64>, u64, Vec<(&'static str, f64)>) {
        let a = self.charts.a_view();
        (&a.draw_times_ms, a.draw_count, a.chart_ms())
    }
}
