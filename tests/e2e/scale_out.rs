//! Several bot processes on one `PostgreSQL` database: one holds the gateway, the others wait;
//! `kill -9` the holder in the middle of a burst and a standby takes over within 15 s, every
//! confirmed write is kept, and two processes never hold gateway sessions at once. Each process
//! names itself (`INSTANCE_NAME`), so the fake knows who answered.

use std::time::{Duration, Instant};

use serde_json::json;
use sqlx::Connection;

use crate::support::bot_process::{BotEnv, BotProcess};
use crate::support::fake::{routes, FakeDiscord};
use crate::support::postgres::TestDatabase;

/// A process on the shared database, named `name`.
fn on(fake: &FakeDiscord, database: &TestDatabase, name: &str) -> BotEnv {
    BotEnv::dev(fake)
        .with_env("DATABASE_URL", &database.url)
        .with_env("INSTANCE_NAME", name)
        // Several processes per test, several tests at once: within the server's 100.
        .with_env("DATABASE_POOL_SIZE", "3")
}

/// `n` `/test log`s from `user`, one every `every`, changes named `{name} {i}`: each task
/// gives the change and the answer, `None` when none came (the interaction expired, as on
/// Discord, with no process to answer it).
fn burst(
    fake: &FakeDiscord,
    user: &crate::support::model::TestUser,
    n: u64,
    every: Duration,
    name: &str,
) -> Vec<tokio::task::JoinHandle<(String, Option<String>)>> {
    (0..n)
        .map(|i| {
            let (fake, user, change) = (fake.clone(), user.clone(), format!("{name} {i}"));
            tokio::spawn(async move {
                tokio::time::sleep(every * u32::try_from(i).unwrap_or(u32::MAX)).await;
                let answer = fake
                    .slash(
                        &user,
                        "test log",
                        json!({"lever": "Proof", "change": change}),
                    )
                    .await;
                let text = answer.ok().filter(|r| r.answer.is_some()).map(|r| r.text());
                (change, text)
            })
        })
        .collect()
}

/// Which process sent the answer to the interaction created after `mark`.
fn answered_by(fake: &FakeDiscord, mark: u64) -> Vec<String> {
    fake.requests_since(mark)
        .iter()
        .filter(|r| crate::support::fake::route_matches(routes::CALLBACK, &r.method, &r.path))
        .filter_map(|r| r.instance().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn a_standby_takes_the_gateway_within_15_s_of_a_kill_and_no_confirmed_test_is_lost() {
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let mut a = BotProcess::start_with(&fake, &on(&fake, &database, "a")).await;
    let b = BotProcess::spawn(&fake, &on(&fake, &database, "b")).await;
    b.wait_for_log("waiting to take over")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
    assert!(
        a.logs_contain("role=\"gateway holder\"") || a.logs_contain("role=gateway holder"),
        "{}",
        a.logs()
    );

    let alice = fake.user("alice");
    let mark = fake.mark();
    let r = fake
        .slash(
            &alice,
            "test log",
            json!({"lever": "Proof", "change": "before the kill"}),
        )
        .await
        .expect("answered");
    assert!(r.text().contains("is logged"), "{}", r.text());
    assert_eq!(answered_by(&fake, mark), ["a"]);

    // A burst of /test log, the holder killed a few commands in.
    let sent = burst(&fake, &alice, 16, Duration::from_millis(40), "burst");
    tokio::time::sleep(Duration::from_millis(200)).await;
    a.kill_hard().await;
    let killed = Instant::now();
    let mut confirmed = vec!["before the kill".to_owned()];
    for task in sent {
        let (change, text) = task.await.expect("the burst's task");
        if text.is_some_and(|t| t.contains("is logged")) {
            confirmed.push(change);
        }
    }

    let unanswered = 16 + 1 - confirmed.len();
    fake.wait_ready()
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
    // Commands sent between the kill and the takeover reached no process: Discord tells
    // those members the app did not respond (they can send them again), and only those.
    let missed = fake.take_violations();
    assert!(missed.len() <= unanswered, "{missed:?}");
    assert!(
        missed
            .iter()
            .all(|v| v.contains("no first response within")),
        "{missed:?}"
    );
    let took = killed.elapsed();
    eprintln!("the standby held the gateway {took:?} after the kill");
    assert!(took < Duration::from_secs(15), "the standby took {took:?}");
    assert!(b.logs_contain("took the gateway lock"), "{}", b.logs());
    let mark = fake.mark();
    let r = fake
        .slash(
            &alice,
            "test log",
            json!({"lever": "Proof", "change": "after the kill"}),
        )
        .await
        .expect("answered by the new holder");
    assert!(r.text().contains("is logged"), "{}", r.text());
    assert_eq!(answered_by(&fake, mark), ["b"]);
    confirmed.push("after the kill".to_owned());

    let db = funnel_coach::store::Db::open(&database.url)
        .await
        .expect("the shared database");
    let alice_member = funnel_coach::member::Member {
        guild: fake.guild_id(),
        user: alice.id,
    };
    let stored: Vec<String> = db
        .all_tests(alice_member)
        .await
        .expect("tests")
        .into_iter()
        .map(|t| t.change)
        .collect();
    for change in &confirmed {
        assert!(
            stored.contains(change),
            "confirmed but not stored: {change}; stored {stored:?}"
        );
    }
    assert!(confirmed.len() >= 3, "{confirmed:?}");
    assert_eq!(fake.gateway_overlaps(), 0, "two gateway sessions at once");
    db.close().await;
    fake.assert_no_violations();
}

/// Reminders' notes as the members received them.
fn received(fake: &FakeDiscord) -> Vec<String> {
    let mut texts = Vec::new();
    for name in ["alice", "bob"] {
        for m in fake.dms_to(&fake.user(name)) {
            texts.push(
                m["embeds"][0]["description"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            );
        }
    }
    texts
}

#[tokio::test]
async fn a_thousand_reminders_due_at_once_go_out_once_each_across_three_processes_and_a_kill() {
    const N: usize = 1_000;
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    // The schema first, then 1,000 reminders due at the same second, 20 s from now (time for
    // the three processes to start).
    let db = funnel_coach::store::Db::open(&database.url)
        .await
        .expect("the shared database");
    db.close().await;
    let due = jiff::Timestamp::now().as_second() + 20;
    {
        let mut conn = sqlx::PgConnection::connect(&database.url)
            .await
            .expect("connect");
        for i in 0..N {
            let user = if i % 2 == 0 { alice.id } else { bob.id };
            sqlx::query(
                "INSERT INTO reminders (guild_id, user_id, note, timezone, repeat, local_minute,
                     status, next_at, created_at)
                 VALUES ($1, $2, $3, 'UTC', 'once', 0, 'active', $4, $4 - 60)",
            )
            .bind(i64::try_from(fake.guild_id()).expect("id"))
            .bind(i64::try_from(user).expect("id"))
            .bind(format!("[r{i}]"))
            .bind(due)
            .execute(&mut conn)
            .await
            .expect("insert");
        }
        let _ = conn.close().await;
    }
    let env = |name: &str| on(&fake, &database, name).with_env("REMINDER_LEASE_SECS", "5");
    let _a = BotProcess::start_with(&fake, &env("a")).await;
    let _b = BotProcess::spawn(&fake, &env("b")).await;
    let mut c = BotProcess::spawn(&fake, &env("c")).await;
    c.wait_for_log("reminder scheduler started")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", c.logs()));

    // `c` dies with its share of the batch in flight, and comes back.
    let started = std::time::Instant::now();
    loop {
        let sent_by_c = fake
            .requests_matching(routes::CHANNEL_MESSAGE)
            .iter()
            .filter(|r| r.instance() == Some("c"))
            .count();
        if sent_by_c >= 20 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "`c` sent no share of the batch ({sent_by_c} messages)"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    c.restart().await;

    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while received(&fake).len() < N && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Long enough for a lease `c` left to run out and its reminders to be sent again.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let texts = received(&fake);
    let mut missing = Vec::new();
    let mut twice = Vec::new();
    for i in 0..N {
        let note = format!("[r{i}]");
        match texts.iter().filter(|t| t.contains(&note)).count() {
            0 => missing.push(i),
            1 => {}
            _ => twice.push(i),
        }
    }
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    assert!(twice.is_empty(), "delivered twice: {twice:?}");
    assert_eq!(texts.len(), N);
    // The fake keeps one message per nonce, as Discord does; what it was sent beyond N is only
    // what `c` had in flight when it died (at most 64 sends), never two processes' claims of
    // one reminder.
    let sent = fake.requests_matching(routes::CHANNEL_MESSAGE).len();
    assert!(sent <= N + 64, "{sent} sends for {N} reminders");
    assert!(
        fake.nonce_repeats() <= 64,
        "{} repeats",
        fake.nonce_repeats()
    );
    let senders: std::collections::BTreeSet<String> = fake
        .requests_matching(routes::CHANNEL_MESSAGE)
        .iter()
        .filter_map(|r| r.instance().map(str::to_owned))
        .collect();
    assert!(senders.len() >= 2, "the batch was shared: {senders:?}");
    assert_eq!(fake.gateway_overlaps(), 0, "two gateway sessions at once");
}

#[tokio::test]
async fn two_hundred_threshold_changes_across_a_handover_keep_the_last_confirmed_and_one_audit_row_each(
) {
    const N: usize = 200;
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let mut a = BotProcess::start_with(&fake, &on(&fake, &database, "a")).await;
    let b = BotProcess::spawn(&fake, &on(&fake, &database, "b")).await;
    b.wait_for_log("waiting to take over")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
    let moderator = fake.user("mod");

    // Change i sets Product CTR to 1 + i/100 percent: each change has a value of its own.
    let percent = |i: usize| format!("{}.{:02}", 1 + i / 100, i % 100);
    let mut confirmed = Vec::new();
    for i in 0..N {
        if i == N / 2 {
            a.kill_hard().await;
        }
        let answer = fake
            .slash(
                &moderator,
                "mod settings thresholds",
                json!({"ctr": percent(i), "ctor": "2"}),
            )
            .await;
        let text = answer.ok().filter(|r| r.answer.is_some()).map(|r| r.text());
        // (The answer writes the target as typed, less trailing zeros: "1.1%" for "1.10".)
        if text.is_some_and(|t| t.contains("Product CTR with ")) {
            confirmed.push(i);
        }
        if i == N / 2 {
            // Sent while nobody held the gateway: wait for the standby before going on.
            fake.wait_ready()
                .await
                .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
        }
    }
    let _ = fake.take_violations(); // the unanswered ones of the handover (see the first test)
    assert!(confirmed.len() >= N - 5, "{} confirmed", confirmed.len());
    assert!(
        confirmed.iter().any(|i| *i > N / 2),
        "none after the handover"
    );

    let db = funnel_coach::store::Db::open(&database.url)
        .await
        .expect("the shared database");
    let last = *confirmed.last().expect("at least one");
    let stored = db
        .thresholds(Some(fake.guild_id()))
        .await
        .expect("thresholds");
    let want: f64 = percent(last).parse::<f64>().expect("a number") / 100.0;
    assert!(
        (stored.ctr - want).abs() < 1e-12,
        "{} != {want}",
        stored.ctr
    );
    db.close().await;

    // One audit row per confirmed change, in the order they were made.
    let mut conn = sqlx::PgConnection::connect(&database.url)
        .await
        .expect("connect");
    let details: Vec<String> = sqlx::query_scalar(
        "SELECT detail FROM mod_log WHERE guild_id = $1 AND action = 'thresholds' ORDER BY id",
    )
    .bind(i64::try_from(fake.guild_id()).expect("id"))
    .fetch_all(&mut conn)
    .await
    .expect("audit rows");
    let _ = conn.close().await;
    let logged: Vec<usize> = details
        .iter()
        .filter_map(|d| d.split(' ').next()?.parse::<f64>().ok())
        .map(|ctr| {
            (0..N)
                .find(|i| {
                    let set: f64 = percent(*i).parse().unwrap_or(f64::NAN);
                    (ctr - set / 100.0).abs() < 1e-12
                })
                .unwrap_or(usize::MAX)
        })
        .collect();
    // A change confirmed has its row; one the kill cut off after its commit may have one too
    // (written, never confirmed): every confirmed one is there exactly once, in order.
    let confirmed_rows: Vec<usize> = logged
        .iter()
        .copied()
        .filter(|i| confirmed.contains(i))
        .collect();
    assert_eq!(confirmed_rows, confirmed);
    assert!(logged.len() <= N, "{logged:?}");
    assert_eq!(fake.gateway_overlaps(), 0, "two gateway sessions at once");
}

#[tokio::test]
async fn a_holder_cut_off_from_the_database_stops_its_gateway_before_anyone_else_connects() {
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let a = BotProcess::start_with(&fake, &on(&fake, &database, "a")).await;
    let b = BotProcess::spawn(&fake, &on(&fake, &database, "b")).await;
    b.wait_for_log("waiting to take over")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
    fake.expect_reregistration();

    // The server goes away for 6 s, longer than a holder tries to take its lock back: every
    // session ends, no new one is let in. The holder must close its gateway within 5 s.
    let cut_at = Instant::now();
    database.set_open(false).await;
    a.wait_for_log("lost the gateway lock")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", a.logs()));
    fake.wait_no_gateway().await;
    let stopped = cut_at.elapsed();
    eprintln!("the holder's gateway closed {stopped:?} after the database went away");
    assert!(
        stopped < Duration::from_secs(5),
        "the holder stopped after {stopped:?}"
    );
    tokio::time::sleep(Duration::from_secs(6).saturating_sub(cut_at.elapsed())).await;
    database.set_open(true).await;

    // Back: whoever took the lock first holds the gateway, within 15 s of the cut, and
    // answers; the pools reconnected by themselves.
    fake.wait_ready()
        .await
        .unwrap_or_else(|e| panic!("{e}\n--- a ---\n{}\n--- b ---\n{}", a.logs(), b.logs()));
    assert!(
        cut_at.elapsed() < Duration::from_secs(15),
        "{:?}",
        cut_at.elapsed()
    );
    let alice = fake.user("alice");
    let r = fake
        .slash(
            &alice,
            "test log",
            json!({"lever": "Proof", "change": "after the cut"}),
        )
        .await
        .expect("answered");
    assert!(r.text().contains("is logged"), "{}", r.text());
    assert_eq!(fake.gateway_overlaps(), 0, "two gateway sessions at once");
    fake.assert_no_violations();
}

#[tokio::test]
async fn commands_during_a_database_restart_get_an_apology_in_time_and_the_holder_keeps_the_gateway(
) {
    let Some(database) = TestDatabase::create().await else {
        return;
    };
    let fake = FakeDiscord::start().await;
    let a = BotProcess::start_with(&fake, &on(&fake, &database, "a")).await;
    let b = BotProcess::spawn(&fake, &on(&fake, &database, "b")).await;
    b.wait_for_log("waiting to take over")
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", b.logs()));
    let identified = fake.identify_count();
    let alice = fake.user("alice");

    // A command every 150 ms for 4 s; the database goes away for 1.5 s in the middle.
    let sent = burst(&fake, &alice, 26, Duration::from_millis(150), "restart");
    tokio::time::sleep(Duration::from_secs(1)).await;
    database.set_open(false).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    database.set_open(true).await;
    let (mut confirmed, mut sorry) = (Vec::new(), 0);
    for task in sent {
        let (change, text) = task.await.expect("the command's task");
        let text = text.unwrap_or_else(|| panic!("{change}: no answer\n{}", a.logs()));
        if text.contains("is logged") {
            confirmed.push(change);
        } else {
            assert!(
                text.contains("nothing was changed")
                    || text.contains("was not saved")
                    || text.contains("try again"),
                "{change}: {text}"
            );
            sorry += 1;
        }
    }
    // Every command was answered within Discord's 3 s (the fake records any that was not).
    fake.assert_no_violations();
    assert!(sorry >= 1, "the restart was felt: {sorry} apologies");
    assert!(confirmed.len() >= 10, "{confirmed:?}");
    // The holder took its lock back: no new gateway session, none overlapping.
    assert_eq!(fake.identify_count(), identified, "{}", a.logs());
    assert_eq!(fake.gateway_overlaps(), 0);

    let db = funnel_coach::store::Db::open(&database.url)
        .await
        .expect("the shared database");
    let stored: Vec<String> = db
        .all_tests(funnel_coach::member::Member {
            guild: fake.guild_id(),
            user: alice.id,
        })
        .await
        .expect("tests")
        .into_iter()
        .map(|t| t.change)
        .collect();
    for change in &confirmed {
        assert!(stored.contains(change), "confirmed, not stored: {change}");
    }
    db.close().await;
}
