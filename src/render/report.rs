//! A decoded export as a reply (the `/report` summary and `funnel-coach report`'s text), as
//! JSON, and as the ranked CSV file; and the sentences for a file that cannot be read. Words
//! from `prompts/report.toml`, verdict headlines from `prompts/decode.toml`.

use serde_json::{json, Value};

use crate::content::report::ReportCopy;
use crate::content::DecodeCopy;
use crate::funnel::{Counts, Rate, StepKind, Verdict};
use crate::report::columns::Column;
use crate::report::sheet::{MAX_BYTES, MAX_ROWS};
use crate::report::{extra_clicks, Missing, Product, Report, ReportError, SkipReason, Skipped};

use super::components::{ComponentId, TestLogId};
use super::csv;
use super::format::{clip, count, percent, target};
use super::reply::{Button, Reply, Tone};

/// Products shown in Discord's summary; the CSV file holds them all.
pub const DISCORD_PRODUCTS: usize = 5;
/// Products shown by `funnel-coach report`.
pub const CLI_PRODUCTS: usize = 10;
/// Rows left out listed in Discord's summary; the terminal lists them all.
pub const DISCORD_SKIPPED: usize = 5;
/// A product name in a field title or a button.
const NAME: usize = 60;

/// How much of the report a reply shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub products: usize,
    /// `None`: every row left out.
    pub skipped: Option<usize>,
    /// Where the products not shown are: the CSV file (Discord) or `--json` (terminal).
    pub rest_in_csv: bool,
}

impl Shown {
    pub const DISCORD: Shown = Shown {
        products: DISCORD_PRODUCTS,
        skipped: Some(DISCORD_SKIPPED),
        rest_in_csv: true,
    };
    pub const CLI: Shown = Shown {
        products: CLI_PRODUCTS,
        skipped: None,
        rest_in_csv: false,
    };
}

fn tone(v: Verdict) -> Tone {
    match v {
        Verdict::Healthy => Tone::Good,
        Verdict::NotEnoughData => Tone::Unknown,
        Verdict::BeforeClick | Verdict::AfterClick => Tone::Caution,
        Verdict::Both => Tone::Problem,
    }
}

fn rate_text(r: Option<Rate>, copy: &ReportCopy) -> String {
    r.map_or_else(|| copy.labels.no_rate.to_string(), |r| percent(r.value))
}

/// One narrow next test for a product (with the clicks a not-enough-data one still needs).
pub fn next_test(p: &Product, copy: &ReportCopy) -> String {
    let v = &copy.verdicts[p.decoded.verdict];
    let d = &p.decoded;
    let out_of_reach = [StepKind::Ctor, StepKind::Ctr]
        .into_iter()
        .any(|k| d.outlook(k).is_some_and(|o| o.out_of_reach()));
    match (d.verdict, extra_clicks(d)) {
        (Verdict::NotEnoughData, None) => copy.labels.next_unknown.to_string(),
        (Verdict::NotEnoughData, Some(more)) if out_of_reach => copy
            .labels
            .next_out_of_reach
            .fill(&[("more", &count(more))]),
        (_, more) => v.next.fill(&[("more", &count(more.unwrap_or(0)))]),
    }
}

/// Text from the file, shown where Discord reads marks: bold and code marks are taken out,
/// and doubled strike, underline and spoiler marks halved, so a name cannot restyle the answer.
fn safe(text: &str) -> String {
    text.replace(['*', '`'], "")
        .replace("~~", "~")
        .replace("__", "_")
        .replace("||", "|")
}

fn product_field(rank: usize, p: &Product, copy: &ReportCopy) -> (String, String) {
    let l = &copy.labels;
    let c = &p.decoded.counts;
    let shown = if p.name.is_empty() { &p.id } else { &p.name };
    let name = l.product.fill(&[
        ("rank", &rank.to_string()),
        ("name", &clip(&safe(shown), NAME)),
    ]);
    let value = l.product_value.fill(&[
        ("verdict", &copy.verdicts[p.decoded.verdict].label),
        ("impressions", &count(c.impressions)),
        ("clicks", &count(c.clicks)),
        ("orders", &count(c.orders)),
        ("ctr", &rate_text(p.decoded.ctr.rate, copy)),
        ("ctor", &rate_text(p.decoded.ctor.rate, copy)),
        ("next", &next_test(p, copy)),
    ]);
    (name, value)
}

fn totals_value(r: &Report, copy: &ReportCopy, decode: &DecodeCopy) -> String {
    let t = &r.totals;
    let c = &t.counts;
    let bounds = |rate: Option<Rate>| {
        if let Some(r) = rate {
            (percent(r.value), percent(r.low), percent(r.high))
        } else {
            let none = copy.labels.no_rate.to_string();
            (none.clone(), none.clone(), none)
        }
    };
    let (ctr, ctr_low, ctr_high) = bounds(t.ctr.rate);
    let (ctor, ctor_low, ctor_high) = bounds(t.ctor.rate);
    let value = copy.labels.totals_value.fill(&[
        ("impressions", &count(c.impressions)),
        ("clicks", &count(c.clicks)),
        ("orders", &count(c.orders)),
        ("ctr", &ctr),
        ("ctr_low", &ctr_low),
        ("ctr_high", &ctr_high),
        ("ctor", &ctor),
        ("ctor_low", &ctor_low),
        ("ctor_high", &ctor_high),
        ("verdict", super::decode::headline(t, decode)),
    ]);
    format!("{value}\n{}", copy.labels.totals_note)
}

/// Why a row was left out, in words.
pub fn skip_reason(s: &Skipped, copy: &ReportCopy) -> String {
    let text = copy.skip_reasons.text(s.reason);
    let column = s.column.map_or("", |c| copy.columns[c].as_str());
    match s.reason {
        SkipReason::MissingCount => copy.skip_reasons.missing_count.fill(&[("column", column)]),
        SkipReason::NotACount => copy.skip_reasons.not_a_count.fill(&[
            ("column", column),
            ("cell", &clip(&safe(s.cell.as_deref().unwrap_or("")), 30)),
        ]),
        _ => text.to_owned(),
    }
}

fn skipped_line(s: &Skipped, copy: &ReportCopy) -> String {
    let row = s.row.to_string();
    let reason = skip_reason(s, copy);
    if s.id.is_empty() {
        copy.labels
            .skipped_line_no_id
            .fill(&[("row", &row), ("reason", &reason)])
    } else {
        copy.labels.skipped_line.fill(&[
            ("row", &row),
            ("id", &clip(&safe(&s.id), 40)),
            ("reason", &reason),
        ])
    }
}

/// The report as a reply: the period, counts per verdict, the first products to look at with
/// their next test, the totals with their ranges and the shop's verdict, the rows left out.
pub fn summary(r: &Report, shown: Shown, copy: &ReportCopy, decode: &DecodeCopy) -> Reply {
    let l = &copy.labels;
    let mut description = vec![match &r.period {
        Some(p) => l.period.fill(&[("period", &safe(p))]),
        None => l.no_period.to_string(),
    }];
    if let Some(section) = &r.section {
        description.push(l.section.fill(&[("section", &clip(&safe(section), 40))]));
    }
    description.push(l.summary.fill(&[
        ("products", &count(r.products.len() as u64)),
        ("skipped", &count(r.skipped.len() as u64)),
    ]));
    if r.products.is_empty() {
        description.push(l.no_products.to_string());
    } else if r.products.len() > shown.products {
        let more = if shown.rest_in_csv {
            &l.more_products
        } else {
            &l.more_products_json
        };
        description.push(more.fill(&[("products", &count(r.products.len() as u64))]));
    }
    let counts: Vec<String> = r
        .by_verdict()
        .iter()
        .map(|(v, n)| {
            l.count_line.fill(&[
                ("label", &copy.verdicts[*v].label),
                ("n", &count(*n as u64)),
            ])
        })
        .collect();
    let mut reply = Reply::new(&l.title, description.join("\n"), tone(r.totals.verdict))
        .field(&l.counts, counts.join("\n"));
    for (i, p) in r.products.iter().take(shown.products).enumerate() {
        let (name, value) = product_field(i + 1, p, copy);
        reply = reply.field(name, value);
    }
    reply = reply.field(&l.totals, totals_value(r, copy, decode));
    if !r.warnings.is_empty() {
        let section = r.section.as_deref().map(safe).unwrap_or_default();
        let text: Vec<String> = r
            .warnings
            .iter()
            .map(|w| copy.warnings[*w].fill(&[("section", &section)]))
            .collect();
        reply = reply.field(&l.warnings, text.join("\n\n"));
    }
    if !r.skipped.is_empty() {
        let limit = shown.skipped.unwrap_or(usize::MAX);
        let mut lines: Vec<String> = r
            .skipped
            .iter()
            .take(limit)
            .map(|s| skipped_line(s, copy))
            .collect();
        if r.skipped.len() > limit {
            let more = (r.skipped.len() - limit) as u64;
            lines.push(l.skipped_more.of(more, &count(more)));
        }
        reply = reply.field(&l.skipped, lines.join("\n"));
    }
    reply.footer(l.footer.fill(&[
        ("ctr", &target(r.thresholds.ctr)),
        ("ctor", &target(r.thresholds.ctor)),
    ]))
}

/// "Log a test for …" for the first product: the test log's own button, whose numbers become
/// the test's before numbers. `None` without products.
pub fn log_button(r: &Report, owner: u64, copy: &ReportCopy) -> Option<Button> {
    let p = r.products.first()?;
    let c: &Counts = &p.decoded.counts;
    let shown = if p.name.is_empty() { &p.id } else { &p.name };
    Some(Button {
        label: copy
            .labels
            .button
            .fill(&[("name", &clip(&one_line(shown), NAME))]),
        custom_id: TestLogId::FromDecode {
            owner,
            counts: [c.impressions, c.clicks, c.orders],
        }
        .custom_id(),
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rate_json(r: Option<Rate>) -> Value {
    match r {
        Some(r) => json!({"value": r.value, "low": r.low, "high": r.high}),
        None => Value::Null,
    }
}

/// `funnel-coach report --json`: `{period, products: [{id, name, impressions, clicks, orders,
/// verdict, ctr, ctor}], totals: {…}, skipped: [{row, id, reason}]}` and a few more keys
/// (`section`, `warnings`, `format`, `thresholds`, each product's `row`).
pub fn json(r: &Report, copy: &ReportCopy) -> Value {
    let products: Vec<Value> = r
        .products
        .iter()
        .map(|p| {
            let c = &p.decoded.counts;
            json!({
                "id": p.id,
                "name": p.name,
                "row": p.row,
                "impressions": c.impressions,
                "clicks": c.clicks,
                "orders": c.orders,
                "verdict": p.decoded.verdict.code(),
                "ctr": rate_json(p.decoded.ctr.rate),
                "ctor": rate_json(p.decoded.ctor.rate),
            })
        })
        .collect();
    let t = &r.totals;
    json!({
        "period": r.period,
        "section": r.section,
        "format": r.format,
        "thresholds": {"ctr": r.thresholds.ctr, "ctor": r.thresholds.ctor},
        "products": products,
        "totals": {
            "impressions": t.counts.impressions,
            "clicks": t.counts.clicks,
            "orders": t.counts.orders,
            "ctr": rate_json(t.ctr.rate),
            "ctor": rate_json(t.ctor.rate),
            "verdict": t.verdict.code(),
        },
        "skipped": r.skipped.iter().map(|s| json!({
            "row": s.row,
            "id": s.id,
            "reason": s.reason.key(),
            "column": s.column.map(Column::key),
            "message": skip_reason(s, copy),
        })).collect::<Vec<_>>(),
        "warnings": r.warnings.iter().map(|w| w.key()).collect::<Vec<_>>(),
    })
}

/// The full ranked list as CSV (RFC 4180, CRLF line ends; cells a spreadsheet would run as a
/// formula are neutralised as in `/test export`).
pub fn csv(r: &Report, copy: &ReportCopy) -> String {
    let h = &copy.csv;
    let mut out = String::new();
    let mut row = |cells: &[String]| csv::row(cells, &mut out);
    row(&[
        h.rank.to_string(),
        h.id.to_string(),
        h.name.to_string(),
        h.verdict.to_string(),
        h.impressions.to_string(),
        h.clicks.to_string(),
        h.orders.to_string(),
        h.ctr.to_string(),
        h.ctr_low.to_string(),
        h.ctr_high.to_string(),
        h.ctor.to_string(),
        h.ctor_low.to_string(),
        h.ctor_high.to_string(),
        h.next.to_string(),
        h.row.to_string(),
    ]);
    let bounds = |r: Option<Rate>| match r {
        Some(r) => [percent(r.value), percent(r.low), percent(r.high)],
        None => [String::new(), String::new(), String::new()],
    };
    for (i, p) in r.products.iter().enumerate() {
        let c = &p.decoded.counts;
        let [ctr, ctr_low, ctr_high] = bounds(p.decoded.ctr.rate);
        let [ctor, ctor_low, ctor_high] = bounds(p.decoded.ctor.rate);
        row(&[
            (i + 1).to_string(),
            p.id.clone(),
            p.name.clone(),
            copy.verdicts[p.decoded.verdict].label.to_string(),
            c.impressions.to_string(),
            c.clicks.to_string(),
            c.orders.to_string(),
            ctr,
            ctr_low,
            ctr_high,
            ctor,
            ctor_low,
            ctor_high,
            next_test(p, copy),
            p.row.to_string(),
        ]);
    }
    out
}

fn megabytes(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

fn missing_item(m: &Missing, copy: &ReportCopy) -> String {
    let e = &copy.errors;
    let name = &copy.columns[m.column];
    let base = match m.column {
        Column::Id | Column::Name => e.id_or_name.to_string(),
        Column::SkuOrders | Column::Orders => e.orders_or_sku.to_string(),
        _ => e.column.fill(&[("column", name)]),
    };
    match &m.found_instead {
        Some(found) => format!(
            "{base}: {}",
            e.found_instead
                .fill(&[("found", &clip(&safe(found), 40)), ("column", name)])
        ),
        None => base,
    }
}

/// The sentence for a file that gives no report.
pub fn error(e: &ReportError, copy: &ReportCopy) -> String {
    let errs = &copy.errors;
    match e {
        ReportError::TooBig { bytes } => errs
            .too_big
            .fill(&[("size", &megabytes(*bytes)), ("max", &megabytes(MAX_BYTES))]),
        ReportError::TooManyRows => errs.too_many_rows.fill(&[("max", &count(MAX_ROWS as u64))]),
        ReportError::Unreadable(u) => errs.unreadable[*u].to_string(),
        ReportError::NotAnExport { missing } => {
            let items: Vec<String> = missing.iter().map(|m| missing_item(m, copy)).collect();
            let list = match items.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} {} {last}", rest.join(", "), errs.and),
                None => String::new(),
            };
            errs.not_an_export.fill(&[("missing", &list)])
        }
    }
}
