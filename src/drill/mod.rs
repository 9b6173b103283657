//! Drills: a short creator situation with numbers, and the member picks the weak step. Pure:
//! the numbers are generated from a seed so that the decoder itself gives the scenario's
//! verdict; the right answer is always what [`crate::funnel::decode`] says of the numbers shown.
//! The next drill leans toward the verdicts a member misses ([`weighting`]); a streak counts
//! the days with a drill answered, in the member's time zone ([`streak`]).

pub mod generate;
pub mod streak;
pub mod weighting;

pub use generate::{generate, Bounds, Ranges, Rng};
pub use streak::{local_day, streaks, Streak, Zone, ZoneSource};
pub use weighting::{pick_verdict, weights, Tally};

use crate::funnel::Verdict;

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
                (n, std::cmp::Reverse(Verdict::ALL.iter().position(|v| v == g)))
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
