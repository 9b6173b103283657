//! What most end-to-end scenarios start with and read their answers with: the fake Discord,
//! the bot and its database, two members; an answer's embed and title; a message the bot
//! never sent.

use serde_json::{json, Value};

use super::{BotProcess, FakeDiscord, Response, TestUser};

/// The usual start of a scenario: the fake Discord, `funnel-coach run` against it, a
/// connection to the bot's database, and two members of the first server, alice and bob.
pub async fn scene() -> (
    FakeDiscord,
    BotProcess,
    sqlx::SqlitePool,
    TestUser,
    TestUser,
) {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let pool = db(&bot).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    (fake, bot, pool, alice, bob)
}

/// A connection to the bot's database, to check what it stored.
pub async fn db(bot: &BotProcess) -> sqlx::SqlitePool {
    sqlx::SqlitePool::connect(&bot.database_url).await.unwrap()
}

/// The first embed of what the member sees.
pub fn embed(r: &Response) -> Value {
    r.embeds()
        .first()
        .cloned()
        .unwrap_or_else(|| panic!("{}: no embed in {:?}", r.label, r.answer))
}

/// The first embed's title, empty when there is none.
pub fn title(r: &Response) -> String {
    r.embeds()
        .first()
        .and_then(|e| e["title"].as_str())
        .unwrap_or("")
        .to_owned()
}

/// The short test id (`T-…`) in a text.
pub fn short_id(text: &str) -> String {
    let re = regex::Regex::new(r"T-[0-9A-Z]{4,12}").unwrap();
    re.find(text)
        .unwrap_or_else(|| panic!("no test id in {text:?}"))
        .as_str()
        .to_owned()
}

/// A message the bot never sent, carrying a component a member could forge: a button, or a
/// select menu offering `select_value`.
pub fn forged(custom_id: &str, select_value: Option<&str>) -> Value {
    let component = match select_value {
        None => json!({"type": 2, "style": 2, "label": "Go", "custom_id": custom_id}),
        Some(v) => json!({"type": 3, "custom_id": custom_id,
                          "options": [{"label": "x", "value": v}]}),
    };
    json!({
        "id": "1299999999999999999",
        "channel_id": "1200000000000000201",
        "type": 0,
        "content": "",
        "author": {"id": "1200000000000000001", "username": "funnel-coach", "discriminator": "0", "avatar": null, "bot": true},
        "embeds": [],
        "attachments": [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": false,
        "pinned": false,
        "tts": false,
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "flags": 64,
        "components": [{"type": 1, "components": [component]}],
    })
}
