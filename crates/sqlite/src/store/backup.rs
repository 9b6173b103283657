//! Backups an operator runs beside the bot (`funnel-coach backup` / `restore`), and the lock
//! a running bot holds so that nothing replaces its database under it.
//!
//! A backup is `SQLite`'s `VACUUM INTO` from a read-only connection: a consistent copy of the
//! last committed state, taken while the bot reads and writes (a WAL reader never blocks the
//! writer, nor the writer it). A restore needs the bot stopped: it takes the bot's lock, so a
//! bot cannot start halfway through either.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{LOCK_WAIT, MIGRATOR};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "DATABASE_URL is a PostgreSQL database: back it up with `pg_dump` and restore it with \
         `pg_restore` (funnel-coach only copies SQLite files)"
    )]
    Postgres,
    #[error(
        "DATABASE_URL `{0}` names no database file (an in-memory database has nothing to back up)"
    )]
    NoFile(String),
    #[error("DATABASE_URL `{0}` is not an SQLite address: {1}")]
    BadUrl(String, sqlx::Error),
    #[error("{0} already exists: give the backup a new name (for example with today's date)")]
    Exists(String),
    #[error("{0} is not there")]
    Missing(String),
    #[error("a funnel-coach bot is using {0} (it holds {1}): stop it first, then run this again")]
    InUse(String, String),
    #[error("{0} is not a sound funnel-coach database: {1}")]
    Unsound(String, String),
    #[error("cannot read the database {0}: {1}")]
    Database(String, sqlx::Error),
    #[error("{0}: {1}")]
    File(String, std::io::Error),
}

impl BackupError {
    /// The problem is in what the operator typed or gave (a name, a file), not in the machine.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            BackupError::Postgres
                | BackupError::NoFile(_)
                | BackupError::BadUrl(..)
                | BackupError::Exists(_)
                | BackupError::Missing(_)
                | BackupError::Unsound(..)
        )
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::File(path.display().to_string(), e)
}

/// The database file a `DATABASE_URL` names.
pub fn database_file(url: &str) -> Result<PathBuf, BackupError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(BackupError::Postgres);
    }
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(BackupError::NoFile(url.to_owned()));
    }
    let options =
        SqliteConnectOptions::from_str(url).map_err(|e| BackupError::BadUrl(url.to_owned(), e))?;
    Ok(options.get_filename().to_owned())
}

/// Next to `file`, with `suffix` added to its name.
fn beside(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The exclusive lock on a database that a running bot holds (`<database>.lock`, an advisory
/// `flock`): released when it is dropped, or when the process ends however it ends.
#[derive(Debug)]
pub struct DbLock {
    _file: File,
}

impl DbLock {
    /// Takes the lock on the database `url` names; `None` for an in-memory database, or when
    /// the lock file cannot be made there (a read-only disk: nothing can replace the database
    /// then either). `InUse` when another process holds it.
    pub fn take(url: &str) -> Result<Option<DbLock>, BackupError> {
        let db = match database_file(url) {
            Ok(db) => db,
            Err(BackupError::NoFile(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let path = beside(&db, ".lock");
        let file = match OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(f) => f,
            // A lock on a file opened for reading is a lock all the same.
            Err(_) => match File::open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(io(&path)(e)),
            },
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(DbLock { _file: file })),
            Err(TryLockError::WouldBlock) => Err(BackupError::InUse(
                db.display().to_string(),
                path.display().to_string(),
            )),
            Err(TryLockError::Error(e)) => Err(io(&path)(e)),
        }
    }
}

/// What a backup or a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub database: PathBuf,
    pub file: PathBuf,
    pub bytes: u64,
    /// Where a restore kept the database it replaced.
    pub kept: Option<PathBuf>,
}

/// Writes a consistent copy of the database `url` names to `dest` (refused if it exists),
/// checked before it takes that name: a failed backup leaves no file that looks like one.
pub async fn backup(url: &str, dest: &Path) -> Result<Copied, BackupError> {
    let db = database_file(url)?;
    if dest.exists() {
        return Err(BackupError::Exists(dest.display().to_string()));
    }
    if !db.exists() {
        return Err(BackupError::Missing(db.display().to_string()));
    }
    let partial = beside(dest, ".partial");
    // A leftover of an interrupted backup: never anyone's only copy.
    let _ = std::fs::remove_file(&partial);
    let db_text = db.display().to_string();
    let mut conn = SqliteConnectOptions::new()
        .filename(&db)
        .read_only(true)
        .busy_timeout(LOCK_WAIT)
        .connect()
        .await
        .map_err(|e| BackupError::Database(db_text.clone(), e))?;
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(partial.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    copied.map_err(|e| BackupError::Database(db_text, e))?;
    let checked = check(&partial).await.and_then(|()| {
        File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(io(&partial))
    });
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, dest).map_err(io(dest))?;
    sync_folder(dest)?;
    Ok(Copied {
        bytes: std::fs::metadata(dest).map_err(io(dest))?.len(),
        database: db,
        file: dest.to_owned(),
        kept: None,
    })
}

/// Replaces the database `url` names with the backup `src`, once it passes the same check as a
/// backup, and only while no bot uses the database (its lock is free; held here throughout).
/// The replaced database is kept as `<database>.before-restore` (an older one there goes), with
/// its WAL folded in; no `-wal` or `-shm` of it is left beside the restored file.
pub async fn restore(url: &str, src: &Path) -> Result<Copied, BackupError> {
    let db = database_file(url)?;
    if !src.exists() {
        return Err(BackupError::Missing(src.display().to_string()));
    }
    let _lock = DbLock::take(url)?;
    check(src).await?;
    // Copied next to the database first: the swap is then one rename on one disk.
    let incoming = beside(&db, ".restoring");
    std::fs::copy(src, &incoming).map_err(io(&incoming))?;
    File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(io(&incoming))?;
    let kept = if db.exists() {
        fold_wal(&db).await;
        let kept = beside(&db, ".before-restore");
        std::fs::rename(&db, &kept).map_err(io(&kept))?;
        Some(kept)
    } else {
        None
    };
    // A WAL left beside the new file would be read as its own: it goes before the swap.
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(beside(&db, suffix)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io(&beside(&db, suffix))(e));
            }
            _ => {}
        }
    }
    std::fs::rename(&incoming, &db).map_err(io(&db))?;
    sync_folder(&db)?;
    Ok(Copied {
        bytes: std::fs::metadata(&db).map_err(io(&db))?.len(),
        database: db,
        file: src.to_owned(),
        kept,
    })
}

/// Folds the WAL of a database nobody uses back into its file, so that the file kept aside
/// holds its last writes. A database too broken for that is kept as it is.
async fn fold_wal(db: &Path) {
    let options = SqliteConnectOptions::new().filename(db);
    if let Ok(mut conn) = options.connect().await {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut conn)
            .await;
        let _ = conn.close().await;
    }
}

/// Whether `file` is a sound funnel-coach database: `PRAGMA integrity_check` says ok, and its
/// migrations are ones this version knows (an older one is brought up to date when the bot
/// opens it). Read without changing it (`immutable`: no `-wal` or `-shm` made beside it).
async fn check(file: &Path) -> Result<(), BackupError> {
    let name = file.display().to_string();
    let unsound = |why: String| BackupError::Unsound(name.clone(), why);
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| unsound(e.to_string()))?;
    let result = async {
        let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(|e| unsound(e.to_string()))?;
        if verdict != ["ok"] {
            return Err(unsound(format!("integrity check: {}", verdict.join("; "))));
        }
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&mut conn)
                .await
                .map_err(|e| unsound(format!("no funnel-coach migrations ({e})")))?;
        if let Some(v) = applied
            .iter()
            .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
        {
            return Err(unsound(format!(
                "migration {v} is from a newer funnel-coach than this one"
            )));
        }
        Ok(())
    }
    .await;
    let _ = conn.close().await;
    result
}

/// Makes a rename in `file`'s folder survive a power cut.
fn sync_folder(file: &Path) -> Result<(), BackupError> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}
