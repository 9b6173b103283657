//! `/define` and `/glossary`.

use poise::serenity_prelude as serenity;

use super::components::{expired, picked, Answer, Feature};
use super::error::{BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::glossary::matching::normalize;
use crate::glossary::Lookup;
use crate::render::components::{ComponentId, GlossaryId};
use crate::render::{self, limits};
use crate::store::usage::Usage;

/// Ranked glossary suggestions while the member types (no checks, no database: fast).
async fn complete_term(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let choices = ctx
        .data()
        .content
        .glossary
        .complete(partial, limits::AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|e| {
            serenity::AutocompleteChoice::new(
                render::format::clip(&e.title(), limits::CHOICE_NAME),
                e.id.clone(),
            )
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Explain a metric or creator term in plain words
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn define(
    ctx: Context<'_>,
    #[autocomplete = "complete_term"]
    #[max_length = 100]
    term: String,
    private: Option<bool>,
) -> Result<(), BotError> {
    let data = ctx.data();
    let found = data.content.glossary.lookup(&term);
    // A miss is counted for the server's moderators when there is a server and a term.
    let noted = ctx.guild_id().is_some() && !normalize(&term).is_empty();
    let answer = render::define::lookup(&term, &found, noted, &data.content);
    let known = matches!(found, Lookup::Found { .. });
    // An unknown term is answered privately: suggestions are for the member who asked.
    let ephemeral = private.unwrap_or(false) || !known;
    ctx.send(reply::command(&answer, ephemeral)).await?;
    if let Some(guild) = ctx.guild_id() {
        record(data, guild.get(), &term, &found);
    }
    Ok(())
}

/// Counts the lookup (or the miss) for the server, in the background.
/// A typo correction is counted too (which term → which entry), so moderators can spot a
/// wrong one.
pub(super) fn record(data: &Data, guild: u64, term: &str, found: &Lookup<'_>) {
    match found {
        Lookup::Found {
            entry, corrected, ..
        } => {
            data.usage.record(guild, Usage::Lookup(entry.id.clone()));
            if *corrected {
                data.usage.record(
                    guild,
                    Usage::Corrected {
                        term: normalize(term),
                        entry: entry.id.clone(),
                    },
                );
            }
        }
        Lookup::Unknown { .. } => data.usage.record(guild, Usage::Miss(normalize(term))),
    }
}

/// Browse every term by funnel step
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn glossary(ctx: Context<'_>) -> Result<(), BotError> {
    let answer = render::define::glossary_home(&ctx.data().content);
    reply::private(ctx, &answer).await?;
    Ok(())
}

/// The glossary's buttons and menus: related terms, and the menus of `/glossary`.
pub(super) fn components() -> Feature {
    Feature {
        kinds: GlossaryId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
    let content = &data.content;
    let id = GlossaryId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let entry_id = match (&id, picked(click)) {
        (GlossaryId::Details(entry), _) => {
            let entry = content.glossary.get(entry).ok_or_else(|| expired(data))?;
            return Ok(Answer::Private(render::define::details_reply(
                entry, content,
            )));
        }
        (GlossaryId::Define(entry), _) => entry.as_str(),
        (GlossaryId::Entry, Some(entry)) => entry,
        (GlossaryId::Step, Some(step)) => {
            let answer =
                render::define::glossary_step(step, content).ok_or_else(|| expired(data))?;
            return Ok(Answer::Update(answer));
        }
        _ => return Err(expired(data)),
    };
    let entry = content
        .glossary
        .get(entry_id)
        .ok_or_else(|| expired(data))?;
    if let Some(guild) = click.guild_id {
        data.usage
            .record(guild.get(), Usage::Lookup(entry.id.clone()));
    }
    Ok(Answer::Private(render::define::entry_reply(
        entry, None, content,
    )))
}
