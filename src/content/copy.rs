//! The shapes of `prompts/decode.toml` and `prompts/ui.toml`. Unknown or missing keys are
//! load errors, so a typo in a prompt file is caught at start, not in front of a member.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictCopy {
    pub headline: String,
    pub meaning: String,
    pub next_test: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdicts {
    pub before_click: VerdictCopy,
    pub after_click: VerdictCopy,
    pub both: VerdictCopy,
    pub healthy: VerdictCopy,
    pub not_enough_data: VerdictCopy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSteps {
    pub ctr: String,
    pub ctor: String,
    pub both: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklists {
    pub before_click: Vec<String>,
    pub after_click: Vec<String>,
    pub not_enough_data: Vec<String>,
    pub healthy: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepCopy {
    pub ctr: String,
    pub ctor: String,
    pub order_rate: String,
    pub add_to_cart_rate: String,
    pub ctr_formula: String,
    pub ctor_formula: String,
    pub order_rate_formula: String,
    pub add_to_cart_rate_formula: String,
    pub rate: String,
    pub counts: String,
    pub no_rate: String,
    pub no_rate_orders_above_clicks: String,
    pub weak: String,
    pub ok: String,
    pub undetermined: String,
    pub settle_ctr: String,
    pub settle_ctor: String,
    pub settle_never: String,
    pub impressions_name: String,
    pub clicks_name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningCopy {
    pub orders_above_clicks: String,
    pub add_to_carts_above_clicks: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeLabels {
    pub meaning: String,
    pub checklist: String,
    pub next_test: String,
    pub warnings: String,
    pub counts: String,
    pub counts_line: String,
    pub counts_line_atc: String,
    pub footer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldNames {
    pub impressions: String,
    pub clicks: String,
    pub orders: String,
    pub add_to_carts: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeErrors {
    pub title: String,
    pub empty: String,
    pub rate: String,
    pub decimal: String,
    pub negative: String,
    pub not_a_number: String,
    pub too_large: String,
    pub clicks_above_impressions: String,
    pub clicks_without_impressions: String,
}

/// `prompts/decode.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeCopy {
    pub verdicts: Verdicts,
    pub open_steps: OpenSteps,
    pub checklists: Checklists,
    pub steps: StepCopy,
    pub warnings: WarningCopy,
    pub labels: DecodeLabels,
    pub fields: FieldNames,
    pub errors: DecodeErrors,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DefineCopy {
    pub formula: String,
    pub read: String,
    pub step: String,
    pub aliases: String,
    pub old_names: String,
    pub changed: String,
    pub use_instead: String,
    pub breakdowns: String,
    pub old_name_note: String,
    pub corrected_note: String,
    pub deleted_note: String,
    pub footer: String,
    pub unknown_title: String,
    pub unknown: String,
    pub unknown_suggestions: String,
    pub unknown_none: String,
    pub empty: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryCopy {
    pub title: String,
    pub intro: String,
    pub step_title: String,
    pub pick_step: String,
    pub pick_entry: String,
    pub count: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpCopy {
    pub title: String,
    pub intro: String,
    pub commands: Vec<String>,
    pub tip: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AboutCopy {
    pub title: String,
    pub body: String,
    pub data: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorCopy {
    pub title: String,
    pub internal: String,
    pub missing_permission: String,
    pub guild_only: String,
    pub expired_button: String,
}

/// What Discord shows for one slash command: its description and its options'.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandCopy {
    pub description: String,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
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
    pub commands: BTreeMap<String, CommandCopy>,
}
