//! `/stats me` (a member's own progress) and `/stats server` (moderators: counts only).

use super::error::{command_changed, member_of, BotError, Context};
use super::permissions::Level;
use super::reply;
use crate::render::test_log as view;

/// How far back `/stats server` looks.
const WEEK: i64 = 7 * 86_400;
/// Glossary terms shown per list.
const TOP_TERMS: u32 = 5;

/// See progress: yours, or the server's for moderators
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Member,
    subcommands("me", "server"),
    subcommand_required
)]
pub async fn stats(ctx: Context<'_>) -> Result<(), BotError> {
    // Discord sends a subcommand; only an app holding an older shape of the command does not.
    Err(command_changed(ctx.data()))
}

/// Your tests and weeks in a row in this server
#[poise::command(slash_command, guild_only)]
async fn me(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let s = data
        .db
        .member_stats(member, data.clock.unix_seconds())
        .await?;
    let answer = view::member_stats(&s, &data.content.test_log);
    let answer = super::drill::with_stats(data, member, answer).await?;
    ctx.send(reply::command(&answer, true)).await?;
    Ok(())
}

/// Moderators: this server's activity and glossary gaps
#[poise::command(slash_command, guild_only, custom_data = Level::ServerManager)]
async fn server(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    // The level above is checked by poise against the permissions in the interaction, so it
    // holds even where a server admin changed who may use `/stats`.
    let g = member_of(ctx)?.guild;
    let s = data
        .db
        .server_stats(g, data.clock.unix_seconds() - WEEK)
        .await?;
    let lookups = data.db.top_lookups(g, TOP_TERMS).await?;
    let misses = data.db.top_misses(g, TOP_TERMS).await?;
    ctx.send(reply::command(
        &view::server_stats(&s, &lookups, &misses, &data.content),
        true,
    ))
    .await?;
    Ok(())
}
