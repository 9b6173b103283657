//! The shape of `prompts/decode.toml`: everything `/decode` and `funnel-coach decode` say.
//! Verdicts, checklists, steps, warnings, fields and count problems are tables keyed by
//! the domain's values, so each one has its copy or the file does not load.

use serde::Deserialize;

use super::text::{words, ByKey, Count, Key, Plural, Text, TrialsName};
use crate::funnel::{CountProblem, Field, Focus, Judgement, StepKind, Verdict, Warning};

words!(
    /// The not-enough-data meaning names the open step(s) and why they are open.
    Meaning: "open_steps", "why"
);
words!(Rate: "value", "low", "high", "successes", "trials");
words!(
    /// A step that is too early to judge, so far: the target and "310 clicks".
    SoFar: "threshold", "amount"
);
words!(Amount: "amount");
words!(OfTrials: "successes", "trials");
words!(StepName: "step");
words!(Threshold: "threshold");
words!(CountsLine: "impressions", "clicks", "orders");
words!(CountsLineAtc: "impressions", "clicks", "orders", "add_to_carts");
words!(
    /// What was typed, in which field.
    Typed: "field", "input"
);
words!(ClicksAbove: "clicks", "impressions");
words!(Clicks: "clicks");
words!(
    /// The chart's alt text: the verdict's headline, the counts and the rates, in words.
    ChartAlt: "headline", "counts", "rates"
);
words!(ChartCount: "stage", "count");
words!(ChartRate: "step", "value", "people", "low", "high");
words!(ChartNoRate: "step", "why");
words!(
    /// One side of the before/after chart in words.
    ChartSide: "side", "headline", "counts", "rates"
);
words!(ChartPair: "before", "after");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictCopy {
    pub headline: Text,
    pub meaning: Text<Meaning>,
    pub next_test: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSteps {
    pub ctr: Text,
    pub ctor: Text,
    pub both: Text,
}

/// Why a step cannot be judged yet (`{why}` in the not-enough-data meaning).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenReasons {
    pub small_numbers: Text,
    pub no_numbers: Text,
    /// The open step's rate is exactly its target.
    pub on_target: Text,
    /// An open step's rate is within a fifth of its target.
    pub borderline: Text,
}

/// More orders than clicks: the answer in place of the not-enough-data one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MismatchCopy {
    pub headline: Text,
    pub meaning: Text,
    pub next_test: Text,
}

/// One video can't bring the numbers that would judge the open step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfReachCopy {
    pub next_test: Text<StepName>,
}

/// The open step sits exactly on its target: more numbers at this rate won't tell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnTargetCopy {
    /// The headline in place of "not enough data": more numbers won't settle it.
    pub headline: Text,
    pub next_test: Text<StepName>,
}

/// The impressions and clicks a sentence counts, with their words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amounts {
    pub impressions: Plural,
    pub clicks: Plural,
    pub more_impressions: Plural,
    pub more_clicks: Plural,
}

/// Where people stop after the tap, said under the add-to-cart rate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartCopy {
    pub none: Text,
    pub left_behind: Text,
    pub few: Text,
}

/// A checklist: at least one item.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(transparent)]
pub struct Checklist(pub Vec<Text>);

impl<'de> Deserialize<'de> for Checklist {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let items = Vec::<Text>::deserialize(d)?;
        if items.is_empty() {
            return Err(serde::de::Error::custom("is empty"));
        }
        Ok(Checklist(items))
    }
}

/// One judged step (Product CTR, Product CTOR).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepCopy {
    pub name: Text,
    pub formula: Text,
    /// What the step divides by, in words: "impressions", "clicks".
    pub trials_name: Text,
}

/// The rates that are shown but not judged, and the words every rate line shares.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateCopy {
    pub order_rate: Text,
    pub add_to_cart_rate: Text,
    pub order_rate_formula: Text,
    pub add_to_cart_rate_formula: Text,
    pub rate: Text<Rate>,
    /// "4 of 310" (the test log's before and after).
    pub counts: Text<OfTrials>,
    pub no_rate: Text<TrialsName>,
    pub no_rate_orders_above_clicks: Text,
    pub no_rate_mismatch: Text,
    pub weak: Text<Threshold>,
    pub ok: Text<Threshold>,
    /// A step too early to judge: what its numbers show so far.
    pub under_so_far: Text<SoFar>,
    pub over_so_far: Text<SoFar>,
    pub on_so_far: Text<SoFar>,
    /// Close to the target with numbers big enough to show it stays close.
    pub on_target: Text<SoFar>,
    pub borderline: Text,
    pub within_reach: Text<Amount>,
    pub out_of_reach: Text<Amount>,
    pub work_on: Text<StepName>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeLabels {
    pub meaning: Text,
    pub checklist: Text,
    pub next_test: Text,
    pub warnings: Text,
    pub counts: Text,
    pub counts_line: Text<CountsLine>,
    pub counts_line_atc: Text<CountsLineAtc>,
    /// Under an answer showing a rate with its range, and under one showing none.
    pub footer: Text,
    pub footer_no_range: Text,
    pub checklist_button: Text,
    pub checklist_title: Text,
    pub cli_more: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeErrors {
    pub title: Text,
    /// Why a typed value is not a count, one text per problem.
    pub count: ByKey<CountProblem, Text<Typed>>,
    pub clicks_above_impressions: Text<ClicksAbove>,
    pub clicks_without_impressions: Text<Clicks>,
}

/// The funnel chart's own words (`[chart]`): short, since the picture is small on a phone.
/// The headline, the step names and the target sentences of the alt text come from the
/// tables above.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChartCopy {
    pub impressions: Text,
    pub clicks: Text,
    pub orders: Text,
    /// Beside the dashed target line's key: "target {threshold}".
    pub target: Text<Threshold>,
    /// A step with nothing to divide by: "no rate yet: no `{trials_name}`".
    pub no_rate: Text<TrialsName>,
    /// The step after the click when there are more orders than clicks.
    pub no_rate_mismatch: Text,
    /// The headline when there are more orders than clicks, and the mark on that step.
    pub mismatch: Text,
    pub mismatch_mark: Text,
    /// Each step's rate in everyday words ("1 in 40 impressions got a click").
    pub people: ByKey<StepKind, PeopleCopy>,
    /// Beside the step to work on first when both steps are weak.
    pub fix_first: Text,
    /// The mark on each step, by how it compares with its target.
    pub marks: ByKey<Judgement, Text>,
    /// Under the picture: how to read the dots, the ranges and the target line; and only the
    /// target line when no step has a rate.
    pub note: Text,
    pub note_no_rate: Text,
    pub alt: Text<ChartAlt>,
    pub alt_count: Text<ChartCount>,
    pub alt_rate: Text<ChartRate>,
    pub alt_no_rate: Text<ChartNoRate>,
    /// The before/after chart of `/test show`: each side, then both.
    pub alt_side: Text<ChartSide>,
    pub alt_pair: Text<ChartPair>,
}

/// A step's rate as people: "1 in {count} …" under one half, "{count} in 10 …" from one half
/// up, and "none of {count} …" (the step's denominator) at zero.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleCopy {
    pub one_in: Text<Count>,
    pub in_ten: Text<Count>,
    pub none: Text<Count>,
}

/// The chart marks each step by its judgement; the key is the judgement's JSON name.
impl Key for Judgement {
    const ALL: &'static [Judgement] = &[Judgement::Weak, Judgement::Ok, Judgement::Undetermined];
    fn key(self) -> &'static str {
        match self {
            Judgement::Weak => "weak",
            Judgement::Ok => "ok",
            Judgement::Undetermined => "undetermined",
        }
    }
}

/// `prompts/decode.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeCopy {
    pub verdicts: ByKey<Verdict, VerdictCopy>,
    pub mismatch: MismatchCopy,
    pub out_of_reach: OutOfReachCopy,
    pub on_target: OnTargetCopy,
    pub open_steps: OpenSteps,
    pub open_reasons: OpenReasons,
    /// By the step to work on: both weak means before the click first.
    pub checklists: ByKey<Focus, Checklist>,
    pub steps: ByKey<StepKind, StepCopy>,
    pub amounts: Amounts,
    pub rates: RateCopy,
    pub carts: CartCopy,
    pub warnings: ByKey<Warning, Text>,
    pub labels: DecodeLabels,
    pub fields: ByKey<Field, Text>,
    pub errors: DecodeErrors,
    pub chart: ChartCopy,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_judgement_has_its_json_name_as_key() {
        for &j in <Judgement as Key>::ALL {
            assert_eq!(serde_json::to_value(j).unwrap(), j.key());
        }
    }
}
