use jiff::civil::{date, time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::*;

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).expect("a known zone")
}

/// The instant of a local time in a zone.
fn at(zone: &str, y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
    date(y, mo, d)
        .at(h, mi, 0, 0)
        .to_zoned_datetime(tz(zone))
        .expect("a valid local time")
        .timestamp()
}

/// A timestamp as local time in a zone, `YYYY-MM-DD HH:MM Www`.
fn local(zone: &str, t: Timestamp) -> String {
    t.to_zoned_datetime(tz(zone))
        .strftime("%Y-%m-%d %H:%M %a")
        .to_string()
}

fn first(input: &str, repeat: Repeat, zone: &str, now: Timestamp) -> String {
    let when = parse(input).unwrap_or_else(|e| panic!("{input}: {e:?}"));
    let plan = plan(when, repeat, &tz(zone), now).unwrap_or_else(|e| panic!("{input}: {e:?}"));
    local(zone, plan.first)
}

#[test]
fn every_form_of_the_grammar_is_read() {
    let t = |h, m| When::At {
        day: Day::Next,
        time: time(h, m, 0, 0),
    };
    assert_eq!(parse("18:30"), Ok(t(18, 30)));
    assert_eq!(parse("6:30pm"), Ok(t(18, 30)));
    assert_eq!(parse("6:30 PM"), Ok(t(18, 30)));
    assert_eq!(parse("6pm"), Ok(t(18, 0)));
    assert_eq!(parse("12am"), Ok(t(0, 0)));
    assert_eq!(parse("12pm"), Ok(t(12, 0)));
    assert_eq!(parse(" noon "), Ok(t(12, 0)));
    assert_eq!(parse("at 7:05"), Ok(t(7, 5)));
    assert_eq!(
        parse("in 1 minute"),
        Ok(When::In(SignedDuration::from_mins(1)))
    );
    assert_eq!(parse("in 90m"), Ok(When::In(SignedDuration::from_mins(90))));
    assert_eq!(parse("in 2h"), Ok(When::In(SignedDuration::from_hours(2))));
    assert_eq!(
        parse("in 1h 30m"),
        Ok(When::In(SignedDuration::from_mins(90)))
    );
    assert_eq!(
        parse("in 1 hour 30 minutes"),
        Ok(When::In(SignedDuration::from_mins(90)))
    );
    assert_eq!(
        parse("tomorrow 9am"),
        Ok(When::At {
            day: Day::Tomorrow,
            time: time(9, 0, 0, 0)
        })
    );
    assert_eq!(
        parse("Mon 8:30"),
        Ok(When::At {
            day: Day::Weekday(Weekday::Monday),
            time: time(8, 30, 0, 0)
        })
    );
    assert_eq!(
        parse("friday at 6pm"),
        Ok(When::At {
            day: Day::Weekday(Weekday::Friday),
            time: time(18, 0, 0, 0)
        })
    );
}

#[test]
fn impossible_and_unknown_text_is_refused() {
    assert_eq!(parse("25:99"), Err(ParseError::Impossible));
    assert_eq!(parse("24:00"), Err(ParseError::Impossible));
    assert_eq!(parse("13pm"), Err(ParseError::Impossible));
    assert_eq!(parse("0am"), Err(ParseError::Impossible));
    assert_eq!(parse(""), Err(ParseError::Empty));
    assert_eq!(parse("   "), Err(ParseError::Empty));
    for bad in [
        "soon",
        "6",
        "in",
        "in soon",
        "in 5 weeks",
        "tomorrow",
        "18:3",
        "18.30",
        "mon",
        "in -5m",
        "123:00",
        "in 9999999m",
        "6pm tomorrow",
        "noonish",
    ] {
        assert_eq!(parse(bad), Err(ParseError::NotUnderstood), "{bad}");
    }
}

#[test]
fn a_time_of_day_already_past_means_tomorrow_in_several_zones() {
    for zone in ["Asia/Manila", "Europe/Berlin", "America/New_York", "UTC"] {
        let now = at(zone, 2026, 6, 10, 19, 0); // a Wednesday
        assert_eq!(
            first("18:30", Repeat::Once, zone, now),
            "2026-06-11 18:30 Thu"
        );
        assert_eq!(
            first("9pm", Repeat::Once, zone, now),
            "2026-06-10 21:00 Wed"
        );
        assert_eq!(
            first("noon", Repeat::Daily, zone, now),
            "2026-06-11 12:00 Thu"
        );
        assert_eq!(
            first("tomorrow 9am", Repeat::Daily, zone, now),
            "2026-06-11 09:00 Thu"
        );
        assert_eq!(
            first("in 90m", Repeat::Once, zone, now),
            "2026-06-10 20:30 Wed"
        );
        assert_eq!(
            first("in 1 minute", Repeat::Once, zone, now),
            "2026-06-10 19:01 Wed"
        );
        assert_eq!(
            first("mon 8:30", Repeat::Once, zone, now),
            "2026-06-15 08:30 Mon"
        );
        assert_eq!(
            first("friday 6pm", Repeat::Weekly, zone, now),
            "2026-06-12 18:00 Fri"
        );
        // Today's weekday: later today, or a week on once passed.
        assert_eq!(
            first("wed 20:00", Repeat::Once, zone, now),
            "2026-06-10 20:00 Wed"
        );
        assert_eq!(
            first("wed 18:00", Repeat::Once, zone, now),
            "2026-06-17 18:00 Wed"
        );
    }
}

#[test]
fn weekday_reminders_skip_the_weekend() {
    let zone = "Europe/Berlin";
    let friday_evening = at(zone, 2026, 6, 12, 19, 0);
    assert_eq!(
        first("18:30", Repeat::Weekdays, zone, friday_evening),
        "2026-06-15 18:30 Mon"
    );
    let rule = Rule {
        repeat: Repeat::Weekdays,
        time: time(8, 0, 0, 0),
        weekday: None,
    };
    let mut t = at(zone, 2026, 6, 11, 8, 0); // Thursday
    let mut days = Vec::new();
    for _ in 0..5 {
        t = next_after(rule, &tz(zone), t).expect("a next time");
        days.push(local(zone, t));
    }
    assert_eq!(
        days,
        [
            "2026-06-12 08:00 Fri",
            "2026-06-15 08:00 Mon",
            "2026-06-16 08:00 Tue",
            "2026-06-17 08:00 Wed",
            "2026-06-18 08:00 Thu"
        ]
    );
}

/// A daily reminder run through a month around a change of the clocks.
fn daily_run(zone: &str, start: Timestamp, h: i8, m: i8, n: usize) -> Vec<String> {
    let rule = Rule {
        repeat: Repeat::Daily,
        time: time(h, m, 0, 0),
        weekday: None,
    };
    let mut t = start;
    (0..n)
        .map(|_| {
            t = next_after(rule, &tz(zone), t).expect("a next time");
            local(zone, t)
        })
        .collect()
}

#[test]
fn a_daily_nine_oclock_stays_nine_oclock_across_daylight_saving_both_ways() {
    // Spring forward, then fall back, in three zones (Sydney's seasons are the other way).
    for (zone, spring, fall) in [
        ("America/New_York", (2026, 3, 7), (2026, 10, 31)),
        ("Europe/Berlin", (2026, 3, 28), (2026, 10, 24)),
        ("Australia/Sydney", (2026, 10, 3), (2026, 4, 4)),
    ] {
        for (y, mo, d) in [spring, fall] {
            let start = at(zone, y, mo, d, 10, 0);
            let run = daily_run(zone, start, 9, 0, 4);
            for (i, day) in run.iter().enumerate() {
                assert!(day.contains(" 09:00 "), "{zone} day {i}: {day}");
            }
            // Four different days, one each.
            let dates: std::collections::BTreeSet<_> = run.iter().map(|d| &d[..10]).collect();
            assert_eq!(dates.len(), 4, "{zone}: {run:?}");
        }
    }
}

#[test]
fn a_time_inside_the_spring_forward_gap_fires_when_the_clocks_jump() {
    // New York: 2026-03-08 02:00 → 03:00. Berlin: 2026-03-29 02:00 → 03:00.
    // Sydney: 2026-10-04 02:00 → 03:00.
    for (zone, y, mo, d) in [
        ("America/New_York", 2026, 3, 7),
        ("Europe/Berlin", 2026, 3, 28),
        ("Australia/Sydney", 2026, 10, 3),
    ] {
        for minute in [30, 0] {
            // 02:00 is the jump's first instant; 02:30 inside the gap. Both fire at 03:00
            // on the day of the change, never the day after.
            let run = daily_run(zone, at(zone, y, mo, d, 12, 0), 2, minute, 3);
            let want = format!("02:{minute:02}");
            assert_eq!(run[0][11..16], *"03:00", "{zone}: {run:?}");
            assert_eq!(run[1][11..16], *want, "{zone}: {run:?}");
            assert_eq!(run[2][11..16], *want, "{zone}: {run:?}");
            let days: Vec<&str> = run.iter().map(|r| &r[8..10]).collect();
            let first = d + 1;
            let want_days = [first, first + 1, first + 2].map(|n| format!("{n:02}"));
            assert_eq!(days, want_days, "{zone}: {run:?}");
        }
    }
    // London jumps at 01:00 (2026-03-29 01:00 → 02:00); Santiago at midnight
    // (2026-09-06 00:00 → 01:00).
    for (zone, d, mo, hour) in [("Europe/London", 28, 3, 1), ("America/Santiago", 5, 9, 0)] {
        let run = daily_run(zone, at(zone, 2026, mo, d, 12, 0), hour, 0, 2);
        let jump = format!("{:02}:00", hour + 1);
        assert_eq!(run[0][11..16], *jump, "{zone}: {run:?}");
        assert_eq!(run[0][8..10], *format!("{:02}", d + 1), "{zone}: {run:?}");
    }
}

#[test]
fn a_time_that_happens_twice_fires_once() {
    // New York falls back 2026-11-01 02:00 → 01:00: 01:30 happens twice.
    let zone = "America/New_York";
    let run = daily_run(zone, at(zone, 2026, 10, 31, 12, 0), 1, 30, 3);
    assert_eq!(
        run,
        [
            "2026-11-01 01:30 Sun",
            "2026-11-02 01:30 Mon",
            "2026-11-03 01:30 Tue"
        ]
    );
    let gap = at(zone, 2026, 11, 2, 1, 30).duration_since(at(zone, 2026, 11, 1, 1, 30));
    assert_eq!(gap, SignedDuration::from_hours(25));
}

#[test]
fn after_a_downtime_a_repeat_moves_to_its_next_future_time_without_a_burst() {
    let zone = "Asia/Manila";
    let rule = Rule {
        repeat: Repeat::Daily,
        time: time(9, 0, 0, 0),
        weekday: None,
    };
    // Down for five days: the next time is the next 9:00 after now, not five missed ones.
    let now = at(zone, 2026, 6, 15, 14, 0);
    assert_eq!(
        local(zone, next_after(rule, &tz(zone), now).expect("next")),
        "2026-06-16 09:00 Tue"
    );
    let once = Rule {
        repeat: Repeat::Once,
        ..rule
    };
    assert_eq!(next_after(once, &tz(zone), now), None);
}

#[test]
fn weekly_reminders_keep_their_day_across_daylight_saving() {
    let zone = "Europe/Berlin";
    let now = at(zone, 2026, 10, 19, 12, 0); // Monday
    let plan = plan(
        parse("mon 9am").expect("parsed"),
        Repeat::Weekly,
        &tz(zone),
        now,
    )
    .expect("planned");
    assert_eq!(plan.rule.weekday, Some(Weekday::Monday));
    let next = next_after(plan.rule, &tz(zone), plan.first).expect("next");
    assert_eq!(local(zone, plan.first), "2026-10-26 09:00 Mon");
    assert_eq!(local(zone, next), "2026-11-02 09:00 Mon");
}

#[test]
fn past_and_far_times_are_refused() {
    let now = at("UTC", 2026, 6, 10, 12, 0);
    let utc = tz("UTC");
    assert_eq!(
        plan(When::In(SignedDuration::ZERO), Repeat::Once, &utc, now),
        Err(PlanError::Past)
    );
    assert_eq!(
        plan(
            parse("in 400 days").expect("parsed"),
            Repeat::Once,
            &utc,
            now
        ),
        Err(PlanError::TooFar)
    );
    assert!(plan(
        parse("in 365 days").expect("parsed"),
        Repeat::Once,
        &utc,
        now
    )
    .is_ok());
    // "today" said outright: a time gone by is refused for a one-off, not moved to
    // tomorrow; a repeat starts at its next time; a time still ahead is today.
    let today = |text: &str, repeat| plan(parse(text).expect("parsed"), repeat, &utc, now);
    assert_eq!(today("today 8am", Repeat::Once), Err(PlanError::Past));
    assert_eq!(
        today("today 8am", Repeat::Daily).map(|p| local("UTC", p.first)),
        Ok("2026-06-11 08:00 Thu".to_owned())
    );
    assert_eq!(
        today("today 6pm", Repeat::Once).map(|p| local("UTC", p.first)),
        Ok("2026-06-10 18:00 Wed".to_owned())
    );
}

#[test]
fn snoozing_until_tomorrow_keeps_the_local_time() {
    let zone = "Europe/Berlin";
    let now = at(zone, 2026, 3, 28, 9, 0);
    let t = tomorrow_same_time(&tz(zone), now).expect("a time");
    assert_eq!(local(zone, t), "2026-03-29 09:00 Sun");
    assert_eq!(t.duration_since(now), SignedDuration::from_hours(23));
}

#[test]
fn repeat_codes_round_trip() {
    for r in Repeat::ALL {
        assert_eq!(Repeat::from_code(r.code()), Some(r));
    }
    assert_eq!(Repeat::from_code("hourly"), None);
}

#[test]
fn a_nonce_is_short_the_same_for_one_due_time_and_different_for_another() {
    let due = |id: i64, due_at: i64| Due {
        id,
        member: crate::member::Member { guild: 1, user: 2 },
        note: String::new(),
        due_at,
        repeat: Repeat::Daily,
    };
    let a = due(7, 1_781_082_000);
    assert_eq!(a.nonce(), due(7, 1_781_082_000).nonce(), "deterministic");
    assert_ne!(a.nonce(), due(7, 1_781_168_400).nonce(), "another day");
    assert_ne!(a.nonce(), due(8, 1_781_082_000).nonce(), "another reminder");
    assert!(a.nonce().len() <= 25, "{}", a.nonce());
    assert_eq!(due(i64::MAX, i64::MIN).nonce().len(), 24);
    assert!(due(i64::MAX, -1).nonce().len() <= 25);
}
