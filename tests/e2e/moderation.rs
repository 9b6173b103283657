//! End to end: `/mod` through the real binary and the fake Discord. Members never see it and
//! are refused on every subcommand even where an admin let them see it; moderators post
//! guides, write, change and delete this server's own guides, set the decode targets (and
//! `/decode` follows them), the guide channel and the time zone; every change is listed with
//! who made it; one server's guides and settings never show in another; everything survives a
//! restart; the bot welcomes a server it joins, once.

use crate::support;

use serde_json::{json, Value};
use support::model::GuildFixture;
use support::{BotEnv, BotProcess, FakeDiscord, Response};

fn field(r: &Response, name: &str) -> String {
    r.embeds()[0]["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {}", r.text()))
        .to_owned()
}

fn titles(messages: &[Value]) -> Vec<String> {
    messages
        .iter()
        .flat_map(|m| m["embeds"].as_array().cloned().unwrap_or_default())
        .map(|e| e["title"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// A pop-up's pre-filled values by input id.
fn prefilled(modal: &Response) -> Vec<(String, String)> {
    modal.modal()["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .map(|c| {
            (
                c["custom_id"].as_str().unwrap_or("").to_owned(),
                c["value"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn members_never_reach_mod_and_moderators_post_guides() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, moderator) = (fake.user("alice"), fake.user("mod"));
    let guild = fake.guild_id();
    let guides = fake.channel_in(guild, "guides");
    let general = fake.channel_in(guild, "general");

    // Discord hides /mod from members (default_member_permissions), not from moderators.
    assert!(!fake.can_use(guild, &alice, "mod"));
    assert!(fake.can_use(guild, &moderator, "mod"));

    // An admin overrode that: the bot still refuses every subcommand, privately.
    fake.set_command_overrides(true);
    for (command, options) in [
        (
            "mod guide post",
            json!({"guide": "ctr-vs-ctor", "channel": "#guides"}),
        ),
        ("mod guide add", json!({})),
        ("mod guide edit", json!({"guide": "ctr-vs-ctor"})),
        ("mod guide delete", json!({"guide": "ctr-vs-ctor"})),
        (
            "mod guide upload",
            json!({"file": {"filename": "g.md", "content": "# Mine\n\nText", "content_type": "text/markdown"}}),
        ),
        ("mod settings show", json!({})),
        ("mod settings thresholds", json!({"ctr": "5", "ctor": "5"})),
        ("mod settings guide-channel", json!({"channel": "#guides"})),
        (
            "mod settings timezone",
            json!({"timezone": "Europe/Berlin"}),
        ),
        ("mod stats", json!({})),
    ] {
        let r = fake.slash(&alice, command, options).await.unwrap();
        assert!(r.ephemeral(), "{command}");
        assert!(
            r.text().contains("Only moderators"),
            "{command}: {}",
            r.text()
        );
    }
    assert!(fake.channel_messages(guides).is_empty(), "nothing posted");
    let shown = fake
        .slash(&moderator, "mod settings show", json!({}))
        .await
        .unwrap();
    assert!(field(&shown, "Decode targets").contains("Product CTR 1% · Product CTOR 2%"));
    assert!(
        field(&shown, "Recent changes").contains("No changes"),
        "nothing changed"
    );

    // A moderator posts a built-in guide in #guides: every section arrives, publicly.
    let posted = fake
        .slash(
            &moderator,
            "mod guide post",
            json!({"guide": "clicks-no-orders", "channel": "#guides"}),
        )
        .await
        .unwrap();
    assert!(posted.ephemeral());
    let said = posted.text();
    assert!(said.contains("Posted **Clicks but no orders**"), "{said}");
    let in_guides = fake.channel_messages(guides);
    assert_eq!(
        titles(&in_guides),
        [
            "Clicks but no orders",
            "First, make sure it is a real problem",
            "Then look at what buyers see after the tap",
            "Pick one thing to change"
        ]
    );
    let link = format!("https://discord.com/channels/{guild}/{guides}/");
    assert!(
        said.contains(&link),
        "the confirmation links the post: {said}"
    );
    for m in &in_guides {
        assert_eq!(m["flags"].as_u64().unwrap_or(0) & 64, 0, "public");
    }

    // Where the bot can't post, or a channel of another server: refused, nothing posted.
    let read_only = fake
        .slash(
            &moderator,
            "mod guide post",
            json!({"guide": "clicks-no-orders", "channel": "#announcements"}),
        )
        .await
        .unwrap();
    assert!(
        read_only.text().contains("I can't post in"),
        "{}",
        read_only.text()
    );
    let elsewhere = fake.channel_in(fake.other_guild_id(), "guides");
    let other = fake
        .slash(
            &moderator,
            "mod guide post",
            json!({"guide": "clicks-no-orders", "channel": elsewhere.to_string()}),
        )
        .await
        .unwrap();
    assert!(
        other.text().contains("isn't a text channel of this server"),
        "{}",
        other.text()
    );
    let refused_channel = fake
        .slash(
            &moderator,
            "mod settings guide-channel",
            json!({"channel": "#announcements"}),
        )
        .await
        .unwrap();
    assert!(refused_channel.text().contains("I can't post in"));
    assert!(fake
        .channel_messages(fake.channel_in(guild, "announcements"))
        .is_empty());

    // With a guide channel set, a post without a channel goes there, not here.
    let set = fake
        .slash(
            &moderator,
            "mod settings guide-channel",
            json!({"channel": "#guides"}),
        )
        .await
        .unwrap();
    assert!(
        set.text().contains(&format!("<#{guides}>")),
        "{}",
        set.text()
    );
    let before = fake.channel_messages(guides).len();
    fake.slash(
        &moderator,
        "mod guide post",
        json!({"guide": "Reading CTR and CTOR"}),
    )
    .await
    .unwrap();
    assert!(fake.channel_messages(guides).len() > before);
    let public_here: Vec<Value> = fake
        .channel_messages(general)
        .into_iter()
        .filter(|m| m["flags"].as_u64().unwrap_or(0) & 64 == 0)
        .collect();
    assert!(
        !titles(&public_here).contains(&"Reading CTR and CTOR".to_owned()),
        "not posted here"
    );

    // The time zone: a name from the list, or refused.
    let zones = fake
        .autocomplete(
            &moderator,
            "mod settings timezone",
            "timezone",
            "berl",
            json!({}),
        )
        .await
        .unwrap();
    assert_eq!(zones.first().map(|z| z.0.as_str()), Some("Europe/Berlin"));
    let bad_zone = fake
        .slash(
            &moderator,
            "mod settings timezone",
            json!({"timezone": "Berlin"}),
        )
        .await
        .unwrap();
    assert!(
        bad_zone.text().contains("isn't a time zone name"),
        "{}",
        bad_zone.text()
    );
    fake.slash(
        &moderator,
        "mod settings timezone",
        json!({"timezone": "europe/berlin"}),
    )
    .await
    .unwrap();

    // Every change is listed with who made it.
    let shown = fake
        .slash(&moderator, "mod settings show", json!({}))
        .await
        .unwrap();
    let who = format!("<@{}>", moderator.id);
    assert!(field(&shown, "Guide channel").contains(&format!("<#{guides}>")));
    assert!(field(&shown, "Guide channel").contains(&who));
    assert!(field(&shown, "Default time zone").contains("Europe/Berlin"));
    let recent = field(&shown, "Recent changes");
    assert!(
        recent.contains("Guide posted: Reading CTR and CTOR"),
        "{recent}"
    );
    assert!(recent.contains("Time zone: Europe/Berlin"), "{recent}");
    let stats = fake
        .slash(&moderator, "mod stats", json!({}))
        .await
        .unwrap();
    assert!(field(&stats, "Recent changes").contains("Time zone: Europe/Berlin"));
    fake.assert_no_violations();
}

#[tokio::test]
async fn thresholds_change_what_decode_says_and_bad_ones_change_nothing() {
    let fake = FakeDiscord::start().await;
    // Registered globally: both servers have the commands.
    let mut bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let (alice, moderator) = (fake.user("alice"), fake.user("mod"));
    // CTR 1.2% (likely 1.13%–1.27%): fine against 1%, weak against 1.5%.
    let numbers = json!({"impressions": "100000", "clicks": "1200", "orders": "60"});
    let headline = |r: &Response| r.embeds()[0]["title"].as_str().unwrap_or("").to_owned();
    let before = fake.slash(&alice, "decode", numbers.clone()).await.unwrap();
    assert!(
        headline(&before).contains("healthy"),
        "{}",
        headline(&before)
    );

    for (ctr, ctor, says) in [
        ("0", "2", "must be above 0%"),
        ("60", "2", "can be at most 50%"),
        ("abc", "2", "must be a percentage"),
        ("1.5", "-2", "must be above 0%"),
    ] {
        let r = fake
            .slash(
                &moderator,
                "mod settings thresholds",
                json!({"ctr": ctr, "ctor": ctor}),
            )
            .await
            .unwrap();
        assert!(r.ephemeral());
        assert!(r.text().contains(says), "{ctr}/{ctor}: {}", r.text());
    }
    let same = fake.slash(&alice, "decode", numbers.clone()).await.unwrap();
    assert_eq!(
        headline(&same),
        headline(&before),
        "refusals changed nothing"
    );

    let set = fake
        .slash(
            &moderator,
            "mod settings thresholds",
            json!({"ctr": "1.5%", "ctor": "2"}),
        )
        .await
        .unwrap();
    assert!(
        set.text().contains("Product CTR with 1.5%"),
        "{}",
        set.text()
    );
    let after = fake.slash(&alice, "decode", numbers.clone()).await.unwrap();
    assert!(
        headline(&after).contains("before the click"),
        "{}",
        headline(&after)
    );
    assert!(after.text().contains("1.5% target"), "{}", after.text());

    // Kept across a restart; the other server keeps its own targets.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let again = fake.slash(&alice, "decode", numbers.clone()).await.unwrap();
    assert_eq!(headline(&again), headline(&after));
    let other = fake
        .slash_with(
            support::Place::Guild(fake.other_guild_id()),
            &alice,
            "decode",
            numbers,
        )
        .await
        .unwrap();
    assert_eq!(headline(&other), headline(&before));
    fake.assert_no_violations();
}

#[tokio::test]
async fn server_guides_are_added_edited_deleted_and_stay_in_their_server() {
    let fake = FakeDiscord::start().await;
    // Registered globally: both servers have the commands.
    let mut bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let (alice, moderator) = (fake.user("alice"), fake.user("mod"));
    let other_guild = support::Place::Guild(fake.other_guild_id());

    // Add: a pop-up with a title and a body.
    let modal = fake
        .slash(&moderator, "mod guide add", json!({}))
        .await
        .unwrap();
    assert_eq!(
        modal
            .modal_fields()
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["title", "body"]
    );
    let body = "## Rule one\n\nPost once a day. @everyone reads this.\n\n## Rule two\n\nOne test at a time.";
    let saved = fake
        .submit_modal(
            &moderator,
            &modal,
            vec![("title", "Our posting rules"), ("body", body)],
        )
        .await
        .unwrap();
    assert!(saved.ephemeral());
    assert!(
        saved.text().contains("Saved **Our posting rules**"),
        "{}",
        saved.text()
    );

    // Members see it here, marked as this server's, and open it; not in the other server.
    let list = fake.slash(&alice, "guide list", json!({})).await.unwrap();
    assert!(
        list.text()
            .contains("**Our posting rules**: Post once a day."),
        "{}",
        list.text()
    );
    assert!(list.text().contains("(from this server)"));
    let shown = fake
        .slash(&alice, "guide show", json!({"guide": "our posting rules"}))
        .await
        .unwrap();
    let embeds = shown.embeds();
    let shown_titles: Vec<&str> = embeds.iter().filter_map(|e| e["title"].as_str()).collect();
    assert_eq!(shown_titles, ["Rule one", "Rule two"]);
    let elsewhere = fake
        .slash_with(other_guild, &alice, "guide list", json!({}))
        .await
        .unwrap();
    assert!(!elsewhere.text().contains("Our posting rules"));

    // A second guide with the same title is refused; nothing changes.
    let again = fake
        .slash(&moderator, "mod guide add", json!({}))
        .await
        .unwrap();
    let taken = fake
        .submit_modal(
            &moderator,
            &again,
            vec![("title", "OUR POSTING RULES"), ("body", "Something else")],
        )
        .await
        .unwrap();
    assert!(
        taken.text().contains("already has a guide called"),
        "{}",
        taken.text()
    );

    // Edit opens the pop-up filled in; saving changes it. Kept across a restart.
    let edit = fake
        .slash(
            &moderator,
            "mod guide edit",
            json!({"guide": "Our posting rules"}),
        )
        .await
        .unwrap();
    let filled = prefilled(&edit);
    assert_eq!(filled[0], ("title".into(), "Our posting rules".into()));
    assert_eq!(filled[1], ("body".into(), body.into()));
    let new_body = body.replace("once a day", "twice a week");
    fake.submit_modal(&moderator, &edit, vec![("body", new_body.as_str())])
        .await
        .unwrap();
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let shown = fake
        .slash(&alice, "guide show", json!({"guide": "Our posting rules"}))
        .await
        .unwrap();
    assert!(shown.text().contains("twice a week"), "{}", shown.text());

    // Editing a built-in guide makes this server's version, which replaces it here only.
    let builtin = fake
        .slash(
            &moderator,
            "mod guide edit",
            json!({"guide": "ctr-vs-ctor"}),
        )
        .await
        .unwrap();
    assert_eq!(prefilled(&builtin)[0].1, "Reading CTR and CTOR");
    fake.submit_modal(
        &moderator,
        &builtin,
        vec![(
            "body",
            "Our own take: CTR is taps, CTOR is orders after taps.",
        )],
    )
    .await
    .unwrap();
    let list = fake.slash(&alice, "guide list", json!({})).await.unwrap();
    assert_eq!(list.text().matches("Reading CTR and CTOR").count(), 1);
    let ours = fake
        .slash(
            &alice,
            "guide show",
            json!({"guide": "Reading CTR and CTOR"}),
        )
        .await
        .unwrap();
    assert!(ours.text().contains("Our own take"), "{}", ours.text());
    let theirs = fake
        .slash_with(
            other_guild,
            &alice,
            "guide show",
            json!({"guide": "Reading CTR and CTOR"}),
        )
        .await
        .unwrap();
    assert!(!theirs.text().contains("Our own take"));

    // Delete: built-in guides can't be; a server guide after a confirmation button.
    let no = fake
        .slash(
            &moderator,
            "mod guide delete",
            json!({"guide": "clicks-no-orders"}),
        )
        .await
        .unwrap();
    assert!(no.text().contains("built-in guide"), "{}", no.text());
    let ask = fake
        .slash(
            &moderator,
            "mod guide delete",
            json!({"guide": "Our posting rules"}),
        )
        .await
        .unwrap();
    assert_eq!(ask.button_labels(), ["Delete it", "Keep it"]);
    let delete_id = ask.custom_ids()[0].clone();
    // A member who got hold of the button is refused and nothing goes.
    fake.set_command_overrides(true);
    let forged = fake
        .click(&alice, &ask.message(), &delete_id)
        .await
        .unwrap();
    assert!(
        forged.text().contains("Only moderators"),
        "{}",
        forged.text()
    );
    let still = fake.slash(&alice, "guide list", json!({})).await.unwrap();
    assert!(still.text().contains("Our posting rules"));
    let done = fake
        .click(&moderator, &ask.message(), &delete_id)
        .await
        .unwrap();
    assert!(
        done.text().contains("Deleted **Our posting rules**"),
        "{}",
        done.text()
    );
    let gone = fake.slash(&alice, "guide list", json!({})).await.unwrap();
    assert!(!gone.text().contains("Our posting rules"));
    let shown = fake
        .slash(&moderator, "mod settings show", json!({}))
        .await
        .unwrap();
    let recent = field(&shown, "Recent changes");
    for line in [
        "Guide added: Our posting rules",
        "Guide deleted: Our posting rules",
        "Guide edited: Reading CTR and CTOR",
    ] {
        assert!(recent.contains(line), "{line} in {recent}");
    }
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_server_the_bot_joins_is_welcomed_once() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    // A third server, like the first, with its own ids.
    let base = 1_200_000_000_000_020_000u64;
    let welcome_channel = base + 201;
    let joined = GuildFixture::joining(base + 103, "Third Shop", welcome_channel);
    // The servers it was already in at start got no welcome.
    for channel in ["general", "guides"] {
        assert!(fake
            .channel_messages(fake.channel_in(fake.guild_id(), channel))
            .is_empty());
    }
    fake.join_guild(joined).unwrap();
    let mut posted = Vec::new();
    for _ in 0..100 {
        posted = fake.channel_messages(welcome_channel);
        if !posted.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(posted.len(), 1, "one welcome");
    let text = posted[0]["embeds"][0]["description"].as_str().unwrap_or("");
    assert!(
        text.contains("/decode") && text.contains("/mod settings"),
        "{text}"
    );
    for _ in 0..100 {
        if bot.logs_contain("posted the welcome") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(bot.logs_contain("posted the welcome"));

    // A restart (the server now arrives with the others at start): no second welcome.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(fake.channel_messages(welcome_channel).len(), 1);
    fake.assert_no_violations();
}

fn md(filename: &str, content: &str) -> Value {
    json!({"filename": filename, "content": content, "content_type": "text/markdown; charset=utf-8"})
}

#[tokio::test]
async fn a_long_uploaded_guide_is_posted_whole_and_a_same_title_upload_asks_first() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let moderator = fake.user("mod");
    let guides = fake.channel_in(fake.guild_id(), "guides");

    // About 9,000 characters in six sections, with a code block and a list.
    let section = "Keep the same product and offer while you test one thing. ".repeat(25);
    let mut long =
        String::from("+++\ntitle = \"Community playbook\"\n+++\nWelcome to the playbook.\n\n");
    for i in 1..=6 {
        long.push_str(&format!(
            "## Part {i}\n\n{section}\n\n- first check\n- second check\n\n```\nstep {i}\n```\n\n"
        ));
    }
    assert!(long.chars().count() > 9_000, "{}", long.chars().count());
    let saved = fake
        .slash(
            &moderator,
            "mod guide upload",
            json!({"file": md("playbook.md", &long)}),
        )
        .await
        .unwrap();
    assert!(saved.ephemeral());
    assert!(
        saved
            .text()
            .contains("Saved **Community playbook** from your file"),
        "{}",
        saved.text()
    );

    fake.slash(
        &moderator,
        "mod guide post",
        json!({"guide": "Community playbook", "channel": "#guides"}),
    )
    .await
    .unwrap();
    let posted = fake.channel_messages(guides);
    assert!(
        posted.len() >= 2,
        "a guide this long takes more than one message"
    );
    let shown: Vec<String> = titles(&posted)
        .into_iter()
        .filter(|t| t.starts_with("Part"))
        .collect();
    let expected: Vec<String> = (1..=6).map(|i| format!("Part {i}")).collect();
    assert_eq!(shown, expected, "every section arrives, in order");
    let text: String = posted
        .iter()
        .flat_map(|m| m["embeds"].as_array().cloned().unwrap_or_default())
        .map(|e| e["description"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        text.matches("Keep the same product").count(),
        6 * 25,
        "nothing lost"
    );

    // The same title again: the bot asks, then replaces.
    let again = fake
        .slash(
            &moderator,
            "mod guide upload",
            json!({"file": md("v2.md", "# Community playbook\n\nShorter now.")}),
        )
        .await
        .unwrap();
    assert_eq!(again.button_labels(), ["Replace it", "Keep it"]);
    let replace = again.custom_ids()[0].clone();
    let done = fake
        .click(&moderator, &again.message(), &replace)
        .await
        .unwrap();
    assert!(
        done.text().contains("Saved **Community playbook**"),
        "{}",
        done.text()
    );
    let shown = fake
        .slash(
            &moderator,
            "guide show",
            json!({"guide": "Community playbook"}),
        )
        .await
        .unwrap();
    assert!(shown.text().contains("Shorter now."), "{}", shown.text());
    assert!(!shown.text().contains("Keep the same product"));

    // Not Markdown, broken front matter: refused, nothing stored.
    let before = fake.attachment_downloads();
    let picture = fake
        .slash(
            &moderator,
            "mod guide upload",
            json!({"file": {"filename": "guide.png", "content": "x", "content_type": "image/png"}}),
        )
        .await
        .unwrap();
    assert!(
        picture.text().contains("Attach a Markdown file"),
        "{}",
        picture.text()
    );
    assert_eq!(
        fake.attachment_downloads(),
        before,
        "refused before downloading"
    );
    let broken = fake
        .slash(
            &moderator,
            "mod guide upload",
            json!({"file": md("broken.md", "+++\ntitle = \"Half\"\nNo closing line")}),
        )
        .await
        .unwrap();
    assert!(
        broken.text().contains("no closing +++"),
        "{}",
        broken.text()
    );
    let list = fake
        .slash(&moderator, "guide list", json!({}))
        .await
        .unwrap();
    assert!(!list.text().contains("Half"));
    fake.assert_no_violations();
}

/// The welcome is recorded pending before it is posted: a post that failed (a 500 here, as a
/// `kill -9` between the record and the post would leave it) is posted by the welcome sweep
/// once its lease runs out; a process killed after the post but before it was settled posts
/// it again with the same nonce, which Discord keeps to one message. One welcome, either way.
#[tokio::test]
async fn a_welcome_left_pending_is_posted_later_and_only_once() {
    use support::fake::{routes, Fault};
    let fake = FakeDiscord::start().await;
    let env = BotEnv::dev(&fake).with_env("REMINDER_LEASE_SECS", "2");
    let mut bot = BotProcess::start_with(&fake, &env).await;
    let pool = support::db(&bot).await;
    let base = 1_200_000_000_000_040_000u64;
    let (guild, channel) = (base + 103, base + 201);
    let joined = GuildFixture::joining(guild, "Fourth Shop", channel);
    let pending = |pool: sqlx::SqlitePool| async move {
        sqlx::query_scalar::<_, Option<i64>>(
            "SELECT lease_until FROM welcomed_guilds WHERE guild_id = ?",
        )
        .bind(i64::try_from(guild).unwrap())
        .fetch_one(&pool)
        .await
        .unwrap()
        .is_some()
    };
    fake.inject(Fault::server_error(), routes::CHANNEL_MESSAGE, 1);
    fake.join_guild(joined).unwrap();
    let mut posted = Vec::new();
    for _ in 0..300 {
        posted = fake.channel_messages(channel);
        if !posted.is_empty() && !pending(pool.clone()).await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(posted.len(), 1, "posted once, after the failure");
    assert!(bot.logs_contain("posting a welcome left pending"));
    assert!(!pending(pool.clone()).await, "settled");

    // Killed after the post and before it was settled: pending, its lease run out.
    bot.kill_hard().await;
    sqlx::query("UPDATE welcomed_guilds SET lease_until = 0 WHERE guild_id = ?")
        .bind(i64::try_from(guild).unwrap())
        .execute(&pool)
        .await
        .unwrap();
    let repeats = fake.nonce_repeats();
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    for _ in 0..300 {
        if !pending(pool.clone()).await {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!pending(pool.clone()).await, "settled again");
    assert_eq!(
        fake.nonce_repeats(),
        repeats + 1,
        "posted again, same nonce"
    );
    assert_eq!(fake.channel_messages(channel).len(), 1, "still one welcome");
    fake.assert_no_violations();
}
