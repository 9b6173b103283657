//! The chart's colours, and the palette its PNG is written with: the colours themselves and
//! the shades anti-aliasing makes between them (at most 255 entries, so one byte a pixel).
//! A pixel maps to its nearest palette entry through a table of 32,768 cells (5 bits a
//! channel), filled as colours are first met and kept for the life of the process: the same
//! pixel always gives the same entry, so the same numbers still give the same bytes.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::LazyLock;

use super::canvas::Rgb;

pub(super) const CARD: Rgb = Rgb(0xFF, 0xFF, 0xFF);
pub(super) const BORDER: Rgb = Rgb(0xB8, 0xBE, 0xCA);
pub(super) const INK: Rgb = Rgb(0x1B, 0x1F, 0x29);
pub(super) const SOFT: Rgb = Rgb(0x4A, 0x52, 0x63);
pub(super) const TRACK: Rgb = Rgb(0xE6, 0xE9, 0xEF);
pub(super) const FLOW: Rgb = Rgb(0xA9, 0xB0, 0xBD);
/// The stage bars: a neutral slate, so colour on the strips only ever means a judgement.
pub(super) const BAR: Rgb = Rgb(0x8E, 0x9B, 0xB0);
/// Okabe–Ito blue, solid, with a tick: a step at or above its target.
pub(super) const OK: Rgb = Rgb(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion, striped: a weak step.
pub(super) const WEAK: Rgb = Rgb(0xD5, 0x5E, 0x00);
pub(super) const WEAK_LIGHT: Rgb = Rgb(0xF7, 0xCF, 0xB0);
/// Grey, hatched, dashed outline: a step too early to call.
pub(super) const OPEN: Rgb = Rgb(0x6B, 0x72, 0x80);
pub(super) const OPEN_LIGHT: Rgb = Rgb(0xE1, 0xE4, 0xEA);

/// Every colour the chart draws with.
const BASE: [Rgb; 12] = [
    CARD, BORDER, INK, SOFT, TRACK, FLOW, BAR, OK, WEAK, WEAK_LIGHT, OPEN, OPEN_LIGHT,
];

/// The palette as RGB triples: the base colours; a quarter, half and three quarters of the
/// way between any two of them (edges of shapes on shapes); and eighths between each colour
/// and the white card, where most text and edges are (12 + 66 × 3 + 11 × 4 = 254 entries).
pub(super) static PALETTE: LazyLock<Vec<Rgb>> = LazyLock::new(|| {
    let mut out: Vec<Rgb> = BASE.to_vec();
    for (i, a) in BASE.iter().enumerate() {
        for b in BASE.iter().skip(i + 1) {
            for t in [64, 128, 192] {
                out.push(blend(*a, *b, t));
            }
        }
    }
    for c in BASE.iter().skip(1) {
        for t in [32, 96, 160, 224] {
            out.push(blend(*c, CARD, t));
        }
    }
    out
});

/// `a` moved `t`/256 of the way to `b`.
fn blend(a: Rgb, b: Rgb, t: u16) -> Rgb {
    let mix = |x: u8, y: u8| {
        let v = (u16::from(x) * (256 - t) + u16::from(y) * t + 128) >> 8;
        u8::try_from(v).unwrap_or(u8::MAX)
    };
    Rgb(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Palette entries by 5-bit colour, plus one (0: not looked up yet).
static NEAREST: [AtomicU8; 1 << 15] = [const { AtomicU8::new(0) }; 1 << 15];

/// The palette entry nearest to a pixel (its RGB; the chart is opaque).
#[inline]
pub(super) fn index(r: u8, g: u8, b: u8) -> u8 {
    let cell = (usize::from(r >> 3) << 10) | (usize::from(g >> 3) << 5) | usize::from(b >> 3);
    let Some(slot) = NEAREST.get(cell) else {
        return 0;
    };
    match slot.load(Ordering::Relaxed) {
        0 => {
            let i = nearest(r, g, b);
            slot.store(i.saturating_add(1), Ordering::Relaxed);
            i
        }
        known => known - 1,
    }
}

/// The nearest entry to the pixel's 5-bit cell, read back as 8 bits the usual way (the top
/// bits repeated, so white stays white and black black); the answer never depends on which
/// pixel of the cell came first.
fn nearest(r: u8, g: u8, b: u8) -> u8 {
    let centre = |v: u8| i32::from((v & 0xF8) | (v >> 5));
    let (r, g, b) = (centre(r), centre(g), centre(b));
    let mut best = (i32::MAX, 0_u8);
    for (i, p) in PALETTE.iter().enumerate() {
        let (dr, dg, db) = (i32::from(p.0) - r, i32::from(p.1) - g, i32::from(p.2) - b);
        // Green counts most and blue least, as the eye sees them.
        let d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if d < best.0 {
            best = (d, u8::try_from(i).unwrap_or(0));
        }
    }
    best.1
}

/// The palette as the PNG's PLTE chunk wants it.
pub(super) fn plte() -> Vec<u8> {
    PALETTE.iter().flat_map(|c| [c.0, c.1, c.2]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_fits_one_byte_and_holds_every_colour_exactly() {
        assert!(PALETTE.len() <= 255, "{}", PALETTE.len());
        for c in BASE {
            let i = usize::from(index(c.0, c.1, c.2));
            let got = PALETTE[i];
            // Within the 5-bit cell of the colour.
            for (a, b) in [(got.0, c.0), (got.1, c.1), (got.2, c.2)] {
                assert!(a.abs_diff(b) <= 8, "{c:?} became {got:?}");
            }
        }
    }
}
