//! The decode answer and its errors, from `prompts/decode.toml`.

use crate::content::{fill, DecodeCopy};
use crate::funnel::{
    Counts, DecodeError, Decoded, Field, Judgement, Rate, Step, StepKind, Verdict, Warning,
};

use super::format::{count, percent, target};
use super::reply::{Reply, Tone};

/// The decode answer as a reply: headline, rates with ranges, meaning, checklist, next test.
pub fn decoded(d: &Decoded, copy: &DecodeCopy) -> Reply {
    let v = verdict_copy(d.verdict, copy);
    let open_steps = open_steps(d, copy);
    let meaning = fill(
        &v.meaning,
        &[("open_steps", open_steps), ("why", why_open(d, copy))],
    );
    let tone = match d.verdict {
        Verdict::Healthy => Tone::Good,
        Verdict::NotEnoughData => Tone::Unknown,
        Verdict::BeforeClick | Verdict::AfterClick => Tone::Caution,
        Verdict::Both => Tone::Problem,
    };
    let s = &copy.steps;
    let mut reply = Reply::new(v.headline.clone(), meaning, tone)
        .field(copy.labels.counts.clone(), counts_line(&d.counts, copy))
        .field(
            step_title(&s.ctr, &s.ctr_formula),
            step_value(&d.ctr, &d.counts, copy),
        )
        .field(
            step_title(&s.ctor, &s.ctor_formula),
            step_value(&d.ctor, &d.counts, copy),
        )
        .field(
            step_title(&s.order_rate, &s.order_rate_formula),
            rate_value(
                d.order_rate,
                d.counts.orders,
                d.counts.impressions,
                &s.impressions_name,
                copy,
            ),
        );
    if let Some(atc) = d.counts.add_to_carts {
        let value = match d.add_to_cart_rate {
            Some(_) => rate_value(
                d.add_to_cart_rate,
                atc,
                d.counts.clicks,
                &s.clicks_name,
                copy,
            ),
            None if d.counts.clicks == 0 => fill(&s.no_rate, &[("trials_name", &s.clicks_name)]),
            None => copy.warnings.add_to_carts_above_clicks.clone(),
        };
        reply = reply.field(
            step_title(&s.add_to_cart_rate, &s.add_to_cart_rate_formula),
            value,
        );
    }
    if !d.warnings.is_empty() {
        let text: Vec<&str> = d.warnings.iter().map(|w| warning(*w, copy)).collect();
        reply = reply.field(copy.labels.warnings.clone(), text.join("\n\n"));
    }
    reply
        .field(
            copy.labels.checklist.clone(),
            bullets(checklist(d.verdict, copy)),
        )
        .field(copy.labels.next_test.clone(), v.next_test.clone())
        .footer(copy.labels.footer.clone())
}

/// The explanation for input that cannot be decoded: names the field and how to fix it.
pub fn error(e: &DecodeError, copy: &DecodeCopy) -> String {
    let errs = &copy.errors;
    match e {
        DecodeError::Count(c) => {
            let template = match c.problem.key() {
                "empty" => &errs.empty,
                "rate" => &errs.rate,
                "decimal" => &errs.decimal,
                "negative" => &errs.negative,
                "too_large" => &errs.too_large,
                _ => &errs.not_a_number,
            };
            // Backticks in what was typed would break the code span around it.
            let input = c.input.replace('`', "'");
            fill(
                template,
                &[("field", field_name(c.field, copy)), ("input", &input)],
            )
        }
        DecodeError::ClicksAboveImpressions {
            impressions,
            clicks,
        } => fill(
            &errs.clicks_above_impressions,
            &[
                ("clicks", &count(*clicks)),
                ("impressions", &count(*impressions)),
            ],
        ),
        DecodeError::ClicksWithoutImpressions { clicks } => fill(
            &errs.clicks_without_impressions,
            &[("clicks", &count(*clicks))],
        ),
    }
}

pub fn field_name(field: Field, copy: &DecodeCopy) -> &str {
    match field {
        Field::Impressions => &copy.fields.impressions,
        Field::Clicks => &copy.fields.clicks,
        Field::Orders => &copy.fields.orders,
        Field::AddToCarts => &copy.fields.add_to_carts,
    }
}

pub fn warning(w: Warning, copy: &DecodeCopy) -> &str {
    match w {
        Warning::OrdersAboveClicks => &copy.warnings.orders_above_clicks,
        Warning::AddToCartsAboveClicks => &copy.warnings.add_to_carts_above_clicks,
    }
}

pub fn verdict_copy(v: Verdict, copy: &DecodeCopy) -> &crate::content::copy::VerdictCopy {
    let vs = &copy.verdicts;
    match v {
        Verdict::BeforeClick => &vs.before_click,
        Verdict::AfterClick => &vs.after_click,
        Verdict::Both => &vs.both,
        Verdict::Healthy => &vs.healthy,
        Verdict::NotEnoughData => &vs.not_enough_data,
    }
}

/// The checklist for the step to work on: both weak means before the click first.
pub fn checklist(v: Verdict, copy: &DecodeCopy) -> &[String] {
    let c = &copy.checklists;
    match v {
        Verdict::BeforeClick | Verdict::Both => &c.before_click,
        Verdict::AfterClick => &c.after_click,
        Verdict::Healthy => &c.healthy,
        Verdict::NotEnoughData => &c.not_enough_data,
    }
}

fn open_steps<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    let o = &copy.open_steps;
    match (d.ctr.judgement, d.ctor.judgement) {
        (Judgement::Undetermined, Judgement::Undetermined) => &o.both,
        (Judgement::Undetermined, _) => &o.ctr,
        _ => &o.ctor,
    }
}

/// Why the open step(s) cannot be judged: no numbers at all, numbers that don't line up,
/// or (most often) numbers still too small to tell chance from a real difference.
fn why_open<'a>(d: &Decoded, copy: &'a DecodeCopy) -> &'a str {
    let w = &copy.open_reasons;
    let c = &d.counts;
    let ctr_open = d.ctr.judgement == Judgement::Undetermined;
    let ctor_open = d.ctor.judgement == Judgement::Undetermined;
    if (ctr_open && c.impressions == 0) || (!ctr_open && ctor_open && c.clicks == 0) {
        &w.no_numbers
    } else if ctor_open && !ctr_open && c.orders > c.clicks {
        &w.numbers_do_not_line_up
    } else {
        &w.small_numbers
    }
}

fn counts_line(c: &Counts, copy: &DecodeCopy) -> String {
    let (i, k, o) = (count(c.impressions), count(c.clicks), count(c.orders));
    match c.add_to_carts {
        Some(a) => fill(
            &copy.labels.counts_line_atc,
            &[
                ("impressions", &i),
                ("clicks", &k),
                ("orders", &o),
                ("add_to_carts", &count(a)),
            ],
        ),
        None => fill(
            &copy.labels.counts_line,
            &[("impressions", &i), ("clicks", &k), ("orders", &o)],
        ),
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
    let s = &copy.steps;
    match rate {
        Some(r) => format!(
            "{}\n{}",
            fill(
                &s.rate,
                &[
                    ("value", &percent(r.value)),
                    ("low", &percent(r.low)),
                    ("high", &percent(r.high))
                ]
            ),
            fill(
                &s.counts,
                &[("successes", &count(successes)), ("trials", &count(trials))]
            ),
        ),
        None if trials == 0 => fill(&s.no_rate, &[("trials_name", trials_name)]),
        None => s.no_rate_mismatch.clone(),
    }
}

fn step_value(step: &Step, counts: &Counts, copy: &DecodeCopy) -> String {
    let s = &copy.steps;
    let (successes, trials, trials_name, settle) = match step.kind {
        StepKind::Ctr => (
            counts.clicks,
            counts.impressions,
            &s.impressions_name,
            &s.settle_ctr,
        ),
        StepKind::Ctor => (counts.orders, counts.clicks, &s.clicks_name, &s.settle_ctor),
    };
    let rate = if step.kind == StepKind::Ctor && counts.orders > counts.clicks {
        s.no_rate_orders_above_clicks.clone()
    } else {
        rate_value(step.rate, successes, trials, trials_name, copy)
    };
    // Without a rate there is nothing to compare with the target: the line above says why.
    if step.rate.is_none() {
        return rate;
    }
    let t = target(step.threshold);
    let judgement = match step.judgement {
        Judgement::Weak => fill(&s.weak, &[("threshold", &t)]),
        Judgement::Ok => fill(&s.ok, &[("threshold", &t)]),
        Judgement::Undetermined => {
            let verdict = fill(&s.undetermined, &[("threshold", &t)]);
            match step.more_needed {
                Some(n) => format!("{verdict} {}", fill(settle, &[("more", &count(n))])),
                None => format!("{verdict} {}", s.settle_never),
            }
        }
    };
    format!("{rate}\n{judgement}")
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}
