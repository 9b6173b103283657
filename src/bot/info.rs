//! `/help` and `/about`.

use poise::serenity_prelude as serenity;

use super::components::{expired, picked, Answer, Feature};
use super::error::{BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::content::{Content, UiCopy};
use crate::render::components::{ComponentId, HelpId};
use crate::render::{self, Reply, Tone};

type Command = poise::Command<Data, BotError>;

/// What this bot can do
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn help(ctx: Context<'_>) -> Result<(), BotError> {
    // The permissions Discord computed for this member here; none in direct messages.
    let permissions = ctx.author_member().await.and_then(|m| m.permissions);
    let answer = help_reply(
        &ctx.data().content,
        &ctx.framework().options().commands,
        permissions,
    );
    reply::private(ctx, &answer).await?;
    Ok(())
}

/// `/help` for a member with `permissions`: the short page of `[help]`, then the line of each
/// moderator command they may use that has one (`help` under its `[commands."…"]`), and the
/// topic menu (with the moderators' topics for those who may use `/mod`).
pub fn help_reply(
    content: &Content,
    commands: &[Command],
    permissions: Option<serenity::Permissions>,
) -> Reply {
    let mut own = Vec::new();
    command_lines(commands, "", &content.ui, permissions, &mut own);
    let moderators = commands
        .iter()
        .find(|c| c.name == "mod")
        .is_some_and(|c| Level::of(c).allows(permissions));
    render::help::page(content, &own, moderators)
}

fn command_lines<'a>(
    commands: &[Command],
    parent: &str,
    ui: &'a UiCopy,
    permissions: Option<serenity::Permissions>,
    lines: &mut Vec<&'a str>,
) {
    for command in commands {
        if !Level::of(command).allows(permissions) {
            continue;
        }
        let key = if parent.is_empty() {
            command.name.to_string()
        } else {
            format!("{parent} {}", command.name)
        };
        if let Some(line) = ui.commands.get(&key).and_then(|c| c.help.as_ref()) {
            lines.push(line.as_str());
        }
        command_lines(&command.subcommands, &key, ui, permissions, lines);
    }
}

/// Who made this bot and what it promises
#[poise::command(slash_command, custom_data = Level::Member)]
pub async fn about(ctx: Context<'_>) -> Result<(), BotError> {
    let a = &ctx.data().content.ui.about;
    let text = format!("{}\n\n{}", a.body, a.data);
    reply::private(ctx, &Reply::new(a.title.clone(), text, Tone::Info)).await?;
    Ok(())
}

/// The `/help` topic menu: the topic picked replaces the page, with the same menu.
pub(super) fn components() -> Feature {
    Feature {
        kinds: HelpId::KINDS,
        click: Some(|data, click| Box::pin(on_pick(data, click))),
        modal: None,
    }
}

async fn on_pick(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
    let HelpId::Topics { moderators } =
        HelpId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let topic = picked(click).ok_or_else(|| expired(data))?;
    render::help::topic(&data.content, topic, moderators)
        .map(Answer::Update)
        .ok_or_else(|| expired(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::limits;

    #[test]
    fn help_shows_each_member_the_commands_they_may_use_within_discords_limits() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts");
        let content = Content::load(&dir).expect("the prompts load");
        let commands = super::super::commands(&content);
        let guides = "`/mod guide post`";
        let stats = "`/mod stats`";
        let both = serenity::Permissions::MANAGE_MESSAGES | serenity::Permissions::MANAGE_GUILD;
        for (permissions, shows_guides, shows_stats) in [
            (None, false, false),
            (Some(serenity::Permissions::SEND_MESSAGES), false, false),
            (Some(serenity::Permissions::MANAGE_MESSAGES), true, false),
            // /mod itself needs Manage Messages: Manage Server alone does not open it.
            (Some(serenity::Permissions::MANAGE_GUILD), false, false),
            (Some(both), true, true),
            (Some(serenity::Permissions::all()), true, true),
        ] {
            let help = help_reply(&content, &commands, permissions);
            let d = &help.description;
            assert_eq!(d.contains(guides), shows_guides, "{permissions:?}");
            assert_eq!(d.contains(stats), shows_stats, "{permissions:?}");
            assert!(!d.contains("/stats server"), "gone: {d}");
            assert!(help.description.contains("`/stats me`"));
            assert_eq!(limits::check(&help), Vec::<String>::new());
            // One short page per audience; the time formats of /remind are in a topic.
            let n = limits::first_screen(&help);
            assert!(n <= limits::FIRST_SCREEN, "{permissions:?}: {n}\n{d}");
            assert!(!d.contains("friday 6pm"), "{d}");
            let menu = &help.selects[0];
            let offers_mod = menu.options.iter().any(|o| o.value == "moderators");
            assert_eq!(offers_mod, shows_guides, "{permissions:?}");
            // Every topic offered opens, fits Discord, and keeps the menu.
            for o in &menu.options {
                let moderators = HelpId::parse(&menu.custom_id)
                    .is_some_and(|HelpId::Topics { moderators }| moderators);
                let t = render::help::topic(&content, &o.value, moderators).expect("opens");
                assert_eq!(limits::check(&t), Vec::<String>::new(), "{}", o.value);
                assert!(
                    limits::first_screen(&t) <= limits::FIRST_SCREEN,
                    "{}",
                    o.value
                );
                assert_eq!(t.selects.len(), 1);
            }
        }
        // A member's menu never opens the moderators' topic.
        assert!(render::help::topic(&content, "moderators", false).is_none());
    }
}
