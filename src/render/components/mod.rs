//! Component ids: what a button, a menu or a pop-up does, carried in its `custom_id` so it
//! still works after the bot restarts.
//!
//! Each feature owns its ids (one type and codec per feature, in its own file here) and
//! registers the kinds it answers in `bot`. Every id is `fc:<kind>[:<arguments>]`; the kinds
//! are the wire format of buttons already posted in servers, so they never change meaning.

pub mod decode;
pub mod drill;
pub mod glossary;
pub mod guide;
pub mod help;
pub mod moderation;
pub mod privacy;
pub mod reader;
pub mod remind;
pub mod test_log;

pub use decode::DecodeId;
pub use drill::{Audience, DrillId};
pub use glossary::GlossaryId;
pub use guide::GuideId;
pub use help::HelpId;
pub use moderation::ModId;
pub use privacy::PrivacyId;
pub use reader::ReaderId;
pub use remind::RemindId;
pub use test_log::TestLogId;

/// What every id starts with.
pub const ROOT: &str = "fc";

/// One kind of id a feature owns: its wire name (after `fc:`) and a name for the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub wire: &'static str,
    pub action: &'static str,
}

/// A feature's ids: written into a `custom_id` and read back.
pub trait ComponentId: Sized {
    /// Every kind this type writes, so the bot can route an id to the feature that owns it.
    const KINDS: &'static [Kind];

    fn custom_id(&self) -> String;

    /// Reads a `custom_id` back; `None` for anything this feature did not make.
    fn parse(custom_id: &str) -> Option<Self>;
}

/// The kind of an id and what follows it: `fc:tl:1:2:3:4` → `("tl", "1:2:3:4")`; `None` when
/// the id is not this bot's.
pub fn split(custom_id: &str) -> Option<(&str, &str)> {
    let rest = custom_id.strip_prefix(ROOT)?.strip_prefix(':')?;
    Some(rest.split_once(':').unwrap_or((rest, "")))
}

/// `fc:<kind>` or `fc:<kind>:<arg>`.
pub(crate) fn write(kind: &str, arg: Option<&str>) -> String {
    match arg {
        Some(arg) => format!("{ROOT}:{kind}:{arg}"),
        None => format!("{ROOT}:{kind}"),
    }
}

/// Three counts as `1:2:3`.
pub(crate) fn join_counts(counts: &[u64; 3]) -> String {
    format!("{}:{}:{}", counts[0], counts[1], counts[2])
}

/// Three counts as written by [`join_counts`]; anything else (signs, spaces, a fourth
/// number) is refused.
pub(crate) fn split_counts(text: &str) -> Option<[u64; 3]> {
    let mut out = [0u64; 3];
    let mut parts = text.split(':');
    for slot in &mut out {
        let p = parts.next()?;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = p.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_split_into_kind_and_arguments() {
        assert_eq!(split("fc:tl:1:2:3:4"), Some(("tl", "1:2:3:4")));
        assert_eq!(split("fc:gls"), Some(("gls", "")));
        assert_eq!(split("other:def:x"), None);
        assert_eq!(split("fcx:def"), None);
    }
}
