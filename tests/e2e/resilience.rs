//! Discord misbehaving: dropped gateways, failed callbacks, rate limits, slow answers. The bot
//! survives, logs, and answers the next member.

use crate::support;

use serde_json::json;
use std::time::Duration;

use support::{routes, title, BotProcess, FakeConfig, FakeDiscord, Fault};

#[tokio::test]
async fn a_dropped_gateway_is_resumed_and_the_bot_still_answers() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    fake.close_gateway(4000).await;
    fake.wait_resume_count(1).await.unwrap();
    assert_eq!(fake.identify_count(), 1, "a resume, not a new session");
    let r = fake
        .slash(&alice, "define", json!({"term": "gmv"}))
        .await
        .unwrap();
    assert_eq!(title(&r), "GMV");
    // A network drop without a close frame, too.
    fake.drop_gateway();
    fake.wait_resume_count(2).await.unwrap();
    let r = fake
        .slash(&alice, "define", json!({"term": "ctr"}))
        .await
        .unwrap();
    assert_eq!(title(&r), "Product CTR");
    assert!(bot.is_running());
    fake.assert_no_violations();
}

#[tokio::test]
async fn an_invalidated_session_identifies_again() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    fake.close_gateway(4009).await;
    // serenity waits about 5 s between identifies.
    fake.wait_identify_count(2).await.unwrap();
    let r = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "12.5k", "clicks": "310", "orders": "4"}),
        )
        .await
        .unwrap();
    assert_eq!(title(&r), "Not enough data yet to tell");
    assert!(bot.is_running());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_500_or_a_429_on_a_callback_is_logged_and_the_next_interaction_is_answered() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    fake.inject(Fault::server_error(), routes::CALLBACK, 1);
    let failed = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    assert_eq!(failed.status, 500);
    bot.wait_for_log("command failed").await.unwrap();
    let r = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    assert_eq!(title(&r), "Product CTOR");

    // Discord's own 429 body has no `code`; with the ratelimiter off nothing retries it.
    fake.inject(Fault::rate_limited(0.2), routes::CALLBACK, 1);
    let limited = fake.slash(&alice, "help", json!({})).await.unwrap();
    assert_eq!(limited.status, 429);
    bot.wait_for_log_count("command failed", 2).await.unwrap();
    let r = fake.slash(&alice, "about", json!({})).await.unwrap();
    assert_eq!(title(&r), "About funnel-coach");

    // A failing button answer is survived the same way.
    let define = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap()
        .message();
    fake.inject(Fault::server_error(), routes::CALLBACK, 1);
    let _ = fake.click(&alice, &define, "fc:def:product-ctr").await;
    bot.wait_for_log("could not answer a click").await.unwrap();
    let r = fake
        .click(&alice, &define, "fc:def:product-ctr")
        .await
        .unwrap();
    assert_eq!(title(&r), "Product CTR");
    assert!(bot.is_running());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_slow_discord_answer_does_not_hold_up_other_members() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");
    fake.inject(Fault::delay_ms(2_500), routes::CALLBACK, 1);
    let mark = fake.mark();
    let slow = {
        let fake = fake.clone();
        tokio::spawn(async move { fake.slash(&alice, "define", json!({"term": "gmv"})).await })
    };
    // Alice's answer has reached Discord, which sits on it.
    let in_flight = || {
        fake.requests_since(mark)
            .iter()
            .any(|r| r.matches(routes::CALLBACK) && r.status == 0)
    };
    for _ in 0..200 {
        if in_flight() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(in_flight(), "alice's answer should be waiting on Discord");
    let quick = fake
        .slash(&bob, "define", json!({"term": "ctr"}))
        .await
        .unwrap();
    assert_eq!(title(&quick), "Product CTR");
    assert!(
        in_flight(),
        "bob was answered while alice's answer was still held up"
    );
    let slow = slow.await.unwrap().unwrap();
    assert_eq!(title(&slow), "GMV");
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_discord_answer_that_never_comes_times_out_and_the_bot_moves_on() {
    let fake = FakeDiscord::start_with(FakeConfig {
        // The bot gives up on a REST call after 10 s; the waits here must outlast that.
        timeout: Duration::from_secs(25),
        ..FakeConfig::default()
    })
    .await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");
    fake.inject(Fault::delay_ms(20_000), routes::CALLBACK, 1);
    let stuck = {
        let fake = fake.clone();
        tokio::spawn(async move { fake.slash(&alice, "define", json!({"term": "gmv"})).await })
    };
    bot.wait_for_log("command failed").await.unwrap();
    assert!(bot.logs_contain("timed out"), "{}", bot.logs());
    let r = fake
        .slash(&bob, "define", json!({"term": "ctr"}))
        .await
        .unwrap();
    assert_eq!(title(&r), "Product CTR");
    assert!(bot.is_running());
    stuck.abort();
}

#[tokio::test]
async fn the_bot_stops_cleanly_on_sigterm() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    // A lookup counted just before the signal is still written: the usage writer flushes
    // as it stops.
    let alice = fake.user("alice");
    let r = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    assert_eq!(title(&r), "Product CTOR");
    let status = bot.terminate().await.unwrap();
    assert!(status.success(), "{status:?}\n{}", bot.logs());
    assert!(bot.logs_contain("stopping"));
    assert!(
        bot.logs_contain("task=\"glossary usage\""),
        "the usage writer stopped through the lifecycle:\n{}",
        bot.logs()
    );
    let pool = sqlx::SqlitePool::connect(&bot.database_url).await.unwrap();
    let counted: i64 = sqlx::query_scalar(
        "SELECT coalesce(sum(count), 0) FROM glossary_lookups WHERE entry_id = 'product-ctor'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counted, 1);
    fake.assert_no_violations();
}
