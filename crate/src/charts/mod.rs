//! Charts of a run's history, drawn with plotters onto any drawing backend.
//!
//! Each chart is a function taking the data it shows, a drawing area and a
//! `ChartStyle`; none knows about canvases or the DOM. The page draws them on
//! canvases, tests and the `vgp` command on SVG or bitmap backends.

pub mod heatmap;
pub mod loss;

use plotters::prelude::*;

/// Colours and sizes shared by every chart (so themes and device pixel ratios are one switch).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    /// Pixels per CSS pixel: fonts and margins scale with it.
    pub scale: f64,
    pub background: RGBColor,
    pub foreground: RGBColor,
    pub grid: RGBColor,
    /// Series colours, chosen to stay distinguishable for colour-blind readers (Okabe-Ito).
    pub palette: [RGBColor; 6],
}

impl ChartStyle {
    pub fn light(scale: f64) -> Self {
        ChartStyle {
            scale,
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(34, 34, 34),
            grid: RGBColor(225, 225, 225),
            palette: [
                RGBColor(0, 114, 178),
                RGBColor(213, 94, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(86, 180, 233),
                RGBColor(230, 159, 0),
            ],
        }
    }

    pub fn dark(scale: f64) -> Self {
        ChartStyle {
            background: RGBColor(24, 26, 31),
            foreground: RGBColor(230, 230, 230),
            grid: RGBColor(58, 62, 70),
            palette: [
                RGBColor(86, 180, 233),
                RGBColor(230, 159, 0),
                RGBColor(0, 158, 115),
                RGBColor(204, 121, 167),
                RGBColor(240, 228, 66),
                RGBColor(213, 94, 0),
            ],
            ..ChartStyle::light(scale)
        }
    }

    /// A size in pixels for a length given in CSS pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// The font for labels of `css` pixels.
    pub fn font(&self, css: f64) -> TextStyle<'static> {
        ("sans-serif", css * self.scale)
            .into_font()
            .color(&self.foreground)
    }
}

/// Why a chart could not be drawn (a backend failure; the message is shown to the user).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart drawing failed: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Result of drawing a chart.
pub type ChartResult = Result<(), ChartError>;

/// Draw a centred note in an empty chart (for example before any data exists).
pub fn draw_note<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    style: &ChartStyle,
    text: &str,
) -> ChartResult {
    let (w, h) = area.dim_in_pixel();
    let font = style.font(13.0).pos(plotters::style::text_anchor::Pos::new(
        plotters::style::text_anchor::HPos::Center,
        plotters::style::text_anchor::VPos::Center,
    ));
    area.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        font,
    ))?;
    Ok(())
}
