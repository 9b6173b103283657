//! `/privacy forget`: the question before anything is deleted and what was, from
//! `prompts/test_log.toml`.

use super::components::{ComponentId, PrivacyId};
use super::format::count;
use super::reply::{Button, Reply, Tone};
use crate::content::TestLogCopy;
use crate::member::TableCount;

/// "logged tests: 3, …" for the tables that hold rows (all of them when none do).
pub fn tables_summary(counts: &[TableCount], copy: &TestLogCopy) -> String {
    counts
        .iter()
        .filter(|c| c.rows > 0)
        .map(|c| {
            let n = count(c.rows);
            // `funnel-coach check` makes sure every table about members has its words.
            match copy.privacy.tables.get(c.table) {
                Some(words) => words.fill(&[("count", &n)]),
                None => format!("{}: {n}", c.table),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Nothing stored" when every table is empty.
fn nothing_stored(counts: &[TableCount], copy: &TestLogCopy) -> Option<Reply> {
    let p = &copy.privacy;
    counts.iter().all(|c| c.rows == 0).then(|| {
        Reply::new(
            p.nothing_title.to_string(),
            p.nothing.to_string(),
            Tone::Info,
        )
    })
}

/// The question before `/privacy forget` deletes anything.
pub fn forget_confirm(counts: &[TableCount], copy: &TestLogCopy) -> Reply {
    let p = &copy.privacy;
    if let Some(nothing) = nothing_stored(counts, copy) {
        return nothing;
    }
    let mut reply = Reply::new(
        p.forget_title.to_string(),
        p.forget_body
            .fill(&[("summary", &tables_summary(counts, copy))]),
        Tone::Caution,
    );
    reply.buttons.push(Button {
        label: p.forget_yes.to_string(),
        custom_id: PrivacyId::Forget.custom_id(),
    });
    reply.buttons.push(Button {
        label: p.forget_no.to_string(),
        custom_id: PrivacyId::Keep.custom_id(),
    });
    reply
}

/// What `/privacy forget` deleted.
pub fn forgotten(counts: &[TableCount], copy: &TestLogCopy) -> Reply {
    let p = &copy.privacy;
    if let Some(nothing) = nothing_stored(counts, copy) {
        return nothing;
    }
    Reply::new(
        p.forgotten_title.to_string(),
        p.forgotten
            .fill(&[("summary", &tables_summary(counts, copy))]),
        Tone::Good,
    )
}

pub fn forget_kept(copy: &TestLogCopy) -> Reply {
    Reply::new(
        copy.privacy.kept_title.to_string(),
        copy.privacy.kept.to_string(),
        Tone::Info,
    )
}
