//! Numbers and times the way a member reads them.

/// `12500` → `12,500`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction as a percentage with sensible precision: `0.0248` → `2.48%`, `0.153` → `15.3%`,
/// `0.00002` → `0.002%` (small rates keep two significant digits).
pub fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if p <= 0.0 {
        "0%".to_owned()
    } else if p >= 99.95 {
        "100%".to_owned()
    } else if p >= 10.0 {
        format!("{p:.1}%")
    } else if p >= 0.01 {
        format!("{p:.2}%")
    } else if p >= 0.000_001 {
        // p is in [1e-6, 0.01) here, so log10 is in [-6, -2): 3 to 7 before clamping.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let decimals = (1 - p.log10().floor() as i32).clamp(2, 6) as usize;
        let s = format!("{p:.decimals$}");
        format!("{}%", s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        "<0.000001%".to_owned()
    }
}

/// A threshold as set by moderators: `0.01` → `1%`, `0.015` → `1.5%`.
pub fn target(fraction: f64) -> String {
    let p = fraction * 100.0;
    let s = format!("{p:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// Shortens text to `max` characters, ending with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `2024-01-01 12:00:00` (UTC), how the exports write a time. A time outside the calendar jiff knows (only
/// a corrupt row could hold one) is shown as the raw number of seconds.
pub fn utc(at: i64) -> String {
    match jiff::Timestamp::from_second(at) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M:%S").to_string(),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_percentages() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(12_500), "12,500");
        assert_eq!(count(1_200_000), "1,200,000");
        assert_eq!(percent(0.0248), "2.48%");
        assert_eq!(percent(0.153), "15.3%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.00002), "0.002%");
        assert_eq!(percent(0.000_012_34), "0.0012%");
        assert_eq!(percent(1e-12), "<0.000001%");
        assert_eq!(target(0.01), "1%");
        assert_eq!(target(0.015), "1.5%");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0), "1970-01-01 00:00:00");
        assert_eq!(utc(1_704_067_200), "2024-01-01 00:00:00");
        assert_eq!(utc(1_709_210_096), "2024-02-29 12:34:56");
        assert_eq!(utc(951_782_400), "2000-02-29 00:00:00");
    }
}
