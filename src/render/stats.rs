//! `/stats me` (the test part; the drill part is `render::drill::stats`) and `/mod stats`,
//! from `prompts/test_log.toml`.

use super::format::{clip, count};
use super::reply::{Reply, Tone};
use crate::content::{Content, TestLogCopy};
use crate::test_log::{MemberStats, ServerStats};

/// `/stats me`.
pub fn member_stats(s: &MemberStats, copy: &TestLogCopy) -> Reply {
    let c = &copy.stats;
    if s.logged == 0 {
        return Reply::new(c.title.clone(), c.empty.clone(), Tone::Info).footer(c.footer.clone());
    }
    Reply::new(c.title.clone(), String::new(), Tone::Info)
        .field(c.logged.clone(), count(s.logged))
        .field(c.done.clone(), count(s.done))
        .field(c.improved.clone(), count(s.improved))
        .field(c.weeks.clone(), count(u64::from(s.weeks_in_a_row)))
        .footer(c.footer.clone())
}

/// `/mod stats`: counts only. `lookups` are glossary entry ids with counts, `misses`
/// normalized unknown terms with counts, `corrections` normalized terms with the entry id
/// typo correction answered them with, and counts.
pub fn server_stats(
    s: &ServerStats,
    lookups: &[(String, u64)],
    misses: &[(String, u64)],
    corrections: &[(String, String, u64)],
    content: &Content,
) -> Reply {
    let c = &content.test_log.server_stats;
    let lines = |items: Vec<(String, u64)>| {
        if items.is_empty() {
            return c.none.to_string();
        }
        items
            .into_iter()
            .map(|(term, n)| c.term_line.fill(&[("term", &term), ("count", &count(n))]))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let entry_name = |id: &String| {
        content
            .glossary
            .get(id)
            .map_or_else(|| id.clone(), |e| e.name.clone())
    };
    let code = |term: &str| format!("`{}`", clip(&term.replace('`', "'"), 60));
    let known = lookups
        .iter()
        .map(|(id, n)| (format!("**{}**", clip(&entry_name(id), 80)), *n))
        .collect();
    let unknown = misses.iter().map(|(term, n)| (code(term), *n)).collect();
    let corrected = if corrections.is_empty() {
        c.none.to_string()
    } else {
        corrections
            .iter()
            .map(|(term, id, n)| {
                c.correction_line.fill(&[
                    ("term", &code(term)),
                    ("name", &format!("**{}**", clip(&entry_name(id), 80))),
                    ("count", &count(*n)),
                ])
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Reply::new(c.title.clone(), String::new(), Tone::Info)
        .field(c.members.clone(), count(s.members_active))
        .field(c.tests.clone(), count(s.tests_logged))
        .field(c.results.clone(), count(s.results_recorded))
        .field(c.drills.clone(), count(s.drills_answered))
        .field(c.top_terms.clone(), lines(known))
        .field(c.missing_terms.clone(), lines(unknown))
        .field(c.corrected_terms.clone(), corrected)
        .footer(c.footer.clone())
}
