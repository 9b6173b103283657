//! The drawing primitives of the chart: shapes and stripes on a tiny-skia pixmap, text
//! rasterised by `ab_glyph` from the Noto Sans font shipped in the `notosans` crate (parsed
//! once per process), and the PNG encoding. Pixel geometry is `f32` throughout; the only casts
//! are in small named conversions (`px`, `whole`, `coverage_256`), each saying why it is exact.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use ab_glyph::{point, Font, FontRef, GlyphId, PxScale};
use tiny_skia::{
    Color, FillRule, FilterQuality, IntSize, LineCap, Paint, Path, PathBuilder, Pattern, Pixmap,
    PremultipliedColorU8, Rect, SpreadMode, Stroke, StrokeDash, Transform,
};

use super::{palette, ChartError, Png};

/// The two faces the chart uses, parsed once for the life of the process.
pub(super) struct Fonts {
    regular: Face,
    bold: Face,
}

/// A face and, for the first [`TABLED`] characters (Latin, where nearly every word of the
/// chart is), each one's glyph and advance looked up once.
struct Face {
    font: FontRef<'static>,
    tabled: Vec<(GlyphId, f32)>,
}

/// Characters below U+0180 (Basic Latin, Latin-1 and Latin Extended-A) have their glyph in a
/// table; the others are looked up in the font each time.
const TABLED: u32 = 0x180;

impl Face {
    fn new(font: FontRef<'static>) -> Face {
        let tabled = (0..TABLED)
            .map(|c| {
                let id = char::from_u32(c).map_or(GlyphId(0), |c| font.glyph_id(c));
                (id, font.h_advance_unscaled(id))
            })
            .collect();
        Face { font, tabled }
    }

    /// A character's glyph and its advance in font units.
    fn glyph(&self, c: char) -> (GlyphId, f32) {
        let tabled = usize::try_from(u32::from(c))
            .ok()
            .and_then(|i| self.tabled.get(i));
        if let Some(known) = tabled {
            *known
        } else {
            let id = self.font.glyph_id(c);
            (id, self.font.h_advance_unscaled(id))
        }
    }
}

static FONTS: LazyLock<Result<Fonts, String>> = LazyLock::new(|| {
    let parse = |bytes: &'static [u8], name: &str| {
        FontRef::try_from_slice(bytes)
            .map(Face::new)
            .map_err(|e| format!("the {name} font: {e}"))
    };
    Ok(Fonts {
        regular: parse(notosans::REGULAR_TTF, "regular")?,
        bold: parse(notosans::BOLD_TTF, "bold")?,
    })
});

pub(super) fn fonts() -> Result<&'static Fonts, ChartError> {
    FONTS.as_ref().map_err(|e| ChartError::Font(e.clone()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Weight {
    Regular,
    Bold,
}

impl Fonts {
    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Pixels per font unit at `size` pixels to the em.
    fn scale(&self, weight: Weight, size: f32) -> f32 {
        let upem = self.face(weight).font.units_per_em().unwrap_or(1000.0);
        size / upem
    }

    /// How wide `text` is at `size`, in pixels.
    pub(super) fn width(&self, text: &str, weight: Weight, size: f32) -> f32 {
        let face = self.face(weight);
        let scale = self.scale(weight, size);
        let mut width = 0.0;
        let mut previous = None;
        for c in text.chars() {
            let (id, advance) = face.glyph(c);
            if let Some(p) = previous {
                width += face.font.kern_unscaled(p, id) * scale;
            }
            width += advance * scale;
            previous = Some(id);
        }
        width
    }

    /// The characters of `text` the font has no glyph for.
    pub(super) fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace() && self.regular.glyph(*c).0 .0 == 0)
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// Each glyph of `text` with its baseline starting at (`x`, `y`): its mask at `size`
    /// and where the mask's top-left pixel goes. A glyph is rasterised the first time it is
    /// met at its size and quarter-pixel position, and copied from [`MASKS`] after that.
    fn glyphs(
        &self,
        text: &str,
        weight: Weight,
        size: f32,
        (x, y): (f32, f32),
    ) -> Vec<(Arc<Mask>, (i64, i64))> {
        let face = self.face(weight);
        let scale = self.scale(weight, size);
        let mut out = Vec::with_capacity(text.len());
        let (Some((y_whole, y_sub)), true) = (quarters(y), size.is_finite()) else {
            return out;
        };
        let mut masks = MASKS.lock().unwrap_or_else(PoisonError::into_inner);
        let mut pen = x;
        let mut previous = None;
        for c in text.chars() {
            let (id, advance) = face.glyph(c);
            if let Some(p) = previous {
                pen += face.font.kern_unscaled(p, id) * scale;
            }
            if let Some((x_whole, x_sub)) = quarters(pen) {
                let key = MaskKey {
                    weight,
                    size: size.to_bits(),
                    glyph: id.0,
                    sub: (x_sub, y_sub),
                };
                let mask = if let Some(m) = masks.get(&key) {
                    Some(Arc::clone(m))
                } else {
                    let m = self.rasterise(key, scale).map(Arc::new);
                    if let (Some(m), true) = (&m, masks.len() < MASKS_MAX) {
                        masks.insert(key, Arc::clone(m));
                    }
                    m
                };
                if let Some(m) = mask {
                    let at = (x_whole + m.left, y_whole + m.top);
                    out.push((m, at));
                }
            }
            pen += advance * scale;
            previous = Some(id);
        }
        out
    }

    /// A glyph's mask: its outline at its size and quarter-pixel position, rasterised by
    /// `ab_glyph` (exact area coverage). `None` for a glyph with no outline (a space).
    fn rasterise(&self, key: MaskKey, scale: f32) -> Option<Mask> {
        let face = &self.face(key.weight).font;
        // ab_glyph scales by the font's height; the chart's sizes are pixels to the em.
        let px = PxScale::from(face.height_unscaled() * scale);
        let at = point(sub_px(key.sub.0), sub_px(key.sub.1));
        let glyph = face.outline_glyph(GlyphId(key.glyph).with_scale_and_position(px, at))?;
        let bounds = glyph.px_bounds();
        let (left, top) = (whole_signed(bounds.min.x)?, whole_signed(bounds.min.y)?);
        let width = usize::try_from(whole(bounds.width())?).ok()?;
        let height = usize::try_from(whole(bounds.height())?).ok()?;
        let mut cover = vec![0; width.checked_mul(height)?];
        glyph.draw(|dx, dy, coverage| {
            let (Ok(dx), Ok(dy)) = (usize::try_from(dx), usize::try_from(dy)) else {
                return;
            };
            if let Some(c) = cover.get_mut(dy * width + dx) {
                *c = coverage_256(coverage);
            }
        });
        Some(Mask {
            left,
            top,
            width,
            cover,
        })
    }
}

/// How finely a glyph's position is kept: quarters of a pixel each way. Each glyph is
/// rasterised once per face, size and quarter position and kept ([`MASKS`]); a text is then
/// copied from these coverage masks, at most an eighth of a pixel from its exact place.
const SUBPIXEL: f32 = 4.0;

/// A glyph's coverage at one size and quarter-pixel position: where its top-left pixel is
/// from the pen's whole pixel, its width, and its coverage row by row in 256ths.
struct Mask {
    left: i64,
    top: i64,
    width: usize,
    cover: Vec<u16>,
}

/// The part of a glyph's mask on the picture: its rows and columns, and the picture's pixel
/// under the first of them (column, row).
struct Clip {
    rows: Range<usize>,
    cols: Range<usize>,
    origin: (usize, usize),
}

impl Mask {
    /// Where this mask, its top-left pixel at `(x, y)`, falls on a picture of `w` × `h`
    /// pixels; `None` when it is all off the picture.
    fn clip(&self, (x, y): (i64, i64), (w, h): (u32, u32)) -> Option<Clip> {
        let mask_w = i64::try_from(self.width).ok()?;
        let mask_h = i64::try_from(self.cover.len().checked_div(self.width)?).ok()?;
        let span = |at: i64, len: i64, room: u32| {
            let (first, end) = ((-at).max(0), len.min(i64::from(room) - at));
            (first < end).then_some((first, end))
        };
        let (c0, c1) = span(x, mask_w, w)?;
        let (r0, r1) = span(y, mask_h, h)?;
        let u = |v: i64| usize::try_from(v).ok();
        Some(Clip {
            rows: u(r0)?..u(r1)?,
            cols: u(c0)?..u(c1)?,
            origin: (u(x + c0)?, u(y + r0)?),
        })
    }
}

/// A glyph at one size and quarter-pixel position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct MaskKey {
    weight: Weight,
    /// The size's bits (sizes are a handful of constants).
    size: u32,
    glyph: u16,
    /// Quarters of a pixel right of and below the whole pixel.
    sub: (u8, u8),
}

/// Every glyph mask drawn so far, for the life of the process (a few hundred, tens of KB; no
/// more than [`MASKS_MAX`] are kept, so odd characters in a moderator's words cannot grow it).
static MASKS: LazyLock<Mutex<HashMap<MaskKey, Arc<Mask>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));
const MASKS_MAX: usize = 4096;

/// A pixel position that is on the picture (or just left of or above it) as a whole pixel.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // checked: 0 ≤ v < 2^24
fn whole(v: f32) -> Option<u32> {
    if v.is_finite() && (0.0..16_777_216.0).contains(&v) {
        Some(v as u32)
    } else {
        None
    }
}

/// A whole pixel position that may be left of or above the picture (a glyph's corner).
#[allow(clippy::cast_possible_truncation)] // checked: |v| < 2^24
fn whole_signed(v: f32) -> Option<i64> {
    (v.is_finite() && v.abs() < 16_777_216.0).then(|| v.floor() as i64)
}

/// A position as whole pixels and quarters of a pixel, to the nearest quarter:
/// 10.3 → (10, 1), 10.9 → (11, 0), −0.3 → (−1, 3).
#[allow(clippy::cast_possible_truncation)] // checked: |v| < 2^22 so 4v < 2^24
fn quarters(v: f32) -> Option<(i64, u8)> {
    if !v.is_finite() || v.abs() >= 4_194_304.0 {
        return None;
    }
    let q = (v * SUBPIXEL).round() as i64;
    let sub = u8::try_from(q.rem_euclid(4)).ok()?;
    Some((q.div_euclid(4), sub))
}

/// Quarters of a pixel as a position.
fn sub_px(q: u8) -> f32 {
    f32::from(q) / SUBPIXEL
}

/// A glyph's coverage of a pixel (0 to 1, or more where outlines overlap) in 256ths.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // clamped to 0..=256 first
fn coverage_256(c: f32) -> u16 {
    (c.clamp(0.0, 1.0) * 256.0) as u16
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
    /// Pixels per layout unit: the layout is drawn in units of a 720-wide picture and scaled
    /// to the picture's pixels (sizes and the legibility rule stay in layout units).
    scale: f32,
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

/// `ink` (opaque) over a pixel, `cover` 256ths of the way (at most 256): source over, in
/// 1/256ths.
fn over(p: PremultipliedColorU8, ink: [u32; 3], cover: u32) -> PremultipliedColorU8 {
    // At most 255 × 256 before the shift, so one byte after it (no cast, no check).
    let mix = |under: u8, ink: u32| {
        ((ink * cover + u32::from(under) * (256 - cover)) >> 8).to_le_bytes()[0]
    };
    let a = mix(p.alpha(), 255);
    let (r, g, b) = (
        mix(p.red(), ink[0]).min(a),
        mix(p.green(), ink[1]).min(a),
        mix(p.blue(), ink[2]).min(a),
    );
    PremultipliedColorU8::from_rgba(r, g, b, a).unwrap_or(p)
}

/// The period of the diagonal stripes, in pixels (as a size and as a length).
const STRIPE: u32 = 12;
const STRIPE_LEN: f32 = 12.0;

impl Canvas {
    /// A picture of `width` × `height` pixels, all of the opaque `ground` colour (written once,
    /// not cleared first and then filled).
    ///
    /// `layout` is the width the caller draws in; every coordinate and size is scaled by
    /// `width / layout` (the height in pixels too).
    pub(super) fn new(
        (layout, layout_height): (u32, u32),
        width: u32,
        ground: Rgb,
    ) -> Result<Canvas, ChartError> {
        let scale = px(width) / px(layout.max(1));
        let height = crate::funnel::interval::whole((px(layout_height) * scale).ceil().into())
            .and_then(|h| u32::try_from(h).ok())
            .unwrap_or(u32::MAX);
        let too_big = ChartError::Size { width, height };
        let pixels =
            usize::try_from(u64::from(width) * u64::from(height)).map_err(|_| too_big.clone())?;
        let data = [ground.0, ground.1, ground.2, u8::MAX].repeat(pixels);
        let pixmap = IntSize::from_wh(width, height)
            .and_then(|size| Pixmap::from_vec(data, size))
            .ok_or(too_big)?;
        Ok(Canvas {
            pixmap,
            scale,
            fonts: fonts()?,
            tiles: Vec::new(),
            drawn: Vec::new(),
        })
    }

    /// The width in layout units (what the caller draws in).
    pub(super) fn width(&self) -> u32 {
        crate::funnel::interval::whole((px(self.pixmap.width()) / self.scale).round().into())
            .and_then(|w| u32::try_from(w).ok())
            .unwrap_or(u32::MAX)
    }

    fn transform(&self) -> Transform {
        Transform::from_scale(self.scale, self.scale)
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
                    .fill_path(path, &paint, FillRule::Winding, self.transform(), None);
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
                    .fill_path(path, &paint, FillRule::Winding, self.transform(), None);
            }
        }
    }

    /// A border `width` pixels wide along the picture's edges.
    pub(super) fn frame(&mut self, width: f32, colour: Rgb) {
        let (w, h) = (
            px(self.pixmap.width()) / self.scale,
            px(self.pixmap.height()) / self.scale,
        );
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
                self.pixmap.fill_rect(rect, &paint, self.transform(), None);
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
            .stroke_path(path, &paint, &stroke, self.transform(), None);
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
        let k = self.scale;
        let glyphs = self.fonts.glyphs(text, weight, size * k, (left * k, y * k));
        let (w, h) = (self.pixmap.width(), self.pixmap.height());
        let Ok(stride) = usize::try_from(w) else {
            return width;
        };
        let ink = [colour.0, colour.1, colour.2].map(u32::from);
        let Some(solid) = PremultipliedColorU8::from_rgba(colour.0, colour.1, colour.2, u8::MAX)
        else {
            return width;
        };
        let pixels = self.pixmap.pixels_mut();
        for (mask, at) in glyphs {
            let Some(Clip { rows, cols, origin }) = mask.clip(at, (w, h)) else {
                continue;
            };
            for (r, y) in rows.zip(origin.1..) {
                let from = y * stride + origin.0;
                let line = pixels.get_mut(from..from + cols.len());
                let cover = mask
                    .cover
                    .get(r * mask.width + cols.start..r * mask.width + cols.end);
                let (Some(line), Some(cover)) = (line, cover) else {
                    continue;
                };
                for (p, &c) in line.iter_mut().zip(cover) {
                    match c {
                        0 => {}
                        256.. => *p = solid,
                        c => *p = over(*p, ink, u32::from(c)),
                    }
                }
            }
        }
        width
    }

    /// The picture as an indexed PNG: each pixel becomes its nearest palette entry (the
    /// chart's colours and their anti-aliased shades), one byte a pixel. Every pixel is opaque
    /// (the card is drawn first), so the premultiplied pixels are the straight ones. The rows
    /// are compressed in one go (zlib, [`COMPRESSION`]) and written as one IDAT chunk.
    pub(super) fn png(self) -> Result<Png, ChartError> {
        let (width, height) = (self.pixmap.width(), self.pixmap.height());
        let row = usize::try_from(width).map_err(|e| ChartError::Png(e.to_string()))?;
        // Each row as the PNG stores it: its filter (0, none), then a palette index a pixel.
        // A row the same as the one above (a third of the card) copies its indices; in the
        // others a run of one colour is looked up once.
        let data = self.pixmap.data();
        let line_len = 4 * row;
        let mut rows = vec![0; (row + 1) * usize::try_from(height).unwrap_or(0)];
        let mut last = data.first_chunk::<4>().map_or((0, 0), |&[r, g, b, a]| {
            (u32::from_ne_bytes([r, g, b, a]), palette::index(r, g, b))
        });
        let mut above: Option<&[u8]> = None;
        for (line, start) in data
            .chunks_exact(line_len.max(4))
            .zip((1..).step_by(row + 1))
        {
            if above == Some(line) {
                rows.copy_within(start - row - 1..start - 1, start);
                continue;
            }
            above = Some(line);
            let Some(out) = rows.get_mut(start..start + row) else {
                break;
            };
            for (o, p) in out.iter_mut().zip(line.chunks_exact(4)) {
                let [r, g, b, a] = <[u8; 4]>::try_from(p).unwrap_or_default();
                let pixel = u32::from_ne_bytes([r, g, b, a]);
                if pixel != last.0 {
                    last = (pixel, palette::index(r, g, b));
                }
                *o = last.1;
            }
        }
        let idat = zlib(&rows)?;
        let mut out = Vec::with_capacity(idat.len() + 1024);
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_palette(palette::plte());
        let mut writer = encoder
            .write_header()
            .map_err(|e| ChartError::Png(e.to_string()))?;
        writer
            .write_chunk(png::chunk::IDAT, &idat)
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

/// How hard zlib works on the palette indices (unfiltered: the card's white compresses to
/// long runs). Level 3 keeps the before/after pair under 60 KB with room to spare (57 KB at
/// most; level 2 reached 59 KB) at a third of level 6's work (which saves 2 KB).
const COMPRESSION: u32 = 3;

/// `data` as one zlib stream, compressed in one call (the PNG encoder's own writer takes each
/// row in two calls and clears a 32 KB buffer for every one of them).
fn zlib(data: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut z = flate2::Compress::new(flate2::Compression::new(COMPRESSION), true);
    let mut out = Vec::with_capacity(data.len() / 8 + 1024);
    loop {
        let done = usize::try_from(z.total_in()).unwrap_or(data.len());
        let rest = data.get(done..).unwrap_or_default();
        match z.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => return Ok(out),
            Ok(_) => out.reserve(out.capacity().max(1024)),
            Err(e) => return Err(ChartError::Png(e.to_string())),
        }
    }
}

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
