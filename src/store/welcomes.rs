//! The servers already welcomed, so the welcome is posted once.

use super::{ids, Db, StoreError};

impl Db {
    /// Marks the server welcomed; `true` only the first time.
    pub async fn welcome_once(&self, guild: u64, at: i64) -> Result<bool, StoreError> {
        let g = ids::to_db(guild)?;
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "INSERT INTO welcomed_guilds (guild_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            g,
            at
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(done == 1)
    }
}
