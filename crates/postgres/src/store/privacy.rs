//! Everything stored about one member in one server: exported as JSON, or forgotten.
//!
//! [`MEMBER_TABLES`] is the one list of tables that hold rows about a member. Each has
//! `guild_id` and `user_id` columns. A test (`tests/test_log_store.rs`) fails when a table with
//! a `user_id` column is missing from this list, so a new table cannot be forgotten.

use super::{ids, Db, StoreError};
use crate::member::{Member, TableCount};
pub use funnel_coach_store::privacy::*;
use serde_json::{Map, Value};

/// [`MEMBER_REFERENCES`], in the same order, each with the other columns of the unique key
/// its column is part of. `PostgreSQL` has no `UPDATE OR IGNORE`: [`Db::forget_member`] skips,
/// by these columns, the rows that would repeat one the answerer already has.
const REFERENCE_KEYS: &[(&str, &str, &[&str])] = &[(
    "drill_attempts",
    "owner_id",
    &[
        "guild_id",
        "user_id",
        "seed",
        "scenario",
        "impressions",
        "clicks",
        "orders",
    ],
)];

// A reference added to MEMBER_REFERENCES without its key above fails to compile here, rather
// than being forgotten by one store only.
const _: () = assert!(
    same_references(MEMBER_REFERENCES, REFERENCE_KEYS),
    "REFERENCE_KEYS must list MEMBER_REFERENCES, in order"
);

const fn same_references(list: &[(&str, &str)], keyed: &[(&str, &str, &[&str])]) -> bool {
    if list.len() != keyed.len() {
        return false;
    }
    let mut i = 0;
    while i < list.len() {
        if !same_text(list[i].0, keyed[i].0) || !same_text(list[i].1, keyed[i].1) {
            return false;
        }
        i += 1;
    }
    true
}

/// `==` on text, which `const` code cannot call yet.
const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The order a table's rows are exported in: `SQLite`'s `rowid` order, which for a table with
/// an `id INTEGER PRIMARY KEY` is its id (`PostgreSQL` has no rowid, and `ctid` is a place on
/// disk, not an order). `member_time_zones` has no id and one row per member. A new member
/// table without an `id` fails the export (`t.id` does not exist) until it is named here.
fn export_order(table: &str) -> &'static str {
    match table {
        "member_time_zones" => "t.guild_id, t.user_id",
        _ => "t.id",
    }
}

/// One exported row as the `SQLite` store writes it: `row_to_json` already gives integers as
/// numbers, text as strings and NULL as null, so only the Discord ids are left to turn into
/// strings (JSON numbers lose precision past 2^53). The member tables have no floating-point
/// or binary columns, where `row_to_json` and `SQLite`'s export would differ (a whole
/// `DOUBLE PRECISION` reads back as an integer here).
fn exported_row(text: &str, table: &str) -> Result<Map<String, Value>, StoreError> {
    let mut row: Map<String, Value> = serde_json::from_str(text)
        .map_err(|e| StoreError::Corrupt(format!("a row of {table} as JSON: {e}")))?;
    for (name, value) in &mut row {
        if !SNOWFLAKE_COLUMNS.contains(&name.as_str()) {
            continue;
        }
        // Only integers, as `SQLite`'s export turns only integer cells into id strings.
        if let Some(v) = value.as_i64() {
            *value = Value::String(ids::from_db(v)?.to_string());
        }
    }
    Ok(row)
}

impl Db {
    /// Every row about `member`, table by table: `{"tests": [{...}, ...], ...}`.
    pub async fn export_member(&self, member: Member) -> Result<Map<String, Value>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut out = Map::new();
        for table in MEMBER_TABLES {
            let order = export_order(table);
            // Built at run time: the table comes from MEMBER_TABLES (see there).
            let rows: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT row_to_json(t)::text AS exported FROM {table} AS t
                 WHERE t.guild_id = $1 AND t.user_id = $2 ORDER BY {order}"
            ))
            .bind(guild)
            .bind(user)
            .fetch_all(self.reader()?)
            .await?;
            let list = rows
                .iter()
                .map(|text| exported_row(text, table).map(Value::Object))
                .collect::<Result<Vec<_>, _>>()?;
            out.insert((*table).to_owned(), Value::Array(list));
        }
        Ok(out)
    }

    /// How many rows about `member` each table holds.
    pub async fn count_member(&self, member: Member) -> Result<Vec<TableCount>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut out = Vec::with_capacity(MEMBER_TABLES.len());
        for table in MEMBER_TABLES {
            // Built at run time: the table comes from MEMBER_TABLES (see there).
            let n: i64 = sqlx::query_scalar(&format!(
                "SELECT count(*) FROM {table} WHERE guild_id = $1 AND user_id = $2"
            ))
            .bind(guild)
            .bind(user)
            .fetch_one(self.reader()?)
            .await?;
            out.push(TableCount {
                table,
                rows: u64::try_from(n)
                    .map_err(|_| StoreError::Corrupt(format!("{table} counted {n} rows")))?,
            });
        }
        Ok(out)
    }

    /// Deletes every row about `member` in every table, in one transaction; says how many
    /// rows of each table went.
    pub async fn forget_member(&self, member: Member) -> Result<Vec<TableCount>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        // Every statement runs in this one transaction: an error anywhere drops it unsaved,
        // so nothing is half forgotten.
        let mut tx = self.write().await?;
        let mut out = Vec::with_capacity(MEMBER_TABLES.len());
        for table in MEMBER_TABLES {
            // Built at run time: the table comes from MEMBER_TABLES (see there).
            let done = sqlx::query(&format!(
                "DELETE FROM {table} WHERE guild_id = $1 AND user_id = $2"
            ))
            .bind(guild)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            out.push(TableCount {
                table,
                rows: done.rows_affected(),
            });
        }
        for (table, column, key) in REFERENCE_KEYS {
            // Built at run time from the constants above, never from input. A row that would
            // then repeat one the answerer already has is left alone by the update (what
            // `SQLite`'s `UPDATE OR IGNORE` does) and dropped by the delete after it. Two
            // updated rows cannot repeat each other: they differed before, and each takes its
            // own answerer's id.
            let same_key = key
                .iter()
                .map(|c| format!("o.{c} = r.{c}"))
                .collect::<Vec<_>>()
                .join(" AND ");
            sqlx::query(&format!(
                "UPDATE {table} AS r SET {column} = r.user_id
                 WHERE r.guild_id = $1 AND r.{column} = $2
                     AND NOT EXISTS (SELECT 1 FROM {table} AS o
                         WHERE {same_key} AND o.{column} = r.user_id)"
            ))
            .bind(guild)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE guild_id = $1 AND {column} = $2"
            ))
            .bind(guild)
            .bind(user)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(out)
    }

    /// The tables that have a `user_id` column, for the check that [`MEMBER_TABLES`] is
    /// complete.
    pub async fn tables_with_member_rows(&self) -> Result<Vec<String>, StoreError> {
        // `sql_identifier` is a domain sqlx does not read as text: hence the cast, and the
        // `!` (a cast's nullability is unknown to sqlx).
        let names = sqlx::query_scalar!(
            r#"SELECT c.table_name::text AS "name!"
             FROM information_schema.columns AS c
             JOIN information_schema.tables AS t
                 ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                 AND c.column_name = 'user_id'
             ORDER BY c.table_name"#
        )
        .fetch_all(self.reader()?)
        .await?;
        Ok(names)
    }
}
