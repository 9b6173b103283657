//! `/stats me` and `/mod stats`: the longest answers fit.

use std::path::Path;

use super::too_long;
use crate::content::{Content, Problem};
use crate::render::limits;
use crate::test_log::{MemberStats, ServerStats};

/// The longest `/stats me` and `/mod stats` answers (in `test_log.toml`) fit Discord.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::render::stats as r;

    let file = dir.join("test_log.toml").display().to_string();
    let copy = &content.test_log;
    let mut replies = Vec::new();
    replies.push((
        "stats",
        r::member_stats(
            &MemberStats {
                logged: 999_999,
                done: 999_999,
                improved: 999_999,
                weeks_in_a_row: 999,
            },
            copy,
        ),
    ));
    let terms: Vec<(String, u64)> = (0..5).map(|i| ("W".repeat(100 + i), u64::MAX)).collect();
    let longest_name = content
        .glossary
        .entries()
        .iter()
        .max_by_key(|e| e.name.chars().count())
        .map_or_else(String::new, |e| e.id.clone());
    let corrections: Vec<(String, String, u64)> = (0..5)
        .map(|i| ("W".repeat(100 + i), longest_name.clone(), u64::MAX))
        .collect();
    replies.push((
        "server_stats",
        r::server_stats(
            &ServerStats {
                members_active: u64::MAX,
                tests_logged: u64::MAX,
                results_recorded: u64::MAX,
                drills_answered: u64::MAX,
            },
            &terms,
            &terms,
            &corrections,
            content,
        ),
    ));
    for (key, reply) in replies {
        too_long(&file, Some(key), limits::check(&reply), problems);
    }
}
