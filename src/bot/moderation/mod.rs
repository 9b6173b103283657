//! `/mod`: the moderators' one top-level command, hidden from members by
//! `default_member_permissions` (Manage Messages) and checked again by poise on every run, with
//! Manage Server for `settings` and `stats`. Guides (`guides.rs`): post, add, edit, upload,
//! delete. Settings (`settings.rs`): show, thresholds, guide channel, time zone. Stats
//! (`stats.rs`). The welcome when the bot joins a server (`welcome.rs`). Every change is
//! recorded (who, what, when) in the same transaction as the change; every refusal is private
//! and changes nothing.

mod channels;
mod guides;
mod settings;
mod stats;
mod welcome;

use poise::serenity_prelude as serenity;

use super::components::Feature;
use super::error::{command_changed, missing_permission, BotError, Context};
use super::permissions::Level;
use super::Data;
use crate::member::Member;
use crate::render::components::{ComponentId, ModId};

pub(super) use welcome::{on_join, sweep as sweep_welcomes};

fn refuse(data: &Data, message: String) -> BotError {
    BotError::user(data.content.moderation.error_title.to_string(), message)
}

/// Moderators: guides, settings and this server's stats
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Moderator,
    rename = "mod",
    subcommands("guides::guide", "settings::settings", "stats::stats"),
    subcommand_required
)]
pub async fn mod_command(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// `/mod`'s buttons and pop-ups.
pub(super) fn components() -> Feature {
    Feature {
        kinds: ModId::KINDS,
        click: Some(|data, click| Box::pin(guides::on_click(data, click))),
        modal: Some(|data, submit| Box::pin(guides::on_modal(data, submit))),
    }
}

/// Buttons and pop-ups come without poise's checks: the member's permissions, as Discord put
/// them in the interaction, are checked here again.
fn moderator(
    data: &Data,
    guild: Option<serenity::GuildId>,
    user: u64,
    member: Option<&serenity::Member>,
) -> Result<Member, BotError> {
    let who = super::error::member_at(data, guild, user)?;
    let level = Level::Moderator;
    if !level.allows(member.and_then(|m| m.permissions)) {
        return Err(missing_permission(data, level.permissions()));
    }
    Ok(who)
}
