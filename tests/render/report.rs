//! Reports from Seller Center exports: the fixtures in `tests/fixtures/report/` (CSV, written
//! by hand to follow the real layout) and XLSX workbooks generated here from the same rows
//! (`rust_xlsxwriter`), so no binary file is committed. Per row, the verdict is what `decode`
//! says of the same numbers; then the ranking, the totals, every skip reason, the warnings,
//! the refusals, the rendered answers and the command line.

use std::path::Path;

use crate::cli::cli_in;
use crate::prompts::content;
use funnel_coach::funnel::{decode, Counts, Thresholds, Verdict};
use funnel_coach::render;
use funnel_coach::render::report::Shown;
use funnel_coach::report::columns::Column;
use funnel_coach::report::sheet::{Format, Unreadable, MAX_BYTES, MAX_ROWS};
use funnel_coach::report::{build, Missing, Report, ReportError, ReportWarning, SkipReason};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/report/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn report(name: &str) -> Report {
    build(&fixture(name), Thresholds::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The same rows as a workbook: counts as number cells (as Excel holds them), everything else
/// as text, `-` kept as text.
fn xlsx_from_csv(csv_bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(csv_bytes);
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = if text.lines().nth(3).is_some_and(|l| l.contains(';')) {
        b';'
    } else {
        b','
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    // One line per row (the fixtures have no cell spanning lines); blank lines are rows too.
    for (row, line) in text.lines().enumerate() {
        let row = u32::try_from(row).unwrap();
        let record = csv::ReaderBuilder::new()
            .has_headers(false)
            .delimiter(delimiter)
            .from_reader(line.as_bytes())
            .records()
            .next();
        let Some(record) = record else { continue };
        for (col, cell) in record.unwrap().iter().enumerate() {
            let col = u16::try_from(col).unwrap();
            let plain = cell.replace(',', "");
            if cell.is_empty() {
                continue;
            }
            if !plain.is_empty() && plain.bytes().all(|b| b.is_ascii_digit()) {
                sheet
                    .write_number(row, col, plain.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                sheet.write_string(row, col, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// (id, impressions, clicks, orders) of the products the main fixture decodes.
const EXPORT: [(&str, u64, u64, u64); 12] = [
    ("1729001", 180_000, 5_400, 43),
    ("1729002", 120_000, 3_600, 30),
    ("1729003", 90_000, 2_300, 20),
    ("1729004", 250_000, 1_500, 45),
    ("1729005", 400_000, 2_000, 10),
    ("1729006", 60_000, 2_400, 80),
    ("1729007", 30_000, 900, 30),
    ("1729008", 3_000, 60, 1),
    ("1729009", 1_500, 30, 0),
    ("1729010", 800, 20, 1),
    ("1729011", 5_000, 120, 2),
    ("1729012", 400, 8, 0),
];

fn counts(i: u64, c: u64, o: u64) -> Counts {
    Counts {
        impressions: i,
        clicks: c,
        orders: o,
        add_to_carts: None,
    }
}

fn ids(r: &Report) -> Vec<&str> {
    r.products.iter().map(|p| p.id.as_str()).collect()
}

/// A row left out: its row, id, reason, column and cell.
type SkipRow<'a> = (u64, &'a str, SkipReason, Option<Column>, Option<&'a str>);

fn check_export(r: &Report) {
    assert_eq!(r.period.as_deref(), Some("2026-10-01 ~ 2026-10-31"));
    assert_eq!(r.section.as_deref(), Some("All"));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    // Every product: the "All" numbers, decoded exactly like /decode.
    assert_eq!(r.products.len(), EXPORT.len());
    for (id, i, c, o) in EXPORT {
        let p = r
            .products
            .iter()
            .find(|p| p.id == id)
            .unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(
            p.decoded,
            decode(counts(i, c, o), Thresholds::default()),
            "{id}"
        );
    }
    let mug = r.products.iter().find(|p| p.id == "1729002").unwrap();
    assert_eq!(mug.name, "Travel Mug “Keep Hot”, 12oz");
    assert_eq!(mug.row, 6);
    // Ranked: both, before the click (most impressions first), after the click (most clicks
    // first), not enough data (fewest extra clicks first), healthy (most impressions first).
    assert_eq!(
        ids(r),
        [
            "1729005", "1729004", "1729001", "1729002", "1729003", "1729010", "1729009", "1729012",
            "1729011", "1729008", "1729006", "1729007"
        ]
    );
    let verdicts: Vec<Verdict> = r.products.iter().map(|p| p.decoded.verdict).collect();
    assert_eq!(
        verdicts,
        [
            Verdict::Both,
            Verdict::BeforeClick,
            Verdict::AfterClick,
            Verdict::AfterClick,
            Verdict::AfterClick,
            Verdict::NotEnoughData,
            Verdict::NotEnoughData,
            Verdict::NotEnoughData,
            Verdict::NotEnoughData,
            Verdict::NotEnoughData,
            Verdict::Healthy,
            Verdict::Healthy,
        ]
    );
    let extra: Vec<u64> = r.products[5..10]
        .iter()
        .map(|p| funnel_coach::report::extra_clicks(&p.decoded).unwrap())
        .collect();
    assert!(extra.is_sorted(), "{extra:?}");
    // Totals: the sums, decoded like one product: the shop's CTOR Seller Center cannot show.
    let sum = |f: fn(&(&str, u64, u64, u64)) -> u64| EXPORT.iter().map(f).sum::<u64>();
    let total = counts(sum(|p| p.1), sum(|p| p.2), sum(|p| p.3));
    assert_eq!(total, counts(1_140_700, 18_338, 262));
    assert_eq!(r.totals, decode(total, Thresholds::default()));
    let ctor = r.totals.ctor.rate.unwrap();
    assert!((ctor.value - 262.0 / 18_338.0).abs() < 1e-12);
    assert!(ctor.low < ctor.value && ctor.value < ctor.high);
    assert_eq!(r.totals.verdict, Verdict::AfterClick);
    // Every row left out, with its row, its id and why; nothing dropped silently.
    let skipped: Vec<SkipRow> = r
        .skipped
        .iter()
        .map(|s| (s.row, s.id.as_str(), s.reason, s.column, s.cell.as_deref()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                17,
                "1729013",
                SkipReason::MissingCount,
                Some(Column::Impressions),
                None
            ),
            (
                18,
                "1729014",
                SkipReason::ClicksAboveImpressions,
                None,
                None
            ),
            (
                19,
                "1729015",
                SkipReason::NotACount,
                Some(Column::Clicks),
                Some("4.87%")
            ),
            (20, "1729016", SkipReason::OrdersAboveClicks, None, None),
            (21, "", SkipReason::NoProduct, None, None),
        ]
    );
}

#[test]
fn the_csv_export_is_decoded_ranked_and_totalled() {
    let r = report("export.csv");
    assert_eq!(r.format, Format::Csv);
    check_export(&r);
}

#[test]
fn the_same_export_as_xlsx_gives_the_same_report() {
    let csv = report("export.csv");
    let xlsx = build(
        &xlsx_from_csv(&fixture("export.csv")),
        Thresholds::default(),
    )
    .unwrap();
    assert_eq!(xlsx.format, Format::Xlsx);
    check_export(&xlsx);
    assert_eq!(xlsx.products, csv.products);
    assert_eq!(xlsx.skipped, csv.skipped);
}

#[test]
fn semicolons_a_byte_order_mark_and_utf16_are_read() {
    let bytes = fixture("semicolon_bom.csv");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let r = report("semicolon_bom.csv");
    assert_eq!(r.period.as_deref(), Some("2026-11-01 ~ 2026-11-07"));
    assert_eq!(r.section.as_deref(), Some("All"));
    assert_eq!(ids(&r), ["2002", "2001"]);
    assert_eq!(r.products[1].name, "Mug, blue");
    assert_eq!(r.products[0].name, "Pen \"Smooth\" set");
    assert_eq!(
        r.products[1].decoded,
        decode(counts(12_500, 310, 4), Thresholds::default())
    );
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(r.skipped[0].row, 7);
    assert_eq!(r.skipped[0].reason, SkipReason::MissingCount);

    // The same file saved as UTF-16 (Excel's "Unicode text") reads the same.
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let again = build(&utf16, Thresholds::default()).unwrap();
    assert_eq!(again.products, r.products);
    // And as a workbook.
    let xlsx = build(
        &xlsx_from_csv(&fixture("semicolon_bom.csv")),
        Thresholds::default(),
    )
    .unwrap();
    assert_eq!(xlsx.products, r.products);
}

#[test]
fn a_file_without_the_all_section_uses_its_first_section_and_says_so() {
    let r = report("only_some_sections.csv");
    assert_eq!(r.section.as_deref(), Some("Seller video"));
    assert_eq!(r.warnings, [ReportWarning::OneSection]);
    // The Seller video columns, not the Affiliate ones further right.
    let case = r.products.iter().find(|p| p.id == "3001").unwrap();
    assert_eq!(case.decoded.counts, counts(20_000, 1_000, 3));
    assert_eq!(case.decoded.verdict, Verdict::AfterClick);
}

#[test]
fn old_names_of_the_same_metric_are_read_with_a_warning() {
    let r = report("old_names.csv");
    assert_eq!(
        r.warnings,
        [
            ReportWarning::ImpressionsOldName,
            ReportWarning::OrdersForSkuOrders
        ]
    );
    assert_eq!(r.section, None);
    assert_eq!(ids(&r), ["4001", "4002"]);
    assert_eq!(r.products[0].decoded.counts, counts(20_000, 1_000, 3));
}

#[test]
fn page_views_never_stand_in_for_product_clicks() {
    let e = build(&fixture("page_views.csv"), Thresholds::default()).unwrap_err();
    assert_eq!(
        e,
        ReportError::NotAnExport {
            missing: vec![Missing {
                column: Column::Clicks,
                found_instead: Some("Page views".into()),
            }]
        }
    );
    let text = render::report::error(&e, &content().report);
    assert!(text.contains("Product clicks"), "{text}");
    assert!(text.contains("Page views"), "{text}");
}

#[test]
fn a_csv_that_is_not_an_export_names_what_is_missing() {
    let e = build(&fixture("not_an_export.csv"), Thresholds::default()).unwrap_err();
    let ReportError::NotAnExport { missing } = &e else {
        panic!("{e:?}");
    };
    let columns: Vec<Column> = missing.iter().map(|m| m.column).collect();
    assert_eq!(
        columns,
        [
            Column::Id,
            Column::Impressions,
            Column::Clicks,
            Column::SkuOrders
        ]
    );
    let text = render::report::error(&e, &content().report);
    for name in ["Product impressions", "Product clicks", "SKU orders"] {
        assert!(text.contains(name), "{name}: {text}");
    }
}

/// A minimal export with the given product rows (`id,impressions,clicks,orders`).
fn small(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from("Product ID,Product impressions,Product clicks,SKU orders\n");
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

#[test]
fn every_skip_reason_and_the_thresholds() {
    let r = build(
        &small(&[
            "a,0,5,0",
            "b,-,5,0",
            "c,100,$62.50,0",
            "d,100,50,60",
            "e,100,200,0",
            ",100,5,0",
            "f,10000,400,40",
        ]),
        Thresholds::default(),
    )
    .unwrap();
    let reasons: Vec<SkipReason> = r.skipped.iter().map(|s| s.reason).collect();
    assert_eq!(
        reasons,
        [
            SkipReason::ClicksWithoutImpressions,
            SkipReason::MissingCount,
            SkipReason::NotACount,
            SkipReason::OrdersAboveClicks,
            SkipReason::ClicksAboveImpressions,
            SkipReason::NoProduct,
        ]
    );
    for reason in SkipReason::ALL {
        assert!(reasons.contains(&reason), "{reason:?} is never tested");
    }
    assert_eq!(ids(&r), ["f"]);
    assert_eq!(r.products[0].decoded.verdict, Verdict::Healthy);
    let strict = Thresholds {
        ctr: 0.1,
        ctor: 0.02,
    };
    let r = build(&small(&["f,10000,400,40"]), strict).unwrap();
    assert_eq!(r.products[0].decoded.verdict, Verdict::BeforeClick);
    assert_eq!(r.totals.verdict, Verdict::BeforeClick);
}

#[test]
fn files_over_the_limits_and_unreadable_files_are_refused() {
    let rows: Vec<String> = (0..=MAX_ROWS).map(|i| format!("p{i},100,1,0")).collect();
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    assert_eq!(
        build(&small(&refs), Thresholds::default()),
        Err(ReportError::TooManyRows)
    );
    let at_limit = build(&small(&refs[..MAX_ROWS]), Thresholds::default()).unwrap();
    assert_eq!(at_limit.products.len(), MAX_ROWS);
    let big = vec![b' '; MAX_BYTES + 1];
    assert!(matches!(
        build(&big, Thresholds::default()),
        Err(ReportError::TooBig { .. })
    ));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    assert_eq!(
        build(png, Thresholds::default()),
        Err(ReportError::Unreadable(Unreadable::NotText))
    );
}

#[test]
fn the_answers_fit_discord_and_the_csv_holds_every_product() {
    let c = content();
    let r = report("export.csv");
    let reply = render::report::summary(&r, Shown::DISCORD, &c.report, &c.decode);
    assert_eq!(render::limits::check(&reply), Vec::<String>::new());
    let text = render::text::to_text(&reply, false);
    for part in [
        "2026-10-01 ~ 2026-10-31",
        "Weak after the click: 3",
        "Not enough data yet: 5",
        "1. LED Strip 5m",
        "Product CTOR 1.43%, likely 1.27% – 1.61%",
        "Row 19 (1729015): Product clicks holds “4.87%”",
        "The full ranked list of 12 is in the CSV file.",
    ] {
        assert!(text.contains(part), "{part:?} not in {text}");
    }
    assert!(!text.contains("6. "), "Discord shows 5 products: {text}");

    let csv = render::report::csv(&r, &c.report);
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + r.products.len());
    assert!(lines[0].starts_with("rank,product id,product name,verdict"));
    assert!(lines[1].starts_with("1,1729005,LED Strip 5m,Both steps weak,400000,2000,10,"));
    assert!(
        csv.contains("\"Travel Mug “Keep Hot”, 12oz\""),
        "a name with a comma is quoted: {csv}"
    );

    // The worst case: long names that would be formulas, many rows left out, every warning.
    let mut rows: Vec<String> = (0..30)
        .map(|i| format!("=HYPERLINK(\"x\"){}{i},500000,1000,1", "Ω".repeat(200)))
        .collect();
    rows.extend((0..40).map(|i| format!("{}{i},-,1,0", "@".repeat(300))));
    let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
    let mut worst = build(&small(&refs), Thresholds::default()).unwrap();
    worst.warnings = ReportWarning::ALL.to_vec();
    worst.section = Some("S".repeat(300));
    worst.period = Some("P".repeat(500));
    let reply = render::report::summary(&worst, Shown::DISCORD, &c.report, &c.decode);
    assert_eq!(render::limits::check(&reply), Vec::<String>::new());
    let button = render::report::log_button(&worst, 1, &c.report).unwrap();
    assert!(button.label.chars().count() <= render::limits::BUTTON_LABEL);
    let csv = render::report::csv(&worst, &c.report);
    for line in csv.split("\r\n").skip(1).filter(|l| !l.is_empty()) {
        let id = line.split(',').nth(1).unwrap();
        assert!(id.starts_with("\"'=") || id.starts_with("'="), "{id}");
    }
}

#[test]
fn json_has_the_shape_of_the_product_contract() {
    let c = content();
    let v = render::report::json(&report("export.csv"), &c.report);
    assert_eq!(v["period"], "2026-10-01 ~ 2026-10-31");
    let first = &v["products"][0];
    for key in [
        "id",
        "name",
        "impressions",
        "clicks",
        "orders",
        "verdict",
        "ctr",
        "ctor",
    ] {
        assert!(!first[key].is_null(), "{key}: {first}");
    }
    assert_eq!(first["verdict"], "both");
    assert_eq!(first["ctr"]["value"], 0.005);
    assert_eq!(v["totals"]["orders"], 262);
    assert_eq!(v["totals"]["verdict"], "after_click");
    assert!(v["totals"]["ctor"]["low"].as_f64().unwrap() < 0.0143);
    assert_eq!(v["skipped"][2]["row"], 19);
    assert_eq!(v["skipped"][2]["id"], "1729015");
    assert_eq!(v["skipped"][2]["reason"], "not_a_count");
}

/// The command line run from the fixtures' folder: (exit code, stdout).
fn cli(args: &[&str]) -> (i32, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report");
    let (code, out, _) = cli_in(&dir, args);
    (code, out)
}

#[test]
fn the_command_line_prints_the_report_or_the_reason_with_its_exit_code() {
    let (code, out) = cli(&["report", "export.csv"]);
    assert_eq!(code, 0, "{out}");
    for part in [
        "Period: 2026-10-01 ~ 2026-10-31",
        "12 decoded, 5 left out.",
        "10. Lip Balm Trio",
        // A row adds up all the product's videos: 120 clicks needing 6,700 more is over twice
        // what it has, and the next test says what to do instead (its videos may still grow).
        "Next: About 6,700 more clicks would tell: over twice what it has so far. Export a longer date range",
        "Product CTOR 1.43%, likely 1.27% – 1.61%",
        "Your shop as a whole: People click, but few of them order",
        "Row 21: no product ID or name",
        "comes with --json",
    ] {
        assert!(out.contains(part), "{part:?} not in {out}");
    }
    assert!(!out.contains("11. "), "ten products: {out}");
    assert!(
        !out.contains("this video"),
        "a row is every video of a product: {out}"
    );
    assert!(!out.contains("**"), "no Discord marks in a terminal: {out}");

    let (code, out) = cli(&["report", "--json", "--ctr", "3.5", "export.csv"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["thresholds"]["ctr"], 0.035);
    assert_eq!(v["products"].as_array().unwrap().len(), 12);
    assert_eq!(v["totals"]["verdict"], "both");

    let (code, out) = cli(&["report", "page_views.csv"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("Product clicks") && out.contains("Page views"),
        "{out}"
    );
    let (code, out) = cli(&["report", "--json", "not_an_export.csv"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"]["reason"], "not_an_export");
    assert_eq!(
        v["error"]["missing"],
        serde_json::json!(["id", "impressions", "clicks", "sku_orders"])
    );
    let (code, out) = cli(&["report", "no_such_file.csv"]);
    assert_eq!(code, 2, "{out}");
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    std::fs::write(&big, vec![b'a'; MAX_BYTES + 1]).unwrap();
    let (code, out) = cli(&["report", "--json", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("too_big"), "{out}");
    let (code, _) = cli(&["report", "--ctr", "abc", "export.csv"]);
    assert_eq!(code, 2);
}
