//! The shape of `prompts/test_log.toml`: `/test`, `/stats`, `/privacy` and the log-a-test
//! button. Levers, steps and result summaries are tables keyed by the domain's values.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::text::{words, ByKey, Count, More, Text, TrialsName};
use crate::funnel::{Lever, StepKind, Summary};

words!(
    /// A number with its word; the number must show.
    N: "n"; required "n"
);
words!(CountsWords: "impressions", "clicks", "orders");
words!(Days: "days");
words!(Id: "id");
words!(LeverChange: "lever", "change");
words!(CountsText: "counts");
words!(LeverName: "lever");
words!(IdLever: "id", "lever");
words!(Rates: "before", "before_counts", "after", "after_counts");
words!(Change: "points", "relative");
words!(Points: "points");
words!(Chance: "chance");
words!(ListLine: "id", "lever", "status", "when", "change");
words!(SummaryWord: "summary");
words!(Page: "page", "pages", "tests");
words!(When: "when");
words!(ChoiceLabel: "id", "lever", "change", "when");
words!(Tests: "tests");
words!(Input: "input");
words!(Max: "max");
words!(TermLine: "term", "count");
words!(CorrectionLine: "term", "name", "count");

/// One lever as members see it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverCopy {
    pub label: Text,
    pub short: Text,
    pub hint: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestLabels {
    pub before: Text,
    pub after: Text,
    pub status: Text,
    pub note: Text,
    pub next: Text,
    pub open: Text,
    pub counts: Text<CountsWords>,
    pub no_numbers: Text,
    pub footer: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenCopy {
    pub today: Text,
    pub yesterday: Text,
    pub days: Text<Days>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogCopy {
    pub title: Text<Id>,
    pub description: Text<LeverChange>,
    pub no_before: Text,
    pub next: Text<Id>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FromDecodeCopy {
    pub button: Text,
    pub title: Text,
    pub body: Text<CountsText>,
    pub placeholder: Text,
    pub modal_title: Text<LeverName>,
    pub change_label: Text,
    pub change_placeholder: Text,
    pub not_yours: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryCopy {
    pub headline: Text,
    pub meaning: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCopy {
    pub title: Text<IdLever>,
    pub no_before: Text,
    pub rates: Text<Rates>,
    pub change: Text<Change>,
    pub change_from_zero: Text<Points>,
    /// "About {more} on the new version…", by step ({more} counts that step's trials).
    pub settle: ByKey<StepKind, Text<More>>,
    pub settle_never: Text,
    pub chance_over: Text,
    pub chance_under: Text,
    /// Shown in place of a rate there is none of (no impressions, or no clicks).
    pub no_rate: Text,
    pub footer: Text,
    pub summary: ByKey<Summary, SummaryCopy>,
}

/// A number with its word: `one` when the number is 1 ("1 click"), `other` for every other
/// number ("0 clicks", "2 clicks"). `{n}` is the number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountCopy {
    pub one: Text<N>,
    pub other: Text<N>,
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
    pub improved: Text<Chance>,
    pub worse: Text<Chance>,
    pub not_clear: Text<Chance>,
    pub no_trials: Text<TrialsName>,
    pub orders_above_clicks: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListCopy {
    pub title: Text,
    pub empty: Text,
    pub line: Text<ListLine>,
    pub status_open: Text,
    pub status_done: Text<SummaryWord>,
    pub page: Text<Page>,
    pub previous: Text,
    pub next: Text,
    pub open_placeholder: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShowCopy {
    pub title: Text<IdLever>,
    pub waiting: Text<Id>,
    pub logged: Text<When>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AutocompleteCopy {
    pub label: Text<ChoiceLabel>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteCopy {
    pub title: Text<Id>,
    pub body: Text<LeverChange>,
    pub yes: Text,
    pub no: Text,
    pub done_title: Text<Id>,
    pub done: Text,
    pub kept_title: Text,
    pub kept: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportCopy {
    pub message: Text<Tests>,
    pub empty: Text,
    pub filename: Text,
}

/// Column names of the CSV export.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvCopy {
    pub id: Text,
    pub lever: Text,
    pub change: Text,
    pub status: Text,
    pub logged: Text,
    pub updated: Text,
    pub before_impressions: Text,
    pub before_clicks: Text,
    pub before_orders: Text,
    pub after_impressions: Text,
    pub after_clicks: Text,
    pub after_orders: Text,
    pub ctr_result: Text,
    pub ctor_result: Text,
    pub note: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestErrors {
    pub title: Text,
    pub not_found: Text<Id>,
    pub bad_id: Text<Input>,
    pub already_done: Text<Id>,
    pub partial_counts: Text,
    pub change_empty: Text,
    pub change_too_long: Text<Max>,
    pub note_too_long: Text<Max>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsCopy {
    pub title: Text,
    pub logged: Text,
    pub done: Text,
    pub improved: Text,
    pub weeks: Text,
    pub empty: Text,
    pub footer: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerStatsCopy {
    pub title: Text,
    pub members: Text,
    pub tests: Text,
    pub results: Text,
    pub drills: Text,
    pub top_terms: Text,
    pub missing_terms: Text,
    pub term_line: Text<TermLine>,
    pub corrected_terms: Text,
    pub correction_line: Text<CorrectionLine>,
    pub none: Text,
    pub footer: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyCopy {
    pub export_title: Text,
    pub export_message: Text,
    pub export_filename: Text,
    pub forget_title: Text,
    pub forget_body: Text<SummaryWord>,
    pub nothing_title: Text,
    pub nothing: Text,
    pub forget_yes: Text,
    pub forget_no: Text,
    pub forgotten_title: Text,
    pub forgotten: Text<SummaryWord>,
    pub kept_title: Text,
    pub kept: Text,
    /// What each table about members holds, by table name (`{count}` rows).
    pub tables: BTreeMap<String, Text<Count>>,
}

/// `prompts/test_log.toml`: `/test`, `/stats`, `/privacy` and the log-a-test button.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestLogCopy {
    pub levers: ByKey<Lever, LeverCopy>,
    pub labels: TestLabels,
    pub amounts: AmountsCopy,
    pub when: WhenCopy,
    pub log: LogCopy,
    pub from_decode: FromDecodeCopy,
    pub result: ResultCopy,
    pub outcomes: OutcomesCopy,
    pub outcome_words: ByKey<Summary, Text>,
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
