//! Glossary usage counters: a batch added in one transaction.

use super::{ids, Db, StoreError};
use funnel_coach_store::usage::{stored_term, Usage};

impl Db {
    /// Adds counts in one transaction, seen at `at` (seconds since the epoch).
    pub async fn add_usage(
        &self,
        batch: &[((u64, Usage), i64)],
        at: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        // `count` is named with its table on the right: in PostgreSQL a bare `count` there
        // could be the row's or `excluded`'s, and is refused as ambiguous.
        for ((guild, usage), count) in batch {
            let guild = ids::to_db(*guild)?;
            match usage {
                Usage::Lookup(entry) => {
                    sqlx::query!(
                        "INSERT INTO glossary_lookups (guild_id, entry_id, count, last_seen) VALUES ($1, $2, $3, $4)
                         ON CONFLICT (guild_id, entry_id) DO UPDATE SET count = glossary_lookups.count + excluded.count, last_seen = excluded.last_seen",
                        guild,
                        entry,
                        count,
                        at
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                Usage::Miss(term) => {
                    let Some(term) = stored_term(term) else {
                        continue;
                    };
                    sqlx::query!(
                        "INSERT INTO glossary_misses (guild_id, term, count, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5)
                         ON CONFLICT (guild_id, term) DO UPDATE SET count = glossary_misses.count + excluded.count, last_seen = excluded.last_seen",
                        guild,
                        term,
                        count,
                        at,
                        at
                    )
                    .execute(&mut *tx)
                    .await?;
                }
                Usage::Corrected { term, entry } => {
                    let Some(term) = stored_term(term) else {
                        continue;
                    };
                    sqlx::query!(
                        "INSERT INTO glossary_typos (guild_id, term, entry_id, count, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (guild_id, term, entry_id) DO UPDATE SET count = glossary_typos.count + excluded.count, last_seen = excluded.last_seen",
                        guild,
                        term,
                        entry,
                        count,
                        at,
                        at
                    )
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
