//! The Discord form of a neutral [`Reply`]: an embed, its buttons and menus, no mentions.

use poise::serenity_prelude as serenity;
use serenity::{
    ButtonStyle, CreateActionRow, CreateAllowedMentions, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateSelectMenu, CreateSelectMenuKind, CreateSelectMenuOption, EditInteractionResponse,
};

use crate::render::limits::BUTTONS_PER_ROW;
use crate::render::{Button, Message, Reply, Select};

/// Nobody is pinged by anything the bot says, whatever a member typed.
pub fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new().empty_users().empty_roles()
}

pub fn embed(reply: &Reply) -> CreateEmbed {
    let mut e = CreateEmbed::new().colour(reply.tone.rgb());
    // A guide's continuation piece has no title of its own.
    if !reply.title.is_empty() {
        e = e.title(&reply.title);
    }
    if !reply.description.is_empty() {
        e = e.description(&reply.description);
    }
    for f in &reply.fields {
        e = e.field(&f.name, &f.value, f.inline);
    }
    if let Some(footer) = &reply.footer {
        e = e.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(image) = &reply.image {
        e = e.image(format!("attachment://{image}"));
    }
    e
}

fn select(s: &Select) -> CreateActionRow {
    let options = s
        .options
        .iter()
        .map(|o| {
            let opt = CreateSelectMenuOption::new(&o.label, &o.value);
            match &o.description {
                Some(d) => opt.description(d),
                None => opt,
            }
        })
        .collect();
    CreateActionRow::SelectMenu(
        CreateSelectMenu::new(&s.custom_id, CreateSelectMenuKind::String { options })
            .placeholder(&s.placeholder),
    )
}

pub fn components(reply: &Reply) -> Vec<CreateActionRow> {
    let mut rows = button_rows(&reply.buttons);
    rows.extend(reply.selects.iter().map(select));
    rows
}

fn button_rows(buttons: &[Button]) -> Vec<CreateActionRow> {
    buttons
        .chunks(BUTTONS_PER_ROW)
        .map(|chunk| {
            CreateActionRow::Buttons(
                chunk
                    .iter()
                    .map(|b| {
                        CreateButton::new(&b.custom_id)
                            .label(&b.label)
                            .style(ButtonStyle::Secondary)
                    })
                    .collect(),
            )
        })
        .collect()
}

/// A reply to a slash command.
pub fn command(reply: &Reply, ephemeral: bool) -> poise::CreateReply {
    poise::CreateReply::default()
        .embed(embed(reply))
        .components(components(reply))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// Answers a command with `reply`, privately: what most answers are.
pub async fn private<U: Send + Sync + 'static, E>(
    ctx: poise::Context<'_, U, E>,
    reply: &Reply,
) -> Result<(), serenity::Error> {
    ctx.send(command(reply, true)).await?;
    Ok(())
}

/// A plain-text reply to a slash command (for `/decode format:text`).
pub fn command_text(text: String, ephemeral: bool) -> poise::CreateReply {
    poise::CreateReply::default()
        .content(text)
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A message that is not a reply (a DM, a channel post): see `bot::notify`.
pub fn message(reply: &Reply) -> serenity::CreateMessage {
    serenity::CreateMessage::new()
        .embed(embed(reply))
        .components(components(reply))
        .allowed_mentions(no_mentions())
}

/// A reply to a button or menu click, as a new message or as an update of the clicked one.
pub fn interaction(reply: &Reply, ephemeral: bool) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embed(embed(reply))
        .components(components(reply))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A reply sent after the interaction was acknowledged (a deferral): a new message, or the
/// one that replaces "thinking…".
pub fn followup(reply: &Reply, ephemeral: bool) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .embed(embed(reply))
        .components(components(reply))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A message of several embeds sent after a deferral.
pub fn followup_message(message: &Message, ephemeral: bool) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .embeds(message.embeds.iter().map(embed).collect())
        .components(button_rows(&message.buttons))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// The clicked message changed in place after a deferral: what an update would have been.
pub fn edit(reply: &Reply) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embeds(vec![embed(reply)])
        .components(components(reply))
        .allowed_mentions(no_mentions())
}

/// The clicked message changed in place into several embeds, after a deferral.
pub fn edit_message(message: &Message) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embeds(message.embeds.iter().map(embed).collect())
        .components(button_rows(&message.buttons))
        .allowed_mentions(no_mentions())
}

/// A message of several embeds, as a reply to a slash command.
pub fn command_message(message: &Message, ephemeral: bool) -> poise::CreateReply {
    let reply = message
        .embeds
        .iter()
        .fold(poise::CreateReply::default(), |r, e| r.embed(embed(e)));
    reply
        .components(button_rows(&message.buttons))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A message of several embeds, answering a click (new or in place of the clicked one).
pub fn interaction_message(message: &Message, ephemeral: bool) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .embeds(message.embeds.iter().map(embed).collect())
        .components(button_rows(&message.buttons))
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions())
}

/// A message of several embeds posted to a channel.
pub fn channel_message(message: &Message) -> serenity::CreateMessage {
    serenity::CreateMessage::new()
        .embeds(message.embeds.iter().map(embed).collect())
        .components(button_rows(&message.buttons))
        .allowed_mentions(no_mentions())
}
