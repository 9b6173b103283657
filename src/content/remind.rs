//! The shape of `prompts/remind.toml`: everything `/remind` and its direct messages say.

use serde::Deserialize;

use super::text::{words, Plural, Text};
use crate::schedule::Repeat;

words!(TimeTyped: "time");
words!(ZoneTyped: "zone");
words!(NoteLength: "length", "max");
words!(Max: "max");
words!(WhenWait: "when", "wait");
words!(When: "when");
words!(RepeatName: "repeat");
words!(ZoneSource: "zone", "source");
words!(Minutes: "minutes");
words!(HoursMinutes: "hours", "minutes");
words!(DaysHours: "days", "hours");
words!(ListLine: "when", "repeat", "note");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemindCopy {
    pub title: Text,
    pub error_title: Text,
    pub forms: Text,
    pub not_understood: Text<TimeTyped>,
    pub impossible: Text<TimeTyped>,
    pub past: Text,
    pub too_far: Text,
    pub unknown_zone: Text<ZoneTyped>,
    pub note_too_long: Text<NoteLength>,
    pub too_many: Text<Max>,
    pub not_found: Text,
    pub set_title: Text,
    pub set_line: Text<WhenWait>,
    pub set_repeat: Text<RepeatName>,
    pub set_zone: Text<ZoneSource>,
    pub set_dms: Text,
    pub preview: Text<WhenWait>,
    pub preview_bad: Text,
    pub wait_minutes: Text<Minutes>,
    pub wait_hours: Text<HoursMinutes>,
    /// `one` for 1 day, `other` for more.
    pub wait_days: Plural<DaysHours>,
    pub repeat: RepeatNames,
    pub source: SourceNames,
    pub list: ListCopy,
    pub cancelled: Text,
    pub resumed: Text<When>,
    pub snoozed: Text<When>,
    pub dm: DmCopy,
    pub paused_notice: PausedNotice,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatNames {
    pub once: Text,
    pub daily: Text,
    pub weekdays: Text,
    pub weekly: Text,
}

impl RepeatNames {
    pub fn of(&self, r: Repeat) -> &str {
        match r {
            Repeat::Once => self.once.as_str(),
            Repeat::Daily => self.daily.as_str(),
            Repeat::Weekdays => self.weekdays.as_str(),
            Repeat::Weekly => self.weekly.as_str(),
        }
    }
}

/// Where the zone of a new reminder came from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceNames {
    pub chosen: Text,
    pub remembered: Text,
    pub server: Text,
    pub utc: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListCopy {
    pub title: Text,
    pub empty: Text,
    pub line: Text<ListLine>,
    pub paused: Text,
    pub paused_title: Text,
    pub paused_why: Text,
    pub resume: Text,
    pub footer: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DmCopy {
    pub title: Text,
    pub note_default: Text,
    pub late: Text<When>,
    pub start_drill: Text,
    pub snooze_10m: Text,
    pub snooze_1h: Text,
    pub snooze_tomorrow: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PausedNotice {
    pub title: Text,
    pub text: Text,
}
