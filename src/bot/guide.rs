//! `/guide list` and `/guide show`: the built-in guides and this server's own (a server guide
//! with a built-in guide's title replaces it here), private, paged with buttons when one
//! message cannot hold a guide. The look-ups are in [`super::guides_here`], shared with `/mod`.

use poise::serenity_prelude as serenity;

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, BotError, Context};
use super::guides_here::{complete_here, find_here, guides_here};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::{reply, Data};
use crate::render::components::{ComponentId, GuideId};
use crate::render::guide::{self as view, Listed};

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
    in_time::command(ctx, async {
        let data = ctx.data();
        let all = guides_here(data, ctx.guild_id().map(serenity::GuildId::get)).await?;
        let listed: Vec<Listed<'_>> = all
            .iter()
            .map(|h| Listed {
                guide: &h.guide,
                server: h.server_id.is_some(),
            })
            .collect();
        Ok(Said::private(&view::list(&listed, &data.content.guide)))
    })
    .await
}

/// Open one guide
#[poise::command(slash_command)]
async fn show(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let found = find_here(data, ctx.guild_id().map(serenity::GuildId::get), &guide).await?;
        let page = view::page(&found.guide, 0, &data.content.guide).ok_or_else(|| expired(data))?;
        Ok(Said::message(reply::command_message(&page, true), false))
    })
    .await
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
