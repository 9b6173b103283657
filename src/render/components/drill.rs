//! The drills' ids: the five answer buttons (the whole drill travels in each, so a drill
//! answered after a restart still works) and "Next drill".

use super::{join_counts, split, split_counts, write, ComponentId, Kind};
use crate::drill::{valid_scenario_id, Drill};
use crate::funnel::Verdict;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillId {
    /// An answer button: whom the drill was made for, whether it was posted for everyone,
    /// the drill, and the answer this button gives.
    Answer {
        owner: u64,
        shared: bool,
        drill: Drill,
        given: Verdict,
    },
    /// "Next drill", for the member it was shown to.
    Next { owner: u64 },
}

/// Each answer's short form on the wire (never changes: buttons already posted use it).
fn short(v: Verdict) -> &'static str {
    match v {
        Verdict::BeforeClick => "bc",
        Verdict::AfterClick => "ac",
        Verdict::Both => "bo",
        Verdict::Healthy => "he",
        Verdict::NotEnoughData => "nd",
    }
}

fn from_short(s: &str) -> Option<Verdict> {
    Verdict::ALL.into_iter().find(|v| short(*v) == s)
}

/// A number written only with digits (no sign, no spaces), as the ids write them.
fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A member id as Discord makes them: above 0 and within what the database stores.
fn member_id(s: &str) -> Option<u64> {
    digits::<u64>(s).filter(|id| *id > 0 && i64::try_from(*id).is_ok())
}

impl ComponentId for DrillId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "dra",
            action: "drill answer",
        },
        Kind {
            wire: "drn",
            action: "drill next",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            DrillId::Answer {
                owner,
                shared,
                drill,
                given,
            } => write(
                "dra",
                Some(&format!(
                    "{owner}:{}:{}:{}:{}:{}",
                    if *shared { "s" } else { "p" },
                    drill.seed,
                    drill.scenario,
                    join_counts(&drill.counts),
                    short(*given)
                )),
            ),
            DrillId::Next { owner } => write("drn", Some(&owner.to_string())),
        }
    }

    fn parse(custom_id: &str) -> Option<DrillId> {
        match split(custom_id)? {
            ("dra", rest) => {
                let (owner, rest) = rest.split_once(':')?;
                let (shared, rest) = rest.split_once(':')?;
                let (seed, rest) = rest.split_once(':')?;
                let (scenario, rest) = rest.split_once(':')?;
                let (counts, given) = rest.rsplit_once(':')?;
                let shared = match shared {
                    "s" => true,
                    "p" => false,
                    _ => return None,
                };
                if !valid_scenario_id(scenario) {
                    return None;
                }
                Some(DrillId::Answer {
                    owner: member_id(owner)?,
                    shared,
                    drill: Drill {
                        scenario: scenario.to_owned(),
                        seed: digits(seed)?,
                        counts: split_counts(counts)?,
                    },
                    given: from_short(given)?,
                })
            }
            ("drn", owner) => Some(DrillId::Next {
                owner: member_id(owner)?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::{MAX_DRILL_COUNT, MAX_SCENARIO_ID};

    fn answer(given: Verdict) -> DrillId {
        DrillId::Answer {
            owner: u64::MAX >> 1,
            shared: true,
            drill: Drill {
                scenario: "z".repeat(MAX_SCENARIO_ID),
                seed: u32::MAX,
                counts: [MAX_DRILL_COUNT; 3],
            },
            given,
        }
    }

    #[test]
    fn the_longest_ids_round_trip_and_fit_discord() {
        for v in Verdict::ALL {
            let id = answer(v).custom_id();
            assert!(id.len() <= 100, "{} characters: {id}", id.len());
            assert_eq!(DrillId::parse(&id), Some(answer(v)));
        }
        let next = DrillId::Next {
            owner: u64::MAX >> 1,
        };
        assert_eq!(DrillId::parse(&next.custom_id()), Some(next));
    }

    #[test]
    fn the_wire_format_of_posted_buttons_is_kept() {
        let id = DrillId::Answer {
            owner: 7,
            shared: false,
            drill: Drill {
                scenario: "ring-new-post".into(),
                seed: 42,
                counts: [1_800, 40, 0],
            },
            given: Verdict::AfterClick,
        };
        assert_eq!(id.custom_id(), "fc:dra:7:p:42:ring-new-post:1800:40:0:ac");
        assert_eq!(DrillId::Next { owner: 7 }.custom_id(), "fc:drn:7");
    }

    #[test]
    fn forged_and_cut_ids_are_refused() {
        let good = "fc:dra:7:p:42:ring-new-post:1800:40:0:ac";
        assert!(DrillId::parse(good).is_some());
        // Every truncation of a good id is refused (none of them is a shorter valid id).
        for end in 0..good.len() {
            assert_eq!(DrillId::parse(&good[..end]), None, "{}", &good[..end]);
        }
        for bad in [
            "fc:dra:7:x:42:ring-new-post:1800:40:0:ac",
            "fc:dra:7:p:-42:ring-new-post:1800:40:0:ac",
            "fc:dra:7:p:42:Ring:1800:40:0:ac",
            "fc:dra:7:p:42:ring-new-post:1800:40:0:zz",
            "fc:dra:7:p:42:ring-new-post:1800:40:ac",
            "fc:dra:7:p:42:ring-new-post:1800:40:0:0:ac",
            "fc:dra:7:p:4294967296:ring-new-post:1800:40:0:ac",
            "fc:dra:+7:p:42:ring-new-post:1800:40:0:ac",
            "fc:dra:7:p:42:ring-new-post:1800: 40:0:ac",
            "fc:drn:",
            "fc:drn:abc",
        ] {
            assert_eq!(DrillId::parse(bad), None, "{bad}");
        }
    }
}
