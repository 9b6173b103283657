//! End to end: the real `funnel-coach run` binary, through serenity and poise, against the
//! fake Discord in tests/support. Every request the bot sends is checked against Discord's
//! limits (`assert_no_violations`).

mod support;

use serde_json::{json, Value};
use support::{BotEnv, BotProcess, FakeDiscord};

fn embed(r: &support::Response) -> Value {
    r.embeds()
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("{}: no embed in {:?}", r.label, r.answer))
}

fn field<'a>(e: &'a Value, starts: &str) -> &'a str {
    e["fields"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["name"].as_str().is_some_and(|n| n.starts_with(starts)))
        })
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {starts:?} in {e}"))
}

#[tokio::test]
async fn commands_are_registered_in_the_dev_guild_with_descriptions_from_prompts() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let commands = fake.commands();
    let mut names: Vec<String> = commands.iter().map(|c| c.name().to_owned()).collect();
    names.sort();
    for expected in ["about", "decode", "define", "glossary", "help"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    assert!(
        commands.iter().all(|c| c.guild_id == Some(fake.guild_id())),
        "registered in the dev guild"
    );
    let define = commands.iter().find(|c| c.name() == "define").unwrap();
    assert_eq!(
        define.json["description"],
        "Explain a metric or creator term in plain words"
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn without_dev_guild_commands_are_global_and_work_in_dms() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    assert!(fake.commands().iter().all(|c| c.guild_id.is_none()));
    let alice = fake.user("alice");
    let r = fake
        .slash_dm(&alice, "define", json!({"term": "gmv"}))
        .await
        .unwrap();
    assert_eq!(embed(&r)["title"], "GMV");
    fake.assert_no_violations();
}

#[tokio::test]
async fn define_answers_with_the_entry_and_related_buttons_that_survive_a_restart() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let r = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    assert!(!r.ephemeral(), "a found term is shared with the channel");
    let e = embed(&r);
    assert_eq!(e["title"], "Product CTOR");
    assert_eq!(field(&e, "Formula"), "SKU orders ÷ Product clicks");
    assert!(field(&e, "Old names").contains("Conversion rate"));
    assert!(
        r.custom_ids().iter().any(|id| id == "fc:def:product-ctr"),
        "{:?}",
        r.custom_ids()
    );

    // The typo and the old name both land on CTOR, and the reply says it was renamed.
    let r = fake
        .slash(&alice, "define", json!({"term": "convertion rate"}))
        .await
        .unwrap();
    let e = embed(&r);
    assert_eq!(e["title"], "Product CTOR");
    assert!(
        e["description"].as_str().unwrap().contains("old name"),
        "{e}"
    );

    // A related-term button opens that entry, privately, for whoever clicks it.
    let message = fake
        .slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap()
        .message();
    let bob = fake.user("bob");
    let clicked = fake
        .click(&bob, &message, "fc:def:product-ctr")
        .await
        .unwrap();
    assert!(clicked.ephemeral());
    assert_eq!(embed(&clicked)["title"], "Product CTR");

    // After a crash and restart, the old message's buttons still work.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let clicked = fake
        .click(&bob, &message, "fc:def:sku-orders")
        .await
        .unwrap();
    assert_eq!(embed(&clicked)["title"], "SKU orders");
    fake.assert_no_violations();
}

#[tokio::test]
async fn define_autocomplete_ranks_matches_and_unknown_terms_are_counted() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let choices = fake
        .autocomplete(&alice, "define", "term", "ct", json!({}))
        .await
        .unwrap();
    assert!(!choices.is_empty() && choices.len() <= 25);
    let values: Vec<&str> = choices
        .iter()
        .take(3)
        .filter_map(|(_, v)| v.as_str())
        .collect();
    assert!(
        values.contains(&"product-ctr") && values.contains(&"product-ctor"),
        "{values:?}"
    );
    let all = fake
        .autocomplete(&alice, "define", "term", "", json!({}))
        .await
        .unwrap();
    assert_eq!(all.len(), 25);
    // Picking a suggestion sends its value: the entry id.
    let r = fake
        .slash(&alice, "define", json!({"term": "product-ctr"}))
        .await
        .unwrap();
    assert_eq!(embed(&r)["title"], "Product CTR");

    let r = fake
        .slash(&alice, "define", json!({"term": "refund ratio"}))
        .await
        .unwrap();
    assert!(r.ephemeral(), "suggestions are for the member who asked");
    let e = embed(&r);
    assert!(
        e["description"].as_str().unwrap().contains("Did you mean"),
        "{e}"
    );
    assert!(
        r.custom_ids().iter().all(|id| id.starts_with("fc:def:")) && !r.custom_ids().is_empty()
    );
    fake.slash(&alice, "define", json!({"term": "refund ratio"}))
        .await
        .unwrap();

    // The miss is counted for this server in SQLite (written just after the reply is sent).
    let db = sqlx::SqlitePool::connect(&bot.database_url).await.unwrap();
    let guild = i64::try_from(fake.guild_id()).unwrap();
    let mut row: Option<(String, i64)> = None;
    for _ in 0..100 {
        row = sqlx::query_as("SELECT term, count FROM glossary_misses WHERE guild_id = ?")
            .bind(guild)
            .fetch_optional(&db)
            .await
            .unwrap();
        if row.as_ref().is_some_and(|(_, c)| *c == 2) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (term, count) = row.expect("the miss was recorded");
    assert_eq!((term.as_str(), count), ("refundratio", 2));
    fake.assert_no_violations();
}

#[tokio::test]
async fn glossary_browses_by_funnel_step() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let home = fake.slash(&alice, "glossary", json!({})).await.unwrap();
    assert!(home.ephemeral());
    assert!(embed(&home)["description"]
        .as_str()
        .unwrap()
        .contains("After the click"));
    let step = fake
        .select(&alice, &home.message(), "fc:gls", vec!["after_click"])
        .await
        .unwrap();
    assert_eq!(step.kind, 7, "the menu updates the same message");
    assert_eq!(embed(&step)["title"], "After the click");
    let entry = fake
        .select(&alice, &step.message(), "fc:gle", vec!["add-to-cart-rate"])
        .await
        .unwrap();
    assert_eq!(embed(&entry)["title"], "Add-to-cart rate (ATC rate)");
    fake.assert_no_violations();
}

#[tokio::test]
async fn decode_explains_the_verdict_with_ranges_checklist_and_next_test() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let r = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "12.5k", "clicks": "310", "orders": "4"}),
        )
        .await
        .unwrap();
    assert!(!r.ephemeral());
    let e = embed(&r);
    assert_eq!(e["title"], "Not enough data yet to call it");
    assert!(e["description"]
        .as_str()
        .unwrap()
        .contains("the step after the click"));
    let ctor = field(&e, "Product CTOR");
    assert!(
        ctor.contains("1.29%") && ctor.contains("more clicks at this rate would settle it"),
        "{ctor}"
    );
    assert!(field(&e, "Product CTR").contains("2.48%"));
    assert!(field(&e, "Check these").starts_with("• "));
    assert!(!field(&e, "One next test").is_empty());

    let r = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "20,000", "clicks": "1000", "orders": "3", "private": true}),
        )
        .await
        .unwrap();
    assert!(r.ephemeral());
    assert_eq!(embed(&r)["title"], "People click, but few of them order");

    let r = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "50000", "clicks": "100", "orders": "5", "add_to_carts": "12", "format": "plain text"}),
        )
        .await
        .unwrap();
    assert!(r.embeds().is_empty());
    assert!(
        r.content().contains("The weak spot is before the click"),
        "{}",
        r.content()
    );
    assert!(r.content().contains("Add-to-cart rate"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn decode_refuses_bad_input_privately_and_says_how_to_fix_it() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    for (options, expect) in [
        (
            json!({"impressions": "12.5k", "clicks": "2%", "orders": "4"}),
            "percentage",
        ),
        (
            json!({"impressions": "12.5k", "clicks": "310", "orders": "10.5"}),
            "decimal",
        ),
        (
            json!({"impressions": "-5", "clicks": "3", "orders": "0"}),
            "below zero",
        ),
        (
            json!({"impressions": "lots", "clicks": "3", "orders": "0"}),
            "not a number",
        ),
        (
            json!({"impressions": "300", "clicks": "12500", "orders": "4"}),
            "PV",
        ),
        (
            json!({"impressions": "0", "clicks": "5", "orders": "0"}),
            "0 impressions",
        ),
        (
            json!({"impressions": "@everyone", "clicks": "5", "orders": "0"}),
            "not a number",
        ),
    ] {
        let r = fake.slash(&alice, "decode", options.clone()).await.unwrap();
        assert!(r.ephemeral(), "{options}");
        let text = embed(&r)["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(text.contains(expect), "{options}: {text}");
    }
    // Orders above clicks is a warning, not an error.
    let r = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "10000", "clicks": "500", "orders": "800"}),
        )
        .await
        .unwrap();
    assert!(field(&embed(&r), "Heads up").contains("More orders than clicks"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn help_and_about_are_private_and_say_the_bot_is_independent() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let help = fake.slash(&alice, "help", json!({})).await.unwrap();
    assert!(help.ephemeral());
    assert!(embed(&help)["description"]
        .as_str()
        .unwrap()
        .contains("/decode"));
    let about = fake.slash(&alice, "about", json!({})).await.unwrap();
    let text = embed(&about)["description"].as_str().unwrap().to_owned();
    assert!(
        text.contains("not made by, linked to or approved by TikTok"),
        "{text}"
    );
    assert!(text.contains("never promises"), "{text}");
    assert!(
        !bot.logs().contains(&fake.token()),
        "the token must never be logged"
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn hostile_input_gets_a_clear_answer_within_discords_limits() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let long_term = format!("@everyone <@&1> **{}** `x` ||y||", "ꙮ".repeat(60));
    let long_term: String = long_term.chars().take(100).collect();
    for term in [
        long_term.as_str(),
        "@here",
        "\u{200b}\u{200b}",
        "💸💸💸",
        "' OR 1=1 --",
    ] {
        let r = fake
            .slash(&alice, "define", json!({ "term": term }))
            .await
            .unwrap();
        assert!(r.is_success(), "{term:?}");
        assert!(
            r.ephemeral(),
            "an unknown term is answered privately: {term:?}"
        );
        assert!(!r.embeds().is_empty(), "{term:?}");
    }
    for value in [
        "１２３",
        "1e5",
        "∞",
        "NaN",
        "0x1F",
        "12,50",
        "9".repeat(40).as_str(),
        "<@1>",
        "--1",
    ] {
        let r = fake
            .slash(
                &alice,
                "decode",
                json!({"impressions": value, "clicks": "1", "orders": "0"}),
            )
            .await
            .unwrap();
        assert!(r.ephemeral(), "{value:?}");
        let text = embed(&r)["description"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            text.contains("impressions"),
            "the error names the field: {value:?} → {text}"
        );
    }
    // Every reply kept Discord's limits and allowed no mentions.
    fake.assert_no_violations();
}
