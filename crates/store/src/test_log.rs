//! Each member's test log. Every query is scoped by server and member
//! (`WHERE guild_id = ? AND user_id = ?`): a member can only ever read, change or delete
//! their own tests, in the server they are in, whatever id an interaction carries.

use crate::funnel::{Counts, Lever, Outcome};
use crate::StoreError;
use funnel_coach_core::test_log::{Status, TestId, TestRecord};

/// What happened to a result.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultWrite {
    Recorded(TestRecord),
    /// No such test among the member's own tests in this server.
    NotFound,
    /// The test already has a result.
    AlreadyDone(TestRecord),
}

pub fn to_db_count(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("count {n} is too large")))
}

pub fn from_db_count(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("stored count {n} is negative")))
}

pub fn counts_from(
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

/// A row of `tests` as the checked queries read it; converted into a [`TestRecord`].
///
/// The queries select `id AS "id!"`: where `SQLite`'s plan reads the id from an index, sqlx
/// cannot tell it is never null (it is the table's `INTEGER PRIMARY KEY`).
pub struct TestRow {
    pub id: i64,
    pub lever: String,
    pub change: String,
    pub before_impressions: Option<i64>,
    pub before_clicks: Option<i64>,
    pub before_orders: Option<i64>,
    pub after_impressions: Option<i64>,
    pub after_clicks: Option<i64>,
    pub after_orders: Option<i64>,
    pub status: String,
    pub note: Option<String>,
    pub ctr_outcome: Option<String>,
    pub ctor_outcome: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn outcome(key: Option<String>) -> Result<Option<Outcome>, StoreError> {
    key.map(|k| Outcome::from_key(&k).ok_or_else(|| StoreError::Corrupt(format!("outcome `{k}`"))))
        .transpose()
}

pub fn lever(key: &str) -> Result<Lever, StoreError> {
    Lever::from_key(key).ok_or_else(|| StoreError::Corrupt(format!("lever `{key}`")))
}

impl TryFrom<TestRow> for TestRecord {
    type Error = StoreError;

    fn try_from(row: TestRow) -> Result<TestRecord, StoreError> {
        Ok(TestRecord {
            id: TestId(row.id),
            lever: lever(&row.lever)?,
            change: row.change,
            before: counts_from(row.before_impressions, row.before_clicks, row.before_orders)?,
            after: counts_from(row.after_impressions, row.after_clicks, row.after_orders)?,
            status: match row.status.as_str() {
                "open" => Status::Open,
                "done" => Status::Done,
                other => return Err(StoreError::Corrupt(format!("status `{other}`"))),
            },
            note: row.note,
            ctr_outcome: outcome(row.ctr_outcome)?,
            ctor_outcome: outcome(row.ctor_outcome)?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

pub fn split(c: Option<Counts>) -> Result<[Option<i64>; 3], StoreError> {
    Ok(match c {
        Some(c) => [
            Some(to_db_count(c.impressions)?),
            Some(to_db_count(c.clicks)?),
            Some(to_db_count(c.orders)?),
        ],
        None => [None, None, None],
    })
}
