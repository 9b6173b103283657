//! A member's progress over time: calendar weeks (Monday to Sunday, UTC) with a test.

/// Seconds in a day.
const DAY: i64 = 86_400;

/// The week of a moment (seconds since the Unix epoch), counted in whole weeks starting on
/// Mondays. 1970-01-01 was a Thursday, so week 0 starts on Monday 1969-12-29.
pub fn week_of(unix_secs: i64) -> i64 {
    (unix_secs.div_euclid(DAY) + 3).div_euclid(7)
}

/// How many weeks in a row, up to `current` (or up to the week before it, when nothing was
/// logged yet this week: the run is not broken until the week is over), had a test.
/// `weeks` may hold duplicates, in any order.
pub fn weeks_in_a_row(weeks: &[i64], current: i64) -> u32 {
    let mut sorted: Vec<i64> = weeks.iter().copied().filter(|w| *w <= current).collect();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    let mut expected = match sorted.first() {
        Some(w) if *w == current || *w == current - 1 => *w,
        _ => return 0,
    };
    let mut run = 0;
    for w in sorted {
        if w != expected {
            break;
        }
        run += 1;
        expected -= 1;
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Monday 2024-01-01 00:00 UTC.
    const MONDAY: i64 = 1_704_067_200;

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_of(MONDAY), week_of(MONDAY + 6 * DAY + DAY - 1));
        assert_eq!(week_of(MONDAY) - 1, week_of(MONDAY - 1));
        assert_eq!(week_of(0), 0);
        assert_eq!(week_of(-1), 0, "Wednesday 1969-12-31 is in week 0 too");
        assert_eq!(week_of(-3 * DAY - 1), -1);
    }

    #[test]
    fn a_run_counts_back_from_this_week_or_last() {
        assert_eq!(weeks_in_a_row(&[], 10), 0);
        assert_eq!(weeks_in_a_row(&[10, 10, 9, 8, 6], 10), 3);
        assert_eq!(weeks_in_a_row(&[9, 8], 10), 2, "nothing yet this week");
        assert_eq!(weeks_in_a_row(&[8, 7], 10), 0, "a whole week was missed");
        assert_eq!(weeks_in_a_row(&[6, 10, 8, 9], 10), 3);
        assert_eq!(
            weeks_in_a_row(&[11, 10], 10),
            1,
            "future weeks do not count"
        );
    }
}
