//! The welcome: one short message when the bot joins a server.

use poise::serenity_prelude as serenity;
use tracing::{info, warn};

use super::channels::can_post;
use crate::bot::Data;
use crate::render::moderation as view;

/// The bot was added to a server: one short welcome in its system channel, if the bot may
/// post there; recorded first, so it never repeats (not on a reconnect, not after a failure).
pub(in crate::bot) async fn on_join(ctx: &serenity::Context, data: &Data, guild: &serenity::Guild) {
    let Some(channel) = guild.system_channel_id else {
        return;
    };
    let me = ctx.cache.current_user().id;
    if !can_post(guild, channel, me) {
        info!(
            guild = guild.id.get(),
            "joined a server whose system channel I can't post in"
        );
        return;
    }
    match data
        .db
        .welcome_once(guild.id.get(), data.clock.unix_seconds())
        .await
    {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(guild = guild.id.get(), error = %e, "could not record the welcome; not posting it");
            return;
        }
    }
    let welcome = view::welcome(&data.content.moderation);
    match data.notifier.post(channel.get(), &welcome).await {
        Ok(_) => info!(guild = guild.id.get(), "posted the welcome"),
        Err(e) => warn!(guild = guild.id.get(), error = %e, "could not post the welcome"),
    }
}
