//! The reminder scheduler: one task, the database as its queue. It claims what is due (each
//! reminder moved on in the claiming transaction, see `store::reminders`), hands each to the
//! [`Notifier`] paced a little apart, then sleeps until the next due time, or until `/remind`
//! sets one that is due sooner ([`Scheduler::wake`]). No polling; time comes from the
//! [`Clock`], so tests drive it with a `ManualClock` and [`Scheduler::run_due`].
//!
//! Failures: closed DMs pause the member's reminders (told on their next command); an
//! unknown user's reminders are removed; rate limits and server errors are retried with
//! backoff, in memory, never dropped while the bot runs. Logs name the reminder id, never
//! the note.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::notify::{Notifier, SendError};
use crate::render::Reply;
use crate::store::reminders::Due;
use crate::store::Db;
use crate::tasks::Stop;

/// The gap between two sends of one batch: 1,000 due at the same second are all handed over
/// within 0.75 s, not in one burst.
pub const PACE: Duration = Duration::from_micros(750);
/// How many reminders one claim takes.
const BATCH: i64 = 250;
/// A reminder handed over more than this after its time is marked late.
pub const LATE_AFTER: SignedDuration = SignedDuration::from_secs(60);
/// The longest wait between retries of one message.
const MAX_BACKOFF: SignedDuration = SignedDuration::from_secs(300);
/// When nothing is due, how long to sleep before looking again anyway (a safety net only:
/// new reminders wake the task).
const IDLE: Duration = Duration::from_secs(3_600);

/// Builds the direct message for a due reminder (`late`: it was due during a downtime).
pub type RenderDm = dyn Fn(&Due, bool) -> Reply + Send + Sync;

/// A message that failed for a passing reason, to try again.
#[derive(Debug, Clone)]
struct Retry {
    at: Timestamp,
    attempt: u32,
    due: Due,
    late: bool,
}

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub paused: usize,
    pub removed: usize,
    pub retrying: usize,
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
    retries: Arc<Mutex<Vec<Retry>>>,
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
            retries: Arc::default(),
        }
    }

    /// Tells the task a reminder was set or changed: it looks again at what is due next.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    fn retries(&self) -> std::sync::MutexGuard<'_, Vec<Retry>> {
        self.retries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sends everything due now (and the retries whose time came), then returns what it did.
    /// The first round after a start delivers what fell due while the bot was down, marked
    /// late, once each.
    pub async fn run_due(&self) -> Round {
        let mut round = Round::default();
        let now = self.clock.now();
        let retries: Vec<Retry> = {
            let mut all = self.retries();
            let (ready, wait): (Vec<_>, Vec<_>) = all.drain(..).partition(|r| r.at <= now);
            *all = wait;
            ready
        };
        for r in retries {
            self.deliver(r.due, r.late, r.attempt, &mut round).await;
        }
        loop {
            let now = self.clock.now();
            let claimed = match self.db.claim_due(now.as_second(), BATCH).await {
                Ok(c) => c,
                Err(e) => {
                    warn!(error = %e, "cannot claim due reminders; trying again later");
                    break;
                }
            };
            let full = i64::try_from(claimed.len()).unwrap_or(BATCH) >= BATCH;
            let start = tokio::time::Instant::now();
            let mut sends = tokio::task::JoinSet::new();
            for (i, due) in claimed.into_iter().enumerate() {
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
                    me.deliver(due, late, 0, &mut round).await;
                    round
                });
            }
            while let Some(done) = sends.join_next().await {
                if let Ok(r) = done {
                    round.sent += r.sent;
                    round.paused += r.paused;
                    round.removed += r.removed;
                    round.retrying += r.retrying;
                }
            }
            if !full {
                break;
            }
        }
        round
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
            Err(SendError::DmsClosed) => {
                round.paused += 1;
                match self.db.pause_reminders_of_user(due.member.user).await {
                    Ok(n) => warn!(
                        reminder = due.id,
                        paused = n,
                        "direct messages closed; the member's reminders are paused"
                    ),
                    Err(e) => {
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
            Err(SendError::NoAccess) => {
                warn!(
                    reminder = due.id,
                    "no access to the member's direct messages; not sent"
                );
            }
            Err(e @ (SendError::RateLimited | SendError::Other(_))) => {
                round.retrying += 1;
                let wait = backoff(attempt);
                warn!(reminder = due.id, attempt = attempt + 1, retry_in_s = wait.as_secs(), error = %e, "reminder not sent; will retry");
                let at = self
                    .clock
                    .now()
                    .checked_add(wait)
                    .unwrap_or_else(|_| self.clock.now());
                self.retries().push(Retry {
                    at,
                    attempt: attempt + 1,
                    due,
                    late,
                });
            }
        }
    }

    /// How long to sleep: until the next due reminder or retry (zero when one is due).
    pub async fn wait_time(&self) -> Duration {
        let now = self.clock.now();
        let next_db = match self.db.next_due_at().await {
            Ok(n) => n.and_then(|s| Timestamp::from_second(s).ok()),
            Err(e) => {
                warn!(error = %e, "cannot read the next due reminder; looking again in a minute");
                return Duration::from_secs(60);
            }
        };
        let next_retry = self.retries().iter().map(|r| r.at).min();
        let next = match (next_db, next_retry) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        match next {
            None => IDLE,
            Some(at) => Duration::try_from(at.duration_since(now))
                .unwrap_or(Duration::ZERO)
                .min(IDLE),
        }
    }

    /// The task: deliver what is due, sleep until the next, until asked to stop.
    pub async fn run(self, mut stop: Stop) {
        info!("reminder scheduler started");
        loop {
            let round = self.run_due().await;
            if round != Round::default() {
                info!(
                    sent = round.sent,
                    paused = round.paused,
                    removed = round.removed,
                    retrying = round.retrying,
                    "reminders handed over"
                );
            }
            let wait = self.wait_time().await;
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
