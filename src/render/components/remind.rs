//! `/remind` ids: the buttons of a reminder's direct message ("Start a drill", the three
//! snoozes) and "Resume" in `/remind list`. Each carries the server and member it is for, so
//! it works in a direct message and after a restart; the handler checks the clicker is that
//! member and that the reminder is theirs.

use super::{split, write, ComponentId, Kind};

with_all! {
    /// How long a snooze lasts.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Snooze {
        TenMinutes,
        OneHour,
        Tomorrow,
    }
}

impl Snooze {
    fn wire(self) -> &'static str {
        match self {
            Snooze::TenMinutes => "10m",
            Snooze::OneHour => "1h",
            Snooze::Tomorrow => "tm",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemindId {
    /// "Start a drill", in the reminder's DM.
    Drill { guild: u64, owner: u64 },
    /// A snooze button of reminder `id`.
    Snooze {
        guild: u64,
        owner: u64,
        id: i64,
        snooze: Snooze,
    },
    /// "Resume" a paused reminder.
    Resume { guild: u64, owner: u64, id: i64 },
}

fn digits<T: std::str::FromStr>(s: &str) -> Option<T> {
    (!s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl ComponentId for RemindId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "rmd",
            action: "reminder drill",
        },
        Kind {
            wire: "rms",
            action: "reminder snooze",
        },
        Kind {
            wire: "rmr",
            action: "reminder resume",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            RemindId::Drill { guild, owner } => write("rmd", Some(&format!("{guild}:{owner}"))),
            RemindId::Snooze {
                guild,
                owner,
                id,
                snooze,
            } => write(
                "rms",
                Some(&format!("{guild}:{owner}:{id}:{}", snooze.wire())),
            ),
            RemindId::Resume { guild, owner, id } => {
                write("rmr", Some(&format!("{guild}:{owner}:{id}")))
            }
        }
    }

    fn parse(custom_id: &str) -> Option<RemindId> {
        let (kind, rest) = split(custom_id)?;
        let parts: Vec<&str> = rest.split(':').collect();
        match (kind, parts.as_slice()) {
            ("rmd", [g, o]) => Some(RemindId::Drill {
                guild: digits(g)?,
                owner: digits(o)?,
            }),
            ("rms", [g, o, id, s]) => Some(RemindId::Snooze {
                guild: digits(g)?,
                owner: digits(o)?,
                id: digits(id)?,
                snooze: Snooze::ALL.into_iter().find(|x| x.wire() == *s)?,
            }),
            ("rmr", [g, o, id]) => Some(RemindId::Resume {
                guild: digits(g)?,
                owner: digits(o)?,
                id: digits(id)?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::limits;

    #[test]
    fn ids_round_trip_fit_and_refuse_forgeries() {
        let big = u64::MAX / 2;
        let ids = [
            RemindId::Drill {
                guild: big,
                owner: big,
            },
            RemindId::Resume {
                guild: big,
                owner: big,
                id: i64::MAX,
            },
        ]
        .into_iter()
        .chain(Snooze::ALL.into_iter().map(|snooze| RemindId::Snooze {
            guild: big,
            owner: big,
            id: i64::MAX,
            snooze,
        }));
        for id in ids {
            let wire = id.custom_id();
            assert!(wire.len() <= limits::CUSTOM_ID, "{wire}");
            assert_eq!(RemindId::parse(&wire), Some(id));
        }
        for bad in [
            "fc:rms:1:2:3:1y",
            "fc:rmr:1:2",
            "fc:rmd:1:-2",
            "fc:rmr:1:2:3:4",
            "fc:rmd:a:b",
        ] {
            assert_eq!(RemindId::parse(bad), None, "{bad}");
        }
    }
}
