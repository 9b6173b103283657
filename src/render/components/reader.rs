//! "Decode this"'s ids: the Share in channel button, the buttons for the other numbers of the
//! message, and the pop-up that asks for the numbers. Everything each needs travels in the id
//! (the message it answers, the counts, whether orders were items sold), so they work after a
//! restart; anything else, including a count over the limit, is refused.

use super::{split, write, ComponentId, Kind};
use crate::funnel::counts::MAX_COUNT;
use crate::funnel::Counts;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderId {
    /// Post the answer for these counts in the channel, as a reply to `message`.
    Share {
        message: u64,
        counts: Counts,
        items_sold: bool,
    },
    /// Decode another set of numbers `message` gave.
    Other {
        message: u64,
        counts: Counts,
        items_sold: bool,
    },
    /// The pop-up's numbers for `message`.
    Confirm { message: u64, items_sold: bool },
}

/// `<message>:<impressions>:<clicks>:<orders>:<add-to-carts or ->:<u or ->`.
fn write_set(message: u64, c: &Counts, items_sold: bool) -> String {
    let carts = c
        .add_to_carts
        .map_or_else(|| "-".to_owned(), |a| a.to_string());
    format!(
        "{message}:{}:{}:{}:{carts}:{}",
        c.impressions,
        c.clicks,
        c.orders,
        flag(items_sold)
    )
}

fn flag(items_sold: bool) -> &'static str {
    if items_sold {
        "u"
    } else {
        "-"
    }
}

fn read_flag(text: &str) -> Option<bool> {
    match text {
        "u" => Some(true),
        "-" => Some(false),
        _ => None,
    }
}

/// A count as written by [`write_set`]: digits only, at most [`MAX_COUNT`].
fn read_count(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 13 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| *n <= MAX_COUNT)
}

fn read_message(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|id| *id > 0)
}

fn read_set(text: &str) -> Option<(u64, Counts, bool)> {
    let parts: Vec<&str> = text.split(':').collect();
    let [message, impressions, clicks, orders, carts, units] = parts.as_slice() else {
        return None;
    };
    let add_to_carts = match *carts {
        "-" => None,
        c => Some(read_count(c)?),
    };
    Some((
        read_message(message)?,
        Counts {
            impressions: read_count(impressions)?,
            clicks: read_count(clicks)?,
            orders: read_count(orders)?,
            add_to_carts,
        },
        read_flag(units)?,
    ))
}

impl ComponentId for ReaderId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "dts",
            action: "decode this share",
        },
        Kind {
            wire: "dto",
            action: "decode this other numbers",
        },
        Kind {
            wire: "dtm",
            action: "decode this pop-up",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            ReaderId::Share {
                message,
                counts,
                items_sold,
            } => write("dts", Some(&write_set(*message, counts, *items_sold))),
            ReaderId::Other {
                message,
                counts,
                items_sold,
            } => write("dto", Some(&write_set(*message, counts, *items_sold))),
            ReaderId::Confirm {
                message,
                items_sold,
            } => write("dtm", Some(&format!("{message}:{}", flag(*items_sold)))),
        }
    }

    fn parse(custom_id: &str) -> Option<ReaderId> {
        match split(custom_id)? {
            ("dts", rest) => {
                let (message, counts, items_sold) = read_set(rest)?;
                Some(ReaderId::Share {
                    message,
                    counts,
                    items_sold,
                })
            }
            ("dto", rest) => {
                let (message, counts, items_sold) = read_set(rest)?;
                Some(ReaderId::Other {
                    message,
                    counts,
                    items_sold,
                })
            }
            ("dtm", rest) => {
                let (message, units) = rest.split_once(':')?;
                Some(ReaderId::Confirm {
                    message: read_message(message)?,
                    items_sold: read_flag(units)?,
                })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(add_to_carts: Option<u64>) -> Counts {
        Counts {
            impressions: 30_000,
            clicks: 900,
            orders: 3,
            add_to_carts,
        }
    }

    #[test]
    fn ids_round_trip_and_fit_discord_with_the_largest_numbers() {
        let big = Counts {
            impressions: MAX_COUNT,
            clicks: MAX_COUNT,
            orders: MAX_COUNT,
            add_to_carts: Some(MAX_COUNT),
        };
        for id in [
            ReaderId::Share {
                message: u64::MAX,
                counts: big,
                items_sold: true,
            },
            ReaderId::Other {
                message: u64::MAX,
                counts: big,
                items_sold: false,
            },
            ReaderId::Share {
                message: 1,
                counts: counts(None),
                items_sold: false,
            },
            ReaderId::Confirm {
                message: u64::MAX,
                items_sold: true,
            },
        ] {
            let text = id.custom_id();
            assert!(text.len() <= 100, "{text}");
            assert_eq!(ReaderId::parse(&text), Some(id));
        }
    }

    #[test]
    fn the_wire_format_is_kept() {
        let share = ReaderId::Share {
            message: 42,
            counts: counts(Some(25)),
            items_sold: true,
        };
        assert_eq!(share.custom_id(), "fc:dts:42:30000:900:3:25:u");
        let other = ReaderId::Other {
            message: 42,
            counts: counts(None),
            items_sold: false,
        };
        assert_eq!(other.custom_id(), "fc:dto:42:30000:900:3:-:-");
        let confirm = ReaderId::Confirm {
            message: 42,
            items_sold: false,
        };
        assert_eq!(confirm.custom_id(), "fc:dtm:42:-");
    }

    #[test]
    fn forged_ids_are_refused() {
        for bad in [
            "fc:dts",
            "fc:dts:42:30000:900:3:-",
            "fc:dts:42:30000:900:3:-:-:x",
            "fc:dts:0:30000:900:3:-:-",
            "fc:dts:x:30000:900:3:-:-",
            "fc:dts:42:-1:900:3:-:-",
            "fc:dts:42:+1:900:3:-:-",
            "fc:dts:42: 1:900:3:-:-",
            "fc:dts:42:1000000000001:900:3:-:-",
            "fc:dts:42:99999999999999999999:900:3:-:-",
            "fc:dts:42:30000:900:3:-:yes",
            "fc:dto:42:30000:900::-:-",
            "fc:dtm:42",
            "fc:dtm:42:u:1",
            "fc:dtm::u",
            "fc:dtx:42:-",
        ] {
            assert_eq!(ReaderId::parse(bad), None, "{bad}");
        }
    }
}
