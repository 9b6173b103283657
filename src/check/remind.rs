//! `/remind`: the longest answers, the direct message and its buttons fit.

use std::path::Path;

use super::{file, short, too_long};
use crate::content::{Content, Problem};
use crate::render;
use crate::render::limits;

/// The longest `/remind` answers: the confirmation for every repeat and zone source in the
/// longest zone name, a list of 25 paused reminders with the longest notes, the direct message
/// (late, longest note), the refusals with the accepted forms, and the paused notice.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::member::Member;
    use crate::schedule::{Due, Reminder, Status, ZoneSource};
    use crate::schedule::{Repeat, Rule, MAX_ACTIVE, MAX_NOTE_CHARS};
    use render::remind as r;

    let file = file(dir, "remind.toml");
    let copy = &content.remind;
    let zone = crate::schedule::zone::named("America/Argentina/ComodRivadavia");
    let now = jiff::Timestamp::UNIX_EPOCH;
    // The longest wait: days, hours and minutes all with two or three digits.
    let later = jiff::Timestamp::from_second(364 * 86_400 + 23 * 3_600 + 59 * 60)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let member = Member {
        guild: u64::MAX >> 1,
        user: u64::MAX >> 1,
    };
    let note = "W".repeat(MAX_NOTE_CHARS);
    let mut replies = Vec::new();
    for repeat in Repeat::ALL {
        for source in ZoneSource::ALL {
            replies.push(("set", r::set(copy, now, later, repeat, &zone, source)));
        }
    }
    let longest = Reminder {
        id: i64::MAX,
        member,
        note: note.clone(),
        timezone: "America/Argentina/ComodRivadavia".into(),
        rule: Rule {
            repeat: Repeat::Weekly,
            time: jiff::civil::Time::constant(23, 59, 0, 0),
            weekday: Some(jiff::civil::Weekday::Wednesday),
        },
        status: Status::Paused,
        next_at: later.as_second(),
    };
    let all: Vec<Reminder> = (0..MAX_ACTIVE)
        .map(|i| Reminder {
            id: i64::MAX - i64::try_from(i).unwrap_or_default(),
            ..longest.clone()
        })
        .collect();
    replies.push(("list", r::list(copy, member, &all)));
    let due = Due {
        id: i64::MAX,
        member,
        note,
        due_at: later.as_second(),
        repeat: Repeat::Weekly,
    };
    replies.push(("dm", r::dm(copy, &due, true)));
    let n = &copy.paused_notice;
    replies.push((
        "paused_notice",
        render::Reply::new(n.title.as_str(), n.text.as_str(), render::Tone::Caution),
    ));
    let typed = "T".repeat(40);
    for (key, message) in [
        (
            "not_understood",
            copy.not_understood.fill(&[("time", &typed)]),
        ),
        ("impossible", copy.impossible.fill(&[("time", &typed)])),
        ("unknown_zone", copy.unknown_zone.fill(&[("zone", &typed)])),
    ] {
        let text = format!("{message}\n{}", copy.forms.as_str());
        replies.push((
            key,
            render::Reply::new(copy.error_title.as_str(), text, render::Tone::Caution),
        ));
    }
    for (key, reply) in replies {
        too_long(&file, Some(key), limits::check(&reply), problems);
    }
    for (key, text) in [
        ("dm.start_drill", copy.dm.start_drill.as_str()),
        ("dm.snooze_10m", copy.dm.snooze_10m.as_str()),
        ("dm.snooze_1h", copy.dm.snooze_1h.as_str()),
        ("dm.snooze_tomorrow", copy.dm.snooze_tomorrow.as_str()),
    ] {
        short(&file, key, text, limits::BUTTON_LABEL, problems);
    }
    let preview_bad = copy.preview_bad.as_str();
    short(
        &file,
        "preview_bad",
        preview_bad,
        limits::CHOICE_NAME,
        problems,
    );
}
