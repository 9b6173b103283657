//! The shape of `prompts/mod.toml`: what `/mod` says to moderators, and the welcome posted
//! when the bot joins a server.

use serde::Deserialize;

use super::text::{words, ByKey, Text};
use crate::moderation::{Action, TargetProblem};

words!(Title: "title");
words!(TitleChannel: "title", "channel");
words!(Channel: "channel");
words!(TitleMax: "title", "max");
words!(Max: "max");
words!(Targets: "ctr", "ctor");
words!(Zone: "zone");
words!(Field: "field");
words!(Changed: "moderator", "date");
words!(Logged: "action", "detail", "moderator", "date");
words!(Problem: "problem");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModGuideCopy {
    pub posted_title: Text,
    pub posted: Text<TitleChannel>,
    pub jump: Text,
    pub posting: Text<TitleChannel>,
    pub cannot_post: Text<Channel>,
    pub not_here: Text,
    pub post_failed: Text<Channel>,
    pub saved_title: Text,
    pub added: Text<Title>,
    pub edited: Text<Title>,
    pub deleted: Text<Title>,
    pub kept: Text,
    pub delete_confirm_title: Text,
    pub delete_confirm: Text<Title>,
    pub delete_button: Text,
    pub keep_button: Text,
    pub builtin_delete: Text<Title>,
    pub title_taken: Text<Title>,
    pub too_long_for_popup: Text<TitleMax>,
    pub modal_add: Text,
    pub modal_edit: Text,
    pub title_label: Text,
    pub title_placeholder: Text,
    pub body_label: Text,
    pub body_placeholder: Text,
    pub empty_title: Text,
    pub long_title: Text<Max>,
    pub empty_body: Text,
    pub long_body: Text<Max>,
    pub upload_wrong_type: Text,
    pub upload_too_big: Text<Max>,
    pub upload_not_text: Text,
    pub upload_broken: Text<Problem>,
    pub upload_failed: Text,
    pub uploaded: Text<Title>,
    pub replace_confirm_title: Text,
    pub replace_confirm: Text<Title>,
    pub replace_button: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsCopy {
    pub show_title: Text,
    pub thresholds: Text,
    pub thresholds_value: Text<Targets>,
    pub guide_channel: Text,
    pub guide_channel_none: Text,
    pub timezone: Text,
    pub timezone_none: Text,
    pub changed: Text<Changed>,
    pub never_changed: Text,
    pub saved_title: Text,
    pub thresholds_saved: Text<Targets>,
    pub channel_saved: Text<Channel>,
    pub timezone_saved: Text<Zone>,
    pub unknown_zone: Text<Zone>,
    pub channel_not_text: Text,
    /// Why a typed target is refused, by reason; `{field}` is CTR or CTOR.
    pub target: ByKey<TargetProblem, Text<Field>>,
    pub recent_title: Text,
    pub recent_line: Text<Logged>,
    pub recent_none: Text,
    /// What each kind of change is called in the list of recent changes.
    pub actions: ByKey<Action, Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WelcomeCopy {
    pub title: Text,
    pub body: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModCopy {
    pub error_title: Text,
    pub guide: ModGuideCopy,
    pub settings: SettingsCopy,
    pub welcome: WelcomeCopy,
}
