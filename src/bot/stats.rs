//! `/stats me` (a member's own progress) and `/stats server` (moderators: counts only).

use poise::serenity_prelude as serenity;

use super::error::{member_of, missing_permission, BotError, Context};
use super::reply;
use crate::render::test_log as view;
use crate::store;

/// How far back `/stats server` looks.
const WEEK: i64 = 7 * 86_400;
/// Glossary terms shown per list.
const TOP_TERMS: u32 = 5;

/// See progress: yours, or the server's for moderators
#[poise::command(
    slash_command,
    guild_only,
    subcommands("me", "server"),
    subcommand_required
)]
pub async fn stats(_ctx: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

/// Your tests and weeks in a row in this server
#[poise::command(slash_command, guild_only)]
async fn me(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let s = data.db.member_stats(member, store::now()).await?;
    ctx.send(reply::command(
        &view::member_stats(&s, &data.content.test_log),
        true,
    ))
    .await?;
    Ok(())
}

/// Moderators: this server's activity and glossary gaps
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
async fn server(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let e = &data.content.ui.errors;
    let Some(guild) = ctx.guild_id() else {
        return Err(BotError::user(e.title.clone(), e.guild_only.clone()));
    };
    // Checked here too, not only by Discord and poise: server admins can change who may use
    // a command, and a subcommand cannot be hidden from members on its own.
    let allowed = ctx
        .author_member()
        .await
        .and_then(|m| m.permissions)
        .is_some_and(serenity::Permissions::manage_guild);
    if !allowed {
        return Err(missing_permission(
            data,
            serenity::Permissions::MANAGE_GUILD,
        ));
    }
    let g = guild.get();
    let s = data.db.server_stats(g, store::now() - WEEK).await?;
    let lookups = data.db.top_lookups(g, TOP_TERMS).await?;
    let misses = data.db.top_misses(g, TOP_TERMS).await?;
    ctx.send(reply::command(
        &view::server_stats(&s, &lookups, &misses, &data.content),
        true,
    ))
    .await?;
    Ok(())
}
