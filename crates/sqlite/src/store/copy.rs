//! The whole store read out for `funnel-coach migrate-store` (SQL built at run time: the tables
//! are whatever the migrations made, listed from `sqlite_master`).

use sqlx::{Row, TypeInfo, ValueRef};

use super::{Db, StoreError};
use funnel_coach_store::copy::{Cell, Table};

impl Db {
    /// Every table but the migration bookkeeping (`_sqlx_migrations`, `sqlite_sequence`), in
    /// one read transaction, so the copy is of one moment.
    pub async fn read_all(&self) -> Result<Vec<Table>, StoreError> {
        let mut tx = self.reader()?.begin().await?;
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut tables = Vec::with_capacity(names.len());
        for name in names {
            let columns: Vec<String> =
                sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                    .bind(&name)
                    .fetch_all(&mut *tx)
                    .await?;
            // Built at run time: the name comes from sqlite_master above.
            let rows = sqlx::query(&format!("SELECT * FROM \"{name}\""))
                .fetch_all(&mut *tx)
                .await?;
            let mut cells = Vec::with_capacity(rows.len());
            for row in &rows {
                let mut out = Vec::with_capacity(columns.len());
                for i in 0..columns.len() {
                    out.push(cell(row, i)?);
                }
                cells.push(out);
            }
            let last_id: Option<i64> =
                sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = ?")
                    .bind(&name)
                    .fetch_optional(&mut *tx)
                    .await?;
            tables.push(Table {
                name,
                columns,
                rows: cells,
                last_id,
            });
        }
        tx.rollback().await?;
        Ok(tables)
    }
}

fn cell(row: &sqlx::sqlite::SqliteRow, i: usize) -> Result<Cell, StoreError> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Cell::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" | "BOOLEAN" | "INT8" | "INT" | "BIGINT" => Cell::Int(row.try_get(i)?),
        "REAL" => Cell::Real(row.try_get(i)?),
        "TEXT" => Cell::Text(row.try_get(i)?),
        other => {
            return Err(StoreError::Corrupt(format!(
                "a {other} value in column {i}: the schema stores only integers, reals and text"
            )))
        }
    })
}
