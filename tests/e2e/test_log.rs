//! End to end: `/test`, `/stats`, `/privacy` and the "Log a test from this" button, through the
//! real `funnel-coach run` binary against the fake Discord in tests/support. Every request the
//! bot sends is checked against Discord's limits (`assert_no_violations`).

use crate::support;

use std::time::Duration;

use funnel_coach::test_log::TestId;
use serde_json::{json, Value};
use support::{
    db, embed, forged, short_id, title, BotEnv, BotProcess, FakeDiscord, Response, TestUser,
};

/// Logs a test with `/test log` and returns its short id.
async fn log(fake: &FakeDiscord, guild: u64, user: &TestUser, change: &str) -> String {
    let r = fake
        .slash_in(
            guild,
            user,
            "test log",
            json!({"lever": "Hook", "change": change,
                   "impressions": "12.5k", "clicks": "310", "orders": "4"}),
        )
        .await
        .unwrap();
    assert!(r.ephemeral(), "{}", r.text());
    assert!(title(&r).contains("is logged"), "{}", r.text());
    short_id(&title(&r))
}

async fn count_tests(pool: &sqlx::SqlitePool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM tests")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_logs_a_test_from_a_decode_and_gets_an_honest_before_and_after() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");

    let decoded = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "12.5k", "clicks": "310", "orders": "4"}),
        )
        .await
        .unwrap();
    let button = format!("fc:tl:{}:12500:310:4", alice.id);
    assert!(
        decoded.custom_ids().contains(&button),
        "{:?}",
        decoded.custom_ids()
    );
    assert!(decoded
        .button_labels()
        .contains(&"Log a test from this".to_owned()));
    let message = decoded.message();

    // Somebody else's decode: the button says whose it is and logs nothing.
    let theirs = fake.click(&bob, &message, &button).await.unwrap();
    assert!(theirs.ephemeral());
    assert!(
        theirs.text().contains("member who ran this /decode"),
        "{}",
        theirs.text()
    );

    // The button keeps working after a crash: its numbers are in the custom_id.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let menu = fake.click(&alice, &message, &button).await.unwrap();
    assert!(menu.ephemeral());
    assert!(
        menu.text()
            .contains("12,500 impressions, 310 clicks, 4 orders"),
        "{}",
        menu.text()
    );
    let select = "fc:tlv:12500:310:4";
    assert!(menu.custom_ids().contains(&select.to_owned()));
    let options = menu.component_list()[0]["options"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(options, 9, "one option per lever");

    let modal = fake
        .select(&alice, &menu.message(), select, vec!["offer"])
        .await
        .unwrap();
    assert_eq!(modal.modal()["title"], "Log a test: Offer");
    assert_eq!(modal.modal_fields()[0].0, "change");
    let logged = fake
        .submit_modal(
            &alice,
            &modal,
            vec![(
                "change",
                "Say the price and shipping out loud in the first 5 seconds",
            )],
        )
        .await
        .unwrap();
    assert!(logged.ephemeral());
    let id = short_id(&title(&logged));
    let text = logged.text();
    assert!(
        text.contains("12,500 impressions, 310 clicks, 4 orders"),
        "{text}"
    );
    assert!(
        text.contains("/test result") && text.contains(&id),
        "{text}"
    );

    // Days later (and after another restart): the autocomplete offers the open test.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let choices = fake
        .autocomplete(&alice, "test result", "test", "", json!({}))
        .await
        .unwrap();
    assert_eq!(choices.len(), 1, "{choices:?}");
    assert_eq!(choices[0].1, json!(id));
    assert!(
        choices[0].0.contains("Offer") && choices[0].0.contains("Say the price"),
        "{choices:?}"
    );

    let result = fake
        .slash(
            &alice,
            "test result",
            json!({"test": id, "impressions": "12,000", "clicks": "300", "orders": "12",
                   "note": "posted at 7pm both times"}),
        )
        .await
        .unwrap();
    assert!(result.ephemeral());
    let text = result.text();
    assert!(text.contains("A step went up"), "{text}");
    assert!(text.contains("1.29%") && text.contains("4.00%"), "{text}");
    assert!(text.contains("Clearly up"), "{text}");
    assert!(text.contains("+2.71 points"), "{text}");
    assert!(text.contains("Not clear yet"), "CTR barely moved: {text}");
    assert!(text.contains("what changed, not why"), "{text}");
    assert!(text.contains("posted at 7pm"), "{text}");

    // A finished test leaves the autocomplete, and a second result is refused.
    let choices = fake
        .autocomplete(&alice, "test result", "test", "", json!({}))
        .await
        .unwrap();
    assert!(choices.is_empty(), "{choices:?}");
    let again = fake
        .slash(
            &alice,
            "test result",
            json!({"test": id, "impressions": "1", "clicks": "1", "orders": "1"}),
        )
        .await
        .unwrap();
    assert!(
        again.ephemeral() && again.text().contains("already has a result"),
        "{}",
        again.text()
    );

    let shown = fake
        .slash(&alice, "test show", json!({"test": id}))
        .await
        .unwrap();
    assert!(shown.text().contains("A step went up"), "{}", shown.text());
    fake.assert_no_violations();
}

#[tokio::test]
async fn test_log_checks_input_like_decode_and_refused_input_writes_nothing() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let pool = db(&bot).await;

    for (options, expect) in [
        (
            json!({"lever": "Hook", "change": "new hook", "impressions": "12.5k", "clicks": "310"}),
            "all three numbers",
        ),
        (
            json!({"lever": "Hook", "change": "new hook", "impressions": "12.5k", "clicks": "2%", "orders": "4"}),
            "percentage",
        ),
        (
            json!({"lever": "Hook", "change": "new hook", "impressions": "300", "clicks": "12500", "orders": "4"}),
            "more clicks",
        ),
        (
            json!({"lever": "Hook", "change": "   "}),
            "Describe the change",
        ),
    ] {
        let r = fake
            .slash(&alice, "test log", options.clone())
            .await
            .unwrap();
        assert!(r.ephemeral(), "{options}");
        assert!(r.text().contains(expect), "{options}: {}", r.text());
    }
    assert_eq!(count_tests(&pool).await, 0, "refused input wrote nothing");

    // Without before numbers the test is logged, and the reply says a result can't compare.
    let r = fake
        .slash(
            &alice,
            "test log",
            json!({"lever": "Call to action (CTA)", "change": "Ask people to tap the orange cart"}),
        )
        .await
        .unwrap();
    assert!(
        r.text().contains("didn't add numbers from before"),
        "{}",
        r.text()
    );
    assert_eq!(count_tests(&pool).await, 1);
    let id = short_id(&title(&r));

    // A result with bad numbers changes nothing; a good one says there is nothing to compare.
    let bad = fake
        .slash(
            &alice,
            "test result",
            json!({"test": id, "impressions": "1k", "clicks": "ten", "orders": "0"}),
        )
        .await
        .unwrap();
    assert!(bad.text().contains("not a number"), "{}", bad.text());
    let status: String = sqlx::query_scalar("SELECT status FROM tests")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "open");
    for typed in ["nonsense", "T-0000", "'; DROP TABLE tests; --"] {
        let r = fake
            .slash(
                &alice,
                "test result",
                json!({"test": typed, "impressions": "1", "clicks": "1", "orders": "1"}),
            )
            .await
            .unwrap();
        assert!(
            r.ephemeral() && title(&r) == "That didn't work",
            "{typed}: {}",
            r.text()
        );
    }
    let ok = fake
        .slash(
            &alice,
            "test result",
            json!({"test": id, "impressions": "1k", "clicks": "20", "orders": "1"}),
        )
        .await
        .unwrap();
    assert!(ok.text().contains("nothing to compare"), "{}", ok.text());
    assert_eq!(count_tests(&pool).await, 1);

    // A pop-up with only spaces logs nothing either. (Format 1 is the plain-text choice, by
    // its value: the name Discord shows comes from prompts/ui.toml.)
    let decoded = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "10000", "clicks": "400", "orders": "40", "format": 1}),
        )
        .await
        .unwrap();
    let button = format!("fc:tl:{}:10000:400:40", alice.id);
    assert!(
        decoded.custom_ids().contains(&button),
        "the text answer has the button too"
    );
    let menu = fake
        .click(&alice, &decoded.message(), &button)
        .await
        .unwrap();
    let modal = fake
        .select(&alice, &menu.message(), "fc:tlv:10000:400:40", vec!["hook"])
        .await
        .unwrap();
    let empty = fake
        .submit_modal(&alice, &modal, vec![("change", "   ")])
        .await
        .unwrap();
    assert!(
        empty.ephemeral() && empty.text().contains("Describe the change"),
        "{}",
        empty.text()
    );
    assert_eq!(count_tests(&pool).await, 1);
    fake.assert_no_violations();
}

#[tokio::test]
async fn the_list_pages_with_buttons_that_survive_a_restart() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let guild = fake.guild_id();
    let mut ids = Vec::new();
    for i in 0..7 {
        ids.push(log(&fake, guild, &alice, &format!("hook number {i}")).await);
    }
    let first = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(first.ephemeral());
    let e = embed(&first);
    let description = e["description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("**{}**", ids[6])),
        "newest first: {description}"
    );
    assert!(!description.contains(&ids[1]), "page 1 holds 5 tests");
    assert!(e["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("Page 1 of 2"));
    assert_eq!(first.button_labels(), ["Next"]);

    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let second = fake
        .click(&alice, &first.message(), "fc:tp:1")
        .await
        .unwrap();
    assert_eq!(second.kind, 7, "the list message is updated in place");
    let description = embed(&second)["description"].as_str().unwrap().to_owned();
    assert!(
        description.contains(&ids[1]) && description.contains(&ids[0]),
        "{description}"
    );
    assert_eq!(second.button_labels(), ["Previous"]);

    let opened = fake
        .select(&alice, &second.message(), "fc:to", vec![ids[0].as_str()])
        .await
        .unwrap();
    assert!(opened.ephemeral());
    assert!(opened.text().contains("hook number 0"), "{}", opened.text());
    assert!(
        opened.text().contains("Waiting for your after numbers"),
        "{}",
        opened.text()
    );

    let empty = fake
        .slash(&fake.user("bob"), "test list", json!({}))
        .await
        .unwrap();
    assert!(
        empty.text().contains("haven't logged a test"),
        "{}",
        empty.text()
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn delete_asks_first_and_exports_are_private_files() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let guild = fake.guild_id();
    let keep = log(
        &fake,
        guild,
        &alice,
        "=HYPERLINK(\"http://evil\",\"click me\")",
    )
    .await;
    let gone = log(&fake, guild, &alice, "Show the product, then the price").await;

    let ask = fake
        .slash(&alice, "test delete", json!({"test": gone}))
        .await
        .unwrap();
    assert!(ask.ephemeral());
    assert_eq!(title(&ask), format!("Delete {gone}?"));
    assert_eq!(ask.button_labels(), ["Delete it", "Keep it"]);
    let kept = fake.click(&alice, &ask.message(), "fc:tk").await.unwrap();
    assert_eq!(title(&kept), "Nothing was deleted");
    assert!(kept.components().is_empty(), "the buttons are gone");
    let pool = db(&bot).await;
    assert_eq!(count_tests(&pool).await, 2);

    let ask = fake
        .slash(&alice, "test delete", json!({"test": gone}))
        .await
        .unwrap();
    let delete_id = ask
        .custom_ids()
        .into_iter()
        .find(|c| c.starts_with("fc:td:"))
        .unwrap();
    let deleted = fake
        .click(&alice, &ask.message(), &delete_id)
        .await
        .unwrap();
    assert_eq!(title(&deleted), format!("{gone} is deleted"));
    assert_eq!(count_tests(&pool).await, 1);
    // The update took the buttons off the message, so the member can't click Delete again.
    assert!(
        deleted.components().is_empty(),
        "{:?}",
        deleted.components()
    );
    let gone_button = match fake.click(&alice, &ask.message(), &delete_id).await {
        Ok(r) => panic!("the Delete button can still be clicked (HTTP {})", r.status),
        Err(e) => e,
    };
    assert!(gone_button.0.contains("has no component"), "{gone_button}");
    // A click replayed from a stale copy of the message finds nothing to delete, and says so.
    let replayed = fake
        .click(&alice, &forged(&delete_id, None), &delete_id)
        .await
        .unwrap();
    assert!(
        replayed.ephemeral() && replayed.text().contains("couldn't find"),
        "{}",
        replayed.text()
    );
    assert_eq!(count_tests(&pool).await, 1);
    let shown = fake
        .slash(&alice, "test show", json!({"test": gone}))
        .await
        .unwrap();
    assert!(shown.text().contains("couldn't find"), "{}", shown.text());

    let export = fake.slash(&alice, "test export", json!({})).await.unwrap();
    assert!(export.ephemeral());
    let files = export.files();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].filename, "my-tests.csv");
    let csv = String::from_utf8(files[0].data.clone()).unwrap();
    assert!(csv.starts_with("test,lever,change,status"), "{csv}");
    assert!(csv.contains(&keep) && !csv.contains(&gone), "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"click me\"\")\""),
        "neutralised: {csv}"
    );
    assert!(csv.contains("12500,310,4"), "{csv}");

    let mine = fake
        .slash(&alice, "privacy export", json!({}))
        .await
        .unwrap();
    assert!(mine.ephemeral());
    assert_eq!(mine.files()[0].filename, "my-data.json");
    let data: Value = serde_json::from_slice(&mine.files()[0].data).unwrap();
    assert_eq!(data["user_id"], json!(alice.id.to_string()));
    let tests = data["tests"]
        .as_array()
        .or_else(|| data["tables"]["tests"].as_array())
        .unwrap();
    assert_eq!(tests.len(), 1);
    assert_eq!(tests[0]["before_impressions"], json!(12_500));
    fake.assert_no_violations();
}

#[tokio::test]
async fn forget_asks_first_then_deletes_every_row_about_the_member_and_says_what() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let (a, b) = (fake.guild_id(), fake.other_guild_id());
    log(&fake, a, &alice, "one").await;
    log(&fake, a, &alice, "two").await;
    log(&fake, b, &alice, "in the other server").await;
    log(&fake, a, &bob, "bob's").await;
    let pool = db(&bot).await;

    let ask = fake
        .slash(&alice, "privacy forget", json!({}))
        .await
        .unwrap();
    assert!(ask.ephemeral());
    assert!(ask.text().contains("logged tests: 2"), "{}", ask.text());
    let kept = fake.click(&alice, &ask.message(), "fc:pk").await.unwrap();
    assert_eq!(title(&kept), "Nothing was deleted");
    assert_eq!(count_tests(&pool).await, 4);

    let ask = fake
        .slash(&alice, "privacy forget", json!({}))
        .await
        .unwrap();
    let done = fake.click(&alice, &ask.message(), "fc:pf").await.unwrap();
    assert_eq!(title(&done), "Your data is deleted");
    assert!(done.text().contains("logged tests: 2"), "{}", done.text());
    assert_eq!(
        count_tests(&pool).await,
        2,
        "bob's test and alice's in the other server stay"
    );
    let list = fake.slash(&alice, "test list", json!({})).await.unwrap();
    assert!(
        list.text().contains("haven't logged a test"),
        "{}",
        list.text()
    );
    let elsewhere = fake
        .slash_in(b, &alice, "test list", json!({}))
        .await
        .unwrap();
    assert!(
        elsewhere.text().contains("in the other server"),
        "{}",
        elsewhere.text()
    );
    let nothing = fake
        .slash(&alice, "privacy forget", json!({}))
        .await
        .unwrap();
    assert_eq!(title(&nothing), "Nothing to delete");
    assert!(nothing.components().is_empty());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_member_never_reaches_another_members_tests_or_another_servers() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let (a, b) = (fake.guild_id(), fake.other_guild_id());
    let alices = log(&fake, a, &alice, "alice's secret hook").await;
    let alices_elsewhere = log(&fake, b, &alice, "alice in the second shop").await;
    let bobs = log(&fake, a, &bob, "bob's hook").await;
    let pool = db(&bot).await;
    let row_id = TestId::parse(&alices).unwrap().0;

    // Bob's autocomplete, list and export only hold his own test.
    for command in ["test result", "test show", "test delete"] {
        let choices = fake
            .autocomplete(&bob, command, "test", "", json!({}))
            .await
            .unwrap();
        let values: Vec<&Value> = choices.iter().map(|(_, v)| v).collect();
        assert_eq!(values, [&json!(bobs)], "{command}");
    }
    let list = fake.slash(&bob, "test list", json!({})).await.unwrap();
    assert!(
        list.text().contains(&bobs) && !list.text().contains(&alices),
        "{}",
        list.text()
    );
    let export = fake.slash(&bob, "test export", json!({})).await.unwrap();
    let csv = String::from_utf8(export.files()[0].data.clone()).unwrap();
    assert!(!csv.contains("alice"), "{csv}");

    // Typing Alice's id by hand gets Bob nothing, and changes nothing.
    for (command, options) in [
        ("test show", json!({"test": alices})),
        ("test delete", json!({"test": alices})),
        (
            "test result",
            json!({"test": alices, "impressions": "1", "clicks": "1", "orders": "1", "note": "hijacked"}),
        ),
    ] {
        let r = fake.slash(&bob, command, options).await.unwrap();
        assert!(r.ephemeral(), "{command}");
        assert!(
            r.text().contains("couldn't find"),
            "{command}: {}",
            r.text()
        );
        assert!(
            !r.text().contains("alice's secret"),
            "{command}: {}",
            r.text()
        );
    }

    // Hand-made interactions carrying Alice's test: a delete button, the list's menu, her
    // decode button.
    let r = fake
        .click(
            &bob,
            &forged(&format!("fc:td:{row_id}"), None),
            &format!("fc:td:{row_id}"),
        )
        .await
        .unwrap();
    assert!(r.text().contains("couldn't find"), "{}", r.text());
    let r = fake
        .select(
            &bob,
            &forged("fc:to", Some(&alices)),
            "fc:to",
            vec![alices.as_str()],
        )
        .await
        .unwrap();
    assert!(
        r.text().contains("couldn't find") && !r.text().contains("secret"),
        "{}",
        r.text()
    );
    let decode_button = format!("fc:tl:{}:100:10:1", alice.id);
    let r = fake
        .click(&bob, &forged(&decode_button, None), &decode_button)
        .await
        .unwrap();
    assert!(
        r.text().contains("member who ran this /decode"),
        "{}",
        r.text()
    );
    let garbage = "fc:td:99999999999999999999";
    let r = fake
        .click(&bob, &forged(garbage, None), garbage)
        .await
        .unwrap();
    assert!(
        r.ephemeral() && r.text().contains("older message"),
        "{}",
        r.text()
    );

    let (status, note): (String, Option<String>) =
        sqlx::query_as("SELECT status, note FROM tests WHERE id = ?")
            .bind(row_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), note),
        ("open", None),
        "alice's test is untouched"
    );
    assert_eq!(count_tests(&pool).await, 3);

    // Alice's other server shows only what she logged there.
    let there = fake
        .slash_in(b, &alice, "test list", json!({}))
        .await
        .unwrap();
    assert!(
        there.text().contains(&alices_elsewhere) && !there.text().contains(&alices),
        "{}",
        there.text()
    );
    let r = fake
        .slash_in(b, &alice, "test show", json!({"test": alices}))
        .await
        .unwrap();
    assert!(r.text().contains("couldn't find"), "{}", r.text());
    let choices = fake
        .autocomplete_with(
            support::Place::Guild(b),
            &alice,
            "test result",
            "test",
            "",
            json!({}),
        )
        .await
        .unwrap()
        .choices();
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].1, json!(alices_elsewhere));
    let stats = fake
        .slash_in(b, &alice, "stats me", json!({}))
        .await
        .unwrap();
    assert_eq!(field(&stats, "Tests logged"), "1");
    fake.assert_no_violations();
}

fn field(r: &Response, name: &str) -> String {
    embed(r)["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {}", r.text()))
        .to_owned()
}

#[tokio::test]
async fn stats_show_own_progress_and_server_counts_only_to_moderators() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start(&fake).await;
    let (alice, bob, moderator) = (fake.user("alice"), fake.user("bob"), fake.user("mod"));
    let guild = fake.guild_id();

    let empty = fake.slash(&alice, "stats me", json!({})).await.unwrap();
    assert!(
        empty.ephemeral() && empty.text().contains("haven't logged a test"),
        "{}",
        empty.text()
    );

    let first = log(&fake, guild, &alice, "show the product first").await;
    log(&fake, guild, &alice, "bigger text on the price").await;
    log(&fake, guild, &bob, "bob's change").await;
    fake.slash(
        &alice,
        "test result",
        json!({"test": first, "impressions": "12000", "clicks": "300", "orders": "12"}),
    )
    .await
    .unwrap();
    fake.slash(&alice, "define", json!({"term": "ctor"}))
        .await
        .unwrap();
    fake.slash(&alice, "define", json!({"term": "refund speed"}))
        .await
        .unwrap();
    // Answered by typo correction: counted as a lookup of the entry and as a correction.
    let typo = fake
        .slash(&bob, "define", json!({"term": "comision"}))
        .await
        .unwrap();
    assert!(typo.text().contains("closest match"), "{}", typo.text());

    // /define counts a lookup just after it answers: wait until all are on disk.
    let pool = db(&bot).await;
    for _ in 0..200 {
        let counted: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM glossary_lookups) + (SELECT count(*) FROM glossary_misses) + (SELECT count(*) FROM glossary_typos)",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        if counted == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }

    let mine = fake.slash(&alice, "stats me", json!({})).await.unwrap();
    assert!(mine.ephemeral());
    assert_eq!(field(&mine, "Tests logged"), "2");
    assert_eq!(field(&mine, "Tests with a result"), "1");
    assert_eq!(field(&mine, "Tests where a step clearly went up"), "1");
    assert_eq!(field(&mine, "Weeks in a row with a test"), "1");

    // Members are refused /mod stats, privately, even where an admin let them see /mod.
    fake.set_command_overrides(true);
    let refused = fake.slash(&alice, "mod stats", json!({})).await.unwrap();
    assert!(refused.ephemeral());
    assert!(
        refused.text().contains("Only moderators"),
        "{}",
        refused.text()
    );

    let server = fake
        .slash(&moderator, "mod stats", json!({}))
        .await
        .unwrap();
    assert!(server.ephemeral());
    assert_eq!(field(&server, "Members who logged a test or a result"), "2");
    assert_eq!(field(&server, "Tests logged"), "3");
    assert_eq!(field(&server, "Results recorded"), "1");
    assert!(field(&server, "Most looked-up terms (all time)").contains("Product CTOR"));
    assert!(field(
        &server,
        "Terms members asked for that the glossary doesn't have"
    )
    .contains("refund"));
    let typos = field(
        &server,
        "Answers I guessed from a typo (check they are right)",
    );
    assert!(
        typos.contains("comision") && typos.contains("Commission") && typos.contains(": 1"),
        "{typos}"
    );
    let text = server.text();
    for private in ["show the product", "12,500", "alice", "bob", &first] {
        assert!(!text.contains(private), "{private:?} leaked: {text}");
    }
    fake.assert_no_violations();
}

/// What became of one `/test log` of the burst that the bot answered before it was killed.
enum Answer {
    /// Discord took the bot's reply; its text.
    Shown(String),
    /// Discord refused the bot's reply (HTTP status, Discord's error code): a broken limit
    /// (400, 50035), a late reply (10062)…
    Refused(u16, Option<i64>),
}

/// A `kill -9` ends the bot but leaves the operating system's page cache alone, so this proves
/// that a test is committed to `SQLite` before its confirmation is sent, not that it reached the
/// disk (fsync). Power loss is covered by `synchronous=FULL`, which can't be tested here.
#[tokio::test]
async fn every_confirmed_test_survives_a_kill_9_in_the_middle_of_a_burst() {
    const BURST: usize = 60;
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let bob = fake.user("bob");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut tasks = Vec::new();
    for i in 0..BURST {
        let fake = fake.clone();
        let user = if i % 2 == 0 {
            alice.clone()
        } else {
            bob.clone()
        };
        let tx = tx.clone();
        tasks.push(tokio::spawn(async move {
            // Sent one after another, 5 ms apart, like a busy channel.
            tokio::time::sleep(Duration::from_millis(5 * i as u64)).await;
            // Every fifth one is refused (clicks above impressions) and must write nothing.
            let bad_input = i % 5 == 4;
            let options = json!({"lever": "Proof", "change": format!("burst change {i}"),
                "impressions": if bad_input { "10" } else { "5000" }, "clicks": "100", "orders": "2"});
            // An error here is a command the killed bot never answered.
            if let Ok(r) = fake.slash(&user, "test log", options).await {
                let answer = if r.is_success() {
                    Answer::Shown(r.text())
                } else {
                    Answer::Refused(r.status, r.error_code)
                };
                let _ = tx.send((i, user.id, bad_input, answer));
            }
        }));
    }
    drop(tx);
    // Kill the bot as soon as a third of the burst has been answered.
    let mut answered = Vec::new();
    while answered.len() < BURST / 3 {
        match rx.recv().await {
            Some(a) => answered.push(a),
            None => break,
        }
    }
    bot.kill_hard().await;
    for t in &tasks {
        t.abort();
    }
    while let Ok(a) = rx.try_recv() {
        answered.push(a);
    }
    bot.restart().await;
    fake.wait_ready().await.unwrap();

    // Every reply the bot sent before the kill was one Discord accepts.
    let refused_by_discord: Vec<String> = answered
        .iter()
        .filter_map(|(i, _, _, a)| match a {
            Answer::Refused(status, code) => Some(format!("#{i}: HTTP {status}, code {code:?}")),
            Answer::Shown(_) => None,
        })
        .collect();
    assert!(
        refused_by_discord.is_empty(),
        "Discord refused replies: {refused_by_discord:?}"
    );
    let shown: Vec<(usize, u64, bool, &str)> = answered
        .iter()
        .filter_map(|(i, user, bad_input, a)| match a {
            Answer::Shown(text) => Some((*i, *user, *bad_input, text.as_str())),
            Answer::Refused(..) => None,
        })
        .collect();
    for (i, _, bad_input, text) in &shown {
        if *bad_input {
            assert!(text.contains("more clicks"), "#{i}: {text}");
        } else {
            assert!(text.contains("is logged"), "#{i}: {text}");
        }
    }
    let confirmed: Vec<(usize, u64, String)> = shown
        .iter()
        .filter(|(_, _, bad_input, _)| !bad_input)
        .map(|(i, user, _, text)| (*i, *user, short_id(text)))
        .collect();
    assert!(!confirmed.is_empty());
    let pool = db(&bot).await;
    for (i, user, short) in &confirmed {
        let id = TestId::parse(short).unwrap().0;
        let row: Option<(String, i64)> =
            sqlx::query_as("SELECT change, user_id FROM tests WHERE id = ?")
                .bind(id)
                .fetch_optional(&pool)
                .await
                .unwrap();
        assert_eq!(
            row,
            Some((format!("burst change {i}"), i64::try_from(*user).unwrap())),
            "confirmed test {short} was lost"
        );
    }
    // The restarted bot serves them too.
    let (i, user, short) = &confirmed[0];
    let owner = if *user == alice.id { &alice } else { &bob };
    let served = fake
        .slash(owner, "test show", json!({"test": short}))
        .await
        .unwrap();
    assert!(
        served.text().contains(&format!("burst change {i}")),
        "{}",
        served.text()
    );
    // Refused input never reached the database.
    let refused: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM tests WHERE CAST(substr(change, 14) AS INTEGER) % 5 = 4",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(refused, 0);
    let stored = count_tests(&pool).await;
    assert!(stored >= i64::try_from(confirmed.len()).unwrap());
    let refusals = shown
        .iter()
        .filter(|(_, _, bad_input, _)| *bad_input)
        .count();
    eprintln!(
        "burst of {BURST}: {} answered before kill -9 ({} confirmations, {refusals} refusals \
         of bad input), {} not answered; {stored} tests on disk after restart, every confirmed \
         one among them",
        shown.len(),
        confirmed.len(),
        BURST - answered.len()
    );
    // The commands in flight when the bot died expire after Discord's 3 s (whether that is
    // before this line depends on the machine's load): the members see "did not respond", by
    // design of a kill. Only those, and no more of them than went unanswered.
    let expired = fake.take_violations();
    assert!(
        expired
            .iter()
            .all(|v| v.contains("no first response within the 3000 ms deadline")),
        "{expired:?}"
    );
    assert!(expired.len() <= BURST - answered.len(), "{expired:?}");
    fake.assert_no_violations();
}
