//! What a chart canvas's 2-D context holds (stroke and fill colour, line width, font,
//! text alignment), remembered so that a style is set only when it changes.
//!
//! Setting a style on the context costs a formatted string, its decoding on the page
//! and its parsing by the canvas; a chart's grid lines, ticks and labels repeat the
//! same few styles hundreds of times. The pen starts knowing nothing (every first use
//! sets the style), since a context keeps its state between redraws.

use plotters_backend::BackendColor;
use vgp::numtext;
use web_sys::CanvasRenderingContext2d;

/// A colour as the canvas is told it (RGB and the alpha's bits, comparable).
type ColourKey = (u8, u8, u8, u64);

fn key(color: BackendColor) -> ColourKey {
    let (r, g, b) = color.rgb;
    (r, g, b, color.alpha.to_bits())
}

/// A colour as CSS text.
fn css(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", numtext::f64_text(color.alpha))
}

/// The styles last set on one context.
#[derive(Default)]
pub(super) struct Pen {
    stroke: Option<ColourKey>,
    fill: Option<ColourKey>,
    width: Option<u32>,
    font: Option<String>,
    align: Option<&'static str>,
    baseline: Option<&'static str>,
}

impl Pen {
    pub fn stroke(&mut self, context: &CanvasRenderingContext2d, color: BackendColor, width: u32) {
        if self.stroke != Some(key(color)) {
            context.set_stroke_style_str(&css(color));
            self.stroke = Some(key(color));
        }
        if self.width != Some(width) {
            context.set_line_width(f64::from(width));
            self.width = Some(width);
        }
    }

    pub fn fill(&mut self, context: &CanvasRenderingContext2d, color: BackendColor) {
        if self.fill != Some(key(color)) {
            context.set_fill_style_str(&css(color));
            self.fill = Some(key(color));
        }
    }

    /// The font (CSS text), alignment and baseline of the next text.
    pub fn text(
        &mut self,
        context: &CanvasRenderingContext2d,
        font: &str,
        align: &'static str,
        baseline: &'static str,
    ) {
        if self.font.as_deref() != Some(font) {
            context.set_font(font);
            self.font = Some(font.to_string());
        }
        if self.align != Some(align) {
            context.set_text_align(align);
            self.align = Some(align);
        }
        if self.baseline != Some(baseline) {
            context.set_text_baseline(baseline);
            self.baseline = Some(baseline);
        }
    }

    /// Something else changed the context's font: the next text sets it again.
    pub fn forget_font(&mut self) {
        self.font = None;
    }
}
