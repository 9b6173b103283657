//! The audit log of every moderator change: written in the same transaction as the change it
//! records (see [`log`]), read back as the latest change of each kind.

use super::{ids, Db, StoreError};
use crate::moderation::{Action, Logged};
use sqlx::{Postgres, Transaction};

/// Records `action` in the transaction that makes the change.
pub(super) async fn log(
    tx: &mut Transaction<'_, Postgres>,
    guild: i64,
    moderator: i64,
    action: Action,
    detail: &str,
    at: i64,
) -> Result<(), StoreError> {
    let code = action.key();
    sqlx::query!(
        "INSERT INTO mod_log (guild_id, moderator_id, action, detail, at) VALUES ($1, $2, $3, $4, $5)",
        guild,
        moderator,
        code,
        detail,
        at
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Db {
    /// Records a change that stores nothing else (a guide posted).
    pub async fn log_action(
        &self,
        guild: u64,
        moderator: u64,
        action: Action,
        detail: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let mut tx = self.write().await?;
        log(&mut tx, g, m, action, detail, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest entry of each kind of change in this server.
    pub async fn latest_actions(&self, guild: u64) -> Result<Vec<Logged>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            r#"SELECT action, moderator_id, detail, at FROM mod_log AS l
               WHERE guild_id = $1 AND id = (SELECT max(id) FROM mod_log
                   WHERE guild_id = l.guild_id AND action = l.action)
               ORDER BY id DESC"#,
            g
        )
        .fetch_all(self.reader()?)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let action = Action::from_key(&r.action)
                .ok_or_else(|| StoreError::Corrupt(format!("mod_log action {}", r.action)))?;
            out.push(Logged {
                action,
                moderator: ids::from_db(r.moderator_id)?,
                detail: r.detail,
                at: r.at,
            });
        }
        Ok(out)
    }
}
