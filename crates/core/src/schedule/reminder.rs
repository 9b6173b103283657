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

/// A reminder claimed for sending: leased in the database until its send is settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub id: i64,
    pub member: Member,
    pub note: String,
    /// When it was due (seconds since 1970).
    pub due_at: i64,
    pub repeat: Repeat,
}

impl Due {
    /// The message's nonce: the same for every try of this reminder at this due time (a retry,
    /// or a second claim after a crash), different for each other due time. Discord keeps one
    /// message per nonce for a few minutes (`enforce_nonce`), so a send repeated because the
    /// first one's result was never recorded is not a second message. At most 24 characters
    /// (Discord allows 25): `r`, the id and the time in base 62, a dot between.
    pub fn nonce(&self) -> String {
        format!(
            "r{}.{}",
            base62(self.id.cast_unsigned()),
            base62(self.due_at.cast_unsigned())
        )
    }
}

/// `n` in base 62 (0-9, A-Z, a-z): at most 11 digits for any `u64`.
pub(crate) fn base62(mut n: u64) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::with_capacity(11);
    loop {
        out.push(DIGITS[usize::try_from(n % 62).unwrap_or(0)]);
        n /= 62;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}
