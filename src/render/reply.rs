//! The neutral reply model: what to say, before it becomes a Discord embed or terminal text.

use crate::funnel::Lever;

/// What a button or select does when clicked. Its whole state travels in the `custom_id`,
/// so it still works after the bot restarts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show a glossary entry (by id).
    Define(String),
    /// The funnel-step menu of `/glossary` (the picked value is a step id).
    GlossaryStep,
    /// The entry menu of `/glossary` (the picked value is an entry id).
    GlossaryEntry,
    /// "Log a test from this" under a decode: who ran it, and its numbers (impressions,
    /// clicks, orders), which become the test's before numbers.
    LogFromDecode { owner: u64, counts: [u64; 3] },
    /// The lever menu that follows (the picked value is a lever key).
    PickLever { counts: [u64; 3] },
    /// The pop-up where the member types the change.
    LogModal { lever: Lever, counts: [u64; 3] },
    /// A page of `/test list` (0-based).
    TestPage(u32),
    /// The "open a test" menu of `/test list` (the picked value is a short test id).
    TestOpen,
    /// Confirms deleting a test (by row id; only ever within the clicker's own tests).
    TestDelete(i64),
    /// Keeps the test after all.
    TestKeep,
    /// Confirms `/privacy forget` for the clicker in the server clicked in.
    ForgetMe,
    /// Keeps the data after all.
    ForgetKeep,
}

const PREFIX: &str = "fc";

impl Action {
    pub fn custom_id(&self) -> String {
        match self {
            Action::Define(id) => format!("{PREFIX}:def:{id}"),
            Action::GlossaryStep => format!("{PREFIX}:gls"),
            Action::GlossaryEntry => format!("{PREFIX}:gle"),
            Action::LogFromDecode { owner, counts } => {
                format!("{PREFIX}:tl:{owner}:{}", join(counts))
            }
            Action::PickLever { counts } => format!("{PREFIX}:tlv:{}", join(counts)),
            Action::LogModal { lever, counts } => {
                format!("{PREFIX}:tlm:{}:{}", lever.key(), join(counts))
            }
            Action::TestPage(page) => format!("{PREFIX}:tp:{page}"),
            Action::TestOpen => format!("{PREFIX}:to"),
            Action::TestDelete(id) => format!("{PREFIX}:td:{id}"),
            Action::TestKeep => format!("{PREFIX}:tk"),
            Action::ForgetMe => format!("{PREFIX}:pf"),
            Action::ForgetKeep => format!("{PREFIX}:pk"),
        }
    }

    /// Reads a `custom_id` back; `None` for anything this bot did not make.
    pub fn parse(custom_id: &str) -> Option<Action> {
        let rest = custom_id.strip_prefix(PREFIX)?.strip_prefix(':')?;
        let (kind, arg) = rest.split_once(':').unwrap_or((rest, ""));
        match (kind, arg) {
            ("def", id) if !id.is_empty() => Some(Action::Define(id.to_owned())),
            ("gls", "") => Some(Action::GlossaryStep),
            ("gle", "") => Some(Action::GlossaryEntry),
            ("tl", rest) => {
                let (owner, counts) = rest.split_once(':')?;
                Some(Action::LogFromDecode {
                    owner: owner.parse().ok()?,
                    counts: split_counts(counts)?,
                })
            }
            ("tlv", counts) => Some(Action::PickLever {
                counts: split_counts(counts)?,
            }),
            ("tlm", rest) => {
                let (lever, counts) = rest.split_once(':')?;
                Some(Action::LogModal {
                    lever: Lever::from_key(lever)?,
                    counts: split_counts(counts)?,
                })
            }
            ("tp", page) => page.parse().ok().map(Action::TestPage),
            ("to", "") => Some(Action::TestOpen),
            ("td", id) => id.parse().ok().filter(|i| *i > 0).map(Action::TestDelete),
            ("tk", "") => Some(Action::TestKeep),
            ("pf", "") => Some(Action::ForgetMe),
            ("pk", "") => Some(Action::ForgetKeep),
            _ => None,
        }
    }
}

fn join(counts: &[u64; 3]) -> String {
    format!("{}:{}:{}", counts[0], counts[1], counts[2])
}

/// Three counts as written by [`join`]; anything else (signs, spaces, a fourth number) is
/// refused.
fn split_counts(text: &str) -> Option<[u64; 3]> {
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub label: String,
    pub value: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    pub action: Action,
    pub placeholder: String,
    pub options: Vec<SelectOption>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

/// Colours by meaning, not by look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Good,
    Caution,
    Problem,
    Unknown,
}

impl Tone {
    pub fn rgb(self) -> u32 {
        match self {
            Tone::Info => 0x5865F2,
            Tone::Good => 0x2E9E5B,
            Tone::Caution => 0xE08A1E,
            Tone::Problem => 0xD64545,
            Tone::Unknown => 0x8A94A6,
        }
    }
}

/// One answer. `title`/`description`/`fields` become an embed in Discord and plain text
/// in a terminal; buttons and selects exist only in Discord.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub title: String,
    pub description: String,
    pub tone: Tone,
    pub fields: Vec<Field>,
    pub footer: Option<String>,
    pub buttons: Vec<Button>,
    pub selects: Vec<Select>,
}

impl Reply {
    pub fn new(title: impl Into<String>, description: impl Into<String>, tone: Tone) -> Reply {
        Reply {
            title: title.into(),
            description: description.into(),
            tone,
            fields: Vec::new(),
            footer: None,
            buttons: Vec::new(),
            selects: Vec::new(),
        }
    }

    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.fields.push(Field {
            name: name.into(),
            value: value.into(),
            inline: false,
        });
        self
    }

    pub fn footer(mut self, footer: impl Into<String>) -> Reply {
        self.footer = Some(footer.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for a in [
            Action::Define("product-ctor".into()),
            Action::GlossaryStep,
            Action::GlossaryEntry,
        ] {
            assert_eq!(Action::parse(&a.custom_id()), Some(a));
        }
        assert_eq!(Action::parse("fc:def:"), None);
        assert_eq!(Action::parse("other:def:x"), None);
        assert_eq!(Action::parse("fc:zzz"), None);
    }

    #[test]
    fn test_log_custom_ids_round_trip_and_fit_discord() {
        let big = [1_000_000_000_000, 999_999_999_999, 1_000_000_000_000];
        for a in [
            Action::LogFromDecode {
                owner: u64::MAX,
                counts: big,
            },
            Action::PickLever { counts: big },
            Action::LogModal {
                lever: Lever::LinkTiming,
                counts: big,
            },
            Action::TestPage(u32::MAX),
            Action::TestOpen,
            Action::TestDelete(i64::MAX),
            Action::TestKeep,
            Action::ForgetMe,
            Action::ForgetKeep,
        ] {
            let id = a.custom_id();
            assert!(id.len() <= 100, "{id}");
            assert_eq!(Action::parse(&id), Some(a));
        }
    }

    #[test]
    fn hand_made_test_log_ids_are_refused() {
        for bad in [
            "fc:tl:1:2:3",
            "fc:tl:x:1:2:3",
            "fc:tlv:1:2",
            "fc:tlv:1:2:3:4",
            "fc:tlv:-1:2:3",
            "fc:tlv:+1:2:3",
            "fc:tlv:1: 2:3",
            "fc:tlv:99999999999999999999999:1:1",
            "fc:tlm:magic:1:2:3",
            "fc:td:-4",
            "fc:td:0",
            "fc:tp:-1",
            "fc:pf:1",
        ] {
            assert_eq!(Action::parse(bad), None, "{bad}");
        }
    }
}
