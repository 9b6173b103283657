//! Each member's test log. Every query is scoped by server and member
//! (`WHERE guild_id = ? AND user_id = ?`): a member can only ever read, change or delete
//! their own tests, in the server they are in, whatever id an interaction carries.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::{ids, Db, StoreError};
use crate::funnel::{progress, Counts, Lever, Outcome};
use crate::test_log::{
    Member, MemberStats, NewResult, NewTest, ServerStats, Status, TestChoice, TestId, TestRecord,
};

/// What happened to a result.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultWrite {
    Recorded(TestRecord),
    /// No such test among the member's own tests in this server.
    NotFound,
    /// The test already has a result.
    AlreadyDone(TestRecord),
}

fn to_db_count(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("count {n} is too large")))
}

fn from_db_count(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("stored count {n} is negative")))
}

fn counts_from(
    impressions: Option<i64>,
    clicks: Option<i64>,
    orders: Option<i64>,
) -> Result<Option<Counts>, StoreError> {
    match (impressions, clicks, orders) {
        (Some(i), Some(c), Some(o)) => Ok(Some(Counts {
            impressions: from_db_count(i)?,
            clicks: from_db_count(c)?,
            orders: from_db_count(o)?,
            add_to_carts: None,
        })),
        (None, None, None) => Ok(None),
        _ => Err(StoreError::Corrupt("a test has part of its counts".into())),
    }
}

const COLUMNS: &str = "id, lever, change, before_impressions, before_clicks, before_orders, \
     after_impressions, after_clicks, after_orders, status, note, ctr_outcome, ctor_outcome, \
     created_at, updated_at";

fn record(row: &SqliteRow) -> Result<TestRecord, StoreError> {
    let lever: String = row.try_get("lever")?;
    let status: String = row.try_get("status")?;
    let outcome = |col: &str| -> Result<Option<Outcome>, StoreError> {
        let key: Option<String> = row.try_get(col)?;
        key.map(|k| {
            Outcome::from_key(&k).ok_or_else(|| StoreError::Corrupt(format!("outcome `{k}`")))
        })
        .transpose()
    };
    Ok(TestRecord {
        id: TestId(row.try_get("id")?),
        lever: Lever::from_key(&lever)
            .ok_or_else(|| StoreError::Corrupt(format!("lever `{lever}`")))?,
        change: row.try_get("change")?,
        before: counts_from(
            row.try_get("before_impressions")?,
            row.try_get("before_clicks")?,
            row.try_get("before_orders")?,
        )?,
        after: counts_from(
            row.try_get("after_impressions")?,
            row.try_get("after_clicks")?,
            row.try_get("after_orders")?,
        )?,
        status: match status.as_str() {
            "open" => Status::Open,
            "done" => Status::Done,
            other => return Err(StoreError::Corrupt(format!("status `{other}`"))),
        },
        note: row.try_get("note")?,
        ctr_outcome: outcome("ctr_outcome")?,
        ctor_outcome: outcome("ctor_outcome")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

fn split(c: Option<Counts>) -> Result<[Option<i64>; 3], StoreError> {
    Ok(match c {
        Some(c) => [
            Some(to_db_count(c.impressions)?),
            Some(to_db_count(c.clicks)?),
            Some(to_db_count(c.orders)?),
        ],
        None => [None, None, None],
    })
}

impl Db {
    /// Logs a test for `member` at time `at` (seconds since the epoch). Once this returns, the
    /// test is on disk (WAL, `synchronous=FULL`).
    pub async fn log_test(
        &self,
        member: Member,
        test: NewTest<'_>,
        at: i64,
    ) -> Result<TestRecord, StoreError> {
        let [bi, bc, bo] = split(test.before)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tests (guild_id, user_id, lever, change, before_impressions, before_clicks,
                 before_orders, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id",
        )
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .bind(test.lever.key())
        .bind(test.change)
        .bind(bi)
        .bind(bc)
        .bind(bo)
        .bind(at)
        .bind(at)
        .fetch_one(self.pool())
        .await?;
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
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tests WHERE guild_id = ? AND user_id = ? AND id = ?"
        ))
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(record).transpose()
    }

    /// Records the after numbers of one of the member's own open tests.
    pub async fn record_result(
        &self,
        member: Member,
        id: TestId,
        result: NewResult<'_>,
        at: i64,
    ) -> Result<ResultWrite, StoreError> {
        let [ai, ac, ao] = split(Some(result.after))?;
        let row = sqlx::query(&format!(
            "UPDATE tests SET after_impressions = ?, after_clicks = ?, after_orders = ?,
                 status = 'done', note = ?, ctr_outcome = ?, ctor_outcome = ?, updated_at = ?
             WHERE guild_id = ? AND user_id = ? AND id = ? AND status = 'open'
             RETURNING {COLUMNS}"
        ))
        .bind(ai)
        .bind(ac)
        .bind(ao)
        .bind(result.note)
        .bind(result.ctr_outcome.key())
        .bind(result.ctor_outcome.key())
        .bind(at)
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        match row {
            Some(row) => Ok(ResultWrite::Recorded(record(&row)?)),
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
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tests WHERE guild_id = ? AND user_id = ?
             ORDER BY id DESC LIMIT ? OFFSET ?"
        ))
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// How many tests the member has in this server.
    pub async fn count_tests(&self, member: Member) -> Result<u64, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT count(*) FROM tests WHERE guild_id = ? AND user_id = ?")
                .bind(ids::to_db(member.guild)?)
                .bind(ids::to_db(member.user)?)
                .fetch_one(self.pool())
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
        let open = if only_open { "AND status = 'open'" } else { "" };
        // One row holding them all (a JSON array): sqlx hands SQLite rows over one by one
        // between threads, which costs more than the query itself on this hot path.
        let packed: Option<String> = sqlx::query_scalar(&format!(
            "SELECT json_group_array(json_array(id, lever, change, created_at)) FROM (
                 SELECT id, lever, change, created_at FROM tests
                 WHERE guild_id = ? AND user_id = ? {open} ORDER BY id DESC LIMIT ?)"
        ))
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .bind(limit)
        .fetch_one(self.pool())
        .await?;
        let rows: Vec<(i64, String, String, i64)> =
            serde_json::from_str(packed.as_deref().unwrap_or("[]"))
                .map_err(|e| StoreError::Corrupt(format!("test choices: {e}")))?;
        rows.into_iter()
            .map(|(id, lever, change, created_at)| {
                Ok(TestChoice {
                    id: TestId(id),
                    lever: Lever::from_key(&lever)
                        .ok_or_else(|| StoreError::Corrupt(format!("lever `{lever}`")))?,
                    change,
                    created_at,
                })
            })
            .collect()
    }

    /// Every test of the member in this server, newest first (for the export).
    pub async fn all_tests(&self, member: Member) -> Result<Vec<TestRecord>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM tests WHERE guild_id = ? AND user_id = ? ORDER BY id DESC"
        ))
        .bind(ids::to_db(member.guild)?)
        .bind(ids::to_db(member.user)?)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record).collect()
    }

    /// Deletes one of the member's own tests; `false` when there was none to delete.
    pub async fn delete_test(&self, member: Member, id: TestId) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM tests WHERE guild_id = ? AND user_id = ? AND id = ?")
            .bind(ids::to_db(member.guild)?)
            .bind(ids::to_db(member.user)?)
            .bind(id.0)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The member's progress in this server, as of `now`.
    pub async fn member_stats(&self, member: Member, now: i64) -> Result<MemberStats, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let (logged, done, improved): (i64, i64, i64) = sqlx::query_as(
            "SELECT count(*),
                    coalesce(sum(status = 'done'), 0),
                    coalesce(sum(ctr_outcome = 'improved' OR ctor_outcome = 'improved'), 0)
             FROM tests WHERE guild_id = ? AND user_id = ?",
        )
        .bind(guild)
        .bind(user)
        .fetch_one(self.pool())
        .await?;
        let days: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT created_at / 86400 FROM tests WHERE guild_id = ? AND user_id = ?",
        )
        .bind(guild)
        .bind(user)
        .fetch_all(self.pool())
        .await?;
        let weeks: Vec<i64> = days
            .into_iter()
            .map(|d| progress::week_of(d * 86_400))
            .collect();
        Ok(MemberStats {
            logged: from_db_count(logged)?,
            done: from_db_count(done)?,
            improved: from_db_count(improved)?,
            weeks_in_a_row: progress::weeks_in_a_row(&weeks, progress::week_of(now)),
        })
    }

    /// Activity in a server since `since` (seconds since the epoch). Counts only.
    pub async fn server_stats(&self, guild: u64, since: i64) -> Result<ServerStats, StoreError> {
        let g = ids::to_db(guild)?;
        let (members, logged, results): (i64, i64, i64) = sqlx::query_as(
            "SELECT
                (SELECT count(DISTINCT user_id) FROM (
                    SELECT user_id FROM tests WHERE guild_id = ?1 AND created_at >= ?2
                    UNION ALL
                    SELECT user_id FROM tests WHERE guild_id = ?1 AND updated_at >= ?2)),
                (SELECT count(*) FROM tests WHERE guild_id = ?1 AND created_at >= ?2),
                (SELECT count(*) FROM tests WHERE guild_id = ?1 AND updated_at >= ?2
                    AND status = 'done')",
        )
        .bind(g)
        .bind(since)
        .fetch_one(self.pool())
        .await?;
        Ok(ServerStats {
            members_active: from_db_count(members)?,
            tests_logged: from_db_count(logged)?,
            results_recorded: from_db_count(results)?,
        })
    }
}
