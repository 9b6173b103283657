//! `/decode`: the funnel diagnosis.

use poise::serenity_prelude as serenity;

use super::components::{expired, Answer, Feature};
use super::error::{BotError, Context};
use super::in_time::{self, Said};
use super::permissions::Level;
use super::{decode_card, reply, Data};
use crate::funnel::{decode_raw, RawCounts};
use crate::render;
use crate::render::components::{ComponentId, DecodeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, poise::ChoiceParameter)]
pub enum Format {
    #[name = "card"]
    Card,
    #[name = "text"]
    Text,
}

/// Find the weak step in your product funnel
#[poise::command(slash_command, custom_data = Level::Member)]
#[allow(clippy::too_many_arguments)]
pub async fn decode(
    ctx: Context<'_>,
    #[max_length = 40] impressions: String,
    #[max_length = 40] clicks: String,
    #[max_length = 40] orders: String,
    #[max_length = 40] add_to_carts: Option<String>,
    format: Option<Format>,
    private: Option<bool>,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let thresholds = decode_card::thresholds(data, ctx.guild_id()).await?;
        let raw = RawCounts {
            impressions: &impressions,
            clicks: &clicks,
            orders: &orders,
            add_to_carts: add_to_carts.as_deref(),
        };
        let decoded = decode_raw(raw, thresholds).map_err(|e| decode_card::refused(data, &e))?;
        let answer = decode_card::card(data, &decoded, ctx.guild_id(), ctx.author().id.get());
        let ephemeral = private.unwrap_or(false);
        let message = match format.unwrap_or(Format::Card) {
            Format::Card => {
                let chart = decode_card::chart(data, &decoded).await;
                let (answer, files) = decode_card::with_chart(answer, chart.as_ref());
                files.into_iter().fold(
                    reply::command(&answer, ephemeral),
                    poise::CreateReply::attachment,
                )
            }
            Format::Text => reply::command_text(render::text::to_text(&answer, true), ephemeral)
                .components(reply::components(&answer)),
        };
        Ok(Said::message(message, !ephemeral))
    })
    .await
}

/// The checklist button under a `/decode` answer: the verdict is in its id, so it works after
/// a restart; the checklist is shown to whoever taps, privately.
pub(super) fn components() -> Feature {
    Feature {
        kinds: DecodeId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: None,
    }
}

async fn on_click(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
    let DecodeId::Checklist(verdict) =
        DecodeId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    Ok(Answer::Private(render::decode::checklist_reply(
        verdict,
        &data.content.decode,
    )))
}
