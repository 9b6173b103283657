//! The decode answer and its errors, from `prompts/decode.toml`.

use crate::content::decode::{Checklist, VerdictCopy};
use crate::content::DecodeCopy;
use crate::funnel::{
    Counts, DecodeError, Decoded, Field, Judgement, Rate, Step, StepKind, Verdict, Warning,
};

use super::format::{count, percent, target};
use super::reply::{Reply, Tone};

/// The decode answer as a reply: headline, rates with ranges, meaning, checklist, next test.
pub fn decoded(d: &Decoded, copy: &DecodeCopy) -> Reply {
    let v = verdict_copy(d.verdict, copy);
    let tone = match d.verdict {
        Verdict::Healthy => Tone::Good,
        Verdict::NotEnoughData => Tone::Unknown,
        Verdict::BeforeClick | Verdict::AfterClick => Tone::Caution,
        Verdict::Both => Tone::Problem,
    };
    let s = &copy.rates;
    let (ctr, ctor) = (&copy.steps[StepKind::Ctr], &copy.steps[StepKind::Ctor]);
    let [ctr_field, ctor_field] = judged_steps(d, copy);
    let mut reply = Reply::new(&v.headline, meaning(d, copy), tone)
        .field(&copy.labels.counts, counts_line(&d.counts, copy))
        .field(ctr_field.0, ctr_field.1)
        .field(ctor_field.0, ctor_field.1)
        .field(
            step_title(&s.order_rate, &s.order_rate_formula),
            rate_value(
                d.order_rate,
                d.counts.orders,
                d.counts.impressions,
                &ctr.trials_name,
                copy,
            ),
        );
    if let Some(atc) = d.counts.add_to_carts {
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
        reply = reply.field(
            step_title(&s.add_to_cart_rate, &s.add_to_cart_rate_formula),
            value,
        );
    }
    if !d.warnings.is_empty() {
        let text: Vec<&str> = d.warnings.iter().map(|w| warning(*w, copy)).collect();
        reply = reply.field(&copy.labels.warnings, text.join("\n\n"));
    }
    reply
        .field(&copy.labels.checklist, bullets(checklist(d.verdict, copy)))
        .field(&copy.labels.next_test, &v.next_test)
        .footer(&copy.labels.footer)
}

/// What the verdict means for these numbers (when it is too early, which step is open and
/// why).
pub fn meaning(d: &Decoded, copy: &DecodeCopy) -> String {
    verdict_copy(d.verdict, copy).meaning.fill(&[
        ("open_steps", open_steps(d, copy)),
        ("why", why_open(d, copy)),
    ])
}

/// Product CTR and Product CTOR as (title, text): each rate with its range, and how it
/// compares with the target. `/decode` and the drills' answers explain with these.
pub fn judged_steps(d: &Decoded, copy: &DecodeCopy) -> [(String, String); 2] {
    [(StepKind::Ctr, &d.ctr), (StepKind::Ctor, &d.ctor)].map(|(kind, step)| {
        let words = &copy.steps[kind];
        (
            step_title(&words.name, &words.formula),
            step_value(step, &d.counts, copy),
        )
    })
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
        Some(r) => format!(
            "{}\n{}",
            s.rate.fill(&[
                ("value", &percent(r.value)),
                ("low", &percent(r.low)),
                ("high", &percent(r.high))
            ]),
            s.counts
                .fill(&[("successes", &count(successes)), ("trials", &count(trials))]),
        ),
        None if trials == 0 => s.no_rate.fill(&[("trials_name", trials_name)]),
        None => s.no_rate_mismatch.to_string(),
    }
}

fn step_value(step: &Step, counts: &Counts, copy: &DecodeCopy) -> String {
    let s = &copy.rates;
    let words = &copy.steps[step.kind];
    let (successes, trials) = match step.kind {
        StepKind::Ctr => (counts.clicks, counts.impressions),
        StepKind::Ctor => (counts.orders, counts.clicks),
    };
    let rate = if step.kind == StepKind::Ctor && counts.orders > counts.clicks {
        s.no_rate_orders_above_clicks.to_string()
    } else {
        rate_value(step.rate, successes, trials, &words.trials_name, copy)
    };
    // Without a rate there is nothing to compare with the target: the line above says why.
    if step.rate.is_none() {
        return rate;
    }
    let t = target(step.threshold);
    let judgement = match step.judgement {
        Judgement::Weak => s.weak.fill(&[("threshold", &t)]),
        Judgement::Ok => s.ok.fill(&[("threshold", &t)]),
        Judgement::Undetermined => {
            let verdict = s.undetermined.fill(&[("threshold", &t)]);
            match step.more_needed {
                Some(n) => format!("{verdict} {}", words.settle.fill(&[("more", &count(n))])),
                None => format!("{verdict} {}", s.settle_never),
            }
        }
    };
    format!("{rate}\n{judgement}")
}

fn bullets(items: &Checklist) -> String {
    items
        .0
        .iter()
        .map(|i| format!("• {i}"))
        .collect::<Vec<_>>()
        .join("\n")
}
