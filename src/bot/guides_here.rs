//! The guides one server sees (built-in ones first, minus those it replaced, then its own),
//! found by id or title and offered while typing: shared by `/guide` and `/mod guide`.

use poise::serenity_prelude as serenity;

use super::error::{BotError, Context};
use super::Data;
use crate::guide::{same_title, Guide};
use crate::render::{format, limits};

/// A guide as one server sees it.
pub struct Here {
    pub guide: Guide,
    /// Its id when it is the server's own.
    pub server_id: Option<i64>,
}

/// The guides of a server (built-in ones first, minus those it replaced, then its own); in
/// direct messages, the built-in ones.
pub async fn guides_here(data: &Data, guild: Option<u64>) -> Result<Vec<Here>, BotError> {
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
pub async fn find_here(data: &Data, guild: Option<u64>, typed: &str) -> Result<Here, BotError> {
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
pub async fn complete_here(
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
