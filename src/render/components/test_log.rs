//! The test log's ids: the "Log a test from this" button under `/decode`, its lever menu and
//! pop-up, and the buttons and menu of `/test list` and `/test delete`.

use super::{join_counts, split, split_counts, write, ComponentId, Kind};
use crate::funnel::Lever;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestLogId {
    /// "Log a test from this" under a decode: who ran it, and its numbers (impressions,
    /// clicks, orders), which become the test's before numbers.
    FromDecode { owner: u64, counts: [u64; 3] },
    /// The lever menu that follows (the picked value is a lever key).
    PickLever { counts: [u64; 3] },
    /// The pop-up where the member types the change.
    LogModal { lever: Lever, counts: [u64; 3] },
    /// A page of `/test list` (0-based).
    Page(u32),
    /// The "open a test" menu of `/test list` (the picked value is a short test id).
    Open,
    /// Confirms deleting a test (by row id; only ever within the clicker's own tests).
    Delete(i64),
    /// Keeps the test after all.
    Keep,
}

impl ComponentId for TestLogId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "tl",
            action: "test from decode",
        },
        Kind {
            wire: "tlv",
            action: "test pick lever",
        },
        Kind {
            wire: "tlm",
            action: "test log pop-up",
        },
        Kind {
            wire: "tp",
            action: "test page",
        },
        Kind {
            wire: "to",
            action: "test open",
        },
        Kind {
            wire: "td",
            action: "test delete",
        },
        Kind {
            wire: "tk",
            action: "test keep",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            TestLogId::FromDecode { owner, counts } => {
                write("tl", Some(&format!("{owner}:{}", join_counts(counts))))
            }
            TestLogId::PickLever { counts } => write("tlv", Some(&join_counts(counts))),
            TestLogId::LogModal { lever, counts } => write(
                "tlm",
                Some(&format!("{}:{}", lever.key(), join_counts(counts))),
            ),
            TestLogId::Page(page) => write("tp", Some(&page.to_string())),
            TestLogId::Open => write("to", None),
            TestLogId::Delete(id) => write("td", Some(&id.to_string())),
            TestLogId::Keep => write("tk", None),
        }
    }

    fn parse(custom_id: &str) -> Option<TestLogId> {
        match split(custom_id)? {
            ("tl", rest) => {
                let (owner, counts) = rest.split_once(':')?;
                Some(TestLogId::FromDecode {
                    owner: owner.parse().ok()?,
                    counts: split_counts(counts)?,
                })
            }
            ("tlv", counts) => Some(TestLogId::PickLever {
                counts: split_counts(counts)?,
            }),
            ("tlm", rest) => {
                let (lever, counts) = rest.split_once(':')?;
                Some(TestLogId::LogModal {
                    lever: Lever::from_key(lever)?,
                    counts: split_counts(counts)?,
                })
            }
            ("tp", page) => page.parse().ok().map(TestLogId::Page),
            ("to", "") => Some(TestLogId::Open),
            ("td", id) => id.parse().ok().filter(|i| *i > 0).map(TestLogId::Delete),
            ("tk", "") => Some(TestLogId::Keep),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_fit_discord() {
        let big = [1_000_000_000_000, 999_999_999_999, 1_000_000_000_000];
        for a in [
            TestLogId::FromDecode {
                owner: u64::MAX,
                counts: big,
            },
            TestLogId::PickLever { counts: big },
            TestLogId::LogModal {
                lever: Lever::LinkTiming,
                counts: big,
            },
            TestLogId::Page(u32::MAX),
            TestLogId::Open,
            TestLogId::Delete(i64::MAX),
            TestLogId::Keep,
        ] {
            let id = a.custom_id();
            assert!(id.len() <= 100, "{id}");
            assert_eq!(TestLogId::parse(&id), Some(a));
        }
    }

    #[test]
    fn the_wire_format_of_posted_buttons_is_kept() {
        let counts = [12_500, 310, 4];
        assert_eq!(
            TestLogId::FromDecode { owner: 7, counts }.custom_id(),
            "fc:tl:7:12500:310:4"
        );
        assert_eq!(
            TestLogId::PickLever { counts }.custom_id(),
            "fc:tlv:12500:310:4"
        );
        assert_eq!(
            TestLogId::LogModal {
                lever: Lever::Hook,
                counts
            }
            .custom_id(),
            format!("fc:tlm:{}:12500:310:4", Lever::Hook.key())
        );
        assert_eq!(TestLogId::Page(2).custom_id(), "fc:tp:2");
        assert_eq!(TestLogId::Open.custom_id(), "fc:to");
        assert_eq!(TestLogId::Delete(42).custom_id(), "fc:td:42");
        assert_eq!(TestLogId::Keep.custom_id(), "fc:tk");
    }

    #[test]
    fn hand_made_ids_are_refused() {
        for bad in [
            "fc:tl:1:2:3",
            "fc:tl:x:1:2:3",
            "fc:tlv:1:2",
            "fc:tlv:1:2:3:4",
            "fc:tlv:-1:2:3",
            "fc:tlv:+1:2:3",
            "fc:tlv:1: 2:3",
            "fc:tlv:99999999999999999999999:1:1",
            "fc:tlm:magic:1:2:3",
            "fc:td:-4",
            "fc:td:0",
            "fc:tp:-1",
            "fc:to:1",
            "fc:pf",
        ] {
            assert_eq!(TestLogId::parse(bad), None, "{bad}");
        }
    }
}
