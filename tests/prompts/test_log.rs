//! A broken `prompts/test_log.toml` is refused, naming the entry and the problem.

use crate::prompts;

use prompts::{copy_prompts, edit, problems};

use std::fs;

use funnel_coach::content::Content;

fn problems_after(from: &str, to: &str) -> String {
    let (_t, dir) = copy_prompts();
    edit(&dir.join("test_log.toml"), from, to);
    problems(&dir)
}

#[test]
fn an_unknown_placeholder_is_named() {
    let p = problems_after("pick {id} and type", "pick {test} and type");
    assert!(
        p.contains("test_log.toml") && p.contains("log.next") && p.contains("{test}"),
        "{p}"
    );
}

#[test]
fn a_number_word_without_its_number_is_named() {
    let p = problems_after("one = \"{n} click\"", "one = \"a click\"");
    assert!(p.contains("amounts.clicks.one") && p.contains("{n}"), "{p}");
}

#[test]
fn a_missing_or_unknown_key_is_named() {
    let p = problems_after("hint = \"The first seconds", "hnt = \"The first seconds");
    assert!(p.contains("test_log.toml") && p.contains("hnt"), "{p}");
}

#[test]
fn a_button_label_too_long_for_discord_is_named() {
    let long = "x".repeat(81);
    let p = problems_after(
        "button = \"Log a test from this\"",
        &format!("button = \"{long}\""),
    );
    assert!(p.contains("from_decode.button") && p.contains("80"), "{p}");
}

#[test]
fn a_modal_title_too_long_for_discord_is_named() {
    let p = problems_after(
        "short = \"Expectation\"",
        "short = \"Expectations of buyers\"",
    );
    assert!(p.contains("levers.expectation.short"), "{p}");
    let p = problems_after(
        "modal_title = \"Log a test: {lever}\"",
        "modal_title = \"Log a test about this lever, please: {lever}\"",
    );
    assert!(
        p.contains("from_decode.modal_title") && p.contains("45"),
        "{p}"
    );
}

#[test]
fn every_table_about_members_needs_words_for_privacy() {
    let p = problems_after(
        "tests = \"logged tests: {count}\"",
        "bookmarks = \"bookmarks: {count}\"",
    );
    assert!(
        p.contains("`tests`") && p.contains("privacy.tables.bookmarks"),
        "{p}"
    );
}

#[test]
fn attachment_names_must_be_plain() {
    let p = problems_after(
        "filename = \"my-tests.csv\"",
        "filename = \"../my tests.txt\"",
    );
    assert!(p.contains("export.filename"), "{p}");
}

#[test]
fn a_missing_file_is_named() {
    let (_t, dir) = copy_prompts();
    fs::remove_file(dir.join("test_log.toml")).unwrap();
    let p = Content::load(&dir).expect_err("refused").to_string();
    assert!(
        p.contains("test_log.toml") && p.contains("cannot read"),
        "{p}"
    );
}
