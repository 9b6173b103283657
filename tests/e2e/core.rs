//! End to end: the real `funnel-coach run` binary, through serenity and poise, against the
//! fake Discord in tests/support. Every request the bot sends is checked against Discord's
//! limits (`assert_no_violations`).

use crate::support;

use std::sync::Arc;

use funnel_coach::bot::notify::DiscordNotifier;
use funnel_coach::notify::{Notifier, SendError};
use funnel_coach::render::{Reply, Tone};
use poise::serenity_prelude as serenity;
use serde_json::{json, Value};
use support::{embed, routes, BotEnv, BotProcess, FakeDiscord, Fault};

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
    assert_eq!(field(&e, "Funnel step"), "After the click");
    assert!(
        r.custom_ids().iter().any(|id| id == "fc:def:product-ctr"),
        "{:?}",
        r.custom_ids()
    );
    // The lookup lists are one tap away: where to find it, old and other names, the views.
    let names: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(
        !names.contains(&"Also called") && !names.contains(&"Views in Seller Center"),
        "{names:?}"
    );
    let details = fake
        .click(&alice, &r.message(), "fc:dfm:product-ctor")
        .await
        .unwrap();
    assert!(details.ephemeral());
    let d = embed(&details);
    assert!(field(&d, "Old names").contains("Conversion rate"), "{d}");
    assert!(
        field(&d, "Where to find it").contains("Seller Center"),
        "{d}"
    );
    assert!(!field(&d, "Views in Seller Center").is_empty());

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
    let details = fake
        .click(&bob, &message, "fc:dfm:product-ctor")
        .await
        .unwrap();
    assert!(field(&embed(&details), "Also called").contains("click to order"));
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
        .slash(&alice, "define", json!({"term": "refund speed"}))
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
    fake.slash(&alice, "define", json!({"term": "refund speed"}))
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
    assert_eq!((term.as_str(), count), ("refundspeed", 2));
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
    let mut bot = BotProcess::start(&fake).await;
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
    assert_eq!(e["title"], "Not enough data yet to tell");
    assert!(e["description"]
        .as_str()
        .unwrap()
        .contains("the step after the click"));
    let ctor = field(&e, "Product CTOR");
    assert!(
        ctor.contains("1.29%")
            && ctor.contains("Under the 2% target so far")
            && ctor.contains("over twice what you have"),
        "{ctor}"
    );
    assert!(field(&e, "Product CTR").contains("2.48%"));
    assert!(field(&e, "One next test").contains("add up"));
    // The first message fits a phone: no checklist, no order rate, within 1,000 characters.
    let names: Vec<&str> = e["fields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["name"].as_str())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("Check these") || n.starts_with("Order rate")),
        "{names:?}"
    );
    let chars = |v: &Value| v.as_str().map_or(0, |s| s.chars().count());
    let first_screen = chars(&e["title"])
        + chars(&e["description"])
        + chars(&e["footer"]["text"])
        + e["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| chars(&f["name"]) + chars(&f["value"]))
            .sum::<usize>();
    assert!(first_screen <= 1000, "{first_screen}: {e}");
    // The checklist is one tap away, for whoever taps, privately; the chart and the Log a
    // test button are still there.
    assert!(
        r.custom_ids()
            .iter()
            .any(|id| id == "fc:chk:not_enough_data"),
        "{:?}",
        r.custom_ids()
    );
    assert!(
        r.custom_ids().iter().any(|id| id.starts_with("fc:tl")),
        "{:?}",
        r.custom_ids()
    );
    let message = r.message();
    let bob = fake.user("bob");
    let checklist = fake
        .click(&bob, &message, "fc:chk:not_enough_data")
        .await
        .unwrap();
    assert!(checklist.ephemeral());
    let c = embed(&checklist);
    assert_eq!(c["title"], "What to check");
    assert!(c["description"].as_str().unwrap().starts_with("• "), "{c}");

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
    // Weak before the click: the add-to-cart rate says nothing to act on yet.
    assert!(!r.content().contains("Add-to-cart rate"), "{}", r.content());
    assert!(r.custom_ids().iter().any(|id| id == "fc:chk:before_click"));

    // After a restart, the checklist button of the old message still answers.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let checklist = fake
        .click(&alice, &message, "fc:chk:not_enough_data")
        .await
        .unwrap();
    assert!(checklist.ephemeral());
    assert!(embed(&checklist)["description"]
        .as_str()
        .unwrap()
        .contains("SKU orders"));
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
    let e = embed(&r);
    assert_eq!(e["title"], "These numbers don't line up");
    assert!(field(&e, "Please check").contains("More orders than clicks"));
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

/// Sets option `name` (`{"type", "value"}`) wherever it sits in a command's `data`
/// (subcommands nest their options).
fn set_option(data: &mut Value, name: &str, kind: u8, value: &Value) -> bool {
    let Some(options) = data.get_mut("options").and_then(Value::as_array_mut) else {
        return false;
    };
    for o in options {
        if o["name"] == name && o.get("value").is_some() {
            o["type"] = json!(kind);
            o["value"] = value.clone();
            return true;
        }
        if set_option(o, name, kind, value) {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn a_command_sent_by_an_app_holding_its_older_shape_is_answered_privately() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let changed = "has changed since your Discord app loaded it";

    // A lever whose choice index no longer exists (poise: CommandStructureMismatch).
    let stale_lever = fake
        .slash_edited(
            &alice,
            "test log",
            json!({"lever": "Hook", "change": "a new hook"}),
            |data| assert!(set_option(data, "lever", 4, &json!(99))),
        )
        .await
        .unwrap();
    assert!(stale_lever.is_success(), "{stale_lever:?}");
    assert!(stale_lever.ephemeral());
    assert!(
        stale_lever.text().contains(changed),
        "{}",
        stale_lever.text()
    );
    bot.wait_for_log("the command changed since the member's app loaded it")
        .await
        .unwrap();
    let list = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(
        !list.text().contains("a new hook"),
        "nothing was logged: {}",
        list.text()
    );

    // A format choice that no longer exists, and an option that was once a number.
    for (option, value) in [("format", json!(7)), ("impressions", json!(12))] {
        let r = fake
            .slash_edited(
                &alice,
                "decode",
                json!({"impressions": "12.5k", "clicks": "310", "orders": "4", "format": "card"}),
                |data| assert!(set_option(data, option, 4, &value)),
            )
            .await
            .unwrap();
        assert!(
            r.ephemeral() && r.text().contains(changed),
            "{option}: {}",
            r.text()
        );
    }

    // A group that once ran on its own, sent without a subcommand.
    let no_sub = fake
        .slash_edited(&alice, "test list", json!({}), |data| {
            data["options"] = json!([]);
        })
        .await
        .unwrap();
    assert!(
        no_sub.ephemeral() && no_sub.text().contains(changed),
        "{}",
        no_sub.text()
    );

    // A command this bot no longer has.
    let gone = fake
        .slash_edited(&alice, "help", json!({}), |data| {
            data["name"] = json!("helpme");
        })
        .await
        .unwrap();
    assert!(
        gone.ephemeral() && gone.text().contains(changed),
        "{}",
        gone.text()
    );
    // Logs are written by a thread of their own: the line may come just after the answer.
    bot.wait_for_log("a command this bot does not have")
        .await
        .unwrap();
    fake.assert_no_violations();
}

#[tokio::test]
async fn help_lists_moderator_commands_to_moderators_only() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let line = "`/mod stats`";
    let alice = fake.user("alice");
    let member = fake.slash(&alice, "help", json!({})).await.unwrap();
    let text = embed(&member)["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(text.contains("/stats me"), "{text}");
    assert!(!text.contains("/mod"), "{text}");
    // A short page: the details are behind the topic menu (the time formats of /remind too).
    assert!(text.chars().count() < 1000, "{text}");
    assert!(!text.contains("friday 6pm"), "{text}");
    assert_eq!(member.custom_ids(), vec!["fc:hlp:m".to_owned()]);
    let topic = fake
        .select(&alice, &member.message(), "fc:hlp:m", vec!["practice"])
        .await
        .unwrap();
    assert_eq!(topic.kind, 7, "the topic replaces the page");
    let t = embed(&topic);
    assert!(
        t["description"].as_str().unwrap().contains("tomorrow 9am"),
        "{t}"
    );
    let moderator = fake.user("mod");
    let r = fake.slash(&moderator, "help", json!({})).await.unwrap();
    let text = embed(&r)["description"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(text.contains(line), "{text}");
    assert!(text.chars().count() < 1000, "{text}");
    let topic = fake
        .select(&moderator, &r.message(), "fc:hlp:mod", vec!["moderators"])
        .await
        .unwrap();
    assert!(embed(&topic)["description"]
        .as_str()
        .unwrap()
        .contains("/mod settings"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn the_notifier_sends_dms_and_posts_and_sorts_discords_refusals() {
    let fake = FakeDiscord::start().await;
    // The bot's own HTTP set-up: through the proxy, which owns rate limits.
    let http = serenity::HttpBuilder::new(fake.token())
        .proxy(fake.proxy_url())
        .ratelimiter_disabled(true)
        .build();
    let notifier = DiscordNotifier::new(Arc::new(http));
    let alice = fake.user("alice");
    let reminder = Reply::new(
        "Time for a drill",
        "@everyone two minutes, one funnel",
        Tone::Info,
    );

    let sent = notifier.dm(alice.id, &reminder, None).await.unwrap();
    let dms = fake.dms_to(&alice);
    assert_eq!(dms.len(), 1);
    assert_eq!(dms[0]["embeds"][0]["title"], "Time for a drill");
    assert_eq!(Some(sent.channel), fake.dm_channel_of(&alice));
    // With a nonce (a reminder's), Discord keeps one message: a repeat gets the same one back.
    let once = notifier
        .dm(alice.id, &reminder, Some("r1.Fx8Yk2"))
        .await
        .unwrap();
    let again = notifier
        .dm(alice.id, &reminder, Some("r1.Fx8Yk2"))
        .await
        .unwrap();
    assert_eq!(once, again);
    assert_eq!(fake.dms_to(&alice).len(), 2, "one message per nonce");
    assert_eq!(
        fake.dms_to(&alice)[1]["nonce"],
        "r1.Fx8Yk2",
        "Discord echoes the nonce"
    );

    let guides = fake.channel("guides");
    notifier.post(guides, &reminder).await.unwrap();
    assert_eq!(fake.posts_in(guides).len(), 1);

    fake.set_dms_closed(&alice, true);
    assert_eq!(
        notifier.dm(alice.id, &reminder, None).await,
        Err(SendError::DmsClosed)
    );
    fake.inject(Fault::rate_limited(0.1), routes::CHANNEL_MESSAGE, 1);
    assert_eq!(
        notifier.post(guides, &reminder).await,
        Err(SendError::RateLimited)
    );
    fake.inject(
        Fault::Status {
            status: 403,
            body: json!({"message": "Missing Permissions", "code": 50013}),
        },
        routes::CHANNEL_MESSAGE,
        1,
    );
    assert_eq!(
        notifier.post(guides, &reminder).await,
        Err(SendError::NoAccess)
    );
    assert!(matches!(
        notifier.post(0, &reminder).await,
        Err(SendError::Refused(_))
    ));
    assert_eq!(
        fake.posts_in(guides).len(),
        1,
        "refused posts are not stored"
    );
    // Mentions in the text ping nobody.
    fake.assert_no_violations();
}
