//! A stored reminder as the domain sees it: who it is for, its rule and zone, whether it waits,
//! and the record of one that came due.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::{next_after, Repeat, Rule};
use crate::member::Member;

with_all! {
    /// Whether a reminder waits, is paused, or (a one-off) went out.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Status {
        Active,
        /// The member's direct messages were closed when it was due.
        Paused,
        Sent,
    }
}

/// A stored reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub id: i64,
    pub member: Member,
    pub note: String,
    /// The IANA name of the zone its rule is read in.
    pub timezone: String,
    pub rule: Rule,
    pub status: Status,
    /// Seconds since 1970.
    pub next_at: i64,
}

impl Reminder {
    /// The zone its rule is read in (UTC when the database no longer knows the name).
    pub fn zone(&self) -> TimeZone {
        super::zone::named(&self.timezone)
    }

    /// When it fires next after `after` (seconds since 1970); None for a one-off.
    pub fn next_after(&self, after: i64) -> Option<i64> {
        let after = Timestamp::from_second(after).ok()?;
        next_after(self.rule, &self.zone(), after).map(Timestamp::as_second)
    }
}

/// A reminder claimed for sending: already moved on in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub member: Member,
    pub note: String,
    /// When it was due (seconds since 1970).
    pub due_at: i64,
    pub repeat: Repeat,
}
