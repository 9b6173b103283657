//! The moderators' side, as a creator community sees it: what a moderator can change (each
//! change is recorded as an [`Action`]), and the decode targets typed as percentages.

use crate::funnel::{StepKind, Thresholds};

with_all! {
/// A moderator's change, as recorded in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    GuideAdded,
    GuideEdited,
    GuideUploaded,
    GuideDeleted,
    GuidePosted,
    Thresholds,
    GuideChannel,
    Timezone,
}
}

impl Action {
    /// Its code in the database and in `prompts/`.
    pub fn key(self) -> &'static str {
        match self {
            Action::GuideAdded => "guide_added",
            Action::GuideEdited => "guide_edited",
            Action::GuideUploaded => "guide_uploaded",
            Action::GuideDeleted => "guide_deleted",
            Action::GuidePosted => "guide_posted",
            Action::Thresholds => "thresholds",
            Action::GuideChannel => "guide_channel",
            Action::Timezone => "timezone",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub action: Action,
    pub moderator: u64,
    pub detail: String,
    pub at: i64,
}

/// A server's settings beyond the thresholds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerSettings {
    pub guide_channel: Option<u64>,
    pub timezone: Option<String>,
}

/// The highest target a moderator may set, in percent: above it nearly every product would
/// read as weak.
pub const MAX_TARGET_PERCENT: f64 = 50.0;

with_all! {
/// Why a typed target is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetProblem {
    NotANumber,
    Zero,
    TooHigh,
}
}

impl TargetProblem {
    pub fn key(self) -> &'static str {
        match self {
            TargetProblem::NotANumber => "not_a_number",
            TargetProblem::Zero => "zero",
            TargetProblem::TooHigh => "too_high",
        }
    }
}

/// A target typed in percent (`1.5`, `1.5%`, `1,5`, ` 2 % `) as a fraction (`0.015`).
/// Refused: text that is not a number, zero or below, above [`MAX_TARGET_PERCENT`].
pub fn parse_target(typed: &str) -> Result<f64, TargetProblem> {
    let t = typed.trim();
    let t = t.strip_suffix('%').unwrap_or(t).trim().replace(',', ".");
    let plain = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.matches('.').count() <= 1
        && t != ".";
    let value: f64 = if plain {
        t.parse().map_err(|_| TargetProblem::NotANumber)?
    } else if t.starts_with('-') && t[1..].parse::<f64>().is_ok_and(f64::is_finite) {
        return Err(TargetProblem::Zero);
    } else {
        return Err(TargetProblem::NotANumber);
    };
    if value <= 0.0 {
        return Err(TargetProblem::Zero);
    }
    if value > MAX_TARGET_PERCENT {
        return Err(TargetProblem::TooHigh);
    }
    Ok(value / 100.0)
}

/// Both targets, or the first problem with the step it is for.
pub fn parse_targets(ctr: &str, ctor: &str) -> Result<Thresholds, (StepKind, TargetProblem)> {
    Ok(Thresholds {
        ctr: parse_target(ctr).map_err(|p| (StepKind::Ctr, p))?,
        ctor: parse_target(ctor).map_err(|p| (StepKind::Ctor, p))?,
    })
}

/// The nonce the server's welcome is posted with: the same for every try (a second try after a
/// crash between the record and the post), so Discord keeps one message (`enforce_nonce`).
/// At most 12 characters (Discord allows 25): `w` and the server id in base 62.
pub fn welcome_nonce(guild: u64) -> String {
    format!("w{}", crate::schedule::base62(guild))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_welcome_nonce_is_short_and_one_per_server() {
        let a = welcome_nonce(1_200_000_000_000_030_001);
        assert_eq!(a, welcome_nonce(1_200_000_000_000_030_001), "deterministic");
        assert_ne!(a, welcome_nonce(1_200_000_000_000_030_011));
        assert!(welcome_nonce(u64::MAX).len() <= 25);
        assert!(a.starts_with('w'), "apart from reminders' nonces: {a}");
    }

    #[test]
    fn targets_read_as_percent() {
        let near = |a: f64, b: f64| (a - b).abs() < 1e-12;
        for (typed, want) in [
            ("1.5", 0.015),
            ("1.5%", 0.015),
            (" 2 % ", 0.02),
            ("1,5", 0.015),
            ("50", 0.5),
            ("0.1", 0.001),
            (".5", 0.005),
        ] {
            let got = parse_target(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert!(near(got, want), "{typed}: {got}");
        }
    }

    #[test]
    fn bad_targets_are_refused_with_their_reason() {
        for (typed, want) in [
            ("0", TargetProblem::Zero),
            ("0%", TargetProblem::Zero),
            ("0.0", TargetProblem::Zero),
            ("-1", TargetProblem::Zero),
            ("50.01", TargetProblem::TooHigh),
            ("120%", TargetProblem::TooHigh),
            ("abc", TargetProblem::NotANumber),
            ("", TargetProblem::NotANumber),
            ("1.2.3", TargetProblem::NotANumber),
            ("NaN", TargetProblem::NotANumber),
            ("inf", TargetProblem::NotANumber),
            ("1e1", TargetProblem::NotANumber),
            ("%", TargetProblem::NotANumber),
            (".", TargetProblem::NotANumber),
            ("２", TargetProblem::NotANumber),
        ] {
            assert_eq!(parse_target(typed), Err(want), "{typed:?}");
        }
        assert_eq!(
            parse_targets("1", "x"),
            Err((StepKind::Ctor, TargetProblem::NotANumber))
        );
        assert_eq!(
            parse_targets("0", "x"),
            Err((StepKind::Ctr, TargetProblem::Zero))
        );
    }

    #[test]
    fn action_keys_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_key(a.key()), Some(a));
        }
    }
}
