//! `SQLite` through sqlx: the pool, migrations, and one file per aggregate.

pub mod audit;
pub mod drills;
pub mod glossary;
pub mod guides;
pub mod ids;
pub mod privacy;
pub mod reminders;
pub mod settings;
pub mod test_log;
pub mod uploads;
pub mod usage;
pub mod welcomes;
pub mod zones;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("id {0} does not fit a database integer")]
    BadId(u64),
    #[error("stored id {0} is not a Discord id")]
    BadStoredId(i64),
    #[error("unexpected stored data: {0}")]
    Corrupt(String),
    /// The database file at the configured path is no longer the one the bot opened (deleted,
    /// replaced or moved away): writes would land in a file nobody reads.
    #[error("the database file {0} was deleted or replaced while the bot was running")]
    Moved(String),
}

/// Why a write was not saved, in the terms a member is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsaved {
    /// Another process (or a long write) holds the database's lock: try again in a moment.
    Busy,
    /// The disk under the database is full.
    Full,
    /// The database cannot be written (a read-only file or mount).
    ReadOnly,
    /// The database file was deleted or replaced under the running bot.
    Moved,
    /// Anything else.
    Other,
}

/// `SQLite`'s primary result codes this classification needs (the low byte of an extended code).
mod code {
    pub const BUSY: i32 = 5;
    pub const LOCKED: i32 = 6;
    pub const READONLY: i32 = 8;
    pub const FULL: i32 = 13;
    /// `SQLITE_READONLY_DBMOVED`: `SQLite`'s own check that the file was unlinked or renamed.
    pub const READONLY_DBMOVED: i32 = READONLY | (4 << 8);
}

impl StoreError {
    /// Why this error left a write unsaved, from `SQLite`'s extended result code.
    pub fn unsaved(&self) -> Unsaved {
        match self {
            StoreError::Moved(_) => Unsaved::Moved,
            // Every pooled connection stayed busy: the same thing as a held lock to a member.
            StoreError::Sqlx(sqlx::Error::PoolTimedOut) => Unsaved::Busy,
            StoreError::Sqlx(e) => sqlite_code(e).map_or(Unsaved::Other, |c| match c {
                code::READONLY_DBMOVED => Unsaved::Moved,
                _ => match c & 0xff {
                    code::BUSY | code::LOCKED => Unsaved::Busy,
                    code::FULL => Unsaved::Full,
                    code::READONLY => Unsaved::ReadOnly,
                    _ => Unsaved::Other,
                },
            }),
            _ => Unsaved::Other,
        }
    }
}

/// The extended result code of a database error (sqlx spells it as a decimal string).
fn sqlite_code(e: &sqlx::Error) -> Option<i32> {
    e.as_database_error()?.code()?.parse().ok()
}

/// The embedded migrations from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    /// Each server's thresholds, read once: every `/decode` needs them, and only
    /// [`Db::set_thresholds`] changes them.
    thresholds: std::sync::Arc<
        std::sync::RwLock<std::collections::HashMap<u64, crate::funnel::Thresholds>>,
    >,
}

impl Db {
    /// Opens (creating the file and its folder if missing) and migrates the database.
    /// WAL with `synchronous=FULL`: a write that was acknowledged survives a crash.
    pub async fn open(url: &str) -> Result<Db, StoreError> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let file = options.get_filename();
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        if !in_memory {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_dir(dir)?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 4 })
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Db {
            pool,
            thresholds: std::sync::Arc::default(),
        })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn create_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Folder(dir.display().to_string(), e))
}

/// Applies every migration to a fresh in-memory database; returns how many ran.
pub async fn check_migrations() -> Result<usize, StoreError> {
    let db = Db::open("sqlite::memory:").await?;
    let applied = sqlx::query_scalar!("SELECT count(*) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(db.pool())
        .await?;
    db.close().await;
    usize::try_from(applied)
        .map_err(|_| StoreError::Corrupt(format!("{applied} migrations counted as applied")))
}
