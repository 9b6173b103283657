//! `/mod settings`: show, thresholds, guide channel, time zone.

use poise::serenity_prelude as serenity;

use super::channels::{bot_can_post, text_channel_here};
use super::refuse;
use crate::bot::error::{command_changed, member_of, BotError, Context};
use crate::bot::in_time::{self, Said};
use crate::bot::permissions::Level;
use crate::bot::zone_picker::complete_zone;
use crate::moderation;
use crate::render::format::clip;
use crate::render::moderation as view;
use crate::render::{self, limits};

/// See or change this server's settings
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::ServerManager,
    subcommands("show", "thresholds", "guide_channel", "timezone"),
    subcommand_required
)]
pub(super) async fn settings(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Every setting, with who changed it and when
#[poise::command(slash_command, guild_only)]
async fn show(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let g = member_of(ctx)?.guild;
        let thresholds = data.db.thresholds(Some(g)).await?;
        let settings = data.db.server_settings(g).await?;
        let latest = data.db.latest_actions(g).await?;
        let r = view::settings(thresholds, &settings, &latest, &data.content.moderation);
        Ok(Said::private(&r))
    })
    .await
}

/// Set the decode targets, in percent
#[poise::command(slash_command, guild_only)]
async fn thresholds(
    ctx: Context<'_>,
    #[max_length = 20] ctr: String,
    #[max_length = 20] ctor: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let c = &data.content.moderation.settings;
        let t = moderation::parse_targets(&ctr, &ctor).map_err(|(step, problem)| {
            // The step's name as /decode says it (decode.toml).
            let name = data.content.decode.steps[step].name.to_string();
            refuse(data, c.target[problem].fill(&[("field", &name)]))
        })?;
        data.db
            .set_thresholds(member.guild, member.user, t, data.clock.unix_seconds())
            .await?;
        let said = c.thresholds_saved.fill(&[
            ("ctr", &render::format::target(t.ctr)),
            ("ctor", &render::format::target(t.ctor)),
        ]);
        Ok(Said::private(&view::done(&c.saved_title.to_string(), said)))
    })
    .await
}

/// Set where guides are posted by default
#[poise::command(slash_command, guild_only, rename = "guide-channel")]
async fn guide_channel(
    ctx: Context<'_>,
    #[channel_types("Text", "News")] channel: serenity::GuildChannel,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let c = &data.content.moderation.settings;
        let id = text_channel_here(data, member, &channel)?;
        let mention = view::channel(id.get());
        if !bot_can_post(ctx, serenity::GuildId::new(member.guild), id) {
            return Err(refuse(
                data,
                data.content
                    .moderation
                    .guide
                    .cannot_post
                    .fill(&[("channel", &mention)]),
            ));
        }
        data.db
            .set_guide_channel(
                member.guild,
                member.user,
                id.get(),
                data.clock.unix_seconds(),
            )
            .await?;
        let said = c.channel_saved.fill(&[("channel", &mention)]);
        Ok(Said::private(&view::done(&c.saved_title.to_string(), said)))
    })
    .await
}

/// Set the server's default time zone
#[poise::command(slash_command, guild_only)]
async fn timezone(
    ctx: Context<'_>,
    #[autocomplete = "complete_zone"]
    #[max_length = 64]
    timezone: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let c = &data.content.moderation.settings;
        let Some(zone) = crate::schedule::zone::find(&timezone) else {
            return Err(refuse(
                data,
                c.unknown_zone
                    .fill(&[("zone", &clip(timezone.trim(), limits::CHOICE_NAME))]),
            ));
        };
        data.db
            .set_server_time_zone(member.guild, member.user, &zone, data.clock.unix_seconds())
            .await?;
        let said = c.timezone_saved.fill(&[("zone", &zone)]);
        Ok(Said::private(&view::done(&c.saved_title.to_string(), said)))
    })
    .await
}
