//! Glossary usage per server: which entries are looked up, which terms are missing, which
//! answers were reached by typo correction.
//! Counts are written by [`super::usage::UsageRecorder`].

use super::{ids, Db, StoreError};
pub use funnel_coach_store::glossary::*;

impl Db {
    /// The server's most missed terms, most missed first.
    pub async fn top_misses(
        &self,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            "SELECT term, count FROM glossary_misses WHERE guild_id = $1 ORDER BY count DESC, last_seen DESC LIMIT $2",
            g,
            i64::from(limit)
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter()
            .map(|r| Ok((r.term, count(r.count)?)))
            .collect()
    }

    /// The server's most looked-up entries, most first.
    pub async fn top_lookups(
        &self,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            "SELECT entry_id, count FROM glossary_lookups WHERE guild_id = $1 ORDER BY count DESC, last_seen DESC LIMIT $2",
            g,
            i64::from(limit)
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter()
            .map(|r| Ok((r.entry_id, count(r.count)?)))
            .collect()
    }

    /// The server's most frequent typo corrections, most first.
    pub async fn top_corrections(
        &self,
        guild: u64,
        limit: u32,
    ) -> Result<Vec<Correction>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            "SELECT term, entry_id, count FROM glossary_typos WHERE guild_id = $1 ORDER BY count DESC, last_seen DESC LIMIT $2",
            g,
            i64::from(limit)
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Correction {
                    term: r.term,
                    entry_id: r.entry_id,
                    count: count(r.count)?,
                })
            })
            .collect()
    }
}
