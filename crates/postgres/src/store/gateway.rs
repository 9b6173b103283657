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

/// How long a standby waits between two tries when the server cannot be reached.
const RETRY: Duration = Duration::from_secs(2);

/// The server's keepalive on the lock connection: a holder whose machine vanished (no TCP
/// close) is dropped by the server, and its lock freed, within about 5 + 2 × 3 = 11 s.
const KEEPALIVE: &str = "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; \
                         SET tcp_keepalives_count = 3";

/// Where to connect for the lock.
#[derive(Debug, Clone)]
pub struct GatewayLock {
    options: std::sync::Arc<PgConnectOptions>,
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

    /// Waits until this process holds the lock: at once when nobody does, else the moment the
    /// holder's session ends. A server that cannot be reached is tried again every 2 s.
    pub async fn acquire(&self) -> Held {
        let mut told = false;
        loop {
            match self.try_acquire(&mut told).await {
                Ok(held) => return held,
                Err(e) => {
                    warn!(error = %e, retry_in_s = RETRY.as_secs(), "cannot reach the database for the gateway lock");
                    tokio::time::sleep(RETRY).await;
                }
            }
        }
    }

    async fn try_acquire(&self, told: &mut bool) -> Result<Held, StoreError> {
        let mut conn = self.options.connect().await?;
        sqlx::raw_sql(KEEPALIVE).execute(&mut conn).await?;
        let free =
            sqlx::query_scalar!("SELECT pg_try_advisory_lock($1) AS \"free!\"", GATEWAY_LOCK)
                .fetch_one(&mut conn)
                .await?;
        if !free {
            if !*told {
                info!(
                    role = "standby",
                    "another process holds the gateway; waiting to take over"
                );
                *told = true;
            }
            // Blocks on the server until the holder's session ends (a clean stop, a crash, a
            // lost connection), then holds it.
            sqlx::query!("SELECT pg_advisory_lock($1)", GATEWAY_LOCK)
                .execute(&mut conn)
                .await?;
        }
        Ok(Held { conn })
    }
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
