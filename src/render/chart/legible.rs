//! The legibility check behind `funnel-coach check`: every word the chart can draw, on every
//! canvas the bot draws (`/decode`'s chart and the before/after pair), is drawn at least
//! 1/[`MIN_SHARE`] of the picture's width and whole (not cut with "…"), and the font has every
//! character. A picture 600 px wide is about 360 px on a phone in a chat, so 20 px words
//! there read as 12 px. (Sizes are in the layout's units, 24 of its 720: the same share.)

use crate::content::DecodeCopy;
use crate::funnel::{decode, Counts, Decoded, Thresholds};

use super::canvas::Drawn;
use super::{draw, missing_glyphs, pair, Panel};

/// The smallest text is 1/`MIN_SHARE` of the picture's width.
pub const MIN_SHARE: f32 = 30.0;

/// Numbers that between them make the chart draw every word it has: each verdict, every mark
/// (more orders than clicks too), each step's words for "1 in …", "… in 10" and "none of …",
/// no rate at all, and the longest counts.
fn samples() -> Vec<Decoded> {
    [
        (12_500, 310, 4),
        (50_000, 100, 5),
        (20_000, 1_000, 3),
        (500_000, 1_500, 2),
        (10_000, 400, 40),
        (10_000, 8_000, 0),
        (10_000, 500, 800),
        (4, 4, 4),
        (0, 0, 0),
        (999_999_999_999, 999_999_999_998, 999_999_999_997),
    ]
    .into_iter()
    .map(|(impressions, clicks, orders)| {
        decode(
            Counts {
                impressions,
                clicks,
                orders,
                add_to_carts: None,
            },
            Thresholds::default(),
        )
    })
    .collect()
}

/// What would not read on a phone, one sentence per problem (empty when every word reads):
/// each sample drawn alone, and a before/after pair as `/test show` draws it (`sides`).
pub fn legibility_problems(copy: &DecodeCopy, sides: [&str; 2]) -> Vec<String> {
    let decodes = samples();
    let mut problems = Vec::new();
    let mut canvases: Vec<Vec<Panel<'_>>> = decodes
        .iter()
        .map(|d| vec![Panel::of(d, None, copy)])
        .collect();
    // The pair adds only its side labels and shared scales: one pair, the longest counts last.
    if let (Some(b), Some(a)) = (decodes.first(), decodes.last()) {
        canvases.push(pair(b, a, sides, copy).into());
    }
    for panels in &canvases {
        match draw(panels, copy) {
            Ok(c) => problems.extend(problems_in(c.drawn(), c.width())),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert(p.clone()));
    problems
}

/// The problems of the texts drawn on one picture `width` pixels wide.
fn problems_in(drawn: &[Drawn], width: u32) -> Vec<String> {
    let least = super::px(width) / MIN_SHARE;
    let mut out = Vec::new();
    for d in drawn {
        if d.size + 1e-3 < least {
            out.push(format!(
                "the chart draws {:?} at {} px, under {least} px (1/{MIN_SHARE} of its {width} px width): too small to read on a phone",
                d.text, d.size
            ));
        }
        if d.cut {
            out.push(format!(
                "{:?} does not fit the chart at {} px and would be cut: make it shorter",
                d.text, d.size
            ));
        }
        match missing_glyphs(&d.text) {
            Ok(missing) if missing.is_empty() => {}
            Ok(missing) => out.push(format!(
                "the chart's font cannot draw {} in {:?}",
                missing
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                d.text
            )),
            Err(e) => out.push(e.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::WIDTH;

    fn drawn(text: &str, size: f32) -> Drawn {
        Drawn {
            text: text.to_owned(),
            size,
            cut: false,
        }
    }

    #[test]
    fn a_word_under_a_thirtieth_of_the_width_is_refused() {
        let ok = problems_in(&[drawn("target 1%", 24.0)], WIDTH);
        assert!(ok.is_empty(), "{ok:?}");
        // The footnote's size before the redraw, 19 px: under 1/30 of the 600 px picture.
        let small = problems_in(&[drawn("target 1%", 19.0)], WIDTH);
        assert_eq!(small.len(), 1, "{small:?}");
        assert!(
            small[0].contains("\"target 1%\" at 19 px, under 20 px"),
            "{small:?}"
        );
        // The same size is fine on a narrower picture, and too small on a wider one.
        assert!(problems_in(&[drawn("target 1%", 20.0)], 600).is_empty());
        assert_eq!(problems_in(&[drawn("target 1%", 24.0)], 1200).len(), 1);
    }

    #[test]
    fn a_cut_word_and_a_character_the_font_lacks_are_refused() {
        let cut = Drawn {
            cut: true,
            ..drawn("Much too early to say anything at all", 24.0)
        };
        let p = problems_in(&[cut], WIDTH);
        assert!(p.len() == 1 && p[0].contains("would be cut"), "{p:?}");
        let p = problems_in(&[drawn("fix this first 🔥", 24.0)], WIDTH);
        assert!(p.len() == 1 && p[0].contains("cannot draw `🔥`"), "{p:?}");
    }
}
