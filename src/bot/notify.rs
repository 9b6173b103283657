//! The Discord side of [`Notifier`]: direct messages and channel posts through serenity's
//! `Http`, with Discord's refusals sorted into [`SendError`].

use std::num::NonZeroU64;
use std::sync::Arc;

use poise::serenity_prelude as serenity;

use super::reply;
use crate::notify::{Notifier, Picture, SendError, Sending, Sent};
use crate::render::{Message, Reply};

/// Discord's "Cannot send messages to this user".
const CANNOT_DM: isize = 50_007;
/// "Unknown User".
const UNKNOWN_USER: isize = 10_013;
/// "Unknown Message".
const UNKNOWN_MESSAGE: isize = 10_008;
/// "Missing Access" and "Missing Permissions".
const NO_ACCESS: [isize; 2] = [50_001, 50_013];

/// Sends through the bot's own HTTP client (its proxy and timeouts included).
#[derive(Clone)]
pub struct DiscordNotifier {
    http: Arc<serenity::Http>,
}

impl DiscordNotifier {
    pub fn new(http: Arc<serenity::Http>) -> DiscordNotifier {
        DiscordNotifier { http }
    }

    async fn send_dm(
        &self,
        user: u64,
        message: &Reply,
        nonce: Option<&str>,
    ) -> Result<Sent, SendError> {
        let user = serenity::UserId::from(nonzero(user, "user")?);
        let channel = user
            .create_dm_channel(&self.http)
            .await
            .map_err(|e| classify(&e))?;
        self.send_in(channel.id, message, nonce).await
    }

    async fn send_in(
        &self,
        channel: serenity::ChannelId,
        message: &Reply,
        nonce: Option<&str>,
    ) -> Result<Sent, SendError> {
        let mut post = reply::message(message);
        if let Some(n) = nonce {
            // Discord answers a repeat within a few minutes with the message it already has.
            post = post
                .nonce(serenity::Nonce::String(n.to_owned()))
                .enforce_nonce(true);
        }
        let sent = channel
            .send_message(&self.http, post)
            .await
            .map_err(|e| classify(&e))?;
        Ok(Sent {
            channel: sent.channel_id.get(),
            message: sent.id.get(),
        })
    }
}

impl Notifier for DiscordNotifier {
    fn reply_in<'a>(
        &'a self,
        channel: u64,
        to: u64,
        lead: &'a str,
        message: &'a Reply,
        picture: Option<&'a Picture>,
    ) -> Sending<'a> {
        Box::pin(async move {
            let channel = serenity::ChannelId::from(nonzero(channel, "channel")?);
            let to = serenity::MessageId::from(nonzero(to, "message")?);
            let mut post = reply::message(message)
                .reference_message((channel, to))
                .allowed_mentions(reply::no_mentions().replied_user(false));
            if !lead.is_empty() {
                post = post.content(lead);
            }
            if let Some(p) = picture {
                post = post.add_file(
                    serenity::CreateAttachment::bytes(p.bytes.clone(), p.filename.as_str())
                        .description(p.description.as_str()),
                );
            }
            let sent = channel
                .send_message(&self.http, post)
                .await
                .map_err(|e| classify(&e))?;
            Ok(Sent {
                channel: sent.channel_id.get(),
                message: sent.id.get(),
            })
        })
    }

    fn dm<'a>(&'a self, user: u64, message: &'a Reply, nonce: Option<&'a str>) -> Sending<'a> {
        Box::pin(self.send_dm(user, message, nonce))
    }

    fn post<'a>(&'a self, channel: u64, message: &'a Reply) -> Sending<'a> {
        Box::pin(async move {
            let channel = serenity::ChannelId::from(nonzero(channel, "channel")?);
            self.send_in(channel, message, None).await
        })
    }

    fn post_message<'a>(&'a self, channel: u64, message: &'a Message) -> Sending<'a> {
        Box::pin(async move {
            let channel = serenity::ChannelId::from(nonzero(channel, "channel")?);
            let sent = channel
                .send_message(&self.http, reply::channel_message(message))
                .await
                .map_err(|e| classify(&e))?;
            Ok(Sent {
                channel: sent.channel_id.get(),
                message: sent.id.get(),
            })
        })
    }
}

/// Discord ids are never 0 (serenity would panic on one read from the database).
fn nonzero(id: u64, what: &str) -> Result<NonZeroU64, SendError> {
    NonZeroU64::new(id).ok_or_else(|| SendError::Refused(format!("{what} id 0")))
}

/// What the sender should make of serenity's error.
fn classify(e: &serenity::Error) -> SendError {
    if let serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) = e {
        if r.error.code == CANNOT_DM {
            return SendError::DmsClosed;
        }
        if r.error.code == UNKNOWN_USER {
            return SendError::UnknownUser;
        }
        if NO_ACCESS.contains(&r.error.code) {
            return SendError::NoAccess;
        }
        // A reply to a message that is gone: Discord names `message_reference` in the errors.
        let reference = r
            .error
            .errors
            .iter()
            .any(|x| x.path.starts_with("message_reference"));
        if r.error.code == UNKNOWN_MESSAGE || reference {
            return SendError::Gone;
        }
        if r.status_code.as_u16() == 429 {
            return SendError::RateLimited;
        }
        if r.status_code.is_client_error() {
            return SendError::Refused(super::error::causes(e));
        }
    }
    SendError::Other(super::error::causes(e))
}
