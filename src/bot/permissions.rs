//! Who may run a command, declared once on the command itself:
//! `#[poise::command(slash_command, custom_data = Level::Moderator)]`.
//!
//! That one declaration (applied by [`apply`] when the commands are built) sets
//! - `default_member_permissions`, so Discord hides a top-level command from members (Discord
//!   ignores it on subcommands, which share their parent's);
//! - `required_permissions`, which poise checks on every run against the permissions Discord
//!   puts in the interaction, so the check holds even when a server admin overrides who may
//!   see the command;
//! - whether `/help` lists the command to the member asking.

use poise::serenity_prelude as serenity;

use super::{BotError, Data};

type Command = poise::Command<Data, BotError>;

/// Who a command is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    /// Everyone.
    #[default]
    Member,
    /// Members with Manage Messages.
    Moderator,
    /// Members with Manage Server.
    ServerManager,
}

impl Level {
    pub fn permissions(self) -> serenity::Permissions {
        match self {
            Level::Member => serenity::Permissions::empty(),
            Level::Moderator => serenity::Permissions::MANAGE_MESSAGES,
            Level::ServerManager => serenity::Permissions::MANAGE_GUILD,
        }
    }

    /// What `command` declares; `None` when it declares nothing (a subcommand then keeps its
    /// parent's level).
    pub fn declared(command: &Command) -> Option<Level> {
        command.custom_data.downcast_ref::<Level>().copied()
    }

    /// The level in force for `command` once [`apply`] ran.
    pub fn of(command: &Command) -> Level {
        Level::declared(command).unwrap_or_default()
    }

    /// Whether a member with `permissions` (as Discord computed them for the interaction;
    /// `None` in direct messages) may use a command of this level.
    pub fn allows(self, permissions: Option<serenity::Permissions>) -> bool {
        match self {
            Level::Member => true,
            _ => permissions.is_some_and(|p| p.contains(self.permissions())),
        }
    }
}

/// Applies each command's declared level to it and its subcommands. A subcommand is never
/// below its parent (poise checks every level of the tree anyway).
pub fn apply(command: &mut Command, parent: Level) {
    let level = Level::declared(command).unwrap_or(parent).max(parent);
    command.required_permissions = level.permissions();
    command.default_member_permissions = level.permissions();
    command.custom_data = Box::new(level);
    for sub in &mut command.subcommands {
        apply(sub, level);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_allow_by_the_members_permissions() {
        let member = Some(serenity::Permissions::SEND_MESSAGES);
        let moderator = Some(serenity::Permissions::MANAGE_MESSAGES);
        let manager = Some(serenity::Permissions::MANAGE_GUILD);
        assert!(Level::Member.allows(None));
        assert!(Level::Member.allows(member));
        assert!(!Level::Moderator.allows(member));
        assert!(!Level::Moderator.allows(None));
        assert!(Level::Moderator.allows(moderator));
        assert!(!Level::ServerManager.allows(moderator));
        assert!(Level::ServerManager.allows(manager));
        assert!(Level::ServerManager.allows(Some(serenity::Permissions::all())));
    }

    #[test]
    fn a_declaration_sets_both_checks_and_subcommands_inherit_it() {
        let mut parent = Command {
            name: "mod".into(),
            custom_data: Box::new(Level::Moderator),
            subcommands: vec![
                Command {
                    name: "guide".into(),
                    ..Default::default()
                },
                Command {
                    name: "settings".into(),
                    custom_data: Box::new(Level::ServerManager),
                    ..Default::default()
                },
                Command {
                    name: "lower".into(),
                    custom_data: Box::new(Level::Member),
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        apply(&mut parent, Level::Member);
        let moderator = serenity::Permissions::MANAGE_MESSAGES;
        assert_eq!(parent.default_member_permissions, moderator);
        assert_eq!(parent.required_permissions, moderator);
        assert_eq!(Level::of(&parent), Level::Moderator);
        let levels: Vec<Level> = parent.subcommands.iter().map(Level::of).collect();
        assert_eq!(
            levels,
            [Level::Moderator, Level::ServerManager, Level::Moderator]
        );
    }
}
