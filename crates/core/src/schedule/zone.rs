//! Time zones: the one rule for which zone a member's times are read in (the zone typed, else
//! the member's, else the server's, else UTC), used by reminders and drill streaks alike; and
//! IANA zones by name, checking a typed name and completing a partial one (common zones
//! first). The zone data comes with jiff (bundled when the system has none).

use std::sync::LazyLock;

use jiff::tz::TimeZone;

with_all! {
    /// Where a member's zone came from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
    pub enum ZoneSource {
        /// Typed with the command (`/remind set timezone:`).
        Typed,
        /// The member's own: the one they last picked for a reminder.
        Member,
        /// The server's default (`/mod settings timezone`).
        Server,
        /// None of them is set.
        #[default]
        Utc,
    }
}

/// A time zone and where it came from.
#[derive(Debug, Clone)]
pub struct Zone {
    pub tz: TimeZone,
    pub source: ZoneSource,
}

impl Zone {
    /// The zone typed, else the member's, else the server's, else UTC. A name the time zone
    /// database does not know is skipped (a zone removed from the database must break neither
    /// a reminder nor a streak).
    pub fn pick(typed: Option<&str>, member: Option<&str>, server: Option<&str>) -> Zone {
        let known = |name: Option<&str>| name.and_then(|n| TimeZone::get(n).ok());
        [
            (typed, ZoneSource::Typed),
            (member, ZoneSource::Member),
            (server, ZoneSource::Server),
        ]
        .into_iter()
        .find_map(|(name, source)| known(name).map(|tz| Zone { tz, source }))
        .unwrap_or(Zone {
            tz: TimeZone::UTC,
            source: ZoneSource::Utc,
        })
    }
}

/// The zone named (a stored name), or UTC when the database no longer knows it.
pub fn named(name: &str) -> TimeZone {
    TimeZone::get(name).unwrap_or(TimeZone::UTC)
}

/// Zones most members of an English-speaking creator community are in, offered first.
const COMMON: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "Asia/Singapore",
    "Asia/Manila",
    "Asia/Jakarta",
    "Asia/Kuala_Lumpur",
    "Asia/Bangkok",
    "Asia/Ho_Chi_Minh",
    "Australia/Sydney",
    "UTC",
];

/// Every zone name the database knows, sorted.
static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.as_str().to_owned())
        .collect();
    names.sort();
    names
});

/// The zone's proper name for what a member typed (`europe/berlin` → `Europe/Berlin`), if
/// it is one.
pub fn find(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let name = NAMES
        .iter()
        .find(|n| n.eq_ignore_ascii_case(typed))?
        .clone();
    jiff::tz::db().get(&name).ok().map(|_| name)
}

/// Up to `n` zone names holding `typed` (case and `_`/space aside), common zones first.
pub fn complete(typed: &str, n: usize) -> Vec<String> {
    let key = |s: &str| s.to_lowercase().replace(' ', "_");
    let typed = key(typed.trim());
    let matches = |name: &str| key(name).contains(&typed);
    let common = COMMON
        .iter()
        .copied()
        .filter(|c| matches(c) && NAMES.iter().any(|n| n == c));
    let rest = NAMES
        .iter()
        .map(String::as_str)
        .filter(|name| matches(name) && !COMMON.contains(name));
    common.chain(rest).take(n).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zone_is_the_typed_else_the_members_else_the_servers_else_utc() {
        let z = Zone::pick(
            Some("Asia/Manila"),
            Some("Europe/Paris"),
            Some("Asia/Tokyo"),
        );
        assert_eq!(z.source, ZoneSource::Typed);
        assert_eq!(z.tz.iana_name(), Some("Asia/Manila"));
        let z = Zone::pick(None, Some("Europe/Paris"), Some("Asia/Tokyo"));
        assert_eq!(z.source, ZoneSource::Member);
        assert_eq!(z.tz.iana_name(), Some("Europe/Paris"));
        let z = Zone::pick(None, None, Some("Asia/Tokyo"));
        assert_eq!(z.source, ZoneSource::Server);
        let z = Zone::pick(None, Some("Mars/Olympus"), None);
        assert_eq!(z.source, ZoneSource::Utc);
        assert_eq!(Zone::pick(None, None, None).tz, TimeZone::UTC);
        assert_eq!(named("Mars/Olympus"), TimeZone::UTC);
    }

    #[test]
    fn names_are_found_whatever_the_case() {
        assert_eq!(find("europe/berlin").as_deref(), Some("Europe/Berlin"));
        assert_eq!(find(" Asia/Manila ").as_deref(), Some("Asia/Manila"));
        assert_eq!(find("UTC").as_deref(), Some("UTC"));
        assert_eq!(find("Mars/Olympus"), None);
        assert_eq!(find(""), None);
        assert_eq!(find("Berlin"), None, "a city alone is not a zone name");
    }

    #[test]
    fn completion_puts_common_zones_first() {
        assert_eq!(
            complete("berl", 25).first().map(String::as_str),
            Some("Europe/Berlin")
        );
        let empty = complete("", 25);
        assert_eq!(empty.len(), 25);
        assert_eq!(empty[0], COMMON[0]);
        let new_york = complete("new york", 5);
        assert_eq!(
            new_york.first().map(String::as_str),
            Some("America/New_York")
        );
        assert!(complete("zzzz", 25).is_empty());
        for name in complete("america", 25) {
            assert!(name.to_lowercase().contains("america"), "{name}");
        }
    }
}
