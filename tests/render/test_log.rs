//! What `/test`, `/stats` and `/privacy` answers say, rendered from the shipped prompts.

use funnel_coach::content::{DecodeCopy, TestLogCopy};
use funnel_coach::funnel::{compare, Counts, Lever, Outcome};
use funnel_coach::member::TableCount;
use funnel_coach::render::components::{ComponentId, PrivacyId, TestLogId};
use funnel_coach::render::test_log as r;
use funnel_coach::render::{limits, text, Reply};
use funnel_coach::test_log::{MemberStats, Status, TestChoice, TestId, TestRecord};

use crate::prompts::content;

const NOW: i64 = 1_704_067_200 + 10 * 86_400;

fn counts(impressions: u64, clicks: u64, orders: u64) -> Counts {
    Counts {
        impressions,
        clicks,
        orders,
        add_to_carts: None,
    }
}

fn done(id: i64, before: Option<Counts>, after: Counts) -> TestRecord {
    let (ctr, ctor) = match before {
        Some(b) => {
            let c = compare(b, after);
            (c.ctr.outcome, c.ctor.outcome)
        }
        None => (Outcome::NoData, Outcome::NoData),
    };
    TestRecord {
        id: TestId(id),
        lever: Lever::Offer,
        change: "Say the price out loud in the first 5 seconds".into(),
        before,
        after: Some(after),
        status: Status::Done,
        note: Some("posted at 7pm both times".into()),
        ctr_outcome: Some(ctr),
        ctor_outcome: Some(ctor),
        created_at: NOW - 3 * 86_400,
        updated_at: NOW,
    }
}

fn open(id: i64, change: &str) -> TestRecord {
    TestRecord {
        id: TestId(id),
        lever: Lever::Hook,
        change: change.into(),
        before: Some(counts(12_500, 310, 4)),
        after: None,
        status: Status::Open,
        note: None,
        ctr_outcome: None,
        ctor_outcome: None,
        created_at: NOW - 86_400,
        updated_at: NOW - 86_400,
    }
}

fn all_text(reply: &Reply) -> String {
    text::to_text(reply, true)
}

fn fits(reply: &Reply) {
    assert_eq!(
        limits::check(reply),
        Vec::<String>::new(),
        "{}",
        all_text(reply)
    );
}

/// The result of a test, compared once as the bot does.
fn result_of(t: &TestRecord, copy: &TestLogCopy, decode: &DecodeCopy) -> Reply {
    r::result(t, t.comparison().as_ref(), copy, decode)
}

#[test]
fn a_clear_improvement_says_so_with_the_change_and_the_chance() {
    let c = content();
    let reply = result_of(
        &done(7, Some(counts(12_500, 310, 4)), counts(12_000, 300, 12)),
        &c.test_log,
        &c.decode,
    );
    fits(&reply);
    let t = all_text(&reply);
    assert!(reply.title.contains(&TestId(7).short()), "{t}");
    assert!(t.contains("A step went up"), "{t}");
    assert!(t.contains("Clearly up"), "{t}");
    assert!(
        t.contains("1.29%") && t.contains("4.00%"),
        "CTOR before and after: {t}"
    );
    assert!(t.contains("+2.71 points"), "{t}");
    assert!(t.contains("+210%"), "{t}");
    assert!(t.contains("posted at 7pm"), "the note: {t}");
    assert!(reply.footer.as_deref().unwrap_or("").contains("not why"));
}

#[test]
fn an_unclear_result_never_claims_a_change_and_says_how_many_more_clicks() {
    let c = content();
    let reply = result_of(
        &done(8, Some(counts(20_000, 400, 4)), counts(4_000, 80, 2)),
        &c.test_log,
        &c.decode,
    );
    fits(&reply);
    let t = all_text(&reply);
    assert!(t.contains("Not clear yet"), "{t}");
    assert!(!t.contains("Clearly"), "nothing is clear here: {t}");
    assert!(!t.contains("went up") && !t.contains("went down"), "{t}");
    assert!(t.contains("more clicks on the new version"), "{t}");
}

#[test]
fn a_result_that_more_numbers_cannot_settle_says_so() {
    let c = content();
    let reply = result_of(
        &done(9, Some(counts(2_000, 40, 1)), counts(2_000, 40, 2)),
        &c.test_log,
        &c.decode,
    );
    let t = all_text(&reply);
    assert!(t.contains("may not make this clear"), "{t}");
}

#[test]
fn a_drop_is_reported_as_a_drop() {
    let c = content();
    let reply = result_of(
        &done(10, Some(counts(20_000, 600, 10)), counts(20_000, 300, 5)),
        &c.test_log,
        &c.decode,
    );
    let t = all_text(&reply);
    assert!(
        t.contains("A step went down") && t.contains("Clearly down"),
        "{t}"
    );
    assert!(t.contains("−1.50 points"), "{t}");
}

#[test]
fn a_test_without_before_numbers_has_nothing_to_compare() {
    let c = content();
    let reply = result_of(
        &done(11, None, counts(1_000, 20, 1)),
        &c.test_log,
        &c.decode,
    );
    fits(&reply);
    let t = all_text(&reply);
    assert!(t.contains("nothing to compare"), "{t}");
    assert!(t.contains("1,000 impressions, 20 clicks, 1 order"), "{t}");
    assert!(!t.contains("1 orders"), "{t}");
}

#[test]
fn a_count_of_one_is_singular_everywhere() {
    let c = content();
    let mut t = open(15, "one of each");
    t.before = Some(counts(1, 1, 1));
    let text = all_text(&r::logged(&t, &c.test_log));
    assert!(
        text.contains("1 impression, 1 click, 1 order") && !text.contains("1 impressions"),
        "{text}"
    );
    let zero = all_text(&r::pick_lever([0, 0, 0], &c.test_log));
    assert!(zero.contains("0 impressions, 0 clicks, 0 orders"), "{zero}");
    let one_test = r::list(&[open(16, "only one")], 0, 1, NOW, &c.test_log);
    let footer = one_test.footer.unwrap_or_default();
    assert!(
        footer.contains("1 test") && !footer.contains("1 tests"),
        "{footer}"
    );
    let twelve = r::list(&[open(17, "x")], 0, 12, NOW, &c.test_log);
    assert!(twelve.footer.unwrap_or_default().contains("12 tests"));
    let export = r::export_message(1, &c.test_log);
    assert!(
        export.contains("1 test ") && !export.contains("1 tests"),
        "{export}"
    );
    assert!(r::export_message(3, &c.test_log).contains("3 tests"));
}

/// The line about one step: "Clearly up: …", "Not clear yet: …".
fn outcome_lines(t: &str) -> Vec<&str> {
    t.lines()
        .filter(|l| {
            ["Clearly up:", "Clearly down:", "Not clear yet:"]
                .iter()
                .any(|p| l.trim_start().starts_with(p))
        })
        .collect()
}

#[test]
fn a_step_that_is_not_clear_never_shows_a_chance_that_reads_as_clear() {
    let c = content();
    // CTOR 10 of 1,000 clicks before, 3 of 117 after: a 94.9% chance it went up, which
    // rounds to 95%, and "clear" starts at 95%.
    let (before, after) = (counts(50_000, 1_000, 10), counts(5_850, 117, 3));
    let p = compare(before, after).ctor.chance_higher.unwrap();
    assert!((0.945..0.95).contains(&p), "{p}");
    let reply = result_of(&done(18, Some(before), after), &c.test_log, &c.decode);
    let t = all_text(&reply);
    let lines = outcome_lines(&t);
    assert_eq!(lines.len(), 2, "{t}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Not clear yet") && l.contains("94%")),
        "{t}"
    );
    // And the other way round: 5.1% would round to 5%.
    let p = compare(after, before).ctor.chance_higher.unwrap();
    assert!(p > 0.05 && p < 0.055, "{p}");
    let reply = result_of(&done(19, Some(after), before), &c.test_log, &c.decode);
    let t = all_text(&reply);
    assert!(
        outcome_lines(&t)
            .iter()
            .any(|l| l.contains("Not clear yet") && l.contains(" 6%")),
        "{t}"
    );
    // Whatever the numbers, a step that is not clear shows neither 95% nor 5%.
    for before in 1..=12 {
        for after in 0..=8 {
            let reply = result_of(
                &done(
                    20,
                    Some(counts(50_000, 1_000, before)),
                    counts(5_000, 100, after),
                ),
                &c.test_log,
                &c.decode,
            );
            let t = all_text(&reply);
            for l in outcome_lines(&t) {
                if l.contains("Not clear yet") {
                    assert!(!l.contains(" 95%") && !l.contains(" 5%"), "{l}");
                }
            }
        }
    }
}

#[test]
fn chances_near_the_ends_read_naturally() {
    let c = content();
    let up = all_text(&result_of(
        &done(
            21,
            Some(counts(100_000, 1_000, 10)),
            counts(100_000, 1_000, 60),
        ),
        &c.test_log,
        &c.decode,
    ));
    let down = all_text(&result_of(
        &done(
            22,
            Some(counts(100_000, 1_000, 60)),
            counts(100_000, 1_000, 10),
        ),
        &c.test_log,
        &c.decode,
    ));
    assert!(up.contains("is over 99%"), "{up}");
    assert!(down.contains("is under 1%"), "{down}");
    for t in [&up, &down] {
        for wrong in ["a over", "a under", "an over", "an under"] {
            assert!(!t.contains(wrong), "{wrong:?}: {t}");
        }
    }
}

#[test]
fn a_missing_rate_is_shown_with_the_prompts_mark() {
    let c = content();
    // No clicks after the change: no CTOR after, shown with the prompts' mark.
    let t = all_text(&result_of(
        &done(23, Some(counts(1_000, 20, 1)), counts(1_000, 0, 0)),
        &c.test_log,
        &c.decode,
    ));
    assert!(t.contains(c.test_log.result.no_rate.as_str()), "{t}");
}

#[test]
fn the_log_confirmation_gives_the_id_and_the_next_step() {
    let c = content();
    let t = open(12, "Show the product in the first 3 seconds");
    let reply = r::logged(&t, &c.test_log);
    fits(&reply);
    let text = all_text(&reply);
    let id = TestId(12).short();
    assert!(reply.title.contains(&id));
    assert!(
        text.contains("/test result") && text.contains(&id),
        "{text}"
    );
    assert!(
        text.contains("12,500 impressions, 310 clicks, 4 orders"),
        "{text}"
    );
}

#[test]
fn the_list_pages_with_buttons_and_opens_tests_from_a_menu() {
    let c = content();
    let page: Vec<TestRecord> = (0..5)
        .map(|i| open(100 - i, &format!("change {i}")))
        .collect();
    let first = r::list(&page, 0, 12, NOW, &c.test_log);
    fits(&first);
    assert_eq!(first.buttons.len(), 1);
    assert_eq!(first.buttons[0].custom_id, TestLogId::Page(1).custom_id());
    assert_eq!(first.selects[0].options.len(), 5);
    assert_eq!(first.selects[0].options[0].value, TestId(100).short());
    assert!(first.footer.as_deref().unwrap().contains("1 of 3"));
    let last = r::list(&page[..2], 2, 12, NOW, &c.test_log);
    assert_eq!(last.buttons.len(), 1);
    assert_eq!(last.buttons[0].custom_id, TestLogId::Page(1).custom_id());
    let middle = r::list(&page, 1, 12, NOW, &c.test_log);
    assert_eq!(middle.buttons.len(), 2);
    let empty = r::list(&[], 0, 0, NOW, &c.test_log);
    assert!(empty.description.contains("/test log"));
    assert!(empty.buttons.is_empty() && empty.selects.is_empty());
}

fn choice(id: i64, change: &str) -> TestChoice {
    let t = open(id, change);
    TestChoice {
        id: t.id,
        lever: t.lever,
        change: t.change,
        created_at: t.created_at,
    }
}

#[test]
fn autocomplete_labels_tell_tests_apart_on_a_phone() {
    let c = content();
    let long = "x".repeat(200);
    let label = r::choice_label(&choice(5, &long), NOW, &c.test_log);
    assert!(label.chars().count() <= 100, "{label}");
    assert!(label.starts_with(&TestId(5).short()), "{label}");
    assert!(
        label.contains("Hook") && label.contains("yesterday"),
        "{label}"
    );
    let newlines = r::choice_label(&choice(6, "two\nlines"), NOW, &c.test_log);
    assert!(newlines.contains("two lines"), "{newlines}");
}

#[test]
fn autocomplete_filters_by_what_was_typed_and_keeps_25() {
    let c = content();
    let tests: Vec<TestChoice> = (1..=40)
        .rev()
        .map(|i| choice(i, &format!("change number {i}")))
        .collect();
    let all = r::autocomplete(&tests, "", NOW, &c.test_log);
    assert_eq!(all.len(), 25);
    assert_eq!(all[0].1, TestId(40).short(), "newest first");
    let some = r::autocomplete(&tests, "NUMBER 3", NOW, &c.test_log);
    let values: Vec<String> = some.iter().map(|(_, v)| v.clone()).collect();
    assert!(values.contains(&TestId(3).short()) && values.contains(&TestId(31).short()));
    assert!(!values.contains(&TestId(4).short()));
    let by_id = r::autocomplete(&tests, &TestId(7).short().to_lowercase(), NOW, &c.test_log);
    assert_eq!(by_id[0].1, TestId(7).short());
    let by_lever = r::autocomplete(&tests, "hook", NOW, &c.test_log);
    assert_eq!(by_lever.len(), 25);
    assert!(r::autocomplete(&tests, "price", NOW, &c.test_log).is_empty());
    assert_eq!(r::autocomplete_scan(""), 25);
    assert!(r::autocomplete_scan("pri") > 25);
}

#[test]
fn the_csv_export_is_rfc_4180_and_safe_in_spreadsheets() {
    let c = content();
    let mut t = open(13, "=HYPERLINK(\"http://x\",\"click\")");
    t.note = Some("a, b\nand \"c\"".into());
    let csv = r::csv(
        &[t, done(14, Some(counts(10, 1, 0)), counts(10, 2, 1))],
        &c.test_log,
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("test,lever,change,status"), "{csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\""),
        "{csv}"
    );
    assert!(csv.contains("\"a, b\nand \"\"c\"\"\""), "{csv}");
    assert!(csv.contains(&TestId(14).short()));
    assert!(csv.ends_with("\r\n"));
    // Every record has the header's number of fields (a quoted comma is not a separator).
    let fields = |line: &str| {
        let mut n = 1;
        let mut quoted = false;
        for ch in line.chars() {
            match ch {
                '"' => quoted = !quoted,
                ',' if !quoted => n += 1,
                _ => {}
            }
        }
        n
    };
    let header = fields(lines[0]);
    let record = csv.split("\r\n").nth(2).unwrap();
    assert_eq!(fields(record), header, "{record}");
}

#[test]
fn stats_and_privacy_answers_fit() {
    let c = content();
    let s = funnel_coach::render::stats::member_stats(
        &MemberStats {
            logged: 4,
            done: 2,
            improved: 1,
            weeks_in_a_row: 3,
        },
        &c.test_log,
    );
    fits(&s);
    let t = all_text(&s);
    assert!(t.contains("Weeks in a row") && t.contains('3'), "{t}");
    let counts = [TableCount {
        table: "tests",
        rows: 3,
    }];
    let ask = funnel_coach::render::privacy::forget_confirm(&counts, &c.test_log);
    fits(&ask);
    assert!(
        ask.description.contains("logged tests: 3"),
        "{}",
        ask.description
    );
    assert_eq!(ask.buttons[0].custom_id, PrivacyId::Forget.custom_id());
    let none = funnel_coach::render::privacy::forget_confirm(
        &[TableCount {
            table: "tests",
            rows: 0,
        }],
        &c.test_log,
    );
    assert!(none.buttons.is_empty());
    let gone = funnel_coach::render::privacy::forgotten(&counts, &c.test_log);
    assert!(gone.description.contains("logged tests: 3"));
}

#[test]
fn the_footer_explains_clear_only_where_a_chance_is_shown() {
    let c = content();
    // Both periods without impressions: neither step compares, no chance is shown, so the
    // footer doesn't explain where "clearly up" starts.
    let nothing = done(7, Some(counts(0, 0, 0)), counts(0, 0, 0));
    let reply = result_of(&nothing, &c.test_log, &c.decode);
    let body = all_text(&Reply {
        footer: None,
        ..reply.clone()
    });
    assert!(!body.contains("chance"), "{body}");
    let footer = reply.footer.clone().unwrap_or_default();
    assert!(
        !footer.contains("95%") && !footer.contains("chance"),
        "{footer}"
    );
    // With numbers on both sides a chance is shown, and the footer says where clear starts,
    // in the same words.
    let some = done(8, Some(counts(10_000, 200, 4)), counts(10_000, 400, 8));
    let reply = result_of(&some, &c.test_log, &c.decode);
    assert!(all_text(&reply).contains("the chance that the new rate is"));
    let footer = reply.footer.clone().unwrap_or_default();
    assert!(footer.contains("Clearly up means the chance"), "{footer}");
}
