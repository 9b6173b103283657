//! A broken prompts/ folder is refused, naming the file, the entry and the problem.

use crate::prompts;

use prompts::{copy_prompts, edit, problems};

use funnel_coach::content::Content;

#[test]
fn the_shipped_prompts_are_valid() {
    let (_t, dir) = copy_prompts();
    Content::load(&dir).unwrap();
}

#[test]
fn a_related_term_that_does_not_exist_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/click.toml"),
        "related = [\"",
        "related = [\"no-such-term\", \"",
    );
    let p = problems(&dir);
    assert!(
        p.contains("click.toml") && p.contains("no-such-term"),
        "{p}"
    );
}

#[test]
fn a_duplicate_alias_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/money.toml"),
        "aliases = [",
        "aliases = [\"C.T.O.R\", ",
    );
    let p = problems(&dir);
    assert!(p.contains("money.toml") && p.contains("C.T.O.R"), "{p}");
}

#[test]
fn an_unknown_placeholder_and_a_toml_error_are_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("decode.toml"),
        "About {amount} would tell",
        "About {amuont} would tell",
    );
    let p = problems(&dir);
    assert!(
        p.contains("rates.within_reach") && p.contains("{amuont}"),
        "{p}"
    );
    edit(&dir.join("ui.toml"), "[about]", "[about\n");
    let p = problems(&dir);
    assert!(p.contains("ui.toml") && p.contains("line"), "{p}");
}

#[test]
fn an_overlong_definition_is_named() {
    let (_t, dir) = copy_prompts();
    let long = "word ".repeat(200);
    edit(
        &dir.join("glossary/after_sale.toml"),
        "definition = \"",
        &format!("definition = \"{long}"),
    );
    let p = problems(&dir);
    assert!(
        p.contains("after_sale.toml") && p.contains("definition"),
        "{p}"
    );
}

#[test]
fn names_within_a_typo_of_another_entry_are_named() {
    let (_t, dir) = copy_prompts();
    // `commision` is one letter from Commission's name: a typo of either could land on the
    // wrong entry.
    edit(
        &dir.join("glossary/money.toml"),
        "aliases = [\"sales\"",
        "aliases = [\"commision\", \"sales\"",
    );
    let p = problems(&dir);
    assert!(
        p.contains("money.toml") && p.contains("commision") && p.contains("within a typo"),
        "{p}"
    );
}

#[test]
fn a_long_first_sentence_of_a_definition_is_named() {
    let (_t, dir) = copy_prompts();
    let long = "very ".repeat(25);
    edit(
        &dir.join("glossary/after_sale.toml"),
        "definition = \"",
        &format!("definition = \"It is {long}long. "),
    );
    let p = problems(&dir);
    assert!(
        p.contains("after_sale.toml") && p.contains("first sentence") && p.contains("under 25"),
        "{p}"
    );
}

#[test]
fn a_broken_words_file_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/words.toml"),
        "filler = [",
        "fillers = [",
    );
    let p = problems(&dir);
    assert!(p.contains("words.toml") && p.contains("fillers"), "{p}");
}

#[test]
fn a_broken_guide_is_named_with_its_problem() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("guides/ctr-vs-ctor.md"),
        "summary = ",
        "summry = ",
    );
    edit(
        &dir.join("guides/clicks-no-orders.md"),
        "title = \"Clicks but no orders\"",
        "title = \"One narrow test at a time\"",
    );
    let p = problems(&dir);
    assert!(p.contains("ctr-vs-ctor.md") && p.contains("summry"), "{p}");
    assert!(
        p.contains("already has the title “One narrow test at a time”"),
        "{p}"
    );
}

#[test]
fn a_guide_over_the_length_limit_is_named() {
    let (_t, dir) = copy_prompts();
    let long = "word ".repeat(4100);
    std::fs::write(
        dir.join("guides/too-long.md"),
        format!("+++\ntitle = \"Too long\"\nsummary = \"S\"\n+++\n{long}"),
    )
    .unwrap();
    let p = problems(&dir);
    assert!(
        p.contains("too-long.md") && p.contains("at most 20000"),
        "{p}"
    );
}

#[test]
fn decode_copy_that_pushes_an_answer_past_one_phone_screen_is_named() {
    let (_t, dir) = copy_prompts();
    let long = "Still healthy. ".repeat(30);
    edit(
        &dir.join("decode.toml"),
        "meaning = \"People tap the product often enough",
        &format!("meaning = \"{long}People tap the product often enough"),
    );
    let p = problems(&dir);
    assert!(
        p.contains("decode.toml") && p.contains("over 1000 (one phone screen)"),
        "{p}"
    );
}
