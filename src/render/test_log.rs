//! The answers of `/test`, `/stats` and `/privacy`, and the CSV export, from
//! `prompts/test_log.toml`.

use crate::content::copy::{AmountCopy, SummaryCopy, TestLogCopy};
use crate::content::{fill, Content, DecodeCopy};
use crate::funnel::compare::{summarize, NoData, CLEAR_DOWN, CLEAR_UP};
use crate::funnel::{compare, Comparison, Counts, Lever, Outcome, StepChange, StepKind, Summary};
use crate::member::TableCount;
use crate::test_log::{MemberStats, ServerStats, Status, TestChoice, TestId, TestRecord};

use super::components::{ComponentId, PrivacyId, TestLogId};
use super::format::{clip, count, percent};
use super::limits;
use super::reply::{Button, Reply, Select, SelectOption, Tone};

/// Tests on one page of `/test list`.
pub const PAGE_SIZE: u32 = 5;

const DAY: i64 = 86_400;

/// "today", "yesterday", "4 days ago".
pub fn when(at: i64, now: i64, copy: &TestLogCopy) -> String {
    let days = (now.div_euclid(DAY) - at.div_euclid(DAY)).max(0);
    match days {
        0 => copy.when.today.clone(),
        1 => copy.when.yesterday.clone(),
        d => fill(&copy.when.days, &[("days", &d.to_string())]),
    }
}

/// `2024-01-01 12:00:00` (UTC), for the export.
pub fn utc(at: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let days = at.div_euclid(DAY);
    let secs = at.rem_euclid(DAY);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60
    )
}

/// Member text on one line (lists, menus, autocomplete).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "1 click", "310 clicks".
fn amount(a: &AmountCopy, n: u64) -> String {
    let form = if n == 1 { &a.one } else { &a.other };
    fill(form, &[("n", &count(n))])
}

pub fn counts_line(c: &Counts, copy: &TestLogCopy) -> String {
    let a = &copy.amounts;
    fill(
        &copy.labels.counts,
        &[
            ("impressions", &amount(&a.impressions, c.impressions)),
            ("clicks", &amount(&a.clicks, c.clicks)),
            ("orders", &amount(&a.orders, c.orders)),
        ],
    )
}

/// The message above the CSV export of `tests` tests.
pub fn export_message(tests: u64, copy: &TestLogCopy) -> String {
    fill(
        &copy.export.message,
        &[("tests", &amount(&copy.amounts.tests, tests))],
    )
}

fn change_line(t: &TestRecord, copy: &TestLogCopy) -> String {
    fill(
        &copy.log.description,
        &[("lever", &copy.lever(t.lever).label), ("change", &t.change)],
    )
}

/// The confirmation of a logged test.
pub fn logged(t: &TestRecord, copy: &TestLogCopy) -> Reply {
    let id = t.id.short();
    let before = match &t.before {
        Some(c) => counts_line(c, copy),
        None => copy.log.no_before.clone(),
    };
    Reply::new(
        fill(&copy.log.title, &[("id", &id)]),
        change_line(t, copy),
        Tone::Good,
    )
    .field(copy.labels.before.clone(), before)
    .field(
        copy.labels.next.clone(),
        fill(&copy.log.next, &[("id", &id)]),
    )
    .footer(copy.labels.footer.clone())
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
        f.title.clone(),
        fill(&f.body, &[("counts", &counts_line(&c, copy))]),
        Tone::Info,
    );
    reply.selects.push(Select {
        custom_id: TestLogId::PickLever { counts }.custom_id(),
        placeholder: f.placeholder.clone(),
        options: Lever::ALL
            .iter()
            .map(|l| {
                let lc = copy.lever(*l);
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
        label: copy.from_decode.button.clone(),
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
        return copy.result.chance_over.clone();
    }
    if pct < 0.5 {
        return copy.result.chance_under.clone();
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
    let c = &copy.result.summary;
    match s {
        Summary::Improved => &c.improved,
        Summary::Worse => &c.worse,
        Summary::Mixed => &c.mixed,
        Summary::NotClear => &c.not_clear,
        Summary::NoData => &c.no_data,
    }
}

/// The short word for a summary ("clearly up").
pub fn summary_word(s: Summary, copy: &TestLogCopy) -> &str {
    let w = &copy.outcome_words;
    match s {
        Summary::Improved => &w.improved,
        Summary::Worse => &w.worse,
        Summary::Mixed => &w.mixed,
        Summary::NotClear => &w.not_clear,
        Summary::NoData => &w.no_data,
    }
}

fn outcome_word(o: Outcome, copy: &TestLogCopy) -> &str {
    let w = &copy.outcome_words;
    match o {
        Outcome::Improved => &w.improved,
        Outcome::Worse => &w.worse,
        Outcome::NotClear => &w.not_clear,
        Outcome::NoData => &w.no_data,
    }
}

fn step_value(s: &StepChange, cmp: &Comparison, copy: &TestLogCopy, decode: &DecodeCopy) -> String {
    let r = &copy.result;
    let (bs, bn, as_, an, trials_name) = match s.kind {
        StepKind::Ctr => (
            cmp.before.clicks,
            cmp.before.impressions,
            cmp.after.clicks,
            cmp.after.impressions,
            &decode.steps.impressions_name,
        ),
        StepKind::Ctor => (
            cmp.before.orders,
            cmp.before.clicks,
            cmp.after.orders,
            cmp.after.clicks,
            &decode.steps.clicks_name,
        ),
    };
    let share = |s: u64, n: u64| {
        fill(
            &decode.steps.counts,
            &[("successes", &count(s)), ("trials", &count(n))],
        )
    };
    let mut lines = Vec::new();
    let pct = |v: Option<f64>| v.map(percent).unwrap_or_else(|| r.no_rate.clone());
    lines.push(fill(
        &r.rates,
        &[
            ("before", &pct(s.before)),
            ("before_counts", &share(bs, bn)),
            ("after", &pct(s.after)),
            ("after_counts", &share(as_, an)),
        ],
    ));
    if let Some(p) = s.points {
        lines.push(match s.relative {
            Some(rel) => fill(
                &r.change,
                &[("points", &points(p)), ("relative", &relative(rel))],
            ),
            None => fill(&r.change_from_zero, &[("points", &points(p))]),
        });
    }
    let o = &copy.outcomes;
    let c = s
        .chance_higher
        .map(|p| chance(p, s.outcome, copy))
        .unwrap_or_default();
    lines.push(match (s.outcome, s.no_data) {
        (Outcome::Improved, _) => fill(&o.improved, &[("chance", &c)]),
        (Outcome::Worse, _) => fill(&o.worse, &[("chance", &c)]),
        (Outcome::NotClear, _) => fill(&o.not_clear, &[("chance", &c)]),
        (Outcome::NoData, Some(NoData::OrdersAboveClicks)) => o.orders_above_clicks.clone(),
        (Outcome::NoData, _) => fill(&o.no_trials, &[("trials_name", trials_name)]),
    });
    if s.outcome == Outcome::NotClear {
        let (settle, more) = match s.kind {
            StepKind::Ctr => (&r.settle_ctr, &copy.amounts.more_impressions),
            StepKind::Ctor => (&r.settle_ctor, &copy.amounts.more_clicks),
        };
        lines.push(match s.more_needed {
            Some(n) => fill(settle, &[("more", &amount(more, n))]),
            None => r.settle_never.clone(),
        });
    }
    lines.join("\n")
}

/// The before/after answer of a finished test (or of one without before numbers).
pub fn result(t: &TestRecord, copy: &TestLogCopy, decode: &DecodeCopy) -> Reply {
    let id = t.id.short();
    let title = fill(
        &copy.result.title,
        &[("id", &id), ("lever", &copy.lever(t.lever).short)],
    );
    let (before, after) = match (t.before, t.after) {
        (Some(b), Some(a)) => (b, a),
        (_, after) => {
            let mut reply = Reply::new(
                title,
                format!("{}\n\n{}", change_line(t, copy), copy.result.no_before),
                Tone::Unknown,
            );
            if let Some(a) = after {
                reply = reply.field(copy.labels.after.clone(), counts_line(&a, copy));
            }
            return with_note(reply, t, copy).footer(copy.labels.footer.clone());
        }
    };
    let cmp = compare(before, after);
    let summary = cmp.summary();
    let sc = summary_copy(summary, copy);
    let tone = match summary {
        Summary::Improved => Tone::Good,
        Summary::Worse => Tone::Caution,
        Summary::Mixed => Tone::Caution,
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
        format!("{} · {}", s.ctr, s.ctr_formula),
        step_value(&cmp.ctr, &cmp, copy, decode),
    )
    .field(
        format!("{} · {}", s.ctor, s.ctor_formula),
        step_value(&cmp.ctor, &cmp, copy, decode),
    );
    with_note(reply, t, copy).footer(copy.result.footer.clone())
}

fn with_note(reply: Reply, t: &TestRecord, copy: &TestLogCopy) -> Reply {
    match &t.note {
        Some(n) => reply.field(copy.labels.note.clone(), n.clone()),
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
        (Status::Done, Some(s)) => fill(
            &copy.list.status_done,
            &[("summary", summary_word(s, copy))],
        ),
        (Status::Done, None) => fill(
            &copy.list.status_done,
            &[("summary", &copy.outcome_words.no_data)],
        ),
        (Status::Open, _) => copy.list.status_open.clone(),
    }
}

/// `/test show`: a finished test shows its result; an open one what it waits for.
pub fn show(t: &TestRecord, now: i64, copy: &TestLogCopy, decode: &DecodeCopy) -> Reply {
    if t.status == Status::Done {
        return result(t, copy, decode);
    }
    let id = t.id.short();
    let before = match &t.before {
        Some(c) => counts_line(c, copy),
        None => copy.log.no_before.clone(),
    };
    Reply::new(
        fill(
            &copy.show.title,
            &[("id", &id), ("lever", &copy.lever(t.lever).short)],
        ),
        format!(
            "{}\n\n{}",
            change_line(t, copy),
            fill(
                &copy.show.logged,
                &[("when", &when(t.created_at, now, copy))]
            )
        ),
        Tone::Info,
    )
    .field(copy.labels.status.clone(), copy.labels.open.clone())
    .field(copy.labels.before.clone(), before)
    .field(
        copy.labels.next.clone(),
        fill(&copy.show.waiting, &[("id", &id)]),
    )
    .footer(copy.labels.footer.clone())
}

/// One page of `/test list`. `page` is 0-based; `total` is the member's number of tests.
pub fn list(tests: &[TestRecord], page: u32, total: u64, now: i64, copy: &TestLogCopy) -> Reply {
    let l = &copy.list;
    if total == 0 {
        return Reply::new(l.title.clone(), l.empty.clone(), Tone::Info);
    }
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    let lines: Vec<String> = tests
        .iter()
        .map(|t| {
            fill(
                &l.line,
                &[
                    ("id", &t.id.short()),
                    ("lever", &copy.lever(t.lever).short),
                    ("status", &status_text(t, copy)),
                    ("when", &when(t.created_at, now, copy)),
                    ("change", &clip(&one_line(&t.change), 200)),
                ],
            )
        })
        .collect();
    let mut reply = Reply::new(l.title.clone(), lines.join("\n\n"), Tone::Info).footer(fill(
        &l.page,
        &[
            ("page", &count(u64::from(page) + 1)),
            ("pages", &count(pages)),
            ("tests", &amount(&copy.amounts.tests, total)),
        ],
    ));
    if page > 0 {
        reply.buttons.push(Button {
            label: l.previous.clone(),
            custom_id: TestLogId::Page(page - 1).custom_id(),
        });
    }
    if u64::from(page) + 1 < pages {
        reply.buttons.push(Button {
            label: l.next.clone(),
            custom_id: TestLogId::Page(page + 1).custom_id(),
        });
    }
    if !tests.is_empty() {
        reply.selects.push(Select {
            custom_id: TestLogId::Open.custom_id(),
            placeholder: l.open_placeholder.clone(),
            options: tests
                .iter()
                .map(|t| SelectOption {
                    label: clip(
                        &format!("{} · {}", t.id.short(), copy.lever(t.lever).short),
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
        &fill(
            &copy.autocomplete.label,
            &[
                ("id", &t.id.short()),
                ("lever", &copy.lever(t.lever).short),
                ("change", &clip(&one_line(&t.change), 40)),
                ("when", &when(t.created_at, now, copy)),
            ],
        ),
        limits::CHOICE_NAME,
    )
}

/// How many of the member's newest tests the autocomplete reads: the newest 25 when nothing
/// is typed yet, further back when the member types something to look for.
pub fn autocomplete_scan(typed: &str) -> u32 {
    if typed.trim().is_empty() {
        limits::AUTOCOMPLETE_CHOICES as u32
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
        let lever = &copy.lever(t.lever).short;
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
        fill(&d.title, &[("id", &t.id.short())]),
        fill(
            &d.body,
            &[("lever", &copy.lever(t.lever).label), ("change", &t.change)],
        ),
        Tone::Caution,
    );
    reply.buttons.push(Button {
        label: d.yes.clone(),
        custom_id: TestLogId::Delete(t.id.0).custom_id(),
    });
    reply.buttons.push(Button {
        label: d.no.clone(),
        custom_id: TestLogId::Keep.custom_id(),
    });
    reply
}

pub fn deleted(id: TestId, copy: &TestLogCopy) -> Reply {
    let d = &copy.delete;
    Reply::new(
        fill(&d.done_title, &[("id", &id.short())]),
        d.done.clone(),
        Tone::Good,
    )
}

pub fn kept(copy: &TestLogCopy) -> Reply {
    Reply::new(
        copy.delete.kept_title.clone(),
        copy.delete.kept.clone(),
        Tone::Info,
    )
}

/// Characters a spreadsheet would treat as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes
/// doubled. A cell a spreadsheet would run as a formula gets a leading `'`.
pub fn csv_cell(text: &str) -> String {
    let mut t = String::with_capacity(text.len() + 2);
    if text.starts_with(FORMULA_START) {
        t.push('\'');
    }
    t.push_str(text);
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

fn csv_row(cells: &[String], out: &mut String) {
    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// The member's tests as CSV (RFC 4180, CRLF line ends), one row per test.
pub fn csv(tests: &[TestRecord], copy: &TestLogCopy) -> String {
    let h = &copy.csv;
    let mut out = String::new();
    csv_row(
        &[
            h.id.clone(),
            h.lever.clone(),
            h.change.clone(),
            h.status.clone(),
            h.logged.clone(),
            h.updated.clone(),
            h.before_impressions.clone(),
            h.before_clicks.clone(),
            h.before_orders.clone(),
            h.after_impressions.clone(),
            h.after_clicks.clone(),
            h.after_orders.clone(),
            h.ctr_result.clone(),
            h.ctor_result.clone(),
            h.note.clone(),
        ],
        &mut out,
    );
    let n = |c: Option<u64>| c.map(|v| v.to_string()).unwrap_or_default();
    for t in tests {
        let o = |x: Option<Outcome>| {
            x.map(|x| outcome_word(x, copy).to_owned())
                .unwrap_or_default()
        };
        csv_row(
            &[
                t.id.short(),
                copy.lever(t.lever).label.clone(),
                t.change.clone(),
                status_text(t, copy),
                utc(t.created_at),
                utc(t.updated_at),
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

/// `/stats me`.
pub fn member_stats(s: &MemberStats, copy: &TestLogCopy) -> Reply {
    let c = &copy.stats;
    if s.logged == 0 {
        return Reply::new(c.title.clone(), c.empty.clone(), Tone::Info).footer(c.footer.clone());
    }
    Reply::new(c.title.clone(), String::new(), Tone::Info)
        .field(c.logged.clone(), count(s.logged))
        .field(c.done.clone(), count(s.done))
        .field(c.improved.clone(), count(s.improved))
        .field(c.weeks.clone(), count(u64::from(s.weeks_in_a_row)))
        .footer(c.footer.clone())
}

/// `/stats server`: counts only. `lookups` are glossary entry ids with counts, `misses`
/// normalized unknown terms with counts.
pub fn server_stats(
    s: &ServerStats,
    lookups: &[(String, i64)],
    misses: &[(String, i64)],
    content: &Content,
) -> Reply {
    let c = &content.test_log.server_stats;
    let lines = |items: Vec<(String, i64)>| {
        if items.is_empty() {
            return c.none.clone();
        }
        items
            .into_iter()
            .map(|(term, n)| {
                fill(
                    &c.term_line,
                    &[
                        ("term", &term),
                        ("count", &count(u64::try_from(n).unwrap_or(0))),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let known = lookups
        .iter()
        .map(|(id, n)| {
            let name = content
                .glossary
                .get(id)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| id.clone());
            (format!("**{}**", clip(&name, 80)), *n)
        })
        .collect();
    let unknown = misses
        .iter()
        .map(|(term, n)| (format!("`{}`", clip(&term.replace('`', "'"), 60)), *n))
        .collect();
    Reply::new(c.title.clone(), String::new(), Tone::Info)
        .field(c.members.clone(), count(s.members_active))
        .field(c.tests.clone(), count(s.tests_logged))
        .field(c.results.clone(), count(s.results_recorded))
        .field(c.top_terms.clone(), lines(known))
        .field(c.missing_terms.clone(), lines(unknown))
        .footer(c.footer.clone())
}

/// "logged tests: 3, …" for the tables that hold rows (all of them when none do).
pub fn tables_summary(counts: &[TableCount], copy: &TestLogCopy) -> String {
    counts
        .iter()
        .filter(|c| c.rows > 0)
        .map(|c| {
            let template = copy
                .privacy
                .tables
                .get(c.table)
                .map(String::as_str)
                .unwrap_or(c.table);
            fill(template, &[("count", &count(c.rows))])
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The question before `/privacy forget` deletes anything.
pub fn forget_confirm(counts: &[TableCount], copy: &TestLogCopy) -> Reply {
    let p = &copy.privacy;
    if counts.iter().all(|c| c.rows == 0) {
        return Reply::new(p.nothing_title.clone(), p.nothing.clone(), Tone::Info);
    }
    let mut reply = Reply::new(
        p.forget_title.clone(),
        fill(
            &p.forget_body,
            &[("summary", &tables_summary(counts, copy))],
        ),
        Tone::Caution,
    );
    reply.buttons.push(Button {
        label: p.forget_yes.clone(),
        custom_id: PrivacyId::Forget.custom_id(),
    });
    reply.buttons.push(Button {
        label: p.forget_no.clone(),
        custom_id: PrivacyId::Keep.custom_id(),
    });
    reply
}

/// What `/privacy forget` deleted.
pub fn forgotten(counts: &[TableCount], copy: &TestLogCopy) -> Reply {
    let p = &copy.privacy;
    if counts.iter().all(|c| c.rows == 0) {
        return Reply::new(p.nothing_title.clone(), p.nothing.clone(), Tone::Info);
    }
    Reply::new(
        p.forgotten_title.clone(),
        fill(&p.forgotten, &[("summary", &tables_summary(counts, copy))]),
        Tone::Good,
    )
}

pub fn forget_kept(copy: &TestLogCopy) -> Reply {
    Reply::new(
        copy.privacy.kept_title.clone(),
        copy.privacy.kept.clone(),
        Tone::Info,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("+33 6"), "'+33 6");
        assert_eq!(csv_cell("-20% price"), "'-20% price");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(
            csv_cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        assert_eq!(csv_cell("\tcmd"), "'\tcmd");
        assert_eq!(csv_cell("a = b"), "a = b");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(1_704_067_200), "2024-01-01 00:00:00");
        assert_eq!(utc(1_709_210_096), "2024-02-29 12:34:56");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00");
    }

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
