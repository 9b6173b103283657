//! `/mod guide`: post, add, edit, upload and delete this server's guides, and the buttons and
//! pop-ups they answer with.

use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, CreateActionRow, CreateInputText, CreateInteractionResponse, CreateModal,
    InputTextStyle, ModalInteraction,
};
use tracing::{error, info, warn};

use super::channels::{bot_can_post, text_channel_here};
use super::{moderator, refuse};
use crate::bot::attachments;
use crate::bot::components::{expired, Answer};
use crate::bot::error::{command_changed, member_of, BotError, Context};
use crate::bot::guides_here::{complete_here, find_here, Here};
use crate::bot::in_time::{self, Said};
use crate::bot::Data;
use crate::guide::{self, Guide};
use crate::moderation::Action;
use crate::notify::SendError;
use crate::render::components::{ComponentId, ModId};
use crate::render::format::clip;
use crate::render::moderation as view;
use crate::render::{self, limits, Reply, Tone};
use crate::store::guides::{GuideWrite, Saved};

/// The longest text a pop-up's text box takes (Discord's limit for one input).
const POPUP_BODY: usize = 4000;
const TITLE_INPUT: &str = "title";
const BODY_INPUT: &str = "body";

/// Post, add, edit or delete guides
#[poise::command(
    slash_command,
    guild_only,
    subcommands("post", "add", "edit", "upload", "delete"),
    subcommand_required
)]
pub(super) async fn guide(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Post a guide publicly in a channel
#[poise::command(slash_command, guild_only)]
async fn post(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
    #[channel_types("Text", "News")] channel: Option<serenity::GuildChannel>,
) -> Result<(), BotError> {
    in_time::deferred(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let copy = &data.content.moderation.guide;
        let here = find_here(data, Some(member.guild), &guide).await?;
        let target = match &channel {
            Some(c) => text_channel_here(data, member, c)?,
            None => match data.db.server_settings(member.guild).await?.guide_channel {
                Some(c) => serenity::ChannelId::new(c),
                None => ctx.channel_id(),
            },
        };
        let mention = view::channel(target.get());
        if !bot_can_post(ctx, serenity::GuildId::new(member.guild), target) {
            return Err(refuse(
                data,
                copy.cannot_post.fill(&[("channel", &mention)]),
            ));
        }
        let messages = render::guide::posted(&here.guide, &data.content.guide);
        let mut first = None;
        for m in &messages {
            match data.notifier.post_message(target.get(), m).await {
                Ok(sent) => {
                    first.get_or_insert(sent);
                }
                Err(e) => {
                    warn!(channel = target.get(), error = %e, "could not post a guide");
                    let message = match e {
                        SendError::NoAccess => copy.cannot_post.fill(&[("channel", &mention)]),
                        _ => copy.post_failed.fill(&[("channel", &mention)]),
                    };
                    return Err(refuse(data, message));
                }
            }
        }
        // The guide is out: it is confirmed as posted even if the record of it cannot be written.
        let now = data.clock.unix_seconds();
        if let Err(e) = data
            .db
            .log_action(
                member.guild,
                member.user,
                Action::GuidePosted,
                &here.guide.title,
                now,
            )
            .await
        {
            error!(error = %e, "posted a guide; could not record who posted it");
        }
        let mut said = copy
            .posted
            .fill(&[("title", &here.guide.title), ("channel", &mention)]);
        if let Some(sent) = first {
            said.push_str(&format!(
                "\n[{}](https://discord.com/channels/{}/{}/{})",
                copy.jump, member.guild, sent.channel, sent.message
            ));
        }
        Ok(Said::private(&view::done(
            &copy.posted_title.to_string(),
            said,
        )))
    })
    .await
}

/// The add / edit pop-up, filled with `guide` when editing.
fn guide_modal(data: &Data, id: &ModId, guide: Option<&Guide>) -> CreateModal {
    let c = &data.content.moderation.guide;
    let heading = if guide.is_some() {
        &c.modal_edit
    } else {
        &c.modal_add
    };
    let mut title = CreateInputText::new(InputTextStyle::Short, &c.title_label, TITLE_INPUT)
        .placeholder(&c.title_placeholder)
        .min_length(1)
        .max_length(u16::try_from(guide::MAX_TITLE).unwrap_or(u16::MAX))
        .required(true);
    let mut body = CreateInputText::new(InputTextStyle::Paragraph, &c.body_label, BODY_INPUT)
        .placeholder(clip(&c.body_placeholder, limits::PLACEHOLDER))
        .min_length(1)
        .max_length(u16::try_from(POPUP_BODY).unwrap_or(u16::MAX))
        .required(true);
    if let Some(g) = guide {
        title = title.value(&g.title);
        body = body.value(&g.body);
    }
    CreateModal::new(id.custom_id(), clip(heading, limits::MODAL_TITLE)).components(vec![
        CreateActionRow::InputText(title),
        CreateActionRow::InputText(body),
    ])
}

/// Answers the command with a pop-up.
async fn open_modal(ctx: Context<'_>, modal: CreateModal) -> Result<(), BotError> {
    let poise::Context::Application(app) = ctx else {
        return Err(command_changed(ctx.data()));
    };
    app.interaction
        .create_response(ctx.http(), CreateInteractionResponse::Modal(modal))
        .await?;
    app.has_sent_initial_response
        .store(true, std::sync::atomic::Ordering::SeqCst);
    Ok(())
}

/// Write a new guide for this server (a pop-up)
#[poise::command(slash_command, guild_only)]
async fn add(ctx: Context<'_>) -> Result<(), BotError> {
    member_of(ctx)?;
    open_modal(ctx, guide_modal(ctx.data(), &ModId::AddModal, None)).await
}

/// Change a guide (a pop-up filled with its text)
#[poise::command(slash_command, guild_only)]
async fn edit(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let here = find_here(data, Some(member.guild), &guide).await?;
    if here.guide.body.chars().count() > POPUP_BODY {
        return Err(refuse(
            data,
            data.content.moderation.guide.too_long_for_popup.fill(&[
                ("title", &here.guide.title),
                ("max", &render::format::count(POPUP_BODY as u64)),
            ]),
        ));
    }
    let id = match here.server_id {
        Some(id) => ModId::EditServerModal(id),
        None => ModId::EditBuiltInModal(here.guide.slug.clone()),
    };
    open_modal(ctx, guide_modal(data, &id, Some(&here.guide))).await
}

/// The most a guide file may weigh: 20,000 characters of up to 4 bytes each.
const MAX_UPLOAD_BYTES: usize = guide::MAX_BODY * 4;

/// Upload a long guide as a Markdown (.md) file
#[poise::command(slash_command, guild_only)]
async fn upload(ctx: Context<'_>, file: serenity::Attachment) -> Result<(), BotError> {
    in_time::deferred(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let c = &data.content.moderation.guide;
        // Before anything is downloaded: the kind of file, its size, its address.
        let markdown = std::path::Path::new(&file.filename)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| {
                ["md", "markdown", "txt"]
                    .iter()
                    .any(|ok| e.eq_ignore_ascii_case(ok))
            });
        let text_type = file
            .content_type
            .as_deref()
            .is_none_or(|t| t.starts_with("text/") || t.starts_with("application/octet-stream"));
        if !markdown || !text_type {
            return Err(refuse(data, c.upload_wrong_type.to_string()));
        }
        let too_big = || {
            refuse(
                data,
                c.upload_too_big
                    .fill(&[("max", &render::format::count(guide::MAX_BODY as u64))]),
            )
        };
        if usize::try_from(file.size).unwrap_or(usize::MAX) > MAX_UPLOAD_BYTES {
            return Err(too_big());
        }
        let Some(bytes) = attachments::fetch(ctx, &file.url, MAX_UPLOAD_BYTES).await? else {
            return Err(refuse(data, c.upload_failed.to_string()));
        };
        let text =
            String::from_utf8(bytes).map_err(|_| refuse(data, c.upload_not_text.to_string()))?;
        let stem = file
            .filename
            .rsplit_once('.')
            .map_or(file.filename.as_str(), |(s, _)| s);
        let upload = guide::uploaded(stem, &text).map_err(|e| match e {
            guide::GuideError::TooLong { .. } => too_big(),
            other => refuse(
                data,
                c.upload_broken.fill(&[("problem", &other.to_string())]),
            ),
        })?;
        let write = GuideWrite {
            id: None,
            title: &upload.title,
            summary: &upload.summary,
            body: &upload.body,
        };
        let now = data.clock.unix_seconds();
        // A guide of the same title here (the server's own, or a built-in one): ask first.
        let taken = find_here(data, Some(member.guild), &upload.title)
            .await
            .is_ok();
        let answer = if taken {
            let held = data
                .db
                .hold_upload(member.guild, member.user, write, now)
                .await?;
            view::replace_confirm(held, &upload.title, &data.content.moderation)
        } else {
            match data
                .db
                .save_guide(member.guild, member.user, write, Action::GuideUploaded, now)
                .await?
            {
                Saved::Saved(_) => {}
                Saved::TitleTaken(_) | Saved::NotFound => {
                    return Err(refuse(
                        data,
                        c.title_taken.fill(&[("title", &upload.title)]),
                    ));
                }
            }
            view::done(
                &c.saved_title.to_string(),
                c.uploaded.fill(&[("title", &upload.title)]),
            )
        };
        Ok(Said::private(&answer))
    })
    .await
}

/// Delete one of this server's guides (asks first)
#[poise::command(slash_command, guild_only)]
async fn delete(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
    in_time::command(ctx, async {
        let data = ctx.data();
        let member = member_of(ctx)?;
        let Here { guide, server_id } = find_here(data, Some(member.guild), &guide).await?;
        let copy = &data.content.moderation;
        let Some(id) = server_id else {
            return Err(refuse(
                data,
                copy.guide.builtin_delete.fill(&[("title", &guide.title)]),
            ));
        };
        Ok(Said::private(&view::delete_confirm(id, &guide.title, copy)))
    })
    .await
}

pub(super) async fn on_click(
    data: &Data,
    click: &serenity::ComponentInteraction,
) -> Result<Answer, BotError> {
    let id = ModId::parse(&click.data.custom_id).ok_or_else(|| expired(data))?;
    let who = moderator(
        data,
        click.guild_id,
        click.user.id.get(),
        click.member.as_ref(),
    )?;
    let copy = &data.content.moderation;
    match id {
        ModId::Delete(id) => {
            let title = data
                .db
                .server_guide(who.guild, id)
                .await?
                .map(|g| g.guide.title)
                .ok_or_else(|| expired(data))?;
            if !data
                .db
                .delete_guide(who.guild, who.user, id, data.clock.unix_seconds())
                .await?
            {
                return Err(expired(data));
            }
            info!(guide = id, "guide deleted");
            Ok(Answer::Update(view::done(
                &copy.guide.saved_title.to_string(),
                copy.guide.deleted.fill(&[("title", &title)]),
            )))
        }
        ModId::Replace(held) => {
            let (title, summary, body) = data
                .db
                .take_upload(who.guild, held)
                .await?
                .ok_or_else(|| expired(data))?;
            let write = GuideWrite {
                id: None,
                title: &title,
                summary: &summary,
                body: &body,
            };
            data.db
                .replace_guide(
                    who.guild,
                    who.user,
                    write,
                    Action::GuideUploaded,
                    data.clock.unix_seconds(),
                )
                .await?;
            Ok(Answer::Update(view::done(
                &copy.guide.saved_title.to_string(),
                copy.guide.uploaded.fill(&[("title", &title)]),
            )))
        }
        ModId::Keep => Ok(Answer::Update(Reply::new(
            copy.guide.saved_title.to_string(),
            copy.guide.kept.to_string(),
            Tone::Info,
        ))),
        _ => Err(expired(data)),
    }
}

/// The text typed in the pop-up's input `id`.
fn input<'a>(submit: &'a ModalInteraction, id: &str) -> Option<&'a str> {
    submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == id => t.value.as_deref(),
            _ => None,
        })
}

pub(super) async fn on_modal(data: &Data, submit: &ModalInteraction) -> Result<Answer, BotError> {
    let id = ModId::parse(&submit.data.custom_id).ok_or_else(|| expired(data))?;
    let who = moderator(
        data,
        submit.guild_id,
        submit.user.id.get(),
        submit.member.as_ref(),
    )?;
    let c = &data.content.moderation.guide;
    let title = input(submit, TITLE_INPUT).unwrap_or_default().trim();
    let body = input(submit, BODY_INPUT).unwrap_or_default().trim();
    if title.is_empty() {
        return Err(refuse(data, c.empty_title.to_string()));
    }
    if title.chars().count() > guide::MAX_TITLE {
        return Err(refuse(
            data,
            c.long_title.fill(&[("max", &guide::MAX_TITLE.to_string())]),
        ));
    }
    if body.is_empty() {
        return Err(refuse(data, c.empty_body.to_string()));
    }
    if body.chars().count() > guide::MAX_BODY {
        return Err(refuse(
            data,
            c.long_body
                .fill(&[("max", &render::format::count(guide::MAX_BODY as u64))]),
        ));
    }
    let summary = guide::summary_of(body);
    let now = data.clock.unix_seconds();
    let (server_id, action) = match &id {
        ModId::AddModal => (None, Action::GuideAdded),
        ModId::EditServerModal(id) => (Some(*id), Action::GuideEdited),
        // Saving a built-in guide makes this server's own version, which replaces it here.
        ModId::EditBuiltInModal(slug) => {
            if !data.content.guides.iter().any(|g| &g.slug == slug) {
                return Err(expired(data));
            }
            (None, Action::GuideEdited)
        }
        _ => return Err(expired(data)),
    };
    let write = GuideWrite {
        id: server_id,
        title,
        summary: &summary,
        body,
    };
    match data
        .db
        .save_guide(who.guild, who.user, write, action, now)
        .await?
    {
        Saved::Saved(_) => {}
        Saved::TitleTaken(_) => {
            return Err(refuse(data, c.title_taken.fill(&[("title", title)])));
        }
        Saved::NotFound => return Err(expired(data)),
    }
    let said = if action == Action::GuideAdded {
        c.added.fill(&[("title", title)])
    } else {
        c.edited.fill(&[("title", title)])
    };
    Ok(Answer::Private(view::done(
        &c.saved_title.to_string(),
        said,
    )))
}
