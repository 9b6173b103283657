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

/// Why a step cannot be judged yet (`{why}` in the not-enough-data meaning).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenReasons {
    pub small_numbers: String,
    pub no_numbers: String,
    pub numbers_do_not_line_up: String,
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
    pub no_rate_mismatch: String,
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
    pub open_reasons: OpenReasons,
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
    pub unknown_noted: String,
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
    pub bad_option: String,
    /// A member's app still shows a command as it was before an update.
    pub command_changed: String,
}

/// Permission names, as Discord's app shows them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PermissionNames {
    pub manage_guild: String,
    pub manage_messages: String,
    pub other: String,
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
    pub help: Option<String>,
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
    pub permissions: PermissionNames,
    pub commands: BTreeMap<String, CommandCopy>,
}

/// One lever as members see it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverCopy {
    pub label: String,
    pub short: String,
    pub hint: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeversCopy {
    pub product_fit: LeverCopy,
    pub proof: LeverCopy,
    pub offer: LeverCopy,
    pub expectation: LeverCopy,
    pub promise: LeverCopy,
    pub visibility: LeverCopy,
    pub link_timing: LeverCopy,
    pub cta: LeverCopy,
    pub hook: LeverCopy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestLabels {
    pub before: String,
    pub after: String,
    pub status: String,
    pub note: String,
    pub next: String,
    pub open: String,
    pub counts: String,
    pub no_numbers: String,
    pub footer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenCopy {
    pub today: String,
    pub yesterday: String,
    pub days: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogCopy {
    pub title: String,
    pub description: String,
    pub no_before: String,
    pub next: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FromDecodeCopy {
    pub button: String,
    pub title: String,
    pub body: String,
    pub placeholder: String,
    pub modal_title: String,
    pub change_label: String,
    pub change_placeholder: String,
    pub not_yours: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryCopy {
    pub headline: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummariesCopy {
    pub improved: SummaryCopy,
    pub worse: SummaryCopy,
    pub mixed: SummaryCopy,
    pub not_clear: SummaryCopy,
    pub no_data: SummaryCopy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCopy {
    pub title: String,
    pub no_before: String,
    pub rates: String,
    pub change: String,
    pub change_from_zero: String,
    pub settle_ctr: String,
    pub settle_ctor: String,
    pub settle_never: String,
    pub chance_over: String,
    pub chance_under: String,
    /// Shown in place of a rate there is none of (no impressions, or no clicks).
    pub no_rate: String,
    pub footer: String,
    pub summary: SummariesCopy,
}

/// A number with its word: `one` when the number is 1 ("1 click"), `other` for every other
/// number ("0 clicks", "2 clicks"). `{n}` is the number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountCopy {
    pub one: String,
    pub other: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountsCopy {
    pub impressions: AmountCopy,
    pub clicks: AmountCopy,
    pub orders: AmountCopy,
    pub tests: AmountCopy,
    pub more_impressions: AmountCopy,
    pub more_clicks: AmountCopy,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomesCopy {
    pub improved: String,
    pub worse: String,
    pub not_clear: String,
    pub no_trials: String,
    pub orders_above_clicks: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeWords {
    pub improved: String,
    pub worse: String,
    pub not_clear: String,
    pub no_data: String,
    pub mixed: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListCopy {
    pub title: String,
    pub empty: String,
    pub line: String,
    pub status_open: String,
    pub status_done: String,
    pub page: String,
    pub previous: String,
    pub next: String,
    pub open_placeholder: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowCopy {
    pub title: String,
    pub waiting: String,
    pub logged: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutocompleteCopy {
    pub label: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteCopy {
    pub title: String,
    pub body: String,
    pub yes: String,
    pub no: String,
    pub done_title: String,
    pub done: String,
    pub kept_title: String,
    pub kept: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportCopy {
    pub message: String,
    pub empty: String,
    pub filename: String,
}

/// Column names of the CSV export.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvCopy {
    pub id: String,
    pub lever: String,
    pub change: String,
    pub status: String,
    pub logged: String,
    pub updated: String,
    pub before_impressions: String,
    pub before_clicks: String,
    pub before_orders: String,
    pub after_impressions: String,
    pub after_clicks: String,
    pub after_orders: String,
    pub ctr_result: String,
    pub ctor_result: String,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestErrors {
    pub title: String,
    pub not_found: String,
    pub bad_id: String,
    pub already_done: String,
    pub partial_counts: String,
    pub change_empty: String,
    pub change_too_long: String,
    pub note_too_long: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsCopy {
    pub title: String,
    pub logged: String,
    pub done: String,
    pub improved: String,
    pub weeks: String,
    pub empty: String,
    pub footer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerStatsCopy {
    pub title: String,
    pub members: String,
    pub tests: String,
    pub results: String,
    pub top_terms: String,
    pub missing_terms: String,
    pub term_line: String,
    pub none: String,
    pub footer: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyCopy {
    pub export_title: String,
    pub export_message: String,
    pub export_filename: String,
    pub forget_title: String,
    pub forget_body: String,
    pub nothing_title: String,
    pub nothing: String,
    pub forget_yes: String,
    pub forget_no: String,
    pub forgotten_title: String,
    pub forgotten: String,
    pub kept_title: String,
    pub kept: String,
    /// What each table about members holds, by table name (`{count}` rows).
    pub tables: BTreeMap<String, String>,
}

/// `prompts/test_log.toml`: `/test`, `/stats`, `/privacy` and the log-a-test button.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestLogCopy {
    pub levers: LeversCopy,
    pub labels: TestLabels,
    pub amounts: AmountsCopy,
    pub when: WhenCopy,
    pub log: LogCopy,
    pub from_decode: FromDecodeCopy,
    pub result: ResultCopy,
    pub outcomes: OutcomesCopy,
    pub outcome_words: OutcomeWords,
    pub list: ListCopy,
    pub show: ShowCopy,
    pub autocomplete: AutocompleteCopy,
    pub delete: DeleteCopy,
    pub export: ExportCopy,
    pub csv: CsvCopy,
    pub errors: TestErrors,
    pub stats: StatsCopy,
    pub server_stats: ServerStatsCopy,
    pub privacy: PrivacyCopy,
}

impl TestLogCopy {
    pub fn lever(&self, lever: crate::funnel::Lever) -> &LeverCopy {
        use crate::funnel::Lever;
        let l = &self.levers;
        match lever {
            Lever::ProductFit => &l.product_fit,
            Lever::Proof => &l.proof,
            Lever::Offer => &l.offer,
            Lever::Expectation => &l.expectation,
            Lever::Promise => &l.promise,
            Lever::Visibility => &l.visibility,
            Lever::LinkTiming => &l.link_timing,
            Lever::Cta => &l.cta,
            Lever::Hook => &l.hook,
        }
    }
}
