//! The servers already welcomed, so the welcome is posted once.

use super::{ids, Db, StoreError};

impl Db {
    /// Marks the server welcomed; `true` only the first time.
    pub async fn welcome_once(&self, guild: u64, at: i64) -> Result<bool, StoreError> {
        let g = ids::to_db(guild)?;
        let done = sqlx::query!(
            "INSERT INTO welcomed_guilds (guild_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            g,
            at
        )
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(done == 1)
    }
}
