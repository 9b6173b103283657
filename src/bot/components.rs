//! Button and menu clicks. Their state is in the `custom_id`, so they work after a restart.

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, ComponentInteractionDataKind, CreateInteractionResponse, ModalInteraction,
};
use tracing::{debug, warn};

use super::error::BotError;
use super::{reply, Data};
use crate::render::{self, Action, Reply, Tone};
use crate::store::usage::Usage;

pub async fn handle(
    ctx: &serenity::Context,
    data: &Data,
    click: &ComponentInteraction,
) -> Result<(), BotError> {
    let action = Action::parse(&click.data.custom_id);
    debug!(custom_id = %click.data.custom_id, guild = ?click.guild_id.map(|g| g.get()), user = click.user.id.get(), "component click");
    let picked = match &click.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.first().cloned(),
        _ => None,
    };
    let content = &data.content;
    if let Some(action) = &action {
        if let Some(response) =
            super::test_log::component(data, click, action, picked.as_deref()).await
        {
            click.create_response(&ctx.http, response).await?;
            return Ok(());
        }
    }
    let response = match (action, picked) {
        (Some(Action::Define(id)), _) | (Some(Action::GlossaryEntry), Some(id)) => {
            match content.glossary.get(&id) {
                Some(entry) => {
                    if let Some(guild) = click.guild_id {
                        data.usage
                            .record(guild.get(), Usage::Lookup(entry.id.clone()));
                    }
                    let answer = render::define::entry_reply(entry, None, content);
                    CreateInteractionResponse::Message(reply::interaction(&answer, true))
                }
                None => expired(data),
            }
        }
        (Some(Action::GlossaryStep), Some(step)) => {
            match render::define::glossary_step(&step, content) {
                Some(answer) => {
                    CreateInteractionResponse::UpdateMessage(reply::interaction(&answer, true))
                }
                None => expired(data),
            }
        }
        _ => expired(data),
    };
    click.create_response(&ctx.http, response).await?;
    Ok(())
}

/// Pop-up (modal) submissions; like clicks, their state is in the `custom_id`.
pub async fn modal(
    ctx: &serenity::Context,
    data: &Data,
    submit: &ModalInteraction,
) -> Result<(), BotError> {
    debug!(custom_id = %submit.data.custom_id, guild = ?submit.guild_id.map(|g| g.get()), user = submit.user.id.get(), "modal submit");
    let response = super::test_log::modal(data, submit).await;
    submit.create_response(&ctx.http, response).await?;
    Ok(())
}

fn expired(data: &Data) -> CreateInteractionResponse {
    let e = &data.content.ui.errors;
    warn!("a click on a component this bot does not know");
    CreateInteractionResponse::Message(reply::interaction(
        &Reply::new(e.title.clone(), e.expired_button.clone(), Tone::Problem),
        true,
    ))
}
