//! The funnel chart: a PNG of impressions → clicks → orders, drawn from a decode (pure and
//! deterministic: the same numbers give the same bytes), and its alt text.
//!
//! The picture, top to bottom: the verdict's headline; one row per stage with its count and a
//! bar on a log scale (so 4 orders stay visible next to 12,500 impressions); between the
//! stages, Product CTR and Product CTOR with their 95% likely range drawn on a strip against
//! the server's target (a dashed line) and a mark saying how the step compares (shape, word
//! and colour together, so nothing rests on colour alone); a short note on how to read it.
//! Every word comes from `[chart]` and the tables of `prompts/decode.toml`.
//!
//! The palette is Okabe–Ito (safe for the common colour-blindnesses), on an opaque white card
//! with a grey border and rounded corners, so it reads the same in Discord's dark and light
//! themes.

mod canvas;

use canvas::{Align, Canvas, Fill, Fonts, Rgb, Weight};

use crate::content::DecodeCopy;
use crate::funnel::{Decoded, Judgement, Rate, Step, StepKind, Verdict};

use super::format::{clip, count, percent, target};

/// The attachment's name, and so the embed's `attachment://funnel.png`.
pub const FILENAME: &str = "funnel.png";
/// Discord's limit for an attachment's description (the alt text).
pub const ALT_MAX: usize = 1024;
/// The width of the `/decode` chart, in pixels.
pub const WIDTH: u32 = 720;
/// The width of one side of the before/after chart.
pub const SIDE_WIDTH: u32 = 600;

/// Why a chart could not be drawn (the reply then goes out without it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("cannot read the chart's font: {0}")]
    Font(String),
    #[error("cannot make a picture of {width}×{height} pixels")]
    Size { width: u32, height: u32 },
    #[error("cannot encode the PNG: {0}")]
    Png(String),
}

/// A drawn chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The chart of one decode.
pub fn funnel(d: &Decoded, copy: &DecodeCopy) -> Result<Png, ChartError> {
    draw(&[Panel::of(d, None, copy)], copy)
}

/// Before and after side by side, in the same style and on the same scales (`sides` are the
/// words for "before" and "after").
pub fn before_after(
    before: &Decoded,
    after: &Decoded,
    sides: [&str; 2],
    copy: &DecodeCopy,
) -> Result<Png, ChartError> {
    draw(
        &[
            Panel::of(before, Some(sides[0]), copy),
            Panel::of(after, Some(sides[1]), copy),
        ],
        copy,
    )
}

/// The chart in words, for the attachment's description: the verdict's headline, the three
/// counts and the two rates with their ranges and how each compares with its target.
pub fn alt_text(d: &Decoded, copy: &DecodeCopy) -> String {
    let (headline, counts, rates) = alt_parts(d, copy);
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
        let (headline, counts, rates) = alt_parts(d, copy);
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

/// The characters of `text` the chart's font cannot draw (checked for the chart's words by
/// `funnel-coach check`).
pub fn missing_glyphs(text: &str) -> Result<Vec<char>, ChartError> {
    Ok(canvas::fonts()?.missing(text))
}

fn alt_parts<'a>(d: &Decoded, copy: &'a DecodeCopy) -> (&'a str, String, String) {
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
        .map(|s| alt_step(s, d, copy))
        .collect::<Vec<_>>()
        .join(" ");
    (&copy.verdicts[d.verdict].headline, counts, rates)
}

fn alt_step(s: &Step, d: &Decoded, copy: &DecodeCopy) -> String {
    let name = &copy.steps[s.kind].name;
    let Some(r) = s.rate else {
        return copy
            .chart
            .alt_no_rate
            .fill(&[("step", name), ("why", &no_rate(s.kind, d, copy))]);
    };
    let rate = copy.chart.alt_rate.fill(&[
        ("step", name),
        ("value", &percent(r.value)),
        ("low", &percent(r.low)),
        ("high", &percent(r.high)),
    ]);
    let t = target(s.threshold);
    let words = &copy.rates;
    let judged = match s.judgement {
        Judgement::Weak => words.weak.fill(&[("threshold", &t)]),
        Judgement::Ok => words.ok.fill(&[("threshold", &t)]),
        Judgement::Undetermined => words.undetermined.fill(&[("threshold", &t)]),
    };
    format!("{rate} {judged}")
}

/// Why a step has no rate, in the chart's short words.
fn no_rate(kind: StepKind, d: &Decoded, copy: &DecodeCopy) -> String {
    if kind == StepKind::Ctor && d.counts.orders > d.counts.clicks {
        copy.chart.no_rate_mismatch.to_string()
    } else {
        copy.chart
            .no_rate
            .fill(&[("trials_name", &copy.steps[kind].trials_name)])
    }
}

// ---- what one side shows -------------------------------------------------------------------

struct StageView<'a> {
    label: &'a str,
    count: u64,
}

struct StepView<'a> {
    name: &'a str,
    rate: Option<Rate>,
    /// Why there is no rate, when there is none.
    no_rate: String,
    threshold: f64,
    judgement: Judgement,
    /// The step to work on first when both are weak.
    fix_first: bool,
}

struct Panel<'a> {
    side: Option<&'a str>,
    headline: &'a str,
    stages: [StageView<'a>; 3],
    steps: [StepView<'a>; 2],
}

impl<'a> Panel<'a> {
    fn of(d: &Decoded, side: Option<&'a str>, copy: &'a DecodeCopy) -> Panel<'a> {
        let c = &copy.chart;
        let step = |s: &Step| StepView {
            name: &copy.steps[s.kind].name,
            rate: s.rate,
            no_rate: no_rate(s.kind, d, copy),
            threshold: s.threshold,
            judgement: s.judgement,
            fix_first: d.verdict == Verdict::Both && s.kind == StepKind::Ctr,
        };
        Panel {
            side,
            headline: &copy.verdicts[d.verdict].headline,
            stages: [
                StageView {
                    label: &c.impressions,
                    count: d.counts.impressions,
                },
                StageView {
                    label: &c.clicks,
                    count: d.counts.clicks,
                },
                StageView {
                    label: &c.orders,
                    count: d.counts.orders,
                },
            ],
            steps: [step(&d.ctr), step(&d.ctor)],
        }
    }
}

// ---- look ----------------------------------------------------------------------------------

const CARD: Rgb = Rgb(0xFF, 0xFF, 0xFF);
const BORDER: Rgb = Rgb(0xB8, 0xBE, 0xCA);
const INK: Rgb = Rgb(0x1B, 0x1F, 0x29);
const SOFT: Rgb = Rgb(0x4A, 0x52, 0x63);
const TRACK: Rgb = Rgb(0xE6, 0xE9, 0xEF);
const FLOW: Rgb = Rgb(0xA9, 0xB0, 0xBD);
/// Okabe–Ito blue: the stage bars, and a step at or above its target.
const BAR: Rgb = Rgb(0x56, 0xB4, 0xE9);
const OK: Rgb = Rgb(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion, striped: a weak step.
const WEAK: Rgb = Rgb(0xD5, 0x5E, 0x00);
const WEAK_LIGHT: Rgb = Rgb(0xF7, 0xCF, 0xB0);
/// Grey, hatched, dashed outline: a step too early to call.
const OPEN: Rgb = Rgb(0x6B, 0x72, 0x80);
const OPEN_LIGHT: Rgb = Rgb(0xE1, 0xE4, 0xEA);

const PAD: f32 = 28.0;
const TOP: f32 = 24.0;
const BOTTOM: f32 = 20.0;
const SIDE_LINE: f32 = 34.0;
const HEADLINE: f32 = 30.0;
const HEADLINE_LINE: f32 = 38.0;
const STAGE_LABEL: f32 = 26.0;
const COUNT: f32 = 30.0;
const STEP_NAME: f32 = 24.0;
const STEP_VALUE: f32 = 28.0;
const SMALL: f32 = 20.0;
const NOTE: f32 = 19.0;
const NOTE_LINE: f32 = 25.0;
const STAGE_H: f32 = 52.0;
const STEP_H: f32 = 116.0;
/// Where the step rows start, right of the arrow from stage to stage.
const STEP_INDENT: f32 = 44.0;

/// What both sides share so they can be compared: the bar scale and each step's axis.
struct Scales {
    /// The largest count shown (the bars' full length).
    most: u64,
    /// The right end of each step's strip (a fraction), CTR then CTOR.
    axis: [f64; 2],
    /// The stage labels' and counts' column widths.
    label_w: f32,
    count_w: f32,
}

fn draw(panels: &[Panel<'_>], copy: &DecodeCopy) -> Result<Png, ChartError> {
    let fonts = canvas::fonts()?;
    let side_w = if panels.len() > 1 { SIDE_WIDTH } else { WIDTH };
    // Pixel geometry: widths are small whole numbers of pixels.
    let panel_w = side_w as f32;
    let sides = u32::try_from(panels.len()).unwrap_or(1);
    let width = side_w * sides;
    let scales = scales(panels, fonts);
    let headline_lines: Vec<Vec<String>> = panels
        .iter()
        .map(|p| {
            wrap(
                fonts,
                p.headline,
                Weight::Bold,
                HEADLINE,
                panel_w - 2.0 * PAD,
                2,
            )
        })
        .collect();
    let most_lines = headline_lines.iter().map(Vec::len).max().unwrap_or(1);
    let note = wrap(
        fonts,
        &copy.chart.note,
        Weight::Regular,
        NOTE,
        width as f32 - 2.0 * PAD,
        3,
    );
    let side_h = if panels.iter().any(|p| p.side.is_some()) {
        SIDE_LINE
    } else {
        0.0
    };
    // Pixel geometry: a few lines of text.
    let head_h = side_h + most_lines as f32 * HEADLINE_LINE + 12.0;
    let body_h = 3.0 * STAGE_H + 2.0 * STEP_H;
    let note_h = 10.0 + note.len() as f32 * NOTE_LINE;
    let height_f = (TOP + head_h + body_h + note_h + BOTTOM).ceil();
    // Pixel geometry: a height of a few hundred pixels.
    let height = height_f as u32;

    let mut c = Canvas::new(width, height)?;
    c.clear();
    let w = width as f32;
    c.round_rect(0.0, 0.0, w, height_f, 18.0, Fill::Solid(CARD));
    c.round_rect_outline((1.0, 1.0, w - 2.0, height_f - 2.0), 17.0, 2.0, BORDER, None);

    for (i, (panel, lines)) in panels.iter().zip(&headline_lines).enumerate() {
        // Pixel geometry: the panel's left edge.
        let x = i as f32 * panel_w;
        let mut y = TOP;
        if let Some(side) = panel.side {
            c.text(
                side,
                (x + PAD, y + 24.0),
                (Weight::Bold, 24.0),
                SOFT,
                Align::Left,
            );
            y += side_h;
        }
        for line in lines {
            c.text(
                line,
                (x + PAD, y + 30.0),
                (Weight::Bold, HEADLINE),
                INK,
                Align::Left,
            );
            y += HEADLINE_LINE;
        }
        y = TOP + head_h;
        for k in 0..3 {
            let stage = &panel.stages[k];
            stage_row(&mut c, stage, (x, y), panel_w, &scales);
            y += STAGE_H;
            if let (Some(step), Some(axis)) = (panel.steps.get(k), scales.axis.get(k)) {
                step_row(&mut c, step, (x, y), panel_w, *axis, copy);
                y += STEP_H;
            }
        }
        if i > 0 {
            c.polyline(&[(x, TOP), (x, TOP + head_h + body_h)], 2.0, TRACK, None);
        }
    }
    let mut y = TOP + head_h + body_h + 10.0;
    for line in &note {
        c.text(
            line,
            (PAD, y + 19.0),
            (Weight::Regular, NOTE),
            SOFT,
            Align::Left,
        );
        y += NOTE_LINE;
    }
    Ok(Png {
        bytes: c.png()?,
        width,
        height,
    })
}

fn scales(panels: &[Panel<'_>], fonts: &Fonts) -> Scales {
    let most = panels
        .iter()
        .flat_map(|p| p.stages.iter().map(|s| s.count))
        .max()
        .unwrap_or(0);
    let axis = [0, 1].map(|k| {
        let top = panels
            .iter()
            .filter_map(|p| p.steps.get(k))
            .map(|s| {
                s.rate
                    .map_or(s.threshold * 2.0, |r| r.high)
                    .max(s.threshold)
            })
            .fold(0.0_f64, f64::max);
        nice(top * 1.15).min(1.0)
    });
    let label_w = panels
        .iter()
        .flat_map(|p| p.stages.iter())
        .map(|s| fonts.width(s.label, Weight::Regular, STAGE_LABEL))
        .fold(0.0_f32, f32::max)
        + 18.0;
    let count_w = panels
        .iter()
        .flat_map(|p| p.stages.iter())
        .map(|s| fonts.width(&count(s.count), Weight::Bold, COUNT))
        .fold(0.0_f32, f32::max);
    Scales {
        most,
        axis,
        label_w,
        count_w,
    }
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `x`.
fn nice(x: f64) -> f64 {
    if x.is_nan() || x <= 0.0 {
        return 0.01;
    }
    let power = 10_f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|v| *v >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A stage: its name, its count and a bar on a log scale (`ln(1 + n)`), so a handful of
/// orders still shows next to thousands of impressions; zero is a short grey stub.
fn stage_row(c: &mut Canvas, s: &StageView<'_>, (x, y): (f32, f32), w: f32, sc: &Scales) {
    let fonts = c.fonts();
    let label_max = sc.label_w - 12.0;
    let size = fit(fonts, s.label, Weight::Regular, STAGE_LABEL, label_max);
    c.text(
        s.label,
        (x + PAD, y + 35.0),
        (Weight::Regular, size),
        INK,
        Align::Left,
    );
    let count_right = x + PAD + sc.label_w + sc.count_w;
    c.text(
        &count(s.count),
        (count_right, y + 36.0),
        (Weight::Bold, COUNT),
        INK,
        Align::Right,
    );
    let bar_x = count_right + 16.0;
    let bar_max = (x + w - PAD - bar_x).max(24.0);
    if s.count == 0 {
        c.round_rect(bar_x, y + 11.0, 5.0, 30.0, 2.0, Fill::Solid(FLOW));
        return;
    }
    // Pixel geometry: a share of the bar's length.
    #[allow(clippy::cast_precision_loss)]
    let share = ((s.count as f64).ln_1p() / (sc.most.max(1) as f64).ln_1p()).clamp(0.0, 1.0);
    let len = (bar_max * share as f32).max(10.0);
    c.round_rect(bar_x, y + 11.0, len, 30.0, 6.0, Fill::Solid(BAR));
}

/// A step: its name and rate, its mark, and the strip with the 95% range against the target.
fn step_row(
    c: &mut Canvas,
    s: &StepView<'_>,
    (x, y): (f32, f32),
    w: f32,
    axis: f64,
    copy: &DecodeCopy,
) {
    let fonts = c.fonts();
    let words = &copy.chart;
    // The arrow down from the stage above to the stage below.
    let ax = x + PAD + 14.0;
    c.polyline(&[(ax, y + 2.0), (ax, y + STEP_H - 14.0)], 4.0, FLOW, None);
    c.polygon(
        &[
            (ax - 9.0, y + STEP_H - 18.0),
            (ax + 9.0, y + STEP_H - 18.0),
            (ax, y + STEP_H - 4.0),
        ],
        FLOW,
    );

    let left = x + PAD + STEP_INDENT;
    let right = x + w - PAD;

    // The mark, right-aligned: shape, word and colour say the same thing.
    let mark = &words.marks[s.judgement];
    let pill_text = fit(fonts, mark, Weight::Bold, SMALL, 160.0);
    let pill_w = 14.0 + 20.0 + 8.0 + fonts.width(mark, Weight::Bold, pill_text) + 16.0;
    let pill_x = right - pill_w;
    let (pill_y, pill_h) = (y + 6.0, 36.0);
    let (fg, icon_centre) = match s.judgement {
        Judgement::Ok => {
            c.round_rect(pill_x, pill_y, pill_w, pill_h, 18.0, Fill::Solid(OK));
            (CARD, (pill_x + 24.0, pill_y + 18.0))
        }
        Judgement::Weak => {
            c.round_rect(pill_x, pill_y, pill_w, pill_h, 18.0, Fill::Solid(WEAK));
            (CARD, (pill_x + 24.0, pill_y + 18.0))
        }
        Judgement::Undetermined => {
            c.round_rect(pill_x, pill_y, pill_w, pill_h, 18.0, Fill::Solid(CARD));
            c.round_rect_outline(
                (pill_x, pill_y, pill_w, pill_h),
                18.0,
                2.5,
                OPEN,
                Some([6.0, 4.0]),
            );
            (OPEN, (pill_x + 24.0, pill_y + 18.0))
        }
    };
    icon(c, s.judgement, icon_centre, fg);
    c.text(
        mark,
        (pill_x + 14.0 + 20.0 + 8.0, pill_y + 25.0),
        (Weight::Bold, pill_text),
        fg,
        Align::Left,
    );
    let mut text_right = pill_x - 12.0;
    if s.fix_first {
        let size = fit(fonts, &words.fix_first, Weight::Bold, SMALL, 180.0);
        let fw = c.text(
            &words.fix_first,
            (text_right, y + 31.0),
            (Weight::Bold, size),
            WEAK,
            Align::Right,
        );
        text_right -= fw + 12.0;
    }

    // The step's name and its rate (or why there is none).
    let name_size = fit(
        fonts,
        s.name,
        Weight::Regular,
        STEP_NAME,
        (text_right - left) * 0.6,
    );
    let nw = c.text(
        s.name,
        (left, y + 31.0),
        (Weight::Regular, name_size),
        SOFT,
        Align::Left,
    );
    let value_x = left + nw + 10.0;
    let room = (text_right - value_x).max(20.0);
    match s.rate {
        Some(r) => {
            let v = percent(r.value);
            let size = fit(fonts, &v, Weight::Bold, STEP_VALUE, room);
            c.text(
                &v,
                (value_x, y + 32.0),
                (Weight::Bold, size),
                INK,
                Align::Left,
            );
        }
        None => {
            let size = fit(fonts, &s.no_rate, Weight::Bold, SMALL, room);
            c.text(
                &s.no_rate,
                (value_x, y + 31.0),
                (Weight::Bold, size),
                OPEN,
                Align::Left,
            );
        }
    }

    // The strip: 0 at the left, `axis` at the right.
    let (strip_y, strip_h) = (y + 52.0, 24.0);
    let strip_w = right - left;
    c.round_rect(left, strip_y, strip_w, strip_h, 12.0, Fill::Solid(TRACK));
    // Pixel geometry: a fraction of the axis as a position on the strip.
    #[allow(clippy::cast_possible_truncation)]
    let at = |v: f64| left + (strip_w * (v / axis).clamp(0.0, 1.0) as f32);
    let hatched = Fill::Stripes {
        stripe: OPEN,
        ground: OPEN_LIGHT,
    };
    match s.rate {
        Some(r) => {
            let (lo, hi) = (at(r.low), at(r.high));
            // A narrow range still shows around the dot.
            let (lo, hi) = if hi - lo < 30.0 {
                let mid = ((lo + hi) / 2.0).clamp(left + 15.0, right - 15.0);
                (mid - 15.0, mid + 15.0)
            } else {
                (lo, hi)
            };
            let fill = match s.judgement {
                Judgement::Ok => Fill::Solid(OK),
                Judgement::Weak => Fill::Stripes {
                    stripe: WEAK,
                    ground: WEAK_LIGHT,
                },
                Judgement::Undetermined => hatched,
            };
            c.round_rect(lo, strip_y, hi - lo, strip_h, 12.0, fill);
            if s.judgement == Judgement::Undetermined {
                c.round_rect_outline(
                    (lo, strip_y, hi - lo, strip_h),
                    12.0,
                    2.0,
                    OPEN,
                    Some([5.0, 3.0]),
                );
            }
            let vx = at(r.value);
            c.circle(vx, strip_y + strip_h / 2.0, 9.0, CARD);
            c.ring(vx, strip_y + strip_h / 2.0, 9.0, 3.0, INK);
        }
        None => {
            c.round_rect(left, strip_y, strip_w, strip_h, 12.0, hatched);
            c.round_rect_outline(
                (left, strip_y, strip_w, strip_h),
                12.0,
                2.0,
                OPEN,
                Some([5.0, 3.0]),
            );
        }
    }
    let tx = at(s.threshold);
    c.polyline(
        &[(tx, strip_y - 9.0), (tx, strip_y + strip_h + 9.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );

    // Under the strip: the range in words on the left, the target's key on the right.
    let base = y + 106.0;
    let t = words.target.fill(&[("threshold", &target(s.threshold))]);
    let tw = c.text(&t, (right, base), (Weight::Bold, SMALL), INK, Align::Right);
    let kx = right - tw - 10.0;
    c.polyline(
        &[(kx - 26.0, base - 7.0), (kx, base - 7.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );
    if let Some(r) = s.rate {
        let range = words
            .range
            .fill(&[("low", &percent(r.low)), ("high", &percent(r.high))]);
        let room = (kx - 26.0 - 16.0 - left).max(20.0);
        let size = fit(fonts, &range, Weight::Regular, SMALL, room);
        c.text(
            &range,
            (left, base),
            (Weight::Regular, size),
            SOFT,
            Align::Left,
        );
    }
}

/// The shape in a mark: a tick (at or above the target), a down-pointing triangle (weak), a
/// double arrow (could go either way).
fn icon(c: &mut Canvas, j: Judgement, (cx, cy): (f32, f32), colour: Rgb) {
    match j {
        Judgement::Ok => c.polyline(
            &[(cx - 8.0, cy), (cx - 2.5, cy + 6.0), (cx + 8.0, cy - 6.5)],
            3.5,
            colour,
            None,
        ),
        Judgement::Weak => c.polygon(
            &[(cx - 9.0, cy - 6.0), (cx + 9.0, cy - 6.0), (cx, cy + 8.0)],
            colour,
        ),
        Judgement::Undetermined => {
            c.polyline(&[(cx - 7.0, cy), (cx + 7.0, cy)], 3.0, colour, None);
            c.polygon(
                &[(cx - 11.0, cy), (cx - 5.0, cy - 6.0), (cx - 5.0, cy + 6.0)],
                colour,
            );
            c.polygon(
                &[(cx + 11.0, cy), (cx + 5.0, cy - 6.0), (cx + 5.0, cy + 6.0)],
                colour,
            );
        }
    }
}

/// The size at which `text` fits in `max` pixels: `size`, or smaller down to 60% of it.
fn fit(fonts: &Fonts, text: &str, weight: Weight, size: f32, max: f32) -> f32 {
    let w = fonts.width(text, weight, size);
    if w <= max || w <= 0.0 {
        size
    } else {
        (size * max / w).max(size * 0.6)
    }
}

/// `text` in lines of at most `max` pixels, at most `lines` of them (the last one shortened
/// with "…" when the text does not fit).
fn wrap(
    fonts: &Fonts,
    text: &str,
    weight: Weight,
    size: f32,
    max: f32,
    lines: usize,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fonts.width(&candidate, weight, size) <= max || line.is_empty() {
            line = candidate;
        } else {
            out.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        let rest = out.split_off(lines.saturating_sub(1)).join(" ");
        out.push(rest);
    }
    if let Some(last) = out.last_mut() {
        if fonts.width(last, weight, size) > max {
            let mut chars: Vec<char> = last.chars().collect();
            while !chars.is_empty() {
                chars.pop();
                let cut: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
                if fonts.width(&cut, weight, size) <= max {
                    *last = cut;
                    break;
                }
            }
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}
