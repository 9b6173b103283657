//! Before and after: did a step of the funnel really move?
//!
//! One method, used everywhere: the Bayesian probability that the rate after the change is
//! higher than the rate before it, with a uniform Beta(1, 1) prior on each rate. Each rate's
//! posterior is Beta(successes + 1, failures + 1); the chance `P(after > before)` is computed by
//! a deterministic numerical integration (no random sampling, so the same numbers always give
//! the same answer). A step is *clear* when that chance is at least 95% (improved) or at most
//! 5% (worse); anything between is *not clear yet*, and the answer says roughly how many more
//! clicks (or impressions) on the new version, at the rate seen so far, would make it clear.

use serde::Serialize;

use super::decode::{Counts, StepKind};
use super::interval::{round_for_humans, whole};

/// At or above this chance of being higher, a step clearly improved.
pub const CLEAR_UP: f64 = 0.95;
/// At or below this chance of being higher, a step clearly got worse.
pub const CLEAR_DOWN: f64 = 0.05;

with_all! {
/// What the numbers say about one step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// At least a 95% chance the rate is higher than before.
    Improved,
    /// At most a 5% chance the rate is higher than before.
    Worse,
    /// Anything in between: the difference could still be chance.
    NotClear,
    /// The step cannot be compared (nothing to divide by, or more orders than clicks).
    NoData,
}
}

impl Outcome {
    /// The stored key (also in `prompts/test_log.toml`).
    pub fn key(self) -> &'static str {
        match self {
            Outcome::Improved => "improved",
            Outcome::Worse => "worse",
            Outcome::NotClear => "not_clear",
            Outcome::NoData => "no_data",
        }
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key)
    }
}

/// Why a step could not be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoData {
    /// No impressions (CTR) or no clicks (CTOR) in one of the two periods.
    NoTrials,
    /// More orders than clicks in one of the two periods, so there is no CTOR to compare.
    OrdersAboveClicks,
}

/// One step, before and after.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StepChange {
    pub kind: StepKind,
    /// The rate before the change (a fraction), when there is one.
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// After minus before, in percentage points.
    pub points: Option<f64>,
    /// After ÷ before − 1 (a fraction: 0.25 is 25% higher); `None` when before was 0.
    pub relative: Option<f64>,
    /// The chance the rate after is really higher than before.
    pub chance_higher: Option<f64>,
    pub outcome: Outcome,
    /// For a step that is not clear yet: about how many more of the step's denominator
    /// (impressions for CTR, clicks for CTOR) on the new version, at the rate seen so far,
    /// would make it clear. `None` when more numbers on the new version alone would not.
    pub more_needed: Option<u64>,
    pub no_data: Option<NoData>,
}

/// The whole comparison of a test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Comparison {
    pub before: Counts,
    pub after: Counts,
    pub ctr: StepChange,
    pub ctor: StepChange,
}

with_all! {
/// The one-line answer to "did it work?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Summary {
    /// At least one step clearly up, none clearly down.
    Improved,
    /// At least one step clearly down, none clearly up.
    Worse,
    /// One step clearly up, the other clearly down.
    Mixed,
    /// Nothing clear either way yet.
    NotClear,
    /// Neither step could be compared.
    NoData,
}
}

impl Comparison {
    pub fn summary(&self) -> Summary {
        summarize(self.ctr.outcome, self.ctor.outcome)
    }
}

/// The summary of two step outcomes (also used for stored outcomes).
pub fn summarize(ctr: Outcome, ctor: Outcome) -> Summary {
    let up = ctr == Outcome::Improved || ctor == Outcome::Improved;
    let down = ctr == Outcome::Worse || ctor == Outcome::Worse;
    match (up, down) {
        (true, true) => Summary::Mixed,
        (true, false) => Summary::Improved,
        (false, true) => Summary::Worse,
        (false, false) if ctr == Outcome::NoData && ctor == Outcome::NoData => Summary::NoData,
        (false, false) => Summary::NotClear,
    }
}

/// Compares two periods of the same product. Both should have passed `Counts::check`.
pub fn compare(before: Counts, after: Counts) -> Comparison {
    Comparison {
        before,
        after,
        ctr: step(
            StepKind::Ctr,
            (before.clicks, before.impressions),
            (after.clicks, after.impressions),
        ),
        ctor: step(
            StepKind::Ctor,
            (before.orders, before.clicks),
            (after.orders, after.clicks),
        ),
    }
}

fn step(kind: StepKind, before: (u64, u64), after: (u64, u64)) -> StepChange {
    let no_data = if before.1 == 0 || after.1 == 0 {
        Some(NoData::NoTrials)
    } else if before.0 > before.1 || after.0 > after.1 {
        Some(NoData::OrdersAboveClicks)
    } else {
        None
    };
    let rate = |(s, n): (u64, u64)| (n > 0 && s <= n).then(|| s as f64 / n as f64);
    let (rb, ra) = (rate(before), rate(after));
    if let Some(reason) = no_data {
        return StepChange {
            kind,
            before: rb,
            after: ra,
            points: None,
            relative: None,
            chance_higher: None,
            outcome: Outcome::NoData,
            more_needed: None,
            no_data: Some(reason),
        };
    }
    let (b, a) = (rb.unwrap_or(0.0), ra.unwrap_or(0.0));
    let (bs, bn) = (before.0 as f64, before.1 as f64);
    let (as_, an) = (after.0 as f64, after.1 as f64);
    let chance = chance_higher(bs, bn, as_, an);
    let outcome = outcome_of(chance);
    let more_needed = match outcome {
        Outcome::NotClear => more_to_settle(bs, bn, as_, an),
        _ => None,
    };
    StepChange {
        kind,
        before: rb,
        after: ra,
        points: Some((a - b) * 100.0),
        relative: (b > 0.0).then(|| a / b - 1.0),
        chance_higher: Some(chance),
        outcome,
        more_needed,
        no_data: None,
    }
}

fn outcome_of(chance: f64) -> Outcome {
    if chance >= CLEAR_UP {
        Outcome::Improved
    } else if chance <= CLEAR_DOWN {
        Outcome::Worse
    } else {
        Outcome::NotClear
    }
}

fn is_clear(chance: f64) -> bool {
    outcome_of(chance) != Outcome::NotClear
}

/// The posterior of a rate seen as `successes` out of `trials`, with a Beta(1, 1) prior.
#[derive(Debug, Clone, Copy)]
struct Posterior {
    /// Beta's α − 1 and β − 1: the successes and failures.
    s: f64,
    f: f64,
}

/// How far (in standard deviations) from its mean a posterior's grid reaches. The mass left
/// outside is below 1e-9 even for the most skewed posteriors (no successes at all).
const REACH: f64 = 20.0;
/// Grid points per posterior.
const POINTS: usize = 1_200;

impl Posterior {
    fn new(successes: f64, trials: f64) -> Posterior {
        Posterior {
            s: successes,
            f: (trials - successes).max(0.0),
        }
    }

    fn range(self) -> (f64, f64) {
        let (a, b) = (self.s + 1.0, self.f + 1.0);
        let n = a + b;
        let mean = a / n;
        let sd = (a * b / (n * n * (n + 1.0))).sqrt();
        ((mean - REACH * sd).max(0.0), (mean + REACH * sd).min(1.0))
    }

    /// The log of the unnormalized density at `x`.
    fn log_kernel(self, x: f64) -> f64 {
        let left = if self.s == 0.0 { 0.0 } else { self.s * x.ln() };
        let right = if self.f == 0.0 {
            0.0
        } else {
            self.f * (-x).ln_1p()
        };
        left + right
    }
}

/// The chance that the rate behind `after` is higher than the rate behind `before`
/// (`P(after > before)`), with Beta(1, 1) priors. Counts may be fractional (used when asking
/// "what if there were more numbers at the same rate").
pub fn chance_higher(
    before_successes: f64,
    before_trials: f64,
    after_successes: f64,
    after_trials: f64,
) -> f64 {
    let b = Posterior::new(before_successes, before_trials);
    let a = Posterior::new(after_successes, after_trials);
    let (b_lo, b_hi) = b.range();
    let (a_lo, a_hi) = a.range();
    // Posteriors that do not overlap at all: the answer is certain to well under 1e-9.
    if a_lo > b_hi {
        return 1.0;
    }
    if b_lo > a_hi {
        return 0.0;
    }
    let mut xs = Vec::with_capacity(2 * POINTS + 2);
    for (lo, hi) in [(b_lo, b_hi), (a_lo, a_hi)] {
        let step = (hi - lo) / (POINTS - 1) as f64;
        xs.extend((0..POINTS).map(|i| lo + step * i as f64));
    }
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let density = |p: Posterior| {
        let logs: Vec<f64> = xs.iter().map(|&x| p.log_kernel(x)).collect();
        let top = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        logs.into_iter()
            .map(|l| (l - top).exp())
            .collect::<Vec<f64>>()
    };
    let fb = density(b);
    let fa = density(a);
    // Cumulative distributions by the trapezoid rule, then normalized.
    let cumulative = |f: &[f64]| {
        let mut c = Vec::with_capacity(f.len());
        let mut total = 0.0;
        c.push(0.0);
        for i in 1..f.len() {
            total += f64::midpoint(f[i - 1], f[i]) * (xs[i] - xs[i - 1]);
            c.push(total);
        }
        if total > 0.0 {
            for v in &mut c {
                *v /= total;
            }
        }
        (c, total)
    };
    let (cb, zb) = cumulative(&fb);
    let (ca, za) = cumulative(&fa);
    if zb <= 0.0 || za <= 0.0 {
        return 0.5;
    }
    // P(after > before) = ∫ f_after(x) · F_before(x) dx, and the same the other way round;
    // averaging the two makes P(after > before) + P(before > after) exactly 1.
    let integral = |f: &[f64], z: f64, other: &[f64]| {
        let mut total = 0.0;
        for i in 1..f.len() {
            let g0 = f[i - 1] * other[i - 1];
            let g1 = f[i] * other[i];
            total += f64::midpoint(g0, g1) * (xs[i] - xs[i - 1]);
        }
        total / z
    };
    let after_above = integral(&fa, za, &cb);
    let before_above = integral(&fb, zb, &ca);
    ((after_above + 1.0 - before_above) / 2.0).clamp(0.0, 1.0)
}

/// The most extra trials we would ever suggest (the largest count we accept).
const MAX_MORE: f64 = super::counts::MAX_COUNT as f64;

/// Roughly how many more trials on the new version, at its rate so far, would make the
/// comparison clear. `None` when even a huge number would not: the rates are too close, or
/// the before numbers are too few to ever settle it.
pub fn more_to_settle(
    before_successes: f64,
    before_trials: f64,
    after_successes: f64,
    after_trials: f64,
) -> Option<u64> {
    if after_trials <= 0.0 {
        return None;
    }
    let rate = after_successes / after_trials;
    let chance_with = |more: f64| {
        let n = after_trials + more;
        chance_higher(before_successes, before_trials, rate * n, n)
    };
    if is_clear(chance_with(0.0)) {
        return Some(0);
    }
    if !is_clear(chance_with(MAX_MORE)) {
        return None;
    }
    let mut hi = after_trials.max(1.0);
    while !is_clear(chance_with(hi)) {
        hi *= 2.0;
        if hi >= MAX_MORE {
            hi = MAX_MORE;
            break;
        }
    }
    let mut lo = 0.0;
    // Two significant figures are all an estimate should show.
    while hi - lo > (hi / 100.0).max(1.0) {
        let mid = f64::midpoint(lo, hi).floor();
        if is_clear(chance_with(mid)) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(round_for_humans(whole(hi.ceil())?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(impressions: u64, clicks: u64, orders: u64) -> Counts {
        Counts {
            impressions,
            clicks,
            orders,
            add_to_carts: None,
        }
    }

    fn ln_factorial(n: u64) -> f64 {
        (1..=n).map(|k| (k as f64).ln()).sum()
    }

    fn ln_beta(a: u64, b: u64) -> f64 {
        ln_factorial(a - 1) + ln_factorial(b - 1) - ln_factorial(a + b - 1)
    }

    /// The exact closed form for integer parameters (Evan Miller, "Formulas for Bayesian A/B
    /// testing"): `P(p_B` > `p_A`) = Σ_{`i=0}^{α_B−1`} `B(α_A+i`, `β_A+β_B`) / ((`β_B+i`) B(1+i, `β_B`) `B(α_A`, `β_A`)).
    fn exact(sa: u64, na: u64, sb: u64, nb: u64) -> f64 {
        let (aa, ba) = (sa + 1, na - sa + 1);
        let (ab, bb) = (sb + 1, nb - sb + 1);
        (0..ab)
            .map(|i| {
                (ln_beta(aa + i, ba + bb)
                    - ((bb + i) as f64).ln()
                    - ln_beta(1 + i, bb)
                    - ln_beta(aa, ba))
                .exp()
            })
            .sum()
    }

    #[test]
    fn equal_numbers_are_a_coin_flip() {
        for (s, n) in [(4.0, 310.0), (0.0, 0.0), (310.0, 12_500.0), (0.0, 5_000.0)] {
            let c = chance_higher(s, n, s, n);
            assert!((c - 0.5).abs() < 1e-12, "{s}/{n}: {c}");
        }
    }

    #[test]
    fn one_success_from_one_trial_against_nothing_is_two_in_three() {
        // Uniform vs Beta(2, 1): ∫ 2x · x dx = 2/3.
        let c = chance_higher(0.0, 0.0, 1.0, 1.0);
        assert!((c - 2.0 / 3.0).abs() < 1e-4, "{c}");
    }

    #[test]
    fn matches_the_exact_formula() {
        let cases = [
            (1, 10, 5, 10),
            (10, 100, 20, 100),
            (4, 310, 9, 290),
            (0, 30, 2, 40),
            (12, 400, 7, 380),
            (30, 1000, 45, 1000),
        ];
        for (sa, na, sb, nb) in cases {
            let want = exact(sa, na, sb, nb);
            let got = chance_higher(sa as f64, na as f64, sb as f64, nb as f64);
            assert!(
                (got - want).abs() < 5e-4,
                "{sa}/{na} vs {sb}/{nb}: got {got}, exact {want}"
            );
        }
    }

    #[test]
    fn both_directions_add_up_to_one() {
        let up = chance_higher(10.0, 100.0, 20.0, 100.0);
        let down = chance_higher(20.0, 100.0, 10.0, 100.0);
        assert!((up + down - 1.0).abs() < 1e-9);
        assert!(up > 0.95);
    }

    #[test]
    fn big_counts_agree_with_the_normal_approximation() {
        // 1.0% vs 1.1% over 100,000 impressions each: z ≈ 2.2, so about 98.6%.
        let c = chance_higher(1_000.0, 100_000.0, 1_100.0, 100_000.0);
        let (p1, p2): (f64, f64) = (1_001.0 / 100_002.0, 1_101.0 / 100_002.0);
        let v = p1 * (1.0 - p1) / 100_003.0 + p2 * (1.0 - p2) / 100_003.0;
        let z = (p2 - p1) / v.sqrt();
        let normal = 0.5 * (1.0 + erf(z / std::f64::consts::SQRT_2));
        assert!((c - normal).abs() < 2e-3, "{c} vs {normal}");
        // Enormous, clearly different counts.
        assert!((chance_higher(1e9, 1e11, 2e9, 1e11) - 1.0).abs() < f64::EPSILON);
        assert!(chance_higher(2e9, 1e11, 1e9, 1e11).abs() < f64::EPSILON);
    }

    /// Abramowitz and Stegun 7.1.26 (error below 1.5e-7), only for the test above.
    fn erf(x: f64) -> f64 {
        let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
        let y = 1.0
            - (((((1.061_405_429 * t - 1.453_152_027) * t) + 1.421_413_741) * t - 0.284_496_736)
                * t
                + 0.254_829_592)
                * t
                * (-x * x).exp();
        y.copysign(x)
    }

    #[test]
    fn a_clear_improvement_after_the_click() {
        // CTOR 1.3% → 4% over ~300 clicks each.
        let c = compare(counts(12_500, 310, 4), counts(12_000, 300, 12));
        assert_eq!(c.ctor.outcome, Outcome::Improved);
        assert!(c.ctor.points.unwrap() > 2.0);
        assert!(c.ctor.relative.unwrap() > 1.0);
        assert_eq!(c.ctor.more_needed, None);
        assert_eq!(
            c.ctr.outcome,
            Outcome::NotClear,
            "2.48% vs 2.5% is not a change"
        );
        assert_eq!(c.summary(), Summary::Improved);
    }

    #[test]
    fn a_clear_drop_before_the_click() {
        let c = compare(counts(20_000, 600, 10), counts(20_000, 300, 5));
        assert_eq!(c.ctr.outcome, Outcome::Worse);
        assert_eq!(c.summary(), Summary::Worse);
    }

    #[test]
    fn few_clicks_are_not_clear_and_say_how_many_more() {
        // 4 orders from 400 clicks, then 2 from 80: could still be chance.
        let c = compare(counts(20_000, 400, 4), counts(4_000, 80, 2));
        assert_eq!(c.ctor.outcome, Outcome::NotClear);
        let more = c
            .ctor
            .more_needed
            .expect("more clicks at 2.5% would settle it");
        assert!((100..=2_000).contains(&more), "{more}");
        // With that many more clicks at the same rate, it is clear; with a third of it, not.
        let n = 80.0 + more as f64;
        assert!(chance_higher(4.0, 400.0, 0.025 * n, n) >= CLEAR_UP);
        let third = 80.0 + more as f64 / 3.0;
        assert!(chance_higher(4.0, 400.0, 0.025 * third, third) < CLEAR_UP);
        assert_eq!(c.summary(), Summary::NotClear);
    }

    #[test]
    fn the_same_rate_never_settles_and_says_so() {
        let c = compare(counts(10_000, 200, 4), counts(10_000, 200, 4));
        assert_eq!(c.ctor.outcome, Outcome::NotClear);
        assert_eq!(c.ctor.more_needed, None);
        assert_eq!(c.ctor.points, Some(0.0));
    }

    #[test]
    fn too_few_before_numbers_cannot_be_made_up_for_after() {
        // 1 order from 40 clicks before: even a perfect estimate of "after" at 5% would not
        // be clear, because the before rate itself is so uncertain.
        assert_eq!(more_to_settle(1.0, 40.0, 2.0, 40.0), None);
        let c = compare(counts(2_000, 40, 1), counts(2_000, 40, 2));
        assert_eq!(c.ctor.outcome, Outcome::NotClear);
        assert_eq!(c.ctor.more_needed, None);
    }

    #[test]
    fn steps_without_numbers_are_not_compared() {
        let c = compare(counts(0, 0, 0), counts(1_000, 0, 0));
        assert_eq!(c.ctr.outcome, Outcome::NoData);
        assert_eq!(c.ctr.no_data, Some(NoData::NoTrials));
        assert_eq!(c.ctor.no_data, Some(NoData::NoTrials));
        assert_eq!(c.summary(), Summary::NoData);
        let odd = compare(counts(1_000, 50, 80), counts(1_000, 50, 2));
        assert_eq!(odd.ctor.no_data, Some(NoData::OrdersAboveClicks));
        assert_eq!(odd.ctor.before, None);
    }

    #[test]
    fn relative_change_needs_a_before_rate_above_zero() {
        let c = compare(counts(1_000, 100, 0), counts(1_000, 100, 5));
        assert_eq!(c.ctor.relative, None);
        assert!((c.ctor.points.unwrap() - 5.0).abs() < 1e-9);
    }

    #[test]
    fn summaries() {
        use Outcome::*;
        assert_eq!(summarize(Improved, Worse), Summary::Mixed);
        assert_eq!(summarize(Improved, NoData), Summary::Improved);
        assert_eq!(summarize(NotClear, Worse), Summary::Worse);
        assert_eq!(summarize(NotClear, NoData), Summary::NotClear);
        assert_eq!(summarize(NoData, NoData), Summary::NoData);
        for o in Outcome::ALL {
            assert_eq!(Outcome::from_key(o.key()), Some(o));
        }
    }
}
