//! Messages that are not replies (a reminder by DM, a guide posted in a channel) go through
//! one seam, so whatever sends them can be tested against a recording double instead of
//! Discord. The Discord implementation is `bot::notify::DiscordNotifier`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use crate::render::{Message, Reply};

/// A boxed future, so a `dyn Notifier` can be shared (`Arc<dyn Notifier>`).
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<Sent, SendError>> + Send + 'a>>;

/// Sends messages nobody is waiting on as a reply.
pub trait Notifier: Send + Sync {
    /// A direct message to `user` (a Discord user id). With a `nonce`, Discord keeps one
    /// message per nonce for a few minutes (`enforce_nonce`): sent again with the same nonce,
    /// it answers with the message it already has and posts no second one.
    fn dm<'a>(&'a self, user: u64, message: &'a Reply, nonce: Option<&'a str>) -> Sending<'a>;

    /// A message in `channel` (a Discord channel id), seen by everyone there.
    fn post<'a>(&'a self, channel: u64, message: &'a Reply) -> Sending<'a>;

    /// Posts a message of several embeds (a part of a guide) in a channel.
    fn post_message<'a>(&'a self, channel: u64, message: &'a Message) -> Sending<'a>;

    /// A message in `channel` replying to the message `to` there, whose author is not pinged:
    /// `lead` (may be empty) above `message`, and the picture its embed shows, if any. A double
    /// that does not model replies records it as a [`Notifier::post`].
    fn reply_in<'a>(
        &'a self,
        channel: u64,
        to: u64,
        lead: &'a str,
        message: &'a Reply,
        picture: Option<&'a Picture>,
    ) -> Sending<'a> {
        let _ = (to, lead, picture);
        self.post(channel, message)
    }
}

/// A picture a message carries and its embed shows (the funnel chart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub bytes: Vec<u8>,
    pub filename: String,
    /// What it shows, in words (the attachment's description).
    pub description: String,
}

/// A message Discord accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent {
    pub channel: u64,
    pub message: u64,
}

/// Why a message was not sent, sorted by what the sender should do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The member does not accept direct messages from this bot (Discord code 50007): pause
    /// what was meant for them and tell them next time, never retry in a loop.
    #[error("the member's direct messages are closed")]
    DmsClosed,
    /// Discord knows no such user (code 10013): what was meant for them is removed.
    #[error("unknown user")]
    UnknownUser,
    /// The bot cannot see or write in that channel (Discord codes 50001, 50013).
    #[error("no access to the channel")]
    NoAccess,
    /// The message a reply was for is no longer there.
    #[error("the message replied to is gone")]
    Gone,
    /// Discord asked the bot to slow down (HTTP 429): try again later.
    #[error("rate limited")]
    RateLimited,
    /// Discord refused the request for good (another 4xx: a malformed message, an unknown
    /// channel): trying again would fail the same way. The text is for the logs.
    #[error("refused: {0}")]
    Refused(String),
    /// Anything else (network, 5xx): passing, worth trying again; the text is for the logs.
    #[error("{0}")]
    Other(String),
}

/// Where a recorded message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Dm(u64),
    Channel(u64),
}

/// A [`Notifier`] for tests: records what it was asked to send, sends nothing, and can be
/// told that a member's direct messages are closed. Like Discord, it keeps one direct message
/// per nonce: a second with the same nonce gets the first one back and is not recorded.
#[derive(Debug, Default)]
pub struct RecordingNotifier {
    state: Mutex<Recorded>,
}

#[derive(Debug, Default)]
struct Recorded {
    sent: Vec<(Target, Reply)>,
    /// The nonce of each direct message that had one, with what it got back.
    nonces: Vec<(u64, String, Sent)>,
    closed_dms: Vec<u64>,
    /// Failures to give once each, in order, for direct messages to a user.
    faults: Vec<(u64, SendError)>,
    next_id: u64,
    repeated: usize,
}

impl RecordingNotifier {
    pub fn new() -> RecordingNotifier {
        RecordingNotifier::default()
    }

    /// From now on, direct messages to `user` fail with [`SendError::DmsClosed`].
    pub fn close_dms(&self, user: u64) {
        self.lock().closed_dms.push(user);
    }

    /// The next direct message to `user` fails with `error` (once).
    pub fn fail_once(&self, user: u64, error: SendError) {
        self.lock().faults.push((user, error));
    }

    /// Everything sent so far, in order.
    pub fn sent(&self) -> Vec<(Target, Reply)> {
        self.lock().sent.clone()
    }

    /// The messages sent to `target`, in order.
    pub fn sent_to(&self, target: Target) -> Vec<Reply> {
        self.lock()
            .sent
            .iter()
            .filter(|(t, _)| *t == target)
            .map(|(_, r)| r.clone())
            .collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many direct messages were asked for with a nonce already used (and not recorded).
    pub fn repeated_nonces(&self) -> usize {
        self.lock().repeated
    }

    fn record(
        &self,
        target: Target,
        message: &Reply,
        nonce: Option<&str>,
    ) -> Result<Sent, SendError> {
        let mut state = self.lock();
        if let Target::Dm(user) = target {
            if state.closed_dms.contains(&user) {
                return Err(SendError::DmsClosed);
            }
            if let Some(i) = state.faults.iter().position(|(u, _)| *u == user) {
                return Err(state.faults.remove(i).1);
            }
            let earlier = nonce.and_then(|n| {
                state
                    .nonces
                    .iter()
                    .find(|(u, m, _)| *u == user && m == n)
                    .map(|(_, _, sent)| *sent)
            });
            if let Some(sent) = earlier {
                state.repeated += 1;
                return Ok(sent);
            }
        }
        state.next_id += 1;
        let channel = match target {
            // The double has no DM channels: a DM reports the user id as its channel.
            Target::Dm(id) | Target::Channel(id) => id,
        };
        let sent = Sent {
            channel,
            message: state.next_id,
        };
        state.sent.push((target, message.clone()));
        if let (Target::Dm(user), Some(n)) = (target, nonce) {
            state.nonces.push((user, n.to_owned(), sent));
        }
        Ok(sent)
    }
}

impl Notifier for RecordingNotifier {
    fn dm<'a>(&'a self, user: u64, message: &'a Reply, nonce: Option<&'a str>) -> Sending<'a> {
        let result = self.record(Target::Dm(user), message, nonce);
        Box::pin(async move { result })
    }

    fn post<'a>(&'a self, channel: u64, message: &'a Reply) -> Sending<'a> {
        let result = self.record(Target::Channel(channel), message, None);
        Box::pin(async move { result })
    }

    /// Recorded embed by embed, as replies (the buttons stay with the message's first).
    fn post_message<'a>(&'a self, channel: u64, message: &'a Message) -> Sending<'a> {
        let mut result = Err(SendError::Other("an empty message".into()));
        for (i, e) in message.embeds.iter().enumerate() {
            let mut e = e.clone();
            if i == 0 {
                e.buttons.clone_from(&message.buttons);
            }
            let sent = self.record(Target::Channel(channel), &e, None);
            if i == 0 {
                result = sent;
            }
        }
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Tone;

    #[tokio::test]
    async fn the_double_records_what_it_was_asked_to_send() {
        let notifier = RecordingNotifier::new();
        let hello = Reply::new("Hi", "Time for a drill", Tone::Info);
        let n: &dyn Notifier = &notifier;
        let first = n.dm(7, &hello, Some("r1.a")).await.expect("sent");
        assert_eq!(
            n.dm(7, &hello, Some("r1.a")).await,
            Ok(first),
            "one per nonce"
        );
        assert_ne!(n.dm(7, &hello, Some("r1.b")).await, Ok(first));
        n.post(42, &hello).await.expect("posted");
        notifier.close_dms(8);
        assert_eq!(n.dm(8, &hello, None).await, Err(SendError::DmsClosed));
        assert_eq!(
            notifier.sent_to(Target::Dm(7)),
            vec![hello.clone(), hello.clone()]
        );
        assert_eq!(notifier.sent_to(Target::Channel(42)), vec![hello]);
        assert!(notifier.sent_to(Target::Dm(8)).is_empty());
        assert_eq!(notifier.sent().len(), 3);
        assert_eq!(notifier.repeated_nonces(), 1);
    }
}
