//! The drawing primitives of the chart: shapes and stripes on a tiny-skia pixmap, text
//! rasterised by `ab_glyph` from the Noto Sans font shipped in the `notosans` crate (parsed
//! once per process), and the PNG encoding. Pixel geometry is `f32` throughout; the only casts
//! are in small named conversions (`px`, `whole`, `coverage_256`), each saying why it is exact.

use std::sync::LazyLock;

use ab_glyph::{point, Font, FontRef, OutlinedGlyph, PxScale};
use tiny_skia::{
    Color, FillRule, FilterQuality, LineCap, Paint, Path, PathBuilder, Pattern, Pixmap,
    PremultipliedColorU8, Rect, SpreadMode, Stroke, StrokeDash, Transform,
};

use super::{palette, ChartError, Png};

/// The two faces the chart uses, parsed once for the life of the process.
pub(super) struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

static FONTS: LazyLock<Result<Fonts, String>> = LazyLock::new(|| {
    let parse = |bytes: &'static [u8], name: &str| {
        FontRef::try_from_slice(bytes).map_err(|e| format!("the {name} font: {e}"))
    };
    Ok(Fonts {
        regular: parse(notosans::REGULAR_TTF, "regular")?,
        bold: parse(notosans::BOLD_TTF, "bold")?,
    })
});

pub(super) fn fonts() -> Result<&'static Fonts, ChartError> {
    FONTS.as_ref().map_err(|e| ChartError::Font(e.clone()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

impl Fonts {
    fn face(&self, weight: Weight) -> &FontRef<'static> {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Pixels per font unit at `size` pixels to the em.
    fn scale(&self, weight: Weight, size: f32) -> f32 {
        let upem = self.face(weight).units_per_em().unwrap_or(1000.0);
        size / upem
    }

    /// How wide `text` is at `size`, in pixels.
    pub(super) fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = self.face(weight);
        let scale = self.scale(weight, size);
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let id = face.glyph_id(c);
            if let Some(p) = previous {
                width += face.kern_unscaled(p, id) * scale;
            }
            width += face.h_advance_unscaled(id) * scale;
            previous = Some(id);
        }
        width
    }

    /// The characters of `text` the font has no glyph for.
    pub(super) fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && self.regular.glyph_id(*c).0 == 0)
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// Each glyph of `text` with its baseline starting at (`x`, `y`), outlined at `size`.
    fn glyphs(
        &self,
        text: &str,
        weight: Weight,
        size: f32,
        (x, y): (f32, f32),
    ) -> Vec<OutlinedGlyph> {
        let face = self.face(weight);
        let scale = self.scale(weight, size);
        // ab_glyph scales by the font's height; the chart's sizes are pixels to the em.
        let px = PxScale::from(face.height_unscaled() * scale);
        let mut out = Vec::with_capacity(text.len());
        let mut pen = x;
        let mut previous = None;
        for c in text.chars() {
            let id = face.glyph_id(c);
            if let Some(p) = previous {
                pen += face.kern_unscaled(p, id) * scale;
            }
            if let Some(g) = face.outline_glyph(id.with_scale_and_position(px, point(pen, y))) {
                out.push(g);
            }
            pen += face.h_advance_unscaled(id) * scale;
            previous = Some(id);
        }
        out
    }
}

/// A pixel position that is on the picture (or just left of or above it) as a whole pixel.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked: 0 ≤ v < 2^24
fn whole(v: f32) -> Option<u32> {
    if v.is_finite() && (0.0..16_777_216.0).contains(&v) {
        Some(v as u32)
    } else {
        None
    }
}

/// A glyph's coverage of a pixel (0 to 1, or more where outlines overlap) in 256ths.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 0..=256 first
fn coverage_256(c: f32) -> u32 {
    (c.clamp(0.0, 1.0) * 256.0) as u32
}

/// A width in pixels as a position: a few thousand at most, exact in f32.
#[allow(clippy::cast_precision_loss)]
fn px(n: u32) -> f32 {
    n as f32
}

/// An sRGB colour, opaque.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    fn color(self) -> Color {
        Color::from_rgba8(self.0, self.1, self.2, 255)
    }
}

/// How a shape is filled: one colour, or stripes of two (a pattern that does not depend on
/// colour to be told apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fill {
    Solid(Rgb),
    /// Diagonal stripes: the stripe colour on the ground colour.
    Stripes {
        stripe: Rgb,
        ground: Rgb,
    },
}

/// Where a text's `x` is: its left edge, its middle or its right edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Centre,
    Right,
}

/// One chart being drawn.
pub(super) struct Canvas {
    pixmap: Pixmap,
    fonts: &'static Fonts,
    /// The stripe tiles, made once per chart.
    tiles: Vec<((Rgb, Rgb), Pixmap)>,
    /// Every text drawn so far, with its size (for the legibility check).
    drawn: Vec<Drawn>,
}

/// A text as drawn: what it says, its size in pixels to the em, and whether it was cut
/// with "…" to fit (then `text` is the whole text).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Drawn {
    pub text: String,
    pub size: f32,
    pub cut: bool,
}

/// The period of the diagonal stripes, in pixels (as a size and as a length).
const STRIPE: u32 = 12;
const STRIPE_LEN: f32 = 12.0;

impl Canvas {
    pub(super) fn new(width: u32, height: u32) -> Result<Canvas, ChartError> {
        let pixmap = Pixmap::new(width, height).ok_or(ChartError::Size { width, height })?;
        Ok(Canvas {
            pixmap,
            fonts: fonts()?,
            tiles: Vec::new(),
            drawn: Vec::new(),
        })
    }

    pub(super) fn width(&self) -> u32 {
        self.pixmap.width()
    }

    /// Records that `text` had to be cut to fit at `size`.
    pub(super) fn cut(&mut self, text: &str, size: f32) {
        self.drawn.push(Drawn {
            text: text.to_owned(),
            size,
            cut: true,
        });
    }

    /// Every text drawn so far.
    pub(super) fn drawn(&self) -> &[Drawn] {
        &self.drawn
    }

    pub(super) fn fonts(&self) -> &'static Fonts {
        self.fonts
    }

    fn tile(&mut self, stripe: Rgb, ground: Rgb) -> Option<usize> {
        if let Some(i) = self.tiles.iter().position(|(k, _)| *k == (stripe, ground)) {
            return Some(i);
        }
        let mut tile = Pixmap::new(STRIPE, STRIPE)?;
        tile.fill(ground.color());
        let mut paint = Paint::default();
        paint.set_color(stripe.color());
        let s = STRIPE_LEN;
        let mut pb = PathBuilder::new();
        // The lines x + y = 0, s and 2s, so a stripe runs on across the tile's edges.
        for k in [-1.0, 0.0, 1.0] {
            pb.move_to(k * s, s);
            pb.line_to(s + k * s, 0.0);
        }
        let path = pb.finish()?;
        let stroke = Stroke {
            width: s * 0.35,
            line_cap: LineCap::Square,
            ..Stroke::default()
        };
        tile.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        self.tiles.push(((stripe, ground), tile));
        Some(self.tiles.len() - 1)
    }

    fn fill_path(&mut self, path: &Path, fill: Fill) {
        match fill {
            Fill::Solid(c) => {
                let mut paint = Paint::default();
                paint.set_color(c.color());
                self.pixmap
                    .fill_path(path, &paint, FillRule::Winding, Transform::identity(), None);
            }
            Fill::Stripes { stripe, ground } => {
                let Some(i) = self.tile(stripe, ground) else {
                    return self.fill_path(path, Fill::Solid(stripe));
                };
                let Some((_, tile)) = self.tiles.get(i) else {
                    return;
                };
                let paint = Paint {
                    shader: Pattern::new(
                        tile.as_ref(),
                        SpreadMode::Repeat,
                        FilterQuality::Nearest,
                        1.0,
                        Transform::identity(),
                    ),
                    ..Paint::default()
                };
                self.pixmap
                    .fill_path(path, &paint, FillRule::Winding, Transform::identity(), None);
            }
        }
    }

    /// The whole picture in one colour.
    pub(super) fn fill(&mut self, colour: Rgb) {
        self.pixmap.fill(colour.color());
    }

    /// A border `width` pixels wide along the picture's edges.
    pub(super) fn frame(&mut self, width: f32, colour: Rgb) {
        let (w, h) = (px(self.pixmap.width()), px(self.pixmap.height()));
        let mut paint = Paint::default();
        paint.set_color(colour.color());
        paint.anti_alias = false;
        for (x, y, rw, rh) in [
            (0.0, 0.0, w, width),
            (0.0, h - width, w, width),
            (0.0, 0.0, width, h),
            (w - width, 0.0, width, h),
        ] {
            if let Some(rect) = Rect::from_xywh(x, y, rw, rh) {
                self.pixmap
                    .fill_rect(rect, &paint, Transform::identity(), None);
            }
        }
    }

    /// A rectangle (left, top, width, height) with rounded corners (`r` is clamped to half the
    /// shorter side).
    pub(super) fn round_rect(&mut self, (x, y, w, h): (f32, f32, f32, f32), r: f32, fill: Fill) {
        if let Some(path) = round_rect_path(x, y, w, h, r) {
            self.fill_path(&path, fill);
        }
    }

    /// The outline of a rounded rectangle, `width` thick, dashed when `dash` is given.
    pub(super) fn round_rect_outline(
        &mut self,
        (x, y, w, h): (f32, f32, f32, f32),
        r: f32,
        width: f32,
        colour: Rgb,
        dash: Option<[f32; 2]>,
    ) {
        if let Some(path) = round_rect_path(x, y, w, h, r) {
            self.stroke(&path, width, colour, dash, LineCap::Butt);
        }
    }

    pub(super) fn circle(&mut self, (cx, cy): (f32, f32), r: f32, fill: Rgb) {
        if let Some(path) = PathBuilder::from_circle(cx, cy, r) {
            self.fill_path(&path, Fill::Solid(fill));
        }
    }

    pub(super) fn ring(&mut self, (cx, cy): (f32, f32), r: f32, width: f32, colour: Rgb) {
        if let Some(path) = PathBuilder::from_circle(cx, cy, r) {
            self.stroke(&path, width, colour, None, LineCap::Butt);
        }
    }

    /// A closed polygon through `points`.
    pub(super) fn polygon(&mut self, points: &[(f32, f32)], fill: Rgb) {
        let mut pb = PathBuilder::new();
        for (i, (x, y)) in points.iter().enumerate() {
            if i == 0 {
                pb.move_to(*x, *y);
            } else {
                pb.line_to(*x, *y);
            }
        }
        pb.close();
        if let Some(path) = pb.finish() {
            self.fill_path(&path, Fill::Solid(fill));
        }
    }

    /// An open line through `points`, with round ends.
    pub(super) fn polyline(
        &mut self,
        points: &[(f32, f32)],
        width: f32,
        colour: Rgb,
        dash: Option<[f32; 2]>,
    ) {
        let mut pb = PathBuilder::new();
        for (i, (x, y)) in points.iter().enumerate() {
            if i == 0 {
                pb.move_to(*x, *y);
            } else {
                pb.line_to(*x, *y);
            }
        }
        if let Some(path) = pb.finish() {
            let cap = if dash.is_some() {
                LineCap::Butt
            } else {
                LineCap::Round
            };
            self.stroke(&path, width, colour, dash, cap);
        }
    }

    fn stroke(
        &mut self,
        path: &Path,
        width: f32,
        colour: Rgb,
        dash: Option<[f32; 2]>,
        cap: LineCap,
    ) {
        let mut paint = Paint::default();
        paint.set_color(colour.color());
        let stroke = Stroke {
            width,
            line_cap: cap,
            dash: dash.and_then(|[on, off]| StrokeDash::new(vec![on, off], 0.0)),
            ..Stroke::default()
        };
        self.pixmap
            .stroke_path(path, &paint, &stroke, Transform::identity(), None);
    }

    /// Draws `text` with its baseline at `y`; returns its width. Glyphs are rasterised by
    /// `ab_glyph` (exact area coverage) and blended here: much faster than filling their
    /// outlines as paths.
    pub(super) fn text(
        &mut self,
        text: &str,
        (x, y): (f32, f32),
        (weight, size): (Weight, f32),
        colour: Rgb,
        align: Align,
    ) -> f32 {
        let width = self.fonts.width(text, weight, size);
        let left = match align {
            Align::Left => x,
            Align::Centre => x - width / 2.0,
            Align::Right => x - width,
        };
        self.drawn.push(Drawn {
            text: text.to_owned(),
            size,
            cut: false,
        });
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let pixels = self.pixmap.pixels_mut();
        let ink = [colour.0, colour.1, colour.2].map(u32::from);
        for glyph in self.fonts.glyphs(text, weight, size, (left, y)) {
            let bounds = glyph.px_bounds();
            let (Some(gx), Some(gy)) = (whole(bounds.min.x), whole(bounds.min.y)) else {
                continue;
            };
            glyph.draw(|dx, dy, coverage| {
                let cover = coverage_256(coverage);
                if cover == 0 {
                    return;
                }
                let (px, py) = (gx.saturating_add(dx), gy.saturating_add(dy));
                if px >= w || py >= h {
                    return;
                }
                let i = usize::try_from(u64::from(py) * u64::from(w) + u64::from(px));
                let Some(p) = i.ok().and_then(|i| pixels.get_mut(i)) else {
                    return;
                };
                // Source over with an opaque ink, in 1/256ths: ink × c + under × (1 − c).
                let mix = |under: u8, ink: u32| {
                    u8::try_from((ink * cover + u32::from(under) * (256 - cover)) >> 8)
                        .unwrap_or(u8::MAX)
                };
                let a = mix(p.alpha(), 255);
                let (r, g, b) = (
                    mix(p.red(), ink[0]).min(a),
                    mix(p.green(), ink[1]).min(a),
                    mix(p.blue(), ink[2]).min(a),
                );
                if let Some(blended) = PremultipliedColorU8::from_rgba(r, g, b, a) {
                    *p = blended;
                }
            });
        }
        width
    }

    /// The picture as an indexed PNG: each pixel becomes its nearest palette entry (the
    /// chart's colours and their anti-aliased shades), one byte a pixel. Every pixel is opaque
    /// (the card is drawn first), so the premultiplied pixels are the straight ones.
    pub(super) fn png(self) -> Result<Png, ChartError> {
        let (width, height) = (self.pixmap.width(), self.pixmap.height());
        let mut indexed = Vec::with_capacity(self.pixmap.pixels().len());
        let mut last = None;
        for p in self.pixmap.pixels() {
            let rgb = (p.red(), p.green(), p.blue());
            let i = match last {
                Some((seen, i)) if seen == rgb => i,
                _ => palette::index(rgb.0, rgb.1, rgb.2),
            };
            last = Some((rgb, i));
            indexed.push(i);
        }
        let mut out = Vec::with_capacity(32 * 1024);
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette::plte());
        encoder.set_deflate_compression(COMPRESSION);
        encoder.set_filter(png::Filter::NoFilter);
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .write_image_data(&indexed)
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Png(e.to_string()))?;
        Ok(Png {
            bytes: out,
            width,
            height,
        })
    }
}

/// How hard the PNG encoder works: zlib's fastest level. On palette indices (no filter) it
/// matches long runs of the card's white that fdeflate's fast mode, tuned for filtered RGB,
/// leaves at about 100 KB.
const COMPRESSION: png::DeflateCompression = png::DeflateCompression::Level(6);

fn round_rect_path(x: f32, y: f32, w: f32, h: f32, r: f32) -> Option<Path> {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r <= 0.0 {
        return Some(PathBuilder::from_rect(Rect::from_xywh(x, y, w, h)?));
    }
    // The control point of a quarter circle drawn as one cubic.
    let k = r * 0.552_284_8;
    let (x1, y1) = (x + w, y + h);
    let mut pb = PathBuilder::new();
    pb.move_to(x + r, y);
    pb.line_to(x1 - r, y);
    pb.cubic_to(x1 - r + k, y, x1, y + r - k, x1, y + r);
    pb.line_to(x1, y1 - r);
    pb.cubic_to(x1, y1 - r + k, x1 - r + k, y1, x1 - r, y1);
    pb.line_to(x + r, y1);
    pb.cubic_to(x + r - k, y1, x, y1 - r + k, x, y1 - r);
    pb.line_to(x, y + r);
    pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
    pb.close();
    pb.finish()
}
