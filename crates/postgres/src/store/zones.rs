//! Time zones: the one each member last chose in a server (`member_time_zones`, a member
//! table) and the server's default (`/mod settings timezone`, recorded in the audit log).
//! Which one applies is the domain's rule, [`Zone::pick`](crate::schedule::Zone::pick).

use super::audit::log;
use super::{ids, Db, StoreError};
use crate::member::Member;
use crate::moderation::Action;

impl Db {
    /// The time zone the member last chose in this server, if any.
    pub async fn member_time_zone(&self, member: Member) -> Result<Option<String>, StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let zone = sqlx::query_scalar!(
            "SELECT timezone FROM member_time_zones WHERE guild_id = $1 AND user_id = $2",
            g,
            u
        )
        .fetch_optional(self.reader()?)
        .await?;
        Ok(zone)
    }

    /// Remembers the zone a member chose.
    pub async fn set_member_time_zone(
        &self,
        member: Member,
        timezone: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, u) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO member_time_zones (guild_id, user_id, timezone, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (guild_id, user_id) DO UPDATE SET timezone = excluded.timezone,
                 updated_at = excluded.updated_at",
            g,
            u,
            timezone,
            at
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The server's default time zone (`/mod settings timezone`), if a moderator set one.
    pub async fn server_time_zone(&self, guild: u64) -> Result<Option<String>, StoreError> {
        let g = ids::to_db(guild)?;
        let zone =
            sqlx::query_scalar!("SELECT timezone FROM guild_settings WHERE guild_id = $1", g)
                .fetch_optional(self.reader()?)
                .await?;
        Ok(zone.flatten())
    }

    /// Sets the server's default time zone (an IANA name, already checked), and records it.
    pub async fn set_server_time_zone(
        &self,
        guild: u64,
        moderator: u64,
        zone: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        let (g, m) = (ids::to_db(guild)?, ids::to_db(moderator)?);
        let mut tx = self.write().await?;
        sqlx::query!(
            "INSERT INTO guild_settings (guild_id, timezone, updated_at) VALUES ($1, $2, $3)
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
}
