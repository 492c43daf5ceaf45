//! Where a line chart's plot landed: its rectangle in backend pixels and the ranges of
//! its axes, recorded while drawing (the loss chart, the gradient profile), so that the
//! page can put a point's tooltip and focus mark on it and read the pointer back as the
//! column under it, without the history.

use super::ticks::TickedAxis;
use plotters::prelude::*;

/// A plot's rectangle and axes: x pixels `plot_x.0..plot_x.1`, y pixels
/// `plot_y.0..plot_y.1` (top to bottom), the x axis's range and the y axis's (in log10
/// units when `log_y`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlotMap {
    pub plot_x: (i32, i32),
    pub plot_y: (i32, i32),
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_y: bool,
}

impl PlotMap {
    /// The map of `chart` as drawn.
    pub fn of<DB: DrawingBackend>(
        chart: &ChartContext<'_, DB, Cartesian2d<TickedAxis, TickedAxis>>,
        log_y: bool,
    ) -> PlotMap {
        let (px, py) = chart.plotting_area().get_pixel_range();
        let (x, y) = (chart.x_range(), chart.y_range());
        PlotMap {
            plot_x: (px.start, px.end),
            plot_y: (py.start, py.end),
            x: (x.start, x.end),
            y: (y.start, y.end),
            log_y,
        }
    }

    /// The pixel of a value `v` at `x`: on a log axis its log10 (0 and below on the
    /// bottom edge, where the charts draw them), held inside the plot.
    pub fn pixel(&self, x: f64, v: f64) -> (i32, i32) {
        let y = match (self.log_y, v > 0.0) {
            (true, true) => v.log10(),
            (true, false) => self.y.0,
            (false, _) => v,
        };
        let along = |v: f64, (lo, hi): (f64, f64), (p0, p1): (i32, i32)| {
            let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.0 };
            // Not `clamp`: its check of the bounds formats floats into its panic message.
            let t = if t > 1.0 { 1.0 } else { t.max(0.0) };
            p0 + (t * f64::from(p1 - p0)).round() as i32
        };
        let (y0, y1) = self.plot_y;
        (along(x, self.x, self.plot_x), along(y, self.y, (y1, y0)))
    }

    /// The x value under pixel (`px`, `py`), None outside the plot.
    pub fn x_at(&self, px: i32, py: i32) -> Option<f64> {
        let ((x0, x1), (y0, y1)) = (self.plot_x, self.plot_y);
        if px < x0 || px >= x1 || py < y0 || py >= y1 {
            return None;
        }
        Some(self.x.0 + (self.x.1 - self.x.0) * f64::from(px - x0) / f64::from(x1 - x0))
    }

    /// The nearest of `columns` (x values) to the pointer's pixel, by index.
    pub fn column_at(&self, px: i32, py: i32, columns: &[f64]) -> Option<usize> {
        let x = self.x_at(px, py)?;
        (0..columns.len()).min_by(|&a, &b| {
            let (da, db) = ((columns[a] - x).abs(), (columns[b] - x).abs());
            da.partial_cmp(&db).unwrap_or(std::cmp::Ordering::Equal)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_map_to_pixels_and_the_pointer_back_to_the_nearest_column() {
        let m = PlotMap {
            plot_x: (100, 300),
            plot_y: (10, 110),
            x: (0.0, 20.0),
            y: (-8.0, 2.0),
            log_y: true,
        };
        assert_eq!(m.pixel(0.0, 1e2), (100, 10));
        assert_eq!(m.pixel(20.0, 1e-8), (300, 110));
        assert_eq!(m.pixel(10.0, 1e-3), (200, 60));
        // Exactly 0 and values off the axis sit on its edges.
        assert_eq!(m.pixel(10.0, 0.0), (200, 110));
        assert_eq!(m.pixel(30.0, 1e9), (300, 10));
        assert_eq!(m.x_at(200, 50), Some(10.0));
        assert_eq!(m.x_at(99, 50), None);
        assert_eq!(m.x_at(200, 110), None);
        assert_eq!(m.column_at(160, 50, &[0.0, 5.0, 10.0]), Some(1));
        let linear = PlotMap {
            log_y: false,
            y: (0.0, 1.0),
            ..m
        };
        assert_eq!(linear.pixel(0.0, 0.25), (100, 85));
    }
}
