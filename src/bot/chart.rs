//! The funnel chart as an attachment: drawn off the async threads (`spawn_blocking`) within a
//! time budget, so it never holds a reply past Discord's 3 seconds. A chart that fails or is
//! late is left out, the reply goes without it, and the cause is logged.

use std::sync::LazyLock;
use std::time::Duration;

use poise::serenity_prelude::CreateAttachment;
use tokio::sync::Semaphore;
use tracing::{error, warn};

use crate::render::chart::{ChartError, Png, FILENAME};
use crate::render::Reply;

/// The longest a reply waits for its chart (a chart takes a few milliseconds).
pub const BUDGET: Duration = Duration::from_millis(1500);

/// Charts drawn at once: one per core. Drawing is pure CPU work, so more at once would not
/// finish sooner; the others wait their turn (within the budget) without holding a thread or
/// a picture's memory.
static DRAWING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, std::num::NonZero::get))
});

/// Draws a chart with `draw` on the blocking pool; `None` (logged) when it fails or is late.
pub async fn draw(draw: impl FnOnce() -> Result<Png, ChartError> + Send + 'static) -> Option<Png> {
    let drawn = async {
        // `None` only if the semaphore were closed, which it never is.
        let turn = DRAWING.acquire().await.ok();
        // The turn travels with the work, so a chart given up on still counts until it ends.
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            draw()
        })
        .await
    };
    match tokio::time::timeout(BUDGET, drawn).await {
        Ok(Ok(Ok(png))) => Some(png),
        Ok(Ok(Err(e))) => {
            error!(error = %e, "could not draw the chart; replying without it");
            None
        }
        Ok(Err(e)) => {
            error!(error = %e, "the chart task failed; replying without it");
            None
        }
        Err(_) => {
            warn!(
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

#[cfg(test)]
mod tests {
    use super::*;
    fn png() -> Png {
        Png {
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
            width: 720,
            height: 540,
        }
    }

    #[tokio::test]
    async fn a_chart_that_fails_or_panics_is_left_out() {
        assert_eq!(draw(|| Ok(png())).await, Some(png()));
        let failed = draw(|| Err(ChartError::Png("disk full".into()))).await;
        assert_eq!(failed, None);
        let panicked = draw(|| -> Result<Png, ChartError> { panic!("a bug") }).await;
        assert_eq!(panicked, None);
        // The turn of a panicked chart came back: charts are still drawn.
        for _ in 0..8 {
            assert!(draw(|| Ok(png())).await.is_some());
        }
    }

    #[test]
    fn the_embed_shows_the_chart_only_when_there_is_one() {
        let reply = Reply::new("t", "d", crate::render::Tone::Info);
        let (without, file) = attach(reply.clone(), None, "alt".into());
        assert_eq!(without, reply);
        assert!(file.is_none());
        let (with, file) = attach(reply, Some(png()), "the alt text".into());
        assert_eq!(with.image.as_deref(), Some(FILENAME));
        let file = file.expect("an attachment");
        assert_eq!(file.filename, FILENAME);
        assert_eq!(file.description.as_deref(), Some("the alt text"));
    }
}
