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
pub(crate) const WRITE_LOCK: i64 = 0x0066_6377_7269_7465;

/// How long a new connection may take before the server counts as unreachable.
const CONNECT_WAIT: Duration = Duration::from_secs(5);

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pool: PgPool,
}

impl Db {
    /// Connects (`pool_size` connections at most) and migrates. A server that cannot be
    /// reached fails here, within [`CONNECT_WAIT`]; later, the pool reconnects by itself.
    pub async fn open(url: &str, pool_size: u32) -> Result<Db, StoreError> {
        let options = PgConnectOptions::from_str(url)?.application_name("funnel-coach");
        let pool = PgPoolOptions::new()
            .max_connections(pool_size)
            .acquire_timeout(CONNECT_WAIT)
            // A connection that stayed in the pool across a server restart is found broken
            // when it is handed out, and replaced, rather than failing a member's command.
            .test_before_acquire(true)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Db { pool })
    }

    /// Where reads go.
    pub fn reader(&self) -> Result<&PgPool, StoreError> {
        Ok(&self.pool)
    }

    /// A write transaction holding the bot's write lock (see the module). Nothing it does is
    /// saved, nor may anything be confirmed, until `commit` returned OK. Waits at most
    /// [`LOCK_WAIT`] in all for a connection and the lock.
    pub async fn write(&self) -> Result<Transaction<'static, Postgres>, StoreError> {
        let asked = Instant::now();
        let mut tx = tokio::time::timeout(LOCK_WAIT, self.pool.begin())
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

    /// The pool, for the store copy and the gateway lock's own connection options.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
