//! `funnel-coach report` on a 5,000-product Seller Center export, as CSV and as XLSX: the
//! release binary run as a member would run it (process start, prompts loaded and checked,
//! the file read and decoded, the text printed), median of runs, and its peak memory.
//!
//! The exports are generated here (the real layout: period row, blank row, section labels,
//! the headers repeated for four sections, one row per product; some names with commas and
//! quotes, some `-` cells) into `target/bench/`. Run with `cargo bench --bench report`
//! (`-- --quick` for a short smoke run). Prints the figures and writes them to
//! `target/bench/report.json`. Target: under 0.5 s.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use funnel_coach::funnel::Thresholds;

const PRODUCTS: usize = 5_000;
const TARGET: Duration = Duration::from_millis(500);
const SECTIONS: [&str; 4] = ["All", "Seller LIVE", "Seller video", "Affiliate"];
const METRICS: [&str; 6] = [
    "Product impressions",
    "Product clicks",
    "Product CTR",
    "SKU orders",
    "CTOR",
    "GMV",
];

/// A small deterministic generator (no dependency, the same file every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// The export's rows as cells: text, or a count (`None` for a `-` cell).
enum Cell {
    Text(String),
    Count(Option<u64>),
}

fn rows() -> Vec<Vec<Cell>> {
    let mut rng = Lcg(13);
    let mut rows = vec![
        vec![Cell::Text("Analysis date: 2026-10-01 ~ 2026-10-31".into())],
        vec![],
    ];
    let mut sections = vec![Cell::Text(String::new()), Cell::Text(String::new())];
    let mut header = vec![
        Cell::Text("Product ID".into()),
        Cell::Text("Product name".into()),
    ];
    for s in SECTIONS {
        sections.push(Cell::Text(s.into()));
        sections.extend((1..METRICS.len()).map(|_| Cell::Text(String::new())));
        header.extend(METRICS.iter().map(|m| Cell::Text((*m).into())));
    }
    rows.push(sections);
    rows.push(header);
    for i in 0..PRODUCTS {
        let impressions = 100 + rng.next(500_000);
        let clicks = impressions * (5 + rng.next(500)) / 10_000;
        let orders = clicks * rng.next(600) / 10_000;
        let name = if i % 7 == 0 {
            format!("Travel Mug “Keep Hot”, {i} oz")
        } else {
            format!("Product {i}")
        };
        let mut row = vec![Cell::Text(format!("17290{i:05}")), Cell::Text(name)];
        for s in 0..SECTIONS.len() {
            let div = 1 + s as u64;
            let missing = i % 97 == 0 && s == 0;
            row.push(Cell::Count((!missing).then_some(impressions / div)));
            row.push(Cell::Count(Some(clicks / div)));
            row.push(Cell::Text(format!(
                "{:.2}%",
                clicks as f64 / impressions as f64 * 100.0
            )));
            row.push(Cell::Count(Some(orders / div)));
            row.push(Cell::Text(format!(
                "{:.2}%",
                orders as f64 / clicks.max(1) as f64 * 100.0
            )));
            row.push(Cell::Text(format!("${}.{:02}", orders * 23, i % 100)));
        }
        rows.push(row);
    }
    rows
}

fn thousands(n: u64) -> String {
    funnel_coach::render::format::count(n)
}

fn csv(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Text(t) if t.contains([',', '"']) => {
                    format!("\"{}\"", t.replace('"', "\"\""))
                }
                Cell::Text(t) => t.clone(),
                Cell::Count(Some(n)) if *n >= 1000 => format!("\"{}\"", thousands(*n)),
                Cell::Count(Some(n)) => n.to_string(),
                Cell::Count(None) => "-".into(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn xlsx(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("rows fit");
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("columns fit");
            match cell {
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) => {
                    sheet.write_string(r, c, t).expect("writes");
                }
                Cell::Count(Some(n)) => {
                    sheet.write_number(r, c, *n as f64).expect("writes");
                }
                Cell::Count(None) => {
                    sheet.write_string(r, c, "-").expect("writes");
                }
            }
        }
    }
    book.save_to_buffer().expect("an xlsx")
}

fn out_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench")
}

/// One run of the release binary: wall time from spawn to exit and peak memory (MB).
// The child is waited for with wait4 (below), which also reports its peak memory.
#[allow(clippy::zombie_processes)]
fn run(file: &Path) -> (Duration, f64) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_funnel-coach"))
        .arg("report")
        .arg(file)
        .env(
            "PROMPTS_DIR",
            concat!(env!("CARGO_MANIFEST_DIR"), "/prompts"),
        )
        .env_remove("DISCORD_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the release binary starts");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid value; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for the child spawned above, which has not been waited for.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    let elapsed = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "funnel-coach report {} failed: {status}",
        file.display()
    );
    // Linux reports ru_maxrss in kilobytes.
    (elapsed, usage.ru_maxrss as f64 / 1024.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v[v.len() / 2]
}

struct Figures {
    bytes: usize,
    median: Duration,
    min: Duration,
    max: Duration,
    peak_mb: f64,
    in_process: Duration,
}

fn measure(path: &Path, bytes: &[u8], runs: usize) -> Figures {
    // The same products as the binary prints: checked once.
    let report = funnel_coach::report::build(bytes, Thresholds::default()).expect("a report");
    assert_eq!(report.products.len() + report.skipped.len(), PRODUCTS);
    for _ in 0..2 {
        run(path);
    }
    let mut times = Vec::new();
    let mut peak: f64 = 0.0;
    for _ in 0..runs {
        let (t, mb) = run(path);
        times.push(t);
        peak = peak.max(mb);
    }
    let decode_only: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let r = funnel_coach::report::build(bytes, Thresholds::default());
            let t = start.elapsed();
            assert!(r.is_ok());
            t
        })
        .collect();
    Figures {
        bytes: bytes.len(),
        median: median(times.clone()),
        min: times.iter().min().copied().unwrap_or_default(),
        max: times.iter().max().copied().unwrap_or_default(),
        peak_mb: peak,
        in_process: median(decode_only),
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 3 } else { 21 };
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("target/bench");
    let rows = rows();
    let mut results = Vec::new();
    for (format, bytes) in [("csv", csv(&rows)), ("xlsx", xlsx(&rows))] {
        let path = dir.join(format!("report-{PRODUCTS}.{format}"));
        std::fs::write(&path, &bytes).expect("writes the export");
        results.push((format, measure(&path, &bytes, runs)));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "\nfunnel-coach report on a {PRODUCTS}-product export (release binary, {runs} runs after 2 warm-ups; wall time from spawn to exit):"
    );
    for (format, f) in &results {
        println!(
            "  {format:4} {:>7.1} KB: median {:6.1} ms (min {:.1}, max {:.1}), peak memory {:.1} MB; reading and decoding alone {:.1} ms  [{}]",
            f.bytes as f64 / 1024.0,
            ms(f.median),
            ms(f.min),
            ms(f.max),
            f.peak_mb,
            ms(f.in_process),
            if f.median < TARGET { "under 0.5 s" } else { "OVER 0.5 s" }
        );
    }
    let json = serde_json::json!({
        "products": PRODUCTS,
        "runs": runs,
        "target_ms": ms(TARGET),
        "results": results.iter().map(|(format, f)| serde_json::json!({
            "format": format,
            "bytes": f.bytes,
            "median_ms": ms(f.median),
            "min_ms": ms(f.min),
            "max_ms": ms(f.max),
            "peak_rss_mb": f.peak_mb,
            "build_only_ms": ms(f.in_process),
        })).collect::<Vec<_>>(),
    });
    let path = dir.join("report.json");
    if let Err(e) = std::fs::write(
        &path,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    ) {
        eprintln!("cannot write {}: {e}", path.display());
    }
}
