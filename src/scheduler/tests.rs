//! The scheduler on a `ManualClock` and a `RecordingNotifier` (which, like Discord, keeps one
//! direct message per nonce): nothing sleeps.

use std::sync::Arc;
use std::time::Duration;

use jiff::civil::time;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use super::*;
use crate::clock::ManualClock;
use crate::member::Member;
use crate::notify::{RecordingNotifier, Target};
use crate::notify::{Sending, Sent};
use crate::render::Message;
use crate::render::Tone;
use crate::schedule::{Repeat, Rule, Status};
use crate::store::reminders::{Added, NewReminder, Outcome, Snoozed};

const ALICE: Member = Member { guild: 1, user: 10 };
const BOB: Member = Member { guild: 1, user: 20 };

fn nine() -> Timestamp {
    "2026-06-10T09:00:00Z".parse().expect("a time")
}

struct World {
    db: Db,
    clock: Arc<ManualClock>,
    notifier: Arc<RecordingNotifier>,
    scheduler: Scheduler,
}

/// A scheduler on `db`, as a freshly started process would make it.
fn world_on(db: Db, clock: Arc<ManualClock>, notifier: Arc<dyn Notifier>) -> Scheduler {
    let render: Arc<RenderDm> = Arc::new(|due: &Due, late: bool| {
        Reply::new(
            if late { "late" } else { "on time" },
            format!("{}#{}", due.note, due.id),
            Tone::Info,
        )
    });
    Scheduler::new(
        db,
        notifier,
        clock,
        render,
        Arc::new(Notify::new()),
        Pacing {
            pace: Duration::ZERO,
            lease: LEASE_IN_TESTS,
            ..Pacing::default()
        },
    )
}

const LEASE_IN_TESTS: Duration = Duration::from_secs(60);

async fn world() -> World {
    let db = Db::open("sqlite::memory:").await.expect("db");
    let clock = Arc::new(ManualClock::at(nine() - SignedDuration::from_mins(5)));
    let notifier = Arc::new(RecordingNotifier::new());
    let scheduler = world_on(db.clone(), clock.clone(), notifier.clone());
    World {
        db,
        clock,
        notifier,
        scheduler,
    }
}

async fn add(w: &World, m: Member, repeat: Repeat, first: Timestamp) -> i64 {
    let rule = Rule {
        repeat,
        time: time(9, 0, 0, 0),
        weekday: None,
    };
    let new = NewReminder {
        note: "drill",
        timezone: "UTC",
        rule,
        first: first.as_second(),
        now: w.clock.unix_seconds(),
    };
    match w.db.add_reminder(m, new).await.expect("stored") {
        Added::Stored(id) => id,
        Added::TooMany => panic!("refused"),
    }
}

/// The scheduler's task, running.
fn running(scheduler: &Scheduler) -> crate::tasks::Tasks {
    let mut tasks = crate::tasks::Tasks::new();
    let s = scheduler.clone();
    tasks.spawn("reminders", move |stop| s.run(stop));
    tasks
}

/// A one-off for `m` due now (the clock's start), and the task told.
async fn add_due_now(w: &World, m: Member, scheduler: &Scheduler) {
    add(w, m, Repeat::Once, nine() - SignedDuration::from_mins(5)).await;
    scheduler.wake();
}

fn dms(w: &World, m: Member) -> Vec<Reply> {
    w.notifier.sent_to(Target::Dm(m.user))
}

#[tokio::test]
async fn nothing_goes_out_early_and_a_due_reminder_goes_out_once() {
    let w = world().await;
    add(&w, ALICE, Repeat::Once, nine()).await;
    assert_eq!(w.scheduler.run_due().await, Round::default());
    assert_eq!(w.scheduler.wait_time().await, Duration::from_secs(300));
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.sent, 1);
    assert_eq!(w.scheduler.run_due().await.sent, 0);
    let sent = dms(&w, ALICE);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].title, "on time");
    assert_eq!(w.scheduler.wait_time().await, IDLE, "nothing left");
}

#[tokio::test]
async fn a_daily_reminder_fires_each_day_and_after_downtime_once_late_without_burst() {
    let w = world().await;
    add(&w, ALICE, Repeat::Daily, nine()).await;
    w.clock.set(nine());
    w.scheduler.run_due().await;
    w.clock.set(nine() + SignedDuration::from_hours(24));
    w.scheduler.run_due().await;
    assert_eq!(dms(&w, ALICE).len(), 2);
    // Down for four days: one late message, then the next 9:00.
    w.clock.set(nine() + SignedDuration::from_hours(24 * 5 + 3));
    assert_eq!(w.scheduler.run_due().await.sent, 1);
    assert_eq!(w.scheduler.run_due().await.sent, 0);
    let sent = dms(&w, ALICE);
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].title, "late");
    let next = nine() + SignedDuration::from_hours(24 * 6);
    assert_eq!(
        w.db.next_due_at(w.clock.unix_seconds())
            .await
            .expect("read"),
        Some(next.as_second())
    );
    assert_eq!(
        w.scheduler.wait_time().await,
        IDLE,
        "at most an hour's sleep"
    );
}

#[tokio::test]
async fn closed_dms_pause_the_members_reminders_with_one_try() {
    let w = world().await;
    let a = add(&w, ALICE, Repeat::Daily, nine()).await;
    add(&w, BOB, Repeat::Once, nine()).await;
    w.notifier.close_dms(ALICE.user);
    w.clock.set(nine());
    let round = w.scheduler.run_due().await;
    assert_eq!((round.sent, round.paused, round.retrying), (1, 1, 0));
    let row =
        w.db.reminder_of(ALICE, a)
            .await
            .expect("read")
            .expect("kept");
    assert_eq!(row.status, Status::Paused);
    // A day later nothing is tried again.
    w.clock.set(nine() + SignedDuration::from_hours(24));
    assert_eq!(w.scheduler.run_due().await, Round::default());
    assert!(dms(&w, ALICE).is_empty());
    assert!(w.db.pause_notice_due(ALICE.user).await.expect("read"));
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_with_backoff_never_dropped() {
    let w = world().await;
    add(&w, ALICE, Repeat::Once, nine()).await;
    w.notifier.fail_once(ALICE.user, SendError::RateLimited);
    w.notifier
        .fail_once(ALICE.user, SendError::Other("502 Bad Gateway".into()));
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.retrying, 1);
    assert_eq!(w.scheduler.wait_time().await, Duration::from_secs(1));
    w.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(w.scheduler.run_due().await.retrying, 1);
    assert_eq!(w.scheduler.wait_time().await, Duration::from_secs(2));
    w.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(w.scheduler.run_due().await, Round::default(), "not yet");
    w.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(w.scheduler.run_due().await.sent, 1);
    assert_eq!(dms(&w, ALICE).len(), 1);
}

#[tokio::test]
async fn a_retry_waiting_when_the_bot_restarts_is_sent_by_the_next_one() {
    let w = world().await;
    add(&w, ALICE, Repeat::Once, nine()).await;
    w.notifier.fail_once(
        ALICE.user,
        SendError::Other("503 Service Unavailable".into()),
    );
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.retrying, 1);
    // A new process: the same database, no memory of the first one.
    let again = world_on(w.db.clone(), w.clock.clone(), w.notifier.clone());
    assert_eq!(again.wait_time().await, Duration::from_secs(1));
    w.clock.advance(SignedDuration::from_secs(1));
    assert_eq!(again.run_due().await.sent, 1);
    assert_eq!(again.run_due().await, Round::default(), "once");
    assert_eq!(dms(&w, ALICE).len(), 1);
}

#[tokio::test]
async fn a_cancelled_reminder_is_not_retried_and_a_refused_one_is_not_retried() {
    let w = world().await;
    let a = add(&w, ALICE, Repeat::Once, nine()).await;
    add(&w, BOB, Repeat::Daily, nine()).await;
    w.notifier.fail_once(ALICE.user, SendError::RateLimited);
    w.notifier
        .fail_once(BOB.user, SendError::Refused("400 Invalid Form Body".into()));
    w.clock.set(nine());
    let round = w.scheduler.run_due().await;
    assert_eq!((round.sent, round.retrying), (0, 1));
    assert!(w.db.cancel_reminder(ALICE, a).await.expect("cancel"));
    w.clock.advance(SignedDuration::from_mins(10));
    assert_eq!(w.scheduler.run_due().await, Round::default());
    assert!(dms(&w, ALICE).is_empty());
    assert!(
        dms(&w, BOB).is_empty(),
        "the refused one waits for tomorrow"
    );
}

#[tokio::test]
async fn a_failing_database_stops_the_round_and_says_so() {
    let w = world().await;
    add(&w, ALICE, Repeat::Once, nine()).await;
    w.clock.set(nine());
    w.db.close().await;
    let round = w.scheduler.run_due().await;
    assert!(round.db_failed);
    assert_eq!(round.sent, 0);
}

#[tokio::test]
async fn a_retry_still_waiting_when_the_next_time_comes_is_replaced_not_sent_twice() {
    let w = world().await;
    add(&w, ALICE, Repeat::Daily, nine()).await;
    w.notifier
        .fail_once(ALICE.user, SendError::Other("502 Bad Gateway".into()));
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.retrying, 1);
    // Down until after the next day's 9:00: one late message, not yesterday's and today's.
    w.clock.set(nine() + SignedDuration::from_hours(25));
    assert_eq!(w.scheduler.run_due().await.sent, 1);
    assert_eq!(w.scheduler.run_due().await, Round::default());
    assert_eq!(dms(&w, ALICE).len(), 1);
}

#[tokio::test]
async fn no_access_to_the_dms_pauses_like_closed_dms() {
    let w = world().await;
    let a = add(&w, ALICE, Repeat::Daily, nine()).await;
    w.notifier.fail_once(ALICE.user, SendError::NoAccess);
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.paused, 1);
    let row =
        w.db.reminder_of(ALICE, a)
            .await
            .expect("read")
            .expect("kept");
    assert_eq!(row.status, Status::Paused);
}

#[tokio::test]
async fn an_unknown_users_reminders_are_removed() {
    let w = world().await;
    add(&w, ALICE, Repeat::Daily, nine()).await;
    w.notifier.fail_once(ALICE.user, SendError::UnknownUser);
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.removed, 1);
    assert!(w.db.reminders_of(ALICE).await.expect("read").is_empty());
}

#[tokio::test]
async fn a_thousand_due_at_once_all_go_out_in_one_round() {
    let w = world().await;
    for user in 0..1_000 {
        add(
            &w,
            Member {
                guild: 1,
                user: 100 + user,
            },
            Repeat::Once,
            nine(),
        )
        .await;
    }
    w.clock.set(nine());
    assert_eq!(w.scheduler.run_due().await.sent, 1_000);
    assert_eq!(w.notifier.sent().len(), 1_000);
}

#[tokio::test]
async fn the_task_wakes_when_a_sooner_reminder_is_set_and_stops_when_asked() {
    let w = world().await;
    let tasks = running(&w.scheduler);
    tokio::task::yield_now().await;
    add_due_now(&w, ALICE, &w.scheduler).await;
    for _ in 0..50 {
        tokio::task::yield_now().await;
        if !dms(&w, ALICE).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert_eq!(dms(&w, ALICE).len(), 1, "woken, not waiting an hour");
    assert!(tasks.stop(Duration::from_secs(1)).await.is_empty());
}

/// A process that claimed `now`'s due reminders and was killed: `sent` says whether it got the
/// messages out (with their nonces) before dying. Nothing was settled.
async fn killed_after_claim(w: &World, sent: bool) {
    let now = w.clock.unix_seconds();
    let lease = i64::try_from(LEASE_IN_TESTS.as_secs()).expect("secs");
    let claimed = w.db.claim_due(now, now + lease, 100).await.expect("claim");
    assert!(!claimed.is_empty());
    if sent {
        for c in &claimed {
            let dm = Reply::new("on time", c.due.note.clone(), Tone::Info);
            let nonce = c.due.nonce();
            let n: &dyn Notifier = w.notifier.as_ref();
            n.dm(c.due.member.user, &dm, Some(&nonce))
                .await
                .expect("sent");
        }
    }
}

#[tokio::test]
async fn killed_between_claim_and_send_the_reminder_goes_out_once_when_the_lease_runs_out() {
    let w = world().await;
    add(&w, ALICE, Repeat::Daily, nine()).await;
    w.clock.set(nine());
    killed_after_claim(&w, false).await;
    // A new process on the same database: the claim holds it until the lease runs out.
    let again = world_on(w.db.clone(), w.clock.clone(), w.notifier.clone());
    assert_eq!(again.run_due().await, Round::default(), "still leased");
    assert_eq!(
        again.wait_time().await,
        LEASE_IN_TESTS,
        "until the lease ends"
    );
    w.clock.advance(SignedDuration::from_secs(60));
    assert_eq!(again.run_due().await.sent, 1);
    assert_eq!(again.run_due().await, Round::default());
    assert_eq!(dms(&w, ALICE).len(), 1, "not lost");
    let next = nine() + SignedDuration::from_hours(24);
    assert_eq!(
        w.db.next_due_at(w.clock.unix_seconds())
            .await
            .expect("read"),
        Some(next.as_second()),
        "moved on once sent"
    );
}

#[tokio::test]
async fn killed_between_send_and_move_the_repeat_carries_the_same_nonce_and_is_one_message() {
    let w = world().await;
    add(&w, ALICE, Repeat::Once, nine()).await;
    add(&w, BOB, Repeat::Daily, nine()).await;
    w.clock.set(nine());
    killed_after_claim(&w, true).await;
    assert_eq!(w.notifier.sent().len(), 2);
    let again = world_on(w.db.clone(), w.clock.clone(), w.notifier.clone());
    w.clock.advance(SignedDuration::from_secs(60));
    assert_eq!(again.run_due().await.sent, 2, "both settled");
    assert_eq!(w.notifier.repeated_nonces(), 2, "sent again, same nonces");
    assert_eq!(dms(&w, ALICE).len(), 1, "one message each");
    assert_eq!(dms(&w, BOB).len(), 1);
    assert_eq!(again.run_due().await, Round::default());
    let alice = w.db.reminders_of(ALICE).await.expect("read");
    assert!(alice.is_empty(), "the one-off is marked sent: {alice:?}");
}

#[tokio::test]
async fn a_reminder_snoozed_or_cancelled_while_being_sent_keeps_the_members_change() {
    let w = world().await;
    let a = add(&w, ALICE, Repeat::Daily, nine()).await;
    let b = add(&w, BOB, Repeat::Once, nine()).await;
    w.clock.set(nine());
    let now = w.clock.unix_seconds();
    let claimed = w.db.claim_due(now, now + 60, 100).await.expect("claim");
    assert_eq!(claimed.len(), 2);
    // While the two are in flight, Alice snoozes hers by ten minutes and Bob cancels his.
    let later = now + 600;
    assert_eq!(
        w.db.snooze_reminder(ALICE, a, later).await.expect("snooze"),
        Snoozed::Done
    );
    assert!(w.db.cancel_reminder(BOB, b).await.expect("cancel"));
    for c in &claimed {
        assert!(
            !w.db
                .settle(c, Outcome::Delivered, now)
                .await
                .expect("settle"),
            "the lease went with the change"
        );
    }
    let alice =
        w.db.reminder_of(ALICE, a)
            .await
            .expect("read")
            .expect("kept");
    assert_eq!((alice.status, alice.next_at), (Status::Active, later));
    assert!(
        w.db.reminder_of(BOB, b).await.expect("read").is_none(),
        "not resurrected"
    );
    // The snoozed time comes: one message, at that time.
    w.clock.set(nine() + SignedDuration::from_mins(10));
    assert_eq!(w.scheduler.run_due().await.sent, 1);
    assert_eq!(w.scheduler.run_due().await, Round::default());
    assert_eq!(dms(&w, ALICE).len(), 1);
    assert!(dms(&w, BOB).is_empty());
}

/// A [`RecordingNotifier`] whose direct messages to one user never get an answer.
struct Hanging {
    user: u64,
    inner: Arc<RecordingNotifier>,
    started: Notify,
}

impl Notifier for Hanging {
    fn dm<'a>(&'a self, user: u64, message: &'a Reply, nonce: Option<&'a str>) -> Sending<'a> {
        if user == self.user {
            self.started.notify_one();
            return Box::pin(std::future::pending::<Result<Sent, SendError>>());
        }
        self.inner.dm(user, message, nonce)
    }

    fn post<'a>(&'a self, channel: u64, message: &'a Reply) -> Sending<'a> {
        self.inner.post(channel, message)
    }

    fn post_once<'a>(&'a self, channel: u64, message: &'a Reply, nonce: &'a str) -> Sending<'a> {
        self.inner.post_once(channel, message, nonce)
    }

    fn post_message<'a>(&'a self, channel: u64, message: &'a Message) -> Sending<'a> {
        self.inner.post_message(channel, message)
    }
}

#[tokio::test]
async fn a_send_that_hangs_holds_up_no_other_reminder() {
    let w = world().await;
    let hanging = Arc::new(Hanging {
        user: ALICE.user,
        inner: w.notifier.clone(),
        started: Notify::new(),
    });
    let scheduler = world_on(w.db.clone(), w.clock.clone(), hanging.clone());
    let tasks = running(&scheduler);
    add_due_now(&w, ALICE, &scheduler).await;
    hanging.started.notified().await;
    // Alice's send hangs; Bob's reminder, set after, goes out all the same.
    add_due_now(&w, BOB, &scheduler).await;
    for _ in 0..200 {
        if !dms(&w, BOB).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(dms(&w, BOB).len(), 1, "not held up by Alice's");
    assert!(dms(&w, ALICE).is_empty());
    assert!(tasks.stop(Duration::from_secs(1)).await.is_empty());
}
