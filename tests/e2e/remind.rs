//! End to end: `/remind` through the real binary against the fake Discord: set (with the
//! zone said), refusals that store nothing, autocomplete previews, list and cancel (a forged
//! value refused), a reminder "in 1 minute" arriving by DM with its buttons, snooze and
//! "Start a drill", a reminder due during a `kill -9` delivered once (late) after restart,
//! closed DMs tried once then the member told on their next command, and Resume.

use crate::support;

use std::time::Duration;

use serde_json::{json, Value};
use support::{db, scene, title, BotProcess, FakeDiscord, Response, TestUser};

fn embed_text(m: &Value) -> String {
    m["embeds"][0].to_string()
}

fn button_ids(m: &Value) -> Vec<String> {
    m["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_owned))
        .collect()
}

async fn count(pool: &sqlx::SqlitePool, user: &TestUser) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM reminders WHERE user_id = ?")
        .bind(i64::try_from(user.id).unwrap())
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn set(fake: &FakeDiscord, user: &TestUser, options: Value) -> Response {
    fake.slash(user, "remind set", options).await.unwrap()
}

/// Waits up to `secs` for `n` DMs to `user`.
async fn dms(fake: &FakeDiscord, user: &TestUser, n: usize, secs: u64) -> Vec<Value> {
    for _ in 0..secs * 10 {
        let got = fake.dms_to(user);
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{n} DM(s) to {} did not arrive", user.name);
}

#[tokio::test]
async fn set_list_cancel_and_refusals_store_nothing() {
    let (fake, _bot, pool, alice, bob) = scene().await;

    let r = set(&fake, &alice, json!({"time": "18:30", "repeat": 1, "timezone": "europe/berlin", "note": "drill before the live"})).await;
    assert!(r.ephemeral());
    assert_eq!(title(&r), "Reminder set", "{}", r.text());
    assert!(
        r.text().contains("Europe/Berlin (you picked it)"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("18:30"), "{}", r.text());
    // The zone is remembered.
    let r = set(&fake, &alice, json!({"time": "in 2h"})).await;
    assert!(
        r.text()
            .contains("Europe/Berlin (the one you picked before)"),
        "{}",
        r.text()
    );
    // Bob has no zone and the server none: UTC, said so.
    let r = set(&fake, &bob, json!({"time": "noon"})).await;
    assert!(r.text().contains("UTC"), "{}", r.text());
    assert_eq!(count(&pool, &alice).await, 2);

    for (options, says) in [
        (json!({"time": "25:99"}), "isn't a time a clock can show"),
        (json!({"time": "soonish"}), "couldn't read"),
        (json!({"time": "in 0m"}), "already gone by"),
        (json!({"time": "in 400 days"}), "more than a year"),
        (
            json!({"time": "9am", "timezone": "Mars/Olympus"}),
            "don't know the time zone",
        ),
        (
            json!({"time": "9am", "note": "x".repeat(201)}),
            "201 characters",
        ),
    ] {
        let r = set(&fake, &alice, options.clone()).await;
        assert!(r.ephemeral(), "{options}");
        assert!(r.text().contains(says), "{options}: {}", r.text());
    }
    let r = set(&fake, &alice, json!({"time": "soonish"})).await;
    assert!(
        r.text().contains("tomorrow 9am"),
        "the accepted forms are listed: {}",
        r.text()
    );
    assert_eq!(count(&pool, &alice).await, 2, "refusals store nothing");

    // Autocomplete previews the time in the member's zone.
    let choices = fake
        .autocomplete(&alice, "remind set", "time", "in 90m", json!({}))
        .await
        .unwrap();
    assert!(
        choices[0].0.contains("Europe/Berlin") && choices[0].0.contains("in 1 h 30 min"),
        "{choices:?}"
    );
    assert_eq!(choices[0].1, json!("in 90m"));
    // A zone still being typed does not turn the preview to UTC; the repeat picked counts
    // (a Monday-to-Friday reminder set for a Saturday starts on Monday).
    let half_typed = fake
        .autocomplete(
            &alice,
            "remind set",
            "time",
            "sat 9am",
            json!({"timezone": "Asia/Ma"}),
        )
        .await
        .unwrap();
    assert!(
        half_typed[0].0.contains("Sat") && half_typed[0].0.contains("Europe/Berlin"),
        "{half_typed:?}"
    );
    let weekdays = fake
        .autocomplete(
            &alice,
            "remind set",
            "time",
            "sat 9am",
            json!({"repeat": 2}),
        )
        .await
        .unwrap();
    assert!(weekdays[0].0.contains("Mon"), "{weekdays:?}");
    let zones = fake
        .autocomplete(&alice, "remind set", "timezone", "berl", json!({}))
        .await
        .unwrap();
    assert_eq!(zones[0].1, json!("Europe/Berlin"));

    let list = fake.slash(&alice, "remind list", json!({})).await.unwrap();
    assert!(
        list.text().contains("drill before the live"),
        "{}",
        list.text()
    );
    assert!(list.text().contains("every day"), "{}", list.text());
    let mine = fake
        .autocomplete(&alice, "remind cancel", "reminder", "", json!({}))
        .await
        .unwrap();
    assert_eq!(mine.len(), 2);
    let first = mine[0].1.as_str().unwrap().to_owned();

    // Bob cannot cancel Alice's (a forged autocomplete value).
    let r = fake
        .slash(&bob, "remind cancel", json!({"reminder": first}))
        .await
        .unwrap();
    assert!(
        r.text().contains("isn't one of your reminders"),
        "{}",
        r.text()
    );
    assert_eq!(count(&pool, &alice).await, 2);
    let r = fake
        .slash(&alice, "remind cancel", json!({"reminder": first}))
        .await
        .unwrap();
    assert_eq!(title(&r), "Reminders");
    assert_eq!(count(&pool, &alice).await, 1);
    fake.assert_no_violations();
}

#[tokio::test]
async fn in_one_minute_arrives_by_dm_with_buttons_that_snooze_and_start_a_drill() {
    let (fake, _bot, pool, alice, bob) = scene().await;
    let r = set(
        &fake,
        &alice,
        json!({"time": "in 1 minute", "note": "practise"}),
    )
    .await;
    assert_eq!(title(&r), "Reminder set", "{}", r.text());
    let got = dms(&fake, &alice, 1, 75).await;
    let dm = &got[0];
    assert!(embed_text(dm).contains("practise"), "{dm}");
    let ids = button_ids(dm);
    assert_eq!(ids.len(), 4, "{ids:?}");
    assert!(ids[0].starts_with("fc:rmd:"));

    // Bob clicking Alice's snooze (forged) changes nothing.
    let r = fake.click(&bob, dm, &ids[2]).await.unwrap();
    assert!(
        r.text().contains("isn't one of your reminders"),
        "{}",
        r.text()
    );
    let status: String = sqlx::query_scalar("SELECT status FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "sent");
    // Snooze one hour: active again, an hour from now.
    let r = fake.click(&alice, dm, &ids[2]).await.unwrap();
    assert!(r.text().contains("remind you again"), "{}", r.text());
    let (status, next): (String, i64) = sqlx::query_as("SELECT status, next_at FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    assert_eq!(status, "active");
    assert!((next - now - 3_600).abs() < 30, "{next} vs {now}");
    // Start a drill, in the DM: it counts in the server the reminder was set in.
    let r = fake.click(&alice, dm, &ids[0]).await.unwrap();
    assert!(title(&r).starts_with("Drill"), "{}", r.text());
    let answers = r.custom_ids();
    assert_eq!(answers.len(), 5, "{answers:?}");
    assert!(
        answers.iter().all(|id| id.starts_with("fc:dda:")),
        "{answers:?}"
    );
    let drill = r.message();
    let a = fake.click(&alice, &drill, &answers[0]).await.unwrap();
    assert!(a.is_success(), "{}", a.text());
    assert!(a.text().contains("Product CTOR"), "{}", a.text());
    let guilds: Vec<i64> = sqlx::query_scalar("SELECT guild_id FROM drill_attempts")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(guilds, [i64::try_from(fake.guild_id()).unwrap()]);
    // Next drill, still in the DM.
    let next = a
        .custom_ids()
        .into_iter()
        .find(|id| id.starts_with("fc:ddn:"))
        .expect("a next drill button");
    let n = fake.click(&alice, &a.message(), &next).await.unwrap();
    assert!(title(&n).starts_with("Drill"), "{}", n.text());
    // A drill id forged for a server where Alice has no reminder records nothing.
    let forged = answers[1].replacen(
        &fake.guild_id().to_string(),
        &fake.other_guild_id().to_string(),
        1,
    );
    let mut forged_message = drill.clone();
    forged_message["id"] = json!("1299999999999999998");
    forged_message["components"] = json!([{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "Before the click", "custom_id": forged}
    ]}]);
    let f = fake.click(&alice, &forged_message, &forged).await.unwrap();
    assert!(f.text().contains("doesn't hold a drill"), "{}", f.text());
    let attempts: i64 = sqlx::query_scalar("SELECT count(*) FROM drill_attempts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);
    fake.assert_no_violations();
}

/// Moves every reminder's time to `ago` seconds in the past (as if it fell due while down).
async fn make_due(pool: &sqlx::SqlitePool, ago: i64) {
    let at = jiff::Timestamp::now().as_second() - ago;
    sqlx::query("UPDATE reminders SET next_at = ?")
        .bind(at)
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_reminder_due_during_a_kill_9_is_delivered_once_late() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    set(&fake, &alice, json!({"time": "9am", "repeat": 1})).await;
    bot.kill_hard().await;
    let pool = db(&bot).await;
    make_due(&pool, 3 * 86_400).await;
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let got = dms(&fake, &alice, 1, 20).await;
    assert!(
        embed_text(&got[0]).contains("couldn't send it then"),
        "{}",
        got[0]
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        fake.dms_to(&alice).len(),
        1,
        "once, no burst of missed days"
    );
    let next: i64 = sqlx::query_scalar("SELECT next_at FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        next > jiff::Timestamp::now().as_second(),
        "moved to its next future time"
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn closed_dms_pause_once_and_the_member_is_told_on_their_next_command() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    set(&fake, &alice, json!({"time": "9am", "repeat": 1})).await;
    fake.set_dms_closed(&alice, true);
    bot.kill_hard().await;
    let pool = db(&bot).await;
    make_due(&pool, 10).await;
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    bot.wait_for_log("reminders are paused").await.unwrap();
    let status: String = sqlx::query_scalar("SELECT status FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "paused", "nothing deleted");
    assert!(fake.dms_to(&alice).is_empty());

    // Next command, even one refused: the answer, then the notice, privately.
    let refused = set(&fake, &alice, json!({"time": "25:99"})).await;
    assert!(
        refused.text().contains("isn't a time"),
        "{}",
        refused.text()
    );
    let messages = refused.wait_followups(1).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.to_string().contains("direct messages are closed")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .all(|m| m["flags"].as_u64().unwrap_or(0) & 64 != 0),
        "private: {messages:?}"
    );
    // Told once.
    let again = fake.slash(&alice, "remind list", json!({})).await.unwrap();
    assert!(again.text().contains("Paused"), "{}", again.text());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(again.followups().is_empty());
    // Resume: active again.
    fake.set_dms_closed(&alice, false);
    let resume = again
        .custom_ids()
        .into_iter()
        .find(|id| id.starts_with("fc:rmr:"))
        .expect("a resume button");
    let r = fake.click(&alice, &again.message(), &resume).await.unwrap();
    assert!(r.text().contains("back on"), "{}", r.text());
    let status: String = sqlx::query_scalar("SELECT status FROM reminders")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "active");
    fake.assert_no_violations();
}
