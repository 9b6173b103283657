//! `/guide list` and `/guide show`: the built-in guides and this server's own (a server guide
//! with a built-in guide's title replaces it here), private, paged with buttons when one
//! message cannot hold a guide. `/mod` uses the same look-ups.

use poise::serenity_prelude as serenity;

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::guide::{same_title, Guide};
use crate::render::components::{ComponentId, GuideId};
use crate::render::guide::{self as view, Listed};
use crate::render::{format, limits};

/// A guide as one server sees it.
pub(super) struct Here {
    pub guide: Guide,
    /// Its id when it is the server's own.
    pub server_id: Option<i64>,
}

/// The guides of a server (built-in ones first, minus those it replaced, then its own); in
/// direct messages, the built-in ones.
pub(super) async fn guides_here(data: &Data, guild: Option<u64>) -> Result<Vec<Here>, BotError> {
    let own = match guild {
        Some(g) => data.db.server_guides(g).await?,
        None => Vec::new(),
    };
    let mut out: Vec<Here> = data
        .content
        .guides
        .iter()
        .filter(|b| !own.iter().any(|s| same_title(&s.guide.title, &b.title)))
        .map(|g| Here {
            guide: g.clone(),
            server_id: None,
        })
        .collect();
    out.extend(own.into_iter().map(|s| Here {
        server_id: Some(s.id),
        guide: s.guide,
    }));
    Ok(out)
}

/// The guide a member picked (its id, from autocomplete) or typed (its title).
pub(super) async fn find_here(
    data: &Data,
    guild: Option<u64>,
    typed: &str,
) -> Result<Here, BotError> {
    let typed = typed.trim();
    let mut all = guides_here(data, guild).await?;
    let at = all
        .iter()
        .position(|h| h.guide.slug == typed)
        .or_else(|| all.iter().position(|h| same_title(&h.guide.title, typed)));
    if let Some(i) = at {
        return Ok(all.swap_remove(i));
    }
    let copy = &data.content.guide;
    Err(BotError::user(
        copy.not_found_title.to_string(),
        copy.not_found
            .fill(&[("guide", &format::clip(typed, limits::CHOICE_NAME))]),
    ))
}

/// Autocomplete: this server's guides whose title holds what was typed.
pub(super) async fn complete_here(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase();
    let guild = ctx.guild_id().map(serenity::GuildId::get);
    // A failed look-up offers nothing rather than failing the typing.
    let all = guides_here(ctx.data(), guild).await.unwrap_or_default();
    let choices = all
        .iter()
        .filter(|h| h.guide.title.to_lowercase().contains(&typed) || h.guide.slug == typed)
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|h| {
            serenity::AutocompleteChoice::new(
                format::clip(&h.guide.title, limits::CHOICE_NAME),
                h.guide.slug.clone(),
            )
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Read short guides: funnel basics, testing, where numbers live
#[poise::command(
    slash_command,
    custom_data = Level::Member,
    rename = "guide",
    subcommands("list", "show"),
    subcommand_required
)]
pub async fn guide_command(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Every guide, with a line about each
#[poise::command(slash_command)]
async fn list(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let all = guides_here(data, ctx.guild_id().map(serenity::GuildId::get)).await?;
    let listed: Vec<Listed<'_>> = all
        .iter()
        .map(|h| Listed {
            guide: &h.guide,
            server: h.server_id.is_some(),
        })
        .collect();
    ctx.send(reply::command(
        &view::list(&listed, &data.content.guide),
        true,
    ))
    .await?;
    Ok(())
}

/// Open one guide
#[poise::command(slash_command)]
async fn show(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let found = find_here(data, ctx.guild_id().map(serenity::GuildId::get), &guide).await?;
    let page = view::page(&found.guide, 0, &data.content.guide).ok_or_else(|| expired(data))?;
    ctx.send(reply::command_message(&page, true)).await?;
    Ok(())
}

/// The page buttons of `/guide show`.
pub(super) fn components() -> Feature {
    Feature {
        kinds: GuideId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
    let GuideId::Page { slug, page } =
        GuideId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    // Looked up in the server clicked in: another server's guide id finds nothing.
    let guild = click.guild_id.map(serenity::GuildId::get);
    let here = guides_here(data, guild).await?;
    let guide = here
        .iter()
        .find(|h| h.guide.slug == slug)
        .ok_or_else(|| expired(data))?;
    let message = view::page(&guide.guide, usize::from(page), &data.content.guide)
        .ok_or_else(|| expired(data))?;
    Ok(Answer::UpdateMessage(message))
}
