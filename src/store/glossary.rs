//! Glossary usage per server: which entries are looked up, which terms are missing.

use super::usage::Usage;
use super::{ids, Db, StoreError};

impl Db {
    /// Counts a term the glossary did not know (`term` normalized). The bot batches these
    /// through [`super::usage::UsageRecorder`]; this writes one at once.
    pub async fn record_miss(&self, guild: u64, term: &str) -> Result<(), StoreError> {
        self.add_usage(&[((guild, Usage::Miss(term.to_owned())), 1)])
            .await
    }

    /// Counts a successful lookup of an entry, at once.
    pub async fn record_lookup(&self, guild: u64, entry_id: &str) -> Result<(), StoreError> {
        self.add_usage(&[((guild, Usage::Lookup(entry_id.to_owned())), 1)])
            .await
    }

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
