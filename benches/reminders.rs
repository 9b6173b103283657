//! The reminder scheduler with 100,000 pending reminders in a database file: the extra
//! resident memory they cost, and how late a batch of 1,000 due at the same second is handed
//! to the sender (the real scheduler task, the system clock, paced as in production).
//! Prints figures; no assertions. `cargo bench --bench reminders`

use std::sync::{Arc, Mutex};
use std::time::Duration;

use funnel_coach::clock::{Clock, SystemClock};
use funnel_coach::notify::{Notifier, SendError, Sending, Sent};
use funnel_coach::render::{Message, Reply, Tone};
use funnel_coach::scheduler::{Pacing, RenderDm, Scheduler};
use funnel_coach::store::sqlite::Db;
use jiff::Timestamp;

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

#[tokio::main]
async fn main() {
    // The baseline: this process before any database work, so the extra memory printed is
    // an upper bound (it also holds what filling the database left behind).
    let before = rss_mb();
    let dir = std::env::temp_dir().join(format!("fc-remind-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("sqlite://{}/bench.db", dir.display());
    let db = Db::open(&url).await.expect("db");
    let now = SystemClock.unix_seconds();
    // 100,000 pending over the next months, and 1,000 (first parked a year ahead) that are
    // set below to fall due at the same second, once the database is filled.
    let mut tx = db.write().await.expect("tx");
    for i in 0..101_000_i64 {
        let (at, repeat) = if i < 1_000 {
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

    let filled = rss_mb();
    let db = Db::open(&url).await.expect("db");
    let timing = Arc::new(Timing::default());
    let render: Arc<RenderDm> =
        Arc::new(|d, _| Reply::new("Time for a drill", d.note.clone(), Tone::Info));
    let scheduler = Scheduler::new(
        db.clone().into(),
        timing.clone(),
        Arc::new(SystemClock),
        render,
        Arc::new(tokio::sync::Notify::new()),
        Pacing::default(),
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
    println!("reminders: 100,000 pending + 1,000 due at the same second ({url})");
    println!("handed to the sender: {} of 1,000", late.len());
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
    let _ = std::fs::remove_dir_all(&dir);
}
