//! `/help` and `/about`.

use poise::serenity_prelude as serenity;

use super::error::{BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::content::UiCopy;
use crate::render::{Reply, Tone};

/// What this bot can do
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn help(ctx: Context<'_>) -> Result<(), BotError> {
    // The permissions Discord computed for this member here; none in direct messages.
    let permissions = ctx.author_member().await.and_then(|m| m.permissions);
    let ui = &ctx.data().content.ui;
    let h = &ui.help;
    let mut text = h.intro.clone();
    let lines = h.commands.iter().chain(command_lines(
        &ctx.framework().options().commands,
        ui,
        permissions,
    ));
    for line in lines {
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

/// The help lines declared with a command (`help` under its `[commands."…"]` in
/// `prompts/ui.toml`, after the general lines of `[help]`), for the commands a member with
/// `permissions` may use: a moderator's command is listed to moderators only.
fn command_lines<'a>(
    commands: &'a [poise::Command<Data, BotError>],
    ui: &'a UiCopy,
    permissions: Option<serenity::Permissions>,
) -> Vec<&'a String> {
    let mut lines = Vec::new();
    for command in commands {
        if !Level::of(command).allows(permissions) {
            continue;
        }
        if let Some(line) = ui
            .commands
            .get(command.qualified_name.as_ref())
            .and_then(|c| c.help.as_ref())
        {
            lines.push(line);
        }
        lines.extend(command_lines(&command.subcommands, ui, permissions));
    }
    lines
}

/// Who made this bot and what it promises
#[poise::command(slash_command, custom_data = Level::Member)]
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
