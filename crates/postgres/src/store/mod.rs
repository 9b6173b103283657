//! `PostgreSQL` through sqlx: the pool, migrations, and one file per aggregate, answering as
//! the `SQLite` store does (the contract tests hold both to the same answers).
//!
//! Writes keep `SQLite`'s rule that they never interleave: [`Db::write`] opens a transaction
//! that first takes one transaction-scoped advisory lock, so a check-then-write (a member's
//! tenth reminder, a guide title already taken) holds across every process on the database,
//! as it did behind `SQLite`'s one writer. Reads never take it. The scheduler's claims also
//! skip rows another process holds (`FOR UPDATE SKIP LOCKED`).

pub mod audit;
pub mod copy;
pub mod drills;
pub mod gateway;
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

use std::str::FromStr;
use std::time::{Duration, Instant};

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

pub use funnel_coach_store::{ids, StoreError, Unsaved};

/// The embedded migrations from `migrations/`.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The longest a write waits, for a pooled connection and then for the write lock.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);

/// The key of the transaction-scoped advisory lock every write takes (any constant the bot
/// alone uses: "fcwrite" in ASCII).
const WRITE_LOCK: i64 = 0x0066_6377_7269_7465;

/// How long a connection may take to be had (a new one included) before the server counts
/// as unreachable: short enough that a command's apology goes out within Discord's 3 s while
/// the server restarts.
const CONNECT_WAIT: Duration = Duration::from_secs(2);

/// Every connection's server-side settings (sent at connect): a transaction left open by a
/// process cut off mid-write is ended after 15 s, releasing the write lock it held, and a
/// client that vanished is noticed in seconds (keepalive probes, `tcp_user_timeout`), not
/// hours.
const SESSION: [(&str, &str); 5] = [
    ("idle_in_transaction_session_timeout", "15s"),
    ("tcp_keepalives_idle", "5"),
    ("tcp_keepalives_interval", "2"),
    ("tcp_keepalives_count", "3"),
    ("tcp_user_timeout", "10000"),
];

/// A handle on the database; cheap to clone.
///
/// Two pools, as in the `SQLite` store: reads never wait for a connection held by a write
/// that waits for the write lock (autocomplete and pop-ups cannot be deferred).
#[derive(Clone)]
pub struct Db {
    readers: PgPool,
    writers: PgPool,
    /// Each server's thresholds as last read or written, and when (see `thresholds`).
    thresholds: std::sync::Arc<
        std::sync::Mutex<std::collections::HashMap<u64, (Instant, crate::funnel::Thresholds)>>,
    >,
}

/// How long a server's thresholds, once read, answer `/decode` before they are read again:
/// every `/decode` needs them, and a change made by another process must show soon.
pub const THRESHOLDS_FRESH: Duration = Duration::from_secs(1);

/// Not derived: the pools' options hold the password.
impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("postgres::Db")
            .field("readers", &self.readers.size())
            .field("writers", &self.writers.size())
            .field("thresholds", &self.thresholds)
            .finish()
    }
}

impl Db {
    /// Connects and migrates: `pool_size` connections at most for reads, a third of that (at
    /// least one) for writes, which take turns anyway. A server that cannot be reached fails
    /// here within [`CONNECT_WAIT`]; later, the pools reconnect by themselves.
    pub async fn open(url: &str, pool_size: u32) -> Result<Db, StoreError> {
        let options = PgConnectOptions::from_str(url)?
            .application_name("funnel-coach")
            .options(SESSION);
        let pool = |size: u32| {
            PgPoolOptions::new()
                .max_connections(size.max(1))
                .acquire_timeout(CONNECT_WAIT)
                // A connection that stayed in the pool across a server restart is found
                // broken when it is handed out, and replaced, rather than failing a command.
                .test_before_acquire(true)
        };
        let writers = pool(pool_size / 3).connect_with(options.clone()).await?;
        MIGRATOR.run(&writers).await?;
        let readers = pool(pool_size).connect_with(options).await?;
        Ok(Db {
            readers,
            writers,
            thresholds: std::sync::Arc::default(),
        })
    }

    /// Where reads go.
    pub fn reader(&self) -> Result<&PgPool, StoreError> {
        Ok(&self.readers)
    }

    /// A write transaction holding the bot's write lock (see the module). Nothing it does is
    /// saved, nor may anything be confirmed, until `commit` returned OK. Waits at most
    /// [`LOCK_WAIT`] in all for a connection and the lock.
    pub async fn write(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        let asked = Instant::now();
        let mut tx = tokio::time::timeout(LOCK_WAIT, self.writers.begin())
            .await
            .map_err(|_| StoreError::Sqlx(sqlx::Error::PoolTimedOut))??;
        let left = LOCK_WAIT.saturating_sub(asked.elapsed()).as_millis().max(1);
        // `SET LOCAL` lasts until the end of this transaction: the pooled connection keeps
        // no setting of its own.
        sqlx::query(&format!("SET LOCAL lock_timeout = {left}"))
            .execute(&mut *tx)
            .await?;
        sqlx::query!("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    fn cached_thresholds(&self, guild: u64) -> Option<crate::funnel::Thresholds> {
        let cache = self.thresholds.lock().ok()?;
        cache
            .get(&guild)
            .filter(|(at, _)| at.elapsed() < THRESHOLDS_FRESH)
            .map(|(_, t)| *t)
    }

    fn cache_thresholds(&self, guild: u64, t: crate::funnel::Thresholds) {
        if let Ok(mut cache) = self.thresholds.lock() {
            cache.insert(guild, (Instant::now(), t));
        }
    }

    /// The read pool (for the tests' own queries).
    pub fn pool(&self) -> &PgPool {
        &self.readers
    }

    pub async fn close(&self) {
        self.readers.close().await;
        self.writers.close().await;
    }
}
