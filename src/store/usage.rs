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
use tracing::warn;

use super::{ids, Db, StoreError};
use crate::clock::Clock;

/// What happened to one `/define`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Usage {
    /// An entry was shown (its id).
    Lookup(String),
    /// A term was not found (normalized).
    Miss(String),
}

/// Sends usage to the batching task. Cheap to clone; never waits.
#[derive(Debug, Clone)]
pub struct UsageRecorder {
    tx: mpsc::Sender<(u64, Usage)>,
}

/// How many counts may wait for the writer before new ones are dropped (and logged).
const QUEUE: usize = 10_000;
/// Flush early when this many distinct counters are pending.
const BATCH: usize = 500;
/// The longest a missed term is kept.
const MAX_TERM: usize = 100;

impl UsageRecorder {
    /// Starts the writer. It flushes every `every`, and a last time when every recorder is
    /// dropped; await the handle to be sure the last batch is written. Each batch is stamped
    /// with `clock`'s time when it is written.
    pub fn start(
        db: Db,
        every: Duration,
        clock: Arc<dyn Clock>,
    ) -> (UsageRecorder, JoinHandle<()>) {
        let (tx, rx) = mpsc::channel(QUEUE);
        let task = tokio::spawn(write_batches(db, clock, rx, every));
        (UsageRecorder { tx }, task)
    }

    pub fn record(&self, guild: u64, usage: Usage) {
        if let Err(e) = self.tx.try_send((guild, usage)) {
            warn!(guild, error = %e, "usage counter dropped");
        }
    }
}

async fn write_batches(
    db: Db,
    clock: Arc<dyn Clock>,
    mut rx: mpsc::Receiver<(u64, Usage)>,
    every: Duration,
) {
    let mut pending: HashMap<(u64, Usage), i64> = HashMap::new();
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            got = rx.recv() => if let Some(key) = got {
                *pending.entry(key).or_default() += 1;
                if pending.len() >= BATCH {
                    flush(&db, clock.as_ref(), &mut pending).await;
                }
            } else {
                flush(&db, clock.as_ref(), &mut pending).await;
                return;
            },
            _ = tick.tick() => flush(&db, clock.as_ref(), &mut pending).await,
        }
    }
}

async fn flush(db: &Db, clock: &dyn Clock, pending: &mut HashMap<(u64, Usage), i64>) {
    if pending.is_empty() {
        return;
    }
    let batch: Vec<((u64, Usage), i64)> = pending.drain().collect();
    if let Err(e) = db.add_usage(&batch, clock.unix_seconds()).await {
        warn!(counters = batch.len(), error = %e, "could not write glossary usage counts");
    }
}

impl Db {
    /// Adds counts in one transaction, seen at `at` (seconds since the epoch).
    pub async fn add_usage(
        &self,
        batch: &[((u64, Usage), i64)],
        at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for ((guild, usage), count) in batch {
            let guild = ids::to_db(*guild)?;
            match usage {
                Usage::Lookup(entry) => {
                    sqlx::query!(
                        "INSERT INTO glossary_lookups (guild_id, entry_id, count, last_seen) VALUES (?, ?, ?, ?)
                         ON CONFLICT (guild_id, entry_id) DO UPDATE SET count = count + excluded.count, last_seen = excluded.last_seen",
                        guild,
                        entry,
                        count,
                        at
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                Usage::Miss(term) => {
                    let term: String = term.chars().take(MAX_TERM).collect();
                    if term.is_empty() {
                        continue;
                    }
                    sqlx::query!(
                        "INSERT INTO glossary_misses (guild_id, term, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
                         ON CONFLICT (guild_id, term) DO UPDATE SET count = count + excluded.count, last_seen = excluded.last_seen",
                        guild,
                        term,
                        count,
                        at,
                        at
                    )
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
