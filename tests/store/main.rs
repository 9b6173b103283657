//! The `SQLite` store, on a fresh database per test: migrations, the core stores, drills,
//! reminders, the test log and the welcome record. One test binary (`cargo test --test store`); one module per
//! file of `src/store/`.

mod core;
mod drills;
mod faults;
mod reminders;
mod test_log;
mod welcomes;
