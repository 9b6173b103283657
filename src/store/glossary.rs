//! Glossary usage per server: which entries are looked up, which terms are missing.
//! Counts are written by [`super::usage::UsageRecorder`].

use super::{ids, Db, StoreError};

impl Db {
    /// The server's most missed terms, most missed first.
    pub async fn top_misses(
        &self,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT term, count FROM glossary_misses WHERE guild_id = ? ORDER BY count DESC, last_seen DESC LIMIT ?",
        )
        .bind(ids::to_db(guild)?)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// The server's most looked-up entries, most first.
    pub async fn top_lookups(
        &self,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<(String, i64)>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT entry_id, count FROM glossary_lookups WHERE guild_id = ? ORDER BY count DESC, last_seen DESC LIMIT ?",
        )
        .bind(ids::to_db(guild)?)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }
}
