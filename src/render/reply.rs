//! The neutral reply model: what to say, before it becomes a Discord embed or terminal text.

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
}

const PREFIX: &str = "fc";

impl Action {
    pub fn custom_id(&self) -> String {
        match self {
            Action::Define(id) => format!("{PREFIX}:def:{id}"),
            Action::GlossaryStep => format!("{PREFIX}:gls"),
            Action::GlossaryEntry => format!("{PREFIX}:gle"),
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
            _ => None,
        }
    }
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
}
