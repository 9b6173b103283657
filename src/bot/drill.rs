//! `/drill`: a two-minute practice. The drill travels whole in its answer buttons, so an
//! answer after a restart still works; the right answer is what the decoder says of the
//! numbers in the button, against the server's targets. Each member's answer counts once.

use poise::serenity_prelude as serenity;
use serenity::ComponentInteraction;

use super::components::{Answer, Feature};
use super::error::{member_at, member_of, BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::practice::{broken, new_drill, user_error, zone};
use super::{reply, Data};
use crate::drill::generate::counts;
use crate::funnel::decode;
use crate::member::Member;
use crate::render;
use crate::render::components::{Audience, ComponentId, DrillId};
use crate::store::drills::{NewAttempt, Recorded};

/// Practise reading a funnel: which step is weak?
#[poise::command(slash_command, guild_only, custom_data = Level::Member)]
pub async fn drill(ctx: Context<'_>, share: Option<bool>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let member = member_of(ctx)?;
        let shared = share.unwrap_or(false);
        let audience = Audience::Server {
            owner: member.user,
            shared,
        };
        let drill = new_drill(ctx.data(), member, audience).await?;
        Ok(Said::message(reply::command(&drill, !shared), shared))
    })
    .await
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
