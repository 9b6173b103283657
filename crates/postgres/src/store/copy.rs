//! A whole store written in for `funnel-coach migrate-store` (SQL built at run time: the
//! tables and columns are the source's, checked against `information_schema`).

use std::collections::HashMap;

use sqlx::Row;

use super::Db;
use funnel_coach_store::copy::{Copied, CopyError, Table};
use funnel_coach_store::StoreError;

/// The most bound values in one INSERT (`PostgreSQL` takes 65,535).
const MAX_PARAMS: usize = 30_000;

/// The first table of the database at `url` (in its current schema, funnel-coach's or not,
/// migration bookkeeping aside) holding rows, and how many: checked before the copy migrates
/// the target, so that a wrong database is refused untouched.
pub async fn first_table_with_rows(url: &str) -> Result<Option<(String, i64)>, StoreError> {
    use sqlx::{ConnectOptions, Connection};
    let options: sqlx::postgres::PgConnectOptions = url.parse()?;
    let mut conn = options.connect().await?;
    let found = first_with_rows(&mut conn).await;
    let _ = conn.close().await;
    found
}

async fn first_with_rows(
    conn: &mut sqlx::PgConnection,
) -> Result<Option<(String, i64)>, StoreError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            AND table_name <> '_sqlx_migrations' ORDER BY table_name",
    )
    .fetch_all(&mut *conn)
    .await?;
    for table in tables {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM \"{table}\""))
            .fetch_one(&mut *conn)
            .await?;
        if rows > 0 {
            return Ok(Some((table, rows)));
        }
    }
    Ok(None)
}

impl Db {
    /// Writes every table of `tables` into this (migrated, empty) database in one transaction:
    /// refused if any table already holds a row; each identity's sequence set past the copied
    /// ids (and past `last_id`, so no deleted id comes back); every table's rows counted
    /// after. Any failure rolls the whole copy back.
    pub async fn write_all(&self, tables: &[Table]) -> Result<Copied, CopyError> {
        // Under the write lock: no bot writes meanwhile.
        let mut tx = self.write().await?;
        // Checked again under the lock: nothing written since the first look.
        if let Some((table, rows)) = first_with_rows(&mut tx).await? {
            return Err(CopyError::NotEmpty { table, rows });
        }
        let present: Vec<String> = sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut copied = Vec::with_capacity(tables.len());
        for table in tables {
            if !present.contains(&table.name) {
                return Err(CopyError::NoTable(table.name.clone()));
            }
            let types: HashMap<String, String> = sqlx::query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns
                  WHERE table_schema = current_schema() AND table_name = $1",
            )
            .bind(&table.name)
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()?;
            let mut casts = Vec::with_capacity(table.columns.len());
            for column in &table.columns {
                let kind = types.get(column).ok_or_else(|| CopyError::NoColumn {
                    table: table.name.clone(),
                    column: column.clone(),
                })?;
                casts.push(kind.clone());
            }
            insert(&mut tx, table, &casts).await?;
            let written: i64 =
                sqlx::query_scalar(&format!("SELECT count(*) FROM \"{}\"", table.name))
                    .fetch_one(&mut *tx)
                    .await?;
            let read = u64::try_from(table.rows.len()).unwrap_or(u64::MAX);
            if u64::try_from(written).ok() != Some(read) {
                return Err(CopyError::Count {
                    table: table.name.clone(),
                    read,
                    written,
                });
            }
            set_sequence(&mut tx, table).await?;
            copied.push((table.name.clone(), read));
        }
        tx.commit().await?;
        Ok(copied)
    }
}

/// The rows, many to a statement, each value cast from text to its column's type.
async fn insert(
    tx: &mut sqlx::PgConnection,
    table: &Table,
    casts: &[String],
) -> Result<(), CopyError> {
    let width = table.columns.len().max(1);
    let columns = table
        .columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    for chunk in table.rows.chunks((MAX_PARAMS / width).max(1)) {
        let mut sql = format!("INSERT INTO \"{}\" ({columns}) VALUES ", table.name);
        let mut n = 0;
        for (r, _) in chunk.iter().enumerate() {
            if r > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for (c, kind) in casts.iter().enumerate() {
                n += 1;
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("CAST(${n} AS {kind})"));
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for row in chunk {
            for cell in row {
                query = query.bind(cell.as_text());
            }
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// Moves the table's identity sequence, if it has one, past every id copied and `last_id`.
async fn set_sequence(tx: &mut sqlx::PgConnection, table: &Table) -> Result<(), CopyError> {
    // (Asked only of a table with an `id` column: for one without, the server raises an
    // error, which would end the transaction.)
    if !table.columns.iter().any(|c| c == "id") {
        return Ok(());
    }
    let sequence: Option<String> =
        sqlx::query_scalar("SELECT pg_get_serial_sequence(quote_ident($1), 'id')")
            .bind(&table.name)
            .fetch_one(&mut *tx)
            .await?;
    let Some(sequence) = sequence else {
        return Ok(());
    };
    let highest: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT greatest(max(id), $1) FROM \"{}\"",
        table.name
    ))
    .bind(table.last_id)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(highest) = highest.filter(|h| *h > 0) {
        sqlx::query("SELECT setval($1, $2, true)")
            .bind(sequence)
            .bind(highest)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}
