//! The canvas backend the charts draw through: plotters-canvas for the canvas itself,
//! with the costs of drawing on it removed.
//!
//! - Text size: plotters' default for the web measures every label by adding an element
//!   to the page and reading its size, which makes the browser lay out the whole page
//!   once per label (most of a redraw's time). Here the canvas measures text itself
//!   (`measureText`, no page layout), and each (font, text) is measured once.
//! - Bitmaps: the default `blit_bitmap` paints one rectangle per pixel; here a bitmap is
//!   one `putImageData`, so the heatmap's cells are a single image.
//! - Styles: every primitive of plotters-canvas formats its colour as a string, which
//!   the page then decodes and parses; here the pen (pen.rs) remembers what the context
//!   holds and sets only what changes.
//! - Lines: one `moveTo` and a `lineTo` per point in one path (points equal to the one
//!   before left out), stroked once; no path text to format, decode and parse. Single
//!   segments drawn one after another in the same colour and width (grid lines, the
//!   network diagram's connections) share one path, stroked when the style changes or
//!   anything else is drawn.

use super::pen::Pen;
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use vgp::numtext;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Most (font, text) sizes remembered; past this the memory is cleared and refilled.
const MEASURED_KEPT: usize = 4096;

/// Buckets of the text-size table.
const BUCKETS: usize = 256;

/// Text sizes the canvas measured, by CSS font and text (kept across redraws): how many,
/// and buckets of (font, NUL, text) keys by hash. A small table of our own rather than
/// std's `HashMap`, whose hashing and table code were about 5 KB of the page's
/// WebAssembly.
#[derive(Default)]
pub struct TextSizes(RefCell<(usize, Vec<Bucket>)>);

/// Measured sizes whose keys share a hash bucket.
type Bucket = Vec<(String, (u32, u32))>;

impl TextSizes {
    /// The bucket of `key` (FNV-1a).
    fn bucket(key: &str) -> usize {
        let hash = key.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        hash as usize % BUCKETS
    }

    fn get(&self, key: &str) -> Option<(u32, u32)> {
        let table = self.0.borrow();
        let bucket = table.1.get(Self::bucket(key))?;
        bucket.iter().find(|(k, _)| k == key).map(|&(_, size)| size)
    }

    fn insert(&self, key: String, size: (u32, u32)) {
        let mut table = self.0.borrow_mut();
        let (count, buckets) = &mut *table;
        if *count >= MEASURED_KEPT || buckets.len() != BUCKETS {
            *count = 0;
            *buckets = vec![Vec::new(); BUCKETS];
        }
        if let Some(bucket) = buckets.get_mut(Self::bucket(&key)) {
            bucket.push((key, size));
            *count += 1;
        }
    }
}

/// What went wrong drawing on a canvas.
#[derive(Debug)]
pub struct CanvasFailure(String);

impl std::fmt::Display for CanvasFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasFailure {}

type Drawn = Result<(), DrawingErrorKind<CanvasFailure>>;

/// plotters-canvas's error as ours.
fn from_inner<E: std::error::Error + Send + Sync>(
    result: Result<(), DrawingErrorKind<E>>,
) -> Drawn {
    result.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => {
            DrawingErrorKind::DrawingError(CanvasFailure(e.to_string()))
        }
        DrawingErrorKind::FontError(f) => DrawingErrorKind::FontError(f),
    })
}

/// A browser error as ours.
fn from_js(e: wasm_bindgen::JsValue) -> DrawingErrorKind<CanvasFailure> {
    DrawingErrorKind::DrawingError(CanvasFailure(format!("{e:?}")))
}

/// A chart canvas: plotters-canvas plus fast text measurement and bitmaps.
pub struct ChartCanvas<'a> {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    sizes: &'a TextSizes,
    pen: RefCell<Pen>,
    /// The style of the segments in the path begun and not yet stroked.
    open_segments: RefCell<Option<SegmentStyle>>,
}

/// A segment's colour (RGB and the alpha's bits) and width.
type SegmentStyle = ((u8, u8, u8), u64, u32);

impl<'a> ChartCanvas<'a> {
    /// The backend for `canvas` (None if it has no 2-D context).
    pub fn new(canvas: HtmlCanvasElement, sizes: &'a TextSizes) -> Option<ChartCanvas<'a>> {
        let context = canvas
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        let inner = CanvasBackend::with_canvas_object(canvas)?;
        Some(ChartCanvas {
            inner,
            context,
            sizes,
            pen: RefCell::new(Pen::default()),
            open_segments: RefCell::new(None),
        })
    }
}

/// Find the charts' font before the first chart needs it: the first text measured in a
/// font family makes the browser look the family up (on Linux, through fontconfig),
/// which otherwise lengthens the page's first chart drawing by that much.
pub fn find_chart_font() {
    let Some(document) = crate::dom::document() else {
        return;
    };
    let Some(context) = document
        .create_element("canvas")
        .ok()
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        .and_then(|c| c.get_context("2d").ok().flatten())
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let style = TextStyle::from((FontFamily::SansSerif, vgp::charts::MIN_FONT_PX));
    context.set_font(&css_font(&style));
    let _ = context.measure_text("0.5");
}

/// The CSS font plotters-canvas sets for `style` (the same string, so sizes match).
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        numtext::f64_text(style.size()),
        style.family().as_str()
    )
}

/// A horizontal or vertical line moved by half a pixel so that a 1-pixel line covers
/// one row or column of pixels instead of two half-lit ones (as plotters-canvas does).
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl ChartCanvas<'_> {
    /// Add the segment `a`-`b` to the open path of segments of its style, or stroke
    /// that path and begin one of this style.
    fn segment(&self, a: (f64, f64), b: (f64, f64), color: BackendColor, width: u32) {
        let style = (color.rgb, color.alpha.to_bits(), width);
        if *self.open_segments.borrow() != Some(style) {
            self.flush();
            self.pen.borrow_mut().stroke(&self.context, color, width);
            self.context.begin_path();
            *self.open_segments.borrow_mut() = Some(style);
        }
        self.context.move_to(a.0, a.1);
        self.context.line_to(b.0, b.1);
    }

    /// Stroke the open path of segments, if any (before anything else is drawn).
    fn flush(&self) {
        if self.open_segments.borrow_mut().take().is_some() {
            self.context.stroke();
        }
    }

    /// Begin a path through `points` (repeats of the point before left out); false
    /// when there are none.
    fn trace<I: IntoIterator<Item = BackendCoord>>(&self, points: I) -> bool {
        self.context.begin_path();
        let mut last = None;
        for p in points {
            if last == Some(p) {
                continue;
            }
            let (x, y) = (f64::from(p.0), f64::from(p.1));
            if last.is_none() {
                self.context.move_to(x, y);
            } else {
                self.context.line_to(x, y);
            }
            last = Some(p);
        }
        last.is_some()
    }
}

impl DrawingBackend for ChartCanvas<'_> {
    type ErrorType = CanvasFailure;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Drawn {
        from_inner(self.inner.ensure_prepared())
    }

    fn present(&mut self) -> Drawn {
        self.flush();
        from_inner(self.inner.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        self.pen.borrow_mut().fill(&self.context, color);
        let (x, y) = (f64::from(point.0), f64::from(point.1));
        self.context.fill_rect(x, y, 1.0, 1.0);
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (a, b) = crisp(from, to);
        self.segment(a, b, style.color(), style.stroke_width());
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        let mut pen = self.pen.borrow_mut();
        if fill {
            pen.fill(&self.context, style.color());
            self.context.fill_rect(x, y, w, h);
        } else {
            pen.stroke(&self.context, style.color(), style.stroke_width());
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let mut points = path.into_iter();
        let (first, second) = (points.next(), points.next());
        let third = points.next();
        if let (Some(a), Some(b), None) = (first, second, third) {
            let point = |p: BackendCoord| (f64::from(p.0), f64::from(p.1));
            self.segment(point(a), point(b), style.color(), style.stroke_width());
            return Ok(());
        }
        self.flush();
        let path = first.into_iter().chain(second).chain(third).chain(points);
        if self.trace(path) {
            self.pen
                .borrow_mut()
                .stroke(&self.context, style.color(), style.stroke_width());
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        if self.trace(vert) {
            self.context.close_path();
            self.pen.borrow_mut().fill(&self.context, style.color());
            self.context.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let mut pen = self.pen.borrow_mut();
        if fill {
            pen.fill(&self.context, style.color());
        } else {
            pen.stroke(&self.context, style.color(), style.stroke_width());
        }
        let (x, y) = (f64::from(center.0), f64::from(center.1));
        self.context.begin_path();
        self.context
            .arc(x, y, f64::from(radius), 0.0, std::f64::consts::TAU)
            .map_err(from_js)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    /// Text at `pos`, anchored and turned as `style` says. The styles are set before a
    /// turned text's `save` so that its `restore` keeps them (and the pen stays true).
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.flush();
        let anchor = style.anchor();
        let baseline = match anchor.v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let align = match anchor.h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        {
            let mut pen = self.pen.borrow_mut();
            pen.fill(&self.context, color);
            pen.text(&self.context, &css_font(style), align, baseline);
        }
        let quarter_turns = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 1.0,
            FontTransform::Rotate180 => 2.0,
            FontTransform::Rotate270 => 3.0,
        };
        let (x, y) = (f64::from(pos.0), f64::from(pos.1));
        if quarter_turns == 0.0 {
            return self.context.fill_text(text, x, y).map_err(from_js);
        }
        self.context.save();
        let drawn = self
            .context
            .translate(x, y)
            .and_then(|_| {
                self.context
                    .rotate(quarter_turns * std::f64::consts::FRAC_PI_2)
            })
            .and_then(|_| self.context.fill_text(text, 0.0, 0.0));
        self.context.restore();
        drawn.map_err(from_js)
    }

    /// Width and height of `text` in `style`: the advance width the canvas measures and
    /// the font's ascent plus descent (a line box, as the page would lay it out).
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasFailure>> {
        let font = css_font(style);
        let key = format!("{font}\0{text}");
        if let Some(size) = self.sizes.get(&key) {
            return Ok(size);
        }
        self.context.set_font(&font);
        self.pen.borrow_mut().forget_font();
        let metrics = self.context.measure_text(text).map_err(from_js)?;
        let line = metrics.font_bounding_box_ascent() + metrics.font_bounding_box_descent();
        // Where the font box is not reported, the usual line height of 1.2 em.
        let height = if line.is_finite() && line > 0.0 {
            line
        } else {
            style.size() * 1.2
        };
        let size = (metrics.width().ceil() as u32, height.ceil() as u32);
        self.sizes.insert(key, size);
        Ok(size)
    }

    /// Draw `src` (RGB rows, top to bottom) at `pos` as one image.
    fn blit_bitmap(&mut self, pos: BackendCoord, (width, height): (u32, u32), src: &[u8]) -> Drawn {
        let pixels = (width * height) as usize;
        if width == 0 || height == 0 || src.len() < pixels * 3 {
            return Ok(());
        }
        self.flush();
        // Indexed writes into a buffer of the final size: this crate is built for size,
        // where a call per pixel (extending a Vec) made a heatmap's redraw 60% slower.
        let mut rgba = vec![255u8; pixels * 4];
        for i in 0..pixels {
            rgba[4 * i] = src[3 * i];
            rgba[4 * i + 1] = src[3 * i + 1];
            rgba[4 * i + 2] = src[3 * i + 2];
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), width, height)
            .map_err(from_js)?;
        self.context
            .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
            .map_err(from_js)
    }
}

impl Drop for ChartCanvas<'_> {
    /// The last segments drawn are stroked when the drawing ends.
    fn drop(&mut self) {
        self.flush();
    }
}
