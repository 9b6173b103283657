//! The reminder store: the limit per member, ownership, claim–send–move (a claim leases what is
//! due, settling moves it on; a lease that runs out lets the next claim take it again, with the
//! same due time), retries kept, pause on closed DMs and the notice given once, the zone
//! remembered, export and forget.

use jiff::civil::{time, Weekday};
use jiff::Timestamp;

use funnel_coach::member::Member;
use funnel_coach::schedule::Status;
use funnel_coach::schedule::{Repeat, Rule, MAX_ACTIVE};
use funnel_coach::store::reminders::{Added, Claim, NewReminder, Outcome, Snoozed};
use funnel_coach::store::Db;

const ALICE: Member = Member { guild: 1, user: 10 };
const BOB: Member = Member { guild: 1, user: 20 };

fn daily(h: i8) -> Rule {
    Rule {
        repeat: Repeat::Daily,
        time: time(h, 0, 0, 0),
        weekday: None,
    }
}

fn once() -> Rule {
    Rule {
        repeat: Repeat::Once,
        ..daily(9)
    }
}

/// 2026-06-10 09:00 UTC, a Wednesday.
fn nine() -> i64 {
    "2026-06-10T09:00:00Z"
        .parse::<Timestamp>()
        .unwrap()
        .as_second()
}

async fn add(db: &Db, m: Member, rule: Rule, first: i64) -> i64 {
    match db
        .add_reminder(
            m,
            NewReminder {
                note: "drill time",
                timezone: "UTC",
                rule,
                first,
                now: first - 60,
            },
        )
        .await
        .unwrap()
    {
        Added::Stored(id) => id,
        Added::TooMany => panic!("refused"),
    }
}

/// What a lease of a minute from `now` claims.
async fn claim(db: &Db, now: i64) -> Vec<Claim> {
    db.claim_due(now, now + 60, 100).await.unwrap()
}

/// Claims what is due at `now` and settles each as delivered: a scheduler's whole round.
async fn deliver(db: &Db, now: i64) -> usize {
    let claimed = claim(db, now).await;
    for c in &claimed {
        assert!(db.settle(c, Outcome::Delivered, now).await.unwrap());
    }
    claimed.len()
}

#[tokio::test]
async fn a_member_has_at_most_25_and_touches_only_their_own() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let mut ids = Vec::new();
        for _ in 0..MAX_ACTIVE {
            ids.push(add(&db, ALICE, once(), nine()).await);
        }
        let extra = db
            .add_reminder(
                ALICE,
                NewReminder {
                    note: "",
                    timezone: "UTC",
                    rule: once(),
                    first: nine(),
                    now: nine() - 60,
                },
            )
            .await
            .unwrap();
        assert_eq!(extra, Added::TooMany);
        assert_eq!(db.reminders_of(ALICE).await.unwrap().len(), MAX_ACTIVE);
        // Bob cannot see, cancel, snooze or resume Alice's.
        assert!(db.reminders_of(BOB).await.unwrap().is_empty());
        assert!(!db.cancel_reminder(BOB, ids[0]).await.unwrap());
        assert_eq!(
            db.snooze_reminder(BOB, ids[0], nine()).await.unwrap(),
            Snoozed::NotFound
        );
        assert_eq!(db.resume_reminder(BOB, ids[0], nine()).await.unwrap(), None);
        assert!(db.reminder_of(BOB, ids[0]).await.unwrap().is_none());
        // In another server Alice starts from zero.
        add(&db, Member { guild: 2, user: 10 }, once(), nine()).await;
        assert!(db.cancel_reminder(ALICE, ids[0]).await.unwrap());
        assert_eq!(db.reminders_of(ALICE).await.unwrap().len(), MAX_ACTIVE - 1);
    }
}

#[tokio::test]
async fn a_due_reminder_is_leased_by_one_claim_and_moved_on_when_its_send_is_settled() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let one = add(&db, ALICE, once(), nine()).await;
        let rep = add(&db, BOB, daily(9), nine()).await;
        assert_eq!(db.next_due_at(nine() - 60).await.unwrap(), Some(nine()));
        assert!(claim(&db, nine() - 1).await.is_empty());
        let claimed = claim(&db, nine()).await;
        assert_eq!(
            claimed.iter().map(|c| c.due.id).collect::<Vec<_>>(),
            [one, rep],
            "{claimed:?}"
        );
        assert!(claimed
            .iter()
            .all(|c| c.due.due_at == nine() && c.tries == 0));
        // Leased: no second claim, nothing moved yet, and the next look is when the lease ends.
        assert!(claim(&db, nine() + 5).await.is_empty());
        let one_row = db.reminder_of(ALICE, one).await.unwrap().unwrap();
        assert_eq!((one_row.status, one_row.next_at), (Status::Active, nine()));
        assert_eq!(db.next_due_at(nine() + 5).await.unwrap(), Some(nine() + 60));
        // Settled: the one-off is marked sent, the daily one moves to tomorrow; once only.
        for c in &claimed {
            assert!(db.settle(c, Outcome::Delivered, nine() + 1).await.unwrap());
            assert!(!db.settle(c, Outcome::Delivered, nine() + 2).await.unwrap());
        }
        let one_row = db.reminder_of(ALICE, one).await.unwrap().unwrap();
        assert_eq!(one_row.status, Status::Sent);
        let rep_row = db.reminder_of(BOB, rep).await.unwrap().unwrap();
        assert_eq!(rep_row.next_at, nine() + 86_400);
        assert_eq!(
            db.next_due_at(nine() + 5).await.unwrap(),
            Some(nine() + 86_400)
        );
        assert!(claim(&db, nine() + 120).await.is_empty());
    }
}

#[tokio::test]
async fn a_lease_that_runs_out_unsettled_is_claimed_again_for_the_same_due_time() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let rep = add(&db, ALICE, daily(9), nine()).await;
        // The process that claimed it was killed: its claim is never settled.
        let dead = claim(&db, nine()).await;
        assert!(
            claim(&db, nine() + 59).await.is_empty(),
            "leased for a minute"
        );
        let again = claim(&db, nine() + 60).await;
        assert_eq!(again.len(), 1);
        assert_eq!(
            again[0].due, dead[0].due,
            "the same message: the same nonce"
        );
        assert_eq!(again[0].due.nonce(), dead[0].due.nonce());
        // A late settle of the dead claim changes nothing; the live one moves it on.
        assert!(!db
            .settle(&dead[0], Outcome::Delivered, nine() + 61)
            .await
            .unwrap());
        assert!(db
            .settle(&again[0], Outcome::Delivered, nine() + 61)
            .await
            .unwrap());
        let row = db.reminder_of(ALICE, rep).await.unwrap().unwrap();
        assert_eq!(row.next_at, nine() + 86_400);
    }
}

#[tokio::test]
async fn a_failed_send_keeps_its_retry_which_a_crash_does_not_lose() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let rep = add(&db, ALICE, daily(9), nine()).await;
        let first = claim(&db, nine()).await;
        assert!(db
            .settle(&first[0], Outcome::Retry(nine() + 2), nine())
            .await
            .unwrap());
        // The reminder moved on to tomorrow; its message waits to be tried again at 9:00:02.
        let row = db.reminder_of(ALICE, rep).await.unwrap().unwrap();
        assert_eq!(row.next_at, nine() + 86_400);
        assert_eq!(db.next_due_at(nine()).await.unwrap(), Some(nine() + 2));
        assert!(db
            .claim_retries(nine() + 1, nine() + 61, 100)
            .await
            .unwrap()
            .is_empty());
        let retry = db
            .claim_retries(nine() + 2, nine() + 62, 100)
            .await
            .unwrap();
        assert_eq!(retry.len(), 1);
        assert_eq!((retry[0].due.due_at, retry[0].tries), (nine(), 1));
        // Killed while retrying: the retry is still there once the lease runs out.
        assert!(db
            .claim_retries(nine() + 3, nine() + 63, 100)
            .await
            .unwrap()
            .is_empty());
        let again = db
            .claim_retries(nine() + 62, nine() + 122, 100)
            .await
            .unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].due, retry[0].due);
        assert!(db
            .settle(&again[0], Outcome::Delivered, nine() + 62)
            .await
            .unwrap());
        assert!(db
            .claim_retries(nine() + 3_600, nine() + 3_660, 100)
            .await
            .unwrap()
            .is_empty());
        let row = db.reminder_of(ALICE, rep).await.unwrap().unwrap();
        assert_eq!(
            row.next_at,
            nine() + 86_400,
            "a retry does not move it again"
        );
        assert_eq!(
            db.next_due_at(nine() + 62).await.unwrap(),
            Some(nine() + 86_400)
        );
    }
}

#[tokio::test]
async fn after_a_long_downtime_a_repeat_is_claimed_once_then_moves_to_the_future() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let rep = add(&db, ALICE, daily(9), nine()).await;
        // Five days later at 14:00: one claim, late, and the next is tomorrow 9:00.
        let later = nine() + 5 * 86_400 + 5 * 3_600;
        let claimed = claim(&db, later).await;
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].due.due_at, nine());
        assert!(db
            .settle(&claimed[0], Outcome::Delivered, later)
            .await
            .unwrap());
        assert!(claim(&db, later).await.is_empty());
        let row = db.reminder_of(ALICE, rep).await.unwrap().unwrap();
        assert_eq!(row.next_at, nine() + 6 * 86_400);
    }
}

#[tokio::test]
async fn closed_dms_pause_everything_of_the_user_and_the_notice_is_given_once() {
    for store in crate::stores().await {
        let db = store.db.clone();
        // Yesterday's one-off went out; today's one-off is the one that failed.
        let old = add(&db, ALICE, once(), nine() - 86_400).await;
        assert_eq!(deliver(&db, nine() - 86_400).await, 1);
        let failed = add(&db, ALICE, once(), nine() - 3_600).await;
        assert_eq!(claim(&db, nine() - 3_600).await.len(), 1);
        let a = add(&db, ALICE, daily(9), nine()).await;
        let elsewhere = Member { guild: 2, user: 10 };
        add(&db, elsewhere, once(), nine() + 3_600).await;
        add(&db, BOB, once(), nine()).await;
        assert_eq!(
            db.pause_reminders_of_user(ALICE.user, failed)
                .await
                .unwrap(),
            3,
            "the active ones and the one that failed; not the old one that went out"
        );
        let status = |id| {
            let db = db.clone();
            async move { db.reminder_of(ALICE, id).await.unwrap().unwrap().status }
        };
        assert_eq!(status(old).await, Status::Sent);
        assert_eq!(status(failed).await, Status::Paused);
        assert_eq!(db.reminders_of(ALICE).await.unwrap().len(), 2);
        assert!(claim(&db, nine() + 7_200)
            .await
            .iter()
            .all(|c| c.due.member == BOB));
        assert!(db.pause_notice_due(ALICE.user).await.unwrap());
        assert!(
            db.pause_notice_due(ALICE.user).await.unwrap(),
            "still due until it was given"
        );
        assert!(db.pause_notice_given(ALICE.user).await.unwrap(), "taken");
        assert!(
            !db.pause_notice_given(ALICE.user).await.unwrap(),
            "taken once"
        );
        assert!(!db.pause_notice_due(ALICE.user).await.unwrap(), "told once");
        db.pause_notice_not_given(ALICE.user).await.unwrap();
        assert!(
            db.pause_notice_due(ALICE.user).await.unwrap(),
            "put back when it could not be sent"
        );
        assert!(db.pause_notice_given(ALICE.user).await.unwrap());
        assert!(!db.pause_notice_due(BOB.user).await.unwrap());
        let listed = db.reminders_of(ALICE).await.unwrap();
        assert_eq!(listed.len(), 2, "nothing deleted");
        assert!(listed.iter().all(|r| r.status == Status::Paused));
        // Resumed at 12:00: the daily one fires next tomorrow 9:00.
        let now = nine() + 3 * 3_600;
        assert_eq!(
            db.resume_reminder(ALICE, a, now).await.unwrap(),
            Some(nine() + 86_400)
        );
        assert_eq!(
            db.resume_reminder(ALICE, a, now).await.unwrap(),
            None,
            "not paused any more"
        );
        // An unknown user: removed.
        assert_eq!(db.remove_reminders_of_user(BOB.user).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn a_weekly_rule_and_the_members_zone_come_back_as_stored() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let rule = Rule {
            repeat: Repeat::Weekly,
            time: time(18, 30, 0, 0),
            weekday: Some(Weekday::Friday),
        };
        let id = add(&db, ALICE, rule, nine()).await;
        assert_eq!(db.reminder_of(ALICE, id).await.unwrap().unwrap().rule, rule);
        assert_eq!(db.member_time_zone(ALICE).await.unwrap(), None);
        db.set_member_time_zone(ALICE, "Asia/Manila", 1)
            .await
            .unwrap();
        db.set_member_time_zone(ALICE, "Europe/Berlin", 2)
            .await
            .unwrap();
        assert_eq!(
            db.member_time_zone(ALICE).await.unwrap().as_deref(),
            Some("Europe/Berlin")
        );
        assert_eq!(db.member_time_zone(BOB).await.unwrap(), None);
        let export = db.export_member(ALICE).await.unwrap();
        assert_eq!(export["reminders"].as_array().unwrap().len(), 1);
        assert_eq!(export["member_time_zones"][0]["timezone"], "Europe/Berlin");
        db.forget_member(ALICE).await.unwrap();
        assert!(db.reminders_of(ALICE).await.unwrap().is_empty());
        assert_eq!(db.member_time_zone(ALICE).await.unwrap(), None);
    }
}

#[tokio::test]
async fn snoozing_a_one_off_that_went_out_counts_toward_the_limit() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let sent = add(&db, ALICE, once(), nine()).await;
        assert_eq!(deliver(&db, nine()).await, 1);
        for i in 0..MAX_ACTIVE {
            add(
                &db,
                ALICE,
                daily(9),
                nine() + 3_600 + i64::try_from(i).unwrap(),
            )
            .await;
        }
        assert_eq!(
            db.snooze_reminder(ALICE, sent, nine() + 600).await.unwrap(),
            Snoozed::TooMany
        );
        assert_eq!(
            db.reminder_of(ALICE, sent).await.unwrap().unwrap().status,
            Status::Sent,
            "nothing changed"
        );
        // A repeating one can always be snoozed (it is counted already).
        let first = db.reminders_of(ALICE).await.unwrap()[0].id;
        assert_eq!(
            db.snooze_reminder(ALICE, first, nine() + 600)
                .await
                .unwrap(),
            Snoozed::Done
        );
    }
}

#[tokio::test]
async fn sends_settled_together_are_each_answered_and_a_cancelled_one_stays_gone() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let a = add(&db, ALICE, daily(9), nine()).await;
        let b = add(&db, ALICE, once(), nine()).await;
        let c = add(&db, BOB, once(), nine()).await;
        let claimed = claim(&db, nine()).await;
        assert_eq!(claimed.len(), 3);
        assert!(db.cancel_reminder(ALICE, b).await.unwrap());
        let settles: Vec<(&Claim, Outcome)> =
            claimed.iter().map(|c| (c, Outcome::Delivered)).collect();
        let done = db.settle_all(&settles, nine() + 1).await.unwrap();
        let by_id: Vec<(i64, bool)> = claimed.iter().map(|c| c.due.id).zip(done).collect();
        assert_eq!(by_id, [(a, true), (b, false), (c, true)]);
        assert!(
            db.reminder_of(ALICE, b).await.unwrap().is_none(),
            "not brought back"
        );
        let row = db.reminder_of(ALICE, a).await.unwrap().unwrap();
        assert_eq!(row.next_at, nine() + 86_400);
        let row = db.reminder_of(BOB, c).await.unwrap().unwrap();
        assert_eq!(row.status, Status::Sent);
    }
}

/// An old direct message's snooze button carries its reminder's id: once that reminder is
/// cancelled, the member's next one never gets the same id, so the button finds nothing.
#[tokio::test]
async fn a_cancelled_reminders_id_is_never_given_again_so_its_old_buttons_find_nothing() {
    for store in crate::stores().await {
        let db = store.db.clone();
        let first = add(&db, ALICE, once(), nine()).await;
        let second = add(&db, ALICE, once(), nine()).await;
        assert!(db.cancel_reminder(ALICE, second).await.unwrap());
        assert!(db.cancel_reminder(ALICE, first).await.unwrap());
        let newer = add(&db, ALICE, daily(10), nine()).await;
        assert!(newer > second, "{newer} after {second}");
        assert_eq!(
            db.snooze_reminder(ALICE, second, nine() + 3600)
                .await
                .unwrap(),
            Snoozed::NotFound,
            "the old button's reminder is gone"
        );
        let r = db.reminder_of(ALICE, newer).await.unwrap().unwrap();
        assert_eq!(r.next_at, nine(), "the newer one untouched");
    }
}

/// Migration 0008 rebuilds `reminders` with AUTOINCREMENT: run over a database of the schema
/// before it (0001–0007) holding reminders of every kind, it keeps every row, column and
/// index, and the next id comes after the highest there was, also after that one is deleted.
#[tokio::test]
async fn the_ids_migration_keeps_every_reminder_and_gives_no_id_again() {
    use sqlx::sqlite::SqliteConnectOptions;
    use sqlx::Connection;
    use std::str::FromStr;

    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("old.db").display());
    let options = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true);
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let full = &funnel_coach::store::MIGRATOR;
    let old = sqlx::migrate::Migrator {
        migrations: full
            .iter()
            .filter(|m| m.version <= 7)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ignore_missing: false,
        locking: true,
        no_tx: false,
    };
    old.run(&mut conn).await.unwrap();
    // Every column set, NULLs and defaults included; ids with a gap (7 was deleted).
    sqlx::raw_sql(
        "INSERT INTO reminders (id, guild_id, user_id, note, timezone, repeat, local_minute,
             weekday, status, next_at, created_at, last_sent_at, paused_told, retry_at,
             retry_due_at, retries, lease_until, lease_due_at) VALUES
         (3, 1, 10, 'weekly', 'Asia/Tokyo', 'weekly', 540, 3, 'active', 1781082000, 1781000000,
             NULL, 0, NULL, NULL, 0, NULL, NULL),
         (5, 1, 10, 'retrying', 'UTC', 'daily', 600, NULL, 'active', 1781168400, 1781000001,
             1781082000, 0, 1781082300, 1781082000, 2, 1781082060, 1781082000),
         (6, 1, 20, '', 'Europe/Berlin', 'once', 0, NULL, 'sent', 1781082000, 1781000002,
             1781082000, 0, NULL, NULL, 0, NULL, NULL),
         (8, 2, 20, 'paused', 'UTC', 'weekdays', 1439, NULL, 'paused', 1781082000, 1781000003,
             NULL, 1, NULL, NULL, 0, NULL, NULL);",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let columns = "id, guild_id, user_id, note, timezone, repeat, local_minute, weekday, status,
        next_at, created_at, last_sent_at, paused_told, retry_at, retry_due_at, retries,
        lease_until, lease_due_at";
    // Each row as one text, every column quoted (NULL told from '' and 0).
    let dump = format!(
        "SELECT {} FROM reminders ORDER BY id",
        columns
            .split(',')
            .map(|c| format!("quote({})", c.trim()))
            .collect::<Vec<_>>()
            .join(" || '|' || ")
    );
    let indexes =
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reminders'
        AND sql IS NOT NULL ORDER BY name";
    let before: Vec<String> = sqlx::query_scalar(&dump)
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let indexes_before: Vec<(String, String)> =
        sqlx::query_as(indexes).fetch_all(&mut conn).await.unwrap();
    assert_eq!(before.len(), 4);
    conn.close().await.unwrap();

    let db = Db::open(&url).await.unwrap();
    db.close().await;
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let after: Vec<String> = sqlx::query_scalar(&dump)
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(after, before, "every row and column kept");
    let indexes_after: Vec<(String, String)> =
        sqlx::query_as(indexes).fetch_all(&mut conn).await.unwrap();
    assert_eq!(indexes_after, indexes_before, "every index kept");
    let seq: i64 = sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'reminders'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(seq, 8);
    conn.close().await.unwrap();

    // The highest is cancelled; the next reminder still comes after it.
    let db = Db::open(&url).await.unwrap();
    assert!(db
        .cancel_reminder(Member { guild: 2, user: 20 }, 8)
        .await
        .unwrap());
    let next = add(&db, BOB, once(), nine()).await;
    assert_eq!(next, 9);
    db.close().await;
}
