//! Each member's test log. Every query is scoped by server and member
//! (`WHERE guild_id = $1 AND user_id = $2`): a member can only ever read, change or delete
//! their own tests, in the server they are in, whatever id an interaction carries.

use super::{ids, Db, StoreError};
use crate::funnel::progress;
use crate::test_log::{
    Member, MemberStats, NewResult, NewTest, ServerStats, Status, TestChoice, TestId, TestRecord,
};
pub use funnel_coach_store::test_log::*;

impl Db {
    /// Logs a test for `member` at time `at` (seconds since the epoch). Once this returns, the
    /// test is committed.
    pub async fn log_test(
        &self,
        member: Member,
        test: NewTest<'_>,
        at: i64,
    ) -> Result<TestRecord, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let [bi, bc, bo] = split(test.before)?;
        let lever = test.lever.key();
        let mut tx = self.write().await?;
        let id = sqlx::query_scalar!(
            "INSERT INTO tests (guild_id, user_id, lever, change, before_impressions, before_clicks,
                 before_orders, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING id",
            guild,
            user,
            lever,
            test.change,
            bi,
            bc,
            bo,
            at,
            at
        )
        .fetch_one(&mut *tx)
        .await?;
        // The id is the member's only once the row is committed (an insert that was not
        // leaves a gap: a sequence never hands a number out twice).
        tx.commit().await?;
        Ok(TestRecord {
            id: TestId(id),
            lever: test.lever,
            change: test.change.to_owned(),
            before: test.before,
            after: None,
            status: Status::Open,
            note: None,
            ctr_outcome: None,
            ctor_outcome: None,
            created_at: at,
            updated_at: at,
        })
    }

    /// One of the member's own tests.
    pub async fn test(&self, member: Member, id: TestId) -> Result<Option<TestRecord>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let row = sqlx::query_as!(
            TestRow,
            r#"SELECT id AS "id!", lever, change, before_impressions, before_clicks, before_orders,
                 after_impressions, after_clicks, after_orders, status, note, ctr_outcome,
                 ctor_outcome, created_at, updated_at
             FROM tests WHERE guild_id = $1 AND user_id = $2 AND id = $3"#,
            guild,
            user,
            id.0
        )
        .fetch_optional(self.reader()?)
        .await?;
        row.map(TestRecord::try_from).transpose()
    }

    /// Records the after numbers of one of the member's own open tests.
    pub async fn record_result(
        &self,
        member: Member,
        id: TestId,
        result: NewResult<'_>,
        at: i64,
    ) -> Result<ResultWrite, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let [ai, ac, ao] = split(Some(result.after))?;
        let (ctr, ctor) = (result.ctr_outcome.key(), result.ctor_outcome.key());
        let mut tx = self.write().await?;
        let row = sqlx::query_as!(
            TestRow,
            r#"UPDATE tests SET after_impressions = $1, after_clicks = $2, after_orders = $3,
                 status = 'done', note = $4, ctr_outcome = $5, ctor_outcome = $6, updated_at = $7
             WHERE guild_id = $8 AND user_id = $9 AND id = $10 AND status = 'open'
             RETURNING id AS "id!", lever, change, before_impressions, before_clicks, before_orders,
                 after_impressions, after_clicks, after_orders, status, note, ctr_outcome,
                 ctor_outcome, created_at, updated_at"#,
            ai,
            ac,
            ao,
            result.note,
            ctr,
            ctor,
            at,
            guild,
            user,
            id.0
        )
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        match row {
            Some(row) => Ok(ResultWrite::Recorded(TestRecord::try_from(row)?)),
            None => Ok(match self.test(member, id).await? {
                Some(t) => ResultWrite::AlreadyDone(t),
                None => ResultWrite::NotFound,
            }),
        }
    }

    /// A page of the member's tests, newest first.
    pub async fn list_tests(
        &self,
        member: Member,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<TestRecord>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let rows = sqlx::query_as!(
            TestRow,
            r#"SELECT id AS "id!", lever, change, before_impressions, before_clicks, before_orders,
                 after_impressions, after_clicks, after_orders, status, note, ctr_outcome,
                 ctor_outcome, created_at, updated_at
             FROM tests WHERE guild_id = $1 AND user_id = $2
             ORDER BY id DESC LIMIT $3 OFFSET $4"#,
            guild,
            user,
            i64::from(limit),
            i64::from(offset)
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter().map(TestRecord::try_from).collect()
    }

    /// How many tests the member has in this server.
    pub async fn count_tests(&self, member: Member) -> Result<u64, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let n = sqlx::query_scalar!(
            r#"SELECT count(*) AS "count!" FROM tests WHERE guild_id = $1 AND user_id = $2"#,
            guild,
            user
        )
        .fetch_one(self.reader()?)
        .await?;
        from_db_count(n)
    }

    /// The member's tests (only the open ones with `only_open`), newest first, in their light
    /// form: what the autocomplete needs, and no more.
    pub async fn test_choices(
        &self,
        member: Member,
        only_open: bool,
        limit: u32,
    ) -> Result<Vec<TestChoice>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let limit = i64::from(limit);
        // One row holding them all (a JSON array), as the SQLite store reads it, so both
        // decode the same way. One text spelled as two queries rather than a bound flag, so
        // the open ones use their partial index. The aggregate sorts again: PostgreSQL does
        // not promise to aggregate in the subquery's order. With no rows it gives NULL.
        macro_rules! packed_choices {
            ($and:literal) => {
                sqlx::query_scalar!(
                    r#"SELECT json_agg(json_build_array(id, lever, change, created_at) ORDER BY id DESC)::text AS "packed?: String"
                     FROM (
                         SELECT id, lever, change, created_at FROM tests
                         WHERE guild_id = $1 AND user_id = $2"#
                        + $and
                        + " ORDER BY id DESC LIMIT $3) AS recent",
                    guild,
                    user,
                    limit
                )
                .fetch_one(self.reader()?)
                .await?
            };
        }
        let packed = if only_open {
            packed_choices!(" AND status = 'open'")
        } else {
            packed_choices!("")
        };
        let rows: Vec<(i64, String, String, i64)> =
            serde_json::from_str(packed.as_deref().unwrap_or("[]"))
                .map_err(|e| StoreError::Corrupt(format!("test choices: {e}")))?;
        rows.into_iter()
            .map(|(id, key, change, created_at)| {
                Ok(TestChoice {
                    id: TestId(id),
                    lever: lever(&key)?,
                    change,
                    created_at,
                })
            })
            .collect()
    }

    /// Every test of the member in this server, newest first (for the export).
    pub async fn all_tests(&self, member: Member) -> Result<Vec<TestRecord>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let rows = sqlx::query_as!(
            TestRow,
            r#"SELECT id AS "id!", lever, change, before_impressions, before_clicks, before_orders,
                 after_impressions, after_clicks, after_orders, status, note, ctr_outcome,
                 ctor_outcome, created_at, updated_at
             FROM tests WHERE guild_id = $1 AND user_id = $2 ORDER BY id DESC"#,
            guild,
            user
        )
        .fetch_all(self.reader()?)
        .await?;
        rows.into_iter().map(TestRecord::try_from).collect()
    }

    /// Deletes one of the member's own tests; `false` when there was none to delete.
    pub async fn delete_test(&self, member: Member, id: TestId) -> Result<bool, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut tx = self.write().await?;
        let done = sqlx::query!(
            "DELETE FROM tests WHERE guild_id = $1 AND user_id = $2 AND id = $3",
            guild,
            user,
            id.0
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// The member's progress in this server, as of `now`.
    pub async fn member_stats(&self, member: Member, now: i64) -> Result<MemberStats, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        // `count(*) FILTER` where SQLite summed its 0/1 truth values: a PostgreSQL comparison
        // is a boolean, which `sum` does not take.
        let totals = sqlx::query!(
            r#"SELECT count(*) AS "logged!: i64",
                    count(*) FILTER (WHERE status = 'done') AS "done!: i64",
                    count(*) FILTER (WHERE ctr_outcome = 'improved' OR ctor_outcome = 'improved')
                        AS "improved!: i64"
             FROM tests WHERE guild_id = $1 AND user_id = $2"#,
            guild,
            user
        )
        .fetch_one(self.reader()?)
        .await?;
        let days = sqlx::query_scalar!(
            r#"SELECT DISTINCT created_at / 86400 AS "day!: i64" FROM tests
             WHERE guild_id = $1 AND user_id = $2"#,
            guild,
            user
        )
        .fetch_all(self.reader()?)
        .await?;
        let weeks: Vec<i64> = days
            .into_iter()
            .map(|d| progress::week_of(d * 86_400))
            .collect();
        Ok(MemberStats {
            logged: from_db_count(totals.logged)?,
            done: from_db_count(totals.done)?,
            improved: from_db_count(totals.improved)?,
            weeks_in_a_row: progress::weeks_in_a_row(&weeks, progress::week_of(now)),
        })
    }

    /// Activity in a server since `since` (seconds since the epoch). Counts only.
    pub async fn server_stats(&self, guild: u64, since: i64) -> Result<ServerStats, StoreError> {
        let g = ids::to_db(guild)?;
        let counts = sqlx::query!(
            r#"SELECT
                (SELECT count(DISTINCT user_id) FROM (
                    SELECT user_id FROM tests WHERE guild_id = $1 AND created_at >= $2
                    UNION ALL
                    SELECT user_id FROM tests WHERE guild_id = $1 AND updated_at >= $2) AS active)
                    AS "members!: i64",
                (SELECT count(*) FROM tests WHERE guild_id = $1 AND created_at >= $2)
                    AS "logged!: i64",
                (SELECT count(*) FROM tests WHERE guild_id = $1 AND updated_at >= $2
                    AND status = 'done') AS "results!: i64",
                (SELECT count(*) FROM drill_attempts WHERE guild_id = $1 AND answered_at >= $2)
                    AS "drills!: i64""#,
            g,
            since
        )
        .fetch_one(self.reader()?)
        .await?;
        Ok(ServerStats {
            members_active: from_db_count(counts.members)?,
            tests_logged: from_db_count(counts.logged)?,
            results_recorded: from_db_count(counts.results)?,
            drills_answered: from_db_count(counts.drills)?,
        })
    }
}
