//! `/privacy`: it names every table about members (and only those), and its answers fit.

use std::path::Path;

use super::{file, too_long};
use crate::content::{Content, Problem};
use crate::member::TableCount;
use crate::render::limits;
use crate::store::privacy::MEMBER_TABLES;

/// `/privacy` says what it holds for every table about members, and only for those.
pub(super) fn tables(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "test_log.toml");
    let tables = &content.test_log.privacy.tables;
    for table in tables.keys() {
        if !MEMBER_TABLES.contains(&table.as_str()) {
            problems.push(Problem::new(
                &file,
                Some(&format!("privacy.tables.{table}")),
                "is not a table that holds member data",
            ));
        }
    }
    for table in MEMBER_TABLES {
        if !tables.contains_key(*table) {
            problems.push(Problem::new(
                &file,
                Some("privacy.tables"),
                format!("says nothing about the `{table}` table"),
            ));
        }
    }
}

/// The longest "forget me" question and answer fit Discord.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::render::privacy as r;

    let file = dir.join("test_log.toml").display().to_string();
    let copy = &content.test_log;
    let mut replies = Vec::new();
    let counts: Vec<TableCount> = MEMBER_TABLES
        .iter()
        .map(|t| TableCount {
            table: t,
            rows: u64::MAX,
        })
        .collect();
    replies.push(("privacy", r::forget_confirm(&counts, copy)));
    replies.push(("privacy", r::forgotten(&counts, copy)));
    for (key, reply) in replies {
        too_long(&file, Some(key), limits::check(&reply), problems);
    }
}
