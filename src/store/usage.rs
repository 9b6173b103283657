//! Glossary usage counters, batched: a lookup costs a channel send, not a disk flush.
//!
//! Counts are analytics for moderators, never a member's data: a batch is written every
//! second (and on shutdown) in one transaction, so 1,000 lookups a second cost one fsync a
//! second instead of a thousand. A crash loses at most the last second of counts.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::{info, warn};

pub use funnel_coach_store::usage::{Usage, MAX_TERM};

use super::Db;
use crate::clock::Clock;

/// Sends usage to the batching task. Cheap to clone; never waits.
#[derive(Debug, Clone)]
pub struct UsageRecorder {
    tx: mpsc::Sender<(u64, Usage)>,
}

/// How many counts may wait for the writer before new ones are dropped (and logged).
const QUEUE: usize = 10_000;
/// Flush early when this many distinct counters are pending.
const BATCH: usize = 500;

/// Empties the recorders' queue into the database: run it as a background task.
pub struct UsageWriter {
    db: Db,
    clock: Arc<dyn Clock>,
    rx: mpsc::Receiver<(u64, Usage)>,
    every: Duration,
}

impl UsageRecorder {
    /// A recorder and its writer. The writer flushes every `every`, and a last time when it is
    /// told to stop or every recorder is dropped. Each batch is stamped with `clock`'s time
    /// when it is written.
    pub fn new(db: Db, every: Duration, clock: Arc<dyn Clock>) -> (UsageRecorder, UsageWriter) {
        let (tx, rx) = mpsc::channel(QUEUE);
        (
            UsageRecorder { tx },
            UsageWriter {
                db,
                clock,
                rx,
                every,
            },
        )
    }

    /// A recorder with its writer already running until every recorder is dropped; await the
    /// handle to be sure the last batch is written.
    pub fn start(
        db: Db,
        every: Duration,
        clock: Arc<dyn Clock>,
    ) -> (UsageRecorder, JoinHandle<()>) {
        let (recorder, writer) = UsageRecorder::new(db, every, clock);
        (recorder, tokio::spawn(writer.run(std::future::pending())))
    }

    pub fn record(&self, guild: u64, usage: Usage) {
        if let Err(e) = self.tx.try_send((guild, usage)) {
            warn!(guild, error = %e, "usage counter dropped");
        }
    }
}

impl UsageWriter {
    /// Writes batches until `stop` resolves or every recorder is gone, then writes what is
    /// left and returns. Counts recorded after the stop are refused (and logged).
    ///
    /// A batch the database refuses (a full disk, a held lock) is kept and tried again after
    /// 2, 4, 8… seconds, at most a minute apart, with one log line per try: while the disk is
    /// full the writer waits instead of failing every second.
    pub async fn run(self, stop: impl std::future::Future<Output = ()>) {
        let UsageWriter {
            db,
            clock,
            mut rx,
            every,
        } = self;
        let mut pending = Pending::default();
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => {
                    rx.close();
                    while let Ok(key) = rx.try_recv() {
                        pending.add(key, 1);
                    }
                    pending.flush(&db, clock.as_ref(), true).await;
                    return;
                }
                got = rx.recv() => if let Some(key) = got {
                    pending.add(key, 1);
                    if pending.counts.len() >= BATCH {
                        pending.flush(&db, clock.as_ref(), false).await;
                    }
                } else {
                    pending.flush(&db, clock.as_ref(), true).await;
                    return;
                },
                _ = tick.tick() => pending.flush(&db, clock.as_ref(), false).await,
            }
        }
    }
}

/// The longest wait between two tries of a batch the database refused.
const MAX_BACKOFF: Duration = Duration::from_secs(60);

/// Counts waiting for the database, and when to try again after a refusal.
#[derive(Default)]
struct Pending {
    counts: HashMap<(u64, Usage), i64>,
    failures: u32,
    next_try: Option<tokio::time::Instant>,
}

impl Pending {
    fn add(&mut self, key: (u64, Usage), n: i64) {
        // Bounded while the database refuses: new counters beyond the queue's size go.
        if self.counts.len() < QUEUE || self.counts.contains_key(&key) {
            *self.counts.entry(key).or_default() += n;
        }
    }

    /// Writes the pending counts, unless a refusal asked to wait (`last`: the final try).
    async fn flush(&mut self, db: &Db, clock: &dyn Clock, last: bool) {
        let waiting = self
            .next_try
            .is_some_and(|at| tokio::time::Instant::now() < at);
        if self.counts.is_empty() || (waiting && !last) {
            return;
        }
        let batch: Vec<((u64, Usage), i64)> = self.counts.drain().collect();
        match db.add_usage(&batch, clock.unix_seconds()).await {
            Ok(()) => {
                if self.failures > 0 {
                    info!(
                        tries = self.failures + 1,
                        "glossary usage counts written again"
                    );
                }
                self.failures = 0;
                self.next_try = None;
            }
            Err(e) => {
                self.failures += 1;
                let wait = MAX_BACKOFF.min(Duration::from_secs(1 << self.failures.min(6)));
                self.next_try = Some(tokio::time::Instant::now() + wait);
                let counters = batch.len();
                for (key, n) in batch {
                    self.add(key, n);
                }
                warn!(
                    counters,
                    error = %e,
                    retry_in_s = wait.as_secs(),
                    kept = !last,
                    "could not write glossary usage counts"
                );
            }
        }
    }
}
