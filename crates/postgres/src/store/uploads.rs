//! Guide uploads held until the moderator confirms they replace a guide (`pending_guides`).

use super::{ids, Db, StoreError};
use funnel_coach_store::guides::GuideWrite;

impl Db {
    /// Holds an upload until its replacement is confirmed; its id. Holds older than a day go.
    pub async fn hold_upload(
        &self,
        guild: u64,
        moderator: u64,
        write: GuideWrite<'_>,
        at: i64,
    ) -> Result<i64, StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let stale = at - 86_400;
        let mut tx = self.write().await?;
        sqlx::query!("DELETE FROM pending_guides WHERE at < $1", stale)
            .execute(&mut *tx)
            .await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO pending_guides (guild_id, moderator_id, title, summary, body, at)
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id AS "id!""#,
            g,
            m,
            write.title,
            write.summary,
            write.body,
            at
        )
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Takes a held upload of this server (it is gone after): (title, summary, body).
    pub async fn take_upload(
        &self,
        guild: u64,
        id: i64,
    ) -> Result<Option<(String, String, String)>, StoreError> {
        let g = ids::to_db(guild)?;
        let mut tx = self.write().await?;
        let row = sqlx::query!(
            "DELETE FROM pending_guides WHERE guild_id = $1 AND id = $2 RETURNING title, summary, body",
            g,
            id
        )
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row.map(|r| (r.title, r.summary, r.body)))
    }
}
