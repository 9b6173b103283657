//! The reminder scheduler: one task, the database as its queue. It claims what is due (each
//! reminder moved on in the claiming transaction, see `store::reminders`), hands each to the
//! [`Notifier`] paced a little apart, then sleeps until the next due time, or until `/remind`
//! sets one that is due sooner ([`Scheduler::wake`]). No polling; time comes from the
//! [`Clock`], so tests drive it with a `ManualClock` and [`Scheduler::run_due`].
//!
//! Failures: closed DMs (or no access to them) pause the member's reminders (told on their
//! next command); an unknown user's reminders are removed; rate limits, server errors and
//! network failures are retried with backoff, the retry kept in the database (a restart
//! loses none); any other refusal is logged and not retried. A failing database is retried
//! with backoff, never in a tight loop. Logs name the reminder id, never the note.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::notify::{Notifier, SendError};
use crate::render::Reply;
use crate::schedule::Due;
use crate::store::{Db, StoreError};
use crate::tasks::Stop;

/// The gap between two sends of one batch: 1,000 due at the same second are all handed over
/// within half a second, not in one burst (and with room to spare within the 1 s target).
pub const PACE: Duration = Duration::from_micros(500);
/// How many reminders one claim takes.
const BATCH: i64 = 250;
/// A reminder handed over more than this after its time is marked late.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_secs(60);
/// The longest wait between retries of one message.
const MAX_BACKOFF: SignedDuration = SignedDuration::from_secs(300);
/// The longest wait before trying a failing database again.
const DB_BACKOFF: SignedDuration = SignedDuration::from_secs(60);
/// When nothing is due, how long to sleep before looking again anyway (a safety net only:
/// new reminders wake the task).
const IDLE: Duration = Duration::from_secs(3_600);

/// Builds the direct message for a due reminder (`late`: it was due during a downtime).
pub type RenderDm = dyn Fn(&Due, bool) -> Reply + Send + Sync;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub paused: usize,
    pub removed: usize,
    pub retrying: usize,
    /// The database could not be read or written: the round stopped early.
    pub db_failed: bool,
}

with_all! {
    /// What a round claims, in this order: what is due first (claiming a reminder's next time
    /// drops a retry of its older message still waiting, so the member gets one message, the
    /// newer), then the retries whose time came.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Queue {
        Due,
        Retries,
    }
}

impl Queue {
    fn name(self) -> &'static str {
        match self {
            Queue::Due => "due",
            Queue::Retries => "retries",
        }
    }
}

/// The scheduler; cheap to clone (everything is shared).
#[derive(Clone)]
pub struct Scheduler {
    db: Db,
    notifier: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    render: Arc<RenderDm>,
    wake: Arc<Notify>,
    /// The gap between two sends of one batch.
    pace: Duration,
}

impl Scheduler {
    pub fn new(
        db: Db,
        notifier: Arc<dyn Notifier>,
        clock: Arc<dyn Clock>,
        render: Arc<RenderDm>,
        wake: Arc<Notify>,
        pace: Duration,
    ) -> Scheduler {
        Scheduler {
            db,
            notifier,
            clock,
            render,
            wake,
            pace,
        }
    }

    /// Tells the task a reminder was set or changed: it looks again at what is due next.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends everything due now (and the retries whose time came), then returns what it did.
    /// The first round after a start delivers what fell due while the bot was down, marked
    /// late, once each.
    pub async fn run_due(&self) -> Round {
        let mut round = Round::default();
        for queue in Queue::ALL {
            loop {
                let now = self.clock.now();
                let claimed = match self.claim(queue, now.as_second()).await {
                    Ok(c) => c,
                    Err(e) => {
                        warn!(error = %e, queue = queue.name(), "cannot claim reminders; trying again later");
                        round.db_failed = true;
                        break;
                    }
                };
                let full = i64::try_from(claimed.len()).unwrap_or(BATCH) >= BATCH;
                self.send_batch(claimed, now, &mut round).await;
                if !full {
                    break;
                }
            }
        }
        round
    }

    /// Claims up to [`BATCH`] of `queue` at `now`, each with the tries that failed before.
    async fn claim(&self, queue: Queue, now: i64) -> Result<Vec<(Due, u32)>, StoreError> {
        match queue {
            Queue::Due => Ok(self
                .db
                .claim_due(now, BATCH)
                .await?
                .into_iter()
                .map(|due| (due, 0))
                .collect()),
            Queue::Retries => self.db.claim_retries(now, BATCH).await,
        }
    }

    /// Hands each claimed reminder (with the tries that failed before) to the sender, paced
    /// [`Scheduler::pace`] apart, and waits for all of them.
    async fn send_batch(&self, claimed: Vec<(Due, u32)>, now: Timestamp, round: &mut Round) {
        let start = tokio::time::Instant::now();
        let mut sends = tokio::task::JoinSet::new();
        for (i, (due, tries)) in claimed.into_iter().enumerate() {
            if !self.pace.is_zero() && i > 0 {
                let gap = self
                    .pace
                    .saturating_mul(u32::try_from(i).unwrap_or(u32::MAX));
                tokio::time::sleep_until(start + gap).await;
            }
            let late = Timestamp::from_second(due.due_at)
                .is_ok_and(|at| now.duration_since(at) > LATE_AFTER);
            let me = self.clone();
            sends.spawn(async move {
                let mut round = Round::default();
                me.deliver(due, late, tries, &mut round).await;
                round
            });
        }
        while let Some(done) = sends.join_next().await {
            match done {
                Ok(r) => {
                    round.sent += r.sent;
                    round.paused += r.paused;
                    round.removed += r.removed;
                    round.retrying += r.retrying;
                    round.db_failed |= r.db_failed;
                }
                Err(e) => warn!(error = %e, "a reminder send stopped unexpectedly"),
            }
        }
    }

    async fn deliver(&self, due: Due, late: bool, attempt: u32, round: &mut Round) {
        let message = (self.render)(&due, late);
        match self.notifier.dm(due.member.user, &message).await {
            Ok(_) => {
                round.sent += 1;
                if late {
                    info!(reminder = due.id, "late reminder delivered");
                }
            }
            Err(SendError::DmsClosed | SendError::NoAccess) => {
                round.paused += 1;
                match self
                    .db
                    .pause_reminders_of_user(due.member.user, due.id)
                    .await
                {
                    Ok(n) => warn!(
                        reminder = due.id,
                        paused = n,
                        "direct messages closed; the member's reminders are paused"
                    ),
                    Err(e) => {
                        round.db_failed = true;
                        warn!(reminder = due.id, error = %e, "direct messages closed; cannot pause the reminders");
                    }
                }
            }
            Err(SendError::UnknownUser) => {
                round.removed += 1;
                match self.db.remove_reminders_of_user(due.member.user).await {
                    Ok(n) => warn!(
                        reminder = due.id,
                        removed = n,
                        "unknown user; their reminders are removed"
                    ),
                    Err(e) => {
                        warn!(reminder = due.id, error = %e, "unknown user; cannot remove the reminders");
                    }
                }
            }
            Err(e @ (SendError::Refused(_) | SendError::Gone)) => {
                warn!(reminder = due.id, error = %e, "Discord refused the reminder; not retried");
            }
            Err(e @ (SendError::RateLimited | SendError::Other(_))) => {
                round.retrying += 1;
                let tries = attempt.saturating_add(1);
                let wait = backoff(attempt);
                let now = self.clock.now();
                let at = now.checked_add(wait).unwrap_or(now).as_second();
                match self.db.keep_retry(&due, tries, at).await {
                    Ok(true) => {
                        warn!(reminder = due.id, attempt = tries, retry_in_s = wait.as_secs(), error = %e, "reminder not sent; will retry");
                    }
                    Ok(false) => {
                        warn!(reminder = due.id, error = %e, "reminder not sent, and cancelled since");
                    }
                    Err(db) => {
                        round.db_failed = true;
                        warn!(reminder = due.id, error = %e, db_error = %db, "reminder not sent; cannot keep the retry");
                    }
                }
            }
        }
    }

    /// How long to sleep: until the next due reminder or retry (zero when one is due).
    pub async fn wait_time(&self) -> Duration {
        let now = self.clock.now();
        let next = match self.db.next_due_at().await {
            Ok(n) => n.and_then(|s| Timestamp::from_second(s).ok()),
            Err(e) => {
                warn!(error = %e, "cannot read the next due reminder; looking again in a minute");
                return Duration::from_secs(60);
            }
        };
        match next {
            None => IDLE,
            Some(at) => Duration::try_from(at.duration_since(now))
                .unwrap_or(Duration::ZERO)
                .min(IDLE),
        }
    }

    /// The task: deliver what is due, sleep until the next, until asked to stop. While the
    /// database fails, it waits 1 s, 2 s, 4 s … (at most a minute) before trying again.
    pub async fn run(self, mut stop: Stop) {
        info!("reminder scheduler started");
        let mut db_failures: u32 = 0;
        loop {
            let round = self.run_due().await;
            if round.sent + round.paused + round.removed + round.retrying > 0 {
                info!(
                    sent = round.sent,
                    paused = round.paused,
                    removed = round.removed,
                    retrying = round.retrying,
                    "reminders handed over"
                );
            }
            let wait = if round.db_failed {
                let wait = backoff(db_failures).min(DB_BACKOFF);
                db_failures = db_failures.saturating_add(1);
                Duration::try_from(wait).unwrap_or(IDLE)
            } else {
                db_failures = 0;
                self.wait_time().await
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                () = self.wake.notified() => {}
                () = stop.requested() => break,
            }
        }
    }
}

/// 1 s, 2 s, 4 s … at most [`MAX_BACKOFF`].
fn backoff(attempt: u32) -> SignedDuration {
    let secs = 1_i64.checked_shl(attempt.min(16)).unwrap_or(i64::MAX);
    SignedDuration::from_secs(secs).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests;
