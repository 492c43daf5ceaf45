//! Spreading a redraw of many charts over animation frames: which charts a frame
//! draws, within a time budget, so that no frame is long enough to be late.
//!
//! A page of charts redrawn all at once while a run trains makes every frame with a
//! redraw long (its drawing plus the browser's painting of every changed canvas), and a
//! frame over 16.7 ms waits for the next vsync. Instead every chart is marked stale
//! when the run changes, and each frame draws stale charts in turn, continuing where
//! the previous frame stopped, while the predicted time (each chart's latest drawing
//! time) stays within the budget. Every frame draws at least one stale chart, so each
//! chart is redrawn at least once every `charts` frames however slow it is, and the
//! round robin means no chart waits for others twice. With an unlimited budget (a
//! paused page) one call draws every stale chart. A chart never drawn has no known
//! cost, and its first drawing is its slowest (the browser compiles its code then): it
//! is drawn alone in its frame, so a page's first redraw is spread over as many frames
//! as it has charts, paused or not, and no frame of a page's start-up is long. A hidden
//! chart (an embed that shows some panels only) is left out until it is shown again.

/// Which of a view's charts are stale, what each took to draw last, and whose turn
/// it is.
#[derive(Clone, Debug, Default)]
pub struct RedrawQueue {
    stale: Vec<bool>,
    cost_ms: Vec<f64>,
    /// Charts drawn at least once (whose cost is known).
    known: Vec<bool>,
    /// The chart considered first by the next plan.
    cursor: usize,
    /// Charts drawn since the latest full pass was recorded.
    drawn_in_pass: Vec<bool>,
    /// Charts not on the page now: never planned, and clean as far as the page goes.
    hidden: Vec<bool>,
}

impl RedrawQueue {
    /// A queue of `charts` charts, all stale, none drawn yet.
    pub fn new(charts: usize) -> RedrawQueue {
        RedrawQueue {
            stale: vec![true; charts],
            cost_ms: vec![0.0; charts],
            known: vec![false; charts],
            cursor: 0,
            drawn_in_pass: vec![false; charts],
            hidden: vec![false; charts],
        }
    }

    /// The run or the page changed: every chart must be drawn again.
    pub fn invalidate(&mut self) {
        self.stale.iter_mut().for_each(|s| *s = true);
    }

    /// Chart `chart` is (or is no longer) hidden. A hidden chart stays stale, so it is
    /// drawn once shown.
    pub fn set_hidden(&mut self, chart: usize, hidden: bool) {
        if let Some(h) = self.hidden.get_mut(chart) {
            *h = hidden;
        }
    }

    /// True when every shown chart shows the latest state.
    pub fn is_clean(&self) -> bool {
        !self.stale.iter().zip(&self.hidden).any(|(&s, &h)| s && !h)
    }

    /// The stale charts to draw now, in drawing order: from the cursor on (wrapping),
    /// each taken while the sum of the latest drawing times stays within `budget_ms`;
    /// the first stale chart is always taken.
    pub fn plan(&self, budget_ms: f64) -> Vec<usize> {
        let n = self.stale.len();
        let mut chosen = Vec::new();
        let mut predicted = 0.0;
        for offset in 0..n {
            let chart = (self.cursor + offset) % n;
            if !self.stale[chart] || self.hidden[chart] {
                continue;
            }
            let known = self.known[chart];
            let cost = self.cost_ms[chart];
            if !chosen.is_empty() && (!known || predicted + cost > budget_ms) {
                break;
            }
            predicted += cost;
            chosen.push(chart);
            // A first drawing, of unknown cost, has its frame to itself.
            if !known {
                break;
            }
        }
        chosen
    }

    /// Chart `chart` was drawn in `ms`: it is fresh, and the turn passes to the next one.
    /// Returns the time of a whole redraw (the sum of every shown chart's latest time) when
    /// this completes one: every chart drawn at least once since the last.
    pub fn drawn(&mut self, chart: usize, ms: f64) -> Option<f64> {
        let n = self.stale.len();
        if chart >= n {
            return None;
        }
        self.stale[chart] = false;
        self.cost_ms[chart] = ms;
        self.known[chart] = true;
        self.cursor = (chart + 1) % n;
        self.drawn_in_pass[chart] = true;
        let waiting = |(&drawn, &hidden): (&bool, &bool)| !drawn && !hidden;
        if self.drawn_in_pass.iter().zip(&self.hidden).any(waiting) {
            return None;
        }
        self.drawn_in_pass.iter_mut().for_each(|d| *d = false);
        // The shown charts' times: a hidden chart's last time is not part of this redraw.
        let shown = self.cost_ms.iter().zip(&self.hidden).filter(|(_, &h)| !h);
        Some(shown.map(|(&ms, _)| ms).sum())
    }

    /// Each chart's latest drawing time, in chart order.
    pub fn costs_ms(&self) -> &[f64] {
        &self.cost_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draw what a frame plans, each chart taking `costs[chart]`; returns the plan and
    /// any whole-redraw time recorded.
    fn frame(q: &mut RedrawQueue, budget: f64, costs: &[f64]) -> (Vec<usize>, Vec<f64>) {
        let plan = q.plan(budget);
        let passes = plan.iter().filter_map(|&c| q.drawn(c, costs[c])).collect();
        (plan, passes)
    }

    /// A queue whose charts have each been drawn once (their costs known), all stale.
    fn warmed(costs: &[f64]) -> RedrawQueue {
        let mut q = RedrawQueue::new(costs.len());
        while !q.is_clean() {
            frame(&mut q, f64::INFINITY, costs);
        }
        q.invalidate();
        q
    }

    #[test]
    fn a_first_drawing_has_its_frame_to_itself_even_paused() {
        let costs = [1.0, 2.0, 3.0];
        let mut q = RedrawQueue::new(3);
        // No cost is known: one chart a frame, whatever the budget, in order.
        assert_eq!(frame(&mut q, f64::INFINITY, &costs), (vec![0], vec![]));
        assert_eq!(frame(&mut q, 100.0, &costs), (vec![1], vec![]));
        // The last first drawing completes the first whole redraw.
        assert_eq!(frame(&mut q, f64::INFINITY, &costs), (vec![2], vec![6.0]));
        assert!(q.is_clean());
        // Known now: a paused page redraws them all in one frame.
        q.invalidate();
        assert_eq!(q.plan(f64::INFINITY), vec![0, 1, 2]);
        // A known chart is not followed by a first drawing in the same frame.
        let mut q = RedrawQueue::new(2);
        frame(&mut q, f64::INFINITY, &costs);
        q.invalidate();
        assert_eq!(q.plan(f64::INFINITY), vec![1]);
    }

    #[test]
    fn an_unlimited_budget_draws_every_stale_chart_in_order() {
        let mut q = warmed(&[1.0, 2.0, 3.0, 4.0]);
        let (plan, passes) = frame(&mut q, f64::INFINITY, &[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(plan, vec![0, 1, 2, 3]);
        assert_eq!(passes, vec![10.0]);
        assert!(q.is_clean());
        assert!(q.plan(f64::INFINITY).is_empty());
        assert_eq!(q.costs_ms(), &[1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn a_budget_spreads_a_redraw_over_frames_round_robin() {
        let costs = [2.0, 2.0, 2.0, 2.0, 2.0];
        let mut q = warmed(&costs);
        // While training, every frame finds everything stale again.
        let mut drawn_per_frame = Vec::new();
        let mut passes = Vec::new();
        for _ in 0..5 {
            q.invalidate();
            let (plan, p) = frame(&mut q, 4.0, &costs);
            drawn_per_frame.push(plan);
            passes.extend(p);
        }
        // Two charts (4 ms) a frame, continuing where the previous frame stopped.
        assert_eq!(
            drawn_per_frame,
            vec![vec![0, 1], vec![2, 3], vec![4, 0], vec![1, 2], vec![3, 4]]
        );
        // A whole redraw is recorded once every chart has had its turn: 10 ms.
        assert_eq!(passes, vec![10.0, 10.0]);
    }

    #[test]
    fn a_frame_draws_one_chart_even_over_budget_and_skips_fresh_ones() {
        let costs = [9.0, 1.0, 1.0];
        let mut q = warmed(&costs);
        // Chart 0 alone exceeds the budget: it is still drawn, and alone.
        assert_eq!(frame(&mut q, 4.0, &costs).0, vec![0]);
        assert_eq!(frame(&mut q, 4.0, &costs).0, vec![1, 2]);
        assert!(q.is_clean());
        // Only chart 1 changes: only chart 1 is drawn.
        q.stale[1] = true;
        assert_eq!(q.plan(4.0), vec![1]);
    }

    #[test]
    fn the_plan_adds_up_the_latest_times() {
        let costs = [0.5; 4];
        let q = warmed(&costs);
        // 0.5 + 0.5 fits in 1.2 ms; a third chart (1.5 ms) does not.
        assert_eq!(q.plan(1.2), vec![0, 1]);
        assert_eq!(q.plan(1.5), vec![0, 1, 2]);
    }

    #[test]
    fn hidden_charts_are_left_out_until_shown() {
        let costs = [1.0, 1.0, 1.0];
        let mut q = warmed(&costs);
        q.set_hidden(1, true);
        let (plan, passes) = frame(&mut q, f64::INFINITY, &costs);
        assert_eq!(plan, vec![0, 2]);
        // The shown charts make a whole redraw; the page counts as clean.
        assert_eq!(passes, vec![2.0]);
        assert!(q.is_clean());
        // Shown again, the hidden chart is still stale: it is drawn next.
        q.set_hidden(1, false);
        assert!(!q.is_clean());
        assert_eq!(q.plan(f64::INFINITY), vec![1]);
    }

    #[test]
    fn an_unknown_chart_changes_nothing() {
        let mut q = warmed(&[1.0, 1.0]);
        assert_eq!(q.drawn(5, 1.0), None);
        assert_eq!(q.plan(f64::INFINITY), vec![0, 1]);
    }
}
