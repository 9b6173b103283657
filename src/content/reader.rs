//! The shape of `prompts/reader.toml`: what "Decode this" (the message command) and
//! `funnel-coach decode --from-text` say about a reading: the command's name, the line above the
//! answer, the notes, the pop-up, the no-numbers line, the share and other-numbers buttons.

use serde::Deserialize;

use super::text::{words, ByKey, Text};
use crate::funnel::reader::RateKind;

words!(Counts: "counts");
words!(RateNote: "rate", "stated", "counted");
words!(Written: "written");
words!(Fields: "fields");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadCopy {
    /// "From the message: {counts}".
    pub lead: Text<Counts>,
    /// The message holds other sets of numbers: the buttons below decode them.
    pub more: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotesCopy {
    pub items_sold: Text,
    pub rate: Text<RateNote>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopupCopy {
    pub title: Text,
    pub impressions: Text,
    pub clicks: Text,
    pub orders: Text,
    pub add_to_carts: Text,
    pub placeholder: Text,
    pub missing: Text,
    pub not_a_count: Text<Written>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoNumbersCopy {
    pub title: Text,
    pub text: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareCopy {
    pub button: Text,
    pub done: Text,
    pub cannot_post_title: Text,
    pub cannot_post: Text,
    pub gone: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlternativesCopy {
    pub button: Text<Counts>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CliCopy {
    pub confirm: Text,
    pub missing: Text<Fields>,
    pub unsure: Text<Fields>,
    pub run: Text,
}

/// `prompts/reader.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderCopy {
    /// The message command's name in the Apps menu.
    pub name: Text,
    pub read: ReadCopy,
    pub notes: NotesCopy,
    /// Each rate's name in the rate note.
    pub rates: ByKey<RateKind, Text>,
    pub popup: PopupCopy,
    pub no_numbers: NoNumbersCopy,
    pub share: ShareCopy,
    pub alternatives: AlternativesCopy,
    pub cli: CliCopy,
}
