//! The welcome: one short message when the bot joins a server, exactly once. It is recorded
//! first, pending (a second join event or a second process finds it taken and posts nothing),
//! posted with the server's nonce (`enforce_nonce`), then settled. A process killed between
//! the record and the post leaves it pending: once its lease runs out, [`sweep`] (at start,
//! then every lease) posts it with the same nonce, and Discord answers a repeat with the message
//! it already has. None lost, none posted twice (given a restart within Discord's few minutes
//! of nonce memory, as for reminders).

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use tracing::{info, warn};

use super::channels::can_post;
use crate::bot::Data;
use crate::clock::Clock;
use crate::content::Content;
use crate::moderation::welcome_nonce;
use crate::notify::{Notifier, SendError};
use crate::render::moderation as view;
use crate::store::welcomes::PendingWelcome;
use crate::store::Db;
use crate::tasks::Stop;

/// The most pending welcomes one sweep posts.
const SWEEP_BATCH: i64 = 50;

/// The bot was added to a server: one short welcome in its system channel, if the bot may
/// post there; recorded before it is posted, so it never repeats (not on a reconnect, not
/// after a crash).
pub(in crate::bot) async fn on_join(ctx: &serenity::Context, data: &Data, guild: &serenity::Guild) {
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
    let now = data.clock.unix_seconds();
    let welcome = PendingWelcome {
        guild: guild.id.get(),
        channel: channel.get(),
    };
    match data
        .db
        .welcome_once(welcome.guild, welcome.channel, now, now + secs(data.lease))
        .await
    {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(guild = guild.id.get(), error = %e, "could not record the welcome; not posting it");
            return;
        }
    }
    post(&data.db, data.notifier.as_ref(), &data.content, welcome).await;
}

/// Posts pending welcomes whose lease ran out (their process died before settling them): at
/// start, then every `lease`, until stopped.
pub(in crate::bot) async fn sweep(
    db: Db,
    notifier: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    content: Arc<Content>,
    lease: Duration,
    mut stop: Stop,
) {
    loop {
        let now = clock.unix_seconds();
        match db.claim_welcomes(now, now + secs(lease), SWEEP_BATCH).await {
            Ok(pending) => {
                for welcome in pending {
                    info!(guild = welcome.guild, "posting a welcome left pending");
                    post(&db, notifier.as_ref(), &content, welcome).await;
                }
            }
            Err(e) => warn!(error = %e, "cannot read the pending welcomes; trying again later"),
        }
        tokio::select! {
            () = stop.requested() => return,
            () = tokio::time::sleep(lease) => {}
        }
    }
}

/// Posts a recorded welcome with its nonce and settles it, unless it failed for a passing
/// reason (then it stays pending, and the sweep tries again once its lease runs out).
async fn post(db: &Db, notifier: &dyn Notifier, content: &Content, welcome: PendingWelcome) {
    let guild = welcome.guild;
    let message = view::welcome(&content.moderation);
    let nonce = welcome_nonce(guild);
    match notifier.post_once(welcome.channel, &message, &nonce).await {
        Ok(_) => info!(guild, "posted the welcome"),
        Err(e @ (SendError::RateLimited | SendError::Other(_))) => {
            warn!(guild, error = %e, "could not post the welcome; trying again later");
            return;
        }
        Err(e) => warn!(guild, error = %e, "could not post the welcome; not trying again"),
    }
    if let Err(e) = db.welcome_settled(guild).await {
        // Still pending: posted again with the same nonce, which Discord keeps to one message.
        warn!(guild, error = %e, "could not record the welcome as posted");
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 2)
}
