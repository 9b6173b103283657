//! Glossary usage per server: which entries are looked up, which terms are missing.

use super::{ids, now, Db, StoreError};

/// The longest missed term kept (normalized).
const MAX_TERM: usize = 100;

impl Db {
    /// Counts a term the glossary did not know. `term` should be normalized.
    pub async fn record_miss(&self, guild: u64, term: &str) -> Result<(), StoreError> {
        let term: String = term.chars().take(MAX_TERM).collect();
        if term.is_empty() {
            return Ok(());
        }
        let t = now();
        sqlx::query(
            "INSERT INTO glossary_misses (guild_id, term, count, first_seen, last_seen) VALUES (?, ?, 1, ?, ?)
             ON CONFLICT (guild_id, term) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen",
        )
        .bind(ids::to_db(guild)?)
        .bind(term)
        .bind(t)
        .bind(t)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Counts a successful lookup of an entry.
    pub async fn record_lookup(&self, guild: u64, entry_id: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO glossary_lookups (guild_id, entry_id, count, last_seen) VALUES (?, ?, 1, ?)
             ON CONFLICT (guild_id, entry_id) DO UPDATE SET count = count + 1, last_seen = excluded.last_seen",
        )
        .bind(ids::to_db(guild)?)
        .bind(entry_id)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
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
