//! Buttons, menus and pop-ups. Each feature owns its component ids (a type in
//! `render::components`) and registers here, in [`features`], the kinds it answers and its
//! handlers; this file only routes, logs, and answers through the one failure path.

use std::future::Future;
use std::pin::Pin;

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, ComponentInteractionDataKind, CreateAttachment,
    CreateInteractionResponse, CreateModal, ModalInteraction,
};
use tracing::{error, info, warn};

use super::error::{causes, copy_error, failure, BotError, Via};
use super::{reply, Data};
use crate::render::components::{self, Kind};
use crate::render::{Message, Reply};

/// What a click or a pop-up gets back.
pub enum Answer {
    /// A new message only the member sees.
    Private(Reply),
    /// A new message only the member sees, with its files (a chart the embed shows).
    PrivateWithFiles(Reply, Vec<CreateAttachment>),
    /// The clicked message, changed in place.
    Update(Reply),
    /// The clicked message, changed in place into several embeds (a page of a guide).
    UpdateMessage(Message),
    /// A pop-up to fill in.
    Modal(CreateModal),
    /// A new private message: a line of text above the embed, and its files ("Decode this":
    /// what was read, then the card with its chart).
    PrivateWithLead(String, Reply, Vec<CreateAttachment>),
    /// The clicked message replaced by a line of text, the embed and its files.
    UpdateWithLead(String, Reply, Vec<CreateAttachment>),
}

pub type Handling<'a> = Pin<Box<dyn Future<Output = Result<Answer, BotError>> + Send + 'a>>;
pub type ClickHandler = for<'a> fn(&'a Data, &'a ComponentInteraction) -> Handling<'a>;
pub type ModalHandler = for<'a> fn(&'a Data, &'a ModalInteraction) -> Handling<'a>;

/// One feature's components: the kinds of id it owns and what answers them.
pub struct Feature {
    pub kinds: &'static [Kind],
    pub click: Option<ClickHandler>,
    pub modal: Option<ModalHandler>,
}

/// Every feature with buttons, menus or pop-ups: the one list a new feature joins.
pub fn features() -> [Feature; 10] {
    [
        super::decode::components(),
        super::decode_this::components(),
        super::info::components(),
        super::define::components(),
        super::guide::components(),
        super::moderation::components(),
        super::test_log::components(),
        super::privacy::components(),
        super::drill::components(),
        super::remind::components(),
    ]
}

/// The kind's name for the logs (`"test page"`), or `"unknown"`.
pub fn action(custom_id: &str) -> &'static str {
    route(custom_id).map_or("unknown", |(_, action)| action)
}

/// The feature that owns `custom_id`, and the kind's name for the logs.
fn route(custom_id: &str) -> Option<(Feature, &'static str)> {
    let (wire, _) = components::split(custom_id)?;
    features().into_iter().find_map(|f| {
        let kind = f.kinds.iter().find(|k| k.wire == wire)?;
        Some((f, kind.action))
    })
}

/// The value picked in a menu, if this click is one.
pub fn picked(click: &ComponentInteraction) -> Option<&str> {
    match &click.data.kind {
        ComponentInteractionDataKind::StringSelect { values } => values.first().map(String::as_str),
        _ => None,
    }
}

/// "That button is from an older message": for ids nobody owns or that no longer make sense.
pub fn expired(data: &Data) -> BotError {
    copy_error(data, |e| &e.expired_button)
}

fn respond(data: &Data, answer: Result<Answer, BotError>, via: Via) -> CreateInteractionResponse {
    match answer {
        Ok(Answer::Private(r)) => CreateInteractionResponse::Message(reply::interaction(&r, true)),
        Ok(Answer::PrivateWithFiles(r, files)) => {
            CreateInteractionResponse::Message(reply::interaction(&r, true).add_files(files))
        }
        Ok(Answer::Update(r)) => {
            CreateInteractionResponse::UpdateMessage(reply::interaction(&r, true))
        }
        Ok(Answer::UpdateMessage(m)) => {
            CreateInteractionResponse::UpdateMessage(reply::interaction_message(&m, true))
        }
        Ok(Answer::Modal(m)) => CreateInteractionResponse::Modal(m),
        Ok(Answer::PrivateWithLead(lead, r, files)) => CreateInteractionResponse::Message(
            with_lead(reply::interaction(&r, true), lead).add_files(files),
        ),
        Ok(Answer::UpdateWithLead(lead, r, files)) => CreateInteractionResponse::UpdateMessage(
            with_lead(reply::interaction(&r, true), lead).add_files(files),
        ),
        Err(e) => {
            CreateInteractionResponse::Message(reply::interaction(&failure(data, e, via), true))
        }
    }
}

fn with_lead(
    message: serenity::CreateInteractionResponseMessage,
    lead: String,
) -> serenity::CreateInteractionResponseMessage {
    if lead.is_empty() {
        message
    } else {
        message.content(lead)
    }
}

/// Answers a button or menu click (logged under the interaction's span: see [`super::traced`]).
pub async fn click(ctx: &serenity::Context, data: &Data, click: &ComponentInteraction) {
    info!("click");
    let answer = if let Some(handle) = route(&click.data.custom_id).and_then(|(f, _)| f.click) {
        handle(data, click).await
    } else {
        warn!(custom_id = %click.data.custom_id, "a click on a component this bot does not know");
        Err(expired(data))
    };
    let response = respond(data, answer, Via::Click);
    if let Err(e) = click.create_response(&ctx.http, response).await {
        error!(error = %causes(&e), "could not answer a click");
    }
}

/// Answers a pop-up (modal) submission; like clicks, its state is in the `custom_id`.
pub async fn modal(ctx: &serenity::Context, data: &Data, submit: &ModalInteraction) {
    info!("pop-up");
    let answer = if let Some(handle) = route(&submit.data.custom_id).and_then(|(f, _)| f.modal) {
        handle(data, submit).await
    } else {
        warn!(custom_id = %submit.data.custom_id, "a pop-up this bot does not know");
        Err(expired(data))
    };
    let response = respond(data, answer, Via::Modal);
    if let Err(e) = submit.create_response(&ctx.http, response).await {
        error!(error = %causes(&e), "could not answer a pop-up");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_routes_to_exactly_one_feature() {
        let all = features();
        for f in &all {
            assert!(f.click.is_some() || f.modal.is_some());
            for k in f.kinds {
                let owners = all
                    .iter()
                    .filter(|g| g.kinds.iter().any(|o| o.wire == k.wire))
                    .count();
                assert_eq!(owners, 1, "{}", k.wire);
                let (_, action) = route(&format!("fc:{}", k.wire)).expect("routed");
                assert_eq!(action, k.action);
            }
        }
        assert!(route("fc:zzz").is_none());
        assert!(route("other:def:x").is_none());
    }
}
