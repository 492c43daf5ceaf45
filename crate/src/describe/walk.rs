//! The keyboard's walk over a chart's points, for the heatmap, the loss chart and the
//! gradient profile (the weights chart has its own, weights_layout.rs): a chart is a
//! grid of rows (the heatmap's layers, the loss chart's series, the profile's lines)
//! by columns (the epochs or the layers it draws). Left and Right move along a row,
//! Up and Down to the next row, Home and End to its first and last column. A point
//! names its column by its epoch (or layer), not by its index, so that it survives a
//! history that was thinned or grew since: it moves to the nearest column first.

use crate::charts::heatmap::columns;
pub use crate::charts::weights_layout::WeightsKey as Key;
use crate::history::History;

/// A point of a chart's grid: its row and its column's epoch (or layer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridPoint {
    pub row: usize,
    pub at: usize,
}

/// The point `key` moves to from `from` on a grid of `rows` rows by the columns keyed
/// `columns` (increasing). Without a point yet, every key starts on row 0 at column
/// `start` (Home at the first column, End at the last). None when the grid is empty;
/// moves stop at the edges.
pub fn walk(
    rows: usize,
    columns: &[usize],
    start: usize,
    from: Option<GridPoint>,
    key: Key,
) -> Option<GridPoint> {
    let last_row = rows.checked_sub(1)?;
    let last = columns.len().checked_sub(1)?;
    let (row, column) = match from {
        None => (
            0,
            match key {
                Key::Home => 0,
                Key::End => last,
                _ => start.min(last),
            },
        ),
        Some(p) => {
            let row = p.row.min(last_row);
            // The nearest column to the point's epoch (the earlier on a tie).
            let c = (0..columns.len())
                .min_by_key(|&i| columns[i].abs_diff(p.at))
                .unwrap_or(0);
            match key {
                Key::Left => (row, c.saturating_sub(1)),
                Key::Right => (row, (c + 1).min(last)),
                Key::Up => ((row + 1).min(last_row), c),
                Key::Down => (row.saturating_sub(1), c),
                Key::Home => (row, 0),
                Key::End => (row, last),
            }
        }
    };
    Some(GridPoint {
        row,
        at: columns[column],
    })
}

/// The heatmap's grid: a row per layer (Up goes towards the output layer, up the chart),
/// a column per epoch it draws; the keys start on layer 1 at the newest epoch.
pub fn heatmap_grid(history: &History) -> (usize, Vec<usize>, usize) {
    let cols: Vec<usize> = columns(history).iter().map(|m| m.epoch).collect();
    let layers = history.newest().map_or(0, |m| m.grad_norm.len());
    let start = cols.len().saturating_sub(1);
    (layers, cols, start)
}

/// The loss chart's grid: a row per line, train then test loss of each run (A, then
/// B), a column per epoch the first run's chart draws; the keys start on the train
/// loss at the newest epoch.
pub fn loss_grid(histories: &[&History]) -> (usize, Vec<usize>, usize) {
    let cols: Vec<usize> = histories.first().map_or_else(Vec::new, |h| {
        super::training::loss_points(h)
            .iter()
            .map(|m| m.epoch)
            .collect()
    });
    let start = cols.len().saturating_sub(1);
    (2 * histories.len(), cols, start)
}

/// The profile's grid: a row per line (one run: its newest epoch, then its first; a
/// comparison: A's newest, then B's), a column per layer; the keys start on layer 1.
pub fn profile_grid(histories: &[&History]) -> (usize, Vec<usize>, usize) {
    let layers = histories
        .iter()
        .filter_map(|h| h.newest())
        .map(|m| m.grad_norm.len())
        .max()
        .unwrap_or(0);
    let rows = match histories {
        [one] if one.len() > 1 => 2,
        _ => histories.len(),
    };
    (rows, (0..layers).collect(), 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_walk_rows_and_columns_and_stop_at_the_edges() {
        let cols = [0, 10, 20, 30];
        let at = |row, at| Some(GridPoint { row, at });
        assert_eq!(walk(3, &cols, 3, None, Key::Left), at(0, 30));
        assert_eq!(walk(3, &cols, 0, None, Key::Up), at(0, 0));
        assert_eq!(walk(3, &cols, 3, None, Key::Home), at(0, 0));
        let mut now = walk(3, &cols, 3, None, Key::End);
        for (key, want) in [
            (Key::Right, at(0, 30)),
            (Key::Left, at(0, 20)),
            (Key::Up, at(1, 20)),
            (Key::Up, at(2, 20)),
            (Key::Up, at(2, 20)),
            (Key::Home, at(2, 0)),
            (Key::Left, at(2, 0)),
            (Key::Down, at(1, 0)),
            (Key::End, at(1, 30)),
        ] {
            now = walk(3, &cols, 3, now, key);
            assert_eq!(now, want, "{key:?}");
        }
        // A point between columns (the history was thinned) moves from the nearest one.
        assert_eq!(walk(3, &cols, 3, at(7, 14), Key::Right), at(2, 20));
        assert_eq!(walk(3, &[], 0, None, Key::End), None);
        assert_eq!(walk(0, &cols, 0, None, Key::End), None);
    }
}
