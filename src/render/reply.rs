//! The neutral reply model: what to say, before it becomes a Discord embed or terminal text.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    /// What the click does, written by the feature's id type (see [`super::components`]).
    pub custom_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectOption {
    pub label: String,
    pub value: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Select {
    /// What picking does, written by the feature's id type (see [`super::components`]).
    pub custom_id: String,
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
            Tone::Info => 0x0058_65F2,
            Tone::Good => 0x002E_9E5B,
            Tone::Caution => 0x00E0_8A1E,
            Tone::Problem => 0x00D6_4545,
            Tone::Unknown => 0x008A_94A6,
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
    /// The name of a picture attached to the same message, shown inside the embed (the
    /// funnel chart); Discord only.
    pub image: Option<String>,
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
            image: None,
            buttons: Vec::new(),
            selects: Vec::new(),
        }
    }

    #[must_use]
    pub fn field(mut self, name: impl Into<String>, value: impl Into<String>) -> Reply {
        self.fields.push(Field {
            name: name.into(),
            value: value.into(),
            inline: false,
        });
        self
    }

    #[must_use]
    pub fn footer(mut self, footer: impl Into<String>) -> Reply {
        self.footer = Some(footer.into());
        self
    }

    /// Shows the attached picture `filename` in the embed.
    #[must_use]
    pub fn image(mut self, filename: impl Into<String>) -> Reply {
        self.image = Some(filename.into());
        self
    }
}

/// Several embeds in one message (a page of a guide); its buttons belong to the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Each becomes one embed: title, description, footer.
    pub embeds: Vec<Reply>,
    pub buttons: Vec<Button>,
}
