//! `/guide list` and `/guide show`: the built-in guides, private, paged with buttons when one
//! message cannot hold a guide.

use poise::serenity_prelude as serenity;

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::guide::Guide;
use crate::render::components::{ComponentId, GuideId};
use crate::render::guide::{self as view, Listed};
use crate::render::{format, limits};

/// Read the short guides: funnel basics, testing, where numbers live
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
    let listed: Vec<Listed<'_>> = data
        .content
        .guides
        .iter()
        .map(|guide| Listed {
            guide,
            server: false,
        })
        .collect();
    ctx.send(reply::command(
        &view::list(&listed, &data.content.guide),
        true,
    ))
    .await?;
    Ok(())
}

/// Guides whose title holds what was typed, in list order.
async fn complete_guide(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let typed = partial.trim().to_lowercase();
    let choices = ctx
        .data()
        .content
        .guides
        .iter()
        .filter(|g| g.title.to_lowercase().contains(&typed) || g.slug.contains(&typed))
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|g| {
            serenity::AutocompleteChoice::new(
                format::clip(&g.title, limits::CHOICE_NAME),
                g.slug.clone(),
            )
        })
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// The guide a member picked (its slug, from autocomplete) or typed (its title).
fn find<'a>(data: &'a Data, typed: &str) -> Option<&'a Guide> {
    let typed = typed.trim();
    let guides = &data.content.guides;
    guides.iter().find(|g| g.slug == typed).or_else(|| {
        guides
            .iter()
            .find(|g| crate::guide::same_title(&g.title, typed))
    })
}

/// Open one guide
#[poise::command(slash_command)]
async fn show(
    ctx: Context<'_>,
    #[autocomplete = "complete_guide"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let copy = &data.content.guide;
    let found = find(data, &guide).ok_or_else(|| {
        BotError::user(
            copy.not_found_title.to_string(),
            copy.not_found
                .fill(&[("guide", &format::clip(guide.trim(), limits::CHOICE_NAME))]),
        )
    })?;
    let page = view::page(found, 0, copy).ok_or_else(|| expired(data))?;
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
    let guide = data
        .content
        .guides
        .iter()
        .find(|g| g.slug == slug)
        .ok_or_else(|| expired(data))?;
    let message =
        view::page(guide, usize::from(page), &data.content.guide).ok_or_else(|| expired(data))?;
    Ok(Answer::UpdateMessage(message))
}
