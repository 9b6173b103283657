//! End to end: the funnel chart through the real `funnel-coach run` binary and the fake
//! Discord. `/decode` carries one PNG shown as the embed's image, with its alt text as the
//! attachment's description; an input error and `format: plain text` carry none; `/test show`
//! of a finished test, the test opened from the `/test list` menu and the `/test result` reply
//! carry before above after. Every chart fits a chat: at most 40 KB, 60 KB for the pair, and
//! 600 px wide, so each side's words keep their size on a phone.

use crate::support;

use serde_json::{json, Value};
use support::{BotProcess, FakeDiscord, Response};

/// The one PNG a reply carries: its (width, height), and its description as Discord kept it;
/// the PNG is at most `most_kb` KB.
fn one_chart(r: &Response, most_kb: usize) -> ((u32, u32), String) {
    let files = r.files();
    assert_eq!(files.len(), 1, "{}: one file, got {files:?}", r.label);
    let file = &files[0];
    assert_eq!(file.filename, "funnel.png");
    let png = &file.data;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(
        png.len() <= most_kb * 1024,
        "{}: {} bytes, over {most_kb} KB",
        r.label,
        png.len()
    );
    let size = (
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
    );
    // What the bot asked for: the embed shows the attachment it uploads, described.
    let data = &r.data;
    assert_eq!(
        data["embeds"][0]["image"]["url"], "attachment://funnel.png",
        "{data}"
    );
    assert_eq!(data["attachments"][0]["filename"], "funnel.png", "{data}");
    // What Discord keeps: one attachment, with its description, width and height.
    let kept = r.visible()["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(kept[0]["width"], json!(size.0));
    assert_eq!(kept[0]["height"], json!(size.1));
    let alt = kept[0]["description"].as_str().unwrap_or("").to_owned();
    assert_eq!(json!(alt), data["attachments"][0]["description"]);
    (size, alt)
}

fn no_chart(r: &Response) {
    assert!(r.files().is_empty(), "{}: {:?}", r.label, r.files());
    assert!(
        r.visible()["attachments"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "{}",
        r.visible()
    );
    for e in r.embeds() {
        assert!(e.get("image").is_none_or(Value::is_null), "{e}");
    }
}

#[tokio::test]
async fn decode_carries_one_chart_with_alt_text_and_errors_carry_none() {
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
    let ((w, h), alt) = one_chart(&r, 40);
    assert_eq!(w, 600);
    assert!(h >= 400, "{h}");
    for part in [
        "bars drawn to scale",
        "Impressions: 12,500.",
        "Clicks: 310.",
        "Orders: 4.",
        "Product CTR: 2.48% (1 in 40 impressions got a click), probably between 2.22% and 2.77%.",
        "Product CTOR: 1.29% (1 in 78 clicks became an order), probably between 0.50% and 3.27%.",
    ] {
        assert!(alt.contains(part), "{part:?} not in {alt:?}");
    }
    assert!(alt.chars().count() <= 1024);

    // Private answers carry it too.
    let private = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "20,000", "clicks": "1000", "orders": "3", "private": true}),
        )
        .await
        .unwrap();
    assert!(private.ephemeral());
    let (_, alt) = one_chart(&private, 40);
    assert!(alt.contains("People click, but few of them order"), "{alt}");

    // More orders than clicks: the chart says the numbers don't line up.
    let odd = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "10000", "clicks": "500", "orders": "800"}),
        )
        .await
        .unwrap();
    let (_, alt) = one_chart(&odd, 40);
    assert!(alt.contains("These numbers don't line up."), "{alt}");
    assert!(
        alt.contains("Product CTOR: more orders than clicks."),
        "{alt}"
    );

    // An input error carries no chart; neither does the plain-text format.
    let error = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "12.5k", "clicks": "2%", "orders": "4"}),
        )
        .await
        .unwrap();
    assert!(error.ephemeral());
    no_chart(&error);
    let text = fake
        .slash(
            &alice,
            "decode",
            json!({"impressions": "12.5k", "clicks": "310", "orders": "4", "format": "plain text"}),
        )
        .await
        .unwrap();
    assert!(text.embeds().is_empty());
    no_chart(&text);
    fake.assert_no_violations();
}

#[tokio::test]
async fn test_show_of_a_finished_test_has_before_above_after() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let logged = fake
        .slash(
            &alice,
            "test log",
            json!({"lever": "Hook", "change": "Show the product in the first second",
                   "impressions": "12.5k", "clicks": "310", "orders": "4"}),
        )
        .await
        .unwrap();
    let title = logged.embeds()[0]["title"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    let id = regex::Regex::new(r"T-[0-9A-Z]{4,12}")
        .unwrap()
        .find(&title)
        .unwrap_or_else(|| panic!("no test id in {title:?}"))
        .as_str()
        .to_owned();

    // An open test has nothing to compare yet: no chart.
    let open = fake
        .slash(&alice, "test show", json!({"test": id}))
        .await
        .unwrap();
    no_chart(&open);

    // The result itself shows the pair.
    let result = fake
        .slash(
            &alice,
            "test result",
            json!({"test": id, "impressions": "14,000", "clicks": "420", "orders": "12"}),
        )
        .await
        .unwrap();
    assert!(result.ephemeral());
    let ((w, h), alt) = one_chart(&result, 60);
    assert_eq!(
        w, 600,
        "the result: two sides stacked, each as wide as /decode's chart"
    );
    assert!(h > 1000, "two sides one above the other: {h} px high");
    assert!(
        alt.contains("Orders: 4.") && alt.contains("Orders: 12."),
        "{alt}"
    );

    // Opened from the /test list menu, the same test shows the same pair.
    let list = fake.slash(&alice, "test list", json!({})).await.unwrap();
    let opened = fake
        .select(&alice, &list.message(), "fc:to", vec![id.as_str()])
        .await
        .unwrap();
    assert!(opened.ephemeral());
    let (_, opened_alt) = one_chart(&opened, 60);
    assert_eq!(
        opened_alt, alt,
        "the menu opens the same chart as the result"
    );

    let shown = fake
        .slash(&alice, "test show", json!({"test": id}))
        .await
        .unwrap();
    assert!(shown.ephemeral());
    let ((w, _), alt) = one_chart(&shown, 60);
    assert_eq!(w, 600, "two sides stacked");
    assert!(alt.contains("Before:") && alt.contains("After:"), "{alt}");
    assert!(
        alt.contains("Impressions: 12,500.") && alt.contains("Impressions: 14,000."),
        "{alt}"
    );
    assert!(alt.contains("Orders: 12."), "{alt}");
    fake.assert_no_violations();
}
