//! Proportions with a 95% Wilson score interval, and how much more data would settle a
//! comparison against a threshold.

use serde::Serialize;

/// z for a two-sided 95% interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A rate observed as `successes` out of `trials`, with its 95% Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rate {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

/// The Wilson score interval. `None` when there are no trials or more successes than trials.
pub fn wilson(successes: u64, trials: u64) -> Option<Rate> {
    if trials == 0 || successes > trials {
        return None;
    }
    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // At the edges the bounds are exactly 0 and 1; say so instead of a rounding residue.
    Some(Rate {
        value: p,
        low: if successes == 0 {
            0.0
        } else {
            (centre - half).max(0.0)
        },
        high: if successes == trials {
            1.0
        } else {
            (centre + half).min(1.0)
        },
    })
}

/// How a step compares with its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// The whole interval is below the threshold.
    Weak,
    /// The whole interval is at or above the threshold.
    Ok,
    /// The interval straddles the threshold, or there is no data.
    Undetermined,
}

pub fn judge(rate: Option<Rate>, threshold: f64) -> Judgement {
    match rate {
        Some(r) if r.high < threshold => Judgement::Weak,
        Some(r) if r.low >= threshold => Judgement::Ok,
        _ => Judgement::Undetermined,
    }
}

/// Roughly how many more trials (clicks, impressions) at the rate seen so far would make the
/// interval fall clearly on one side of `threshold`. `None` when the rate sits on the
/// threshold itself or there is nothing to extrapolate from.
pub fn more_trials_to_settle(successes: u64, trials: u64, threshold: f64) -> Option<u64> {
    if trials == 0 || successes > trials {
        return None;
    }
    let p = successes as f64 / trials as f64;
    more_trials_until(p, trials, |low, high| high < threshold || low >= threshold)
}

/// Roughly how many more trials at the rate `p` seen over `trials` would narrow the interval
/// to fit inside `within` (both ends included). `None` when `p` is outside it, or when no
/// believable number of trials would do it.
pub fn more_trials_to_narrow(p: f64, trials: u64, within: (f64, f64)) -> Option<u64> {
    let (lo, hi) = within;
    if trials == 0 || !(lo..=hi).contains(&p) {
        return None;
    }
    more_trials_until(p, trials, |low, high| low >= lo && high <= hi)
}

/// The smallest number of trials past `trials` at the rate `p` for which the Wilson bounds
/// satisfy `done`, rounded for humans; `Some(0)` when they already do.
fn more_trials_until(p: f64, trials: u64, done: impl Fn(f64, f64) -> bool) -> Option<u64> {
    /// Beyond this many trials, "more numbers would settle it" means nothing to a member.
    const CAP: f64 = 1e12;
    let settled = |n: f64| {
        let (low, high) = wilson_f(p, n);
        done(low, high)
    };
    if settled(trials as f64) {
        return Some(0);
    }
    // The interval narrows as n grows; search the smallest n that settles it.
    let mut hi = (trials as f64).max(1.0);
    while !settled(hi) {
        hi *= 2.0;
        if hi > CAP {
            return None;
        }
    }
    let mut lo = trials as f64;
    while hi - lo > 1.0 {
        let mid = f64::midpoint(lo, hi).floor();
        if settled(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(round_for_humans(whole(hi)?.saturating_sub(trials)))
}

/// Wilson bounds for a rate `p` over `n` trials where `n` may be hypothetical.
fn wilson_f(p: f64, n: f64) -> (f64, f64) {
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    (centre - half, centre + half)
}

/// A whole, non-negative result of floating-point maths as a count: `None` when it is not
/// finite, is negative, or is beyond `u64`. The one place a float becomes a count.
pub fn whole(x: f64) -> Option<u64> {
    // 2^64: every float below it truncates into a u64.
    const LIMIT: f64 = 18_446_744_073_709_551_616.0;
    if x.is_finite() && (0.0..LIMIT).contains(&x) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(x as u64)
    } else {
        None
    }
}

/// Rounds up to two significant figures: an estimate should not look precise.
pub fn round_for_humans(n: u64) -> u64 {
    if n < 100 {
        return n.max(1);
    }
    let digits = n.ilog10();
    let unit = 10u64.pow(digits - 1);
    n.div_ceil(unit) * unit
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Published values: Newcombe (1998), "Two-sided confidence intervals for the single
    /// proportion", Table I, method 3 (Wilson score without continuity correction).
    #[test]
    fn wilson_matches_newcombe_1998() {
        let cases = [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ];
        for (x, n, low, high) in cases {
            let r = wilson(x, n).unwrap();
            assert!(close(r.low, low, 0.00006), "{x}/{n} low {}", r.low);
            assert!(close(r.high, high, 0.00006), "{x}/{n} high {}", r.high);
        }
    }

    #[test]
    fn wilson_edges() {
        assert_eq!(wilson(0, 0), None);
        assert_eq!(wilson(5, 4), None);
        let all = wilson(10, 10).unwrap();
        assert!(close(all.high, 1.0, 1e-12));
        assert!(all.low < 1.0);
        let none = wilson(0, 1_000_000).unwrap();
        assert!(none.low.abs() < f64::EPSILON);
        assert!(none.high < 0.00001);
    }

    #[test]
    fn judging_against_a_threshold() {
        assert_eq!(judge(wilson(1, 1000), 0.01), Judgement::Weak);
        assert_eq!(judge(wilson(100, 1000), 0.01), Judgement::Ok);
        assert_eq!(judge(wilson(10, 1000), 0.01), Judgement::Undetermined);
        assert_eq!(judge(None, 0.01), Judgement::Undetermined);
    }

    #[test]
    fn more_trials_actually_settle_the_step() {
        // 4 orders from 310 clicks against a 2% threshold: undetermined today.
        let more = more_trials_to_settle(4, 310, 0.02).unwrap();
        assert!(more > 0);
        let n = 310 + more;
        let successes = whole((4.0 * n as f64 / 310.0).round()).unwrap();
        assert_ne!(judge(wilson(successes, n), 0.02), Judgement::Undetermined);
        // Half of that would not have been enough.
        let half = 310 + more / 2;
        let s_half = whole((4.0 * half as f64 / 310.0).round()).unwrap();
        assert_eq!(judge(wilson(s_half, half), 0.02), Judgement::Undetermined);
    }

    #[test]
    fn zero_orders_from_few_clicks_needs_more_clicks() {
        // With no orders yet, about 190 clicks in total rule out a 2% rate.
        let more = more_trials_to_settle(0, 20, 0.02).unwrap();
        assert!((150..=200).contains(&more), "{more}");
    }

    #[test]
    fn settled_and_unsettleable() {
        assert_eq!(more_trials_to_settle(100, 1000, 0.01), Some(0));
        assert_eq!(more_trials_to_settle(2, 100, 0.02), None);
        assert_eq!(more_trials_to_settle(0, 0, 0.02), None);
    }

    #[test]
    fn rounding_keeps_two_figures() {
        assert_eq!(round_for_humans(7), 7);
        assert_eq!(round_for_humans(0), 1);
        assert_eq!(round_for_humans(123), 130);
        assert_eq!(round_for_humans(1_234), 1_300);
        assert_eq!(round_for_humans(1_200), 1_200);
        assert_eq!(round_for_humans(98_765), 99_000);
    }
}
