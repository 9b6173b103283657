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
//! with a grey border, so it reads the same in Discord's dark and light
//! themes.

mod canvas;

use canvas::{Align, Canvas, Fill, Fonts, Rgb, Weight};

use crate::content::decode::ChartCopy;
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
    (super::decode::headline(d, copy), counts, rates)
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
    // The same words as the answer's: below, above, or what an open step shows so far.
    let judged = super::decode::judgement(d, s.kind, copy).unwrap_or_default();
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
/// The stage bars: a neutral slate, so colour on the strips only ever means a judgement.
const BAR: Rgb = Rgb(0x8E, 0x9B, 0xB0);
/// Okabe–Ito blue, solid, with a tick: a step at or above its target.
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
    let width = side_w * u32::try_from(panels.len()).unwrap_or(1);
    let (panel_w, w) = (px(side_w), px(width));
    let scales = scales(panels, fonts);
    let headlines: Vec<Vec<String>> = panels
        .iter()
        .map(|p| {
            wrap(
                fonts,
                p.headline,
                (Weight::Bold, HEADLINE),
                panel_w - 2.0 * PAD,
                2,
            )
        })
        .collect();
    let note = wrap(
        fonts,
        &copy.chart.note,
        (Weight::Regular, NOTE),
        w - 2.0 * PAD,
        3,
    );
    let side_h = if panels.iter().any(|p| p.side.is_some()) {
        SIDE_LINE
    } else {
        0.0
    };
    let head_lines = headlines.iter().map(Vec::len).max().unwrap_or(1);
    let head_h = side_h + lines(head_lines) * HEADLINE_LINE + 12.0;
    let body_h = 3.0 * STAGE_H + 2.0 * STEP_H;
    let note_top = TOP + head_h + body_h + 10.0;
    let h = (note_top + lines(note.len()) * NOTE_LINE + BOTTOM).ceil();
    let height = whole_px(h);

    let mut c = Canvas::new(width, height)?;
    // An opaque card (Discord rounds the corners of an embed's image itself).
    c.fill(CARD);
    c.frame(2.0, BORDER);
    let mut left = 0.0;
    for (i, (panel, headline)) in panels.iter().zip(&headlines).enumerate() {
        let mut y = TOP;
        if let Some(side) = panel.side {
            c.text(
                side,
                (left + PAD, y + 24.0),
                (Weight::Bold, 24.0),
                SOFT,
                Align::Left,
            );
            y += side_h;
        }
        for line in headline {
            let at = (left + PAD, y + 30.0);
            c.text(line, at, (Weight::Bold, HEADLINE), INK, Align::Left);
            y += HEADLINE_LINE;
        }
        y = TOP + head_h;
        for (k, stage) in panel.stages.iter().enumerate() {
            stage_row(&mut c, stage, (left, y), panel_w, &scales);
            y += STAGE_H;
            if let (Some(step), Some(axis)) = (panel.steps.get(k), scales.axis.get(k)) {
                step_row(&mut c, step, (left, y, panel_w), *axis, &copy.chart);
                y += STEP_H;
            }
        }
        if i > 0 {
            let divider = [(left, TOP), (left, TOP + head_h + body_h)];
            c.polyline(&divider, 2.0, TRACK, None);
        }
        left += panel_w;
    }
    let mut y = note_top;
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
    let bytes = c.png()?;
    Ok(Png {
        bytes,
        width,
        height,
    })
}

// Pixel geometry. The picture is a few hundred pixels each way and holds a handful of lines
// of text, so these conversions are exact; they are the only casts in the chart.

/// A width in pixels as a position.
#[allow(clippy::cast_precision_loss)] // at most a few thousand: exact in f32
fn px(n: u32) -> f32 {
    n as f32
}

/// A number of lines as a height in lines.
#[allow(clippy::cast_precision_loss)] // a handful of lines: exact in f32
fn lines(n: usize) -> f32 {
    n as f32
}

/// A height computed as a position, as whole pixels.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // positive, a few hundred
fn whole_px(v: f32) -> u32 {
    v.max(1.0).ceil() as u32
}

/// A fraction (0 to 1) of a length.
#[allow(clippy::cast_possible_truncation)] // clamped to 0..=1 first
fn share_of(length: f32, fraction: f64) -> f32 {
    length * fraction.clamp(0.0, 1.0) as f32
}

/// A count as a real number, without a lossy cast: the two 32-bit halves, each exact, so
/// every count up to 2^53 (far above `MAX_COUNT`) is exact.
fn real(n: u64) -> f64 {
    let high = u32::try_from(n >> 32).unwrap_or(u32::MAX);
    let low = u32::try_from(n & 0xFFFF_FFFF).unwrap_or(u32::MAX);
    f64::from(high) * 4_294_967_296.0 + f64::from(low)
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
    let stages = || panels.iter().flat_map(|p| p.stages.iter());
    let label_w = stages()
        .map(|s| fonts.width(s.label, Weight::Regular, STAGE_LABEL))
        .fold(0.0_f32, f32::max)
        + 18.0;
    let count_w = stages()
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
fn stage_row(c: &mut Canvas, stage: &StageView<'_>, (x, y): (f32, f32), w: f32, sc: &Scales) {
    let fonts = c.fonts();
    let size = fit(
        fonts,
        stage.label,
        (Weight::Regular, STAGE_LABEL),
        sc.label_w - 12.0,
    );
    c.text(
        stage.label,
        (x + PAD, y + 35.0),
        (Weight::Regular, size),
        INK,
        Align::Left,
    );
    let count_right = x + PAD + sc.label_w + sc.count_w;
    c.text(
        &count(stage.count),
        (count_right, y + 36.0),
        (Weight::Bold, COUNT),
        INK,
        Align::Right,
    );
    let bar_x = count_right + 16.0;
    let bar_max = (x + w - PAD - bar_x).max(24.0);
    if stage.count == 0 {
        c.round_rect((bar_x, y + 11.0, 5.0, 30.0), 2.0, Fill::Solid(FLOW));
        return;
    }
    let share = real(stage.count).ln_1p() / real(sc.most.max(1)).ln_1p();
    let len = share_of(bar_max, share).max(10.0);
    c.round_rect((bar_x, y + 11.0, len, 30.0), 6.0, Fill::Solid(BAR));
}

/// A step: the arrow from stage to stage, its name and rate, its mark, and the strip with the
/// 95% range against the target (`at` is the row's left, top and width).
fn step_row(
    c: &mut Canvas,
    step: &StepView<'_>,
    at: (f32, f32, f32),
    axis: f64,
    words: &ChartCopy,
) {
    let (x, y, w) = at;
    let arrow = x + PAD + 14.0;
    c.polyline(
        &[(arrow, y + 2.0), (arrow, y + STEP_H - 14.0)],
        4.0,
        FLOW,
        None,
    );
    c.polygon(
        &[
            (arrow - 9.0, y + STEP_H - 18.0),
            (arrow + 9.0, y + STEP_H - 18.0),
            (arrow, y + STEP_H - 4.0),
        ],
        FLOW,
    );
    let (left, right) = (x + PAD + STEP_INDENT, x + w - PAD);
    let mut text_right = mark(c, step.judgement, (right, y + 6.0), words) - 12.0;
    if step.fix_first {
        let fonts = c.fonts();
        let size = fit(fonts, &words.fix_first, (Weight::Bold, SMALL), 180.0);
        let width = c.text(
            &words.fix_first,
            (text_right, y + 31.0),
            (Weight::Bold, size),
            WEAK,
            Align::Right,
        );
        text_right -= width + 12.0;
    }
    title(c, step, (left, text_right, y));
    strip(c, step, (left, right, y + 52.0), axis);
    legend(c, step, (left, right, y + 106.0), words);
}

/// The step's name and its rate (or why there is none), between `left` and `right`.
fn title(c: &mut Canvas, step: &StepView<'_>, (left, right, y): (f32, f32, f32)) {
    let fonts = c.fonts();
    let name_size = fit(
        fonts,
        step.name,
        (Weight::Regular, STEP_NAME),
        (right - left) * 0.6,
    );
    let name_w = c.text(
        step.name,
        (left, y + 31.0),
        (Weight::Regular, name_size),
        SOFT,
        Align::Left,
    );
    let value_x = left + name_w + 10.0;
    let room = (right - value_x).max(20.0);
    if let Some(r) = step.rate {
        let v = percent(r.value);
        let size = fit(fonts, &v, (Weight::Bold, STEP_VALUE), room);
        c.text(
            &v,
            (value_x, y + 32.0),
            (Weight::Bold, size),
            INK,
            Align::Left,
        );
    } else {
        let size = fit(fonts, &step.no_rate, (Weight::Bold, SMALL), room);
        c.text(
            &step.no_rate,
            (value_x, y + 31.0),
            (Weight::Bold, size),
            OPEN,
            Align::Left,
        );
    }
}

/// The mark, right-aligned at `right`: shape, word and colour all say the same thing.
/// Returns its left edge.
fn mark(c: &mut Canvas, j: Judgement, (right, top): (f32, f32), words: &ChartCopy) -> f32 {
    let fonts = c.fonts();
    let word = &words.marks[j];
    let size = fit(fonts, word, (Weight::Bold, SMALL), 160.0);
    let width = 14.0 + 20.0 + 8.0 + fonts.width(word, Weight::Bold, size) + 16.0;
    let (x, h) = (right - width, 36.0);
    let rect = (x, top, width, h);
    let fg = match j {
        Judgement::Ok => {
            c.round_rect(rect, h / 2.0, Fill::Solid(OK));
            CARD
        }
        Judgement::Weak => {
            c.round_rect(rect, h / 2.0, Fill::Solid(WEAK));
            CARD
        }
        Judgement::Undetermined => {
            c.round_rect(rect, h / 2.0, Fill::Solid(CARD));
            c.round_rect_outline(rect, h / 2.0, 2.5, OPEN, Some([6.0, 4.0]));
            OPEN
        }
    };
    icon(c, j, (x + 24.0, top + h / 2.0), fg);
    c.text(
        word,
        (x + 14.0 + 20.0 + 8.0, top + 25.0),
        (Weight::Bold, size),
        fg,
        Align::Left,
    );
    x
}

/// The strip from 0 (left) to `axis` (right): the range, the rate's dot, the target's line.
/// Too early to call is hatched grey with a dashed edge; no rate at all hatches the whole strip.
fn strip(c: &mut Canvas, step: &StepView<'_>, (left, right, top): (f32, f32, f32), axis: f64) {
    let (h, width) = (24.0, right - left);
    let at = |v: f64| left + share_of(width, v / axis);
    c.round_rect((left, top, width, h), h / 2.0, Fill::Solid(TRACK));
    let hatched = Fill::Stripes {
        stripe: OPEN,
        ground: OPEN_LIGHT,
    };
    let Some(r) = step.rate else {
        c.round_rect((left, top, width, h), h / 2.0, hatched);
        c.round_rect_outline((left, top, width, h), h / 2.0, 2.0, OPEN, Some([5.0, 3.0]));
        target_line(c, at(step.threshold), top, h);
        return;
    };
    let (mut lo, mut hi) = (at(r.low), at(r.high));
    // A narrow range still shows around the dot.
    if hi - lo < 30.0 {
        let mid = lo.midpoint(hi).clamp(left + 15.0, right - 15.0);
        (lo, hi) = (mid - 15.0, mid + 15.0);
    }
    let band = (lo, top, hi - lo, h);
    let fill = match step.judgement {
        Judgement::Ok => Fill::Solid(OK),
        Judgement::Weak => Fill::Stripes {
            stripe: WEAK,
            ground: WEAK_LIGHT,
        },
        Judgement::Undetermined => hatched,
    };
    c.round_rect(band, h / 2.0, fill);
    if step.judgement == Judgement::Undetermined {
        c.round_rect_outline(band, h / 2.0, 2.0, OPEN, Some([5.0, 3.0]));
    }
    target_line(c, at(step.threshold), top, h);
    let dot = at(r.value);
    c.circle((dot, top + h / 2.0), 9.0, CARD);
    c.ring((dot, top + h / 2.0), 9.0, 3.0, INK);
}

fn target_line(c: &mut Canvas, x: f32, top: f32, h: f32) {
    c.polyline(
        &[(x, top - 9.0), (x, top + h + 9.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );
}

/// Under the strip: the range in words on the left, the target's key on the right.
fn legend(
    c: &mut Canvas,
    step: &StepView<'_>,
    (left, right, base): (f32, f32, f32),
    words: &ChartCopy,
) {
    let fonts = c.fonts();
    let t = words.target.fill(&[("threshold", &target(step.threshold))]);
    let tw = c.text(&t, (right, base), (Weight::Bold, SMALL), INK, Align::Right);
    let key = right - tw - 10.0;
    c.polyline(
        &[(key - 26.0, base - 7.0), (key, base - 7.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );
    if let Some(r) = step.rate {
        let range = words
            .range
            .fill(&[("low", &percent(r.low)), ("high", &percent(r.high))]);
        let room = (key - 26.0 - 16.0 - left).max(20.0);
        let size = fit(fonts, &range, (Weight::Regular, SMALL), room);
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

/// The size at which `text` fits in `max` pixels: the given size, or smaller down to 60% of it.
fn fit(fonts: &Fonts, text: &str, (weight, size): (Weight, f32), max: f32) -> f32 {
    let width = fonts.width(text, weight, size);
    if width <= max || width <= 0.0 {
        size
    } else {
        (size * max / width).max(size * 0.6)
    }
}

/// `text` in lines of at most `max` pixels, at most `most` of them (the last one shortened
/// with "…" when the text does not fit).
fn wrap(
    fonts: &Fonts,
    text: &str,
    (weight, size): (Weight, f32),
    max: f32,
    most: usize,
) -> Vec<String> {
    let fits = |t: &str| fonts.width(t, weight, size) <= max;
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || fits(&candidate) {
            line = candidate;
        } else {
            out.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > most {
        let rest = out.split_off(most.saturating_sub(1)).join(" ");
        out.push(rest);
    }
    if let Some(last) = out.last_mut() {
        if !fits(last) {
            let mut chars: Vec<char> = last.chars().collect();
            while chars.pop().is_some() {
                let cut = format!("{}…", chars.iter().collect::<String>().trim_end());
                if fits(&cut) || chars.is_empty() {
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
