//! End to end: `/report` through the real `funnel-coach run` binary and the fake Discord. The
//! fake serves the attachment on loopback (its address is the `DISCORD_PROXY_URL` host, the
//! one place besides Discord's file servers the bot downloads from) and counts downloads.

use crate::support;

use serde_json::{json, Value};
use support::{BotProcess, FakeDiscord, Response};

fn export() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/report/export.csv"
    ))
    .unwrap()
}

fn attachment(filename: &str, content: &str, content_type: &str) -> Value {
    json!({"filename": filename, "content": content, "content_type": content_type})
}

fn field<'a>(embed: &'a Value, name: &str) -> &'a str {
    embed["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["name"] == name))
        .and_then(|f| f["value"].as_str())
        .unwrap_or_else(|| panic!("no field {name:?} in {embed}"))
}

fn file<'a>(files: &'a [support::FilePart], name: &str) -> &'a support::FilePart {
    files
        .iter()
        .find(|f| f.filename == name)
        .unwrap_or_else(|| {
            panic!(
                "no {name} among {:?}",
                files.iter().map(|f| &f.filename).collect::<Vec<_>>()
            )
        })
}

fn refused(r: &Response, part: &str) {
    assert!(r.ephemeral(), "{}: refusals are private", r.label);
    assert!(r.files().is_empty(), "{:?}", r.files());
    let text = r.text();
    assert!(text.contains("I can't read that file"), "{text}");
    assert!(text.contains(part), "{part:?} not in {text}");
}

#[tokio::test]
async fn a_csv_export_gets_a_private_summary_the_ranked_csv_and_the_chart() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("export.csv", &export(), "text/csv; charset=utf-8")}),
        )
        .await
        .unwrap();
    assert_eq!(r.kind, 5, "deferred while it works");
    assert!(r.ephemeral(), "private by default");
    assert_eq!(fake.attachment_downloads(), 1);
    let embeds = r.embeds();
    assert_eq!(embeds.len(), 1);
    let e = &embeds[0];
    assert_eq!(e["title"], "Your Seller Center report");
    let description = e["description"].as_str().unwrap();
    assert!(
        description.contains("2026-10-01 ~ 2026-10-31"),
        "{description}"
    );
    assert!(
        description.contains("12 decoded, 5 left out."),
        "{description}"
    );
    let counts = field(e, "Products by verdict");
    assert!(counts.contains("Weak after the click: 3"), "{counts}");
    assert!(counts.contains("Not enough data yet: 5"), "{counts}");
    let first = field(e, "1. LED Strip 5m");
    assert!(first.contains("Both steps weak"), "{first}");
    assert!(first.contains("Next:"), "{first}");
    field(e, "5. Phone Stand");
    let totals = field(e, "All products together");
    assert!(
        totals.contains("Product CTOR **1.43%**, likely 1.27% – 1.61%"),
        "{totals}"
    );
    let skipped = field(e, "Rows left out");
    assert!(skipped.contains("Row 18 (1729014)"), "{skipped}");
    assert_eq!(e["image"]["url"], "attachment://funnel.png");

    // The full ranked list as a CSV file, and the totals' funnel chart.
    let files = r.files();
    assert_eq!(files.len(), 2, "{files:?}");
    let csv = String::from_utf8(file(files, "report.csv").data.clone()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 13, "{csv}");
    assert!(lines[1].starts_with("1,1729005,LED Strip 5m,Both steps weak,400000,2000,10,"));
    assert!(csv.contains("\"Travel Mug “Keep Hot”, 12oz\""), "{csv}");
    let png = &file(files, "funnel.png").data;
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let alt = r.visible()["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["filename"] == "funnel.png")
        .and_then(|a| a["description"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert!(alt.contains("Clicks: 18,338."), "{alt}");

    // "Log a test" for the first product: the test log's own button and flow.
    let button = format!("fc:tl:{}:400000:2000:10", alice.id);
    assert!(r.custom_ids().contains(&button), "{:?}", r.custom_ids());
    assert!(r
        .button_labels()
        .contains(&"Log a test for LED Strip 5m".to_owned()));
    let menu = fake.click(&alice, &r.message(), &button).await.unwrap();
    assert!(
        menu.custom_ids()
            .contains(&"fc:tlv:400000:2000:10".to_owned()),
        "{:?}",
        menu.custom_ids()
    );
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_public_report_is_posted_for_everyone_and_refusals_stay_private() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("export.csv", &export(), "text/csv"), "private": false}),
        )
        .await
        .unwrap();
    assert!(r.ephemeral(), "the placeholder is private");
    assert!(r.text().contains("posted in this channel"), "{}", r.text());
    let followups = r.wait_followups(1).await.unwrap();
    let public = followups.last().unwrap();
    assert_eq!(public["flags"].as_u64().unwrap_or(0) & 64, 0, "{public}");
    assert_eq!(public["embeds"][0]["title"], "Your Seller Center report");
    let id: u64 = public["id"].as_str().unwrap().parse().unwrap();
    let names: Vec<String> = fake
        .message_files(id)
        .iter()
        .map(|f| f.filename.clone())
        .collect();
    assert!(names.contains(&"report.csv".to_owned()), "{names:?}");

    // A file that is not an export is refused privately, even when asked to post publicly,
    // and names the missing columns.
    let not_export = "Name,Email\r\nAda,ada@example.com\r\n";
    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("contacts.csv", not_export, "text/csv"), "private": false}),
        )
        .await
        .unwrap();
    refused(&r, "Product clicks");
    assert!(r.followups().len() <= 1, "nothing else is posted");
    let page_views = "Product ID,Impressions,Page views,Orders\r\n1,100,10,1\r\n";
    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("old.csv", page_views, "text/csv")}),
        )
        .await
        .unwrap();
    refused(&r, "Page views");
    fake.assert_no_violations();
}

#[tokio::test]
async fn a_picture_or_a_file_too_big_is_refused_before_any_download() {
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::start(&fake).await;
    let alice = fake.user("alice");

    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("screenshot.png", "\u{89}PNG fake", "image/png")}),
        )
        .await
        .unwrap();
    assert_eq!(r.kind, 4, "answered at once, not deferred");
    refused(&r, "screenshot.png");
    // A picture renamed .csv is still a picture.
    let r = fake
        .slash(
            &alice,
            "report",
            json!({"file": attachment("export.csv", "\u{89}PNG fake", "image/png")}),
        )
        .await
        .unwrap();
    refused(&r, ".csv or .xlsx");
    let mut big = attachment("export.csv", "Product ID", "text/csv");
    big["size"] = json!(6 * 1024 * 1024);
    let r = fake
        .slash(&alice, "report", json!({"file": big}))
        .await
        .unwrap();
    refused(&r, "6.0 MB");
    assert_eq!(fake.attachment_downloads(), 0, "nothing was downloaded");
    fake.assert_no_violations();
}
