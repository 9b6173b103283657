//! The test log at scale: 1,000,000 stored tests across 10,000 members (10 servers).
//!
//! Measures, through the same `Db` calls the bot makes (WAL, `synchronous=FULL`, 4
//! connections):
//! - `/test list`: the member's count plus one page of 5, newest first (pages 1 and 3);
//! - the `/test result` autocomplete: the member's open tests (up to 100), newest first,
//!   turned into labels;
//! - `/test log`: one insert at a time, each one durable before the next starts.
//!
//! Run with `cargo bench --bench test_log`. Prints medians and p99s and writes them as JSON to
//! `target/bench/test_log.json`. The populated database is kept in `target/bench/` and reused
//! by the next run (delete it to rebuild).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use funnel_coach::content::Content;
use funnel_coach::funnel::{Counts, Lever};
use funnel_coach::render::test_log as view;
use funnel_coach::store::sqlite::Db;
use funnel_coach::test_log::{Member, NewTest};

const TESTS: i64 = 1_000_000;
const MEMBERS: i64 = 10_000;
const GUILDS: i64 = 10;
const GUILD_BASE: u64 = 1_300_000_000_000_000_000;
const USER_BASE: u64 = 1_300_000_000_000_100_000;
const WARMUP: usize = 1_000;
const SAMPLES: usize = 10_000;
const INSERTS: usize = 2_000;
const BUDGET: Duration = Duration::from_millis(2);

fn member(i: i64) -> Member {
    Member {
        guild: GUILD_BASE + u64::try_from(i % GUILDS).expect("a member number is not negative"),
        user: USER_BASE + u64::try_from(i).expect("a member number is not negative"),
    }
}

/// A small deterministic generator (no RNG crate, same picks every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let below = u64::try_from(below).expect("a positive bound");
        i64::try_from((self.0 >> 33) % below).expect("below an i64 bound")
    }
}

#[derive(Debug, Clone, Copy)]
#[allow(clippy::struct_field_names)] // every figure is in microseconds
struct Figures {
    median_us: f64,
    p99_us: f64,
    max_us: f64,
}

fn figures(mut samples: Vec<Duration>) -> Figures {
    samples.sort_unstable();
    let at = |q: f64| {
        let last = samples.len() - 1;
        // The q-quantile's index, rounded to the nearest sample.
        let i = funnel_coach::funnel::interval::whole((last as f64 * q).round())
            .map_or(last, |i| usize::try_from(i).unwrap_or(last).min(last));
        samples[i].as_secs_f64() * 1e6
    };
    Figures {
        median_us: at(0.5),
        p99_us: at(0.99),
        max_us: at(1.0),
    }
}

async fn populate(db: &Db) {
    let started = Instant::now();
    let levers = Lever::ALL
        .iter()
        .enumerate()
        .map(|(i, l)| format!("WHEN {i} THEN '{}'", l.key()))
        .collect::<Vec<_>>()
        .join(" ");
    // Members' tests are interleaved (row n belongs to member n % MEMBERS), as they would be
    // when many members log over months: the worst case for locality. One in three is done.
    let sql = format!(
        "WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {last})
         INSERT INTO tests (guild_id, user_id, lever, change, before_impressions, before_clicks,
             before_orders, after_impressions, after_clicks, after_orders, status, note,
             ctr_outcome, ctor_outcome, created_at, updated_at)
         SELECT {GUILD_BASE} + (n % {MEMBERS}) % {GUILDS}, {USER_BASE} + n % {MEMBERS},
             CASE n % 9 {levers} END,
             'Show the product in the first ' || (n % 7 + 1) || ' seconds, test ' || n,
             12500 + n % 1000, 310 + n % 50, 4 + n % 5,
             CASE WHEN n % 3 = 0 THEN 12000 END, CASE WHEN n % 3 = 0 THEN 300 END,
             CASE WHEN n % 3 = 0 THEN 9 END,
             CASE WHEN n % 3 = 0 THEN 'done' ELSE 'open' END,
             NULL,
             CASE WHEN n % 3 = 0 THEN 'not_clear' END,
             CASE WHEN n % 3 = 0 THEN 'improved' END,
             1700000000 + n * 30, 1700000000 + n * 30
         FROM seq",
        last = TESTS - 1
    );
    let mut tx = db.write().await.expect("tx");
    sqlx::query(&sql)
        .execute(&mut *tx)
        .await
        .expect("populate the database");
    tx.commit().await.expect("commit");
    println!(
        "populated {TESTS} tests for {MEMBERS} members in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

async fn stored(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tests")
        .fetch_one(&db.reader().expect("reader"))
        .await
        .unwrap_or(0)
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("target"),
            PathBuf::from,
        )
        .join("bench")
}

async fn run() {
    let dir = target_dir();
    std::fs::create_dir_all(&dir).expect("create target/bench");
    let path = dir.join("test_log_1m.db");
    let url = format!("sqlite://{}", path.display());
    let content = Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts"))
        .expect("the prompts load");
    let mut db = Db::open(&url).await.expect("open the database");
    if stored(&db).await == TESTS {
        println!("reusing {} ({TESTS} tests)", path.display());
    } else {
        db.close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        db = Db::open(&url).await.expect("open a fresh database");
        populate(&db).await;
    }

    let mut rng = Lcg(0x5EED);
    let now = 1_700_000_000 + TESTS * 30;

    // /test list: count + one page, on page 1 and page 3.
    let mut list = Vec::with_capacity(SAMPLES);
    for i in 0..WARMUP + SAMPLES {
        let m = member(rng.next(MEMBERS));
        let page = if i % 2 == 0 { 0 } else { 2 };
        let t = Instant::now();
        let total = db.count_tests(m).await.expect("count");
        let tests = db
            .list_tests(m, page * view::PAGE_SIZE, view::PAGE_SIZE)
            .await
            .expect("list");
        let reply = view::list(&tests, page, total, now, &content.test_log);
        let took = t.elapsed();
        assert_eq!(total, (TESTS / MEMBERS) as u64);
        assert!(!reply.description.is_empty());
        if i >= WARMUP {
            list.push(took);
        }
    }

    // The autocomplete of /test result: the member's open tests, newest first, as labels;
    // with nothing typed yet, then with a few letters typed (which reads further back).
    let mut complete = Vec::with_capacity(SAMPLES);
    let mut typed = Vec::with_capacity(SAMPLES);
    for (samples, text) in [(&mut complete, ""), (&mut typed, "seconds, test 9")] {
        for i in 0..WARMUP + SAMPLES {
            let m = member(rng.next(MEMBERS));
            let t = Instant::now();
            let open = db
                .test_choices(m, true, view::autocomplete_scan(text))
                .await
                .expect("open tests");
            let choices = view::autocomplete(&open, text, now, &content.test_log);
            let took = t.elapsed();
            assert!(!text.is_empty() || choices.len() == 25);
            if i >= WARMUP {
                samples.push(took);
            }
        }
    }

    // /test log: durable inserts, one at a time.
    let before = Counts {
        impressions: 12_500,
        clicks: 310,
        orders: 4,
        add_to_carts: None,
    };
    let mut inserts = Vec::with_capacity(INSERTS);
    let started = Instant::now();
    let mut first_id = None;
    for i in 0..INSERTS {
        let m = member(rng.next(MEMBERS));
        let change = format!("Benchmark change {i}");
        let t = Instant::now();
        let logged = db
            .log_test(
                m,
                NewTest {
                    lever: Lever::Hook,
                    change: &change,
                    before: Some(before),
                },
                now,
            )
            .await
            .expect("insert");
        inserts.push(t.elapsed());
        first_id.get_or_insert(logged.id.0);
    }
    let insert_secs = started.elapsed().as_secs_f64();
    let insert_rate = INSERTS as f64 / insert_secs;
    // Leave the database as it was for the next run.
    if let Some(first) = first_id {
        let mut tx = db.write().await.expect("tx");
        sqlx::query("DELETE FROM tests WHERE id >= ?")
            .bind(first)
            .execute(&mut *tx)
            .await
            .expect("clean up");
        tx.commit().await.expect("commit");
    }
    db.close().await;

    let list = figures(list);
    let complete = figures(complete);
    let typed = figures(typed);
    let insert = figures(inserts);
    let verdict = |f: &Figures| {
        if f.p99_us <= BUDGET.as_secs_f64() * 1e6 {
            "within the 2 ms budget"
        } else {
            "OVER the 2 ms budget"
        }
    };
    println!("test_log bench: {TESTS} tests, {MEMBERS} members, {SAMPLES} samples each");
    println!(
        "  /test list (count + page of 5): median {:>7.1} µs  p99 {:>7.1} µs  max {:>8.1} µs  ({})",
        list.median_us,
        list.p99_us,
        list.max_us,
        verdict(&list)
    );
    println!(
        "  autocomplete (open tests):      median {:>7.1} µs  p99 {:>7.1} µs  max {:>8.1} µs  ({})",
        complete.median_us,
        complete.p99_us,
        complete.max_us,
        verdict(&complete)
    );
    println!(
        "  autocomplete, typed text:       median {:>7.1} µs  p99 {:>7.1} µs  max {:>8.1} µs  ({})",
        typed.median_us,
        typed.p99_us,
        typed.max_us,
        verdict(&typed)
    );
    println!(
        "  /test log insert (durable):     median {:>7.1} µs  p99 {:>7.1} µs  max {:>8.1} µs  ({:.0} inserts/s, one at a time)",
        insert.median_us, insert.p99_us, insert.max_us, insert_rate
    );
    let json = serde_json::json!({
        "tests": TESTS,
        "members": MEMBERS,
        "servers": GUILDS,
        "samples": SAMPLES,
        "list": {"median_us": list.median_us, "p99_us": list.p99_us, "max_us": list.max_us},
        "autocomplete": {"median_us": complete.median_us, "p99_us": complete.p99_us, "max_us": complete.max_us},
        "autocomplete_typed": {"median_us": typed.median_us, "p99_us": typed.p99_us, "max_us": typed.max_us},
        "insert": {
            "median_us": insert.median_us,
            "p99_us": insert.p99_us,
            "max_us": insert.max_us,
            "per_second": insert_rate,
            "count": INSERTS,
        },
        "budget_p99_us": BUDGET.as_secs_f64() * 1e6,
    });
    let out = dir.join("test_log.json");
    match serde_json::to_string_pretty(&json) {
        Ok(text) => match std::fs::write(&out, text) {
            Ok(()) => println!("  written to {}", out.display()),
            Err(e) => eprintln!("could not write {}: {e}", out.display()),
        },
        Err(e) => eprintln!("could not encode the figures: {e}"),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing we need.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run());
}
