//! `/drill`: a two-minute practice. The drill travels whole in its answer buttons, so an
//! answer after a restart still works; the right answer is what the decoder says of the
//! numbers in the button, against the server's targets. Each member's answer counts once.

use std::hash::{BuildHasher, RandomState};

use poise::serenity_prelude as serenity;
use serenity::ComponentInteraction;

use super::components::{Answer, Feature};
use super::error::{member_at, member_of, BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::drill::{self, generate::counts, weights, Zone};
use crate::funnel::decode;
use crate::member::Member;
use crate::render::components::{Audience, ComponentId, DrillId};
use crate::render::{self, Reply};
use crate::store::drills::{NewAttempt, Recorded};
use crate::store::StoreError;

/// How many of a member's latest answers decide what the next drill leans toward.
const RECENT: u32 = 100;

/// Practise reading a funnel: which step is weak?
#[poise::command(slash_command, guild_only, custom_data = Level::Member)]
pub async fn drill(ctx: Context<'_>, share: Option<bool>) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let shared = share.unwrap_or(false);
    let audience = Audience::Server {
        owner: member.user,
        shared,
    };
    let drill = new_drill(data, member, audience).await?;
    ctx.send(reply::command(&drill, !shared)).await?;
    Ok(())
}

fn user_error(data: &Data, message: &str) -> BotError {
    BotError::user(data.content.drills.errors.title.clone(), message)
}

fn broken(data: &Data) -> BotError {
    user_error(data, &data.content.drills.errors.broken)
}

/// A seed no one can guess in advance (std's per-process random hash keys, the time and the
/// member), so drills differ from one `/drill` to the next.
fn fresh_seed(data: &Data, member: Member) -> u32 {
    let h = RandomState::new().hash_one((data.clock.now().as_nanosecond(), member.user));
    u32::try_from(h >> 32).unwrap_or_default()
}

/// A new drill for `member`, leaning toward the verdicts they miss, shown to `audience`.
pub(super) async fn new_drill(
    data: &Data,
    member: Member,
    audience: Audience,
) -> Result<Reply, BotError> {
    let thresholds = data.db.thresholds(Some(member.guild)).await?;
    let answers = data.db.drill_answers(member, RECENT).await?;
    let w = weights(&drill::tallies(&answers));
    let seed = fresh_seed(data, member);
    let copy = &data.content.drills;
    let (scenario, d) =
        drill::next_drill(&copy.scenario, &w, thresholds, seed).ok_or_else(|| broken(data))?;
    Ok(render::drill::drill(
        scenario,
        &d,
        audience,
        copy,
        &data.content.decode,
    ))
}

/// The member answering a drill in a reminder's direct message, for server `guild`: only in
/// a direct message, and only a member with reminders in that server (whose DM it came from).
async fn dm_member(
    data: &Data,
    click: &ComponentInteraction,
    guild: u64,
) -> Result<Member, BotError> {
    let member = Member {
        guild,
        user: click.user.id.get(),
    };
    if click.guild_id.is_some() || !data.db.has_reminders(member).await? {
        return Err(broken(data));
    }
    Ok(member)
}

/// Where the member's days are counted: their reminder time zone, else the server's, else UTC.
async fn zone(data: &Data, member: Member) -> Result<Zone, StoreError> {
    let mine = data.db.member_time_zone(member).await?;
    let server = data.db.server_time_zone(member.guild).await?;
    Ok(Zone::pick(mine.as_deref(), server.as_deref()))
}

/// The drill part of `/stats me`, added to `reply`.
pub(super) async fn with_stats(
    data: &Data,
    member: Member,
    reply: Reply,
) -> Result<Reply, BotError> {
    let answers = data.db.drill_answers(member, u32::MAX).await?;
    let zone = zone(data, member).await?;
    let mut days = Vec::new();
    for day in data.db.drill_days(member).await? {
        let date = day
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("drill day `{day}`")))?;
        days.push(date);
    }
    let today = zone.tz.to_datetime(data.clock.now()).date();
    let stats = drill::stats(&answers, &days, today, zone.source);
    let name = zone.tz.iana_name().unwrap_or("UTC");
    Ok(render::drill::stats(
        reply,
        &stats,
        name,
        &data.content.drills,
    ))
}

/// The answer buttons and "Next drill".
pub(super) fn components() -> Feature {
    Feature {
        kinds: DrillId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &ComponentInteraction) -> Result<Answer, BotError> {
    let id = DrillId::parse(&click.data.custom_id).ok_or_else(|| broken(data))?;
    let user = click.user.id.get();
    let audience = id.audience();
    let member = match audience {
        Audience::Server { .. } => member_at(data, click.guild_id, user)?,
        Audience::Dm { guild } => dm_member(data, click, guild).await?,
    };
    let copy = &data.content.drills;
    match id {
        DrillId::Answer {
            audience,
            drill,
            given,
        } => {
            let owner = match audience {
                Audience::Server { owner, shared } => {
                    // A private drill only ever reaches the member it was made for. Whether it
                    // is private is read from the clicked message too (only its member sees an
                    // ephemeral one), so an id edited from `p` to `s` changes nothing.
                    let ephemeral = click
                        .message
                        .flags
                        .is_some_and(|f| f.contains(serenity::MessageFlags::EPHEMERAL));
                    if (!shared || ephemeral) && owner != member.user {
                        return Err(user_error(data, &copy.errors.not_yours));
                    }
                    owner
                }
                // Only the member of a direct message can click in it.
                Audience::Dm { .. } => member.user,
            };
            // The next drill is the clicker's own, in the same place.
            let here = match audience {
                Audience::Server { .. } => Audience::Server {
                    owner: member.user,
                    shared: false,
                },
                dm @ Audience::Dm { .. } => dm,
            };
            let scenario = copy.scenario(&drill.scenario).ok_or_else(|| broken(data))?;
            if !scenario.ranges().allows(drill.counts) {
                return Err(broken(data));
            }
            let thresholds = data.db.thresholds(Some(member.guild)).await?;
            let decoded = decode(counts(drill.counts), thresholds);
            let zone = zone(data, member).await?;
            let now = data.clock.now();
            let day = zone.tz.to_datetime(now).date().to_string();
            let attempt = NewAttempt {
                owner,
                seed: drill.seed,
                scenario: &scenario.id,
                counts: drill.counts,
                verdict: decoded.verdict,
                answer: given,
                at: now.as_second(),
                local_day: &day,
            };
            Ok(Answer::Private(
                match data.db.record_drill_answer(member, attempt).await? {
                    Recorded::New => render::drill::answered(
                        scenario,
                        &decoded,
                        given,
                        here,
                        copy,
                        &data.content.decode,
                    ),
                    // The right answer is the decoder's, now, for the numbers on the button.
                    Recorded::Already { answer, .. } => {
                        render::drill::already(decoded.verdict, answer, here, copy)
                    }
                },
            ))
        }
        DrillId::Next { owner } => {
            if owner != member.user {
                return Err(user_error(data, &copy.errors.not_yours));
            }
            Ok(Answer::Private(new_drill(data, member, audience).await?))
        }
        DrillId::NextDm { .. } => Ok(Answer::Private(new_drill(data, member, audience).await?)),
    }
}
