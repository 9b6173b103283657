//! End to end: `/drill`, its answers, "Next drill", `/stats me` and `/privacy`, through the
//! real `funnel-coach run` binary against the fake Discord in tests/support. Every request the
//! bot sends is checked against Discord's limits (`assert_no_violations`).

use crate::support;

use funnel_coach::drill::generate::counts;
use funnel_coach::funnel::{decode, Thresholds, Verdict};
use funnel_coach::render::components::{ComponentId, DrillId};
use funnel_coach::render::format::{count, percent};
use serde_json::{json, Value};
use support::{db, forged, scene, title, BotEnv, BotProcess, FakeDiscord, Response, TestUser};

/// The drill's answer buttons: (`custom_id`, the answer it gives, whether it is right: what the
/// decoder says of the numbers in the button, with the default targets).
fn answers(r: &Response) -> Vec<(String, Verdict, bool)> {
    r.custom_ids()
        .into_iter()
        .filter_map(|id| match DrillId::parse(&id)? {
            DrillId::Answer { drill, given, .. } => {
                let right = decode(counts(drill.counts), Thresholds::default()).verdict;
                Some((id, given, given == right))
            }
            DrillId::Next { .. } | DrillId::NextDm { .. } => None,
        })
        .collect()
}

fn right(r: &Response) -> String {
    answers(r).into_iter().find(|a| a.2).unwrap().0
}

fn wrong(r: &Response) -> String {
    answers(r).into_iter().find(|a| !a.2).unwrap().0
}

async fn drill(fake: &FakeDiscord, user: &TestUser, share: bool) -> Response {
    let options = if share {
        json!({"share": true})
    } else {
        json!({})
    };
    let r = fake.slash(user, "drill", options).await.unwrap();
    assert_eq!(
        title(&r),
        "Drill: where is this funnel weak?",
        "{}",
        r.text()
    );
    r
}

async fn attempts(pool: &sqlx::SqlitePool, user: &TestUser) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM drill_attempts WHERE user_id = ?")
        .bind(i64::try_from(user.id).unwrap())
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_member_answers_right_and_wrong_once_each_and_sees_it_in_stats() {
    let (fake, _bot, pool, alice, _) = scene().await;

    let first = drill(&fake, &alice, false).await;
    assert!(first.ephemeral(), "private by default");
    assert_eq!(
        first.button_labels(),
        [
            "Before the click",
            "After the click",
            "Both steps",
            "Healthy",
            "Not enough data"
        ]
    );
    let text = first.text();
    let numbers = regex::Regex::new(r"impressions [\d,]+ · clicks [\d,]+ · orders [\d,]+").unwrap();
    assert!(numbers.is_match(&text), "{text}");
    // It asks where the funnel is weak, naming the five answers, not which step to fix first.
    assert!(
        text.contains("Where is this funnel weak: before the click, after the click, both steps"),
        "{text}"
    );
    let ids = answers(&first);
    assert_eq!(ids.len(), 5);
    assert_eq!(
        ids.iter().filter(|a| a.2).count(),
        1,
        "exactly one right answer"
    );
    let prefix = format!("fc:dra:{}:p:", alice.id);
    assert!(
        ids.iter()
            .all(|a| a.0.starts_with(&prefix) && a.0.len() <= 100),
        "{ids:?}"
    );

    // The right answer: named with its button's words, explained with rates and ranges.
    let (right_id, right_verdict, _) = ids.iter().find(|a| a.2).cloned().unwrap();
    let label = first.button_labels()[Verdict::ALL
        .iter()
        .position(|v| *v == right_verdict)
        .unwrap()]
    .clone();
    let answer = fake
        .click(&alice, &first.message(), &right_id)
        .await
        .unwrap();
    assert!(answer.ephemeral());
    assert_eq!(title(&answer), format!("Right: {label}"));
    let text = answer.text();
    assert!(
        text.contains("Product CTR · clicks ÷ impressions"),
        "{text}"
    );
    assert!(text.contains("Product CTOR · orders ÷ clicks"), "{text}");
    assert!(
        text.contains("likely between") && text.contains("target"),
        "{text}"
    );
    assert!(text.contains("How to spot it"), "{text}");
    // Explained in this drill's own numbers (a rate or count on screen), in plain words.
    let Some(DrillId::Answer { drill: shown, .. }) = DrillId::parse(&right_id) else {
        panic!("{right_id}")
    };
    let d = decode(counts(shown.counts), Thresholds::default());
    let description = answer.embeds()[0]["description"]
        .as_str()
        .unwrap()
        .to_owned();
    let rate = |s: &funnel_coach::funnel::Step| percent(s.rate.unwrap().value);
    assert!(
        [
            format!("**{}**", rate(&d.ctr)),
            format!("**{}**", rate(&d.ctor)),
            count(shown.counts[0]),
            count(shown.counts[1]),
        ]
        .iter()
        .any(|n| description.contains(n.as_str())),
        "{description}"
    );
    let jargon = regex::Regex::new(r"(^|[^\d.])95%|Wilson|interval|confidence").unwrap();
    assert!(!jargon.is_match(&text), "{text}");
    assert_eq!(answer.button_labels(), ["Next drill"]);
    assert_eq!(attempts(&pool, &alice).await, 1);

    // A second click, on the same or another answer, changes nothing and says so.
    for again in [right_id.clone(), wrong(&first)] {
        let twice = fake.click(&alice, &first.message(), &again).await.unwrap();
        assert!(twice.ephemeral());
        assert_eq!(
            title(&twice),
            "You already answered this one",
            "{}",
            twice.text()
        );
        assert!(
            twice.text().contains(&format!("You picked **{label}**")),
            "{}",
            twice.text()
        );
    }
    assert_eq!(attempts(&pool, &alice).await, 1);

    // Next drill, answered wrong.
    let next_id = format!("fc:drn:{}", alice.id);
    assert_eq!(answer.custom_ids(), std::slice::from_ref(&next_id));
    let second = fake
        .click(&alice, &answer.message(), &next_id)
        .await
        .unwrap();
    assert_eq!(title(&second), "Drill: where is this funnel weak?");
    assert!(second.ephemeral());
    let miss = fake
        .click(&alice, &second.message(), &wrong(&second))
        .await
        .unwrap();
    assert!(
        title(&miss).starts_with("Not quite: it's "),
        "{}",
        miss.text()
    );
    assert!(miss.text().contains("You picked **"), "{}", miss.text());
    assert_eq!(attempts(&pool, &alice).await, 2);

    let stats = fake.slash(&alice, "stats me", json!({})).await.unwrap();
    assert!(stats.ephemeral());
    let text = stats.text();
    assert!(text.contains("2 answered, 1 right (50.0%)"), "{text}");
    assert!(text.contains("Right, by the correct answer"), "{text}");
    // The two drills' right answers are drawn at random: the same verdict twice, or two.
    assert!(
        text.contains(": 1 of 2") || (text.contains(": 1 of 1") && text.contains(": 0 of 1")),
        "{text}"
    );
    assert!(text.contains("What to practise"), "{text}");
    assert!(text.contains("1 in a row now, best 1"), "{text}");
    assert!(text.contains("Days follow UTC time."), "{text}");

    // Moderators see how many drills were answered here, and nobody's answers.
    let moderator = fake.user("mod");
    let server = fake
        .slash(&moderator, "mod stats", json!({}))
        .await
        .unwrap();
    let drills = server.embeds()[0]["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == "Drills answered"))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(drills, "2", "{}", server.text());

    // With a server time zone set, the streak's days follow it.
    fake.slash(
        &moderator,
        "mod settings timezone",
        json!({"timezone": "Asia/Tokyo"}),
    )
    .await
    .unwrap();
    let stats = fake.slash(&alice, "stats me", json!({})).await.unwrap();
    assert!(stats.text().contains("Asia/Tokyo"), "{}", stats.text());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_shared_drill_counts_for_each_member_and_works_after_a_kill_9() {
    let (fake, mut bot, pool, alice, bob) = scene().await;

    let shared = drill(&fake, &alice, true).await;
    assert!(!shared.ephemeral(), "share:true posts it for everyone");
    assert!(answers(&shared).iter().all(|a| a.0.contains(":s:")));

    // Bob answers Alice's drill: his own private answer, his own count.
    let bobs = fake
        .click(&bob, &shared.message(), &wrong(&shared))
        .await
        .unwrap();
    assert!(bobs.ephemeral());
    assert!(title(&bobs).starts_with("Not quite"), "{}", bobs.text());
    assert_eq!(bobs.custom_ids(), [format!("fc:drn:{}", bob.id)]);
    assert_eq!(
        (attempts(&pool, &alice).await, attempts(&pool, &bob).await),
        (0, 1)
    );

    // The bot is killed and started again: the buttons still hold the whole drill.
    bot.restart().await;
    fake.wait_ready().await.unwrap();
    let alices = fake
        .click(&alice, &shared.message(), &right(&shared))
        .await
        .unwrap();
    assert!(title(&alices).starts_with("Right: "), "{}", alices.text());
    assert_eq!(
        (attempts(&pool, &alice).await, attempts(&pool, &bob).await),
        (1, 1)
    );
    let again = fake
        .click(&bob, &shared.message(), &right(&shared))
        .await
        .unwrap();
    assert_eq!(title(&again), "You already answered this one");
    assert_eq!(attempts(&pool, &bob).await, 1);
    fake.assert_no_violations();
}

#[tokio::test]
async fn forged_and_cut_drill_buttons_get_a_private_refusal_and_change_nothing() {
    let (fake, _bot, pool, alice, bob) = scene().await;
    let a = alice.id;
    // Bob's own id, so what is refused below is the drill itself, not whose it is.
    let b = bob.id;

    let cases = [
        // Alice's private drill, clicked by Bob.
        (
            format!("fc:dra:{a}:p:42:ring-new-post:1800:40:0:nd"),
            "sent to another member only",
        ),
        (format!("fc:drn:{a}"), "sent to another member only"),
        // The same private drill with `p` edited to `s`: the message is still Alice's own.
        (
            format!("fc:dra:{a}:s:42:ring-new-post:1800:40:0:nd"),
            "sent to another member only",
        ),
        // Owners Discord never makes: 0, or past what the database stores.
        (
            "fc:dra:0:s:42:ring-new-post:1800:40:0:nd".to_owned(),
            "doesn't hold a drill",
        ),
        (
            "fc:dra:18446744073709551615:s:42:ring-new-post:1800:40:0:nd".to_owned(),
            "doesn't hold a drill",
        ),
        // A scenario that does not exist.
        (
            format!("fc:dra:{b}:s:42:no-such-scenario:1800:40:0:nd"),
            "doesn't hold a drill",
        ),
        // Numbers outside the scenario's ranges (impressions 1,000 to 2,500).
        (
            format!("fc:dra:{b}:s:42:ring-new-post:999999:40:0:nd"),
            "doesn't hold a drill",
        ),
        // Orders above clicks (each count in its own range).
        (
            format!("fc:dra:{b}:s:42:cable-small-live:1000:20:21:nd"),
            "doesn't hold a drill",
        ),
        (
            format!("fc:dra:{b}:s:42:wallet-one-order:4000:5000:1:nd"),
            "doesn't hold a drill",
        ),
        // Cut short, or not a number.
        (
            format!("fc:dra:{b}:s:42:ring-new-post:1800:4"),
            "doesn't hold a drill",
        ),
        (format!("fc:dra:{b}:s"), "doesn't hold a drill"),
        (
            format!("fc:dra:{b}:s:42:ring-new-post:1800:-40:0:nd"),
            "doesn't hold a drill",
        ),
    ];
    for (id, says) in &cases {
        let r = fake.click(&bob, &forged(id, None), id).await.unwrap();
        assert!(r.ephemeral(), "{id}");
        assert_eq!(
            title(&r),
            "That drill can't be answered",
            "{id}: {}",
            r.text()
        );
        assert!(r.text().contains(says), "{id}: {}", r.text());
    }
    assert_eq!(attempts(&pool, &bob).await, 0);

    // Hand-made but fair (Bob's own, a scenario's ranges, the count rules): answered like any
    // drill, and judged by the decoder, whatever the button claims.
    let fair = format!("fc:dra:{}:p:42:scarf-first-hours:150:6:0:bc", bob.id);
    let fair = fair.as_str();
    let r = fake.click(&bob, &forged(fair, None), fair).await.unwrap();
    assert!(r.ephemeral());
    assert_eq!(title(&r), "Not quite: it's Not enough data", "{}", r.text());
    assert_eq!(attempts(&pool, &bob).await, 1);
    assert_eq!(attempts(&pool, &alice).await, 0);
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_drill_a_servers_targets_judge_otherwise_is_explained_from_its_numbers() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let (bob, moderator) = (fake.user("bob"), fake.user("mod"));
    // Running shoes whose video never says what they help with: 0.30% tap. Against the
    // default 1% that is weak, and the answer blames the video.
    let id = format!("fc:dra:{}:p:42:shoes-vague-cta:100000:300:15:bc", bob.id);
    let r = fake.click(&bob, &forged(&id, None), &id).await.unwrap();
    assert_eq!(title(&r), "Right: Before the click", "{}", r.text());
    assert!(
        r.text().contains("**0.30%**") && r.text().contains("what the shoes help with"),
        "{}",
        r.text()
    );
    // This server is happy with 0.1%: the same numbers are healthy here, and the answer
    // says so from the numbers, never from the clue that now points the other way.
    fake.slash(
        &moderator,
        "mod settings thresholds",
        json!({"ctr": "0.1", "ctor": "2"}),
    )
    .await
    .unwrap();
    let id = format!("fc:dra:{}:p:43:shoes-vague-cta:100000:300:15:he", bob.id);
    let r = fake.click(&bob, &forged(&id, None), &id).await.unwrap();
    assert_eq!(title(&r), "Right: Healthy", "{}", r.text());
    let text = r.text();
    assert!(
        text.contains("**0.30%**") && text.contains("0.1%") && text.contains("this server's"),
        "{text}"
    );
    assert!(!text.contains("shoes"), "{text}");
    fake.assert_no_violations();
}

#[tokio::test]
async fn export_holds_every_answer_and_forget_deletes_them() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::start_with(&fake, &BotEnv::default()).await;
    let pool = db(&bot).await;
    let (alice, bob) = (fake.user("alice"), fake.user("bob"));
    for user in [&alice, &alice, &bob] {
        let d = drill(&fake, user, false).await;
        fake.click(user, &d.message(), &right(&d)).await.unwrap();
    }
    // Bob answers a drill Alice shared: his row names her as the drill's owner.
    let shared = drill(&fake, &alice, true).await;
    fake.click(&bob, &shared.message(), &right(&shared))
        .await
        .unwrap();

    let export = fake
        .slash(&alice, "privacy export", json!({}))
        .await
        .unwrap();
    let file: Value = serde_json::from_slice(&export.files()[0].data).unwrap();
    let rows = file["tables"]["drill_attempts"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{file}");
    for row in rows {
        assert_eq!(row["user_id"], json!(alice.id.to_string()));
        assert_eq!(
            row["owner_id"],
            json!(alice.id.to_string()),
            "ids as strings"
        );
        assert_eq!(row["verdict"], row["answer"]);
        assert_eq!(row["correct"], json!(1));
        assert!(row["local_day"].as_str().unwrap().len() == 10, "{row}");
    }

    let ask = fake
        .slash(&alice, "privacy forget", json!({}))
        .await
        .unwrap();
    assert!(ask.text().contains("drill answers: 2"), "{}", ask.text());
    let done = fake.click(&alice, &ask.message(), "fc:pf").await.unwrap();
    assert!(done.text().contains("drill answers: 2"), "{}", done.text());
    assert_eq!(attempts(&pool, &alice).await, 0);
    assert_eq!(attempts(&pool, &bob).await, 2, "bob's answers stay");
    let naming_alice: i64 =
        sqlx::query_scalar("SELECT count(*) FROM drill_attempts WHERE owner_id = ?")
            .bind(i64::try_from(alice.id).unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(naming_alice, 0, "no row names a forgotten member");
    let stats = fake.slash(&alice, "stats me", json!({})).await.unwrap();
    assert!(stats.text().contains("No drills yet"), "{}", stats.text());
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_database_error_on_an_answer_gets_an_apology_and_the_cause_is_logged() {
    let (fake, bot, pool, alice, _) = scene().await;
    let d = drill(&fake, &alice, false).await;
    sqlx::query(
        "CREATE TRIGGER refuse BEFORE INSERT ON drill_attempts BEGIN SELECT RAISE(ABORT, 'disk trouble'); END",
    )
    .execute(&pool)
    .await
    .unwrap();
    let r = fake.click(&alice, &d.message(), &right(&d)).await.unwrap();
    assert!(r.ephemeral());
    assert!(r.text().contains("didn't work on my side"), "{}", r.text());
    bot.wait_for_log("disk trouble").await.unwrap();
    assert!(bot.logs_contain("click failed"));
    assert_eq!(attempts(&pool, &alice).await, 0);
    fake.assert_no_violations();
}
