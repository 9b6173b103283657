//! `/privacy export` and `/privacy forget`: everything stored about the member in this server.

use poise::serenity_prelude as serenity;
use serde_json::{json, Value};

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, member_at, member_of, BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::{reply, Data};
use crate::render::components::{ComponentId, PrivacyId};
use crate::render::format::utc;
use crate::render::privacy as view;
use crate::render::{Reply, Tone};

/// See or delete what this bot stores about you
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Member,
    subcommands("export", "forget"),
    subcommand_required
)]
pub async fn privacy(ctx: Context<'_>) -> Result<(), BotError> {
    // Discord sends a subcommand; only an app holding an older shape of the command does not.
    Err(command_changed(ctx.data()))
}

/// Download everything stored about you here (JSON)
#[poise::command(slash_command, guild_only)]
async fn export(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let tables = data.db.export_member(member).await?;
        let now = data.clock.unix_seconds();
        let document = json!({
            "server_id": member.guild.to_string(),
            "user_id": member.user.to_string(),
            "exported_at": utc(now),
            "tables": Value::Object(tables),
        });
        let bytes = serde_json::to_vec_pretty(&document)
            .unwrap_or_else(|_| document.to_string().into_bytes());
        let p = &data.content.test_log.privacy;
        let message = Reply::new(p.export_title.clone(), p.export_message.clone(), Tone::Info);
        let file = serenity::CreateAttachment::bytes(bytes, &p.export_filename);
        Ok(Said::message(
            reply::command(&message, true).attachment(file),
            false,
        ))
    })
    .await
}

/// Delete everything stored about you in this server
#[poise::command(slash_command, guild_only)]
async fn forget(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let counts = data.db.count_member(member).await?;
        Ok(Said::private(&view::forget_confirm(
            &counts,
            &data.content.test_log,
        )))
    })
    .await
}

/// The buttons of `/privacy forget`'s confirmation.
pub(super) fn components() -> Feature {
    Feature {
        kinds: PrivacyId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
    let id = PrivacyId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let member = member_at(data, click.guild_id, click.user.id.get())?;
    let copy = &data.content.test_log;
    Ok(match id {
        PrivacyId::Forget => {
            let deleted = data.db.forget_member(member).await?;
            tracing::info!("member data forgotten");
            Answer::Update(view::forgotten(&deleted, copy))
        }
        PrivacyId::Keep => Answer::Update(view::forget_kept(copy)),
    })
}
