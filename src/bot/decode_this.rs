//! "Decode this": the message command (long-press or right-click a message → Apps). It reads
//! the counts out of the message (its text and its embeds' descriptions) and answers privately
//! with the `/decode` card. Unsure or missing numbers open a pop-up first, filled with what was
//! read (decided from the message alone: nothing is read from the database before it); a
//! message with no numbers gets a private line with an example. Share in channel posts the
//! answer as a reply to the message, pinging nobody; the buttons for the message's other
//! numbers and the pop-up carry their state in their ids, so they work after a restart.

use std::sync::atomic::Ordering;

use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, ButtonKind, ComponentInteraction, CreateActionRow, CreateInputText,
    CreateInteractionResponse, CreateModal, InputTextStyle, ModalInteraction, Permissions,
};
use tracing::warn;

use super::components::{expired, Answer, Feature};
use super::decode_card::{self, Chart};
use super::error::{apology, BotError, Context};
use super::permissions::Level;
use super::{reply, Data};
use crate::funnel::counts::Field;
use crate::funnel::reader::{read, Reading, Status};
use crate::funnel::{decode_raw, Counts, Decoded, RawCounts};
use crate::notify::SendError;
use crate::render;
use crate::render::components::{ComponentId, ReaderId};
use crate::render::Button;

/// The pop-up's boxes, in order, with the longest text each takes (as `/decode`'s options).
const BOXES: [(Field, &str); 4] = [
    (Field::Impressions, "impressions"),
    (Field::Clicks, "clicks"),
    (Field::Orders, "orders"),
    (Field::AddToCarts, "add_to_carts"),
];
const BOX_LENGTH: u16 = 40;

/// Decode the numbers in this message, privately
#[poise::command(context_menu_command = "Decode this", custom_data = Level::Member)]
pub async fn decode_this(ctx: Context<'_>, message: serenity::Message) -> Result<(), BotError> {
    let data = ctx.data();
    let copy = &data.content.reader;
    let reading = read(&text_of(&message));
    match reading.status {
        Status::NoCounts => reply::private(ctx, &render::reader::no_numbers(copy)).await?,
        Status::Complete => answer(ctx, &reading, message.id.get()).await?,
        Status::NeedsConfirmation | Status::Incomplete => {
            let poise::Context::Application(app) = ctx else {
                // A message command only ever comes as an interaction.
                return Ok(());
            };
            let modal = popup(data, &reading, message.id.get());
            app.interaction
                .create_response(ctx.http(), CreateInteractionResponse::Modal(modal))
                .await?;
            // Anything sent after (a notice) is a followup, not a second first response.
            app.has_sent_initial_response.store(true, Ordering::SeqCst);
        }
    }
    Ok(())
}

/// What the command reads: the message's text, then each embed's description.
fn text_of(message: &serenity::Message) -> String {
    let mut text = message.content.clone();
    for d in message
        .embeds
        .iter()
        .filter_map(|e| e.description.as_deref())
    {
        text.push('\n');
        text.push_str(d);
    }
    text
}

/// A complete reading: the card with what was read above it, the share button (in a server)
/// and a button for each other set of numbers.
async fn answer(ctx: Context<'_>, reading: &Reading, message: u64) -> Result<(), BotError> {
    let data = ctx.data();
    let copy = &data.content.reader;
    let Some(counts) = reading.counts.counts() else {
        return Ok(());
    };
    let guild = ctx.guild_id();
    let thresholds = decode_card::thresholds(data, guild).await?;
    let decoded = decode_card::decoded(data, counts, thresholds)?;
    let mut card = decode_card::card(data, &decoded, guild, ctx.author().id.get());
    if guild.is_some() {
        let items_sold = render::reader::items_sold(&reading.counts);
        card.buttons.push(render::reader::share_button(
            message, counts, items_sold, copy,
        ));
    }
    card.buttons
        .extend(render::reader::other_buttons(message, reading, copy));
    let chart = decode_card::chart(data, &decoded).await;
    let (card, files) = decode_card::with_chart(card, chart.as_ref());
    let sent = files.into_iter().fold(
        reply::command(&card, true).content(render::reader::lead(reading, copy)),
        poise::CreateReply::attachment,
    );
    ctx.send(sent).await?;
    Ok(())
}

/// The pop-up: one box per count, filled with what was read; an empty box says why.
fn popup(data: &Data, reading: &Reading, message: u64) -> CreateModal {
    let copy = &data.content.reader.popup;
    let rows = BOXES
        .iter()
        .map(|&(field, id)| {
            let label = match field {
                Field::Impressions => &copy.impressions,
                Field::Clicks => &copy.clicks,
                Field::Orders => &copy.orders,
                Field::AddToCarts => &copy.add_to_carts,
            };
            let prefilled = render::reader::prefilled(reading, field);
            let placeholder = match (
                &prefilled,
                render::reader::not_a_count(reading, field),
                field,
            ) {
                (None, Some(written), _) => copy.not_a_count.fill(&[("written", written)]),
                (None, None, Field::Impressions | Field::Clicks | Field::Orders) => {
                    copy.missing.to_string()
                }
                _ => copy.placeholder.to_string(),
            };
            let mut input = CreateInputText::new(InputTextStyle::Short, label.as_str(), id)
                .placeholder(render::format::clip(
                    &placeholder,
                    render::limits::INPUT_PLACEHOLDER,
                ))
                .max_length(BOX_LENGTH)
                .required(field != Field::AddToCarts);
            if let Some(v) = prefilled {
                input = input.value(v);
            }
            CreateActionRow::InputText(input)
        })
        .collect();
    let id = ReaderId::Confirm {
        message,
        items_sold: render::reader::items_sold(&reading.counts),
    };
    CreateModal::new(id.custom_id(), copy.title.as_str()).components(rows)
}

/// The share button, the other-numbers buttons and the pop-up: their state is in their ids.
pub(super) fn components() -> Feature {
    Feature {
        kinds: ReaderId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: Some(|data, submit| Box::pin(on_modal(data, submit))),
    }
}

async fn on_modal(data: &Data, submit: &ModalInteraction) -> Result<Answer, BotError> {
    let Some(ReaderId::Confirm {
        message,
        items_sold,
    }) = ReaderId::parse(&submit.data.custom_id)
    else {
        return Err(expired(data));
    };
    let typed = |id: &str| {
        submit
            .data
            .components
            .iter()
            .flat_map(|row| &row.components)
            .find_map(|c| match c {
                ActionRowComponent::InputText(t) if t.custom_id == id => t.value.clone(),
                _ => None,
            })
            .unwrap_or_default()
    };
    let [impressions, clicks, orders, carts] = BOXES.map(|(_, id)| typed(id));
    let raw = RawCounts {
        impressions: &impressions,
        clicks: &clicks,
        orders: &orders,
        add_to_carts: Some(carts.as_str()).filter(|c| !c.trim().is_empty()),
    };
    let thresholds = decode_card::thresholds(data, submit.guild_id).await?;
    let decoded = decode_raw(raw, thresholds).map_err(|e| decode_card::refused(data, &e))?;
    let asker = (submit.guild_id, submit.user.id.get());
    Ok(private_card(data, &decoded, asker, message, items_sold).await)
}

/// The card for numbers the member confirmed or picked, privately: the items-sold note above
/// it, and in a server the button sharing it as a reply to `message`.
async fn private_card(
    data: &Data,
    decoded: &Decoded,
    (guild, user): (Option<serenity::GuildId>, u64),
    message: u64,
    items_sold: bool,
) -> Answer {
    let mut card = decode_card::card(data, decoded, guild, user);
    if guild.is_some() {
        card.buttons.push(render::reader::share_button(
            message,
            decoded.counts,
            items_sold,
            &data.content.reader,
        ));
    }
    let chart = decode_card::chart(data, decoded).await;
    let (card, files) = decode_card::with_chart(card, chart.as_ref());
    Answer::PrivateWithLead(notes(data, items_sold), card, files)
}

/// The items-sold note, when it applies (the only note a button or pop-up carries).
fn notes(data: &Data, items_sold: bool) -> String {
    render::reader::notes(items_sold, &[], &data.content.reader).join("\n")
}

async fn on_click(data: &Data, click: &ComponentInteraction) -> Result<Answer, BotError> {
    match ReaderId::parse(&click.data.custom_id) {
        Some(ReaderId::Other {
            message,
            counts,
            items_sold,
        }) => other(data, click, message, counts, items_sold).await,
        Some(ReaderId::Share {
            message,
            counts,
            items_sold,
        }) => share(data, click, message, counts, items_sold).await,
        Some(ReaderId::Confirm { .. }) | None => Err(expired(data)),
    }
}

/// Another set of numbers of the message: its own card, privately, with its share button.
async fn other(
    data: &Data,
    click: &ComponentInteraction,
    message: u64,
    counts: Counts,
    items_sold: bool,
) -> Result<Answer, BotError> {
    let thresholds = decode_card::thresholds(data, click.guild_id).await?;
    let decoded = decode_card::decoded(data, counts, thresholds)?;
    let asker = (click.guild_id, click.user.id.get());
    Ok(private_card(data, &decoded, asker, message, items_sold).await)
}

/// What the bot needs where it shares: see the channel, read its history (a reply shows the
/// message it answers), send messages (in a thread, send in threads) and show embeds.
fn can_share(click: &ComponentInteraction) -> bool {
    let thread = click.channel.as_ref().is_some_and(|c| {
        matches!(
            c.kind,
            serenity::ChannelType::PublicThread
                | serenity::ChannelType::PrivateThread
                | serenity::ChannelType::NewsThread
        )
    });
    let send = if thread {
        Permissions::SEND_MESSAGES_IN_THREADS
    } else {
        Permissions::SEND_MESSAGES
    };
    let needed = Permissions::VIEW_CHANNEL
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::EMBED_LINKS
        | send;
    click.app_permissions.is_some_and(|p| p.contains(needed))
}

/// Share in channel: the card posted as a reply to the message, mentioning nobody; then the
/// private answer says so and loses its share button (so it is not posted twice).
async fn share(
    data: &Data,
    click: &ComponentInteraction,
    message: u64,
    counts: Counts,
    items_sold: bool,
) -> Result<Answer, BotError> {
    let copy = &data.content.reader;
    if !can_share(click) {
        return Ok(Answer::Private(render::reader::cannot_post(copy)));
    }
    let thresholds = decode_card::thresholds(data, click.guild_id).await?;
    let decoded = decode_card::decoded(data, counts, thresholds)?;
    let chart = decode_card::chart(data, &decoded).await;
    let attach = click
        .app_permissions
        .is_some_and(|p| p.contains(Permissions::ATTACH_FILES));
    let shown = chart.as_ref().filter(|_| attach);
    // In the channel: the card and its checklist button (whoever taps sees the checklist);
    // the Log-a-test button stays private, with the member who decoded.
    let mut public = render::decode::decoded(&decoded, &data.content.decode);
    if shown.is_some() {
        public = public.image(render::chart::FILENAME);
    }
    let picture = shown.map(Chart::picture);
    let lead = notes(data, items_sold);
    let sent = data
        .notifier
        .reply_in(
            click.channel_id.get(),
            message,
            &lead,
            &public,
            picture.as_ref(),
        )
        .await;
    match sent {
        Ok(_) => {}
        Err(SendError::NoAccess) => {
            return Ok(Answer::Private(render::reader::cannot_post(copy)));
        }
        Err(SendError::Gone) => return Ok(Answer::Private(render::reader::gone(copy))),
        Err(e) => {
            warn!(error = %e, "could not share a decode in the channel");
            return Ok(Answer::Private(apology(data)));
        }
    }
    let mut card = decode_card::card(data, &decoded, click.guild_id, click.user.id.get());
    card.buttons.extend(other_buttons_of(&click.message));
    let (card, files) = decode_card::with_chart(card, chart.as_ref());
    let mut said = click.message.content.clone();
    if !said.is_empty() {
        said.push('\n');
    }
    said.push_str(&copy.share.done);
    Ok(Answer::UpdateWithLead(said, card, files))
}

/// The other-numbers buttons of the private answer, kept when it is replaced after sharing.
fn other_buttons_of(message: &serenity::Message) -> Vec<Button> {
    message
        .components
        .iter()
        .flat_map(|row| &row.components)
        .filter_map(|c| match c {
            ActionRowComponent::Button(b) => match &b.data {
                ButtonKind::NonLink { custom_id, .. }
                    if matches!(ReaderId::parse(custom_id), Some(ReaderId::Other { .. })) =>
                {
                    Some(Button {
                        label: b.label.clone().unwrap_or_default(),
                        custom_id: custom_id.clone(),
                    })
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}
