//! `/help` and `/about`.

use super::error::{BotError, Context};
use super::reply;
use crate::render::{Reply, Tone};

/// What this bot can do
#[poise::command(slash_command)]
pub async fn help(ctx: Context<'_>) -> Result<(), BotError> {
    let h = &ctx.data().content.ui.help;
    let mut text = h.intro.to_string();
    for line in &h.commands {
        text.push_str("\n\n• ");
        text.push_str(line);
    }
    text.push_str("\n\n");
    text.push_str(&h.tip);
    ctx.send(reply::command(
        &Reply::new(h.title.clone(), text, Tone::Info),
        true,
    ))
    .await?;
    Ok(())
}

/// Who made this bot and what it promises
#[poise::command(slash_command)]
pub async fn about(ctx: Context<'_>) -> Result<(), BotError> {
    let a = &ctx.data().content.ui.about;
    let text = format!("{}\n\n{}", a.body, a.data);
    ctx.send(reply::command(
        &Reply::new(a.title.clone(), text, Tone::Info),
        true,
    ))
    .await?;
    Ok(())
}
