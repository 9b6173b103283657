//! The funnel chart: a PNG of impressions → clicks → orders, drawn from a decode (pure and
//! deterministic: the same numbers give the same bytes), and its alt text (`alt`).
//!
//! It is read on a phone, about 360 px wide, so every word is drawn at least 1/30 of the
//! picture's width (12 px on that phone) and never shrunk to fit: `legible` checks every word
//! the chart can draw. The picture, top to bottom: the verdict's headline; one row per stage
//! with its count and a bar drawn to scale (so 12,500 → 310 → 4 shows the drop as it is);
//! between the stages, Product CTR and Product CTOR, each with a mark saying how it compares
//! with the target (shape, word and colour together, so nothing rests on colour alone), the
//! rate in everyday words ("1 in 40 impressions got a click"), and a strip with scale marks where a
//! dot marks the rate and a bar around it where the real rate probably is, against the target
//! (a dashed line); a short note in plain words saying what is drawn (only the target line
//! when no step has a rate). Every word comes from `[chart]` and the tables of `prompts/decode.toml`.
//! Before/after (`/test show`, `/test result`) stacks two of these, one above the other, at
//! the same width, so each side's words stay as large.
//!
//! The palette is Okabe–Ito (safe for the common colour-blindnesses), on an opaque white card
//! with a grey border, so it reads the same in Discord's dark and light themes; the PNG is
//! written with that palette (`palette`), one byte a pixel.

mod alt;
mod canvas;
mod legible;
mod palette;

pub use alt::{alt_text, before_after_alt, ALT_MAX};
pub use legible::{legibility_problems, MIN_SHARE};

use canvas::{Align, Canvas, Fill, Fonts, Rgb, Weight};
use palette::{BAR, BORDER, CARD, FLOW, INK, OK, OPEN, OPEN_LIGHT, SOFT, TRACK, WEAK, WEAK_LIGHT};

use crate::content::decode::ChartCopy;
use crate::content::DecodeCopy;
use crate::funnel::interval::whole;
use crate::funnel::{Decoded, Judgement, Rate, Step, StepKind, Verdict};

use super::format::{count, target};

/// The attachment's name, and so the embed's `attachment://funnel.png`.
pub const FILENAME: &str = "funnel.png";
/// The width of every chart, in pixels: `/decode`'s, and the before/after pair's (stacked).
/// A phone shows it about 360 px wide; at 600 px every word keeps its 1/30 of the width
/// (12 px on the phone) with 31% fewer pixels to draw and compress than at 720.
pub const WIDTH: u32 = 600;
/// The width the layout below is written in: every position and size is in units of a
/// 720-wide picture, scaled to [`WIDTH`] pixels by the canvas.
const LAYOUT: u32 = 720;

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
    draw(&[Panel::of(d, None, copy)], copy)?.png()
}

/// Before above after, in the same style and on the same scales (`sides` are the words for
/// "before" and "after").
pub fn before_after(
    before: &Decoded,
    after: &Decoded,
    sides: [&str; 2],
    copy: &DecodeCopy,
) -> Result<Png, ChartError> {
    draw(&pair(before, after, sides, copy), copy)?.png()
}

fn pair<'a>(
    before: &Decoded,
    after: &Decoded,
    sides: [&'a str; 2],
    copy: &'a DecodeCopy,
) -> [Panel<'a>; 2] {
    [
        Panel::of(before, Some(sides[0]), copy),
        Panel::of(after, Some(sides[1]), copy),
    ]
}

/// The characters of `text` the chart's font cannot draw (checked for the chart's words by
/// `funnel-coach check`).
pub fn missing_glyphs(text: &str) -> Result<Vec<char>, ChartError> {
    Ok(canvas::fonts()?.missing(text))
}

// ---- what one side shows -------------------------------------------------------------------

/// More orders than clicks: nothing on the chart can be trusted until the numbers are fixed.
fn mismatch(d: &Decoded) -> bool {
    d.counts.orders > d.counts.clicks
}

/// Why a step has no rate, in the chart's short words.
fn no_rate(kind: StepKind, d: &Decoded, copy: &DecodeCopy) -> String {
    if kind == StepKind::Ctor && mismatch(d) {
        copy.chart.no_rate_mismatch.to_string()
    } else {
        copy.chart
            .no_rate
            .fill(&[("trials_name", &copy.steps[kind].trials_name)])
    }
}

/// The headline of a chart: the answer's (see [`super::decode::headline`]), or the chart's own
/// "these numbers don't line up".
fn headline<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    if mismatch(d) {
        &copy.chart.mismatch
    } else {
        super::decode::headline(d, copy)
    }
}

/// A step's rate as people: "1 in 40 impressions got a click", "8 in 10 clicks became an order",
/// "none of 5,000 impressions got a click". `None` without a rate.
fn people(s: &Step, d: &Decoded, c: &ChartCopy) -> Option<String> {
    let r = s.rate?;
    let words = &c.people[s.kind];
    let trials = match s.kind {
        StepKind::Ctr => d.counts.impressions,
        StepKind::Ctor => d.counts.clicks,
    };
    let rounded = |x: f64| whole(x.round()).map_or_else(String::new, count);
    Some(if r.value <= 0.0 {
        words.none.fill(&[("count", &count(trials))])
    } else if r.value < 0.5 {
        words.one_in.fill(&[("count", &rounded(1.0 / r.value))])
    } else {
        words.in_ten.fill(&[("count", &rounded(r.value * 10.0))])
    })
}

struct StageView<'a> {
    label: &'a str,
    count: u64,
}

/// What the mark on a step says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Judged(Judgement),
    /// More orders than clicks.
    Mismatch,
}

struct StepView<'a> {
    name: &'a str,
    rate: Option<Rate>,
    /// The rate in everyday words, or why there is none.
    words: String,
    threshold: f64,
    judgement: Judgement,
    mark: Mark,
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
            words: people(s, d, c).unwrap_or_else(|| no_rate(s.kind, d, copy)),
            threshold: s.threshold,
            judgement: s.judgement,
            mark: if s.kind == StepKind::Ctor && mismatch(d) {
                Mark::Mismatch
            } else {
                Mark::Judged(s.judgement)
            },
            fix_first: d.verdict == Verdict::Both && s.kind == StepKind::Ctr,
        };
        let stage = |label: &'a str, count: u64| StageView { label, count };
        Panel {
            side,
            headline: headline(d, copy),
            stages: [
                stage(&c.impressions, d.counts.impressions),
                stage(&c.clicks, d.counts.clicks),
                stage(&c.orders, d.counts.orders),
            ],
            steps: [step(&d.ctr), step(&d.ctor)],
        }
    }
}

// ---- look ----------------------------------------------------------------------------------

const PAD: f32 = 28.0;
const TOP: f32 = 22.0;
const BOTTOM: f32 = 18.0;
/// The smallest text: 1/30 of the width (24 of the layout's 720, so 20 px of the picture's
/// 600; 12 px on a 360 px phone).
const SMALL: f32 = 24.0;
const SIDE: f32 = 28.0;
const SIDE_LINE: f32 = 40.0;
const HEADLINE: f32 = 32.0;
const HEADLINE_LINE: f32 = 40.0;
const HEADLINE_LINES: usize = 3;
const STAGE_LABEL: f32 = 26.0;
const COUNT: f32 = 30.0;
const STEP_NAME: f32 = 26.0;
const STEP_VALUE: f32 = 30.0;
const NOTE_LINE: f32 = 31.0;
const NOTE_LINES: usize = 3;
const STAGE_H: f32 = 48.0;
const STEP_H: f32 = 160.0;
/// Where the step rows start, right of the arrow from stage to stage.
const STEP_INDENT: f32 = 44.0;
/// The room between two panels stacked.
const GAP: f32 = 26.0;

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

/// The chart drawn on a canvas (not encoded yet).
fn draw(panels: &[Panel<'_>], copy: &DecodeCopy) -> Result<Canvas, ChartError> {
    let fonts = canvas::fonts()?;
    let w = px(LAYOUT);
    let scales = scales(panels, fonts);
    let text_w = w - 2.0 * PAD;
    let headlines: Vec<(Vec<String>, bool)> = panels
        .iter()
        .map(|p| {
            wrap(
                fonts,
                p.headline,
                (Weight::Bold, HEADLINE),
                text_w,
                HEADLINE_LINES,
            )
        })
        .collect();
    // The note explains only what is drawn: with no rate anywhere, only the target line.
    let note_text = if panels
        .iter()
        .flat_map(|p| &p.steps)
        .any(|s| s.rate.is_some())
    {
        &copy.chart.note
    } else {
        &copy.chart.note_no_rate
    };
    let (note, note_cut) = wrap(
        fonts,
        note_text,
        (Weight::Regular, SMALL),
        text_w,
        NOTE_LINES,
    );
    let panel_h = |p: &Panel<'_>, lines_n: usize| {
        let side = if p.side.is_some() { SIDE_LINE } else { 0.0 };
        side + lines(lines_n) * HEADLINE_LINE + 8.0 + 3.0 * STAGE_H + 2.0 * STEP_H
    };
    let heights: Vec<f32> = panels
        .iter()
        .zip(&headlines)
        .map(|(p, (l, _))| panel_h(p, l.len()))
        .collect();
    let gaps = lines(panels.len().saturating_sub(1)) * GAP;
    let note_top = TOP + heights.iter().sum::<f32>() + gaps + 6.0;
    let height = whole_px(note_top + lines(note.len()) * NOTE_LINE + BOTTOM);

    // An opaque card (Discord rounds the corners of an embed's image itself).
    let mut c = Canvas::new((LAYOUT, height), WIDTH, CARD)?;
    c.frame(2.0, BORDER);
    let mut y = TOP;
    for (i, ((panel, (headline, cut)), h)) in
        panels.iter().zip(&headlines).zip(&heights).enumerate()
    {
        if i > 0 {
            let mid = y - GAP / 2.0;
            c.polyline(&[(PAD, mid), (w - PAD, mid)], 2.0, BORDER, None);
        }
        let top = y;
        if let Some(side) = panel.side {
            line(
                &mut c,
                side,
                (PAD, y + 28.0),
                (Weight::Bold, SIDE),
                SOFT,
                text_w,
            );
            y += SIDE_LINE;
        }
        for l in headline {
            c.text(
                l,
                (PAD, y + 32.0),
                (Weight::Bold, HEADLINE),
                INK,
                Align::Left,
            );
            y += HEADLINE_LINE;
        }
        if *cut {
            c.cut(panel.headline, HEADLINE);
        }
        y += 8.0;
        for (k, stage) in panel.stages.iter().enumerate() {
            stage_row(&mut c, stage, y, &scales);
            y += STAGE_H;
            if let (Some(step), Some(axis)) = (panel.steps.get(k), scales.axis.get(k)) {
                step_row(&mut c, step, y, *axis, &copy.chart);
                y += STEP_H;
            }
        }
        y = top + h + GAP;
    }
    let mut y = note_top;
    for l in &note {
        c.text(
            l,
            (PAD, y + 24.0),
            (Weight::Regular, SMALL),
            SOFT,
            Align::Left,
        );
        y += NOTE_LINE;
    }
    if note_cut {
        c.cut(note_text, SMALL);
    }
    Ok(c)
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
        .min(px(LAYOUT) * 0.4)
        + 16.0;
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

/// The scale marks of a strip from 0 to `axis` (1, 2, 2.5 or 5 times a power of ten): four or
/// five even steps.
fn ticks(axis: f64) -> Vec<f64> {
    let power = 10_f64.powf(axis.log10().floor());
    let lead = axis / power;
    let step = if (lead - 2.0).abs() < 1e-6 {
        axis / 4.0
    } else {
        axis / 5.0
    };
    (0..=5)
        .map(|k| step * f64::from(k))
        .filter(|v| *v <= axis * (1.0 + 1e-9))
        .collect()
}

/// A scale mark as a percentage with as few decimals as its step needs: `0.005` → `0.5%`.
fn tick_label(v: f64, step: f64) -> String {
    let mut decimals = 0;
    while decimals < 6 && (step * 100.0 * 10_f64.powi(decimals)).fract().abs() > 1e-6 {
        decimals += 1;
    }
    let digits = usize::try_from(decimals).unwrap_or(0);
    let s = format!("{:.digits$}", v * 100.0);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    format!("{s}%")
}

/// A stage: its name, its count and a bar to scale; any count above zero shows at least a
/// sliver, and zero shows none.
fn stage_row(c: &mut Canvas, stage: &StageView<'_>, y: f32, sc: &Scales) {
    let x = PAD;
    let label = (Weight::Regular, STAGE_LABEL);
    line(c, stage.label, (x, y + 33.0), label, INK, sc.label_w - 12.0);
    let count_right = x + sc.label_w + sc.count_w;
    c.text(
        &count(stage.count),
        (count_right, y + 34.0),
        (Weight::Bold, COUNT),
        INK,
        Align::Right,
    );
    let bar_x = count_right + 16.0;
    let bar_max = (px(LAYOUT) - PAD - bar_x).max(24.0);
    if stage.count == 0 {
        return;
    }
    let share = real(stage.count) / real(sc.most.max(1));
    let len = share_of(bar_max, share).max(4.0);
    c.round_rect((bar_x, y + 9.0, len, 30.0), 4.0, Fill::Solid(BAR));
}

/// A step: the arrow from stage to stage; its name, rate and mark; the rate in everyday
/// words beside the target's key; the strip with its scale marks.
fn step_row(c: &mut Canvas, step: &StepView<'_>, y: f32, axis: f64, words: &ChartCopy) {
    let arrow = PAD + 14.0;
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
    let (left, right) = (PAD + STEP_INDENT, px(LAYOUT) - PAD);
    let title_right = title(c, step, (left, y));
    let mut mark_right = right;
    if step.fix_first {
        let room = (right - title_right) / 2.0;
        let font = (Weight::Bold, SMALL);
        let shown = line_right(c, &words.fix_first, (right, y + 36.0), font, WEAK, room);
        mark_right -= shown + 12.0;
    }
    mark(
        c,
        step.mark,
        (title_right + 12.0, mark_right, y + 8.0),
        words,
    );
    let key_left = legend(c, step, (right, y + 80.0), words);
    let font = match step.rate {
        Some(_) => (Weight::Regular, SMALL),
        None => (Weight::Bold, SMALL),
    };
    let colour = if step.rate.is_some() { INK } else { OPEN };
    line(
        c,
        &step.words,
        (left, y + 80.0),
        font,
        colour,
        key_left - 16.0 - left,
    );
    strip(c, step, (left, right, y + 98.0), axis);
}

/// The step's name and its rate; returns the right edge.
fn title(c: &mut Canvas, step: &StepView<'_>, (left, y): (f32, f32)) -> f32 {
    let room = (px(LAYOUT) - PAD - left) * 0.45;
    let name_w = line(
        c,
        step.name,
        (left, y + 36.0),
        (Weight::Regular, STEP_NAME),
        SOFT,
        room,
    );
    let value_x = left + name_w + 10.0;
    match step.rate {
        Some(r) => {
            let v = super::format::percent(r.value);
            value_x
                + c.text(
                    &v,
                    (value_x, y + 37.0),
                    (Weight::Bold, STEP_VALUE),
                    INK,
                    Align::Left,
                )
        }
        None => left + name_w,
    }
}

/// The mark, right-aligned at `right` (and no further left than `left`): shape, word and
/// colour all say the same thing.
fn mark(c: &mut Canvas, m: Mark, (left, right, top): (f32, f32, f32), words: &ChartCopy) {
    let word = match m {
        Mark::Judged(j) => &words.marks[j],
        Mark::Mismatch => &words.mismatch_mark,
    };
    let font = (Weight::Bold, SMALL);
    let inside = 14.0 + 22.0 + 8.0 + 16.0;
    let room = (right - left - inside).max(SMALL);
    let shown = c.fonts().width(word, font.0, font.1).min(room);
    let width = inside + shown;
    let (x, h) = (right - width, 40.0);
    let rect = (x, top, width, h);
    let fg = match m {
        Mark::Judged(Judgement::Ok) => {
            c.round_rect(rect, h / 2.0, Fill::Solid(OK));
            CARD
        }
        Mark::Judged(Judgement::Weak) => {
            c.round_rect(rect, h / 2.0, Fill::Solid(WEAK));
            CARD
        }
        Mark::Judged(Judgement::Undetermined) => {
            c.round_rect_outline(rect, h / 2.0, 2.5, OPEN, Some([6.0, 4.0]));
            OPEN
        }
        Mark::Mismatch => {
            c.round_rect_outline(rect, h / 2.0, 2.5, INK, None);
            INK
        }
    };
    icon(c, m, (x + 25.0, top + h / 2.0), fg);
    line(c, word, (x + 44.0, top + 28.0), font, fg, room);
}

/// The strip from 0 (left) to `axis` (right): the band, the rate's dot, the target's line, and
/// the scale marks under it. Too early to call is hatched grey with a dashed edge; no rate at
/// all hatches the whole strip.
fn strip(c: &mut Canvas, step: &StepView<'_>, (left, right, top): (f32, f32, f32), axis: f64) {
    let (h, width) = (22.0, right - left);
    let at = |v: f64| left + share_of(width, v / axis);
    c.round_rect((left, top, width, h), 4.0, Fill::Solid(TRACK));
    scale(c, (left, right, top + h), axis);
    let hatched = Fill::Stripes {
        stripe: OPEN,
        ground: OPEN_LIGHT,
    };
    let Some(r) = step.rate else {
        c.round_rect((left, top, width, h), 4.0, hatched);
        target_line(c, at(step.threshold), top, h);
        return;
    };
    let (mut lo, mut hi) = (at(r.low), at(r.high));
    // A narrow band still shows around the dot.
    if hi - lo < 26.0 {
        let mid = lo.midpoint(hi).clamp(left + 13.0, right - 13.0);
        (lo, hi) = (mid - 13.0, mid + 13.0);
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

/// The scale marks under a strip whose bottom is at `base`: a tick and a percentage each.
fn scale(c: &mut Canvas, (left, right, base): (f32, f32, f32), axis: f64) {
    let marks = ticks(axis);
    let step = marks.get(1).copied().unwrap_or(axis);
    let last = marks.len().saturating_sub(1);
    for (i, v) in marks.iter().enumerate() {
        let x = left + share_of(right - left, v / axis);
        c.polyline(&[(x, base), (x, base + 7.0)], 2.0, SOFT, None);
        let align = match i {
            0 => Align::Left,
            i if i == last => Align::Right,
            _ => Align::Centre,
        };
        let at_x = match align {
            Align::Left => x - 1.0,
            Align::Right => x + 1.0,
            Align::Centre => x,
        };
        c.text(
            &tick_label(*v, step),
            (at_x, base + 32.0),
            (Weight::Regular, SMALL),
            SOFT,
            align,
        );
    }
}

fn target_line(c: &mut Canvas, x: f32, top: f32, h: f32) {
    c.polyline(
        &[(x, top - 8.0), (x, top + h + 8.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );
}

/// The target's key, right-aligned at `right` on the baseline `base`; returns its left edge.
fn legend(
    c: &mut Canvas,
    step: &StepView<'_>,
    (right, base): (f32, f32),
    words: &ChartCopy,
) -> f32 {
    let t = words.target.fill(&[("threshold", &target(step.threshold))]);
    let tw = line_right(c, &t, (right, base), (Weight::Bold, SMALL), INK, 260.0);
    let key = right - tw - 10.0;
    c.polyline(
        &[(key - 26.0, base - 8.0), (key, base - 8.0)],
        3.0,
        INK,
        Some([6.0, 4.0]),
    );
    key - 26.0
}

/// The shape in a mark: a tick (at or above the target), a down-pointing triangle (weak), a
/// double arrow (could go either way), an exclamation mark (the numbers don't line up).
fn icon(c: &mut Canvas, m: Mark, (cx, cy): (f32, f32), colour: Rgb) {
    match m {
        Mark::Judged(Judgement::Ok) => c.polyline(
            &[(cx - 8.0, cy), (cx - 2.5, cy + 6.0), (cx + 8.0, cy - 6.5)],
            3.5,
            colour,
            None,
        ),
        Mark::Judged(Judgement::Weak) => c.polygon(
            &[(cx - 9.0, cy - 6.0), (cx + 9.0, cy - 6.0), (cx, cy + 8.0)],
            colour,
        ),
        Mark::Judged(Judgement::Undetermined) => {
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
        Mark::Mismatch => {
            c.polyline(&[(cx, cy - 10.0), (cx, cy + 3.0)], 4.0, colour, None);
            c.circle((cx, cy + 9.0), 2.5, colour);
        }
    }
}

/// One line of text from `at`, at its size, in at most `max` pixels: when it does not fit it
/// is cut with "…" (never made smaller) and the cut is recorded for the legibility check.
/// Returns the width drawn.
fn line(
    c: &mut Canvas,
    text: &str,
    at: (f32, f32),
    font: (Weight, f32),
    colour: Rgb,
    max: f32,
) -> f32 {
    let shown = shorten(c, text, font, max);
    c.text(&shown, at, font, colour, Align::Left)
}

/// [`line`], right-aligned at `at`.
fn line_right(
    c: &mut Canvas,
    text: &str,
    at: (f32, f32),
    font: (Weight, f32),
    colour: Rgb,
    max: f32,
) -> f32 {
    let shown = shorten(c, text, font, max);
    c.text(&shown, at, font, colour, Align::Right)
}

/// `text`, or as much of it as fits in `max` pixels followed by "…" (recorded as cut).
fn shorten(c: &mut Canvas, text: &str, (weight, size): (Weight, f32), max: f32) -> String {
    let fonts = c.fonts();
    if fonts.width(text, weight, size) <= max {
        return text.to_owned();
    }
    c.cut(text, size);
    let mut chars: Vec<char> = text.chars().collect();
    while chars.pop().is_some() {
        let cut = format!("{}…", chars.iter().collect::<String>().trim_end());
        if fonts.width(&cut, weight, size) <= max || chars.is_empty() {
            return cut;
        }
    }
    "…".to_owned()
}

/// `text` in lines of at most `max` pixels, at most `most` of them (the last one shortened
/// with "…" when the text does not fit: then the flag is true).
fn wrap(
    fonts: &Fonts,
    text: &str,
    (weight, size): (Weight, f32),
    max: f32,
    most: usize,
) -> (Vec<String>, bool) {
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
    let mut cut = false;
    if let Some(last) = out.last_mut() {
        if !fits(last) {
            cut = true;
            let mut chars: Vec<char> = last.chars().collect();
            while chars.pop().is_some() {
                let shorter = format!("{}…", chars.iter().collect::<String>().trim_end());
                if fits(&shorter) || chars.is_empty() {
                    *last = shorter;
                    break;
                }
            }
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    (out, cut)
}
