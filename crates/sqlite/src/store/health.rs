//! Keeping the pools sound when the disk or the lock fails: a connection that may hold a
//! half-finished transaction is closed rather than reused, and a database file deleted or
//! replaced under the running bot is noticed before anything is read from or written to it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tracing::{error, info};

use super::{StoreError, LOCK_WAIT, READERS};

/// The options of a pool of `size` connections whose every connection is checked on its way
/// back (see [`fit_for_reuse`]). A writer connection that `SQLite` could only open read-only
/// (its disk was read-only then) is closed and flags `readers_stale` (see [`Readers`]), so that
/// once the disk is writable again the next write opens one that can write.
pub(super) fn pool(size: u32, readers_stale: Option<Arc<AtomicBool>>) -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        .max_connections(size)
        .acquire_timeout(LOCK_WAIT)
        // Connections last: opening one costs a thread, and the WAL folding on close.
        .idle_timeout(None::<Duration>)
        .max_lifetime(None::<Duration>)
        .after_release(move |conn, _| {
            let stale = readers_stale.clone();
            Box::pin(async move {
                let (fit, read_only) = fit_for_reuse(conn, stale.is_some()).await?;
                if let (Some(stale), true) = (stale, read_only) {
                    stale.store(true, Ordering::Relaxed);
                }
                Ok(fit)
            })
        })
}

/// The read-only connections, renewed after the disk was read-only.
///
/// A connection opened while the disk is read-only holds `SQLite`'s shared memory (`-shm`)
/// read-only, and every connection the process opens to that file shares it: until all of
/// them are closed, none can write, even once the disk is writable again. So when a writer
/// found the disk read-only, the next write first closes every reader (new ones open as reads
/// come) and only then opens its own connection.
#[derive(Debug)]
pub(super) struct Readers {
    pool: RwLock<SqlitePool>,
    /// How to open new readers; `None` when the writer's pool serves reads (in memory).
    options: Option<SqliteConnectOptions>,
    /// Set by the writer's pool when it closed a writer that could not write.
    stale: Arc<AtomicBool>,
}

impl Readers {
    /// `size` read-only connections to `path`, renewed when the writer's pool sets `stale`.
    pub(super) async fn open(
        path: &Path,
        size: u32,
        stale: Arc<AtomicBool>,
    ) -> Result<Readers, sqlx::Error> {
        // No journal mode or synchronous setting: those are the writer's, and a read-only
        // connection cannot change them.
        let options = SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .busy_timeout(LOCK_WAIT);
        let pool = pool(size, None).connect_with(options.clone()).await?;
        Ok(Readers {
            pool: RwLock::new(pool),
            options: Some(options),
            stale,
        })
    }

    /// Reads through the writer's own pool (an in-memory database is one connection).
    pub(super) fn shared(writer: &SqlitePool) -> Readers {
        Readers {
            pool: RwLock::new(writer.clone()),
            options: None,
            stale: Arc::default(),
        }
    }

    pub(super) fn pool(&self) -> SqlitePool {
        self.pool
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Closes every reader if a writer found the disk read-only since the last time; `true`
    /// when it did (the caller's own writer connection, opened beside them, goes too).
    pub(super) async fn renew_if_stale(&self) -> bool {
        let Some(options) = &self.options else {
            return false;
        };
        if !self.stale.swap(false, Ordering::Relaxed) {
            return false;
        }
        let fresh = pool(READERS, None).connect_lazy_with(options.clone());
        let old = std::mem::replace(
            &mut *self
                .pool
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
            fresh,
        );
        old.close().await;
        true
    }
}

/// Whether a connection going back to its pool is in a known, clean state: outside any
/// transaction, both by sqlx's count and by `SQLite`'s own, and, for a writer, able to write;
/// and whether it is read-only.
///
/// A commit or rollback that failed (a full disk, an I/O error) leaves the connection inside
/// a transaction, or sqlx counting one that `SQLite` already rolled back; reused, it would
/// fail every later write ("non-zero transaction depth") or hold the WAL's snapshot forever.
async fn fit_for_reuse(
    conn: &mut SqliteConnection,
    writer: bool,
) -> Result<(bool, bool), sqlx::Error> {
    // Locking the handle waits for the worker to finish what is queued before, such as the
    // rollback a dropped transaction asks for; sqlx's count below is up to date after it.
    let (autocommit, read_only) = {
        let mut handle = conn.lock_handle().await?;
        let raw = handle.as_raw_handle().as_ptr();
        // SAFETY: `raw` is a live connection handle, held away from the worker thread by
        // `handle` until the end of this block; both calls only read the connection's state.
        unsafe {
            (
                libsqlite3_sys::sqlite3_get_autocommit(raw) != 0,
                libsqlite3_sys::sqlite3_db_readonly(raw, c"main".as_ptr()) == 1,
            )
        }
    };
    let fit = autocommit && !conn.is_in_transaction() && !(writer && read_only);
    if !fit {
        info!(
            autocommit,
            read_only, "a database connection in an unknown state is closed, not reused"
        );
    }
    Ok((fit, read_only))
}

/// The database file as the pools opened it: which file (device and inode) sits at the path.
#[derive(Debug)]
pub(super) struct DbFile {
    path: PathBuf,
    id: FileId,
    /// Whether the last check found another file (or none): the log line is written once when
    /// that starts, and once when it ends.
    moved: AtomicBool,
}

type FileId = (u64, u64);

fn file_id(path: &Path) -> std::io::Result<FileId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path)?;
    Ok((meta.dev(), meta.ino()))
}

impl DbFile {
    /// The file at `path`, which the pools just opened.
    pub(super) fn opened(path: &Path) -> Result<DbFile, StoreError> {
        let id = file_id(path).map_err(|e| StoreError::Folder(path.display().to_string(), e))?;
        Ok(DbFile {
            path: path.to_owned(),
            id,
            moved: AtomicBool::new(false),
        })
    }

    /// `Err(Moved)` when the path no longer leads to the file the pools hold open: whatever
    /// they wrote would go to a file nobody reads again, and what they read may not be the
    /// database any more. One `stat`; checked before every read and write.
    pub(super) fn check(&self) -> Result<(), StoreError> {
        let same = file_id(&self.path).is_ok_and(|id| id == self.id);
        let was_moved = self.moved.swap(!same, Ordering::Relaxed);
        let path = self.path.display();
        if !was_moved && !same {
            error!(
                file = %path,
                "the database file was deleted or replaced while the bot runs: every read and \
                 write is refused until it is back or the bot restarts (restart it to use the \
                 file now at that path; `funnel-coach restore` is the safe way to replace it)"
            );
        } else if was_moved && same {
            info!(file = %path, "the database file is back: reads and writes resume");
        }
        if same {
            Ok(())
        } else {
            Err(StoreError::Moved(path.to_string()))
        }
    }
}
