//! `funnel-coach migrate-store`: a community moved from its `SQLite` file to `PostgreSQL`.

use funnel_coach_store::copy::{Copied, CopyError};

use super::{backup, postgres, sqlite};
use crate::config::{redacted, Backend};

/// Why nothing was copied (the target is left empty in every case).
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("--from must be an SQLite address (sqlite://data/funnel-coach.db), got {0}")]
    From(String),
    #[error("--to must be a PostgreSQL address (postgres://user@host/database), got {0}")]
    To(String),
    #[error("{0}; stop the bot before copying its database")]
    InUse(backup::BackupError),
    #[error("cannot open {url}: {error}")]
    Open {
        url: String,
        error: funnel_coach_store::StoreError,
    },
    #[error("{0}")]
    Copy(#[from] CopyError),
}

impl MigrateError {
    /// The problem is in what the operator gave (an address, a target with data), not in a
    /// database that failed.
    pub fn is_input(&self) -> bool {
        match self {
            MigrateError::From(_) | MigrateError::To(_) | MigrateError::InUse(_) => true,
            MigrateError::Copy(e) => !matches!(e, CopyError::Store(_) | CopyError::Count { .. }),
            MigrateError::Open { error, .. } => !error.unreachable(),
        }
    }

    /// A database server that cannot be reached.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, MigrateError::Open { error, .. } if error.unreachable())
    }
}

/// Copies every table of the `SQLite` store at `from` into the empty, migrated `PostgreSQL`
/// database at `to`, in one transaction there (see `postgres::Db::write_all`). The bot must
/// be stopped: its lock on the file is taken for the length of the copy.
pub async fn migrate_store(from: &str, to: &str) -> Result<Copied, MigrateError> {
    if Backend::of(from) != Some(Backend::Sqlite) {
        return Err(MigrateError::From(redacted(from)));
    }
    if Backend::of(to) != Some(Backend::Postgres) {
        return Err(MigrateError::To(redacted(to)));
    }
    let _lock = backup::DbLock::take(from).map_err(MigrateError::InUse)?;
    let open = |url: &str| {
        let url = redacted(url);
        move |error| MigrateError::Open { url, error }
    };
    let source = sqlite::Db::open(from).await.map_err(open(from))?;
    let tables = source.read_all().await.map_err(CopyError::Store);
    source.close().await;
    let tables = tables?;
    // A database holding data is refused before anything is written to it (the migrations
    // below would add tables).
    if let Some((table, rows)) = postgres::copy::first_table_with_rows(to)
        .await
        .map_err(open(to))?
    {
        return Err(CopyError::NotEmpty { table, rows }.into());
    }
    let target = postgres::Db::open(to, 2).await.map_err(open(to))?;
    let copied = target.write_all(&tables).await;
    target.close().await;
    Ok(copied?)
}
