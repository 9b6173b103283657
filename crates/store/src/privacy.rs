//! Everything stored about one member in one server: exported as JSON, or forgotten.
//!
//! [`MEMBER_TABLES`] is the one list of tables that hold rows about a member. Each has
//! `guild_id` and `user_id` columns. A test (`tests/test_log_store.rs`) fails when a table with
//! a `user_id` column is missing from this list, so a new table cannot be forgotten.

/// Every table with rows about a member, keyed by `(guild_id, user_id)`.
///
/// The queries below that go through this list are the store's only runtime-built SQL: the
/// table name is spliced into the text (from this constant, never from input), so sqlx cannot
/// check them at compile time. `tests/test_log_store.rs` runs each of them against every table.
pub const MEMBER_TABLES: &[&str] = &["tests", "drill_attempts", "reminders", "member_time_zones"];

/// Columns holding Discord ids: exported as strings (JSON numbers lose precision past 2^53).
pub const SNOWFLAKE_COLUMNS: &[&str] = &["guild_id", "user_id", "owner_id"];

/// Columns of other members' rows that name a member (the member a shared drill was made
/// for): forgetting that member puts the row's own member there instead.
pub const MEMBER_REFERENCES: &[(&str, &str)] = &[("drill_attempts", "owner_id")];
