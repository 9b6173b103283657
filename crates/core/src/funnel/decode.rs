//! The decoder: from four counts to rates, per-step judgements and one verdict.

use serde::Serialize;

use super::counts::{parse_count, CountError, Field};
use super::interval::{judge, more_trials_to_settle, wilson, Judgement, Rate};

/// The counts of one product over one period, as Seller Center shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub impressions: u64,
    pub clicks: u64,
    /// SKU orders.
    pub orders: u64,
    pub add_to_carts: Option<u64>,
}

/// The targets a server judges its steps against (fractions: 0.01 is 1%).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub ctr: f64,
    pub ctor: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            ctr: 0.01,
            ctor: 0.02,
        }
    }
}

with_all! {
/// The five answers the decoder gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Product CTR is weak: fix the reason to click first.
    BeforeClick,
    /// Product CTOR is weak: the click happens, the order does not.
    AfterClick,
    /// Both weak: start before the click.
    Both,
    /// Both steps clear their targets.
    Healthy,
    /// Nothing is weak and at least one step cannot be judged yet.
    NotEnoughData,
}
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::BeforeClick => "before_click",
            Verdict::AfterClick => "after_click",
            Verdict::Both => "both",
            Verdict::Healthy => "healthy",
            Verdict::NotEnoughData => "not_enough_data",
        }
    }

    /// The step to work on first: with both steps weak, the one before the click.
    pub fn focus(self) -> Focus {
        match self {
            Verdict::BeforeClick | Verdict::Both => Focus::BeforeClick,
            Verdict::AfterClick => Focus::AfterClick,
            Verdict::Healthy => Focus::Healthy,
            Verdict::NotEnoughData => Focus::NotEnoughData,
        }
    }
}

with_all! {
/// What to work on, given a verdict: the checklist a member gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    /// The reason to click (also when both steps are weak).
    BeforeClick,
    /// What people find after the click.
    AfterClick,
    /// Keep things as they are while the numbers grow.
    NotEnoughData,
    /// Keep what works.
    Healthy,
}
}

with_all! {
/// Which funnel step a judgement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Impressions → clicks (Product CTR).
    Ctr,
    /// Clicks → orders (Product CTOR).
    Ctor,
}
}

impl StepKind {
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Ctr => "ctr",
            StepKind::Ctor => "ctor",
        }
    }
}

/// One judged step.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    pub kind: StepKind,
    pub rate: Option<Rate>,
    pub threshold: f64,
    pub judgement: Judgement,
    /// For an undetermined step: about how many more of the step's denominator (impressions
    /// for CTR, clicks for CTOR) at today's rate would settle it.
    pub more_needed: Option<u64>,
}

with_all! {
/// Something odd in the input that does not stop the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// More orders than clicks: multi-SKU orders, attribution window, or a wrong row.
    OrdersAboveClicks,
    /// More add-to-carts than clicks: repeated taps, or numbers from different views.
    AddToCartsAboveClicks,
}
}

impl Warning {
    pub fn key(self) -> &'static str {
        match self {
            Warning::OrdersAboveClicks => "orders_above_clicks",
            Warning::AddToCartsAboveClicks => "add_to_carts_above_clicks",
        }
    }
}

/// Input that cannot describe one funnel; explained, never guessed at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum DecodeError {
    #[error(transparent)]
    Count(#[from] CountError),
    /// Clicks above impressions: PV and UV views mixed, or arguments swapped.
    #[error("clicks ({clicks}) above impressions ({impressions})")]
    ClicksAboveImpressions { impressions: u64, clicks: u64 },
    /// Clicks recorded with zero impressions.
    #[error("clicks ({clicks}) with zero impressions")]
    ClicksWithoutImpressions { clicks: u64 },
}

impl DecodeError {
    /// The field the member should look at.
    pub fn field(&self) -> Field {
        match self {
            DecodeError::Count(e) => e.field,
            DecodeError::ClicksAboveImpressions { .. }
            | DecodeError::ClicksWithoutImpressions { .. } => Field::Clicks,
        }
    }

    /// The key of the explanation in `prompts/`.
    pub fn key(&self) -> &'static str {
        match self {
            DecodeError::Count(e) => e.problem.key(),
            DecodeError::ClicksAboveImpressions { .. } => "clicks_above_impressions",
            DecodeError::ClicksWithoutImpressions { .. } => "clicks_without_impressions",
        }
    }
}

/// The full answer of the decoder.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decoded {
    pub counts: Counts,
    pub verdict: Verdict,
    pub ctr: Step,
    pub ctor: Step,
    /// Orders ÷ impressions: the whole funnel in one number.
    pub order_rate: Option<Rate>,
    /// Add-to-carts ÷ clicks, when add-to-carts were given.
    pub add_to_cart_rate: Option<Rate>,
    pub warnings: Vec<Warning>,
}

/// Raw text as typed in Discord or on the command line.
#[derive(Debug, Clone, Copy)]
pub struct RawCounts<'a> {
    pub impressions: &'a str,
    pub clicks: &'a str,
    pub orders: &'a str,
    pub add_to_carts: Option<&'a str>,
}

impl Counts {
    /// Parses the four typed values; the first bad one is reported.
    pub fn parse(raw: RawCounts<'_>) -> Result<Counts, CountError> {
        Ok(Counts {
            impressions: parse_count(Field::Impressions, raw.impressions)?,
            clicks: parse_count(Field::Clicks, raw.clicks)?,
            orders: parse_count(Field::Orders, raw.orders)?,
            add_to_carts: raw
                .add_to_carts
                .map(|a| parse_count(Field::AddToCarts, a))
                .transpose()?,
        })
    }

    /// Refuses counts that cannot come from one funnel.
    pub fn check(self) -> Result<Counts, DecodeError> {
        if self.clicks > 0 && self.impressions == 0 {
            return Err(DecodeError::ClicksWithoutImpressions {
                clicks: self.clicks,
            });
        }
        if self.clicks > self.impressions {
            return Err(DecodeError::ClicksAboveImpressions {
                impressions: self.impressions,
                clicks: self.clicks,
            });
        }
        Ok(self)
    }
}

/// Parses, checks and decodes typed values in one go (what the CLI and the bot call).
pub fn decode_raw(raw: RawCounts<'_>, thresholds: Thresholds) -> Result<Decoded, DecodeError> {
    let counts = Counts::parse(raw)?.check()?;
    Ok(decode(counts, thresholds))
}

/// Decodes counts that passed [`Counts::check`].
pub fn decode(counts: Counts, thresholds: Thresholds) -> Decoded {
    let mut warnings = Vec::new();
    let ctr = judge_step(
        StepKind::Ctr,
        counts.clicks,
        counts.impressions,
        thresholds.ctr,
    );
    let ctor = if counts.orders > counts.clicks {
        warnings.push(Warning::OrdersAboveClicks);
        Step {
            kind: StepKind::Ctor,
            rate: None,
            threshold: thresholds.ctor,
            judgement: Judgement::Undetermined,
            more_needed: None,
        }
    } else {
        judge_step(
            StepKind::Ctor,
            counts.orders,
            counts.clicks,
            thresholds.ctor,
        )
    };
    let add_to_cart_rate = counts.add_to_carts.and_then(|atc| {
        if atc > counts.clicks {
            warnings.push(Warning::AddToCartsAboveClicks);
        }
        wilson(atc, counts.clicks)
    });
    Decoded {
        counts,
        verdict: verdict_for(ctr.judgement, ctor.judgement),
        ctr,
        ctor,
        order_rate: wilson(counts.orders, counts.impressions),
        add_to_cart_rate,
        warnings,
    }
}

fn judge_step(kind: StepKind, successes: u64, trials: u64, threshold: f64) -> Step {
    let rate = wilson(successes, trials);
    let judgement = judge(rate, threshold);
    let more_needed = match judgement {
        Judgement::Undetermined => more_trials_to_settle(successes, trials, threshold),
        _ => None,
    };
    Step {
        kind,
        rate,
        threshold,
        judgement,
        more_needed,
    }
}

/// The verdict from the two judged steps.
pub fn verdict_for(ctr: Judgement, ctor: Judgement) -> Verdict {
    use Judgement::{Ok as Fine, Weak};
    match (ctr, ctor) {
        (Weak, Weak) => Verdict::Both,
        (Weak, _) => Verdict::BeforeClick,
        (_, Weak) => Verdict::AfterClick,
        (Fine, Fine) => Verdict::Healthy,
        _ => Verdict::NotEnoughData,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funnel::counts::CountProblem;

    fn run(i: &str, c: &str, o: &str) -> Result<Decoded, DecodeError> {
        decode_raw(
            RawCounts {
                impressions: i,
                clicks: c,
                orders: o,
                add_to_carts: None,
            },
            Thresholds::default(),
        )
    }

    #[test]
    fn the_readme_example_is_not_enough_data_after_the_click() {
        let d = run("12.5k", "310", "4").unwrap();
        assert_eq!(d.verdict, Verdict::NotEnoughData);
        assert_eq!(d.ctr.judgement, Judgement::Ok);
        assert_eq!(d.ctor.judgement, Judgement::Undetermined);
        assert!(d.ctor.more_needed.unwrap() > 0);
        let ctr = d.ctr.rate.unwrap();
        assert!((ctr.value - 0.0248).abs() < 1e-9);
    }

    #[test]
    fn before_click() {
        let d = run("50000", "100", "5").unwrap();
        assert_eq!(d.ctr.judgement, Judgement::Weak);
        assert_eq!(d.verdict, Verdict::BeforeClick);
    }

    #[test]
    fn after_click() {
        let d = run("20000", "1000", "3").unwrap();
        assert_eq!(d.ctr.judgement, Judgement::Ok);
        assert_eq!(d.ctor.judgement, Judgement::Weak);
        assert_eq!(d.verdict, Verdict::AfterClick);
    }

    #[test]
    fn both_weak_starts_before_the_click() {
        let d = run("500000", "1500", "2").unwrap();
        assert_eq!(d.verdict, Verdict::Both);
    }

    #[test]
    fn healthy() {
        let d = run("10000", "400", "40").unwrap();
        assert_eq!(d.verdict, Verdict::Healthy);
    }

    #[test]
    fn zero_orders_from_few_clicks_is_not_an_after_click_problem() {
        let d = run("2000", "30", "0").unwrap();
        assert_eq!(d.ctor.judgement, Judgement::Undetermined);
        assert_eq!(d.verdict, Verdict::NotEnoughData);
        assert!(d.ctor.more_needed.is_some());
    }

    #[test]
    fn nothing_at_all_is_not_enough_data() {
        let d = run("0", "0", "0").unwrap();
        assert_eq!(d.verdict, Verdict::NotEnoughData);
        assert!(d.ctr.rate.is_none() && d.ctor.rate.is_none());
    }

    #[test]
    fn weak_ctr_with_unknown_ctor_is_still_before_click() {
        let d = run("100000", "50", "1").unwrap();
        assert_eq!(d.ctr.judgement, Judgement::Weak);
        assert_eq!(d.ctor.judgement, Judgement::Undetermined);
        assert_eq!(d.verdict, Verdict::BeforeClick);
    }

    #[test]
    fn thresholds_come_from_the_server() {
        let counts = Counts::parse(RawCounts {
            impressions: "10000",
            clicks: "400",
            orders: "40",
            add_to_carts: None,
        })
        .unwrap();
        let strict = Thresholds {
            ctr: 0.1,
            ctor: 0.02,
        };
        assert_eq!(decode(counts, strict).verdict, Verdict::BeforeClick);
    }

    #[test]
    fn clicks_above_impressions_is_explained() {
        let e = run("300", "12500", "4").unwrap_err();
        assert_eq!(
            e,
            DecodeError::ClicksAboveImpressions {
                impressions: 300,
                clicks: 12_500
            }
        );
        assert_eq!(e.field(), Field::Clicks);
    }

    #[test]
    fn clicks_without_impressions_is_explained() {
        let e = run("0", "5", "0").unwrap_err();
        assert_eq!(e, DecodeError::ClicksWithoutImpressions { clicks: 5 });
    }

    #[test]
    fn orders_above_clicks_warns_and_leaves_ctor_open() {
        let d = run("10000", "500", "800").unwrap();
        assert_eq!(d.warnings, vec![Warning::OrdersAboveClicks]);
        assert_eq!(d.ctor.judgement, Judgement::Undetermined);
        assert!(d.ctor.rate.is_none());
        assert_eq!(d.verdict, Verdict::NotEnoughData);
    }

    #[test]
    fn add_to_cart_rate_when_given() {
        let d = decode_raw(
            RawCounts {
                impressions: "10000",
                clicks: "400",
                orders: "10",
                add_to_carts: Some("60"),
            },
            Thresholds::default(),
        )
        .unwrap();
        assert!((d.add_to_cart_rate.unwrap().value - 0.15).abs() < 1e-12);
        let odd = decode_raw(
            RawCounts {
                impressions: "10000",
                clicks: "40",
                orders: "1",
                add_to_carts: Some("60"),
            },
            Thresholds::default(),
        )
        .unwrap();
        assert_eq!(odd.warnings, vec![Warning::AddToCartsAboveClicks]);
        assert!(odd.add_to_cart_rate.is_none());
    }

    #[test]
    fn bad_counts_name_the_field() {
        let e = run("12.5k", "2%", "4").unwrap_err();
        match e {
            DecodeError::Count(c) => {
                assert_eq!(c.field, Field::Clicks);
                assert_eq!(c.problem, CountProblem::Rate);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(run("-5", "1", "0").unwrap_err().field(), Field::Impressions);
    }

    #[test]
    fn every_verdict_code_is_its_json_name() {
        for v in Verdict::ALL {
            assert_eq!(serde_json::to_value(v).unwrap(), v.code());
        }
    }
}
