//! `/mod stats`: this server's activity and glossary gaps, counts only.

use crate::bot::error::{member_of, BotError, Context};
use crate::bot::in_time::{self, Said};
use crate::bot::permissions::Level;
use crate::render;
use crate::render::moderation as view;

/// How far back `/mod stats` looks.
const WEEK: i64 = 7 * 86_400;
/// Glossary terms shown per list in `/mod stats`.
const TOP_TERMS: u32 = 5;

/// This server's activity and glossary gaps: counts only
#[poise::command(slash_command, guild_only, custom_data = Level::ServerManager)]
pub(super) async fn stats(ctx: Context<'_>) -> Result<(), BotError> {
    in_time::command(ctx, async {
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
        Ok(Said::private(&stats))
    })
    .await
}
