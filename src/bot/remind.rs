//! `/remind set|list|cancel`, the reminder DM's buttons ("Start a drill", snoozes) and
//! "Resume" in the list. Every reminder belongs to one member in one server: ids from
//! autocomplete values and buttons are checked against the member who sent them.
//! The scheduler that sends them is `crate::scheduler`, started in `bot::run`.

use jiff::{SignedDuration, Timestamp};
use poise::serenity_prelude as serenity;
use serenity::ComponentInteraction;
use tracing::warn;

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, member_of, BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::zone_picker::complete_zone;
use super::Data;
use crate::content::remind::RemindCopy;
use crate::member::Member;
use crate::render::components::remind::{RemindId, Snooze};
use crate::render::components::ComponentId;
use crate::render::limits;
use crate::render::remind as view;
use crate::schedule::{
    self, ParseError, PlanError, Repeat, ZoneSource, MAX_ACTIVE, MAX_NOTE_CHARS,
};
use crate::store::reminders::{Added, NewReminder, Snoozed};

#[derive(Debug, Clone, Copy, PartialEq, Eq, poise::ChoiceParameter)]
pub enum RepeatArg {
    #[name = "once"]
    Once,
    #[name = "daily"]
    Daily,
    #[name = "weekdays"]
    Weekdays,
    #[name = "weekly"]
    Weekly,
}

impl From<RepeatArg> for Repeat {
    fn from(r: RepeatArg) -> Repeat {
        match r {
            RepeatArg::Once => Repeat::Once,
            RepeatArg::Daily => Repeat::Daily,
            RepeatArg::Weekdays => Repeat::Weekdays,
            RepeatArg::Weekly => Repeat::Weekly,
        }
    }
}

fn copy(data: &Data) -> &RemindCopy {
    &data.content.remind
}

/// A refusal with the accepted time forms under it when `forms`.
fn refuse(data: &Data, message: String, forms: bool) -> BotError {
    let c = copy(data);
    let message = if forms {
        format!("{message}\n{}", c.forms.as_str())
    } else {
        message
    };
    BotError::user(c.error_title.as_str(), message)
}

fn not_found(data: &Data) -> BotError {
    refuse(data, copy(data).not_found.as_str().to_owned(), false)
}

/// Text a member typed, shortened to show it back safely.
fn shown(text: &str) -> String {
    text.trim().chars().take(40).collect()
}

/// Drill reminders by direct message
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Member,
    subcommands("set", "list", "cancel"),
    subcommand_required
)]
pub async fn remind(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// The zone for a new reminder: the one typed, else the member's, else the server's, else UTC.
async fn pick_zone(
    data: &Data,
    member: Member,
    typed: Option<&str>,
) -> Result<(jiff::tz::TimeZone, ZoneSource), BotError> {
    let typed = match typed.filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(typed) => Some(schedule::zone::find(typed).ok_or_else(|| {
            refuse(
                data,
                copy(data).unknown_zone.fill(&[("zone", &shown(typed))]),
                false,
            )
        })?),
    };
    let zone = data.db.zone_of(member, typed.as_deref()).await?;
    Ok((zone.tz, zone.source))
}

fn parse_refusal(data: &Data, typed: &str, e: ParseError) -> BotError {
    let c = copy(data);
    let message = match e {
        ParseError::Impossible => c.impossible.fill(&[("time", &shown(typed))]),
        ParseError::Empty | ParseError::NotUnderstood => {
            c.not_understood.fill(&[("time", &shown(typed))])
        }
    };
    refuse(data, message, true)
}

fn plan_refusal(data: &Data, e: PlanError) -> BotError {
    let c = copy(data);
    match e {
        PlanError::Past => refuse(data, c.past.as_str().to_owned(), true),
        PlanError::TooFar => refuse(data, c.too_far.as_str().to_owned(), false),
    }
}

/// Set a reminder to practise
#[poise::command(slash_command, guild_only)]
async fn set(
    ctx: Context<'_>,
    #[autocomplete = "complete_time"]
    #[max_length = 40]
    time: String,
    repeat: Option<RepeatArg>,
    #[autocomplete = "complete_zone"]
    #[max_length = 64]
    timezone: Option<String>,
    note: Option<String>,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let c = copy(data);
        let note = note.as_deref().map(str::trim).unwrap_or_default();
        let length = note.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(refuse(
                data,
                c.note_too_long.fill(&[
                    ("length", &length.to_string()),
                    ("max", &MAX_NOTE_CHARS.to_string()),
                ]),
                false,
            ));
        }
        let (tz, source) = pick_zone(data, member, timezone.as_deref()).await?;
        let when = schedule::parse(&time).map_err(|e| parse_refusal(data, &time, e))?;
        let repeat = repeat.map_or(Repeat::Once, Repeat::from);
        let now = data.clock.now();
        let plan = schedule::plan(when, repeat, &tz, now).map_err(|e| plan_refusal(data, e))?;
        let zone_name = tz.iana_name().unwrap_or("UTC").to_owned();
        let new = NewReminder {
            note,
            timezone: &zone_name,
            rule: plan.rule,
            first: plan.first.as_second(),
            now: now.as_second(),
        };
        match data.db.add_reminder(member, new).await? {
            Added::TooMany => {
                return Err(refuse(
                    data,
                    c.too_many.fill(&[("max", &MAX_ACTIVE.to_string())]),
                    false,
                ))
            }
            Added::Stored(_) => {}
        }
        data.reminders.notify_one();
        // The reminder is stored: it is confirmed whatever happens to the zone's memory (the
        // next reminder without a zone would then use the one known before).
        if source == ZoneSource::Typed {
            if let Err(e) = data
                .db
                .set_member_time_zone(member, &zone_name, now.as_second())
                .await
            {
                warn!(error = %e, "reminder stored; could not remember the member's time zone");
            }
        }
        Ok(Said::private(&view::set(
            c, now, plan.first, repeat, &tz, source,
        )))
    })
    .await
}

/// The value of another option typed in the same command, while autocompleting.
fn typed_option<'a>(ctx: &'a Context<'_>, name: &str) -> Option<&'a str> {
    let poise::Context::Application(app) = ctx else {
        return None;
    };
    app.args
        .iter()
        .find_map(|o| match (&o.value, o.name == name) {
            (serenity::ResolvedValue::String(s), true) => Some(*s),
            (serenity::ResolvedValue::Autocomplete { value, .. }, true) => Some(*value),
            _ => None,
        })
}

/// The `repeat` picked in the same command, while autocompleting the time.
fn typed_repeat(ctx: &Context<'_>) -> Option<Repeat> {
    use poise::ChoiceParameter;
    let poise::Context::Application(app) = ctx else {
        return None;
    };
    app.args
        .iter()
        .find_map(|o| match (&o.value, o.name == "repeat") {
            (serenity::ResolvedValue::Integer(i), true) => usize::try_from(*i)
                .ok()
                .and_then(RepeatArg::from_index)
                .map(Repeat::from),
            (serenity::ResolvedValue::String(s), true) => RepeatArg::from_name(s).map(Repeat::from),
            _ => None,
        })
}

/// Examples shown before anything is typed.
const EXAMPLES: [&str; 4] = ["in 1h", "18:30", "tomorrow 9am", "mon 8:30"];

async fn complete_time(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let data = ctx.data();
    let c = copy(data);
    let now = data.clock.now();
    let zone = match ctx.guild_id() {
        Some(g) => {
            let member = Member {
                guild: g.get(),
                user: ctx.author().id.get(),
            };
            // A zone still being typed is not one yet: preview in the one set would use.
            match pick_zone(data, member, typed_option(&ctx, "timezone")).await {
                Ok((tz, _)) => tz,
                Err(_) => pick_zone(data, member, None)
                    .await
                    .map_or(jiff::tz::TimeZone::UTC, |(tz, _)| tz),
            }
        }
        None => jiff::tz::TimeZone::UTC,
    };
    let repeat = typed_repeat(&ctx).unwrap_or(Repeat::Once);
    let typed: Vec<&str> = if partial.trim().is_empty() {
        EXAMPLES.to_vec()
    } else {
        vec![partial]
    };
    let choices = typed
        .into_iter()
        .map(|t| {
            let name = match schedule::parse(t)
                .ok()
                .and_then(|w| schedule::plan(w, repeat, &zone, now).ok())
            {
                Some(plan) => format!("{t} → {}", view::preview(c, now, plan.first, &zone)),
                None => c.preview_bad.as_str().to_owned(),
            };
            let name: String = name.chars().take(limits::CHOICE_NAME).collect();
            let value: String = t.chars().take(40).collect();
            serenity::AutocompleteChoice::new(name, value)
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Your reminders, with paused ones to resume
#[poise::command(slash_command, guild_only)]
async fn list(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let mine = data.db.reminders_of(member).await?;
        Ok(Said::private(&view::list(copy(data), member, &mine)))
    })
    .await
}

async fn complete_mine(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let data = ctx.data();
    let Some(g) = ctx.guild_id() else {
        return serenity::CreateAutocompleteResponse::new();
    };
    let member = Member {
        guild: g.get(),
        user: ctx.author().id.get(),
    };
    let mine = data.db.reminders_of(member).await.unwrap_or_default();
    let partial = partial.trim().to_lowercase();
    let choices = mine
        .iter()
        .map(|r| (r.id, view::line(copy(data), r).replace("**", "")))
        .filter(|(_, line)| line.to_lowercase().contains(&partial))
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|(id, line)| {
            let name: String = line.chars().take(limits::CHOICE_NAME).collect();
            serenity::AutocompleteChoice::new(name, id.to_string())
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Cancel one of your reminders
#[poise::command(slash_command, guild_only)]
async fn cancel(
    ctx: Context<'_>,
    #[autocomplete = "complete_mine"]
    #[max_length = 20]
    reminder: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let id: i64 = reminder.trim().parse().map_err(|_| not_found(data))?;
        if !data.db.cancel_reminder(member, id).await? {
            return Err(not_found(data));
        }
        data.reminders.notify_one();
        let c = copy(data);
        Ok(Said::private(&crate::render::Reply::new(
            c.title.as_str(),
            c.cancelled.as_str(),
            crate::render::Tone::Good,
        )))
    })
    .await
}

/// The DM's buttons and "Resume".
pub(super) fn components() -> Feature {
    Feature {
        kinds: RemindId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &ComponentInteraction) -> Result<Answer, BotError> {
    let id = RemindId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let (guild, owner) = match id {
        RemindId::Drill { guild, owner }
        | RemindId::Snooze { guild, owner, .. }
        | RemindId::Resume { guild, owner, .. } => (guild, owner),
    };
    // Only the member a button was made for may use it.
    if click.user.id.get() != owner {
        return Err(not_found(data));
    }
    let member = Member { guild, user: owner };
    let c = copy(data);
    let now = data.clock.now();
    match id {
        RemindId::Drill { .. } => {
            // Its answers count in that server only while the member has a reminder there.
            if !data.db.has_reminders(member).await? {
                return Err(not_found(data));
            }
            let audience = crate::render::components::Audience::Dm { guild };
            let drill = super::practice::new_drill(data, member, audience).await?;
            Ok(Answer::Private(drill))
        }
        RemindId::Snooze { id, snooze, .. } => {
            let r = data
                .db
                .reminder_of(member, id)
                .await?
                .ok_or_else(|| not_found(data))?;
            let tz = r.zone();
            let at = match snooze {
                Snooze::TenMinutes => now.checked_add(SignedDuration::from_mins(10)).ok(),
                Snooze::OneHour => now.checked_add(SignedDuration::from_hours(1)).ok(),
                Snooze::Tomorrow => schedule::tomorrow_same_time(&tz, now),
            }
            .ok_or_else(|| not_found(data))?;
            match data.db.snooze_reminder(member, id, at.as_second()).await? {
                Snoozed::Done => {}
                Snoozed::NotFound => return Err(not_found(data)),
                Snoozed::TooMany => {
                    let max = MAX_ACTIVE.to_string();
                    return Err(refuse(data, c.too_many.fill(&[("max", &max)]), false));
                }
            }
            data.reminders.notify_one();
            let text = c.snoozed.fill(&[("when", &view::when(at, &tz))]);
            Ok(Answer::Private(crate::render::Reply::new(
                c.title.as_str(),
                text,
                crate::render::Tone::Good,
            )))
        }
        RemindId::Resume { id, .. } => {
            // Read before the write: once it is resumed, it is confirmed.
            let tz = data
                .db
                .reminder_of(member, id)
                .await?
                .ok_or_else(|| not_found(data))?
                .zone();
            let next = data
                .db
                .resume_reminder(member, id, now.as_second())
                .await?
                .ok_or_else(|| not_found(data))?;
            data.reminders.notify_one();
            let at = Timestamp::from_second(next).unwrap_or(now);
            let text = c.resumed.fill(&[("when", &view::when(at, &tz))]);
            Ok(Answer::Private(crate::render::Reply::new(
                c.title.as_str(),
                text,
                crate::render::Tone::Good,
            )))
        }
    }
}
