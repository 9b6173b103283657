//! One way to answer a failure, for commands, clicks and pop-ups alike: the member's mistake
//! is shown as it is, privately; ours is a short private apology, with the cause logged
//! (under the interaction's span: `command`, `guild`, `user`; never what the member typed).
//! When the store failed, the apology says why in plain words — busy, storage full, storage
//! locked against changes, storage moved — chosen from the store's [`Unsaved`], and that
//! nothing was changed (`[errors.unsaved]` in `prompts/ui.toml`).

use poise::serenity_prelude as serenity;
use tracing::{error, warn};

use super::{reply, Data};
use crate::member::Member;
use crate::render::{Reply, Tone};
use crate::store::{StoreError, Unsaved};

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    /// Bad input or a refused action: the sentence tells the member how to fix it.
    #[error("{message}")]
    User { title: String, message: String },
    /// Boxed: serenity's error is large, and `Result<_, BotError>` is everywhere.
    #[error("discord: {0}")]
    Discord(#[source] Box<serenity::Error>),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    /// Work moved off the async threads (`spawn_blocking`) that panicked.
    #[error("task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> BotError {
        BotError::Discord(Box::new(e))
    }
}

impl BotError {
    pub fn user(title: impl Into<String>, message: impl Into<String>) -> BotError {
        BotError::User {
            title: title.into(),
            message: message.into(),
        }
    }
}

pub type Context<'a> = poise::Context<'a, Data, BotError>;

/// What the member did, for the logs: a command, a click or a pop-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Command,
    Click,
    Modal,
}

/// The answer to a failure. A member's mistake keeps its sentence; anything else is logged
/// with its causes and becomes a short apology.
pub fn failure(data: &Data, err: BotError, via: Via) -> Reply {
    match err {
        BotError::User { title, message } => Reply::new(title, message, Tone::Problem),
        BotError::Store(e) => {
            let kind = e.unsaved();
            let error = causes(&e);
            // A held lock is the operator's to look at, not a fault of the bot's.
            let failed = match via {
                Via::Command => "command failed",
                Via::Click => "click failed",
                Via::Modal => "pop-up failed",
            };
            if kind == Unsaved::Busy {
                warn!(%error, unsaved = ?kind, "{failed}");
            } else {
                error!(%error, unsaved = ?kind, "{failed}");
            }
            unsaved(data, kind)
        }
        internal => {
            let error = causes(&internal);
            match via {
                Via::Command => error!(%error, "command failed"),
                Via::Click => error!(%error, "click failed"),
                Via::Modal => error!(%error, "pop-up failed"),
            }
            apology(data)
        }
    }
}

/// The apology for a store failure: what went wrong, that nothing was changed, what to do.
pub fn unsaved(data: &Data, kind: Unsaved) -> Reply {
    let e = &data.content.ui.errors;
    let u = &e.unsaved;
    let text = match kind {
        Unsaved::Busy => &u.busy,
        Unsaved::Full => &u.full,
        Unsaved::ReadOnly => &u.read_only,
        Unsaved::Moved => &u.moved,
        Unsaved::Other => &u.other,
    };
    Reply::new(e.title.clone(), text.clone(), Tone::Problem)
}

/// "Sorry, that didn't work on my side."
pub fn apology(data: &Data) -> Reply {
    let e = &data.content.ui.errors;
    Reply::new(e.title.clone(), e.internal.clone(), Tone::Problem)
}

/// The member behind a command: this server, this user. Refused in direct messages.
pub fn member_of(ctx: Context<'_>) -> Result<Member, BotError> {
    member_at(ctx.data(), ctx.guild_id(), ctx.author().id.get())
}

/// The member behind a click or a pop-up.
pub fn member_at(
    data: &Data,
    guild: Option<serenity::GuildId>,
    user: u64,
) -> Result<Member, BotError> {
    match guild {
        Some(g) => Ok(Member {
            guild: g.get(),
            user,
        }),
        None => Err(copy_error(data, |e| &e.guild_only)),
    }
}

/// A user error with one of the sentences of `[errors]` in `prompts/ui.toml`.
pub fn copy_error(
    data: &Data,
    sentence: impl FnOnce(&crate::content::ui::ErrorCopy) -> &crate::content::Text,
) -> BotError {
    let e = &data.content.ui.errors;
    BotError::user(&e.title, sentence(e))
}

/// "This command has changed since your app loaded it": the member's app still shows an
/// older shape of the command.
pub fn command_changed(data: &Data) -> BotError {
    copy_error(data, |e| &e.command_changed)
}

/// An error with its causes ("discord: Error while sending HTTP request: … operation timed
/// out"): serenity's own message hides why a request failed.
pub fn causes(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// "Only moderators can do that here", naming the permission as Discord's app does.
pub fn missing_permission(data: &Data, needed: serenity::Permissions) -> BotError {
    let names = &data.content.ui.permissions;
    let permission = if needed.manage_guild() {
        &names.manage_guild
    } else if needed.manage_messages() {
        &names.manage_messages
    } else {
        &names.other
    };
    let e = &data.content.ui.errors;
    BotError::user(
        e.title.clone(),
        e.missing_permission.fill(&[("permission", permission)]),
    )
}

/// Answers a failed command privately (or, while typing, with no suggestions).
async fn answer(ctx: Context<'_>, err: BotError) {
    let reply = failure(ctx.data(), err, Via::Command);
    send(ctx, &reply).await;
}

/// Sends a failure's answer: a private message, or no suggestions to an autocomplete.
async fn send(ctx: Context<'_>, reply: &Reply) {
    if let poise::Context::Application(app) = ctx {
        if app.interaction_type == poise::CommandInteractionType::Autocomplete {
            let none = serenity::CreateInteractionResponse::Autocomplete(
                serenity::CreateAutocompleteResponse::new(),
            );
            if let Err(e) = app.interaction.create_response(ctx.http(), none).await {
                warn!(error = %causes(&e), "could not answer an autocomplete");
            }
            return;
        }
    }
    if let Err(e) = reply::private(ctx, reply).await {
        warn!(error = %causes(&e), "could not send an error reply");
    }
}

/// Logs a failure that is ours but carries no error, and apologises.
async fn apologise(ctx: Context<'_>, what: &str) {
    error!(what, "command failed");
    send(ctx, &apology(ctx.data())).await;
}

/// Every failure poise reports. Each one a member is waiting on gets a private answer; the
/// rest (setup, prefix messages) are logged.
pub async fn on_error(err: poise::FrameworkError<'_, Data, BotError>) {
    use poise::FrameworkError as F;
    match err {
        F::Command { error, ctx, .. } => answer(ctx, error).await,
        F::MissingUserPermissions {
            missing_permissions,
            ctx,
            ..
        } => {
            let needed = missing_permissions.unwrap_or_default();
            answer(ctx, missing_permission(ctx.data(), needed)).await;
        }
        F::GuildOnly { ctx, .. } => answer(ctx, copy_error(ctx.data(), |e| &e.guild_only)).await,
        F::ArgumentParse { error, ctx, .. } => {
            // The input is what the member typed: not logged.
            warn!(error = %error, "could not parse an option");
            answer(ctx, copy_error(ctx.data(), |e| &e.bad_option)).await;
        }
        // The member's app still holds the command's shape from before an update (a choice
        // that no longer exists, an option of another type, a subcommand missing).
        F::CommandStructureMismatch {
            description, ctx, ..
        } => {
            let ctx = poise::Context::Application(ctx);
            warn!(
                description,
                "the command changed since the member's app loaded it"
            );
            answer(ctx, command_changed(ctx.data())).await;
        }
        F::SubcommandRequired { ctx } => {
            warn!("a command came without its subcommand");
            answer(ctx, command_changed(ctx.data())).await;
        }
        F::UnknownInteraction {
            framework,
            interaction,
            ..
        } => unknown_command(framework, interaction).await,
        F::CommandPanic { payload, ctx, .. } => {
            let payload = payload.unwrap_or_default();
            apologise(ctx, &format!("panicked: {payload}")).await;
        }
        F::CommandCheckFailed { error, ctx, .. } => match error {
            Some(error) => answer(ctx, error).await,
            None => apologise(ctx, "a check refused without a reason").await,
        },
        // Not configured for any command (no cooldowns, owners, DM-only, NSFW or bot
        // permissions, and interactions carry the member's permissions): if one shows up
        // anyway, the member still gets an answer.
        F::PermissionFetchFailed { ctx, .. }
        | F::CooldownHit { ctx, .. }
        | F::MissingBotPermissions { ctx, .. }
        | F::NotAnOwner { ctx, .. }
        | F::DmOnly { ctx, .. }
        | F::NsfwOnly { ctx, .. } => {
            apologise(ctx, "a check this bot does not configure refused it").await;
        }
        // No member is waiting on these (setup, the event handler, prefix messages).
        other => error!(error = %other, "framework error"),
    }
}

/// A command this bot does not have (any more): the member's app still shows it.
async fn unknown_command(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    interaction: &serenity::CommandInteraction,
) {
    let data = framework.user_data;
    warn!("a command this bot does not have");
    let response = if interaction.data.autocomplete().is_some() {
        serenity::CreateInteractionResponse::Autocomplete(
            serenity::CreateAutocompleteResponse::new(),
        )
    } else {
        let e = &data.content.ui.errors;
        let r = Reply::new(e.title.clone(), e.command_changed.clone(), Tone::Problem);
        serenity::CreateInteractionResponse::Message(reply::interaction(&r, true))
    };
    if let Err(e) = interaction
        .create_response(&framework.serenity_context.http, response)
        .await
    {
        warn!(error = %causes(&e), "could not answer an unknown command");
    }
}
