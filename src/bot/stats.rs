//! `/stats me`: a member's own progress (the server's counts are `/mod stats`).

use super::error::{command_changed, member_of, BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use crate::render::stats as view;

/// See your progress in this server
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Member,
    subcommands("me"),
    subcommand_required
)]
pub async fn stats(ctx: Context<'_>) -> Result<(), BotError> {
    // Discord sends a subcommand; only an app holding an older shape of the command does not.
    Err(command_changed(ctx.data()))
}

/// Your tests and weeks in a row in this server
#[poise::command(slash_command, guild_only)]
async fn me(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let s = data
            .db
            .member_stats(member, data.clock.unix_seconds())
            .await?;
        let answer = view::member_stats(&s, &data.content.test_log);
        let answer = super::practice::with_stats(data, member, answer).await?;
        Ok(Said::private(&answer))
    })
    .await
}
