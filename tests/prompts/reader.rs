//! `prompts/reader.toml` ("Decode this"): the shipped copy loads and fits, and broken copy is
//! refused naming the file, the key and the problem.

use crate::prompts::{copy_prompts, edit, problems};

#[test]
fn broken_decode_this_copy_is_refused_naming_the_key() {
    for (from, to, says) in [
        (
            r#"name = "Decode this""#,
            r#"name = "Decode this numbers for me please now""#,
            "reader.toml: name: is 37 characters; Discord allows 32 here",
        ),
        (
            r#"name = "Decode this""#,
            r#"name = "Decode: this""#,
            "reader.toml: name: a command name holds only letters",
        ),
        (
            r#"name = "Decode this""#,
            r#"name = "Read these""#,
            "reader.toml: name: /help (ui.toml [help] commands) has no line naming “Read these”",
        ),
        (
            r#"title = "Check the numbers""#,
            r#"title = "Check the numbers I read in this message, please""#,
            "reader.toml: popup.title: is 48 characters; Discord allows 45 here",
        ),
        (
            r#"button = "Share in channel""#,
            &format!(r#"button = "{}""#, "Share ".repeat(14)),
            "reader.toml: share.button: is 84 characters; Discord allows 80 here",
        ),
        (
            r#"rate = "You wrote {rate} {stated}"#,
            r#"rate = "You wrote {rate} {typed}"#,
            "reader.toml: notes.rate: line",
        ),
        (
            r#"more = "The message has more numbers: tap one below to decode it.""#,
            &format!(r#"more = "{}""#, "There are more numbers. ".repeat(12)),
            "reader.toml: read: the line above the card, with every note, is",
        ),
        (r#"unknown = "a rate""#, "", "missing key `unknown`"),
        (
            r#"cannot_post = "I'm not allowed"#,
            r#"cannot_post = "Ask for the Wilson interval. I'm not allowed"#,
            "uses “Wilson”",
        ),
    ] {
        let (_tmp, dir) = copy_prompts();
        edit(&dir.join("reader.toml"), from, to);
        let found = problems(&dir);
        assert!(found.contains(says), "{from} → {to}: {found}");
    }
}
