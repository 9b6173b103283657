//! The funnel chart as an attachment: drawn off the async threads (`spawn_blocking`) within a
//! time budget, so it never holds a reply past Discord's 3 seconds. A chart that fails or is
//! late is left out, the reply goes without it, and the cause is logged.

use std::time::Duration;

use poise::serenity_prelude::CreateAttachment;
use tracing::{error, warn};

use super::error::Origin;
use crate::render::chart::{ChartError, Png, FILENAME};
use crate::render::Reply;

/// The longest a reply waits for its chart (a chart takes a few milliseconds).
pub const BUDGET: Duration = Duration::from_millis(1500);

/// Draws a chart with `draw` on the blocking pool; `None` (logged) when it fails or is late.
pub async fn draw(
    at: &Origin<'_>,
    draw: impl FnOnce() -> Result<Png, ChartError> + Send + 'static,
) -> Option<Png> {
    let (command, guild, user) = (at.command, at.guild, at.user);
    match tokio::time::timeout(BUDGET, tokio::task::spawn_blocking(draw)).await {
        Ok(Ok(Ok(png))) => Some(png),
        Ok(Ok(Err(e))) => {
            error!(command, guild, user, error = %e, "could not draw the chart; replying without it");
            None
        }
        Ok(Err(e)) => {
            error!(command, guild, user, error = %e, "the chart task failed; replying without it");
            None
        }
        Err(_) => {
            warn!(
                command,
                guild,
                user,
                budget_ms = BUDGET.as_millis(),
                "the chart was late; replying without it"
            );
            None
        }
    }
}

/// A reply with its chart: the embed shows the attachment, whose description is `alt`.
pub fn attach(reply: Reply, png: Option<Png>, alt: String) -> (Reply, Option<CreateAttachment>) {
    match png {
        Some(png) => (
            reply.image(FILENAME),
            Some(CreateAttachment::bytes(png.bytes, FILENAME).description(alt)),
        ),
        None => (reply, None),
    }
}
