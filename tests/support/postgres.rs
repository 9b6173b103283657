//! A `PostgreSQL` database of a test's own, on the server `TEST_DATABASE_URL` names (default
//! `postgres://postgres@127.0.0.1:5432/postgres`, the development and CI machines' server):
//! created empty, dropped when the handle goes. Included with `#[path]` by the test binaries
//! that need it.
//!
//! Without a server: under `CI=true` the test fails (CI must run them); elsewhere the tests run
//! on `SQLite` alone and one line on standard error says the `PostgreSQL` half was skipped and how
//! to run it.

#![allow(dead_code)]

use std::io::Write;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

pub const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The server's address: `TEST_DATABASE_URL`, else [`DEFAULT_SERVER`].
pub fn server() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SERVER.to_owned())
}

/// A test's own database; dropped (connections and all) with the handle.
pub struct TestDatabase {
    pub url: String,
    name: String,
    admin: PgConnectOptions,
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// Whether the server answered, asked once per test binary.
static REACHABLE: OnceLock<Result<(), String>> = OnceLock::new();

impl TestDatabase {
    /// A new, empty database; `None` when the server cannot be reached outside CI (the line
    /// saying so is written once). Panics under `CI=true` instead.
    pub async fn create() -> Option<TestDatabase> {
        let admin: PgConnectOptions = match server().parse() {
            Ok(o) => o,
            Err(e) => panic!("TEST_DATABASE_URL is not a PostgreSQL address: {e}"),
        };
        let mut conn = match admin.connect().await {
            Ok(c) => {
                let _ = REACHABLE.set(Ok(()));
                c
            }
            Err(e) => {
                let why = format!(
                    "cannot reach {}: {e}",
                    funnel_coach::config::redacted(&server())
                );
                assert!(
                    !std::env::var("CI").is_ok_and(|v| v == "true"),
                    "PostgreSQL is required under CI=true: {why}"
                );
                if REACHABLE.set(Err(why.clone())).is_ok() {
                    // Past the test harness's capture: one line, once per test binary.
                    let _ = writeln!(
                        std::io::stderr(),
                        "PostgreSQL tests skipped ({why}); to run them start a server (Debian: apt install postgresql) and set TEST_DATABASE_URL"
                    );
                }
                return None;
            }
        };
        let name = format!(
            "fc_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create the test database");
        let _ = conn.close().await;
        let url = admin.clone().database(&name).to_url_lossy().to_string();
        Some(TestDatabase { url, name, admin })
    }
}

impl TestDatabase {
    /// Lets no new connection in (or again), and ends every session but the caller's: to the
    /// bot, the server restarting.
    pub async fn set_open(&self, open: bool) {
        let mut conn = self.admin.connect().await.expect("the server");
        sqlx::raw_sql(&format!(
            "ALTER DATABASE {name} ALLOW_CONNECTIONS {open}",
            name = self.name
        ))
        .execute(&mut conn)
        .await
        .expect("alter database");
        if !open {
            sqlx::query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            )
            .bind(&self.name)
            .execute(&mut conn)
            .await
            .expect("terminate");
        }
        let _ = conn.close().await;
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop runs outside any runtime's reach: a thread of its own with a small runtime.
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(mut conn) = admin.connect().await {
                    let _ = sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await;
                    let _ = conn.close().await;
                }
            });
        })
        .join();
    }
}
