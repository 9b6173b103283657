//! Which process holds the Discord gateway: the one holding a session-level advisory lock on a
//! connection of its own (never a pooled one, which could be handed to a query or closed under
//! the lock). The others wait for it, and take it when the holder stops, dies or loses the
//! server; see `docs/architecture.md`, "Several processes".

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use tracing::{info, warn};

use super::StoreError;

/// The lock's key: any constant the bot alone uses ("fcgatewy" in ASCII).
const GATEWAY_LOCK: i64 = 0x6663_6761_7465_7779;

/// How often the holder checks that its lock connection is alive, and how long one check may
/// take: a holder cut off from the server knows within `PING_EVERY + PING_WAIT` (2 s).
pub const PING_EVERY: Duration = Duration::from_secs(1);
pub const PING_WAIT: Duration = Duration::from_secs(1);

/// How long a process that just took the lock waits before it connects to the gateway: longer
/// than a cut-off holder needs to notice and stop its own (2 s, then the gateway's close), so
/// that two gateway sessions never overlap, whoever the server let take the lock.
pub const FENCE: Duration = Duration::from_secs(5);

/// How long a holder that lost its lock connection keeps trying to take the lock back (a
/// server restart of a second or two) before it stops its gateway: detection (2 s) and this
/// stay under the 5 s a standby's fence lasts, so the gateway is still stopped in time.
pub const REGAIN: Duration = Duration::from_secs(2);

/// How long a standby waits between two tries when the server cannot be reached.
const RETRY: Duration = Duration::from_secs(2);

/// The server's side of the lock connection: a holder whose machine vanished (no TCP close)
/// is dropped by the server, and its lock freed, within about 6 s (keepalive probes after 3 s
/// idle, 1 s apart, 3 of them; `tcp_user_timeout` when data sent goes unacknowledged). No
/// statement timeout a managed server may set by default applies to this connection.
const SESSION: [&str; 5] = [
    "SET tcp_keepalives_idle = 3",
    "SET tcp_keepalives_interval = 1",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 6000",
    "SET statement_timeout = 0",
];

/// How often a standby asks whether the lock is free, and how long one question (or a new
/// connection) may take: a standby cut off from the server finds out, and reconnects.
const POLL: Duration = Duration::from_secs(1);
const POLL_WAIT: Duration = Duration::from_secs(3);

/// Where to connect for the lock.
#[derive(Clone)]
pub struct GatewayLock {
    options: std::sync::Arc<PgConnectOptions>,
}

/// Not derived: the options hold the password.
impl std::fmt::Debug for GatewayLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GatewayLock")
    }
}

/// The gateway lock, held on its own connection until it is dropped, released, or lost.
#[derive(Debug)]
pub struct Held {
    conn: PgConnection,
}

impl GatewayLock {
    pub fn new(url: &str) -> Result<GatewayLock, StoreError> {
        Ok(GatewayLock {
            options: std::sync::Arc::new(
                PgConnectOptions::from_str(url)?
                    .application_name("funnel-coach gateway lock")
                    .disable_statement_logging(),
            ),
        })
    }

    /// Waits until this process holds the lock: at once when nobody does, else within a
    /// second of the holder's session ending. A server that cannot be reached is tried again
    /// every 2 s.
    pub async fn acquire(&self) -> Held {
        let mut told = false;
        let mut kept: Option<PgConnection> = None;
        loop {
            let mut conn = match kept.take() {
                Some(conn) => conn,
                None => match tokio::time::timeout(POLL_WAIT, self.connect()).await {
                    Ok(Ok(conn)) => conn,
                    Ok(Err(e)) => {
                        warn!(error = %e, retry_in_s = RETRY.as_secs(), "cannot reach the database for the gateway lock");
                        tokio::time::sleep(RETRY).await;
                        continue;
                    }
                    Err(_) => {
                        warn!(
                            wait_s = POLL_WAIT.as_secs(),
                            "the database did not answer for the gateway lock"
                        );
                        continue;
                    }
                },
            };
            match tokio::time::timeout(POLL_WAIT, try_lock(&mut conn)).await {
                Ok(Ok(true)) => return Held { conn },
                Ok(Ok(false)) => {
                    if !told {
                        info!(
                            role = "standby",
                            "another process holds the gateway; waiting to take over"
                        );
                        told = true;
                    }
                    kept = Some(conn);
                    tokio::time::sleep(POLL).await;
                }
                Ok(Err(e)) => {
                    warn!(error = %e, "the gateway lock's connection failed; connecting again");
                    tokio::time::sleep(RETRY).await;
                }
                Err(_) => {
                    warn!(
                        wait_s = POLL_WAIT.as_secs(),
                        "the gateway lock's connection stopped answering; connecting again"
                    );
                }
            }
        }
    }

    async fn connect(&self) -> Result<PgConnection, StoreError> {
        let mut conn = self.options.connect().await?;
        session(&mut conn).await?;
        Ok(conn)
    }

    /// Takes the lock back without waiting for anyone, trying for at most `within`: `None` if
    /// the server did not answer in time or another process took it first.
    pub async fn regain(&self, within: Duration) -> Option<Held> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if left.is_zero() {
                return None;
            }
            match tokio::time::timeout(left, self.try_once()).await {
                Ok(Ok(Some(held))) => return Some(held),
                Ok(Err(_)) => {
                    tokio::time::sleep(Duration::from_millis(200).min(left)).await;
                }
                // Another process holds it now, or the time is up.
                Ok(Ok(None)) | Err(_) => return None,
            }
        }
    }

    /// One try: the lock if it is free, `None` if another process holds it.
    async fn try_once(&self) -> Result<Option<Held>, StoreError> {
        let mut conn = self.connect().await?;
        Ok(try_lock(&mut conn).await?.then_some(Held { conn }))
    }
}

/// Takes the lock if it is free (never waits).
async fn try_lock(conn: &mut PgConnection) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar!("SELECT pg_try_advisory_lock($1) AS \"free!\"", GATEWAY_LOCK)
            .fetch_one(conn)
            .await?,
    )
}

/// Sets [`SESSION`] on the lock's connection.
async fn session(conn: &mut PgConnection) -> Result<(), StoreError> {
    for set in SESSION {
        sqlx::query(set).execute(&mut *conn).await?;
    }
    Ok(())
}

impl Held {
    /// Resolves once the lock can no longer be vouched for: the connection failed, or a check
    /// took longer than [`PING_WAIT`]. The server may then give the lock to another process;
    /// the caller stops its gateway at once.
    pub async fn lost(&mut self) {
        loop {
            tokio::time::sleep(PING_EVERY).await;
            match tokio::time::timeout(PING_WAIT, self.conn.ping()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    warn!(error = %e, "the gateway lock's connection failed");
                    return;
                }
                Err(_) => {
                    warn!(
                        wait_ms = PING_WAIT.as_millis(),
                        "the gateway lock's connection stopped answering"
                    );
                    return;
                }
            }
        }
    }

    /// Gives the lock up for the next process (a clean stop).
    pub async fn release(self) {
        // Closing the session frees its advisory locks; the server does it even if this fails.
        if let Err(e) = self.conn.close().await {
            warn!(error = %e, "closing the gateway lock's connection");
        }
    }
}
