//! The canvas backend the charts draw through: plotters-canvas, with two costs removed.
//!
//! - Text size: plotters' default for the web measures every label by adding an element
//!   to the page and reading its size, which makes the browser lay out the whole page
//!   once per label (most of a redraw's time). Here the canvas measures text itself
//!   (`measureText`, no page layout), and each (font, text) is measured once.
//! - Bitmaps: the default `blit_bitmap` paints one rectangle per pixel; here a bitmap is
//!   one `putImageData`, so the heatmap's cells are a single image.
//! - Lines and polygons: one call per point becomes one SVG path string per line, handed
//!   to the canvas as a `Path2D` (and repeated points are dropped).

use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use plotters_canvas::CanvasBackend;
use std::cell::RefCell;
use std::fmt::Write;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, Path2d};

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
}

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
        })
    }
}

/// The CSS font plotters-canvas sets for `style` (the same string, so sizes match).
fn css_font<S: BackendTextStyle>(style: &S) -> String {
    format!(
        "{} {}px {}",
        style.style().as_str(),
        style.size(),
        style.family().as_str()
    )
}

/// A colour as plotters-canvas writes it.
fn css_color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    format!("rgba({r},{g},{b},{})", color.alpha)
}

/// The points as one `Path2D` ("M x y L x y ...", closed for a polygon), points equal to
/// the one before left out; None without points.
fn svg_path<I: IntoIterator<Item = BackendCoord>>(points: I, close: bool) -> Option<Path2d> {
    let mut text = String::new();
    let mut last = None;
    for p in points {
        if last == Some(p) {
            continue;
        }
        let command = if last.is_none() { 'M' } else { 'L' };
        let _ = write!(text, "{command}{} {}", p.0, p.1);
        last = Some(p);
    }
    last?;
    if close {
        text.push('Z');
    }
    Path2d::new_with_path_string(&text).ok()
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
        from_inner(self.inner.present())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        from_inner(self.inner.draw_pixel(point, color))
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        from_inner(self.inner.draw_line(from, to, style))
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        from_inner(self.inner.draw_rect(upper_left, bottom_right, style, fill))
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let Some(path) = svg_path(path, false) else {
            return Ok(());
        };
        self.context.set_stroke_style_str(&css_color(style.color()));
        self.context.set_line_width(f64::from(style.stroke_width()));
        self.context.stroke_with_path(&path);
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
        let Some(path) = svg_path(vert, true) else {
            return Ok(());
        };
        self.context.set_fill_style_str(&css_color(style.color()));
        self.context.fill_with_path_2d(&path);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        from_inner(self.inner.draw_circle(center, radius, style, fill))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Drawn {
        from_inner(self.inner.draw_text(text, style, pos))
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
        let mut rgba = Vec::with_capacity(pixels * 4);
        for rgb in src.chunks_exact(3).take(pixels) {
            rgba.extend_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
        }
        let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), width, height)
            .map_err(from_js)?;
        self.context
            .put_image_data(&image, f64::from(pos.0), f64::from(pos.1))
            .map_err(from_js)
    }
}
