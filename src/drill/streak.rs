//! Streaks: a day counts when the member answered at least one drill that day, in their own
//! time zone — their reminder time zone when they have one, else the server's default, else
//! UTC (the one rule of [`crate::schedule::zone`]). Each answer keeps the day it fell on where
//! the member was; streaks are worked out from those stored days, so nothing waits for the next
//! drill to be right.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// The calendar day `at` (seconds since 1970) falls on in `tz`.
pub fn local_day(at: i64, tz: &TimeZone) -> Date {
    let ts = Timestamp::from_second(at).unwrap_or(Timestamp::UNIX_EPOCH);
    tz.to_datetime(ts).date()
}

/// The current run of days and the longest one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streak {
    /// Days in a row up to today, or up to yesterday while today has no drill yet.
    pub current: u32,
    pub best: u32,
}

/// Streaks from the days with at least one drill (any order, repeats allowed) as of `today`.
pub fn streaks(days: &[Date], today: Date) -> Streak {
    let mut days: Vec<Date> = days.iter().copied().filter(|d| *d <= today).collect();
    days.sort_unstable();
    days.dedup();
    let mut best = 0u32;
    let mut run = 0u32;
    let mut previous: Option<Date> = None;
    for day in &days {
        run = match previous {
            Some(p) if p.tomorrow().ok() == Some(*day) => run + 1,
            _ => 1,
        };
        best = best.max(run);
        previous = Some(*day);
    }
    let alive = previous.is_some_and(|last| last == today || last.tomorrow().ok() == Some(today));
    Streak {
        current: if alive { run } else { 0 },
        best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_second()
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).unwrap()
    }

    #[test]
    fn days_in_a_row_count_until_a_day_is_missed() {
        let d = |n| date(2026, 3, n);
        let s = streaks(&[d(1), d(2), d(3), d(5), d(6)], d(6));
        assert_eq!(
            s,
            Streak {
                current: 2,
                best: 3
            }
        );
        // Today has no drill yet: yesterday's run still stands.
        assert_eq!(streaks(&[d(4), d(5)], d(6)).current, 2);
        // Two days without one: it is over, the best stays.
        assert_eq!(
            streaks(&[d(1), d(2), d(3)], d(6)),
            Streak {
                current: 0,
                best: 3
            }
        );
        assert_eq!(streaks(&[], d(6)), Streak::default());
        // Several answers on one day count once, in any order.
        assert_eq!(
            streaks(&[d(6), d(5), d(6), d(5)], d(6)),
            Streak {
                current: 2,
                best: 2
            }
        );
        // Across a month end.
        assert_eq!(streaks(&[date(2026, 2, 28), d(1)], d(1)).current, 2);
    }

    #[test]
    fn midnight_falls_at_a_different_moment_in_each_zone() {
        // 23:30 and 00:30 UTC, one hour apart.
        let (late, early) = (at("2026-11-29T23:30:00Z"), at("2026-11-30T00:30:00Z"));
        // UTC: two days in a row.
        let utc = TimeZone::UTC;
        let days = [local_day(late, &utc), local_day(early, &utc)];
        assert_eq!(days, [date(2026, 11, 29), date(2026, 11, 30)]);
        assert_eq!(streaks(&days, date(2026, 11, 30)).current, 2);
        // Tokyo (UTC+9): both on the morning of the 30th, one day.
        let tokyo = zone("Asia/Tokyo");
        let days = [local_day(late, &tokyo), local_day(early, &tokyo)];
        assert_eq!(days, [date(2026, 11, 30), date(2026, 11, 30)]);
        assert_eq!(streaks(&days, date(2026, 11, 30)).current, 1);
        // Los Angeles (UTC-8): both in the afternoon of the 29th.
        let la = zone("America/Los_Angeles");
        assert_eq!(local_day(early, &la), date(2026, 11, 29));
        // Tokyo's midnight is 15:00 UTC: 14:30 and 15:30 UTC are two Tokyo days.
        let days = [
            local_day(at("2026-11-29T14:30:00Z"), &tokyo),
            local_day(at("2026-11-29T15:30:00Z"), &tokyo),
        ];
        assert_eq!(days, [date(2026, 11, 29), date(2026, 11, 30)]);
        assert_eq!(streaks(&days, date(2026, 11, 30)).current, 2);
    }

    #[test]
    fn a_daylight_saving_change_neither_breaks_nor_doubles_a_day() {
        let ny = zone("America/New_York");
        // Clocks go forward on Sunday 8 March 2026: that day has 23 hours.
        // 23:30 on Saturday 7 (EST, UTC-5) and 23:30 on Sunday 8 (EDT, UTC-4): 23 hours apart.
        let sat = at("2026-03-08T04:30:00Z");
        let sun = at("2026-03-09T03:30:00Z");
        assert_eq!(sun - sat, 23 * 3600);
        let days = [local_day(sat, &ny), local_day(sun, &ny)];
        assert_eq!(days, [date(2026, 3, 7), date(2026, 3, 8)]);
        // 00:15 on Monday 9 (EDT), 24h45 after Sunday's answer minus the hour: still the next day.
        let mon = at("2026-03-09T04:15:00Z");
        let days = [days[0], days[1], local_day(mon, &ny)];
        assert_eq!(days[2], date(2026, 3, 9));
        assert_eq!(
            streaks(&days, date(2026, 3, 9)),
            Streak {
                current: 3,
                best: 3
            }
        );
        // Clocks go back on Sunday 1 November 2026: 25 hours, still one day.
        let first = at("2026-11-01T04:05:00Z"); // 00:05 EDT
        let last = at("2026-11-02T04:55:00Z"); // 23:55 EST
        assert_eq!(last - first, 24 * 3600 + 50 * 60);
        assert_eq!(local_day(first, &ny), local_day(last, &ny));
        // Counting 24-hour blocks from the first answer would have split that Sunday in two.
        assert_eq!(
            streaks(
                &[local_day(first, &ny), local_day(last, &ny)],
                date(2026, 11, 1)
            )
            .current,
            1
        );
    }
}
