//! The chart in words, for the attachment's description (what a screen reader reads out, and
//! what Discord shows when the picture does not load): the headline, the three counts, and
//! each step's rate, in everyday words too, with where it probably really is and how it
//! compares with its target, as the picture shows them.

use crate::content::DecodeCopy;
use crate::funnel::{Decoded, Step};
use crate::render::format::{clip, count, percent};

use super::{headline, no_rate, people};

/// Discord's limit for an attachment's description (the alt text).
pub const ALT_MAX: usize = 1024;

/// The chart of one decode in words.
pub fn alt_text(d: &Decoded, copy: &DecodeCopy) -> String {
    let (headline, counts, rates) = parts(d, copy);
    clip(
        &copy.chart.alt.fill(&[
            ("headline", headline),
            ("counts", &counts),
            ("rates", &rates),
        ]),
        ALT_MAX,
    )
}

/// The before/after chart in words.
pub fn before_after_alt(
    before: &Decoded,
    after: &Decoded,
    sides: [&str; 2],
    copy: &DecodeCopy,
) -> String {
    let side = |d: &Decoded, name: &str| {
        let (headline, counts, rates) = parts(d, copy);
        copy.chart.alt_side.fill(&[
            ("side", name),
            ("headline", headline),
            ("counts", &counts),
            ("rates", &rates),
        ])
    };
    clip(
        &copy.chart.alt_pair.fill(&[
            ("before", &side(before, sides[0])),
            ("after", &side(after, sides[1])),
        ]),
        ALT_MAX,
    )
}

fn parts<'a>(d: &Decoded, copy: &'a DecodeCopy) -> (&'a str, String, String) {
    let c = &copy.chart;
    let counts = [
        (&c.impressions, d.counts.impressions),
        (&c.clicks, d.counts.clicks),
        (&c.orders, d.counts.orders),
    ]
    .iter()
    .map(|(stage, n)| c.alt_count.fill(&[("stage", stage), ("count", &count(*n))]))
    .collect::<Vec<_>>()
    .join(" ");
    let rates = [&d.ctr, &d.ctor]
        .iter()
        .map(|s| step(s, d, copy))
        .collect::<Vec<_>>()
        .join(" ");
    (headline(d, copy), counts, rates)
}

fn step(s: &Step, d: &Decoded, copy: &DecodeCopy) -> String {
    let name = &copy.steps[s.kind].name;
    let (Some(r), Some(plain)) = (s.rate, people(s, d, &copy.chart)) else {
        return copy
            .chart
            .alt_no_rate
            .fill(&[("step", name), ("why", &no_rate(s.kind, d, copy))]);
    };
    let rate = copy.chart.alt_rate.fill(&[
        ("step", name),
        ("value", &percent(r.value)),
        ("people", &plain),
        ("low", &percent(r.low)),
        ("high", &percent(r.high)),
    ]);
    // The same words as the answer's: below, above, or what an open step shows so far.
    let judged = crate::render::decode::judgement(d, s.kind, copy).unwrap_or_default();
    format!("{rate} {judged}")
}
