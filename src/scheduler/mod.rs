//! The reminder scheduler: one task, the database as its queue, worked claim–send–move. It
//! leases what is due (`store::reminders`: one short write transaction), sends each as its own
//! task through the [`Notifier`] with the reminder's nonce (at most [`IN_FLIGHT`] at once, paced
//! a little apart, each bounded by [`SEND_TIMEOUT`]: one send that hangs holds up no other),
//! then records how it ended, moving the reminder on and clearing the lease. It sleeps until
//! the next due time (or a lease runs out), or until `/remind` sets one that is due sooner
//! ([`Scheduler::wake`]). No polling; time comes from the [`Clock`], so tests drive it with a
//! `ManualClock` and [`Scheduler::run_due`].
//!
//! A crash (`kill -9`) between a claim and its move leaves the lease behind: when it runs out,
//! the next claim sends the same message with the same nonce and Discord, which keeps one
//! message per nonce for a few minutes, answers with the one it has. A reminder due is
//! delivered once: neither lost, nor sent twice (given a restart within those minutes).
//!
//! Failures: closed DMs (or no access to them) pause the member's reminders (told on their
//! next command); an unknown user's reminders are removed; rate limits, server errors and
//! network failures are retried with backoff, the retry kept in the database (a restart
//! loses none); any other refusal is logged and not retried. A failing database is retried
//! with backoff, never in a tight loop. Logs name the reminder id, never the note.

use std::sync::Arc;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::{oneshot, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tracing::{info, warn};

use crate::clock::Clock;
use crate::notify::{Notifier, SendError};
use crate::render::Reply;
use crate::schedule::Due;
use crate::store::reminders::{Claim, Outcome};
use crate::store::{Db, StoreError};
use crate::tasks::Stop;

/// The gap between two sends of one claim: 1,000 due at the same second go out spread over
/// about half a second, not in one burst.
pub const PACE: Duration = Duration::from_micros(500);
/// How long a claim holds a reminder by default: a send still unsettled then (its process
/// killed, say) is claimed and sent again, with the same nonce. Far inside Discord's few
/// minutes of nonce memory, and longer than a send may take ([`SEND_TIMEOUT`]).
pub const LEASE: Duration = Duration::from_secs(30);
/// The most reminders being sent at once.
pub const IN_FLIGHT: usize = 64;
/// The longest one send may take before it counts as failed for a passing reason (and is
/// retried, with the same nonce).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(20);
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

impl Round {
    fn add(&mut self, other: Round) {
        self.sent += other.sent;
        self.paused += other.paused;
        self.removed += other.removed;
        self.retrying += other.retrying;
        self.db_failed |= other.db_failed;
    }

    fn handed_over(&self) -> usize {
        self.sent + self.paused + self.removed + self.retrying
    }
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

/// How the scheduler paces its sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// The gap between two sends of one batch.
    pub pace: Duration,
    /// How long a claim holds a reminder ([`LEASE`]).
    pub lease: Duration,
    /// The longest the scheduler sleeps before it looks at the table again: [`IDLE`] where it
    /// is the only process (every new reminder wakes it), [`SHARED_LOOK`] where other
    /// processes add reminders and leave leases it must see.
    pub look_every: Duration,
}

/// How often each process looks for due reminders when several share the database (one
/// indexed query): a reminder set through another process, or a claim a dead one left, waits
/// at most this long past its time.
pub const SHARED_LOOK: Duration = Duration::from_secs(2);

impl Default for Pacing {
    fn default() -> Pacing {
        Pacing {
            pace: PACE,
            lease: LEASE,
            look_every: IDLE,
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
    pacing: Pacing,
    /// One permit per send in flight.
    slots: Arc<Semaphore>,
    settler: Arc<Settler>,
}

/// What a send asks to have settled, and where the answer goes.
type Settle = (Claim, Outcome, oneshot::Sender<Result<bool, String>>);

/// Settles sends in groups (a group commit): a send that finds none being written writes every
/// settle waiting by then in one transaction, so the thousand reminders due at 9:00 cost a few
/// flushes to disk, not a thousand.
#[derive(Default)]
struct Settler {
    waiting: std::sync::Mutex<Vec<Settle>>,
    writing: tokio::sync::Mutex<()>,
}

impl Settler {
    fn waiting(&self) -> std::sync::MutexGuard<'_, Vec<Settle>> {
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Scheduler {
    pub fn new(
        db: Db,
        notifier: Arc<dyn Notifier>,
        clock: Arc<dyn Clock>,
        render: Arc<RenderDm>,
        wake: Arc<Notify>,
        pacing: Pacing,
    ) -> Scheduler {
        Scheduler {
            db,
            notifier,
            clock,
            render,
            wake,
            pacing,
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
            settler: Arc::default(),
        }
    }

    /// Tells the task a reminder was set or changed: it looks again at what is due next.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends everything due now (and the retries whose time came), waits for those sends,
    /// then returns what they did. The first round after a start delivers what fell due while
    /// the bot was down, marked late, once each.
    pub async fn run_due(&self) -> Round {
        let mut sends = JoinSet::new();
        let mut round = self.dispatch(&mut sends).await;
        while let Some(done) = sends.join_next().await {
            round.add(finished(done));
        }
        round
    }

    /// Claims everything due now and starts each send as a task in `sends`, without waiting
    /// for them; claims no more at a time than there are free slots, so no claimed reminder
    /// waits for one while its lease runs. The round says only whether the database failed.
    async fn dispatch(&self, sends: &mut JoinSet<Round>) -> Round {
        let mut round = Round::default();
        for queue in Queue::ALL {
            loop {
                let Ok(first) = Arc::clone(&self.slots).acquire_owned().await else {
                    return round;
                };
                let mut slots = vec![first];
                while slots.len() < IN_FLIGHT {
                    match Arc::clone(&self.slots).try_acquire_owned() {
                        Ok(slot) => slots.push(slot),
                        Err(_) => break,
                    }
                }
                let now = self.clock.now();
                let lease_until = now
                    .checked_add(SignedDuration::try_from(self.pacing.lease).unwrap_or(DB_BACKOFF))
                    .unwrap_or(now)
                    .as_second();
                let asked = slots.len();
                let claimed = match self.claim(queue, now.as_second(), lease_until, asked).await {
                    Ok(c) => c,
                    Err(e) => {
                        warn!(error = %e, queue = queue.name(), "cannot claim reminders; trying again later");
                        round.db_failed = true;
                        break;
                    }
                };
                let full = claimed.len() >= asked;
                let start = tokio::time::Instant::now();
                for (i, (claim, slot)) in claimed.into_iter().zip(slots).enumerate() {
                    if !self.pacing.pace.is_zero() && i > 0 {
                        let gap = self
                            .pacing
                            .pace
                            .saturating_mul(u32::try_from(i).unwrap_or(u32::MAX));
                        tokio::time::sleep_until(start + gap).await;
                    }
                    let late = Timestamp::from_second(claim.due.due_at)
                        .is_ok_and(|at| now.duration_since(at) > LATE_AFTER);
                    let me = self.clone();
                    sends.spawn(async move { me.deliver(claim, late, slot).await });
                }
                if !full {
                    break;
                }
            }
        }
        round
    }

    /// Claims up to `limit` of `queue` at `now`, leased until `lease_until`.
    async fn claim(
        &self,
        queue: Queue,
        now: i64,
        lease_until: i64,
        limit: usize,
    ) -> Result<Vec<Claim>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        match queue {
            Queue::Due => self.db.claim_due(now, lease_until, limit).await,
            Queue::Retries => self.db.claim_retries(now, lease_until, limit).await,
        }
    }

    /// Sends one claimed reminder with its nonce (its slot given back once the send is over),
    /// then records how it went.
    async fn deliver(&self, claim: Claim, late: bool, slot: OwnedSemaphorePermit) -> Round {
        let mut round = Round::default();
        let due = &claim.due;
        let message = (self.render)(due, late);
        let nonce = due.nonce();
        let sent = tokio::time::timeout(
            SEND_TIMEOUT,
            self.notifier.dm(due.member.user, &message, Some(&nonce)),
        )
        .await
        .unwrap_or_else(|_| Err(SendError::Other("no answer in time".into())));
        drop(slot);
        let outcome = match sent {
            Ok(_) => {
                round.sent += 1;
                if late {
                    info!(reminder = due.id, "late reminder delivered");
                }
                Outcome::Delivered
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
                return round;
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
                return round;
            }
            Err(e @ (SendError::Refused(_) | SendError::Gone)) => {
                warn!(reminder = due.id, error = %e, "Discord refused the reminder; not retried");
                Outcome::Dropped
            }
            Err(e @ (SendError::RateLimited | SendError::Other(_))) => {
                round.retrying += 1;
                let wait = backoff(claim.tries);
                let now = self.clock.now();
                let at = now.checked_add(wait).unwrap_or(now).as_second();
                warn!(reminder = due.id, attempt = claim.tries.saturating_add(1), retry_in_s = wait.as_secs(), error = %e, "reminder not sent; will retry");
                Outcome::Retry(at)
            }
        };
        match self.settle(claim.clone(), outcome).await {
            Ok(true) => {}
            Ok(false) => {
                info!(
                    reminder = due.id,
                    "reminder changed while it was being sent; the change stands"
                );
            }
            Err(e) => {
                round.db_failed = true;
                warn!(reminder = due.id, error = %e, "cannot record the reminder's send; its claim runs out and it goes again, with the same nonce");
            }
        }
        round
    }

    /// Settles one send, with whatever others wait beside it (see [`Settler`]).
    async fn settle(&self, claim: Claim, outcome: Outcome) -> Result<bool, String> {
        let (tx, rx) = oneshot::channel();
        self.settler.waiting().push((claim, outcome, tx));
        {
            let _writing = self.settler.writing.lock().await;
            let group = std::mem::take(&mut *self.settler.waiting());
            if !group.is_empty() {
                let now = self.clock.now().as_second();
                let settles: Vec<(&Claim, Outcome)> =
                    group.iter().map(|(c, o, _)| (c, *o)).collect();
                let written = self.db.settle_all(&settles, now).await;
                drop(settles);
                match written {
                    Ok(done) => {
                        for ((_, _, tx), d) in group.into_iter().zip(done) {
                            let _ = tx.send(Ok(d));
                        }
                    }
                    Err(e) => {
                        let e = e.to_string();
                        for (_, _, tx) in group {
                            let _ = tx.send(Err(e.clone()));
                        }
                    }
                }
            }
        }
        rx.await
            .unwrap_or_else(|_| Err("stopped before it was written".into()))
    }

    /// How long to sleep: until the next due reminder or retry (zero when one is due).
    pub async fn wait_time(&self) -> Duration {
        let now = self.clock.now();
        let next = match self.db.next_due_at(now.as_second()).await {
            Ok(n) => n.and_then(|s| Timestamp::from_second(s).ok()),
            Err(e) => {
                warn!(error = %e, "cannot read the next due reminder; looking again in a minute");
                return Duration::from_secs(60);
            }
        };
        match next {
            None => self.pacing.look_every,
            Some(at) => Duration::try_from(at.duration_since(now))
                .unwrap_or(Duration::ZERO)
                .min(self.pacing.look_every),
        }
    }

    /// The task: deliver what is due, sleep until the next, until asked to stop. Sends run
    /// on while it sleeps; each one that ends wakes it to look again (a retry may be due
    /// sooner). While the database fails, it waits 1 s, 2 s, 4 s … (at most a minute) before
    /// trying again. Sends still in flight when it stops are dropped: their leases run out
    /// and the next process sends them, with the same nonces.
    pub async fn run(self, mut stop: Stop) {
        info!("reminder scheduler started");
        let mut db_failures: u32 = 0;
        let mut sends = JoinSet::new();
        let mut handed = Round::default();
        let mut look = true;
        loop {
            let mut db_failed = false;
            if look {
                let round = tokio::select! {
                    r = self.dispatch(&mut sends) => r,
                    () = stop.requested() => break,
                };
                db_failed = round.db_failed;
            }
            let wait = if db_failed {
                let wait = backoff(db_failures).min(DB_BACKOFF);
                db_failures = db_failures.saturating_add(1);
                Duration::try_from(wait).unwrap_or(IDLE)
            } else {
                if look {
                    db_failures = 0;
                }
                self.wait_time().await
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => look = true,
                () = self.wake.notified() => look = true,
                Some(done) = sends.join_next(), if !sends.is_empty() => {
                    handed.add(finished(done));
                    if sends.is_empty() && handed.handed_over() > 0 {
                        info!(
                            sent = handed.sent,
                            paused = handed.paused,
                            removed = handed.removed,
                            retrying = handed.retrying,
                            "reminders handed over"
                        );
                        handed = Round::default();
                    }
                    look = false;
                }
                () = stop.requested() => break,
            }
        }
    }
}

/// What a send task did (nothing, logged, if it stopped unexpectedly).
fn finished(done: Result<Round, tokio::task::JoinError>) -> Round {
    done.unwrap_or_else(|e| {
        warn!(error = %e, "a reminder send stopped unexpectedly");
        Round::default()
    })
}

/// 1 s, 2 s, 4 s … at most [`MAX_BACKOFF`].
fn backoff(attempt: u32) -> SignedDuration {
    let secs = 1_i64.checked_shl(attempt.min(16)).unwrap_or(i64::MAX);
    SignedDuration::from_secs(secs).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests;
