//! The shape of `prompts/decode.toml`: everything `/decode` and `funnel-coach decode` say.
//! Verdicts, checklists, steps, warnings, fields and count problems are tables keyed by
//! the domain's values, so each one has its copy or the file does not load.

use serde::Deserialize;

use super::text::{words, ByKey, More, Text, TrialsName};
use crate::funnel::{CountProblem, Field, Focus, StepKind, Verdict, Warning};

words!(
    /// The not-enough-data meaning names the open step(s) and why they are open.
    Meaning: "open_steps", "why"
);
words!(Rate: "value", "low", "high");
words!(OfTrials: "successes", "trials");
words!(Threshold: "threshold");
words!(CountsLine: "impressions", "clicks", "orders");
words!(CountsLineAtc: "impressions", "clicks", "orders", "add_to_carts");
words!(
    /// What was typed, in which field.
    Typed: "field", "input"
);
words!(ClicksAbove: "clicks", "impressions");
words!(Clicks: "clicks");

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
    pub numbers_do_not_line_up: Text,
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
    /// "About {more} more impressions at this rate would settle it."
    pub settle: Text<More>,
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
    pub counts: Text<OfTrials>,
    pub no_rate: Text<TrialsName>,
    pub no_rate_orders_above_clicks: Text,
    pub no_rate_mismatch: Text,
    pub weak: Text<Threshold>,
    pub ok: Text<Threshold>,
    pub undetermined: Text<Threshold>,
    pub settle_never: Text,
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
    pub footer: Text,
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

/// `prompts/decode.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeCopy {
    pub verdicts: ByKey<Verdict, VerdictCopy>,
    pub open_steps: OpenSteps,
    pub open_reasons: OpenReasons,
    /// By the step to work on: both weak means before the click first.
    pub checklists: ByKey<Focus, Checklist>,
    pub steps: ByKey<StepKind, StepCopy>,
    pub rates: RateCopy,
    pub warnings: ByKey<Warning, Text>,
    pub labels: DecodeLabels,
    pub fields: ByKey<Field, Text>,
    pub errors: DecodeErrors,
}
