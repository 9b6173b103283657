//! Reminders, the pure part: the time grammar a member types (`parse`), a reminder and its
//! status ([`Reminder`]), the zone a member's times are read in ([`zone`]), and when a reminder
//! fires, first and next (`plan`, `next_after`), always computed in the reminder's own time
//! zone from its rule, never by adding 24 hours to the last instant.
//!
//! A time inside a spring-forward gap (02:30 on the night clocks jump from 02:00 to 03:00)
//! fires at the first valid instant after it (03:00); a time that happens twice on the night
//! clocks go back fires the first time.

mod grammar;
mod reminder;
pub mod zone;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};

pub use grammar::{parse, Day, ParseError, When};
pub(crate) use reminder::base62;
pub use reminder::{Due, Reminder, Status};
pub use zone::{Zone, ZoneSource};

/// Active reminders one member may have in one server.
pub const MAX_ACTIVE: usize = 25;
/// The longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 200;
/// How far ahead a reminder may be set.
pub const MAX_AHEAD: SignedDuration = SignedDuration::from_hours(366 * 24);

with_all! {
    /// How a reminder repeats.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Repeat {
        Once,
        Daily,
        /// Monday to Friday.
        Weekdays,
        Weekly,
    }
}

impl Repeat {
    /// How the database and component ids spell it.
    pub fn code(self) -> &'static str {
        match self {
            Repeat::Once => "once",
            Repeat::Daily => "daily",
            Repeat::Weekdays => "weekdays",
            Repeat::Weekly => "weekly",
        }
    }

    pub fn from_code(code: &str) -> Option<Repeat> {
        Repeat::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a reminder repeats by: a local time of day, and for weekly ones the day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub repeat: Repeat,
    pub time: Time,
    /// The day of a weekly reminder (None for the others).
    pub weekday: Option<Weekday>,
}

/// Why a time cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanError {
    /// A one-off time that is not in the future.
    Past,
    /// More than [`MAX_AHEAD`] away.
    TooFar,
}

/// When a new reminder fires first, and the rule it repeats by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub first: Timestamp,
    pub rule: Rule,
}

/// The instant a local date and time stands for in `tz`: in a gap, the first valid instant
/// after it (the moment the clocks jump); when it happens twice, the first.
pub fn resolve(dt: DateTime, tz: &TimeZone) -> Option<Timestamp> {
    let ambiguous = tz.to_ambiguous_timestamp(dt);
    match ambiguous.offset() {
        AmbiguousOffset::Unambiguous { .. } | AmbiguousOffset::Fold { .. } => {
            ambiguous.earlier().ok()
        }
        AmbiguousOffset::Gap { .. } => {
            // `earlier()` (the time read with the offset after the jump) lies before the
            // jump, `later()` at or after it; the jump is the first transition after
            // `earlier()` (`preceding(later())` would miss a time right at the jump).
            let before = ambiguous.earlier().ok()?;
            let jump = tz.following(before).next().map(|t| t.timestamp());
            jump.or_else(|| ambiguous.later().ok())
        }
    }
}

/// Whether a reminder with this rule fires on `day`.
fn fires_on(rule: Rule, day: Date) -> bool {
    match rule.repeat {
        Repeat::Once | Repeat::Daily => true,
        Repeat::Weekdays => !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday),
        Repeat::Weekly => rule.weekday.is_none_or(|w| day.weekday() == w),
    }
}

/// The first time the rule fires strictly after `after`, starting the search on `from`
/// (a local date in `tz`). None only past the end of the calendar.
fn first_from(rule: Rule, tz: &TimeZone, from: Date, after: Timestamp) -> Option<Timestamp> {
    let mut day = from;
    // Eight days cover every rule; a few more cover a zone that skipped a whole day.
    for _ in 0..10 {
        if fires_on(rule, day) {
            if let Some(at) = resolve(DateTime::from_parts(day, rule.time), tz) {
                if at > after {
                    return Some(at);
                }
            }
        }
        day = day.tomorrow().ok()?;
    }
    None
}

/// When a repeating reminder fires next, strictly after `after` (its last time, or now
/// after a downtime: missed repeats are skipped, never sent in a burst). None for a one-off.
pub fn next_after(rule: Rule, tz: &TimeZone, after: Timestamp) -> Option<Timestamp> {
    if rule.repeat == Repeat::Once {
        return None;
    }
    let today = after.to_zoned_datetime(tz.clone()).date();
    first_from(rule, tz, today, after)
}

/// When a reminder set now fires first, and what it repeats by.
pub fn plan(when: When, repeat: Repeat, tz: &TimeZone, now: Timestamp) -> Result<Plan, PlanError> {
    let local_now = now.to_zoned_datetime(tz.clone());
    let today = local_now.date();
    let (first, time) = match when {
        When::In(wait) => {
            if wait <= SignedDuration::ZERO {
                return Err(PlanError::Past);
            }
            if wait > MAX_AHEAD {
                return Err(PlanError::TooFar);
            }
            let first = now.checked_add(wait).map_err(|_| PlanError::TooFar)?;
            let time = first.to_zoned_datetime(tz.clone()).time();
            let first = match repeat {
                // A weekday reminder set "in 2h" on a Saturday starts on Monday.
                Repeat::Weekdays => {
                    let rule = Rule {
                        repeat,
                        time,
                        weekday: None,
                    };
                    let day = first.to_zoned_datetime(tz.clone()).date();
                    first_from(
                        rule,
                        tz,
                        day,
                        first
                            .checked_sub(SignedDuration::from_secs(1))
                            .unwrap_or(first),
                    )
                    .ok_or(PlanError::TooFar)?
                }
                _ => first,
            };
            (first, time)
        }
        When::At { day, time } => {
            let from = match day {
                Day::Next | Day::Today | Day::Weekday(_) => today,
                Day::Tomorrow => today.tomorrow().map_err(|_| PlanError::TooFar)?,
            };
            // "18:30" when it is 19:00 means tomorrow; "mon 8:30" on a Monday at 9:00 means
            // next Monday; weekday reminders skip to Monday.
            let search = Rule {
                repeat: match (day, repeat) {
                    (Day::Weekday(_), _) => Repeat::Weekly,
                    (_, Repeat::Weekdays) => Repeat::Weekdays,
                    _ => Repeat::Daily,
                },
                time,
                weekday: match day {
                    Day::Weekday(w) => Some(w),
                    _ => None,
                },
            };
            let mut first = first_from(search, tz, from, now).ok_or(PlanError::TooFar)?;
            let on = first.to_zoned_datetime(tz.clone()).date();
            if day == Day::Today && repeat == Repeat::Once && on != today {
                return Err(PlanError::Past);
            }
            if repeat == Repeat::Weekdays {
                let rule = Rule {
                    repeat,
                    time,
                    weekday: None,
                };
                let day = first.to_zoned_datetime(tz.clone()).date();
                let before = first
                    .checked_sub(SignedDuration::from_secs(1))
                    .unwrap_or(first);
                first = first_from(rule, tz, day, before).ok_or(PlanError::TooFar)?;
            }
            (first, time)
        }
    };
    if first <= now {
        return Err(PlanError::Past);
    }
    if first.duration_since(now) > MAX_AHEAD {
        return Err(PlanError::TooFar);
    }
    let weekday =
        (repeat == Repeat::Weekly).then(|| first.to_zoned_datetime(tz.clone()).date().weekday());
    Ok(Plan {
        first,
        rule: Rule {
            repeat,
            time,
            weekday,
        },
    })
}

/// When "snooze until tomorrow" fires: the same local time tomorrow, in the reminder's zone.
pub fn tomorrow_same_time(tz: &TimeZone, now: Timestamp) -> Option<Timestamp> {
    let local = now.to_zoned_datetime(tz.clone());
    let day = local.date().tomorrow().ok()?;
    resolve(DateTime::from_parts(day, local.time()), tz)
}

#[cfg(test)]
mod tests;
