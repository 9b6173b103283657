//! Reminders (`/remind`): rows mapped to [`crate::schedule::Reminder`]. The table is the
//! scheduler's queue, worked claim–send–move: [`Db::claim_due`] (and [`Db::claim_retries`])
//! lease what is due in one short write transaction; the scheduler sends each with a nonce;
//! [`Db::settle`] then moves the row to its next time (or marks a one-off sent, or keeps the
//! retry) and clears the lease. A crash between the claim and the move leaves the lease: once
//! it runs out the reminder is claimed again and sent with the same nonce, which Discord
//! deduplicates, so a due reminder is neither lost nor sent twice.

use crate::member::Member;
use crate::schedule::{Due, Reminder, Repeat, Rule, Status};
use crate::{ids, StoreError};
use jiff::civil::{Time, Weekday};

pub fn status_of(code: &str) -> Result<Status, StoreError> {
    match code {
        "active" => Ok(Status::Active),
        "paused" => Ok(Status::Paused),
        "sent" => Ok(Status::Sent),
        _ => Err(StoreError::Corrupt(format!("reminder status `{code}`"))),
    }
}

/// A reminder to store.
#[derive(Debug, Clone, Copy)]
pub struct NewReminder<'a> {
    pub note: &'a str,
    pub timezone: &'a str,
    pub rule: Rule,
    pub first: i64,
    pub now: i64,
}

/// What storing a reminder did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Stored(i64),
    /// The member has [`MAX_ACTIVE`] already; nothing stored.
    TooMany,
}

/// What a snooze did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snoozed {
    Done,
    /// Not the member's, or gone.
    NotFound,
    /// A one-off that went out, and the member has [`MAX_ACTIVE`] others; nothing changed.
    TooMany,
}

/// A reminder the scheduler leased to send: the message, how many tries of it failed before,
/// and when the lease runs out (with `due.due_at`, what [`Db::settle`] recognises it by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub due: Due,
    pub tries: u32,
    pub lease_until: i64,
}

/// How a claimed send ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Discord has the message.
    Delivered,
    /// Refused for good, or handled elsewhere: the reminder moves on, nothing is retried.
    Dropped,
    /// Failed for a passing reason: tried again at this time (seconds since 1970).
    Retry(i64),
}

pub struct Row {
    pub id: i64,
    pub guild_id: i64,
    pub user_id: i64,
    pub note: String,
    pub timezone: String,
    pub repeat: String,
    pub local_minute: i64,
    pub weekday: Option<i64>,
    pub status: String,
    pub next_at: i64,
}

impl TryFrom<Row> for Reminder {
    type Error = StoreError;

    fn try_from(r: Row) -> Result<Reminder, StoreError> {
        let repeat = Repeat::from_code(&r.repeat)
            .ok_or_else(|| StoreError::Corrupt(format!("reminder repeat `{}`", r.repeat)))?;
        let bad = || StoreError::Corrupt(format!("reminder {} time", r.id));
        let hour = i8::try_from(r.local_minute / 60).map_err(|_| bad())?;
        let minute = i8::try_from(r.local_minute % 60).map_err(|_| bad())?;
        let time = Time::new(hour, minute, 0, 0).map_err(|_| bad())?;
        let weekday = match r.weekday {
            None => None,
            Some(w) => Some(
                i8::try_from(w)
                    .ok()
                    .and_then(|w| Weekday::from_monday_one_offset(w).ok())
                    .ok_or_else(bad)?,
            ),
        };
        Ok(Reminder {
            id: r.id,
            member: Member {
                guild: ids::from_db(r.guild_id)?,
                user: ids::from_db(r.user_id)?,
            },
            note: r.note,
            timezone: r.timezone,
            rule: Rule {
                repeat,
                time,
                weekday,
            },
            status: status_of(&r.status)?,
            next_at: r.next_at,
        })
    }
}

pub fn minute_of(time: Time) -> i64 {
    i64::from(time.hour()) * 60 + i64::from(time.minute())
}
