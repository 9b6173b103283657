//! The answers of `/test` and its CSV export, from `prompts/test_log.toml`.

use crate::content::test_log::{AmountCopy, SummaryCopy};
use crate::content::{DecodeCopy, TestLogCopy};
use crate::funnel::compare::{summarize, NoData, CLEAR_DOWN, CLEAR_UP};
use crate::funnel::{Comparison, Counts, Lever, Outcome, StepChange, StepKind, Summary};
use crate::test_log::{Status, TestChoice, TestId, TestRecord};

use super::components::{ComponentId, TestLogId};
use super::csv;
use super::format::{self, clip, count, percent};
use super::limits;
use super::reply::{Button, Reply, Select, SelectOption, Tone};

/// Tests on one page of `/test list`.
pub const PAGE_SIZE: u32 = 5;

const DAY: i64 = 86_400;

/// "today", "yesterday", "4 days ago".
pub fn when(at: i64, now: i64, copy: &TestLogCopy) -> String {
    let days = (now.div_euclid(DAY) - at.div_euclid(DAY)).max(0);
    match days {
        0 => copy.when.today.to_string(),
        1 => copy.when.yesterday.to_string(),
        d => copy.when.days.fill(&[("days", &d.to_string())]),
    }
}

/// Member text on one line (lists, menus, autocomplete).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "1 click", "310 clicks".
fn amount(a: &AmountCopy, n: u64) -> String {
    let form = if n == 1 { &a.one } else { &a.other };
    form.fill(&[("n", &count(n))])
}

pub fn counts_line(c: &Counts, copy: &TestLogCopy) -> String {
    let a = &copy.amounts;
    copy.labels.counts.fill(&[
        ("impressions", &amount(&a.impressions, c.impressions)),
        ("clicks", &amount(&a.clicks, c.clicks)),
        ("orders", &amount(&a.orders, c.orders)),
    ])
}

/// The message above the CSV export of `tests` tests.
pub fn export_message(tests: u64, copy: &TestLogCopy) -> String {
    copy.export
        .message
        .fill(&[("tests", &amount(&copy.amounts.tests, tests))])
}

fn change_line(t: &TestRecord, copy: &TestLogCopy) -> String {
    copy.log.description.fill(&[
        ("lever", &copy.levers[t.lever].label),
        ("change", &t.change),
    ])
}

/// The confirmation of a logged test.
pub fn logged(t: &TestRecord, copy: &TestLogCopy) -> Reply {
    let id = t.id.short();
    let before = match &t.before {
        Some(c) => counts_line(c, copy),
        None => copy.log.no_before.to_string(),
    };
    Reply::new(
        copy.log.title.fill(&[("id", &id)]),
        change_line(t, copy),
        Tone::Good,
    )
    .field(copy.labels.before.to_string(), before)
    .field(
        copy.labels.next.to_string(),
        copy.log.next.fill(&[("id", &id)]),
    )
    .footer(copy.labels.footer.to_string())
}

/// The lever menu shown after "Log a test from this".
pub fn pick_lever(counts: [u64; 3], copy: &TestLogCopy) -> Reply {
    let c = Counts {
        impressions: counts[0],
        clicks: counts[1],
        orders: counts[2],
        add_to_carts: None,
    };
    let f = &copy.from_decode;
    let mut reply = Reply::new(
        f.title.to_string(),
        f.body.fill(&[("counts", &counts_line(&c, copy))]),
        Tone::Info,
    );
    reply.selects.push(Select {
        custom_id: TestLogId::PickLever { counts }.custom_id(),
        placeholder: f.placeholder.to_string(),
        options: Lever::ALL
            .iter()
            .map(|l| {
                let lc = &copy.levers[*l];
                SelectOption {
                    label: clip(&lc.label, limits::SELECT_TEXT),
                    value: l.key().to_owned(),
                    description: Some(clip(&lc.hint, limits::SELECT_TEXT)),
                }
            })
            .collect(),
    });
    reply
}

/// The "Log a test from this" button for a decode of `counts` run by `owner`.
pub fn log_button(owner: u64, counts: &Counts, copy: &TestLogCopy) -> Button {
    Button {
        label: copy.from_decode.button.to_string(),
        custom_id: TestLogId::FromDecode {
            owner,
            counts: [counts.impressions, counts.clicks, counts.orders],
        }
        .custom_id(),
    }
}

/// "97%", "over 99%", "under 1%". A step that is not clear yet shows at most 94% and at
/// least 6%: 94.9% rounded to "95%" would contradict "clear means at least a 95% chance".
fn chance(p: f64, outcome: Outcome, copy: &TestLogCopy) -> String {
    let pct = p * 100.0;
    if pct >= 99.5 {
        return copy.result.chance_over.to_string();
    }
    if pct < 0.5 {
        return copy.result.chance_under.to_string();
    }
    let mut shown = pct.round();
    if outcome == Outcome::NotClear {
        let highest = (CLEAR_UP * 100.0).round() - 1.0;
        let lowest = (CLEAR_DOWN * 100.0).round() + 1.0;
        shown = shown.clamp(lowest, highest);
    }
    format!("{shown:.0}%")
}

/// `+0.62`, `−1.5`, `0`.
fn signed(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    if text.trim_start_matches(['0', '.']).is_empty() {
        return "0".to_owned();
    }
    if v > 0.0 {
        format!("+{text}")
    } else {
        format!("−{text}")
    }
}

fn points(p: f64) -> String {
    signed(p, if p.abs() >= 10.0 { 1 } else { 2 })
}

fn relative(r: f64) -> String {
    format!("{}%", signed(r * 100.0, 0))
}

fn summary_copy(s: Summary, copy: &TestLogCopy) -> &SummaryCopy {
    &copy.result.summary[s]
}

/// The short word for a summary ("clearly up").
pub fn summary_word(s: Summary, copy: &TestLogCopy) -> &str {
    &copy.outcome_words[s]
}

fn outcome_word(o: Outcome, copy: &TestLogCopy) -> &str {
    // One step's outcome reads like a summary of that step alone.
    let s = match o {
        Outcome::Improved => Summary::Improved,
        Outcome::Worse => Summary::Worse,
        Outcome::NotClear => Summary::NotClear,
        Outcome::NoData => Summary::NoData,
    };
    &copy.outcome_words[s]
}

fn step_value(s: &StepChange, cmp: &Comparison, copy: &TestLogCopy, decode: &DecodeCopy) -> String {
    let r = &copy.result;
    let trials_name = &decode.steps[s.kind].trials_name;
    let (bs, bn, as_, an) = match s.kind {
        StepKind::Ctr => (
            cmp.before.clicks,
            cmp.before.impressions,
            cmp.after.clicks,
            cmp.after.impressions,
        ),
        StepKind::Ctor => (
            cmp.before.orders,
            cmp.before.clicks,
            cmp.after.orders,
            cmp.after.clicks,
        ),
    };
    let share = |s: u64, n: u64| {
        decode
            .rates
            .counts
            .fill(&[("successes", &count(s)), ("trials", &count(n))])
    };
    let mut lines = Vec::new();
    let pct = |v: Option<f64>| v.map_or_else(|| r.no_rate.to_string(), percent);
    lines.push(r.rates.fill(&[
        ("before", &pct(s.before)),
        ("before_counts", &share(bs, bn)),
        ("after", &pct(s.after)),
        ("after_counts", &share(as_, an)),
    ]));
    if let Some(p) = s.points {
        lines.push(match s.relative {
            Some(rel) => r
                .change
                .fill(&[("points", &points(p)), ("relative", &relative(rel))]),
            None => r.change_from_zero.fill(&[("points", &points(p))]),
        });
    }
    let o = &copy.outcomes;
    let c = s
        .chance_higher
        .map(|p| chance(p, s.outcome, copy))
        .unwrap_or_default();
    lines.push(match (s.outcome, s.no_data) {
        (Outcome::Improved, _) => o.improved.fill(&[("chance", &c)]),
        (Outcome::Worse, _) => o.worse.fill(&[("chance", &c)]),
        (Outcome::NotClear, _) => o.not_clear.fill(&[("chance", &c)]),
        (Outcome::NoData, Some(NoData::OrdersAboveClicks)) => o.orders_above_clicks.to_string(),
        (Outcome::NoData, _) => o.no_trials.fill(&[("trials_name", trials_name)]),
    });
    if s.outcome == Outcome::NotClear {
        let more = match s.kind {
            StepKind::Ctr => &copy.amounts.more_impressions,
            StepKind::Ctor => &copy.amounts.more_clicks,
        };
        lines.push(match s.more_needed {
            Some(n) => r.settle[s.kind].fill(&[("more", &amount(more, n))]),
            None => r.settle_never.to_string(),
        });
    }
    lines.join("\n")
}

/// The before/after answer of a finished test (or of one without before numbers).
/// `comparison` is the test's before and after, compared once by the caller (`None` without
/// before numbers).
pub fn result(
    t: &TestRecord,
    comparison: Option<&Comparison>,
    copy: &TestLogCopy,
    decode: &DecodeCopy,
) -> Reply {
    let id = t.id.short();
    let title = copy
        .result
        .title
        .fill(&[("id", &id), ("lever", &copy.levers[t.lever].short)]);
    let Some(cmp) = comparison else {
        let mut reply = Reply::new(
            title,
            format!("{}\n\n{}", change_line(t, copy), copy.result.no_before),
            Tone::Unknown,
        );
        if let Some(a) = t.after {
            reply = reply.field(&copy.labels.after, counts_line(&a, copy));
        }
        return with_note(reply, t, copy).footer(&copy.labels.footer);
    };
    let summary = cmp.summary();
    let sc = summary_copy(summary, copy);
    let tone = match summary {
        Summary::Improved => Tone::Good,
        Summary::Worse | Summary::Mixed => Tone::Caution,
        Summary::NotClear | Summary::NoData => Tone::Unknown,
    };
    let s = &decode.steps;
    let reply = Reply::new(
        title,
        format!(
            "{}\n\n**{}**\n{}",
            change_line(t, copy),
            sc.headline,
            sc.meaning
        ),
        tone,
    )
    .field(
        format!("{} · {}", s[StepKind::Ctr].name, s[StepKind::Ctr].formula),
        step_value(&cmp.ctr, cmp, copy, decode),
    )
    .field(
        format!("{} · {}", s[StepKind::Ctor].name, s[StepKind::Ctor].formula),
        step_value(&cmp.ctor, cmp, copy, decode),
    );
    // "Clear" is explained only where a chance is shown: not when neither step compares.
    let footer = if summary == Summary::NoData {
        &copy.labels.footer
    } else {
        &copy.result.footer
    };
    with_note(reply, t, copy).footer(footer.to_string())
}

fn with_note(reply: Reply, t: &TestRecord, copy: &TestLogCopy) -> Reply {
    match &t.note {
        Some(n) => reply.field(copy.labels.note.to_string(), n.clone()),
        None => reply,
    }
}

fn stored_summary(t: &TestRecord) -> Option<Summary> {
    match (t.ctr_outcome, t.ctor_outcome) {
        (Some(a), Some(b)) => Some(summarize(a, b)),
        _ => None,
    }
}

fn status_text(t: &TestRecord, copy: &TestLogCopy) -> String {
    match (t.status, stored_summary(t)) {
        (Status::Done, Some(s)) => copy
            .list
            .status_done
            .fill(&[("summary", summary_word(s, copy))]),
        (Status::Done, None) => copy
            .list
            .status_done
            .fill(&[("summary", &copy.outcome_words[Summary::NoData])]),
        (Status::Open, _) => copy.list.status_open.to_string(),
    }
}

/// `/test show`: a finished test shows its result; an open one what it waits for.
pub fn show(
    t: &TestRecord,
    comparison: Option<&Comparison>,
    now: i64,
    copy: &TestLogCopy,
    decode: &DecodeCopy,
) -> Reply {
    if t.status == Status::Done {
        return result(t, comparison, copy, decode);
    }
    let id = t.id.short();
    let before = match &t.before {
        Some(c) => counts_line(c, copy),
        None => copy.log.no_before.to_string(),
    };
    Reply::new(
        copy.show
            .title
            .fill(&[("id", &id), ("lever", &copy.levers[t.lever].short)]),
        format!(
            "{}\n\n{}",
            change_line(t, copy),
            copy.show
                .logged
                .fill(&[("when", &when(t.created_at, now, copy))])
        ),
        Tone::Info,
    )
    .field(copy.labels.status.to_string(), copy.labels.open.to_string())
    .field(copy.labels.before.to_string(), before)
    .field(
        copy.labels.next.to_string(),
        copy.show.waiting.fill(&[("id", &id)]),
    )
    .footer(copy.labels.footer.to_string())
}

/// One page of `/test list`. `page` is 0-based; `total` is the member's number of tests.
pub fn list(tests: &[TestRecord], page: u32, total: u64, now: i64, copy: &TestLogCopy) -> Reply {
    let l = &copy.list;
    if total == 0 {
        return Reply::new(l.title.to_string(), l.empty.to_string(), Tone::Info);
    }
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    let lines: Vec<String> = tests
        .iter()
        .map(|t| {
            l.line.fill(&[
                ("id", &t.id.short()),
                ("lever", &copy.levers[t.lever].short),
                ("status", &status_text(t, copy)),
                ("when", &when(t.created_at, now, copy)),
                ("change", &clip(&one_line(&t.change), 200)),
            ])
        })
        .collect();
    let mut reply =
        Reply::new(l.title.to_string(), lines.join("\n\n"), Tone::Info).footer(l.page.fill(&[
            ("page", &count(u64::from(page) + 1)),
            ("pages", &count(pages)),
            ("tests", &amount(&copy.amounts.tests, total)),
        ]));
    if page > 0 {
        reply.buttons.push(Button {
            label: l.previous.to_string(),
            custom_id: TestLogId::Page(page - 1).custom_id(),
        });
    }
    if u64::from(page) + 1 < pages {
        reply.buttons.push(Button {
            label: l.next.to_string(),
            custom_id: TestLogId::Page(page + 1).custom_id(),
        });
    }
    if !tests.is_empty() {
        reply.selects.push(Select {
            custom_id: TestLogId::Open.custom_id(),
            placeholder: l.open_placeholder.to_string(),
            options: tests
                .iter()
                .map(|t| SelectOption {
                    label: clip(
                        &format!("{} · {}", t.id.short(), copy.levers[t.lever].short),
                        limits::SELECT_TEXT,
                    ),
                    value: t.id.short(),
                    description: Some(clip(&one_line(&t.change), limits::SELECT_TEXT)),
                })
                .collect(),
        });
    }
    reply
}

/// One autocomplete choice for `/test result` and friends: enough to tell tests apart on a
/// phone.
pub fn choice_label(t: &TestChoice, now: i64, copy: &TestLogCopy) -> String {
    clip(
        &copy.autocomplete.label.fill(&[
            ("id", &t.id.short()),
            ("lever", &copy.levers[t.lever].short),
            ("change", &clip(&one_line(&t.change), 40)),
            ("when", &when(t.created_at, now, copy)),
        ]),
        limits::CHOICE_NAME,
    )
}

/// How many of the member's newest tests the autocomplete reads: the newest 25 when nothing
/// is typed yet, further back when the member types something to look for.
pub fn autocomplete_scan(typed: &str) -> u32 {
    if typed.trim().is_empty() {
        u32::try_from(limits::AUTOCOMPLETE_CHOICES).unwrap_or(25)
    } else {
        100
    }
}

/// The autocomplete's choices as (label, value): tests whose id, lever or change holds what was
/// typed (any case), newest first, at most 25. The value is the short id.
pub fn autocomplete(
    tests: &[TestChoice],
    typed: &str,
    now: i64,
    copy: &TestLogCopy,
) -> Vec<(String, String)> {
    let wanted = typed.trim().to_lowercase();
    let matches = |t: &TestChoice| {
        if wanted.is_empty() {
            return true;
        }
        let short = t.id.short();
        let lever = &copy.levers[t.lever].short;
        [short.as_str(), lever.as_str(), t.change.as_str()]
            .iter()
            .any(|s| s.to_lowercase().contains(&wanted))
    };
    tests
        .iter()
        .filter(|t| matches(t))
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|t| (choice_label(t, now, copy), t.id.short()))
        .collect()
}

pub fn delete_confirm(t: &TestRecord, copy: &TestLogCopy) -> Reply {
    let d = &copy.delete;
    let mut reply = Reply::new(
        d.title.fill(&[("id", &t.id.short())]),
        d.body.fill(&[
            ("lever", &copy.levers[t.lever].label),
            ("change", &t.change),
        ]),
        Tone::Caution,
    );
    reply.buttons.push(Button {
        label: d.yes.to_string(),
        custom_id: TestLogId::Delete(t.id.0).custom_id(),
    });
    reply.buttons.push(Button {
        label: d.no.to_string(),
        custom_id: TestLogId::Keep.custom_id(),
    });
    reply
}

pub fn deleted(id: TestId, copy: &TestLogCopy) -> Reply {
    let d = &copy.delete;
    Reply::new(
        d.done_title.fill(&[("id", &id.short())]),
        d.done.to_string(),
        Tone::Good,
    )
}

pub fn kept(copy: &TestLogCopy) -> Reply {
    Reply::new(
        copy.delete.kept_title.to_string(),
        copy.delete.kept.to_string(),
        Tone::Info,
    )
}

/// The member's tests as CSV (RFC 4180, CRLF line ends), one row per test.
pub fn csv(tests: &[TestRecord], copy: &TestLogCopy) -> String {
    let h = &copy.csv;
    let mut out = String::new();
    csv::row(
        &[
            h.id.to_string(),
            h.lever.to_string(),
            h.change.to_string(),
            h.status.to_string(),
            h.logged.to_string(),
            h.updated.to_string(),
            h.before_impressions.to_string(),
            h.before_clicks.to_string(),
            h.before_orders.to_string(),
            h.after_impressions.to_string(),
            h.after_clicks.to_string(),
            h.after_orders.to_string(),
            h.ctr_result.to_string(),
            h.ctor_result.to_string(),
            h.note.to_string(),
        ],
        &mut out,
    );
    let n = |c: Option<u64>| c.map(|v| v.to_string()).unwrap_or_default();
    for t in tests {
        let o = |x: Option<Outcome>| {
            x.map(|x| outcome_word(x, copy).to_owned())
                .unwrap_or_default()
        };
        csv::row(
            &[
                t.id.short(),
                copy.levers[t.lever].label.to_string(),
                t.change.clone(),
                status_text(t, copy),
                format::utc(t.created_at),
                format::utc(t.updated_at),
                n(t.before.map(|c| c.impressions)),
                n(t.before.map(|c| c.clicks)),
                n(t.before.map(|c| c.orders)),
                n(t.after.map(|c| c.impressions)),
                n(t.after.map(|c| c.clicks)),
                n(t.after.map(|c| c.orders)),
                o(t.ctr_outcome),
                o(t.ctor_outcome),
                t.note.clone().unwrap_or_default(),
            ],
            &mut out,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_numbers() {
        assert_eq!(points(0.62), "+0.62");
        assert_eq!(points(-1.5), "−1.50");
        assert_eq!(points(12.345), "+12.3");
        assert_eq!(points(0.0), "0");
        assert_eq!(points(-0.0001), "0");
        assert_eq!(relative(0.25), "+25%");
        assert_eq!(relative(-0.5), "−50%");
        assert_eq!(relative(2.0), "+200%");
    }
}
