//! Per-server settings: the decode thresholds (the guide channel and time zone are in
//! `moderation.rs`, with the audit log).

use super::{ids, Db, StoreError};
use crate::funnel::Thresholds;
use crate::moderation::Action;

impl Db {
    /// The server's thresholds, or the defaults when it has none (or in direct messages).
    pub async fn thresholds(&self, guild: Option<u64>) -> Result<Thresholds, StoreError> {
        let Some(guild) = guild else {
            return Ok(Thresholds::default());
        };
        if let Some(t) = self
            .thresholds
            .read()
            .ok()
            .and_then(|c| c.get(&guild).copied())
        {
            return Ok(t);
        }
        let g = ids::to_db(guild)?;
        let row = sqlx::query!(
            "SELECT ctr_threshold, ctor_threshold FROM guild_settings WHERE guild_id = ?",
            g
        )
        .fetch_optional(self.pool())
        .await?;
        let t = row
            .map(|r| Thresholds {
                ctr: r.ctr_threshold,
                ctor: r.ctor_threshold,
            })
            .unwrap_or_default();
        if let Ok(mut cache) = self.thresholds.write() {
            cache.insert(guild, t);
        }
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
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, ctr_threshold, ctor_threshold, updated_at) VALUES (?, ?, ?, ?)
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
        let code = Action::Thresholds.key();
        sqlx::query!(
            "INSERT INTO mod_log (guild_id, moderator_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
            g,
            m,
            code,
            detail,
            at
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        if let Ok(mut cache) = self.thresholds.write() {
            cache.insert(guild, t);
        }
        Ok(())
    }
}
