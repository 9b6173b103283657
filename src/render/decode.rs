//! The decode answer and its errors, from `prompts/decode.toml`.
//!
//! The first message fits a phone (see [`super::limits::FIRST_SCREEN`]): the headline, what it
//! means, Product CTR and CTOR with their ranges, one next test, and the add-to-cart rate or a
//! warning only where they change what to do. The checklist is one tap away (a button whose
//! verdict travels in its id); everything else is in [`decoded_full`] (`--full`).

use crate::content::decode::{Checklist, VerdictCopy};
use crate::content::DecodeCopy;
use crate::funnel::{
    Cart, Counts, DecodeError, Decoded, Field, Instead, Judgement, Rate, Reach, Side, StepKind,
    Verdict, Warning,
};

use super::components::{ComponentId, DecodeId};
use super::format::{count, percent, target};
use super::reply::{Button, Reply, Tone};

/// The decode answer's first message: headline, meaning, the two rates with their ranges, what
/// the add-to-cart count says (when it says something), warnings, one next test, and the
/// checklist button.
pub fn decoded(d: &Decoded, copy: &DecodeCopy) -> Reply {
    let [ctr, ctor] = judged_steps(d, copy);
    let mut reply = Reply::new(headline(d, copy), meaning(d, copy), tone(d.verdict))
        .field(ctr.0, ctr.1)
        .field(ctor.0, ctor.1);
    if let Some(cart) = d.cart() {
        let c = &copy.carts;
        let said = match cart {
            Cart::None => &c.none,
            Cart::LeftBehind => &c.left_behind,
            Cart::Few => &c.few,
        };
        let (title, rate) = add_to_cart_field(d, copy);
        reply = reply.field(title, format!("{rate}\n{said}"));
    }
    // One warning at most: more orders than clicks comes first; the rest is in the full answer.
    if let Some(w) = d.warnings.first() {
        reply = reply.field(&copy.labels.warnings, warning(*w, copy));
    }
    let shown = d.ctr.rate.is_some()
        || d.ctor.rate.is_some()
        || (d.cart().is_some() && d.add_to_cart_rate.is_some());
    let mut reply = reply
        .field(&copy.labels.next_test, next_test(d, copy))
        .footer(footer(shown, copy));
    reply.buttons.push(checklist_button(d.verdict, copy));
    reply
}

/// The footer: it explains "likely between" only when a range is on screen.
fn footer(range_shown: bool, copy: &DecodeCopy) -> &str {
    if range_shown {
        &copy.labels.footer
    } else {
        &copy.labels.footer_no_range
    }
}

/// Everything: the counts, every rate (order rate and add-to-cart rate too), the warnings,
/// the checklist and the next test. `funnel-coach decode --full`.
pub fn decoded_full(d: &Decoded, copy: &DecodeCopy) -> Reply {
    let s = &copy.rates;
    let [ctr, ctor] = judged_steps(d, copy);
    let mut reply = Reply::new(headline(d, copy), meaning(d, copy), tone(d.verdict))
        .field(&copy.labels.counts, counts_line(&d.counts, copy))
        .field(ctr.0, ctr.1)
        .field(ctor.0, ctor.1)
        .field(
            step_title(&s.order_rate, &s.order_rate_formula),
            rate_value(
                d.order_rate,
                d.counts.orders,
                d.counts.impressions,
                &copy.steps[StepKind::Ctr].trials_name,
                copy,
            ),
        );
    if d.counts.add_to_carts.is_some() {
        let (title, value) = add_to_cart_field(d, copy);
        reply = reply.field(title, value);
    }
    if !d.warnings.is_empty() {
        reply = reply.field(&copy.labels.warnings, warnings(d, copy));
    }
    let shown = [d.ctr.rate, d.ctor.rate, d.order_rate, d.add_to_cart_rate]
        .iter()
        .any(Option::is_some);
    reply
        .field(&copy.labels.checklist, bullets(checklist(d.verdict, copy)))
        .field(&copy.labels.next_test, next_test(d, copy))
        .footer(footer(shown, copy))
}

/// The typical answers a first message must fit (each verdict, an open step within and out
/// of reach, on and near its target, numbers that don't line up, add-to-carts), with the
/// default targets: `funnel-coach check` refuses copy that pushes one past
/// [`super::limits::FIRST_SCREEN`]. Each over it, named by its counts, with its length.
pub fn over_first_screen(copy: &DecodeCopy) -> Vec<(String, usize)> {
    let cases: [(u64, u64, u64, Option<u64>); 11] = [
        (12_500, 310, 4, None),
        (12_500, 150, 6, None),
        (0, 0, 0, None),
        (1_000, 10, 20, Some(30)),
        (50_000, 100, 5, Some(12)),
        (20_000, 1_000, 3, Some(40)),
        (500_000, 1_500, 2, Some(2_000)),
        (10_000, 400, 40, Some(90)),
        (100_000, 1_000, 18, None),
        (10_000, 100, 5, None),
        (100_000, 50, 2, None),
    ];
    cases
        .into_iter()
        .filter_map(|(impressions, clicks, orders, add_to_carts)| {
            let counts = Counts {
                impressions,
                clicks,
                orders,
                add_to_carts,
            };
            let d = crate::funnel::decode(counts, crate::funnel::Thresholds::default());
            let n = super::limits::first_screen(&decoded(&d, copy));
            (n > super::limits::FIRST_SCREEN).then(|| (counts_line(&counts, copy), n))
        })
        .collect()
}

/// What the checklist button opens, for the member who taps it.
pub fn checklist_reply(v: Verdict, copy: &DecodeCopy) -> Reply {
    Reply::new(
        copy.labels.checklist_title.to_string(),
        bullets(checklist(v, copy)),
        tone(v),
    )
}

/// The button under the first message that opens the checklist.
pub fn checklist_button(v: Verdict, copy: &DecodeCopy) -> Button {
    Button {
        label: copy.labels.checklist_button.to_string(),
        custom_id: DecodeId::Checklist(v).custom_id(),
    }
}

fn tone(v: Verdict) -> Tone {
    match v {
        Verdict::Healthy => Tone::Good,
        Verdict::NotEnoughData => Tone::Unknown,
        Verdict::BeforeClick | Verdict::AfterClick => Tone::Caution,
        Verdict::Both => Tone::Problem,
    }
}

/// More orders than clicks, with nothing clearly weak: the numbers don't line up, which is
/// not a question of waiting for more.
fn mismatched(d: &Decoded) -> bool {
    d.verdict == Verdict::NotEnoughData && d.warnings.contains(&Warning::OrdersAboveClicks)
}

/// The verdict's headline, "these numbers don't line up", or, when every open step stays
/// close to its target whatever more numbers come, "borderline" (not "not enough data",
/// which the rest of the answer would contradict).
pub fn headline<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    if mismatched(d) {
        &copy.mismatch.headline
    } else if too_close(d) {
        &copy.on_target.headline
    } else {
        &verdict_copy(d.verdict, copy).headline
    }
}

/// What the verdict means for these numbers (when it is too early, which step is open and
/// why).
pub fn meaning(d: &Decoded, copy: &DecodeCopy) -> String {
    if mismatched(d) {
        return copy.mismatch.meaning.to_string();
    }
    verdict_copy(d.verdict, copy).meaning.fill(&[
        ("open_steps", open_steps(d, copy)),
        ("why", why_open(d, copy)),
    ])
}

/// One next test: the verdict's, or what to do when the numbers don't line up or one video
/// can't bring enough of them.
pub fn next_test(d: &Decoded, copy: &DecodeCopy) -> String {
    if mismatched(d) {
        return copy.mismatch.next_test.to_string();
    }
    if d.verdict != Verdict::NotEnoughData {
        return verdict_copy(d.verdict, copy).next_test.to_string();
    }
    let open = [StepKind::Ctor, StepKind::Ctr];
    let step_name = |kind: StepKind| [("step", copy.steps[kind].name.as_str())];
    if let Some(kind) = open
        .into_iter()
        .find(|k| d.instead(*k) == Some(Instead::AddUp))
    {
        return copy.out_of_reach.next_test.fill(&step_name(kind));
    }
    if let Some(kind) = on_target(d) {
        return copy.on_target.next_test.fill(&step_name(kind));
    }
    verdict_copy(d.verdict, copy).next_test.to_string()
}

/// Whether every open step stays close to its target whatever more numbers come: the numbers
/// are enough, the rate is simply borderline (see [`on_target`]).
pub fn too_close(d: &Decoded) -> bool {
    d.verdict == Verdict::NotEnoughData && on_target(d).is_some()
}

/// When every open step is close to its target with numbers big enough to show it stays
/// close ([`Reach::Never`]), so more numbers won't judge any of them: the first of them (the
/// step before the click comes first).
fn on_target(d: &Decoded) -> Option<StepKind> {
    let open: Vec<StepKind> = [StepKind::Ctr, StepKind::Ctor]
        .into_iter()
        .filter(|k| d.step(*k).judgement == Judgement::Undetermined)
        .collect();
    let settled = |k: &StepKind| d.outlook(*k).is_some_and(|o| o.reach == Reach::Never);
    match open.first() {
        Some(first) if open.iter().all(settled) => Some(*first),
        _ => None,
    }
}

fn warnings(d: &Decoded, copy: &DecodeCopy) -> String {
    d.warnings
        .iter()
        .map(|w| warning(*w, copy))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn add_to_cart_field(d: &Decoded, copy: &DecodeCopy) -> (String, String) {
    let s = &copy.rates;
    let ctor = &copy.steps[StepKind::Ctor];
    let atc = d.counts.add_to_carts.unwrap_or(0);
    let value = match d.add_to_cart_rate {
        Some(_) => rate_value(
            d.add_to_cart_rate,
            atc,
            d.counts.clicks,
            &ctor.trials_name,
            copy,
        ),
        None if d.counts.clicks == 0 => s.no_rate.fill(&[("trials_name", &ctor.trials_name)]),
        None => copy.warnings[Warning::AddToCartsAboveClicks].to_string(),
    };
    (
        step_title(&s.add_to_cart_rate, &s.add_to_cart_rate_formula),
        value,
    )
}

/// Product CTR and Product CTOR as (title, text): each rate with its range, and how it
/// compares with the target (for a step too early to judge: what it shows so far). `/decode`
/// and the drills' answers explain with these.
pub fn judged_steps(d: &Decoded, copy: &DecodeCopy) -> [(String, String); 2] {
    [StepKind::Ctr, StepKind::Ctor].map(|kind| {
        let words = &copy.steps[kind];
        (
            step_title(&words.name, &words.formula),
            step_value(d, kind, copy),
        )
    })
}

/// How a step compares with its target, in a sentence or two: below, at or above, or for a
/// step too early to judge, which side it is on so far, whether that is borderline, and how
/// far away an answer is. `None` when the step has no rate.
pub fn judgement(d: &Decoded, kind: StepKind, copy: &DecodeCopy) -> Option<String> {
    let s = &copy.rates;
    let step = d.step(kind);
    step.rate?;
    let t = target(step.threshold);
    let threshold = [("threshold", t.as_str())];
    match step.judgement {
        Judgement::Weak => return Some(s.weak.fill(&threshold)),
        Judgement::Ok => return Some(s.ok.fill(&threshold)),
        Judgement::Undetermined => {}
    }
    let o = d.outlook(kind)?;
    let a = &copy.amounts;
    let (amounts, more_amounts) = match kind {
        StepKind::Ctr => (&a.impressions, &a.more_impressions),
        StepKind::Ctor => (&a.clicks, &a.more_clicks),
    };
    let trials = d.trials(kind);
    let have = amounts.of(trials, &count(trials));
    let so_far = [("threshold", t.as_str()), ("amount", have.as_str())];
    let mut out = vec![match (o.reach, o.side) {
        (Reach::Never, _) => s.on_target.fill(&so_far),
        (_, Side::Under) => s.under_so_far.fill(&so_far),
        (_, Side::Over) => s.over_so_far.fill(&so_far),
        (_, Side::On) => s.on_so_far.fill(&so_far),
    }];
    if o.borderline && o.side != Side::On && o.reach != Reach::Never {
        out.push(s.borderline.to_string());
    }
    match o.reach {
        Reach::Within(more) => {
            out.push(
                s.within_reach
                    .fill(&[("amount", &more_amounts.of(more, &count(more)))]),
            );
        }
        Reach::OutOfReach(more) => {
            out.push(
                s.out_of_reach
                    .fill(&[("amount", &more_amounts.of(more, &count(more)))]),
            );
        }
        Reach::Never => {}
    }
    if let Some(Instead::WorkOn(other)) = d.instead(kind) {
        out.push(s.work_on.fill(&[("step", &copy.steps[other].name)]));
    }
    Some(out.join(" "))
}

/// The explanation for input that cannot be decoded: names the field and how to fix it.
pub fn error(e: &DecodeError, copy: &DecodeCopy) -> String {
    let errs = &copy.errors;
    match e {
        DecodeError::Count(c) => {
            // Backticks in what was typed would break the code span around it.
            let input = c.input.replace('`', "'");
            errs.count[c.problem].fill(&[("field", field_name(c.field, copy)), ("input", &input)])
        }
        DecodeError::ClicksAboveImpressions {
            impressions,
            clicks,
        } => errs.clicks_above_impressions.fill(&[
            ("clicks", &count(*clicks)),
            ("impressions", &count(*impressions)),
        ]),
        DecodeError::ClicksWithoutImpressions { clicks } => errs
            .clicks_without_impressions
            .fill(&[("clicks", &count(*clicks))]),
    }
}

pub fn field_name(field: Field, copy: &DecodeCopy) -> &str {
    &copy.fields[field]
}

pub fn warning(w: Warning, copy: &DecodeCopy) -> &str {
    &copy.warnings[w]
}

pub fn verdict_copy(v: Verdict, copy: &DecodeCopy) -> &VerdictCopy {
    &copy.verdicts[v]
}

/// The checklist for the step to work on: both weak means before the click first.
pub fn checklist(v: Verdict, copy: &DecodeCopy) -> &Checklist {
    &copy.checklists[v.focus()]
}

fn open_steps<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    let o = &copy.open_steps;
    match (d.ctr.judgement, d.ctor.judgement) {
        (Judgement::Undetermined, Judgement::Undetermined) => &o.both,
        (Judgement::Undetermined, _) => &o.ctr,
        _ => &o.ctor,
    }
}

/// Why the open step(s) cannot be judged: no numbers at all, or (most often) numbers still
/// too small to tell chance from a real difference.
fn why_open<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    let w = &copy.open_reasons;
    let c = &d.counts;
    let ctr_open = d.ctr.judgement == Judgement::Undetermined;
    let ctor_open = d.ctor.judgement == Judgement::Undetermined;
    if (ctr_open && c.impressions == 0) || (!ctr_open && ctor_open && c.clicks == 0) {
        &w.no_numbers
    } else if on_target(d).is_some() {
        &w.on_target
    } else if [StepKind::Ctr, StepKind::Ctor]
        .into_iter()
        .filter(|k| d.step(*k).judgement == Judgement::Undetermined)
        .all(|k| d.outlook(k).is_some_and(|o| o.borderline))
    {
        &w.borderline
    } else {
        &w.small_numbers
    }
}

/// `impressions 12,500 · clicks 310 · orders 4`.
pub fn counts_line(c: &Counts, copy: &DecodeCopy) -> String {
    let (i, k, o) = (count(c.impressions), count(c.clicks), count(c.orders));
    match c.add_to_carts {
        Some(a) => copy.labels.counts_line_atc.fill(&[
            ("impressions", &i),
            ("clicks", &k),
            ("orders", &o),
            ("add_to_carts", &count(a)),
        ]),
        None => {
            copy.labels
                .counts_line
                .fill(&[("impressions", &i), ("clicks", &k), ("orders", &o)])
        }
    }
}

fn step_title(name: &str, formula: &str) -> String {
    format!("{name} · {formula}")
}

fn rate_value(
    rate: Option<Rate>,
    successes: u64,
    trials: u64,
    trials_name: &str,
    copy: &DecodeCopy,
) -> String {
    let s = &copy.rates;
    match rate {
        Some(r) => s.rate.fill(&[
            ("value", &percent(r.value)),
            ("successes", &count(successes)),
            ("trials", &count(trials)),
            ("low", &percent(r.low)),
            ("high", &percent(r.high)),
        ]),
        None if trials == 0 => s.no_rate.fill(&[("trials_name", trials_name)]),
        None => s.no_rate_mismatch.to_string(),
    }
}

fn step_value(d: &Decoded, kind: StepKind, copy: &DecodeCopy) -> String {
    let c = &d.counts;
    let (successes, trials) = match kind {
        StepKind::Ctr => (c.clicks, c.impressions),
        StepKind::Ctor => (c.orders, c.clicks),
    };
    let rate = if kind == StepKind::Ctor && c.orders > c.clicks {
        copy.rates.no_rate_orders_above_clicks.to_string()
    } else {
        rate_value(
            d.step(kind).rate,
            successes,
            trials,
            &copy.steps[kind].trials_name,
            copy,
        )
    };
    // Without a rate there is nothing to compare with the target: the line says why.
    match judgement(d, kind, copy) {
        Some(j) => format!("{rate}\n{j}"),
        None => rate,
    }
}

fn bullets(items: &Checklist) -> String {
    items
        .0
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}
