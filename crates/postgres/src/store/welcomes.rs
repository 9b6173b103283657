//! The servers welcomed, so the welcome is posted once: recorded pending first, posted, then
//! settled (claim–send–settle, as reminders are). A pending welcome whose lease ran out (its
//! process killed between the record and the post) is claimed again by the welcome sweep and
//! posted with the same nonce.

use super::{ids, Db, StoreError};
pub use funnel_coach_store::welcomes::*;

impl Db {
    /// Records the server's welcome, pending in `channel` and held until `lease_until`;
    /// `true` only the first time (a second join event, or a second process, gets `false`).
    pub async fn welcome_once(
        &self,
        guild: u64,
        channel: u64,
        at: i64,
        lease_until: i64,
    ) -> Result<bool, StoreError> {
        let (g, c) = (ids::to_db(guild)?, ids::to_db(channel)?);
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "INSERT INTO welcomed_guilds (guild_id, at, channel_id, lease_until) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            g,
            at,
            c,
            lease_until
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Claims up to `limit` pending welcomes whose lease ran out by `now`, each held again
    /// until `lease_until`, in one write transaction (none taken when a read finds none: the
    /// sweep that calls this often takes no write lock for nothing).
    pub async fn claim_welcomes(
        &self,
        now: i64,
        lease_until: i64,
        limit: i64,
    ) -> Result<Vec<PendingWelcome>, StoreError> {
        let any = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM welcomed_guilds
                   WHERE lease_until IS NOT NULL AND lease_until <= $1) AS "any!: bool""#,
            now
        )
        .fetch_one(self.reader()?)
        .await?;
        if !any {
            return Ok(Vec::new());
        }
        let mut tx = self.write().await?;
        // SKIP LOCKED passes over rows another claimer holds: without it, a claim started from
        // the same snapshot would wait for the other, then lease the same rows again (READ
        // COMMITTED rechecks only `guild_id IN (…)`). Ties go by `guild_id`, as in `SQLite`'s
        // index, so both stores cut a batch at the same rows.
        let rows = sqlx::query!(
            r#"UPDATE welcomed_guilds SET lease_until = $1
               WHERE guild_id IN (
                   SELECT guild_id FROM welcomed_guilds
                   WHERE lease_until IS NOT NULL AND lease_until <= $2 AND channel_id IS NOT NULL
                   ORDER BY lease_until, guild_id LIMIT $3
                   FOR UPDATE SKIP LOCKED)
               RETURNING guild_id AS "guild_id!", channel_id AS "channel_id!""#,
            lease_until,
            now,
            limit
        )
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|r| {
                Ok(PendingWelcome {
                    guild: ids::from_db(r.guild_id)?,
                    channel: ids::from_db(r.channel_id)?,
                })
            })
            .collect()
    }

    /// The welcome is posted (or given up on for good): never claimed again.
    pub async fn welcome_settled(&self, guild: u64) -> Result<(), StoreError> {
        let g = ids::to_db(guild)?;
        let mut tx = self.write().await?;
        sqlx::query!(
            "UPDATE welcomed_guilds SET lease_until = NULL WHERE guild_id = $1",
            g
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
