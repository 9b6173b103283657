//! Notices an answer may carry, whatever the command: today one, "your reminders are paused"
//! (the member's direct messages were closed). [`after_command`] runs them all; the framework
//! calls it after every command, answered or refused, so no feature calls another's notice.

use tracing::warn;

use super::error::Context;
use super::reply;
use crate::render::{Reply, Tone};

/// Every notice due for the member behind `ctx`, each sent privately after the answer.
pub async fn after_command(ctx: Context<'_>) {
    paused_reminders(ctx).await;
}

/// A member whose reminders paused (closed DMs) is told once, privately. The notice is taken
/// (marked told) before it goes out, so the next command, even one sent the moment the notice
/// arrives, does not repeat it; if it cannot be sent it is put back for the next command.
async fn paused_reminders(ctx: Context<'_>) {
    let data = ctx.data();
    let user = ctx.author().id.get();
    match data.db.pause_notice_due(user).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(error = %e, "cannot read paused reminders");
            return;
        }
    }
    match data.db.pause_notice_given(user).await {
        Ok(true) => {}
        Ok(false) => return,
        Err(e) => {
            warn!(error = %e, "cannot mark the paused-reminders notice as given");
            return;
        }
    }
    let n = &data.content.remind.paused_notice;
    let notice = Reply::new(n.title.as_str(), n.text.as_str(), Tone::Caution);
    if let Err(e) = reply::private(ctx, &notice).await {
        warn!(error = %e, "could not tell the member their reminders are paused");
        if let Err(e) = data.db.pause_notice_not_given(user).await {
            warn!(error = %e, "cannot put the paused-reminders notice back");
        }
    }
}
