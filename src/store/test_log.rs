//! Each member's test log. Every query is scoped by server and member
//! (`WHERE guild_id = ? AND user_id = ?`): a member can only ever read, change or delete
//! their own tests, in the server they are in, whatever id an interaction carries.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::{ids, Db, StoreError};
use crate::funnel::{progress, Counts, Lever, Outcome};

/// Whose data a query may touch: one member in one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Member {
    pub guild: u64,
    pub user: u64,
}

/// The longest change description kept (characters).
pub const MAX_CHANGE: usize = 200;
/// The longest note kept (characters).
pub const MAX_NOTE: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Logged, waiting for the after numbers.
    Open,
    /// The after numbers are in.
    Done,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Done => "done",
        }
    }
}

/// One logged test, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRecord {
    pub id: TestId,
    pub lever: Lever,
    /// The change, in the member's words.
    pub change: String,
    pub before: Option<Counts>,
    pub after: Option<Counts>,
    pub status: Status,
    pub note: Option<String>,
    /// What the comparison said when the result was recorded.
    pub ctr_outcome: Option<Outcome>,
    pub ctor_outcome: Option<Outcome>,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
}

/// What a menu or an autocomplete needs to tell one test from another: the light form of
/// a [`TestRecord`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestChoice {
    pub id: TestId,
    pub lever: Lever,
    pub change: String,
    pub created_at: i64,
}

/// A test to log.
#[derive(Debug, Clone, Copy)]
pub struct NewTest<'a> {
    pub lever: Lever,
    pub change: &'a str,
    pub before: Option<Counts>,
}

/// The after numbers of a test and what the comparison said.
#[derive(Debug, Clone, Copy)]
pub struct NewResult<'a> {
    pub after: Counts,
    pub note: Option<&'a str>,
    pub ctr_outcome: Outcome,
    pub ctor_outcome: Outcome,
}

/// What happened to a result.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultWrite {
    Recorded(TestRecord),
    /// No such test among the member's own tests in this server.
    NotFound,
    /// The test already has a result.
    AlreadyDone(TestRecord),
}

/// A member's own numbers, for `/stats me`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStats {
    pub logged: u64,
    pub done: u64,
    /// Finished tests where at least one step clearly improved.
    pub improved: u64,
    /// Weeks in a row with a test logged, up to this week (or last week).
    pub weeks_in_a_row: u32,
}

/// Counts for a server, for `/stats server`: never a member's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStats {
    /// Members who logged a test or recorded a result since the given time.
    pub members_active: u64,
    pub tests_logged: u64,
    pub results_recorded: u64,
}

/// A test's row id, shown to members as a short code like `T-5F3A`.
///
/// The code is a reversible scramble of the row id (so consecutive tests do not look like
/// a counter), written in Crockford's base 32 (no I, L, O or U, so it reads well on a phone).
/// It is not a secret: access is enforced by the member scope of every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TestId(pub i64);

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Code widths in bits (5 bits a character): 4, 8 or 12 characters.
const WIDTHS: [u32; 3] = [20, 40, 60];
const MUL_A: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL_B: u64 = 0xC2B2_AE3D_27D4_EB4F;
const XOR_K: u64 = 0x5F3A_C0DE_1234_ABCD;

fn mask(bits: u32) -> u64 {
    (1u64 << bits) - 1
}

/// The inverse of an odd number modulo 2^64 (Newton's iteration).
fn inverse(a: u64) -> u64 {
    let mut x = a;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
    }
    x
}

fn scramble(x: u64, bits: u32) -> u64 {
    let m = mask(bits);
    let mut y = x.wrapping_mul(MUL_A) & m;
    y ^= y >> (bits / 2 + 1);
    y = y.wrapping_mul(MUL_B) & m;
    y ^ (XOR_K & m)
}

fn unscramble(y: u64, bits: u32) -> u64 {
    let m = mask(bits);
    let mut x = ((y ^ (XOR_K & m)).wrapping_mul(inverse(MUL_B))) & m;
    x ^= x >> (bits / 2 + 1);
    x.wrapping_mul(inverse(MUL_A)) & m
}

impl TestId {
    /// `T-5F3A`.
    pub fn short(self) -> String {
        let x = u64::try_from(self.0).unwrap_or(0);
        let bits = WIDTHS
            .into_iter()
            .find(|b| x <= mask(*b))
            .unwrap_or(WIDTHS[2]);
        let y = scramble(x & mask(bits), bits);
        let chars = bits / 5;
        let mut out = String::with_capacity(2 + chars as usize);
        out.push_str("T-");
        for i in (0..chars).rev() {
            out.push(char::from(ALPHABET[((y >> (5 * i)) & 31) as usize]));
        }
        out
    }

    /// Reads a short code back, as typed: `T-5F3A`, `t5f3a`, `5F3A`; `O` is read as 0 and
    /// `I`/`L` as 1. `None` for anything that is not the code of some id.
    pub fn parse(text: &str) -> Option<TestId> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '_'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // A code's body may itself start with T (`T-TK3M` typed as `TK3M`), so read the
        // text as typed first, then without a leading T. Their lengths differ by one, so at most
        // one of the two can be a code.
        Self::parse_body(&cleaned).or_else(|| cleaned.strip_prefix('T').and_then(Self::parse_body))
    }

    /// A code without its `T-`, in upper case.
    fn parse_body(body: &str) -> Option<TestId> {
        let bits = match body.len() {
            4 => 20,
            8 => 40,
            12 => 60,
            _ => return None,
        };
        let mut y = 0u64;
        for c in body.chars() {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET.iter().position(|a| char::from(*a) == c)?;
            y = (y << 5) | v as u64;
        }
        let x = unscramble(y, bits);
        // Each id has exactly one code: the shortest that holds it.
        let canonical = WIDTHS.into_iter().find(|b| x <= mask(*b)) == Some(bits);
        if x == 0 || !canonical {
            return None;
        }
        i64::try_from(x).ok().map(TestId)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_round_trip_and_look_scrambled() {
        let mut seen = std::collections::HashSet::new();
        for id in (1..5_000).chain([1 << 20, (1 << 20) - 1, 1 << 40, 123_456_789_012]) {
            let short = TestId(id).short();
            assert!(short.starts_with("T-"), "{short}");
            assert_eq!(TestId::parse(&short), Some(TestId(id)), "{short}");
            assert!(seen.insert(short));
        }
        assert_eq!(TestId(1).short().len(), 6);
        assert_eq!(TestId(1 << 20).short().len(), 10);
        assert_ne!(TestId(1).short(), "T-0001");
    }

    #[test]
    fn short_ids_are_read_the_way_members_type_them() {
        let short = TestId(42).short();
        let body = &short[2..];
        assert_eq!(TestId::parse(&short.to_lowercase()), Some(TestId(42)));
        assert_eq!(TestId::parse(body), Some(TestId(42)));
        assert_eq!(TestId::parse(&format!(" t{body} ")), Some(TestId(42)));
        for bad in [
            "",
            "T-",
            "T-12",
            "T-123456",
            "hello",
            "T-UUUU",
            "'; DROP TABLE tests; --",
        ] {
            assert_eq!(TestId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_code_whose_body_starts_with_t_is_read_without_its_prefix() {
        let mut found = 0;
        for id in 1..20_000 {
            let short = TestId(id).short();
            let body = &short[2..];
            if !body.starts_with('T') {
                continue;
            }
            found += 1;
            for typed in [
                short.clone(),
                body.to_owned(),
                body.to_lowercase(),
                format!("T{body}"),
            ] {
                assert_eq!(TestId::parse(&typed), Some(TestId(id)), "{typed}");
            }
        }
        assert!(found > 0, "some codes start with T");
    }

    #[test]
    fn only_the_shortest_code_is_accepted() {
        // The 8-character code of a small id would be a second name for it.
        let m = mask(40);
        let long = scramble(42 & m, 40);
        let mut body = String::new();
        for i in (0..8).rev() {
            body.push(char::from(ALPHABET[((long >> (5 * i)) & 31) as usize]));
        }
        assert_eq!(TestId::parse(&body), None);
    }
}
