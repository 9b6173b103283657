//! funnel-coach's store interface, apart from any database: the errors and what a member is
//! told about them ([`StoreError::unsaved`]), the values the store's methods take and give, and
//! the mapping between rows and domain types. The two stores, `funnel-coach-sqlite` and
//! `funnel-coach-postgres`, implement the same methods over these; the bot's `store::Db` picks
//! one at start from `DATABASE_URL`.

// The domain, under the names the files use (`crate::funnel`, `crate::member`…).
pub(crate) use funnel_coach_core::{funnel, guide, member, schedule};

pub mod copy;
pub mod drills;
pub mod glossary;
pub mod guides;
pub mod ids;
pub mod privacy;
pub mod reminders;
pub mod test_log;
pub mod usage;
pub mod welcomes;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("id {0} does not fit a database integer")]
    BadId(u64),
    #[error("stored id {0} is not a Discord id")]
    BadStoredId(i64),
    #[error("unexpected stored data: {0}")]
    Corrupt(String),
    /// The database file at the configured path is no longer the one the bot opened (deleted,
    /// replaced or moved away): writes would land in a file nobody reads.
    #[error("the database file {0} was deleted or replaced while the bot was running")]
    Moved(String),
}

/// Why a write was not saved, in the terms a member is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsaved {
    /// Another process (or a long write) holds the database's lock, or the database server is
    /// restarting: try again in a moment.
    Busy,
    /// The disk under the database is full.
    Full,
    /// The database cannot be written (a read-only file or mount, a read-only server).
    ReadOnly,
    /// The database file was deleted or replaced under the running bot.
    Moved,
    /// Anything else.
    Other,
}

/// `SQLite`'s primary result codes this classification needs (the low byte of an extended code).
mod code {
    pub const BUSY: i32 = 5;
    pub const LOCKED: i32 = 6;
    pub const READONLY: i32 = 8;
    pub const FULL: i32 = 13;
    /// `SQLITE_READONLY_DBMOVED`: `SQLite`'s own check that the file was unlinked or renamed.
    pub const READONLY_DBMOVED: i32 = READONLY | (4 << 8);
}

impl StoreError {
    /// The database server could not be reached (refused, timed out, TLS failed): a fault of
    /// the setup or the network, not of a query.
    pub fn unreachable(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlx(sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut)
        )
    }

    /// Why this error left a write unsaved: from `SQLite`'s extended result code, or from
    /// `PostgreSQL`'s SQLSTATE, or from a connection that could not be had.
    pub fn unsaved(&self) -> Unsaved {
        match self {
            StoreError::Moved(_) => Unsaved::Moved,
            // Every pooled connection stayed busy, or the server could not be reached (a
            // PostgreSQL restarting): the same thing as a held lock to a member.
            StoreError::Sqlx(
                sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed,
            ) => Unsaved::Busy,
            StoreError::Sqlx(e) => match e
                .as_database_error()
                .and_then(sqlx::error::DatabaseError::code)
            {
                Some(c) if is_sqlstate(&c) => postgres_unsaved(&c),
                Some(c) => c.parse().map_or(Unsaved::Other, sqlite_unsaved),
                None => Unsaved::Other,
            },
            _ => Unsaved::Other,
        }
    }
}

/// A `PostgreSQL` SQLSTATE is five characters; `SQLite`'s extended codes, which sqlx spells as
/// decimal numbers, stay under 10,000 (the largest is a primary code under 256 with a small
/// extension shifted 8 bits up).
fn is_sqlstate(code: &str) -> bool {
    code.len() == 5
}

fn sqlite_unsaved(c: i32) -> Unsaved {
    match c {
        code::READONLY_DBMOVED => Unsaved::Moved,
        _ => match c & 0xff {
            code::BUSY | code::LOCKED => Unsaved::Busy,
            code::FULL => Unsaved::Full,
            code::READONLY => Unsaved::ReadOnly,
            _ => Unsaved::Other,
        },
    }
}

/// SQLSTATE classes and codes (`PostgreSQL`'s documentation, appendix A, "`PostgreSQL` Error Codes").
fn postgres_unsaved(c: &str) -> Unsaved {
    match c {
        // disk_full, insufficient_resources, out_of_memory
        "53100" | "53000" | "53200" => Unsaved::Full,
        // read_only_sql_transaction (a standby, or default_transaction_read_only)
        "25006" => Unsaved::ReadOnly,
        // serialization_failure, deadlock_detected, lock_not_available, query_canceled
        // (statement_timeout), cannot_connect_now (starting up), too_many_connections,
        // idle_in_transaction_session_timeout
        "40001" | "40P01" | "55P03" | "57014" | "57P03" | "53300" | "25P03" => Unsaved::Busy,
        // connection_exception (08…) and operator_intervention (57P01 admin_shutdown, …): the
        // server went away under the write; it comes back, and the pool reconnects.
        _ if c.starts_with("08") || c.starts_with("57P") => Unsaved::Busy,
        _ => Unsaved::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlstates_and_sqlite_codes_are_told_apart() {
        assert!(is_sqlstate("53100"));
        assert!(!is_sqlstate("1032"));
        assert_eq!(postgres_unsaved("53100"), Unsaved::Full);
        assert_eq!(postgres_unsaved("57P01"), Unsaved::Busy);
        assert_eq!(postgres_unsaved("23505"), Unsaved::Other);
        assert_eq!(sqlite_unsaved(code::READONLY_DBMOVED), Unsaved::Moved);
        assert_eq!(sqlite_unsaved(13), Unsaved::Full);
        assert_eq!(sqlite_unsaved(5 | (1 << 8)), Unsaved::Busy);
    }
}
