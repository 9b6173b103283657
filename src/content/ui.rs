//! The shape of `prompts/ui.toml`: `/define` and `/glossary` labels, `/help`, `/about`,
//! errors, permission names, and what Discord shows for each command and option.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::text::{words, Count, Plural, Text};

words!(OldName: "old", "name");
words!(Corrected: "name", "term");
words!(Term: "term");
words!(Name: "name");
words!(Label: "label");
words!(Permission: "permission");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefineCopy {
    pub formula: Text,
    pub read: Text,
    pub find: Text,
    pub step: Text,
    pub aliases: Text,
    pub old_names: Text,
    pub changed: Text,
    pub use_instead: Text,
    pub breakdowns: Text,
    pub old_name_note: Text<OldName>,
    pub corrected_note: Text<Corrected>,
    pub deleted_note: Text,
    pub footer: Text,
    pub unknown_title: Text,
    pub unknown: Text<Term>,
    pub unknown_noted: Text,
    pub unknown_suggestions: Text,
    pub unknown_none: Text,
    pub empty: Text,
    /// The button to an entry's details (where to find it, other names, the views).
    pub details_button: Text,
    pub details_title: Text<Name>,
    /// The terminal's short answer ends with this line when there are details.
    pub cli_more: Text,
    /// The glossary groups that are steps of the funnel: only these show as "Funnel step".
    pub funnel_steps: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryCopy {
    pub title: Text,
    pub intro: Text,
    pub step_title: Text<Label>,
    pub pick_step: Text,
    pub pick_entry: Text,
    /// "12 terms": `one` for 1 term, `other` for more.
    pub count: Plural<Count>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpCopy {
    pub title: Text,
    pub intro: Text,
    /// The member's lines of the short page.
    pub commands: Vec<Text>,
    pub tip: Text,
    /// The placeholder of the topic menu.
    pub menu: Text,
    pub topics: Vec<HelpTopic>,
}

/// One topic behind the `/help` menu.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpTopic {
    pub id: String,
    pub label: Text,
    pub description: Text,
    pub text: Text,
    /// Shown in the menu to moderators only.
    #[serde(default)]
    pub moderators: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AboutCopy {
    pub title: Text,
    pub body: Text,
    pub data: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCopy {
    pub title: Text,
    pub internal: Text,
    pub missing_permission: Text<Permission>,
    pub guild_only: Text,
    pub expired_button: Text,
    pub bad_option: Text,
    /// A member's app still shows a command as it was before an update.
    pub command_changed: Text,
    /// The store could not do it: one sentence per reason.
    pub unsaved: UnsavedCopy,
}

/// Why the store did not save something, in a member's words (each kind of the store's
/// `Unsaved`): what happened, that nothing was changed, and what to do.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnsavedCopy {
    /// Another program holds the database's lock: try again in a minute.
    pub busy: Text,
    /// The disk under the database is full.
    pub full: Text,
    /// The database cannot be written (a read-only file or disk).
    pub read_only: Text,
    /// The database file was deleted or replaced while the bot ran.
    pub moved: Text,
    /// Anything else.
    pub other: Text,
}

/// The private note a deferred command leaves when its answer is public: "thinking…" can
/// only become a private message, so the public answer follows as its own.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LateCopy {
    pub title: Text,
    pub posted: Text,
}

/// Permission names, as Discord's app shows them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionNames {
    pub manage_guild: Text,
    pub manage_messages: Text,
    pub other: Text,
}

/// What Discord shows for one slash command: its description and its options'.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandCopy {
    pub description: String,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
    /// Names shown for an option's fixed choices, in the order the code declares them.
    #[serde(default)]
    pub choices: BTreeMap<String, Vec<String>>,
    /// The command's line in `/help`, shown only to members who may use it (after the
    /// general lines of `[help]`).
    #[serde(default)]
    pub help: Option<Text>,
}

/// `prompts/ui.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiCopy {
    pub define: DefineCopy,
    pub glossary: GlossaryCopy,
    pub help: HelpCopy,
    pub about: AboutCopy,
    pub errors: ErrorCopy,
    pub late: LateCopy,
    pub permissions: PermissionNames,
    pub commands: BTreeMap<String, CommandCopy>,
}

impl UiCopy {
    /// What `ui.toml` names that the glossary must have (each funnel step), and help topics
    /// with plain, unique ids.
    pub fn problems(
        &self,
        glossary: &crate::glossary::Glossary,
        file: &str,
    ) -> Vec<super::Problem> {
        let mut out: Vec<super::Problem> = self
            .define
            .funnel_steps
            .iter()
            .filter(|id| glossary.step(id).is_none())
            .map(|id| {
                super::Problem::new(
                    file,
                    Some("define.funnel_steps"),
                    format!("`{id}` is not a step in glossary/steps.toml"),
                )
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        for t in &self.help.topics {
            let plain = !t.id.is_empty()
                && t.id.len() <= 40
                && t.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            if !plain || !seen.insert(t.id.as_str()) {
                out.push(super::Problem::new(
                    file,
                    Some("help.topics"),
                    format!(
                        "topic id `{}` must be unique, 1 to 40 lowercase letters or hyphens",
                        t.id
                    ),
                ));
            }
        }
        out
    }
}
