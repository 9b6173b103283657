//! The apologies (`[errors]`, `[errors.unsaved]` and `[late]` in `ui.toml`): each one short.
//! A member who sees one has just been let down; it must read at a glance on a phone.

use std::path::Path;

use super::file;
use crate::content::{Content, Problem};

/// The most characters one apology may have: two or three short sentences.
pub const APOLOGY: usize = 300;

/// Every apology and the late answer's note are short and never empty.
pub(super) fn short(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "ui.toml");
    let e = &content.ui.errors;
    let u = &e.unsaved;
    let l = &content.ui.late;
    let sentences = [
        ("errors.title", e.title.as_str()),
        ("errors.internal", e.internal.as_str()),
        ("errors.guild_only", e.guild_only.as_str()),
        ("errors.expired_button", e.expired_button.as_str()),
        ("errors.bad_option", e.bad_option.as_str()),
        ("errors.command_changed", e.command_changed.as_str()),
        ("errors.unsaved.busy", u.busy.as_str()),
        ("errors.unsaved.full", u.full.as_str()),
        ("errors.unsaved.read_only", u.read_only.as_str()),
        ("errors.unsaved.moved", u.moved.as_str()),
        ("errors.unsaved.other", u.other.as_str()),
        ("late.title", l.title.as_str()),
        ("late.posted", l.posted.as_str()),
    ];
    for (key, text) in sentences {
        let n = text.chars().count();
        if text.trim().is_empty() {
            problems.push(Problem::new(&file, Some(key), "is empty".to_owned()));
        } else if n > APOLOGY {
            problems.push(Problem::new(
                &file,
                Some(key),
                format!("is {n} characters; an apology must read at a glance (at most {APOLOGY})"),
            ));
        }
    }
}
