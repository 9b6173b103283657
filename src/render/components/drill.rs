//! The drills' ids: the five answer buttons (the whole drill travels in each, so a drill
//! answered after a restart still works) and "Next drill". A drill opened from a reminder's
//! direct message has ids of its own that carry the server instead of the member (a direct
//! message has no server, and only its member can click in it).

use super::{join_counts, split, split_counts, write, ComponentId, Kind};
use crate::drill::{valid_scenario_id, Drill};
use crate::funnel::Verdict;

/// Where a drill's buttons are shown: who may answer, and in which server the answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// In a server: made for `owner`; `shared` when it is posted for everyone.
    Server { owner: u64, shared: bool },
    /// In a reminder's direct message, for server `guild`: the member of the DM answers.
    Dm { guild: u64 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrillId {
    /// An answer button: where the drill is shown, the drill, and the answer this button gives.
    Answer {
        audience: Audience,
        drill: Drill,
        given: Verdict,
    },
    /// "Next drill", for the member it was shown to.
    Next { owner: u64 },
    /// "Next drill" in a direct message, for server `guild`.
    NextDm { guild: u64 },
}

impl DrillId {
    /// "Next drill" for the same place as `audience` (one's own drill, never a shared one).
    pub fn next(audience: Audience) -> DrillId {
        match audience {
            Audience::Server { owner, .. } => DrillId::Next { owner },
            Audience::Dm { guild } => DrillId::NextDm { guild },
        }
    }

    /// Where the drill of this button is shown.
    pub fn audience(&self) -> Audience {
        match self {
            DrillId::Answer { audience, .. } => *audience,
            DrillId::Next { owner } => Audience::Server {
                owner: *owner,
                shared: false,
            },
            DrillId::NextDm { guild } => Audience::Dm { guild: *guild },
        }
    }
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

/// A member or server id as Discord makes them: above 0 and within what the database stores.
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
        Kind {
            wire: "dda",
            action: "drill answer in a DM",
        },
        Kind {
            wire: "ddn",
            action: "drill next in a DM",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            DrillId::Answer {
                audience,
                drill,
                given,
            } => {
                let (kind, to) = match audience {
                    Audience::Server { owner, shared } => (
                        "dra",
                        format!("{owner}:{}", if *shared { "s" } else { "p" }),
                    ),
                    Audience::Dm { guild } => ("dda", guild.to_string()),
                };
                write(
                    kind,
                    Some(&format!(
                        "{to}:{}:{}:{}:{}",
                        drill.seed,
                        drill.scenario,
                        join_counts(&drill.counts),
                        short(*given)
                    )),
                )
            }
            DrillId::Next { owner } => write("drn", Some(&owner.to_string())),
            DrillId::NextDm { guild } => write("ddn", Some(&guild.to_string())),
        }
    }

    fn parse(custom_id: &str) -> Option<DrillId> {
        match split(custom_id)? {
            ("dra", rest) => {
                let (owner, rest) = rest.split_once(':')?;
                let (shared, rest) = rest.split_once(':')?;
                let shared = match shared {
                    "s" => true,
                    "p" => false,
                    _ => return None,
                };
                let audience = Audience::Server {
                    owner: member_id(owner)?,
                    shared,
                };
                answer(audience, rest)
            }
            ("dda", rest) => {
                let (guild, rest) = rest.split_once(':')?;
                answer(
                    Audience::Dm {
                        guild: member_id(guild)?,
                    },
                    rest,
                )
            }
            ("drn", owner) => Some(DrillId::Next {
                owner: member_id(owner)?,
            }),
            ("ddn", guild) => Some(DrillId::NextDm {
                guild: member_id(guild)?,
            }),
            _ => None,
        }
    }
}

/// The drill and the answer after the audience: `<seed>:<scenario>:<counts>:<answer>`.
fn answer(audience: Audience, rest: &str) -> Option<DrillId> {
    let (seed, rest) = rest.split_once(':')?;
    let (scenario, rest) = rest.split_once(':')?;
    let (counts, given) = rest.rsplit_once(':')?;
    if !valid_scenario_id(scenario) {
        return None;
    }
    Some(DrillId::Answer {
        audience,
        drill: Drill {
            scenario: scenario.to_owned(),
            seed: digits(seed)?,
            counts: split_counts(counts)?,
        },
        given: from_short(given)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drill::{MAX_DRILL_COUNT, MAX_SCENARIO_ID};

    fn answer(audience: Audience, given: Verdict) -> DrillId {
        DrillId::Answer {
            audience,
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
        let big = u64::MAX >> 1;
        for audience in [
            Audience::Server {
                owner: big,
                shared: true,
            },
            Audience::Dm { guild: big },
        ] {
            for v in Verdict::ALL {
                let id = answer(audience, v).custom_id();
                assert!(id.len() <= 100, "{} characters: {id}", id.len());
                assert_eq!(DrillId::parse(&id), Some(answer(audience, v)));
            }
            let next = DrillId::next(audience);
            assert_eq!(DrillId::parse(&next.custom_id()), Some(next));
        }
    }

    #[test]
    fn the_wire_format_of_posted_buttons_is_kept() {
        let id = DrillId::Answer {
            audience: Audience::Server {
                owner: 7,
                shared: false,
            },
            drill: Drill {
                scenario: "ring-new-post".into(),
                seed: 42,
                counts: [1_800, 40, 0],
            },
            given: Verdict::AfterClick,
        };
        assert_eq!(id.custom_id(), "fc:dra:7:p:42:ring-new-post:1800:40:0:ac");
        assert_eq!(DrillId::Next { owner: 7 }.custom_id(), "fc:drn:7");
        let dm = DrillId::Answer {
            audience: Audience::Dm { guild: 9 },
            drill: Drill {
                scenario: "ring-new-post".into(),
                seed: 42,
                counts: [1_800, 40, 0],
            },
            given: Verdict::AfterClick,
        };
        assert_eq!(dm.custom_id(), "fc:dda:9:42:ring-new-post:1800:40:0:ac");
        assert_eq!(DrillId::NextDm { guild: 9 }.custom_id(), "fc:ddn:9");
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
            "fc:dda:0:42:ring-new-post:1800:40:0:ac",
            "fc:dda:7:p:42:ring-new-post:1800:40:0:ac",
            "fc:dda:9223372036854775808:42:ring-new-post:1800:40:0:ac",
            "fc:ddn:0",
            "fc:ddn:",
        ] {
            assert_eq!(DrillId::parse(bad), None, "{bad}");
        }
    }
}
