//! The moderators' side: a server's own guides, its guide channel and time zone, the audit
//! log of every moderator change (written in the same transaction as the change), and the
//! servers already welcomed.

use sqlx::{Sqlite, Transaction};

use super::{ids, Db, StoreError};
use crate::guide::{self, Guide};
use crate::moderation::{Action, Logged, ServerSettings};

/// A server's own guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerGuide {
    pub id: i64,
    /// Its title, summary and body; the slug is the id in digits.
    pub guide: Guide,
    pub moderator: u64,
    pub updated_at: i64,
}

/// What a moderator wrote: a new guide (`id: None`) or a change to guide `id`.
#[derive(Debug, Clone, Copy)]
pub struct GuideWrite<'a> {
    pub id: Option<i64>,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

/// How a write went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Saved {
    Saved(i64),
    /// Another guide of this server has the title: its id.
    TitleTaken(i64),
    /// Guide `id` is not this server's (or no longer exists).
    NotFound,
}

fn title_key(title: &str) -> String {
    title.trim().to_lowercase()
}

async fn log(
    tx: &mut Transaction<'_, Sqlite>,
    guild: i64,
    moderator: i64,
    action: Action,
    detail: &str,
    at: i64,
) -> Result<(), StoreError> {
    let code = action.key();
    sqlx::query!(
        "INSERT INTO mod_log (guild_id, moderator_id, action, detail, at) VALUES (?, ?, ?, ?, ?)",
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

fn server_guide(
    id: i64,
    title: String,
    summary: String,
    body: String,
    moderator: i64,
    updated_at: i64,
) -> Result<ServerGuide, StoreError> {
    Ok(ServerGuide {
        id,
        guide: Guide {
            slug: id.to_string(),
            title,
            summary,
            order: 0,
            body,
        },
        moderator: ids::from_db(moderator)?,
        updated_at,
    })
}

impl Db {
    /// This server's own guides, by title.
    pub async fn server_guides(&self, guild: u64) -> Result<Vec<ServerGuide>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            r#"SELECT id AS "id!", title, summary, body, moderator_id, updated_at
               FROM server_guides WHERE guild_id = ? ORDER BY title_key"#,
            g
        )
        .fetch_all(self.pool())
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
               FROM server_guides WHERE guild_id = ? AND id = ?"#,
            g,
            id
        )
        .fetch_optional(self.pool())
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
        let mut tx = self.pool().begin().await?;
        let taken = sqlx::query_scalar!(
            r#"SELECT id AS "id!" FROM server_guides WHERE guild_id = ? AND title_key = ?"#,
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
                   VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
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
                    "UPDATE server_guides SET title = ?, title_key = ?, summary = ?, body = ?,
                         moderator_id = ?, updated_at = ?
                     WHERE guild_id = ? AND id = ?",
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
        let mut tx = self.pool().begin().await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO server_guides (guild_id, title, title_key, summary, body, moderator_id, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)
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
            r#"SELECT id AS "id!" FROM server_guides WHERE guild_id = ? AND title_key = ?"#,
            g,
            key
        )
        .fetch_optional(self.pool())
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
        let mut tx = self.pool().begin().await?;
        let title = sqlx::query_scalar!(
            "DELETE FROM server_guides WHERE guild_id = ? AND id = ? RETURNING title",
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
        let mut tx = self.pool().begin().await?;
        log(&mut tx, g, m, action, detail, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The latest entry of each kind of change in this server.
    pub async fn latest_actions(&self, guild: u64) -> Result<Vec<Logged>, StoreError> {
        let g = ids::to_db(guild)?;
        let rows = sqlx::query!(
            r#"SELECT action, moderator_id, detail, at FROM mod_log AS l
               WHERE guild_id = ? AND id = (SELECT max(id) FROM mod_log
                   WHERE guild_id = l.guild_id AND action = l.action)
               ORDER BY id DESC"#,
            g
        )
        .fetch_all(self.pool())
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

    /// The guide channel and time zone of a server (none set: both `None`).
    pub async fn server_settings(&self, guild: u64) -> Result<ServerSettings, StoreError> {
        let g = ids::to_db(guild)?;
        let row = sqlx::query!(
            "SELECT guide_channel_id, timezone FROM guild_settings WHERE guild_id = ?",
            g
        )
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else {
            return Ok(ServerSettings::default());
        };
        Ok(ServerSettings {
            guide_channel: r.guide_channel_id.map(ids::from_db).transpose()?,
            timezone: r.timezone,
        })
    }

    /// Sets where guides go by default, and records it.
    pub async fn set_guide_channel(
        &self,
        guild: u64,
        moderator: u64,
        channel: u64,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m, c) = (
            ids::to_db(guild)?,
            ids::to_db(moderator)?,
            ids::to_db(channel)?,
        );
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, guide_channel_id, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (guild_id) DO UPDATE SET guide_channel_id = excluded.guide_channel_id,
                 updated_at = excluded.updated_at",
            g,
            c,
            at
        )
        .execute(&mut *tx)
        .await?;
        log(
            &mut tx,
            g,
            m,
            Action::GuideChannel,
            &channel.to_string(),
            at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the server's default time zone (an IANA name, already checked), and records it.
    pub async fn set_timezone(
        &self,
        guild: u64,
        moderator: u64,
        zone: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let mut tx = self.pool().begin().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone,
                 updated_at = excluded.updated_at",
            g,
            zone,
            at
        )
        .execute(&mut *tx)
        .await?;
        log(&mut tx, g, m, Action::Timezone, zone, at).await?;
        tx.commit().await?;
        Ok(())
    }

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
        let mut tx = self.pool().begin().await?;
        sqlx::query!("DELETE FROM pending_guides WHERE at < ?", stale)
            .execute(&mut *tx)
            .await?;
        let id = sqlx::query_scalar!(
            r#"INSERT INTO pending_guides (guild_id, moderator_id, title, summary, body, at)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING id AS "id!""#,
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
        let row = sqlx::query!(
            "DELETE FROM pending_guides WHERE guild_id = ? AND id = ? RETURNING title, summary, body",
            g,
            id
        )
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.title, r.summary, r.body)))
    }

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

/// Whether a server guide replaces the built-in guide `builtin` (same title, case aside).
pub fn replaces(server: &ServerGuide, builtin: &Guide) -> bool {
    guide::same_title(&server.guide.title, &builtin.title)
}
