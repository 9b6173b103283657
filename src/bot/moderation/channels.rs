//! Where `/mod` may post: a text channel of this server the bot can post embeds in.

use poise::serenity_prelude as serenity;
use serenity::ChannelType;

use super::refuse;
use crate::bot::error::{BotError, Context};
use crate::bot::Data;
use crate::member::Member;

/// Whether the bot may post embeds in `channel` of `guild`: it must see the channel, send
/// messages and embed links there.
pub(super) fn can_post(
    guild: &serenity::Guild,
    channel: serenity::ChannelId,
    me: serenity::UserId,
) -> bool {
    let (Some(channel), Some(member)) = (guild.channels.get(&channel), guild.members.get(&me))
    else {
        return false;
    };
    let needed = serenity::Permissions::VIEW_CHANNEL
        | serenity::Permissions::SEND_MESSAGES
        | serenity::Permissions::EMBED_LINKS;
    guild.user_permissions_in(channel, member).contains(needed)
}

/// [`can_post`] from the cache (fed by the gateway).
pub(super) fn bot_can_post(
    ctx: Context<'_>,
    guild: serenity::GuildId,
    channel: serenity::ChannelId,
) -> bool {
    let me = ctx.cache().current_user().id;
    ctx.cache()
        .guild(guild)
        .is_some_and(|g| can_post(&g, channel, me))
}

/// A text channel of this server picked in an option.
pub(super) fn text_channel_here(
    data: &Data,
    member: Member,
    channel: &serenity::GuildChannel,
) -> Result<serenity::ChannelId, BotError> {
    let text = matches!(channel.kind, ChannelType::Text | ChannelType::News);
    if channel.guild_id.get() != member.guild || !text {
        return Err(refuse(
            data,
            data.content.moderation.guide.not_here.to_string(),
        ));
    }
    Ok(channel.id)
}
