//! The funnel chart's render time: drawing and PNG encoding together, as `/decode` pays it.
//!
//! Renders the chart for numbers of every verdict (and the before/after pair of `/test show`)
//! in turn, after a warm-up that also parses the font once. Run with
//! `cargo bench --bench chart` (add `-- --samples N` for fewer charts, e.g. to count
//! instructions under `valgrind --tool=callgrind`). Prints the median and p99 (targets on the
//! project's 2-core machine: `/decode`'s chart under 2 ms and 40 KB, the before/after pair
//! under 4 ms and 60 KB: a chat image) beside the figures before the phone redraw and before
//! the render was made faster, and writes them as JSON to `target/bench/chart.json`.

use std::path::Path;
use std::time::{Duration, Instant};

use funnel_coach::funnel::{decode, Counts, Thresholds};
use funnel_coach::render::chart;

const WARMUP: usize = 50;
/// Charts drawn per run unless `--samples N` says otherwise.
const SAMPLES: usize = 1_000;
const TARGET: Duration = Duration::from_millis(2);
const PAIR_TARGET: Duration = Duration::from_millis(4);
const TARGET_KB: usize = 40;
const PAIR_TARGET_KB: usize = 60;
/// The same bench before the phone redraw (commit bf08fd3: log-scale bars, 19-20 px words,
/// RGBA PNG, the pair side by side at 1200 px), on the same machine.
const BEFORE: &str = "/decode median 7.70 ms, p99 26.11 ms; before/after (1200 px) median 14.62 ms; PNGs 103-156 KB (load about 5 on 2 cores)";
/// The same bench after the redraw, before the render was made faster (commit db193f9: every
/// glyph rasterised for each text, the PNG writer's zlib level 6 row by row), on the same
/// machine; and the instructions per chart under callgrind (see docs/benchmarks.md).
const BEFORE_SPEED: &str = "/decode median 4.84 ms, before/after median 8.98 ms (load about 2 on 2 cores); 94.0 M and 180.4 M instructions a chart";

#[derive(Debug, Clone, Copy)]
#[allow(clippy::struct_field_names)] // every figure is in milliseconds
struct Figures {
    median_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

fn figures(mut samples: Vec<Duration>) -> Figures {
    samples.sort_unstable();
    let at = |q: f64| {
        let last = samples.len() - 1;
        // The q-quantile's index, rounded to the nearest sample.
        let i = funnel_coach::funnel::interval::whole((last as f64 * q).round())
            .map_or(last, |i| usize::try_from(i).unwrap_or(last).min(last));
        samples[i].as_secs_f64() * 1e3
    };
    Figures {
        median_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: at(1.0),
    }
}

fn counts(impressions: u64, clicks: u64, orders: u64) -> Counts {
    Counts {
        impressions,
        clicks,
        orders,
        add_to_carts: None,
    }
}

/// `--samples N` from the command line, or [`SAMPLES`]; the warm-up shrinks with it.
fn samples() -> (usize, usize) {
    let args: Vec<String> = std::env::args().collect();
    let n = args
        .iter()
        .position(|a| a == "--samples")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n >= 4)
        .unwrap_or(SAMPLES);
    (n, WARMUP.min(n))
}

fn main() {
    let (samples, warmup) = samples();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = funnel_coach::check::prompts(&root.join("prompts")).expect("the prompts load");
    let copy = &content.decode;
    let t = Thresholds::default();
    // One set of numbers per verdict, plus the edges.
    let cases: Vec<_> = [
        counts(12_500, 310, 4),
        counts(50_000, 100, 5),
        counts(20_000, 1_000, 3),
        counts(500_000, 1_500, 2),
        counts(10_000, 400, 40),
        counts(0, 0, 0),
        counts(10_000, 500, 800),
        counts(1_200_000, 30_000, 900),
    ]
    .into_iter()
    .map(|c| decode(c, t))
    .collect();
    let sides = [
        content.test_log.labels.before.as_str(),
        content.test_log.labels.after.as_str(),
    ];

    let mut bytes = 0;
    for i in 0..warmup {
        let d = &cases[i % cases.len()];
        bytes += chart::funnel(d, copy).expect("drawn").bytes.len();
    }
    let mut one = Vec::with_capacity(samples);
    for i in 0..samples {
        let d = &cases[i % cases.len()];
        let started = Instant::now();
        let png = chart::funnel(d, copy).expect("drawn");
        one.push(started.elapsed());
        bytes += png.bytes.len();
    }
    let mut pair = Vec::with_capacity(samples / 4);
    for i in 0..samples / 4 {
        let (b, a) = (&cases[i % cases.len()], &cases[(i + 1) % cases.len()]);
        let started = Instant::now();
        let png = chart::before_after(b, a, sides, copy).expect("drawn");
        pair.push(started.elapsed());
        bytes += png.bytes.len();
    }
    let mut alt = Vec::with_capacity(samples);
    for i in 0..samples {
        let d = &cases[i % cases.len()];
        let started = Instant::now();
        let text = chart::alt_text(d, copy);
        alt.push(started.elapsed());
        bytes += text.len();
    }
    let sizes: Vec<usize> = cases
        .iter()
        .map(|d| chart::funnel(d, copy).map_or(0, |p| p.bytes.len()))
        .collect();
    let pair_sizes: Vec<usize> = (0..cases.len())
        .map(|i| {
            let (b, a) = (&cases[i], &cases[(i + 1) % cases.len()]);
            chart::before_after(b, a, sides, copy).map_or(0, |p| p.bytes.len())
        })
        .collect();
    let (one, pair, alt) = (figures(one), figures(pair), figures(alt));
    let within = |f: &Figures, target: Duration| {
        if f.median_ms < target.as_secs_f64() * 1e3 {
            format!("within the {} ms target", target.as_millis())
        } else {
            format!("OVER the {} ms target", target.as_millis())
        }
    };
    let kb = |sizes: &[usize], target: usize| {
        let (least, most) = (
            sizes.iter().min().copied().unwrap_or(0),
            sizes.iter().max().copied().unwrap_or(0),
        );
        let verdict = if most <= target * 1024 {
            "within"
        } else {
            "OVER"
        };
        format!(
            "{:.1} KB to {:.1} KB ({verdict} the {target} KB target)",
            least as f64 / 1024.0,
            most as f64 / 1024.0
        )
    };
    println!(
        "chart bench: {samples} charts ({} sets of numbers), draw + PNG encode",
        cases.len()
    );
    println!(
        "  /decode chart ({} px wide):       median {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  ({})",
        chart::WIDTH,
        one.median_ms,
        one.p99_ms,
        one.max_ms,
        within(&one, TARGET)
    );
    println!(
        "  before/after ({} px wide, stacked): median {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms  ({})",
        chart::WIDTH,
        pair.median_ms,
        pair.p99_ms,
        pair.max_ms,
        within(&pair, PAIR_TARGET)
    );
    println!(
        "  alt text:                         median {:>6.3} ms  p99 {:>6.3} ms",
        alt.median_ms, alt.p99_ms
    );
    println!("  /decode PNG sizes: {}", kb(&sizes, TARGET_KB));
    println!(
        "  before/after PNG sizes: {}",
        kb(&pair_sizes, PAIR_TARGET_KB)
    );
    println!("  before the phone redraw: {BEFORE}");
    println!("  before the faster render: {BEFORE_SPEED}");
    let json = serde_json::json!({
        "samples": samples,
        "chart": {"median_ms": one.median_ms, "p99_ms": one.p99_ms, "max_ms": one.max_ms},
        "before_after": {"median_ms": pair.median_ms, "p99_ms": pair.p99_ms, "max_ms": pair.max_ms},
        "alt_text": {"median_ms": alt.median_ms, "p99_ms": alt.p99_ms},
        "png_bytes": sizes,
        "pair_png_bytes": pair_sizes,
        "target_median_ms": TARGET.as_secs_f64() * 1e3,
        "pair_target_median_ms": PAIR_TARGET.as_secs_f64() * 1e3,
        "checksum": bytes,
    });
    let dir = root.join("target").join("bench");
    let out = dir.join("chart.json");
    match std::fs::create_dir_all(&dir).and_then(|()| {
        std::fs::write(
            &out,
            serde_json::to_string_pretty(&json).unwrap_or_default(),
        )
    }) {
        Ok(()) => println!("  written to {}", out.display()),
        Err(e) => eprintln!("could not write {}: {e}", out.display()),
    }
}
