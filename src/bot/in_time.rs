//! Answered inside 3 seconds, always. Discord drops an interaction whose first response comes
//! later than 3 s after it was made (the member sees "The application did not respond", the
//! bot gets 10062 Unknown interaction), while a write may wait up to 10 s for the database's
//! lock (another process holding it, a backup running). So every command, click and pop-up
//! that may wait on the database answers through here, and never by itself.
//!
//! **The rule: race the work against a deadline.** The work (its reads, its write, the reply
//! it builds) runs with a deadline of [`DEADLINE`], 1.5 s after the bot started on it:
//!
//! - finished in time — the answer goes out as it always did: one response, public or private
//!   as the command decides, a click's message changed in place;
//! - still working at the deadline — the interaction is deferred (the member sees "thinking…"
//!   or the button settles), the work goes on (never cut halfway: a write either commits or
//!   fails on its own), and its result is edited in: the confirmation, or the apology saying
//!   what went wrong and what to do (`error::failure`, chosen from the store's `Unsaved`).
//!
//! How each kind is deferred, privately wherever an error is possible:
//!
//! - a slash command: deferred privately (type 5, ephemeral); a private answer or an apology
//!   replaces "thinking…"; a public answer (`/drill share`, `/decode`) cannot turn a private
//!   message public, so "thinking…" becomes a short private note ("posted below", `[late]` in
//!   `prompts/ui.toml`) and the answer follows as its own public message;
//! - a button or menu click: acknowledged without a visible change (type 6, "deferred update");
//!   an answer that changes the clicked message (a deletion confirmed, a page turned) edits
//!   that message, and any other answer or apology follows as a private message;
//! - a pop-up submission: deferred privately (type 5, ephemeral); its answer or apology
//!   replaces "thinking…".
//!
//! **Why a deadline rather than always deferring first.** Nearly every write takes a few
//! milliseconds; answering at once keeps that common case exactly as members know it — one
//! request to Discord instead of two, no "thinking…" flash, a public answer posted as one
//! public message, a click's message changed in place — and costs a deferral only when the
//! database is slow. 1.5 s leaves the other half of Discord's 3 s for the interaction's trip
//! to the bot and the deferral's trip back.
//!
//! The work must not answer the interaction itself (it returns what to say): a response sent
//! from inside the work could cross the deferral (two first responses: 40060). Commands that
//! do slow Discord work before anything else — posting a guide (several channel messages),
//! downloading an uploaded file — defer first instead, with [`deferred`]; `/report` stores
//! nothing and defers before its download. Autocomplete and opening a pop-up cannot be
//! deferred at all: they only read, and reads never wait for the write lock (the store's
//! readers are their own connections).

use std::future::Future;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::{
    ComponentInteraction, CreateAttachment, CreateInteractionResponse,
    CreateInteractionResponseMessage, CreateModal, ModalInteraction,
};
use tracing::{error, info, warn};

use super::error::{causes, failure, unsaved, BotError, Context, Via};
use super::{reply, Data};
use crate::render::{Message, Reply, Tone};
use crate::store::Unsaved;

/// How long the work of an interaction may take before the interaction is deferred.
pub const DEADLINE: Duration = Duration::from_millis(1500);

/// What a click or a pop-up gets back.
pub enum Answer {
    /// A new message only the member sees.
    Private(Reply),
    /// A new message only the member sees, with its files (a chart the embed shows).
    PrivateWithFiles(Reply, Vec<CreateAttachment>),
    /// The clicked message, changed in place.
    Update(Reply),
    /// The clicked message, changed in place into several embeds (a page of a guide).
    UpdateMessage(Message),
    /// A pop-up to fill in (only ever a first answer: it cannot follow a deferral).
    Modal(CreateModal),
    /// A new private message: a line of text above the embed, and its files ("Decode this":
    /// what was read, then the card with its chart).
    PrivateWithLead(String, Reply, Vec<CreateAttachment>),
    /// The clicked message replaced by a line of text, the embed and its files.
    UpdateWithLead(String, Reply, Vec<CreateAttachment>),
}

/// What a slash command says once its work is done.
pub struct Said {
    message: poise::CreateReply,
    public: bool,
}

impl Said {
    /// `reply`, only for the member.
    pub fn private(reply: &Reply) -> Said {
        Said {
            message: reply::command(reply, true),
            public: false,
        }
    }

    /// A whole message (with files, or plain text), built with its own ephemeral flag:
    /// `public` must say the same.
    pub fn message(message: poise::CreateReply, public: bool) -> Said {
        Said { message, public }
    }
}

/// Runs a slash command's `work` against the [`DEADLINE`], then sends what it said: at once
/// when in time, else after a private deferral. An error (a refusal, the store's failure) is
/// returned, and answered privately by `error::on_error` — replacing "thinking…" when late.
pub async fn command<F>(ctx: Context<'_>, work: F) -> Result<(), BotError>
where
    F: Future<Output = Result<Said, BotError>>,
{
    let mut work = std::pin::pin!(work);
    if let Ok(said) = tokio::time::timeout(DEADLINE, work.as_mut()).await {
        return send(ctx, said?, false).await;
    }
    late();
    let deferral = ctx.defer_ephemeral().await;
    let said = work.await;
    if let Err(e) = deferral {
        return Err(lost(e, said.err()));
    }
    send(ctx, said?, true).await
}

/// Defers privately at once, then runs `work` and sends what it said: for commands whose
/// first step is slow Discord work (posting messages, downloading a file).
pub async fn deferred<F>(ctx: Context<'_>, work: F) -> Result<(), BotError>
where
    F: Future<Output = Result<Said, BotError>>,
{
    ctx.defer_ephemeral().await?;
    let said = work.await?;
    send(ctx, said, true).await
}

fn late() {
    info!(
        deadline_ms = DEADLINE.as_millis(),
        "still working at the deadline: deferred"
    );
}

/// The deferral failed (Discord unreachable, or too late already): the member cannot be
/// answered. The work's own failure, if any, is logged here; the deferral's is returned.
fn lost(deferral: serenity::Error, work: Option<BotError>) -> BotError {
    if let Some(e) = work {
        warn!(error = %causes(&e), "the work failed after a deferral that failed too");
    }
    deferral.into()
}

async fn send(ctx: Context<'_>, said: Said, deferred: bool) -> Result<(), BotError> {
    if deferred && said.public {
        // "Thinking…" is private: it cannot become the public answer, so it says where that is.
        let l = &ctx.data().content.ui.late;
        reply::private(
            ctx,
            &Reply::new(l.title.as_str(), l.posted.as_str(), Tone::Info),
        )
        .await?;
    }
    ctx.send(said.message).await?;
    Ok(())
}

/// A click or a pop-up submission.
#[derive(Clone, Copy)]
pub enum Incoming<'a> {
    Click(&'a ComponentInteraction),
    Modal(&'a ModalInteraction),
}

impl Incoming<'_> {
    fn via(self) -> Via {
        match self {
            Incoming::Click(_) => Via::Click,
            Incoming::Modal(_) => Via::Modal,
        }
    }

    async fn respond(
        self,
        http: &serenity::Http,
        response: CreateInteractionResponse,
    ) -> Result<(), serenity::Error> {
        match self {
            Incoming::Click(c) => c.create_response(http, response).await,
            Incoming::Modal(m) => m.create_response(http, response).await,
        }
    }

    /// A click's message stays as it is (type 6); a pop-up shows "thinking…" privately (5).
    fn deferral(self) -> CreateInteractionResponse {
        match self {
            Incoming::Click(_) => CreateInteractionResponse::Acknowledge,
            Incoming::Modal(_) => CreateInteractionResponse::Defer(
                CreateInteractionResponseMessage::new().ephemeral(true),
            ),
        }
    }

    async fn followup(
        self,
        http: &serenity::Http,
        message: serenity::CreateInteractionResponseFollowup,
    ) -> Result<(), serenity::Error> {
        match self {
            Incoming::Click(c) => c.create_followup(http, message).await.map(drop),
            Incoming::Modal(m) => m.create_followup(http, message).await.map(drop),
        }
    }

    fn failed(self, what: &str, e: &serenity::Error) {
        match self {
            Incoming::Click(_) => error!(error = %causes(e), "could not answer a click ({what})"),
            Incoming::Modal(_) => error!(error = %causes(e), "could not answer a pop-up ({what})"),
        }
    }
}

/// Runs a click's or a pop-up's `work` against the [`DEADLINE`] and answers with what it
/// returned: at once when in time, else after the deferral of its kind (see the module).
pub async fn component<F>(ctx: &serenity::Context, data: &Data, incoming: Incoming<'_>, work: F)
where
    F: Future<Output = Result<Answer, BotError>>,
{
    let mut work = std::pin::pin!(work);
    let via = incoming.via();
    if let Ok(answer) = tokio::time::timeout(DEADLINE, work.as_mut()).await {
        let response = respond(data, answer, via);
        if let Err(e) = incoming.respond(&ctx.http, response).await {
            incoming.failed("the answer", &e);
        }
        return;
    }
    late();
    let deferral = incoming.respond(&ctx.http, incoming.deferral()).await;
    let answer = work.await;
    match deferral {
        Ok(()) => answer_late(ctx, data, incoming, answer).await,
        Err(e) => {
            incoming.failed("the deferral", &e);
            if let Err(e) = answer {
                warn!(error = %causes(&e), "the work failed after a deferral that failed too");
            }
        }
    }
}

/// The first response to a click or a pop-up.
fn respond(data: &Data, answer: Result<Answer, BotError>, via: Via) -> CreateInteractionResponse {
    match answer {
        Ok(Answer::Private(r)) => CreateInteractionResponse::Message(reply::interaction(&r, true)),
        Ok(Answer::PrivateWithFiles(r, files)) => {
            CreateInteractionResponse::Message(reply::interaction(&r, true).add_files(files))
        }
        Ok(Answer::Update(r)) => {
            CreateInteractionResponse::UpdateMessage(reply::interaction(&r, true))
        }
        Ok(Answer::UpdateMessage(m)) => {
            CreateInteractionResponse::UpdateMessage(reply::interaction_message(&m, true))
        }
        Ok(Answer::Modal(m)) => CreateInteractionResponse::Modal(m),
        Ok(Answer::PrivateWithLead(lead, r, files)) => CreateInteractionResponse::Message(
            with_lead(reply::interaction(&r, true), lead).add_files(files),
        ),
        Ok(Answer::UpdateWithLead(lead, r, files)) => CreateInteractionResponse::UpdateMessage(
            with_lead(reply::interaction(&r, true), lead).add_files(files),
        ),
        Err(e) => {
            CreateInteractionResponse::Message(reply::interaction(&failure(data, e, via), true))
        }
    }
}

/// The answer after a deferral: an update edits the clicked message; anything else (and every
/// answer to a pop-up, whose "thinking…" it replaces) is a private message.
async fn answer_late(
    ctx: &serenity::Context,
    data: &Data,
    incoming: Incoming<'_>,
    answer: Result<Answer, BotError>,
) {
    let http = &ctx.http;
    let sent = match (answer, incoming) {
        (Ok(Answer::Update(r)), Incoming::Click(c)) => {
            c.edit_response(http, reply::edit(&r)).await.map(drop)
        }
        (Ok(Answer::UpdateMessage(m)), Incoming::Click(c)) => c
            .edit_response(http, reply::edit_message(&m))
            .await
            .map(drop),
        (Ok(Answer::Private(r) | Answer::Update(r)), _) => {
            incoming.followup(http, reply::followup(&r, true)).await
        }
        (Ok(Answer::UpdateMessage(m)), _) => {
            incoming
                .followup(http, reply::followup_message(&m, true))
                .await
        }
        (Ok(Answer::PrivateWithFiles(r, files)), _) => {
            incoming
                .followup(http, reply::followup(&r, true).add_files(files))
                .await
        }
        (Ok(Answer::UpdateWithLead(lead, r, files)), Incoming::Click(c)) => {
            let edit = files.into_iter().fold(
                reply::edit(&r).content(lead),
                serenity::EditInteractionResponse::new_attachment,
            );
            c.edit_response(http, edit).await.map(drop)
        }
        (
            Ok(Answer::PrivateWithLead(lead, r, files) | Answer::UpdateWithLead(lead, r, files)),
            _,
        ) => {
            let followup = reply::followup(&r, true).add_files(files);
            let followup = if lead.is_empty() {
                followup
            } else {
                followup.content(lead)
            };
            incoming.followup(http, followup).await
        }
        (Ok(Answer::Modal(_)), _) => {
            // Reads took past the deadline: the pop-up can no longer open. Nothing was done.
            warn!("a pop-up was ready only after the deadline; asked to try again");
            let busy = unsaved(data, Unsaved::Busy);
            incoming.followup(http, reply::followup(&busy, true)).await
        }
        (Err(e), _) => {
            let r = failure(data, e, incoming.via());
            incoming.followup(http, reply::followup(&r, true)).await
        }
    };
    if let Err(e) = sent {
        incoming.failed("the late answer", &e);
    }
}

/// The line of text above an embed, when there is one.
fn with_lead(
    message: CreateInteractionResponseMessage,
    lead: String,
) -> CreateInteractionResponseMessage {
    if lead.is_empty() {
        message
    } else {
        message.content(lead)
    }
}
