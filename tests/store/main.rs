//! The stores, on a fresh database per test: migrations, the core stores, drills, reminders,
//! the test log and the welcome record. The contract: every test that runs in a loop over
//! [`stores`] runs the same steps and assertions on `SQLite` and on `PostgreSQL` (a database of
//! its own on `TEST_DATABASE_URL`'s server); what only one store has (`SQLite`'s file, its
//! faults, its query plans) is tested on that one. One test binary (`cargo test --test store`); one module per
//! file of `src/store/`.

mod core;
mod drills;
mod faults;
mod moderation;
mod reminders;
mod test_log;
mod welcomes;

#[path = "../support/postgres.rs"]
mod postgres;

/// A store to run a test on, and its database (dropped after the test).
struct Store {
    name: &'static str,
    db: funnel_coach::store::Db,
    _database: Option<postgres::TestDatabase>,
}

/// A fresh `SQLite` store in memory, and a fresh `PostgreSQL` one (skipped, said once, where
/// no server answers outside CI).
async fn stores() -> Vec<Store> {
    let mut out = vec![Store {
        name: "SQLite",
        db: funnel_coach::store::Db::open("sqlite::memory:")
            .await
            .expect("an SQLite store in memory"),
        _database: None,
    }];
    if let Some(database) = postgres::TestDatabase::create().await {
        let db = funnel_coach::store::Db::open(&database.url)
            .await
            .expect("a PostgreSQL store on the test database");
        out.push(Store {
            name: "PostgreSQL",
            db,
            _database: Some(database),
        });
    }
    out
}
