//! The `/decode` answer as Discord shows it: numbers decoded with the server's targets, the
//! card with its checklist and Log-a-test buttons, and the funnel chart attached. `/decode` and
//! "Decode this" (its pop-up, its buttons) answer with it, so the two never differ.

use poise::serenity_prelude as serenity;
use serenity::CreateAttachment;

use super::error::BotError;
use super::{chart, Data};
use crate::funnel::{decode, Counts, DecodeError, Decoded, Thresholds};
use crate::notify::Picture;
use crate::render;
use crate::render::chart::{Png, FILENAME};
use crate::render::Reply;

/// The targets of the server the member is in (the defaults in direct messages).
pub async fn thresholds(
    data: &Data,
    guild: Option<serenity::GuildId>,
) -> Result<Thresholds, BotError> {
    Ok(data
        .db
        .thresholds(guild.map(serenity::GuildId::get))
        .await?)
}

/// Counts decoded with `thresholds`, or the member's mistake said as `/decode` says it.
pub fn decoded(data: &Data, counts: Counts, thresholds: Thresholds) -> Result<Decoded, BotError> {
    counts
        .check()
        .map(|c| decode(c, thresholds))
        .map_err(|e| refused(data, &e))
}

/// Numbers that cannot be decoded, explained privately: which one and how to fix it.
pub fn refused(data: &Data, e: &DecodeError) -> BotError {
    let copy = &data.content.decode;
    BotError::user(copy.errors.title.clone(), render::decode::error(e, copy))
}

/// The card for `user`: the decode's first message with its checklist button, and in a
/// server the Log-a-test button (tests are kept per server).
pub fn card(data: &Data, decoded: &Decoded, guild: Option<serenity::GuildId>, user: u64) -> Reply {
    let mut answer = render::decode::decoded(decoded, &data.content.decode);
    if guild.is_some() {
        answer.buttons.push(render::test_log::log_button(
            user,
            &decoded.counts,
            &data.content.test_log,
        ));
    }
    answer
}

/// The funnel chart of a decode, drawn off the async threads within the chart budget, with
/// its alt text; `None` when it failed or was late (logged).
pub async fn chart(data: &Data, decoded: &Decoded) -> Option<Chart> {
    let content = data.content.clone();
    let numbers = decoded.clone();
    let png = chart::draw(move || render::chart::funnel(&numbers, &content.decode)).await?;
    Some(Chart {
        png,
        alt: render::chart::alt_text(decoded, &data.content.decode),
    })
}

/// A drawn chart and what it shows in words.
pub struct Chart {
    pub png: Png,
    pub alt: String,
}

impl Chart {
    pub fn attachment(&self) -> CreateAttachment {
        CreateAttachment::bytes(self.png.bytes.clone(), FILENAME).description(self.alt.clone())
    }

    pub fn picture(&self) -> Picture {
        Picture {
            bytes: self.png.bytes.clone(),
            filename: FILENAME.to_owned(),
            description: self.alt.clone(),
        }
    }
}

/// `reply` showing its chart, with the file to attach; without one when it could not be drawn.
pub fn with_chart(reply: Reply, chart: Option<&Chart>) -> (Reply, Vec<CreateAttachment>) {
    match chart {
        Some(c) => (reply.image(FILENAME), vec![c.attachment()]),
        None => (reply, Vec::new()),
    }
}
