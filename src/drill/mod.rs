//! Drills: a short creator situation with numbers, and the member picks the weak step. Pure:
//! the numbers are generated from a seed so that the decoder itself gives the scenario's
//! verdict; the right answer is always what [`crate::funnel::decode`] says of the numbers shown.
//! The next drill leans toward the verdicts a member misses ([`weighting`]); a streak counts
//! the days with a drill answered, in the member's time zone ([`streak`]).

pub mod generate;
pub mod streak;
pub mod weighting;

pub use generate::{generate, Bounds, Ranges, Rng};
pub use streak::{local_day, streaks, Streak};
pub use weighting::{pick_verdict, weights, Tally};

use jiff::civil::Date;

use crate::funnel::{Decoded, Thresholds, Verdict};
use crate::schedule::ZoneSource;

/// The longest scenario id: it travels in every answer button's `custom_id`.
pub const MAX_SCENARIO_ID: usize = 20;

/// The largest count a scenario may ask for (eight digits): keeps the `custom_id` of an
/// answer button within Discord's 100 characters.
pub const MAX_DRILL_COUNT: u64 = 99_999_999;

/// One drill on screen: which scenario, the seed that made it, and its numbers
/// (impressions, clicks, orders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drill {
    pub scenario: String,
    pub seed: u32,
    pub counts: [u64; 3],
}

/// A scenario id as written in `prompts/drills.toml`: 1 to 20 of `a-z`, `0-9`, `_`, `-`.
pub fn valid_scenario_id(id: &str) -> bool {
    (1..=MAX_SCENARIO_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A member's drills in one server, for `/stats me`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DrillStats {
    pub answered: u64,
    pub right: u64,
    /// One per verdict, in `Verdict::ALL` order (0 answered where none were shown).
    pub by_verdict: Vec<(Verdict, Tally)>,
    /// The right answer the member misses most, and what they most often said instead.
    pub most_missed: Option<Miss>,
    pub streak: Streak,
    /// Where the days of the streak are counted.
    pub zone: ZoneSource,
}

/// What a drill is made from: a scenario as the prompts describe it.
pub trait Scenario {
    fn id(&self) -> &str;
    fn verdict(&self) -> Verdict;
    fn ranges(&self) -> Ranges;
}

/// The next drill for `seed`: a verdict drawn by `weights` (see [`weighting`]), one of its
/// scenarios, and numbers for it that the decoder judges that verdict against `thresholds`.
/// `None` only when there are no scenarios at all. Same inputs, same drill.
pub fn next_drill<'a, S: Scenario>(
    scenarios: &'a [S],
    weights: &[f64; 5],
    thresholds: Thresholds,
    seed: u32,
) -> Option<(&'a S, Drill)> {
    let mut rng = Rng::new(u64::from(seed));
    let wanted = pick_verdict(weights, &mut rng);
    let of_verdict: Vec<&S> = scenarios.iter().filter(|s| s.verdict() == wanted).collect();
    // A verdict without scenarios (the prompts check refuses that) falls back to any one.
    let pool: Vec<&S> = if of_verdict.is_empty() {
        scenarios.iter().collect()
    } else {
        of_verdict
    };
    let last = u64::try_from(pool.len().checked_sub(1)?).ok()?;
    let pick = usize::try_from(rng.between(0, last)).ok()?;
    let scenario = *pool.get(pick)?;
    let counts = generate(
        &scenario.ranges(),
        scenario.verdict(),
        thresholds,
        rng.next_u64(),
    );
    Some((
        scenario,
        Drill {
            scenario: scenario.id().to_owned(),
            seed,
            counts,
        },
    ))
}

/// Which explanation a drill's answer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explanation {
    /// The scenario's own, tied to its situation: the decoder agrees with the scenario.
    Scenario,
    /// The scenario's own for a drill without orders.
    ScenarioNoOrders,
    /// From the numbers alone: a server's own targets gave the numbers another answer than
    /// the one the situation was written for, so its clue may point the other way.
    NumbersOnly,
}

/// The explanation for a drill of a scenario written for `scenario` (with a no-orders
/// explanation or not), whose numbers the decoder judged `decoded`.
pub fn explanation(scenario: Verdict, has_no_orders: bool, decoded: &Decoded) -> Explanation {
    if decoded.verdict != scenario {
        Explanation::NumbersOnly
    } else if has_no_orders && decoded.counts.orders == 0 {
        Explanation::ScenarioNoOrders
    } else {
        Explanation::Scenario
    }
}

/// How a member did on each verdict (in `Verdict::ALL` order), from their answers (right
/// answer, answer given, times).
pub fn tallies(answers: &[(Verdict, Verdict, u64)]) -> Vec<(Verdict, Tally)> {
    Verdict::ALL
        .into_iter()
        .map(|v| {
            let mut t = Tally::default();
            for (right, given, n) in answers.iter().filter(|a| a.0 == v) {
                t.answered += n;
                if right == given {
                    t.right += n;
                }
            }
            (v, t)
        })
        .collect()
}

/// A member's drill statistics from their answers (right answer, answer given, times), the
/// days they answered on, and today, in the zone the days are counted in.
pub fn stats(
    answers: &[(Verdict, Verdict, u64)],
    days: &[Date],
    today: Date,
    zone: ZoneSource,
) -> DrillStats {
    let by_verdict = tallies(answers);
    DrillStats {
        answered: by_verdict.iter().map(|(_, t)| t.answered).sum(),
        right: by_verdict.iter().map(|(_, t)| t.right).sum(),
        by_verdict,
        most_missed: most_missed(answers),
        streak: streaks(days, today),
        zone,
    }
}

/// A verdict the member keeps missing and the answer they most often gave instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Miss {
    pub right: Verdict,
    pub given: Verdict,
    pub times: u64,
}

/// The miss to point out: the right verdict with the most wrong answers (ties: the lower
/// accuracy, then `Verdict::ALL` order), with the wrong answer given most for it. `pairs`
/// holds (right, given, times) for wrong answers only.
pub fn most_missed(pairs: &[(Verdict, Verdict, u64)]) -> Option<Miss> {
    let mut best: Option<Miss> = None;
    for right in Verdict::ALL {
        let wrong: u64 = pairs
            .iter()
            .filter(|(r, g, _)| *r == right && *g != right)
            .map(|p| p.2)
            .sum();
        if wrong == 0 || best.is_some_and(|b| b.times >= wrong) {
            continue;
        }
        let given = Verdict::ALL
            .into_iter()
            .filter(|g| *g != right)
            .max_by_key(|g| {
                let n: u64 = pairs
                    .iter()
                    .filter(|(r, x, _)| *r == right && x == g)
                    .map(|p| p.2)
                    .sum();
                // max_by_key keeps the last of equals; reverse the order so the first wins.
                (
                    n,
                    std::cmp::Reverse(Verdict::ALL.iter().position(|v| v == g)),
                )
            });
        if let Some(given) = given {
            best = Some(Miss {
                right,
                given,
                times: wrong,
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(&'static str, Verdict, Ranges);
    impl Scenario for Fixed {
        fn id(&self) -> &str {
            self.0
        }
        fn verdict(&self) -> Verdict {
            self.1
        }
        fn ranges(&self) -> Ranges {
            self.2
        }
    }

    fn bounds(min: u64, max: u64) -> Bounds {
        Bounds::try_from([min, max]).unwrap()
    }

    #[test]
    fn the_next_drill_follows_the_weights_and_hits_its_verdict() {
        let scenarios = [
            Fixed(
                "after",
                Verdict::AfterClick,
                Ranges {
                    impressions: bounds(15_000, 40_000),
                    clicks: bounds(500, 1_100),
                    orders: bounds(0, 4),
                },
            ),
            Fixed(
                "early",
                Verdict::NotEnoughData,
                Ranges {
                    impressions: bounds(1_000, 2_500),
                    clicks: bounds(25, 60),
                    orders: bounds(0, 0),
                },
            ),
        ];
        let t = Thresholds::default();
        // Only "after the click" has weight (the others have no scenario anyway).
        let w = [0.0, 1.0, 0.0, 0.0, 0.0];
        for seed in 0..200 {
            let (s, d) = next_drill(&scenarios, &w, t, seed).unwrap();
            assert_eq!(s.id(), "after");
            assert_eq!(d.seed, seed);
            assert!(s.ranges().allows(d.counts));
            let got = crate::funnel::decode(generate::counts(d.counts), t).verdict;
            assert_eq!(got, Verdict::AfterClick, "{d:?}");
            assert_eq!(next_drill(&scenarios, &w, t, seed).unwrap().1, d);
        }
        // A verdict with no scenario falls back to one that exists.
        let only_both = [0.0, 0.0, 1.0, 0.0, 0.0];
        assert!(next_drill(&scenarios, &only_both, t, 1).is_some());
        assert!(next_drill::<Fixed>(&[], &w, t, 1).is_none());
    }

    #[test]
    fn the_scenarios_own_explanation_only_when_the_decoder_agrees_with_it() {
        use crate::funnel::decode;
        let t = Thresholds::default();
        // 0.3% tap (weak), 5% of them order (fine): before the click.
        let d = decode(generate::counts([100_000, 300, 15]), t);
        assert_eq!(d.verdict, Verdict::BeforeClick);
        assert_eq!(
            explanation(Verdict::BeforeClick, true, &d),
            Explanation::Scenario,
            "orders: the no-orders text is not for it"
        );
        // A server whose target is 0.1% finds the same numbers healthy: the situation was
        // written for "before the click", so only the numbers speak.
        let lenient = Thresholds {
            ctr: 0.001,
            ctor: 0.02,
        };
        let moved = decode(generate::counts([100_000, 300, 15]), lenient);
        assert_eq!(moved.verdict, Verdict::Healthy);
        assert_eq!(
            explanation(Verdict::BeforeClick, true, &moved),
            Explanation::NumbersOnly
        );
        // No orders: the scenario's no-orders text when it has one.
        let none = decode(generate::counts([20_000, 900, 0]), t);
        assert_eq!(none.verdict, Verdict::AfterClick);
        assert_eq!(
            explanation(Verdict::AfterClick, true, &none),
            Explanation::ScenarioNoOrders
        );
        assert_eq!(
            explanation(Verdict::AfterClick, false, &none),
            Explanation::Scenario
        );
        assert_eq!(
            explanation(Verdict::Both, true, &none),
            Explanation::NumbersOnly
        );
    }

    #[test]
    fn stats_count_answers_by_the_right_one_and_the_streak() {
        use jiff::civil::date;
        let answers = [
            (Verdict::NotEnoughData, Verdict::AfterClick, 2),
            (Verdict::NotEnoughData, Verdict::NotEnoughData, 1),
            (Verdict::Healthy, Verdict::Healthy, 3),
        ];
        let days = [date(2026, 3, 1), date(2026, 3, 2)];
        let s = stats(&answers, &days, date(2026, 3, 2), ZoneSource::Utc);
        assert_eq!((s.answered, s.right), (6, 4));
        assert_eq!(
            s.by_verdict[4],
            (
                Verdict::NotEnoughData,
                Tally {
                    answered: 3,
                    right: 1
                }
            )
        );
        assert_eq!(s.by_verdict[0].1, Tally::default());
        assert_eq!(s.most_missed.map(|m| m.given), Some(Verdict::AfterClick));
        assert_eq!(
            s.streak,
            Streak {
                current: 2,
                best: 2
            }
        );
    }

    #[test]
    fn scenario_ids_are_short_and_plain() {
        assert!(valid_scenario_id("serum-live-1"));
        assert!(valid_scenario_id("a"));
        assert!(!valid_scenario_id(""));
        assert!(!valid_scenario_id("Serum"));
        assert!(!valid_scenario_id("a:b"));
        assert!(!valid_scenario_id(&"a".repeat(21)));
    }

    #[test]
    fn the_miss_named_is_the_one_made_most_and_its_usual_wrong_answer() {
        use Verdict::{AfterClick, BeforeClick, Both, Healthy, NotEnoughData};
        assert_eq!(most_missed(&[]), None);
        let pairs = [
            (NotEnoughData, AfterClick, 3),
            (NotEnoughData, Healthy, 1),
            (Both, BeforeClick, 2),
            (Healthy, Healthy, 9),
        ];
        assert_eq!(
            most_missed(&pairs),
            Some(Miss {
                right: NotEnoughData,
                given: AfterClick,
                times: 4
            })
        );
    }
}
