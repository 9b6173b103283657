//! Errors: the member's mistake (shown as it is, ephemerally) or ours (logged, apologised for).

use poise::serenity_prelude as serenity;
use tracing::{error, warn};

use super::{reply, Data};
use crate::member::Member;
use crate::render::{Reply, Tone};
use crate::store::StoreError;

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
        None => {
            let e = &data.content.ui.errors;
            Err(BotError::user(e.title.clone(), e.guild_only.clone()))
        }
    }
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

async fn tell(ctx: Context<'_>, title: &str, message: &str) {
    let r = Reply::new(title, message, Tone::Problem);
    if let Err(e) = ctx.send(reply::command(&r, true)).await {
        warn!(command = %ctx.command().qualified_name, error = %e, "could not send an error reply");
    }
}

/// Answers every failure ephemerally with a useful sentence, and logs what was ours.
pub async fn on_error(err: poise::FrameworkError<'_, Data, BotError>) {
    match err {
        poise::FrameworkError::Command { error, ctx, .. } => match &error {
            BotError::User { title, message } => tell(ctx, title, message).await,
            internal => {
                error!(
                    command = %ctx.command().qualified_name,
                    guild = ?ctx.guild_id().map(|g| g.get()),
                    user = ctx.author().id.get(),
                    error = %causes(internal),
                    "command failed"
                );
                let copy = &ctx.data().content.ui.errors;
                tell(ctx, &copy.title, &copy.internal).await;
            }
        },
        poise::FrameworkError::MissingUserPermissions {
            missing_permissions,
            ctx,
            ..
        } => {
            let needed = missing_permissions.unwrap_or_default();
            if let BotError::User { title, message } = missing_permission(ctx.data(), needed) {
                tell(ctx, &title, &message).await;
            }
        }
        poise::FrameworkError::GuildOnly { ctx, .. } => {
            let copy = &ctx.data().content.ui.errors;
            tell(ctx, &copy.title, &copy.guild_only).await;
        }
        poise::FrameworkError::ArgumentParse {
            error, input, ctx, ..
        } => {
            warn!(command = %ctx.command().qualified_name, input = ?input, error = %error, "could not parse an option");
            let copy = &ctx.data().content.ui.errors;
            tell(ctx, &copy.title, &copy.bad_option).await;
        }
        poise::FrameworkError::CommandPanic { payload, ctx, .. } => {
            error!(command = %ctx.command().qualified_name, payload = ?payload, "command panicked");
            let copy = &ctx.data().content.ui.errors;
            tell(ctx, &copy.title, &copy.internal).await;
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                warn!(error = %e, "error while handling an error");
            }
        }
    }
}
