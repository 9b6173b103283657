//! `/remind` answers and the reminder's direct message.

use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::components::remind::{RemindId, Snooze};
use super::components::ComponentId;
use super::{Button, Reply, Tone};
use crate::content::remind::RemindCopy;
use crate::member::Member;
use crate::schedule::{Due, Reminder, Repeat, Status, ZoneSource};

/// Most "Resume" buttons one list shows: as many as a message holds (25, one per reminder).
const MAX_RESUME_BUTTONS: usize = super::limits::ROWS * super::limits::BUTTONS_PER_ROW;

/// How much of a note a list line shows, so 25 reminders fit one message.
const NOTE_IN_LIST: usize = 40;

/// A time as the member reads it in a zone: `Tue 9 Jun 18:30 Europe/Berlin`.
pub fn when(at: Timestamp, tz: &TimeZone) -> String {
    let local = at.to_zoned_datetime(tz.clone());
    let name = tz.iana_name().unwrap_or("UTC");
    format!("{} {name}", local.strftime("%a %-d %b %H:%M"))
}

/// How long until `at`: `in 5 min`, `in 3 h 12 min`, `in 2 days 4 h` (rounded up to the minute).
pub fn wait(copy: &RemindCopy, now: Timestamp, at: Timestamp) -> String {
    let secs = at.duration_since(now).as_secs().max(0);
    let minutes = (secs + 59) / 60;
    let (days, hours, mins) = (minutes / 1_440, (minutes / 60) % 24, minutes % 60);
    if days > 0 {
        copy.wait_days
            .pick(u64::try_from(days).unwrap_or(0))
            .fill(&[("days", &days.to_string()), ("hours", &hours.to_string())])
    } else if hours > 0 {
        copy.wait_hours.fill(&[
            ("hours", &hours.to_string()),
            ("minutes", &mins.to_string()),
        ])
    } else {
        copy.wait_minutes.fill(&[("minutes", &minutes.to_string())])
    }
}

/// The autocomplete line for a time: `Tue 9 Jun 18:30 Europe/Berlin — in 3 h 12 min`.
pub fn preview(copy: &RemindCopy, now: Timestamp, at: Timestamp, tz: &TimeZone) -> String {
    copy.preview
        .fill(&[("when", &when(at, tz)), ("wait", &wait(copy, now, at))])
}

/// "Reminder set": when, how it repeats, and which zone it used.
pub fn set(
    copy: &RemindCopy,
    now: Timestamp,
    first: Timestamp,
    repeat: Repeat,
    tz: &TimeZone,
    source: ZoneSource,
) -> Reply {
    let source = match source {
        ZoneSource::Typed => &copy.source.chosen,
        ZoneSource::Member => &copy.source.remembered,
        ZoneSource::Server => &copy.source.server,
        ZoneSource::Utc => &copy.source.utc,
    };
    let lines = [
        copy.set_line.fill(&[
            ("when", &when(first, tz)),
            ("wait", &wait(copy, now, first)),
        ]),
        copy.set_repeat.fill(&[("repeat", copy.repeat.of(repeat))]),
        copy.set_zone.fill(&[
            ("zone", tz.iana_name().unwrap_or("UTC")),
            ("source", source.as_str()),
        ]),
        copy.set_dms.as_str().to_owned(),
    ];
    Reply::new(copy.set_title.as_str(), lines.join("\n"), Tone::Good)
}

/// One reminder as a line: in the list, and as an autocomplete choice of `/remind cancel`.
pub fn line(copy: &RemindCopy, r: &Reminder) -> String {
    let tz = r.zone();
    let at = Timestamp::from_second(r.next_at).unwrap_or(Timestamp::UNIX_EPOCH);
    let note = if r.note.is_empty() {
        String::new()
    } else {
        format!(": {}", super::format::clip(&r.note, NOTE_IN_LIST))
    };
    copy.list.line.fill(&[
        ("when", &when(at, &tz)),
        ("repeat", copy.repeat.of(r.rule.repeat)),
        ("note", &note),
    ])
}

/// `/remind list`: soonest first, paused ones marked, with a "Resume" button each.
pub fn list(copy: &RemindCopy, member: Member, reminders: &[Reminder]) -> Reply {
    if reminders.is_empty() {
        return Reply::new(
            copy.list.title.as_str(),
            copy.list.empty.as_str(),
            Tone::Info,
        );
    }
    let mut lines = Vec::new();
    let mut buttons = Vec::new();
    for (i, r) in reminders.iter().enumerate() {
        let mut text = format!("{}. {}", i + 1, line(copy, r));
        if r.status == Status::Paused {
            text.push_str(" · ");
            text.push_str(copy.list.paused.as_str());
            if buttons.len() < MAX_RESUME_BUTTONS {
                buttons.push(Button {
                    label: format!("{} {}", copy.list.resume.as_str(), i + 1),
                    custom_id: RemindId::Resume {
                        guild: member.guild,
                        owner: member.user,
                        id: r.id,
                    }
                    .custom_id(),
                });
            }
        }
        lines.push(text);
    }
    let mut reply = Reply::new(copy.list.title.as_str(), lines.join("\n"), Tone::Info);
    if !buttons.is_empty() {
        reply = reply.field(
            copy.list.paused_title.as_str(),
            copy.list.paused_why.as_str(),
        );
    }
    reply = reply.footer(copy.list.footer.as_str());
    reply.buttons = buttons;
    reply
}

/// The reminder's direct message: its note, "Start a drill" and the snoozes.
pub fn dm(copy: &RemindCopy, due: &Due, late: bool) -> Reply {
    let mut text = if due.note.is_empty() {
        copy.dm.note_default.as_str().to_owned()
    } else {
        due.note.clone()
    };
    if late {
        text.push_str("\n\n");
        text.push_str(
            &copy
                .dm
                .late
                .fill(&[("when", &format!("<t:{}:f>", due.due_at))]),
        );
    }
    let mut reply = Reply::new(copy.dm.title.as_str(), text, Tone::Info);
    let (guild, owner) = (due.member.guild, due.member.user);
    reply.buttons.push(Button {
        label: copy.dm.start_drill.as_str().to_owned(),
        custom_id: RemindId::Drill { guild, owner }.custom_id(),
    });
    for snooze in Snooze::ALL {
        let label = match snooze {
            Snooze::TenMinutes => &copy.dm.snooze_10m,
            Snooze::OneHour => &copy.dm.snooze_1h,
            Snooze::Tomorrow => &copy.dm.snooze_tomorrow,
        };
        reply.buttons.push(Button {
            label: label.as_str().to_owned(),
            custom_id: RemindId::Snooze {
                guild,
                owner,
                id: due.id,
                snooze,
            }
            .custom_id(),
        });
    }
    reply
}
