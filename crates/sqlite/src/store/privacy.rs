//! Everything stored about one member in one server: exported as JSON, or forgotten.
//!
//! [`MEMBER_TABLES`] is the one list of tables that hold rows about a member. Each has
//! `guild_id` and `user_id` columns. A test (`tests/test_log_store.rs`) fails when a table with
//! a `user_id` column is missing from this list, so a new table cannot be forgotten.

use super::{ids, Db, StoreError};
use crate::member::{Member, TableCount};
pub use funnel_coach_store::privacy::*;
use serde_json::{Map, Value};
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row, TypeInfo, ValueRef};

fn cell(row: &SqliteRow, i: usize, name: &str) -> Result<Value, StoreError> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" | "BOOLEAN" | "INT8" | "INT" | "BIGINT" => {
            let v: i64 = row.try_get(i)?;
            if SNOWFLAKE_COLUMNS.contains(&name) {
                Value::String(ids::from_db(v)?.to_string())
            } else {
                Value::from(v)
            }
        }
        "REAL" => Value::from(row.try_get::<f64, _>(i)?),
        "BLOB" => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let bytes: Vec<u8> = row.try_get(i)?;
            let hex: String = bytes
                .iter()
                .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0F)]])
                .map(char::from)
                .collect();
            Value::from(hex)
        }
        _ => Value::String(row.try_get::<String, _>(i)?),
    })
}

impl Db {
    /// Every row about `member`, table by table: `{"tests": [{...}, ...], ...}`.
    pub async fn export_member(&self, member: Member) -> Result<Map<String, Value>, StoreError> {
        let (guild, user) = (ids::to_db(member.guild)?, ids::to_db(member.user)?);
        let mut out = Map::new();
        for table in MEMBER_TABLES {
            // Built at run time: the table comes from MEMBER_TABLES (see there).
            let rows = sqlx::query(&format!(
                "SELECT * FROM {table} WHERE guild_id = ? AND user_id = ? ORDER BY rowid"
            ))
            .bind(guild)
            .bind(user)
            .fetch_all(&self.reader()?)
            .await?;
            let mut list = Vec::with_capacity(rows.len());
            for row in &rows {
                let mut obj = Map::new();
                for (i, col) in row.columns().iter().enumerate() {
                    obj.insert(col.name().to_owned(), cell(row, i, col.name())?);
                }
                list.push(Value::Object(obj));
            }
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
                "SELECT count(*) FROM {table} WHERE guild_id = ? AND user_id = ?"
            ))
            .bind(guild)
            .bind(user)
            .fetch_one(&self.reader()?)
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
        let mut tx = self.write().await?;
        let mut out = Vec::with_capacity(MEMBER_TABLES.len());
        for table in MEMBER_TABLES {
            // Built at run time: the table comes from MEMBER_TABLES (see there).
            let done = sqlx::query(&format!(
                "DELETE FROM {table} WHERE guild_id = ? AND user_id = ?"
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
        for (table, column) in MEMBER_REFERENCES {
            // Built at run time from the constant above, never from input. A row that would
            // then repeat one the answerer already has is dropped.
            sqlx::query(&format!(
                "UPDATE OR IGNORE {table} SET {column} = user_id WHERE guild_id = ? AND {column} = ?"
            ))
            .bind(guild)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE guild_id = ? AND {column} = ?"
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
        let names = sqlx::query_scalar!(
            r#"SELECT m.name AS "name!" FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND p.name = 'user_id' ORDER BY m.name"#
        )
        .fetch_all(&self.reader()?)
        .await?;
        Ok(names)
    }
}
