//! Per-server settings: the decode thresholds.

use super::{ids, now, Db, StoreError};
use crate::funnel::Thresholds;

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
        let row: Option<(f64, f64)> = sqlx::query_as(
            "SELECT ctr_threshold, ctor_threshold FROM guild_settings WHERE guild_id = ?",
        )
        .bind(ids::to_db(guild)?)
        .fetch_optional(self.pool())
        .await?;
        let t = row
            .map(|(ctr, ctor)| Thresholds { ctr, ctor })
            .unwrap_or_default();
        if let Ok(mut cache) = self.thresholds.write() {
            cache.insert(guild, t);
        }
        Ok(t)
    }

    /// Sets a server's thresholds (fractions, 0 < t < 1).
    pub async fn set_thresholds(&self, guild: u64, t: Thresholds) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, ctr_threshold, ctor_threshold, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (guild_id) DO UPDATE SET ctr_threshold = excluded.ctr_threshold,
                 ctor_threshold = excluded.ctor_threshold, updated_at = excluded.updated_at",
        )
        .bind(ids::to_db(guild)?)
        .bind(t.ctr)
        .bind(t.ctor)
        .bind(now())
        .execute(self.pool())
        .await?;
        if let Ok(mut cache) = self.thresholds.write() {
            cache.insert(guild, t);
        }
        Ok(())
    }
}
