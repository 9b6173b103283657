//! `SQLite` through sqlx: the pools, migrations, and one file per aggregate.

pub mod audit;
pub mod backup;
pub mod copy;
pub mod drills;
pub mod glossary;
pub mod guides;
pub mod privacy;
pub mod reminders;
pub mod settings;
pub mod test_log;
pub mod uploads;
pub mod usage;
pub mod welcomes;
pub mod zones;

mod health;

pub use funnel_coach_store::{ids, StoreError, Unsaved};

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

/// The embedded migrations from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The longest a write waits for `SQLite`'s write lock (another process's transaction, a backup,
/// a `sqlite3` shell left open), counted from when it asks: then it fails with
/// [`Unsaved::Busy`].
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// How many read-only connections answer reads; the one writer connection is apart, so reads
/// (autocomplete, `/define`, opening a pop-up) never wait behind a write that waits for the lock.
const READERS: u32 = 4;

/// A handle on the database; cheap to clone.
///
/// Two pools: [`Db::reader`]'s read-only connections, which a WAL database never blocks, and
/// one writer connection that [`Db::write`] hands out as a transaction holding the write lock.
/// Writes queue for it in order; the wait, for the connection and then for the lock, is at most
/// [`LOCK_WAIT`]. A connection left in an unknown state (see [`health`]) is closed, never reused.
#[derive(Debug, Clone)]
pub struct Db {
    readers: std::sync::Arc<health::Readers>,
    writer: SqlitePool,
    /// The file the pools opened, to notice it deleted or replaced (`None` in memory).
    file: Option<std::sync::Arc<health::DbFile>>,
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
            .busy_timeout(LOCK_WAIT)
            .foreign_keys(true);
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let path = options.get_filename().to_owned();
        if !in_memory {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                create_dir(dir)?;
            }
        }
        if in_memory {
            // Each connection to `:memory:` is a database of its own: one pool serves both.
            let writer = health::pool(1, None).connect_with(options).await?;
            MIGRATOR.run(&writer).await?;
            return Ok(Db::new(health::Readers::shared(&writer), writer, None));
        }
        let stale = std::sync::Arc::default();
        let writer = health::pool(1, Some(std::sync::Arc::clone(&stale)))
            .connect_with(options)
            .await?;
        MIGRATOR.run(&writer).await?;
        let file = health::DbFile::opened(&path)?;
        let readers = health::Readers::open(&path, READERS, stale).await?;
        Ok(Db::new(readers, writer, Some(std::sync::Arc::new(file))))
    }

    fn new(
        readers: health::Readers,
        writer: SqlitePool,
        file: Option<std::sync::Arc<health::DbFile>>,
    ) -> Db {
        Db {
            readers: std::sync::Arc::new(readers),
            writer,
            file,
            thresholds: std::sync::Arc::default(),
        }
    }

    /// Where every read goes: read-only connections that a waiting write never holds up.
    /// Refused once the database file was deleted or replaced (see [`StoreError::Moved`]).
    pub fn reader(&self) -> Result<SqlitePool, StoreError> {
        self.check_file()?;
        Ok(self.readers.pool())
    }

    /// A write transaction (`BEGIN IMMEDIATE`: it holds `SQLite`'s write lock from the start).
    /// Nothing it does is saved, nor may anything be confirmed, until `commit` returned OK.
    /// Waits at most [`LOCK_WAIT`] in all for the writer connection and the lock.
    pub async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        let asked = Instant::now();
        self.check_file()?;
        let mut conn = self.writer.acquire().await?;
        if self.readers.renew_if_stale().await {
            // Opened beside readers from when the disk was read-only, it may share their
            // read-only view: a new one, now that they are closed.
            conn.close().await?;
            conn = self.writer.acquire().await?;
        }
        // What is left of the wait once the writer connection is ours goes to the lock.
        let left = LOCK_WAIT.saturating_sub(asked.elapsed()).as_millis();
        sqlx::query(&format!("PRAGMA busy_timeout = {left}"))
            .execute(&mut *conn)
            .await?;
        Ok(Transaction::begin(conn, Some("BEGIN IMMEDIATE".into())).await?)
    }

    fn check_file(&self) -> Result<(), StoreError> {
        self.file.as_deref().map_or(Ok(()), health::DbFile::check)
    }

    pub async fn close(&self) {
        // The writer closes last: as the last connection it folds the WAL back into the file.
        self.readers.pool().close().await;
        self.writer.close().await;
    }
}

fn create_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(|e| StoreError::Folder(dir.display().to_string(), e))
}

/// Applies every migration to a fresh in-memory database; returns how many ran.
pub async fn check_migrations() -> Result<usize, StoreError> {
    let db = Db::open("sqlite::memory:").await?;
    let applied = sqlx::query_scalar!("SELECT count(*) FROM _sqlx_migrations WHERE success = 1")
        .fetch_one(&db.reader()?)
        .await?;
    db.close().await;
    usize::try_from(applied)
        .map_err(|_| StoreError::Corrupt(format!("{applied} migrations counted as applied")))
}
