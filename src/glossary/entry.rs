//! What a glossary entry holds. Entries are written by people in `prompts/glossary/`.

use serde::{Deserialize, Serialize};

/// A ratio: numerator ÷ denominator.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Formula {
    pub numerator: String,
    pub denominator: String,
}

/// Whether Seller Center still shows a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Current,
    Deleted,
}

/// One glossary entry, as written in a `prompts/glossary/<step>.toml` file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Names Seller Center used before a rename; they match a search too.
    #[serde(default)]
    pub old_names: Vec<String>,
    pub definition: String,
    #[serde(default)]
    pub formula: Option<Formula>,
    pub read: String,
    /// The short answer to "what is a good …?" / "is my … good?", shown first when a member
    /// asks that way. Only where the seeds (or this bot's own targets) support an answer.
    #[serde(default)]
    pub good: Option<String>,
    /// Where a creator and a seller see this number.
    #[serde(default)]
    pub find: Option<String>,
    #[serde(default)]
    pub changed: Option<String>,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub use_instead: Vec<String>,
    #[serde(default)]
    pub breakdowns: Vec<String>,
    #[serde(default)]
    pub related: Vec<String>,
    /// The funnel step: the file the entry was written in.
    #[serde(skip_deserializing)]
    pub step: String,
}

impl Entry {
    /// Every way of naming this entry, with whether it is an old name.
    pub fn names(&self) -> impl Iterator<Item = (&str, NameKind)> {
        std::iter::once((self.name.as_str(), NameKind::Name))
            .chain(
                self.abbreviation
                    .iter()
                    .map(|a| (a.as_str(), NameKind::Abbreviation)),
            )
            .chain(self.full_name.iter().map(|a| (a.as_str(), NameKind::Alias)))
            .chain(self.aliases.iter().map(|a| (a.as_str(), NameKind::Alias)))
            .chain(
                self.old_names
                    .iter()
                    .map(|a| (a.as_str(), NameKind::OldName)),
            )
    }

    /// "Product CTOR (CTOR)", or just the name.
    pub fn title(&self) -> String {
        match &self.abbreviation {
            Some(a) if !self.name.contains(a.as_str()) => format!("{} ({a})", self.name),
            _ => self.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    Name,
    Abbreviation,
    Alias,
    OldName,
}

/// A funnel step used to browse the glossary.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StepInfo {
    pub id: String,
    pub label: String,
    pub blurb: String,
}

/// Words the matching treats specially, from `prompts/glossary/words.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MatchWords {
    /// Everyday English words: typed alone, one of these is never "corrected" into a
    /// different term (`shares` is not a typo of `sales`).
    #[serde(default)]
    pub common: Vec<String>,
    /// Question words a multi-word question may hold around the terms it names
    /// (`why`, `what`, `vs`); `no` is not one of them, it changes the meaning.
    #[serde(default)]
    pub filler: Vec<String>,
    /// Words that make a question about a term a "what is a good …?" question (`good`,
    /// `normal`, `ok`). They are question words too, so `is my ctr good` still names CTR.
    #[serde(default)]
    pub good: Vec<String>,
}
