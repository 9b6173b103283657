//! End to end: "Decode this", the message command, through the real binary and the fake
//! Discord. A helper long-presses a member's message → Apps → Decode this: the numbers are
//! decoded privately with the `/decode` card and its chart; unsure numbers open a pop-up first,
//! filled with what was read; Share in channel replies to the message pinging nobody; a
//! channel the bot may not post in, a message with no numbers and a forged button are each
//! answered privately, with nothing posted.

use crate::support;

use serde_json::{json, Value};
use support::{embed, title, BotEnv, BotProcess, FakeDiscord, Place, Response};

const NAME: &str = "Decode this";

/// The labels of a private answer's buttons.
fn labels(r: &Response) -> Vec<String> {
    r.button_labels()
}

/// The custom id of the button labelled `label`.
fn button(r: &Response, label: &str) -> String {
    r.component_list()
        .iter()
        .find(|c| c["label"] == label)
        .and_then(|c| c["custom_id"].as_str())
        .unwrap_or_else(|| panic!("no button {label:?} in {:?}", r.button_labels()))
        .to_owned()
}

/// What a pop-up's box starts with: (label, value, placeholder) by its id.
fn boxes(r: &Response) -> Vec<(String, String, String, String)> {
    r.modal()["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let input = &row["components"][0];
            let s = |k: &str| input[k].as_str().unwrap_or("").to_owned();
            (s("custom_id"), s("label"), s("value"), s("placeholder"))
        })
        .collect()
}

fn posts_in(fake: &FakeDiscord, channel: u64) -> Vec<Value> {
    fake.posts_in(channel)
}

#[tokio::test]
async fn a_members_message_is_decoded_privately_with_the_card_and_its_chart() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, bob, moderator) = (fake.user("alice"), fake.user("bob"), fake.user("mod"));
    let command = fake
        .commands()
        .into_iter()
        .find(|c| c.name() == NAME)
        .expect("Decode this is registered with the other commands");
    assert_eq!(command.kind(), 3, "a message command");
    // The server's targets apply, as for /decode.
    let r = fake
        .slash(
            &moderator,
            "mod settings thresholds",
            json!({"ctr": "5", "ctor": "2"}),
        )
        .await
        .unwrap();
    assert!(r.ephemeral());

    let general = fake.channel_id();
    let asked = fake.member_message(
        &bob,
        Place::Channel(general),
        "my lip oil vid got 8.4k views, 190 product clicks and 2 orders, what am I doing wrong?? <@1200000000000000011>",
        &[],
    );
    let r = fake.message_command(&alice, NAME, &asked).await.unwrap();
    assert_eq!(r.kind, 4, "answered at once");
    assert!(r.ephemeral(), "only the helper sees it");
    assert_eq!(
        r.content(),
        "From the message: 8.4k views → 190 product clicks → 2 orders"
    );
    // The same card /decode gives for these numbers, with this server's 5% target.
    let typed = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "8400", "clicks": "190", "orders": "2", "private": true}),
        )
        .await
        .unwrap();
    assert_eq!(embed(&r), embed(&typed));
    assert!(r.text().contains("the 5% target"), "{}", r.text());
    assert_eq!(r.files().len(), 1, "the chart");
    assert_eq!(r.files()[0].filename, "funnel.png");
    assert_eq!(embed(&r)["image"]["url"], "attachment://funnel.png");
    assert_eq!(
        labels(&r),
        ["What to check", "Log a test from this", "Share in channel"]
    );
    // Nothing in the channel, and nobody pinged: neither the author nor the mention.
    assert!(posts_in(&fake, general).is_empty());
    assert_eq!(r.data["allowed_mentions"]["parse"], json!([]));
    // The checklist and Log-a-test buttons work as under /decode.
    let checklist = fake
        .click(&alice, &r.message(), &button(&r, "What to check"))
        .await
        .unwrap();
    assert_eq!(title(&checklist), "What to check");
    fake.assert_no_violations();
}

#[tokio::test]
async fn unsure_numbers_open_a_popup_filled_with_what_was_read_then_the_answer() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let here = Place::Channel(fake.channel_id());

    // Bare numbers going down: taken in order only once confirmed.
    let bare = fake.member_message(&bob, here, "my numbers: 12.5k, 310, 4 😅", &[]);
    let popup = fake.message_command(&alice, NAME, &bare).await.unwrap();
    assert_eq!(popup.kind, 9, "the pop-up is the first response");
    assert_eq!(popup.modal()["title"], "Check the numbers");
    let filled = boxes(&popup);
    let values: Vec<&str> = filled.iter().map(|b| b.2.as_str()).collect();
    assert_eq!(values, ["12,500", "310", "4", ""]);
    let answer = fake.submit_modal(&alice, &popup, vec![]).await.unwrap();
    assert!(answer.ephemeral());
    assert!(
        title(&answer).contains("Not enough data"),
        "{}",
        title(&answer)
    );
    assert_eq!(answer.files().len(), 1, "with its chart");
    assert!(labels(&answer).contains(&"Share in channel".to_owned()));

    // One missing: its box is empty and says so; the member types it, the answer follows.
    let missing = fake.member_message(&bob, here, "30k views 900 clicks, is that good?", &[]);
    let popup = fake.message_command(&alice, NAME, &missing).await.unwrap();
    let filled = boxes(&popup);
    assert_eq!(filled[0].2, "30,000");
    assert_eq!(filled[1].2, "900");
    assert_eq!(filled[2].2, "");
    assert_eq!(filled[2].3, "Not in the message: type it, like 310");
    let answer = fake
        .submit_modal(&alice, &popup, vec![("orders", "3")])
        .await
        .unwrap();
    assert_eq!(title(&answer), "People click, but few of them order");

    // A count that is not one: the box is empty, says why; what is typed is checked as
    // /decode checks it, and a mistake is said privately.
    let broken = fake.member_message(&bob, here, "views 12.5, clicks 300, sold 4", &[]);
    let popup = fake.message_command(&alice, NAME, &broken).await.unwrap();
    let filled = boxes(&popup);
    assert_eq!(filled[0].2, "");
    assert_eq!(filled[0].3, "“12.5” is not a count: type a whole number");
    let wrong = fake
        .submit_modal(&alice, &popup, vec![("impressions", "2%")])
        .await
        .unwrap();
    assert!(wrong.ephemeral());
    assert_eq!(title(&wrong), "Those numbers need a fix");
    assert!(
        wrong.text().contains("looks like a percentage"),
        "{}",
        wrong.text()
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn share_in_channel_replies_to_the_message_pinging_nobody_even_after_a_restart() {
    let fake = FakeDiscord::start().await;
    let mut bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let general = fake.channel_id();
    let asked = fake.member_message(
        &bob,
        Place::Channel(general),
        "30k views 900 clicks 3 items sold?? @everyone help",
        &[],
    );
    let r = fake.message_command(&alice, NAME, &asked).await.unwrap();
    assert!(
        r.content()
            .contains("You wrote items sold, so I used that for orders."),
        "{}",
        r.content()
    );
    // The share button's state is in its id: it works after a restart.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let shared = fake
        .click(&alice, &r.message(), &button(&r, "Share in channel"))
        .await
        .unwrap();
    let posts = fake.wait_posts_in(general, 1).await.unwrap();
    let post = &posts[0];
    assert_eq!(post["type"], 19, "a reply");
    assert_eq!(post["message_reference"]["message_id"], asked["id"]);
    assert_eq!(post["referenced_message"]["author"]["username"], "bob");
    assert_eq!(post["mentions"], json!([]), "the author is not pinged");
    assert_eq!(post["embeds"][0], {
        let mut e = embed(&r);
        e["image"] = post["embeds"][0]["image"].clone();
        e
    });
    assert_eq!(post["embeds"][0]["image"]["url"], "attachment://funnel.png");
    assert_eq!(post["attachments"][0]["filename"], "funnel.png");
    assert!(
        post["content"]
            .as_str()
            .unwrap()
            .starts_with("You wrote items sold"),
        "{post}"
    );
    // In the channel only the checklist button: Log a test stays with the helper.
    let buttons: Vec<&str> = post["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|b| b["label"].as_str())
        .collect();
    assert_eq!(buttons, ["What to check"]);
    let request = fake
        .requests_matching(support::routes::CHANNEL_MESSAGE)
        .pop()
        .unwrap();
    let body = request.body.unwrap();
    assert_eq!(body["allowed_mentions"]["replied_user"], false);
    assert_eq!(body["allowed_mentions"]["parse"], json!([]));
    // The private answer says it was shared, and can't be shared twice.
    assert_eq!(shared.kind, 7);
    assert!(shared
        .content()
        .ends_with("Shared in the channel, as a reply to the message."));
    assert!(!labels(&shared).contains(&"Share in channel".to_owned()));
    assert_eq!(shared.files().len(), 1, "the chart stays");
    fake.assert_no_violations();
}

#[tokio::test]
async fn where_the_bot_may_not_post_the_helper_is_told_privately() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    // The bot's role may not send messages in #announcements; members may.
    let announcements = fake.channel("announcements");
    let asked = fake.member_message(
        &bob,
        Place::Channel(announcements),
        "15k views 210 clicks 3 orders",
        &[],
    );
    let r = fake.message_command(&alice, NAME, &asked).await.unwrap();
    assert!(r.ephemeral());
    assert_eq!(r.files().len(), 1);
    let refused = fake
        .click(&alice, &r.message(), &button(&r, "Share in channel"))
        .await
        .unwrap();
    assert!(refused.ephemeral());
    assert_eq!(title(&refused), "I can't post here");
    assert!(refused
        .text()
        .contains("not allowed to send messages in this channel"));
    assert!(fake.posts_in(announcements).is_empty());
    // A message deleted in the meantime: nothing to reply to, said privately.
    let general = fake.channel_id();
    let gone = fake.member_message(
        &bob,
        Place::Channel(general),
        "15k views 210 clicks 3 orders",
        &[],
    );
    let r = fake.message_command(&alice, NAME, &gone).await.unwrap();
    fake.delete_message(&gone);
    let refused = fake
        .click(&alice, &r.message(), &button(&r, "Share in channel"))
        .await
        .unwrap();
    assert_eq!(
        embed(&refused)["description"],
        "That message is no longer there, so there is nothing to reply to."
    );
    assert!(fake.posts_in(general).is_empty());
    // The refused reply is the fake's 400; nothing else broke a rule.
    let seen = fake.take_violations();
    assert!(
        seen.iter().all(|v| v.contains("message_reference")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn a_message_with_no_numbers_gets_a_private_line_with_an_example() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    let general = fake.channel_id();
    let asked = fake.member_message(
        &bob,
        Place::Channel(general),
        "can someone look at my funnel? posted 3 vids this week 🙃",
        &[],
    );
    let r = fake.message_command(&alice, NAME, &asked).await.unwrap();
    assert_eq!(r.kind, 4);
    assert!(r.ephemeral());
    assert_eq!(title(&r), "No numbers to decode");
    assert!(
        r.text().contains("`12.5k views, 310 clicks, 4 orders`"),
        "{}",
        r.text()
    );
    assert!(r.files().is_empty() && r.component_list().is_empty());
    assert!(fake.posts_in(general).is_empty());
    fake.assert_no_violations();
}

#[tokio::test]
async fn other_numbers_in_the_message_get_buttons_that_decode_them() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    // Numbers in an embed's description count too (a bot's or a link's card).
    let asked = fake.member_message(
        &bob,
        Place::Channel(fake.channel_id()),
        "which one should I fix first?",
        &["Vid 1: 10k views, 200 clicks, 3 orders\nVid 2: 20k views, 1,000 clicks, 3 orders"],
    );
    let r = fake.message_command(&alice, NAME, &asked).await.unwrap();
    assert_eq!(
        r.content(),
        "From the message: 10k views → 200 clicks → 3 orders\nThe message has more numbers: tap one below to decode it."
    );
    let other = button(&r, "Decode 20k views → 1,000 clicks → 3 orders");
    let second = fake.click(&alice, &r.message(), &other).await.unwrap();
    assert!(second.ephemeral());
    assert_eq!(title(&second), "People click, but few of them order");
    assert_eq!(second.files().len(), 1);
    assert!(labels(&second).contains(&"Share in channel".to_owned()));
    // After sharing the first, the button for the second is still there.
    let shared = fake
        .click(&alice, &r.message(), &button(&r, "Share in channel"))
        .await
        .unwrap();
    assert!(shared.custom_ids().contains(&other));
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_forged_button_is_refused_and_nothing_is_posted() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");
    let general = fake.channel_id();
    for forged in [
        "fc:dts:1299999999999999999:10:20:3:-:-:extra",
        "fc:dts:1299999999999999999:99999999999999:2:1:-:-",
        "fc:dto:0:1:1:1:-:-",
        "fc:dtm:1299999999999999999:u",
    ] {
        let r = fake
            .click(&alice, &support::forged(forged, None), forged)
            .await
            .unwrap();
        assert!(r.ephemeral(), "{forged}");
        assert!(
            r.text().contains("That button is from an older message"),
            "{forged}: {}",
            r.text()
        );
    }
    assert!(fake.posts_in(general).is_empty());
    fake.assert_no_violations();
}

#[tokio::test]
async fn it_works_in_direct_messages_with_the_bot_when_registered_globally() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let alice = fake.user("alice");
    let command = fake
        .commands()
        .into_iter()
        .find(|c| c.name() == NAME)
        .unwrap();
    assert!(command.guild_id.is_none(), "global");
    let mine = fake.member_message(&alice, Place::Dm, "18k views 350 clicks 7 orders", &[]);
    let r = fake.message_command(&alice, NAME, &mine).await.unwrap();
    assert!(r.ephemeral());
    assert_eq!(r.files().len(), 1);
    // No server: no test log and nothing to share.
    assert_eq!(labels(&r), ["What to check"]);
    fake.assert_no_violations();
}
