//! `/mod`: the moderators' one top-level command, hidden from members by
//! `default_member_permissions` (Manage Messages) and checked again by poise on every run, with
//! Manage Server for `settings` and `stats`. Guides: post, add, edit, delete. Settings: show,
//! thresholds, guide channel, time zone. Stats. Every change is recorded (who, what, when) in
//! the same transaction as the change; every refusal is private and changes nothing.

use poise::serenity_prelude as serenity;
use serenity::{
    ActionRowComponent, ChannelType, CreateActionRow, CreateInputText, CreateInteractionResponse,
    CreateModal, InputTextStyle, ModalInteraction,
};
use tracing::{info, warn};

use super::components::{expired, Answer, Feature};
use super::error::{command_changed, member_of, missing_permission, BotError, Context, Origin};
use super::guide::{complete_here, find_here, Here};
use super::permissions::Level;
use super::{reply, Data};
use crate::guide::{self, Guide};
use crate::member::Member;
use crate::moderation::{self, Action};
use crate::notify::SendError;
use crate::render::components::{ComponentId, ModId};
use crate::render::format::clip;
use crate::render::moderation as view;
use crate::render::{self, limits, Reply, Tone};
use crate::store::guides::{GuideWrite, Saved};

/// How far back `/mod stats` looks.
const WEEK: i64 = 7 * 86_400;
/// Glossary terms shown per list in `/mod stats`.
const TOP_TERMS: u32 = 5;
/// The longest text a pop-up's text box takes (Discord's limit for one input).
const POPUP_BODY: usize = 4000;
const TITLE_INPUT: &str = "title";
const BODY_INPUT: &str = "body";

fn refuse(data: &Data, message: String) -> BotError {
    BotError::user(data.content.moderation.error_title.to_string(), message)
}

/// Moderators: guides, settings and this server's stats
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::Moderator,
    rename = "mod",
    subcommands("guide", "settings", "stats"),
    subcommand_required
)]
pub async fn mod_command(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Post, add, edit or delete guides
#[poise::command(
    slash_command,
    guild_only,
    subcommands("post", "add", "edit", "upload", "delete"),
    subcommand_required
)]
async fn guide(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Whether the bot may post embeds in `channel` of `guild`: it must see the channel, send
/// messages and embed links there.
fn can_post(guild: &serenity::Guild, channel: serenity::ChannelId, me: serenity::UserId) -> bool {
    let (Some(channel), Some(member)) = (guild.channels.get(&channel), guild.members.get(&me))
    else {
        return false;
    };
    let needed = serenity::Permissions::VIEW_CHANNEL
        | serenity::Permissions::SEND_MESSAGES
        | serenity::Permissions::EMBED_LINKS;
    guild.user_permissions_in(channel, member).contains(needed)
}

/// [`can_post`] from the cache (fed by the gateway).
fn bot_can_post(ctx: Context<'_>, guild: serenity::GuildId, channel: serenity::ChannelId) -> bool {
    let me = ctx.cache().current_user().id;
    ctx.cache()
        .guild(guild)
        .is_some_and(|g| can_post(&g, channel, me))
}

/// The bot was added to a server: one short welcome in its system channel, if the bot may
/// post there; recorded first, so it never repeats (not on a reconnect, not after a failure).
pub(super) async fn on_join(ctx: &serenity::Context, data: &Data, guild: &serenity::Guild) {
    let Some(channel) = guild.system_channel_id else {
        return;
    };
    let me = ctx.cache.current_user().id;
    if !can_post(guild, channel, me) {
        info!(
            guild = guild.id.get(),
            "joined a server whose system channel I can't post in"
        );
        return;
    }
    match data
        .db
        .welcome_once(guild.id.get(), data.clock.unix_seconds())
        .await
    {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(guild = guild.id.get(), error = %e, "could not record the welcome; not posting it");
            return;
        }
    }
    let welcome = view::welcome(&data.content.moderation);
    match data.notifier.post(channel.get(), &welcome).await {
        Ok(_) => info!(guild = guild.id.get(), "posted the welcome"),
        Err(e) => warn!(guild = guild.id.get(), error = %e, "could not post the welcome"),
    }
}

/// A text channel of this server picked in an option.
fn text_channel_here(
    data: &Data,
    member: Member,
    channel: &serenity::GuildChannel,
) -> Result<serenity::ChannelId, BotError> {
    let text = matches!(channel.kind, ChannelType::Text | ChannelType::News);
    if channel.guild_id.get() != member.guild || !text {
        return Err(refuse(
            data,
            data.content.moderation.guide.not_here.to_string(),
        ));
    }
    Ok(channel.id)
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
    // Posting a long guide takes a few calls: the member sees "thinking…" meanwhile.
    ctx.defer_ephemeral().await?;
    let messages = render::guide::posted(&here.guide, &data.content.guide);
    let mut first = None;
    for m in &messages {
        match data.notifier.post_message(target.get(), m).await {
            Ok(sent) => {
                first.get_or_insert(sent);
            }
            Err(e) => {
                let at = Origin::of(ctx);
                warn!(command = at.command, guild = at.guild, user = at.user, channel = target.get(), error = %e, "could not post a guide");
                let message = match e {
                    SendError::NoAccess => copy.cannot_post.fill(&[("channel", &mention)]),
                    _ => copy.post_failed.fill(&[("channel", &mention)]),
                };
                return Err(refuse(data, message));
            }
        }
    }
    let now = data.clock.unix_seconds();
    data.db
        .log_action(
            member.guild,
            member.user,
            Action::GuidePosted,
            &here.guide.title,
            now,
        )
        .await?;
    let mut said = copy
        .posted
        .fill(&[("title", &here.guide.title), ("channel", &mention)]);
    if let Some(sent) = first {
        said.push_str(&format!(
            "\n[{}](https://discord.com/channels/{}/{}/{})",
            copy.jump, member.guild, sent.channel, sent.message
        ));
    }
    let done = view::done(&copy.posted_title.to_string(), said);
    ctx.send(reply::command(&done, true)).await?;
    Ok(())
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
    let at = Origin::of(ctx);
    let Some(url) = super::report::allowed_url(&file.url, ctx.http().proxy.as_deref()) else {
        warn!(
            command = at.command,
            guild = at.guild,
            user = at.user,
            "the attachment is not on Discord's file server; not downloaded"
        );
        return Err(refuse(data, c.upload_failed.to_string()));
    };
    ctx.defer_ephemeral().await?;
    let bytes = super::report::download(url, MAX_UPLOAD_BYTES)
        .await
        .map_err(|e| {
            warn!(command = at.command, guild = at.guild, user = at.user, error = %e, "could not download a guide");
            refuse(data, c.upload_failed.to_string())
        })?;
    let text = String::from_utf8(bytes).map_err(|_| refuse(data, c.upload_not_text.to_string()))?;
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
    ctx.send(reply::command(&answer, true)).await?;
    Ok(())
}

/// Delete one of this server's guides (asks first)
#[poise::command(slash_command, guild_only)]
async fn delete(
    ctx: Context<'_>,
    #[autocomplete = "complete_here"]
    #[max_length = 100]
    guide: String,
) -> Result<(), BotError> {
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
    ctx.send(reply::command(
        &view::delete_confirm(id, &guide.title, copy),
        true,
    ))
    .await?;
    Ok(())
}

/// See or change this server's settings
#[poise::command(
    slash_command,
    guild_only,
    custom_data = Level::ServerManager,
    subcommands("show", "thresholds", "guide_channel", "timezone"),
    subcommand_required
)]
async fn settings(ctx: Context<'_>) -> Result<(), BotError> {
    Err(command_changed(ctx.data()))
}

/// Every setting, with who changed it and when
#[poise::command(slash_command, guild_only)]
async fn show(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let g = member_of(ctx)?.guild;
    let thresholds = data.db.thresholds(Some(g)).await?;
    let settings = data.db.server_settings(g).await?;
    let latest = data.db.latest_actions(g).await?;
    let r = view::settings(thresholds, &settings, &latest, &data.content.moderation);
    ctx.send(reply::command(&r, true)).await?;
    Ok(())
}

/// Set the decode targets, in percent
#[poise::command(slash_command, guild_only)]
async fn thresholds(
    ctx: Context<'_>,
    #[max_length = 20] ctr: String,
    #[max_length = 20] ctor: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let c = &data.content.moderation.settings;
    let t = moderation::parse_targets(&ctr, &ctor).map_err(|(step, problem)| {
        // The step's name as /decode says it (decode.toml).
        let name = data.content.decode.steps[step].name.to_string();
        refuse(data, c.target[problem].fill(&[("field", &name)]))
    })?;
    data.db
        .set_thresholds(member.guild, member.user, t, data.clock.unix_seconds())
        .await?;
    let said = c.thresholds_saved.fill(&[
        ("ctr", &render::format::target(t.ctr)),
        ("ctor", &render::format::target(t.ctor)),
    ]);
    ctx.send(reply::command(
        &view::done(&c.saved_title.to_string(), said),
        true,
    ))
    .await?;
    Ok(())
}

/// Set where guides are posted by default
#[poise::command(slash_command, guild_only, rename = "guide-channel")]
async fn guide_channel(
    ctx: Context<'_>,
    #[channel_types("Text", "News")] channel: serenity::GuildChannel,
) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let c = &data.content.moderation.settings;
    let id = text_channel_here(data, member, &channel)?;
    let mention = view::channel(id.get());
    if !bot_can_post(ctx, serenity::GuildId::new(member.guild), id) {
        return Err(refuse(
            data,
            data.content
                .moderation
                .guide
                .cannot_post
                .fill(&[("channel", &mention)]),
        ));
    }
    data.db
        .set_guide_channel(
            member.guild,
            member.user,
            id.get(),
            data.clock.unix_seconds(),
        )
        .await?;
    let said = c.channel_saved.fill(&[("channel", &mention)]);
    ctx.send(reply::command(
        &view::done(&c.saved_title.to_string(), said),
        true,
    ))
    .await?;
    Ok(())
}

/// IANA zones for a typed name, common ones first (`/mod settings timezone`, `/remind set`).
pub(super) async fn complete_zone(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = crate::schedule::zone::complete(partial, limits::AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|z| serenity::AutocompleteChoice::new(z.clone(), z))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Set the server's default time zone
#[poise::command(slash_command, guild_only)]
async fn timezone(
    ctx: Context<'_>,
    #[autocomplete = "complete_zone"]
    #[max_length = 64]
    timezone: String,
) -> Result<(), BotError> {
    let data = ctx.data();
    let member = member_of(ctx)?;
    let c = &data.content.moderation.settings;
    let Some(zone) = crate::schedule::zone::find(&timezone) else {
        return Err(refuse(
            data,
            c.unknown_zone
                .fill(&[("zone", &clip(timezone.trim(), limits::CHOICE_NAME))]),
        ));
    };
    data.db
        .set_server_time_zone(member.guild, member.user, &zone, data.clock.unix_seconds())
        .await?;
    let said = c.timezone_saved.fill(&[("zone", &zone)]);
    ctx.send(reply::command(
        &view::done(&c.saved_title.to_string(), said),
        true,
    ))
    .await?;
    Ok(())
}

/// This server's activity and glossary gaps: counts only
#[poise::command(slash_command, guild_only, custom_data = Level::ServerManager)]
async fn stats(ctx: Context<'_>) -> Result<(), BotError> {
    let data = ctx.data();
    let g = member_of(ctx)?.guild;
    let s = data
        .db
        .server_stats(g, data.clock.unix_seconds() - WEEK)
        .await?;
    let lookups = data.db.top_lookups(g, TOP_TERMS).await?;
    let misses = data.db.top_misses(g, TOP_TERMS).await?;
    let corrections: Vec<(String, String, u64)> = data
        .db
        .top_corrections(g, TOP_TERMS)
        .await?
        .into_iter()
        .map(|c| (c.term, c.entry_id, c.count))
        .collect();
    let latest = data.db.latest_actions(g).await?;
    let copy = &data.content.moderation;
    let stats = render::stats::server_stats(&s, &lookups, &misses, &corrections, &data.content)
        .field(
            copy.settings.recent_title.to_string(),
            view::recent(&latest, copy),
        );
    ctx.send(reply::command(&stats, true)).await?;
    Ok(())
}

/// `/mod`'s buttons and pop-ups.
pub(super) fn components() -> Feature {
    Feature {
        kinds: ModId::KINDS,
        click: Some(|data, click| Box::pin(on_click(data, click))),
        modal: Some(|data, submit| Box::pin(on_modal(data, submit))),
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

async fn on_click(data: &Data, click: &serenity::ComponentInteraction) -> Result<Answer, BotError> {
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
            info!(
                guild = who.guild,
                user = who.user,
                guide = id,
                "guide deleted"
            );
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

async fn on_modal(data: &Data, submit: &ModalInteraction) -> Result<Answer, BotError> {
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
