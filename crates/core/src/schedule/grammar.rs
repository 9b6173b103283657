//! The time a member types. The whole grammar (case and extra spaces aside):
//!
//! - a time of day: `18:30`, `6:30pm`, `6pm`, `6 pm`, `noon`, `midnight`
//! - a day, then a time: `tomorrow 9am`, `today 18:00`, `mon 8:30`, `friday 6pm` (a day
//!   of the week as its first three letters or its full name; `at` may stand between)
//! - a wait: `in 1 minute`, `in 90m`, `in 2h`, `in 1h 30m`, `in 2 days` (units: `m`, `min`,
//!   `minute(s)`, `h`, `hr`, `hour(s)`, `d`, `day(s)`)

use jiff::civil::{Time, Weekday};
use jiff::SignedDuration;

/// Which day a time of day is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    /// Today, or tomorrow when the time has passed.
    Next,
    /// Today, said so: a one-off time that has passed is refused, not moved to tomorrow.
    Today,
    Tomorrow,
    /// The next such day (today when the time is still ahead).
    Weekday(Weekday),
}

/// What a member asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A wait from now.
    In(SignedDuration),
    /// A local time of day.
    At { day: Day, time: Time },
}

/// Why the text is not a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing typed.
    Empty,
    /// Looks like a time, but no clock shows it (`25:99`, `13pm`).
    Impossible,
    /// Not one of the accepted forms.
    NotUnderstood,
}

/// Reads a time in the grammar above.
pub fn parse(input: &str) -> Result<When, ParseError> {
    let text = input.trim().to_lowercase();
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        [] => Err(ParseError::Empty),
        ["in", rest @ ..] => wait(rest).map(When::In),
        [first, rest @ ..] => {
            if let Some(day) = day(first) {
                let rest = rest.strip_prefix(&["at"]).unwrap_or(rest);
                if rest.is_empty() {
                    return Err(ParseError::NotUnderstood);
                }
                Ok(When::At {
                    day,
                    time: time_of_day(&rest.concat())?,
                })
            } else {
                let rest = match words.as_slice() {
                    ["at", rest @ ..] => rest,
                    all => all,
                };
                Ok(When::At {
                    day: Day::Next,
                    time: time_of_day(&rest.concat())?,
                })
            }
        }
    }
}

fn day(word: &str) -> Option<Day> {
    use Weekday::{Friday, Monday, Saturday, Sunday, Thursday, Tuesday, Wednesday};
    let weekday = match word {
        "today" => return Some(Day::Today),
        "tomorrow" | "tmrw" => return Some(Day::Tomorrow),
        "mon" | "monday" => Monday,
        "tue" | "tues" | "tuesday" => Tuesday,
        "wed" | "wednesday" => Wednesday,
        "thu" | "thur" | "thurs" | "thursday" => Thursday,
        "fri" | "friday" => Friday,
        "sat" | "saturday" => Saturday,
        "sun" | "sunday" => Sunday,
        _ => return None,
    };
    Some(Day::Weekday(weekday))
}

/// `18:30`, `6:30pm`, `6pm`, `noon`, `midnight` (spaces already removed).
fn time_of_day(text: &str) -> Result<Time, ParseError> {
    match text {
        "" => return Err(ParseError::NotUnderstood),
        "noon" => return Ok(Time::constant(12, 0, 0, 0)),
        "midnight" => return Ok(Time::constant(0, 0, 0, 0)),
        _ => {}
    }
    let (clock, half) = if let Some(c) = text.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = text.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (text, None)
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (number(h)?, number(m)?),
        // A bare number is a time only with am/pm ("6" alone could be either).
        None if half.is_some() => (number(clock)?, 0),
        Some(_) | None => return Err(ParseError::NotUnderstood),
    };
    if clock.split(':').next().is_some_and(|h| h.len() > 2) {
        return Err(ParseError::NotUnderstood);
    }
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) => return Err(ParseError::Impossible),
        Some(false) => hour % 12,
        Some(true) => hour % 12 + 12,
    };
    if hour > 23 || minute > 59 {
        return Err(ParseError::Impossible);
    }
    let (hour, minute) = (
        i8::try_from(hour).map_err(|_| ParseError::Impossible)?,
        i8::try_from(minute).map_err(|_| ParseError::Impossible)?,
    );
    Time::new(hour, minute, 0, 0).map_err(|_| ParseError::Impossible)
}

fn number(digits: &str) -> Result<u32, ParseError> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::NotUnderstood);
    }
    digits.parse().map_err(|_| ParseError::NotUnderstood)
}

/// `1 minute`, `90m`, `2h`, `1h 30m`, `1 hour 30 minutes`, `2 days`.
fn wait(words: &[&str]) -> Result<SignedDuration, ParseError> {
    let text = words.concat();
    if text.is_empty() {
        return Err(ParseError::NotUnderstood);
    }
    let mut total: i64 = 0;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return Err(ParseError::NotUnderstood);
        }
        let n: i64 = rest[..digits]
            .parse()
            .map_err(|_| ParseError::NotUnderstood)?;
        rest = &rest[digits..];
        let letters = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let seconds = match &rest[..letters] {
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3_600,
            "d" | "day" | "days" => 86_400,
            _ => return Err(ParseError::NotUnderstood),
        };
        rest = &rest[letters..];
        total = n
            .checked_mul(seconds)
            .and_then(|s| total.checked_add(s))
            .ok_or(ParseError::NotUnderstood)?;
    }
    Ok(SignedDuration::from_secs(total))
}
