//! The reminder scheduler with 100,000 pending reminders in the database: the extra resident
//! memory they cost, and how late a batch of 1,000 due at the same second is handed to the
//! sender (the real scheduler task, the system clock, paced as in production).
//! Prints figures; no assertions.
//!
//! `cargo bench --bench reminders` on an `SQLite` file; `cargo bench --bench reminders --
//! --postgres` on a fresh `PostgreSQL` database on the server `TEST_DATABASE_URL` names
//! (default `postgres://postgres@127.0.0.1:5432/postgres`), dropped afterwards. On
//! `PostgreSQL` the scheduler also looks every [`SHARED_LOOK`], as the bot's does there.

#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use funnel_coach::clock::{Clock, SystemClock};
use funnel_coach::notify::{Notifier, SendError, Sending, Sent};
use funnel_coach::render::{Message, Reply, Tone};
use funnel_coach::scheduler::{Pacing, RenderDm, Scheduler, SHARED_LOOK};
use funnel_coach::store::Db;
use jiff::Timestamp;
use sqlx::Connection;

/// Reminders pending over the next months, beside the batch due at the same second.
const PENDING: i64 = 100_000;
/// Reminders due at the same second.
const DUE: i64 = 1_000;

/// Records when each DM was handed over.
#[derive(Default)]
struct Timing(Mutex<Vec<Timestamp>>);

impl Notifier for Timing {
    fn dm<'a>(&'a self, _user: u64, _message: &'a Reply, _nonce: Option<&'a str>) -> Sending<'a> {
        if let Ok(mut t) = self.0.lock() {
            t.push(Timestamp::now());
        }
        Box::pin(async {
            Ok(Sent {
                channel: 1,
                message: 1,
            })
        })
    }
    fn post<'a>(&'a self, _c: u64, _m: &'a Reply) -> Sending<'a> {
        Box::pin(async { Err(SendError::NoAccess) })
    }
    fn post_once<'a>(&'a self, _c: u64, _m: &'a Reply, _n: &'a str) -> Sending<'a> {
        Box::pin(async { Err(SendError::NoAccess) })
    }
    fn post_message<'a>(&'a self, _c: u64, _m: &'a Message) -> Sending<'a> {
        Box::pin(async { Err(SendError::NoAccess) })
    }
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// The value at per-mille `p` of a sorted, non-empty list.
fn pct(sorted: &[f64], per_mille: usize) -> f64 {
    let i = (sorted.len() - 1) * per_mille / 1_000;
    sorted[i.min(sorted.len() - 1)]
}

/// Fills the `SQLite` file at `url` with [`PENDING`] reminders and [`DUE`] more due at the
/// returned second, one insert at a time in one write transaction.
async fn fill_sqlite(url: &str, now: i64) -> i64 {
    let db = funnel_coach::store::sqlite::Db::open(url)
        .await
        .expect("db");
    // The pending ones over the next months, and the batch (first parked a year ahead) set
    // below to fall due at the same second, once the database is filled.
    let mut tx = db.write().await.expect("tx");
    for i in 0..PENDING + DUE {
        let (at, repeat) = if i < DUE {
            (now + 365 * 86_400, "once")
        } else {
            (now + 3_600 + i * 97 % 20_000_000, "daily")
        };
        sqlx::query(
            "INSERT INTO reminders (guild_id, user_id, note, timezone, repeat, local_minute, status, next_at, created_at)
             VALUES (1, ?, 'practise', 'Europe/Berlin', ?, 540, 'active', ?, ?)",
        )
        .bind(1_000 + i)
        .bind(repeat)
        .bind(at)
        .bind(now)
        .execute(&mut *tx)
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
    let due_at = SystemClock.unix_seconds() + 3;
    let mut tx = db.write().await.expect("tx");
    sqlx::query("UPDATE reminders SET next_at = ? WHERE id <= 1000")
        .bind(due_at)
        .execute(&mut *tx)
        .await
        .expect("the 1,000 due");
    tx.commit().await.expect("commit");
    db.close().await;
    due_at
}

/// The same reminders in the `PostgreSQL` database at `url`: the store creates the schema,
/// then one statement over `generate_series` inserts them through a connection of this
/// benchmark's own (a hundred thousand round trips would take minutes and measure nothing).
async fn fill_postgres(url: &str, now: i64) -> i64 {
    let db = Db::open(url).await.expect("db");
    db.close().await;
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    sqlx::query(
        "INSERT INTO reminders (guild_id, user_id, note, timezone, repeat, local_minute, status, next_at, created_at)
         SELECT 1, 1000 + i, 'practise', 'Europe/Berlin',
                CASE WHEN i < $2 THEN 'once' ELSE 'daily' END, 540, 'active',
                CASE WHEN i < $2 THEN $1 + 365 * 86400 ELSE $1 + 3600 + i * 97 % 20000000 END,
                $1
         FROM generate_series(0::bigint, $3::bigint - 1) AS i",
    )
    .bind(now)
    .bind(DUE)
    .bind(PENDING + DUE)
    .execute(&mut conn)
    .await
    .expect("insert");
    // A table that gathered its reminders over months has been analysed by autovacuum; one
    // filled a moment ago has not, and the planner would guess.
    sqlx::query("ANALYZE reminders")
        .execute(&mut conn)
        .await
        .expect("analyze");
    let due_at = SystemClock.unix_seconds() + 3;
    sqlx::query("UPDATE reminders SET next_at = $1 WHERE repeat = 'once'")
        .bind(due_at)
        .execute(&mut conn)
        .await
        .expect("the 1,000 due");
    let _ = conn.close().await;
    due_at
}

#[tokio::main]
async fn main() {
    let on_postgres = std::env::args().any(|a| a == "--postgres");
    // The baseline: this process before any database work, so the extra memory printed is
    // an upper bound (it also holds what filling the database left behind).
    let before = rss_mb();
    let dir = std::env::temp_dir().join(format!("fc-remind-bench-{}", std::process::id()));
    let now = SystemClock.unix_seconds();
    // On PostgreSQL, the database (dropped at the end) comes back with the rest.
    let (database, url, store, due_at, pacing) = if on_postgres {
        let database = postgres::TestDatabase::create()
            .await
            .expect("a PostgreSQL server for --postgres (TEST_DATABASE_URL)");
        let url = database.url.clone();
        let due_at = fill_postgres(&url, now).await;
        let pacing = Pacing {
            look_every: SHARED_LOOK,
            ..Pacing::default()
        };
        (Some(database), url, "PostgreSQL", due_at, pacing)
    } else {
        let _ = std::fs::remove_dir_all(&dir);
        let url = format!("sqlite://{}/bench.db", dir.display());
        let due_at = fill_sqlite(&url, now).await;
        (None, url, "SQLite", due_at, Pacing::default())
    };

    let filled = rss_mb();
    let db = Db::open(&url).await.expect("db");
    let timing = Arc::new(Timing::default());
    let render: Arc<RenderDm> =
        Arc::new(|d, _| Reply::new("Time for a drill", d.note.clone(), Tone::Info));
    let scheduler = Scheduler::new(
        db.clone(),
        timing.clone(),
        Arc::new(SystemClock),
        render,
        Arc::new(tokio::sync::Notify::new()),
        pacing,
    );
    let mut tasks = funnel_coach::tasks::Tasks::new();
    let s = scheduler.clone();
    tasks.spawn("reminders", move |stop| s.run(stop));
    for _ in 0..100 {
        if timing.0.lock().map_or(0, |t| t.len()) >= 1_000 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after = rss_mb();
    tasks.stop(Duration::from_secs(5)).await;
    let due = Timestamp::from_second(due_at).expect("time");
    let mut late: Vec<f64> = timing
        .0
        .lock()
        .map(|t| {
            t.iter()
                .map(|at| at.duration_since(due).as_secs_f64() * 1_000.0)
                .collect()
        })
        .unwrap_or_default();
    late.sort_by(f64::total_cmp);
    println!(
        "reminders, {store} store: 100,000 pending + 1,000 due at the same second ({})",
        shown(&url)
    );
    println!(
        "handed to the sender: {} of 1,000; within 1 s of the due second: {}",
        late.len(),
        late.iter().filter(|ms| **ms < 1_000.0).count()
    );
    if !late.is_empty() {
        println!(
            "lateness after the due second: p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            pct(&late, 500),
            pct(&late, 990),
            late[late.len() - 1]
        );
    }
    println!(
        "resident memory: {before:.1} MB at start, {filled:.1} MB after filling the database, {after:.1} MB after the round: +{:.1} MB in all",
        after - before
    );
    db.close().await;
    drop(database);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The database's address without its user, password and connection options.
fn shown(url: &str) -> &str {
    let place = url.rsplit_once('@').map_or(url, |(_, place)| place);
    place.split_once('?').map_or(place, |(place, _)| place)
}
