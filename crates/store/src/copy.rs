//! A whole store as plain values, for `funnel-coach migrate-store`: every table but the
//! migration bookkeeping, read from one database and written into another.

/// One stored value, as both databases can take it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl Cell {
    /// The value as text, for a statement that casts it to its column's type (`None`: NULL).
    /// An `f64`'s shortest exact form, so a real is read back bit for bit.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Cell::Null => None,
            Cell::Int(n) => Some(n.to_string()),
            Cell::Real(x) => Some(x.to_string()),
            Cell::Text(s) => Some(s.clone()),
        }
    }
}

/// One table's rows, every column in the source's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The highest id ever handed out in this table, when the source keeps it apart from the
    /// rows (`SQLite`'s `AUTOINCREMENT`): the target's next id goes past it, so an id deleted
    /// before the copy never comes back.
    pub last_id: Option<i64>,
}

/// What a copy wrote: each table and its row count.
pub type Copied = Vec<(String, u64)>;

/// Why a copy was refused or undone; the target is left as it was (empty) in every case.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target database already holds data ({table} has {rows} rows): copy only into a new, empty database")]
    NotEmpty { table: String, rows: i64 },
    #[error("the target has no table `{0}`: migrate it with the same funnel-coach version")]
    NoTable(String),
    #[error("the target's table `{table}` has no column `{column}`: migrate it with the same funnel-coach version")]
    NoColumn { table: String, column: String },
    #[error(
        "`{table}`: {read} rows read but {written} in the target after the copy; nothing was kept"
    )]
    Count {
        table: String,
        read: u64,
        written: i64,
    },
    #[error(transparent)]
    Store(#[from] crate::StoreError),
}

impl From<sqlx::Error> for CopyError {
    fn from(e: sqlx::Error) -> CopyError {
        CopyError::Store(e.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_reads_back_exactly() {
        for x in [0.1, 1.0 / 3.0, 1e-300, 123_456.789] {
            let text = Cell::Real(x).as_text().unwrap_or_default();
            assert_eq!(text.parse::<f64>().ok(), Some(x));
        }
        assert_eq!(Cell::Null.as_text(), None);
        assert_eq!(Cell::Int(-7).as_text().as_deref(), Some("-7"));
    }
}
