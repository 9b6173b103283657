//! End to end: `/guide list` and `/guide show` through the real binary and the fake Discord.
//! A guide longer than one message pages with buttons that work after a restart; an unknown
//! guide is refused privately; every message stays within Discord's limits.

use crate::support;
use support::prompts;

use serde_json::{json, Value};
use support::{BotEnv, BotProcess, FakeDiscord, Response};

fn titles(r: &Response) -> Vec<String> {
    r.embeds()
        .iter()
        .map(|e| e["title"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn all_text(r: &Response) -> String {
    r.embeds()
        .iter()
        .map(|e| e["description"].as_str().unwrap_or("").to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn members_list_and_open_the_built_in_guides() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let list = fake.slash(&alice, "guide list", json!({})).await.unwrap();
    assert!(list.ephemeral());
    let text = list.text();
    for title in [
        "Reading CTR and CTOR",
        "Clicks but no orders",
        "One narrow test at a time",
        "Where to find your numbers",
        "How to use this bot",
    ] {
        assert!(text.contains(title), "{title} in {text}");
    }

    // Autocomplete finds a guide by part of its title and hands back its id.
    let choices = fake
        .autocomplete(&alice, "guide show", "guide", "orders", json!({}))
        .await
        .unwrap();
    assert_eq!(choices.len(), 1, "{choices:?}");
    assert_eq!(choices[0].0, "Clicks but no orders");
    assert_eq!(choices[0].1, json!("clicks-no-orders"));

    let shown = fake
        .slash(&alice, "guide show", json!({"guide": "clicks-no-orders"}))
        .await
        .unwrap();
    assert!(shown.ephemeral());
    assert_eq!(
        titles(&shown),
        [
            "Clicks but no orders",
            "First, make sure it is a real problem",
            "Then look at what buyers see after the tap",
            "Pick one thing to change"
        ]
    );
    assert!(shown.custom_ids().is_empty(), "one page, no buttons");

    // A typed title works too, in any case.
    let typed_title = fake
        .slash(
            &alice,
            "guide show",
            json!({"guide": "reading ctr and ctor"}),
        )
        .await
        .unwrap();
    assert_eq!(titles(&typed_title)[0], "Reading CTR and CTOR");

    let unknown = fake
        .slash(&alice, "guide show", json!({"guide": "@everyone secrets"}))
        .await
        .unwrap();
    assert!(unknown.ephemeral());
    assert!(
        unknown.text().contains("couldn't find a guide"),
        "{}",
        unknown.text()
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_long_guide_pages_and_its_buttons_survive_a_restart() {
    // A guide of 10 sections of about 1,700 characters: four messages' worth.
    let (_tmp, prompts) = prompts::copy_prompts();
    let section = "Check one number at a time before you change anything. ".repeat(30);
    let body = (1..=10)
        .map(|i| format!("## Step {i}\n\n{section}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    std::fs::write(
        prompts.join("guides/long-guide.md"),
        format!("+++\ntitle = \"The long guide\"\nsummary = \"Many steps\"\n+++\n{body}"),
    )
    .unwrap();
    let fake = FakeDiscord::start().await;
    let env = BotEnv {
        prompts_dir: Some(prompts.clone()),
        ..BotEnv::default()
    };
    let mut bot = BotProcess::start_with(&fake, &env).await;
    let alice = fake.user("alice");

    let first = fake
        .slash(&alice, "guide show", json!({"guide": "long-guide"}))
        .await
        .unwrap();
    assert_eq!(first.custom_ids(), ["fc:gp:long-guide:1"]);
    assert_eq!(first.button_labels(), ["Next"]);
    let footer = |r: &Response| {
        r.embeds()
            .last()
            .and_then(|e| e["footer"]["text"].as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let pages: usize = footer(&first)
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a page footer, got {:?}", footer(&first)));
    assert!(pages >= 4, "{pages}");

    // Page through to the end, restarting the bot on the way: every section arrives once.
    let mut seen: Vec<String> = titles(&first);
    let mut text = all_text(&first);
    let mut current = first;
    for page in 2..=pages {
        if page == 3 {
            bot.restart().await;
            fake.wait_ready().await.unwrap();
        }
        let id = format!("fc:gp:long-guide:{}", page - 1);
        let next = fake.click(&alice, &current.message(), &id).await.unwrap();
        assert_eq!(next.kind, 7, "the page replaces the message");
        assert_eq!(footer(&next), format!("Page {page} of {pages}"));
        seen.extend(titles(&next));
        text.push('\n');
        text.push_str(&all_text(&next));
        current = next;
    }
    assert_eq!(current.button_labels(), ["Previous"]);
    let steps: Vec<String> = seen.into_iter().filter(|t| t.starts_with("Step")).collect();
    let expected: Vec<String> = (1..=10).map(|i| format!("Step {i}")).collect();
    assert_eq!(steps, expected);
    assert_eq!(
        text.matches("Check one number").count(),
        10 * 30,
        "every sentence once"
    );

    // A page the guide does not have (an edited id) is refused privately.
    let mut message: Value = current.message();
    message["id"] = json!("1299999999999999999");
    message["components"][0]["components"][0]["custom_id"] = json!("fc:gp:long-guide:99");
    let forged = fake
        .click(&alice, &message, "fc:gp:long-guide:99")
        .await
        .unwrap();
    assert!(forged.ephemeral());
    assert_eq!(
        forged.kind, 4,
        "a new private message, not a change of the guide"
    );
    assert!(forged.text().contains("older message"), "{}", forged.text());
    fake.assert_no_violations();
}
