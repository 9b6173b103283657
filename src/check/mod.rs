//! `funnel-coach check`, also run at every start: the prompts load (each file checked by
//! `content`), and then what only the rendered answers can tell — every glossary entry, every
//! verdict, the longest answer of every command fits Discord's limits — and what needs the
//! store too: every table about members has words in `/privacy`. One file per feature; this
//! one runs them all and holds the helpers they share.
//! This module sits above `content`, `render` and `store`; none of them imports it.

mod chart;
mod commands;
mod decode;
mod drill;
mod errors;
mod glossary;
mod guide;
mod jargon;
mod privacy;
mod reader;
mod remind;
mod report;
mod stats;
mod test_log;

use std::path::Path;

use crate::content::{Content, Problem, Problems};

pub use drill::DRILL_SEEDS;

/// Loads `dir` and checks everything the bot could show from it.
pub fn prompts(dir: &Path) -> Result<Content, Problems> {
    let content = Content::load(dir)?;
    let mut problems = Vec::new();
    for check in [
        glossary::menus,
        commands::descriptions,
        errors::short,
        test_log::labels,
        privacy::tables,
        glossary::rendered,
        decode::rendered,
        test_log::rendered,
        stats::rendered,
        privacy::rendered,
        chart::words,
        guide::rendered,
        drill::rendered,
        report::rendered,
        remind::rendered,
        reader::rendered,
        jargon::words,
    ] {
        check(&content, dir, &mut problems);
    }
    if problems.is_empty() {
        Ok(content)
    } else {
        Err(Problems(problems))
    }
}

fn file(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

/// Each way an answer breaks Discord's limits (`limits::check`), as a problem of `file` at
/// `key`.
fn too_long(file: &str, key: Option<&str>, violations: Vec<String>, problems: &mut Vec<Problem>) {
    for v in violations {
        problems.push(Problem::new(
            file,
            key,
            format!("too long for Discord: {v}"),
        ));
    }
}

/// A short text with a hard Discord limit (button label, modal title, menu text…).
fn short(file: &str, key: &str, text: &str, max: usize, problems: &mut Vec<Problem>) {
    let n = text.chars().count();
    if n > max {
        problems.push(Problem::new(
            file,
            Some(key),
            format!("is {n} characters; Discord allows {max} here"),
        ));
    }
}

/// File names the bot attaches: plain, with the right extension.
fn file_name(file: &str, key: &str, text: &str, ext: &str, problems: &mut Vec<Problem>) {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain || !text.ends_with(ext) || text.len() > 60 || text.len() <= ext.len() {
        problems.push(Problem::new(
            file,
            Some(key),
            format!("must be a plain file name (a-z, 0-9, - _ .) ending in {ext}"),
        ));
    }
}
