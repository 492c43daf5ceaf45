//! The per-epoch metrics of a run, kept in bounded memory however long it trains.
//!
//! At most `capacity` epochs are stored. When the store fills up, every other
//! stored epoch is dropped and from then on only every `stride`-th epoch is kept
//! (stride doubles each time), so the kept epochs stay evenly spaced. Epoch 0 is
//! always kept, and the newest epoch is always available.

use crate::metrics::EpochMetrics;

/// The default number of stored epochs per run.
pub const DEFAULT_CAPACITY: usize = 4096;

/// Evenly thinned per-epoch metrics.
#[derive(Clone, Debug)]
pub struct History {
    kept: Vec<EpochMetrics>,
    newest: Option<EpochMetrics>,
    stride: usize,
    capacity: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_capacity(DEFAULT_CAPACITY)
    }
}

impl History {
    /// A history that keeps at most `capacity` (at least 2) epochs.
    pub fn with_capacity(capacity: usize) -> Self {
        History {
            kept: Vec::new(),
            newest: None,
            stride: 1,
            capacity: capacity.max(2),
        }
    }

    /// Record the metrics of the next epoch.
    pub fn push(&mut self, metrics: EpochMetrics) {
        if metrics.epoch.is_multiple_of(self.stride) {
            self.kept.push(metrics.clone());
            if self.kept.len() > self.capacity {
                self.stride *= 2;
                let stride = self.stride;
                self.kept.retain(|m| m.epoch.is_multiple_of(stride));
            }
        }
        self.newest = Some(metrics);
    }

    /// The newest epoch's metrics.
    pub fn newest(&self) -> Option<&EpochMetrics> {
        self.newest.as_ref()
    }

    /// Epoch 0's metrics.
    pub fn first(&self) -> Option<&EpochMetrics> {
        self.kept.first()
    }

    /// The kept epochs in order, ending with the newest epoch.
    pub fn points(&self) -> impl Iterator<Item = &EpochMetrics> {
        // The newest epoch, unless it is also the last kept one.
        let last_kept = self.kept.last().map(|k| k.epoch);
        let newest_extra = self.newest.as_ref().filter(|n| Some(n.epoch) != last_kept);
        self.kept.iter().chain(newest_extra)
    }

    /// Only epochs that are multiples of this are kept (besides the newest).
    pub fn stride(&self) -> usize {
        self.stride
    }

    /// Number of points `points` yields.
    pub fn len(&self) -> usize {
        self.points().count()
    }

    /// True before any epoch is recorded.
    pub fn is_empty(&self) -> bool {
        self.newest.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(epoch: usize) -> EpochMetrics {
        EpochMetrics {
            epoch,
            ..EpochMetrics::default()
        }
    }

    #[test]
    fn empty_until_the_first_push_then_counts_its_points() {
        let mut h = History::default();
        assert!(h.is_empty());
        assert_eq!(h.len(), 0);
        assert!(h.newest().is_none() && h.first().is_none());
        h.push(at(0));
        assert!(!h.is_empty());
        assert_eq!(h.len(), 1);
        h.push(at(1));
        h.push(at(2));
        assert_eq!(h.len(), 3);
        assert_eq!(h.len(), h.points().count());
        assert_eq!(h.first().map(|m| m.epoch), Some(0));
        assert_eq!(h.newest().map(|m| m.epoch), Some(2));
    }

    /// The default keeps 4,096 epochs one by one (docs/run-format.md); the 4,097th
    /// halves the store to every second epoch, and the newest stays available.
    #[test]
    fn default_capacity_is_4096_epochs_then_thins_to_every_second() {
        let mut h = History::default();
        for e in 0..4096 {
            h.push(at(e));
        }
        assert_eq!(h.len(), 4096);
        let epochs: Vec<usize> = h.points().map(|m| m.epoch).collect();
        assert_eq!(epochs, (0..4096).collect::<Vec<_>>());
        h.push(at(4096));
        let epochs: Vec<usize> = h.points().map(|m| m.epoch).collect();
        assert_eq!(epochs, (0..=4096).step_by(2).collect::<Vec<_>>());
        // Odd epochs are no longer stored, but the newest is still shown.
        h.push(at(4097));
        assert_eq!(h.len(), 2049 + 1);
        assert_eq!(h.points().last().map(|m| m.epoch), Some(4097));
        h.push(at(4098));
        assert_eq!(h.len(), 2050);
        assert_eq!(h.points().last().map(|m| m.epoch), Some(4098));
    }

    /// A capacity below 2 would keep only epoch 0: it is raised to 2.
    #[test]
    fn capacity_is_at_least_two() {
        let mut h = History::with_capacity(0);
        for e in 0..=9 {
            h.push(at(e));
        }
        let epochs: Vec<usize> = h.points().map(|m| m.epoch).collect();
        assert_eq!(epochs, [0, 8, 9]);
    }

    #[test]
    fn stays_bounded_even_and_keeps_both_ends() {
        let mut h = History::with_capacity(64);
        for e in 0..=10_000 {
            h.push(at(e));
            assert!(h.len() <= 65, "{} points at epoch {e}", h.len());
        }
        let epochs: Vec<usize> = h.points().map(|m| m.epoch).collect();
        assert_eq!(epochs.first(), Some(&0));
        assert_eq!(epochs.last(), Some(&10_000));
        assert!(epochs.len() >= 32, "too thin: {}", epochs.len());
        // Evenly spaced apart from the newest point.
        let gaps: Vec<usize> = epochs[..epochs.len() - 1]
            .windows(2)
            .map(|w| w[1] - w[0])
            .collect();
        assert!(gaps.iter().all(|&g| g == gaps[0]), "{gaps:?}");
    }
}
