//! Buttons, menus and pop-ups. Each feature owns its component ids (a type in
//! `render::components`) and registers here, in [`features`], the kinds it answers and its
//! handlers; this file only routes and logs: [`in_time`] answers, within Discord's 3 seconds,
//! through the one failure path.

use std::future::Future;
use std::pin::Pin;

use poise::serenity_prelude as serenity;
use serenity::{ComponentInteraction, ComponentInteractionDataKind, ModalInteraction};
use tracing::{info, warn};

use super::error::{copy_error, BotError};
use super::in_time::{self, Incoming};
use super::Data;
use crate::render::components::{self, Kind};

pub use super::in_time::Answer;

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

/// Answers a button or menu click (logged under the interaction's span: see [`super::traced`]),
/// in time ([`in_time`]).
pub async fn click(ctx: &serenity::Context, data: &Data, click: &ComponentInteraction) {
    info!("click");
    let work = async {
        if let Some(handle) = route(&click.data.custom_id).and_then(|(f, _)| f.click) {
            handle(data, click).await
        } else {
            warn!(custom_id = %click.data.custom_id, "a click on a component this bot does not know");
            Err(expired(data))
        }
    };
    in_time::component(ctx, data, Incoming::Click(click), work).await;
}

/// Answers a pop-up (modal) submission; like clicks, its state is in the `custom_id`.
pub async fn modal(ctx: &serenity::Context, data: &Data, submit: &ModalInteraction) {
    info!("pop-up");
    let work = async {
        if let Some(handle) = route(&submit.data.custom_id).and_then(|(f, _)| f.modal) {
            handle(data, submit).await
        } else {
            warn!(custom_id = %submit.data.custom_id, "a pop-up this bot does not know");
            Err(expired(data))
        }
    };
    in_time::component(ctx, data, Incoming::Modal(submit), work).await;
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
