//! A server's own guides (`/mod guide`): each change is recorded in the audit log in the same
//! transaction.

use super::audit::log;
use super::{ids, Db, StoreError};
use crate::moderation::Action;
pub use funnel_coach_store::guides::*;

impl Db {
    /// This server's own guides, by title.
    pub async fn server_guides(&self, guild: u64) -> Result<Vec<ServerGuide>, StoreError> {
        let g = ids::to_db(guild)?;
        // `COLLATE "C"`: byte order, as SQLite sorts text, whatever the database's locale.
        let rows = sqlx::query!(
            r#"SELECT id AS "id!", title, summary, body, moderator_id, updated_at
               FROM server_guides WHERE guild_id = $1 ORDER BY title_key COLLATE "C""#,
            g
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter()
            .map(|r| {
                server_guide(
                    r.id,
                    r.title,
                    r.summary,
                    r.body,
                    r.moderator_id,
                    r.updated_at,
                )
            })
            .collect()
    }

    /// One of this server's guides; `None` when it is another server's or gone.
    pub async fn server_guide(
        &self,
        guild: u64,
        id: i64,
    ) -> Result<Option<ServerGuide>, StoreError> {
        let g = ids::to_db(guild)?;
        let row = sqlx::query!(
            r#"SELECT id AS "id!", title, summary, body, moderator_id, updated_at
               FROM server_guides WHERE guild_id = $1 AND id = $2"#,
            g,
            id
        )
        .fetch_optional(self.reader()?)
        .await?;
        row.map(|r| {
            server_guide(
                r.id,
                r.title,
                r.summary,
                r.body,
                r.moderator_id,
                r.updated_at,
            )
        })
        .transpose()
    }

    /// Adds or changes a guide and records `action`, in one transaction. A title another
    /// guide of the server has is refused (see [`Db::replace_guide`] to replace it).
    pub async fn save_guide(
        &self,
        guild: u64,
        moderator: u64,
        write: GuideWrite<'_>,
        action: Action,
        at: i64,
    ) -> Result<Saved, StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let key = title_key(write.title);
        // The write lock holds from this check to the commit, so no other save can take the
        // title in between.
        let mut tx = self.write().await?;
        let taken = sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM server_guides WHERE guild_id = $1 AND title_key = $2"#,
            g,
            key
        )
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(other) = taken.filter(|other| Some(*other) != write.id) {
            return Ok(Saved::TitleTaken(other));
        }
        let id = match write.id {
            None => sqlx::query_scalar!(
                r#"INSERT INTO server_guides (guild_id, title, title_key, summary, body, moderator_id, updated_at)
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id AS "id!""#,
                g,
                write.title,
                key,
                write.summary,
                write.body,
                m,
                at
            )
            .fetch_one(&mut *tx)
            .await?,
            Some(id) => {
                let changed = sqlx::query!(
                    "UPDATE server_guides SET title = $1, title_key = $2, summary = $3, body = $4,
                         moderator_id = $5, updated_at = $6
                     WHERE guild_id = $7 AND id = $8",
                    write.title,
                    key,
                    write.summary,
                    write.body,
                    m,
                    at,
                    g,
                    id
                )
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed == 0 {
                    return Ok(Saved::NotFound);
                }
                id
            }
        };
        log(&mut tx, g, m, action, write.title, at).await?;
        tx.commit().await?;
        Ok(Saved::Saved(id))
    }

    /// Adds a guide, replacing the server's guide of the same title if there is one.
    pub async fn replace_guide(
        &self,
        guild: u64,
        moderator: u64,
        write: GuideWrite<'_>,
        action: Action,
        at: i64,
    ) -> Result<i64, StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let key = title_key(write.title);
        let mut tx = self.write().await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO server_guides (guild_id, title, title_key, summary, body, moderator_id, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (guild_id, title_key) DO UPDATE SET title = excluded.title,
                   summary = excluded.summary, body = excluded.body,
                   moderator_id = excluded.moderator_id, updated_at = excluded.updated_at
               RETURNING id AS "id!""#,
            g,
            write.title,
            key,
            write.summary,
            write.body,
            m,
            at
        )
        .fetch_one(&mut *tx)
        .await?;
        log(&mut tx, g, m, action, write.title, at).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The id of this server's guide titled `title`, if any.
    pub async fn guide_titled(&self, guild: u64, title: &str) -> Result<Option<i64>, StoreError> {
        let g = ids::to_db(guild)?;
        let key = title_key(title);
        Ok(sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM server_guides WHERE guild_id = $1 AND title_key = $2"#,
            g,
            key
        )
        .fetch_optional(self.reader()?)
        .await?)
    }

    /// Deletes one of this server's guides and records it; `false` when there was none.
    pub async fn delete_guide(
        &self,
        guild: u64,
        moderator: u64,
        id: i64,
        at: i64,
    ) -> Result<bool, StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let mut tx = self.write().await?;
        let title = sqlx::query_scalar!(
            "DELETE FROM server_guides WHERE guild_id = $1 AND id = $2 RETURNING title",
            g,
            id
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(title) = title else {
            return Ok(false);
        };
        log(&mut tx, g, m, Action::GuideDeleted, &title, at).await?;
        tx.commit().await?;
        Ok(true)
    }
}
