//! Per-server settings: the decode thresholds and the guide channel, each change recorded in
//! the audit log in the same transaction (the server's time zone is in `zones.rs`).

use super::audit::log;
use super::{ids, Db, StoreError};
use crate::funnel::Thresholds;
use crate::moderation::{Action, ServerSettings};

impl Db {
    /// The server's thresholds, or the defaults when it has none (or in direct messages).
    /// Kept at most [`super::THRESHOLDS_FRESH`] (1 s), not for good as the `SQLite` store does:
    /// another process may change them. Only the gateway holder answers commands, and a new
    /// holder connects 5 s after taking over, so what it read as a holder before has gone by
    /// then.
    pub async fn thresholds(&self, guild: Option<u64>) -> Result<Thresholds, StoreError> {
        let Some(guild) = guild else {
            return Ok(Thresholds::default());
        };
        if let Some(fresh) = self.cached_thresholds(guild) {
            return Ok(fresh);
        }
        let g = ids::to_db(guild)?;
        let row = sqlx::query!(
            "SELECT ctr_threshold, ctor_threshold FROM guild_settings WHERE guild_id = $1",
            g
        )
        .fetch_optional(self.reader()?)
        .await?;
        let t = row
            .map(|r| Thresholds {
                ctr: r.ctr_threshold,
                ctor: r.ctor_threshold,
            })
            .unwrap_or_default();
        self.cache_thresholds(guild, t);
        Ok(t)
    }

    /// Sets a server's thresholds (fractions, 0 < t < 1) at time `at` (seconds since the
    /// epoch), recording who did it, in one transaction.
    pub async fn set_thresholds(
        &self,
        guild: u64,
        moderator: u64,
        t: Thresholds,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, ctr_threshold, ctor_threshold, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (guild_id) DO UPDATE SET ctr_threshold = excluded.ctr_threshold,
                 ctor_threshold = excluded.ctor_threshold, updated_at = excluded.updated_at",
            g,
            t.ctr,
            t.ctor,
            at
        )
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} {}", t.ctr, t.ctor);
        log(&mut tx, g, m, Action::Thresholds, &detail, at).await?;
        tx.commit().await?;
        self.cache_thresholds(guild, t);
        Ok(())
    }

    /// The guide channel and time zone of a server (none set: both `None`).
    pub async fn server_settings(&self, guild: u64) -> Result<ServerSettings, StoreError> {
        let g = ids::to_db(guild)?;
        let row = sqlx::query!(
            "SELECT guide_channel_id, timezone FROM guild_settings WHERE guild_id = $1",
            g
        )
        .fetch_optional(self.reader()?)
        .await?;
        let Some(r) = row else {
            return Ok(ServerSettings::default());
        };
        Ok(ServerSettings {
            guide_channel: r.guide_channel_id.map(ids::from_db).transpose()?,
            timezone: r.timezone,
        })
    }

    /// Sets where guides go by default, and records it.
    pub async fn set_guide_channel(
        &self,
        guild: u64,
        moderator: u64,
        channel: u64,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m, c) = (
            ids::to_db(guild)?,
            ids::to_db(moderator)?,
            ids::to_db(channel)?,
        );
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, guide_channel_id, updated_at) VALUES ($1, $2, $3)
             ON CONFLICT (guild_id) DO UPDATE SET guide_channel_id = excluded.guide_channel_id,
                 updated_at = excluded.updated_at",
            g,
            c,
            at
        )
        .execute(&mut *tx)
        .await?;
        log(
            &mut tx,
            g,
            m,
            Action::GuideChannel,
            &channel.to_string(),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
