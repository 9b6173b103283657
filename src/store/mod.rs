//! The store the bot holds: one [`Db`] over the database `DATABASE_URL` names, `SQLite`
//! (`crates/sqlite`, the default) or `PostgreSQL` (`crates/postgres`). Each store is a crate
//! of its own, its queries checked at compile time against its own migrations; both implement
//! the same methods over the values and errors of `crates/store`, and [`Db`] passes each call
//! to the one in use. The contract tests (`tests/store/`, each in a loop over both stores) hold both to the same answers.

pub mod migrate;
pub mod usage;

pub use funnel_coach_postgres::store as postgres;
pub use funnel_coach_sqlite::store as sqlite;
pub use funnel_coach_sqlite::store::{backup, check_migrations, LOCK_WAIT, MIGRATOR};
pub use funnel_coach_store::{
    drills, glossary, guides, ids, privacy, reminders, test_log, welcomes, StoreError, Unsaved,
};

use serde_json::{Map, Value};

use crate::funnel::Thresholds;
use crate::member::{Member, TableCount};
use crate::moderation::{Action, Logged, ServerSettings};
use crate::schedule::{Reminder, Zone};
use crate::test_log::{
    MemberStats, NewResult, NewTest, ServerStats, TestChoice, TestId, TestRecord,
};
use drills::{AnswerCount, NewAttempt, Recorded};
use glossary::Correction;
use guides::{GuideWrite, Saved, ServerGuide};
use reminders::{Added, Claim, NewReminder, Outcome, Snoozed};
use test_log::ResultWrite;
use welcomes::PendingWelcome;

/// A handle on the database in use; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(sqlite::Db),
    Postgres(postgres::Db, postgres::gateway::GatewayLock),
}

impl Db {
    /// Opens (creating it if missing) and migrates the database `url` names, with
    /// `PostgreSQL`'s default pool size.
    pub async fn open(url: &str) -> Result<Db, StoreError> {
        Db::open_with(url, crate::config::DEFAULT_POOL_SIZE).await
    }

    /// Opens and migrates the database `url` names: `postgres://` or `postgresql://` a
    /// `PostgreSQL` server (at most `pool_size` connections), anything else an `SQLite` file.
    pub async fn open_with(url: &str, pool_size: u32) -> Result<Db, StoreError> {
        match crate::config::Backend::of(url) {
            Some(crate::config::Backend::Postgres) => Ok(Db {
                backend: Backend::Postgres(
                    postgres::Db::open(url, pool_size).await?,
                    postgres::gateway::GatewayLock::new(url)?,
                ),
            }),
            _ => Ok(sqlite::Db::open(url).await?.into()),
        }
    }

    /// Who may hold the Discord gateway: on `PostgreSQL` the process holding its advisory
    /// lock; on `SQLite`, which one process alone uses (its file lock), that process.
    pub fn gateway_lock(&self) -> GatewayLock {
        match &self.backend {
            Backend::Sqlite(_) => GatewayLock::Sole,
            Backend::Postgres(_, lock) => GatewayLock::Postgres(lock.clone()),
        }
    }

    /// The `SQLite` store underneath, when that is the one in use (its pools, for the tests
    /// and tools that look at the file itself).
    pub fn as_sqlite(&self) -> Option<&sqlite::Db> {
        match &self.backend {
            Backend::Sqlite(db) => Some(db),
            Backend::Postgres(..) => None,
        }
    }

    /// The `PostgreSQL` store underneath, when that is the one in use.
    pub fn as_postgres(&self) -> Option<&postgres::Db> {
        match &self.backend {
            Backend::Postgres(db, _) => Some(db),
            Backend::Sqlite(_) => None,
        }
    }

    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(db) => db.close().await,
            Backend::Postgres(db, _) => db.close().await,
        }
    }

    /// The zone a reminder or a streak goes by: typed, else the member's, else the server's,
    /// else UTC (the domain's one rule, [`Zone::pick`]).
    pub async fn zone_of(&self, member: Member, typed: Option<&str>) -> Result<Zone, StoreError> {
        let mine = self.member_time_zone(member).await?;
        let server = self.server_time_zone(member.guild).await?;
        Ok(Zone::pick(typed, mine.as_deref(), server.as_deref()))
    }
}

impl From<sqlite::Db> for Db {
    fn from(db: sqlite::Db) -> Db {
        Db {
            backend: Backend::Sqlite(db),
        }
    }
}

/// Who may hold the Discord gateway (see [`Db::gateway_lock`]).
#[derive(Debug, Clone)]
pub enum GatewayLock {
    /// `SQLite`: the one process on the database.
    Sole,
    Postgres(postgres::gateway::GatewayLock),
}

/// The gateway lock, held until released, dropped or lost.
#[derive(Debug)]
pub enum GatewayHeld {
    Sole,
    Postgres(postgres::gateway::Held),
}

impl GatewayLock {
    /// Waits until this process may hold the gateway (see `postgres::gateway`).
    pub async fn acquire(&self) -> GatewayHeld {
        match self {
            GatewayLock::Sole => GatewayHeld::Sole,
            GatewayLock::Postgres(lock) => GatewayHeld::Postgres(lock.acquire().await),
        }
    }

    /// Takes the lock back right after losing it, if the database answers within
    /// `postgres::gateway::REGAIN` and nobody else took it (a server restart of a second or
    /// two need not stop the gateway).
    pub async fn regain(&self) -> Option<GatewayHeld> {
        match self {
            GatewayLock::Sole => Some(GatewayHeld::Sole),
            GatewayLock::Postgres(lock) => lock
                .regain(postgres::gateway::REGAIN)
                .await
                .map(GatewayHeld::Postgres),
        }
    }

    /// How long a new holder waits before connecting, so that a holder cut off from the
    /// database has stopped its gateway first; `None` where no other process can hold it.
    pub fn fence(&self) -> Option<std::time::Duration> {
        match self {
            GatewayLock::Sole => None,
            GatewayLock::Postgres(_) => Some(postgres::gateway::FENCE),
        }
    }
}

impl GatewayHeld {
    /// Resolves once the lock can no longer be vouched for (never, for the sole process).
    pub async fn lost(&mut self) {
        match self {
            GatewayHeld::Sole => std::future::pending().await,
            GatewayHeld::Postgres(held) => held.lost().await,
        }
    }

    /// Frees the lock for the next process.
    pub async fn release(self) {
        if let GatewayHeld::Postgres(held) = self {
            held.release().await;
        }
    }
}

/// Every store method, passed to the store in use. A method missing from either store, or
/// answering with another type, fails to compile here.
macro_rules! each_store {
    ($($name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        impl Db {
            $(
                #[doc = concat!("The store's `", stringify!($name), "` (the same on every database).")]
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$ret, StoreError> {
                    match &self.backend {
                        Backend::Sqlite(db) => db.$name($($arg),*).await,
                        Backend::Postgres(db, _) => db.$name($($arg),*).await,
                    }
                }
            )*
        }
    };
}

each_store! {
    log_action(guild: u64, moderator: u64, action: Action, detail: &str, at: i64) -> ();
    latest_actions(guild: u64) -> Vec<Logged>;
    record_drill_answer(member: Member, a: NewAttempt<'_>) -> Recorded;
    drill_answers(member: Member, last: u32) -> Vec<AnswerCount>;
    drill_days(member: Member) -> Vec<String>;
    top_misses(guild: u64, limit: u32) -> Vec<(String, u64)>;
    top_lookups(guild: u64, limit: u32) -> Vec<(String, u64)>;
    top_corrections(guild: u64, limit: u32) -> Vec<Correction>;
    server_guides(guild: u64) -> Vec<ServerGuide>;
    server_guide(guild: u64, id: i64) -> Option<ServerGuide>;
    save_guide(guild: u64, moderator: u64, write: GuideWrite<'_>, action: Action, at: i64) -> Saved;
    replace_guide(guild: u64, moderator: u64, write: GuideWrite<'_>, action: Action, at: i64) -> i64;
    guide_titled(guild: u64, title: &str) -> Option<i64>;
    delete_guide(guild: u64, moderator: u64, id: i64, at: i64) -> bool;
    export_member(member: Member) -> Map<String, Value>;
    count_member(member: Member) -> Vec<TableCount>;
    forget_member(member: Member) -> Vec<TableCount>;
    tables_with_member_rows() -> Vec<String>;
    add_reminder(member: Member, new: NewReminder<'_>) -> Added;
    reminders_of(member: Member) -> Vec<Reminder>;
    has_reminders(member: Member) -> bool;
    reminder_of(member: Member, id: i64) -> Option<Reminder>;
    cancel_reminder(member: Member, id: i64) -> bool;
    snooze_reminder(member: Member, id: i64, at: i64) -> Snoozed;
    resume_reminder(member: Member, id: i64, now: i64) -> Option<i64>;
    next_due_at(now: i64) -> Option<i64>;
    claim_retries(now: i64, lease_until: i64, limit: i64) -> Vec<Claim>;
    claim_due(now: i64, lease_until: i64, limit: i64) -> Vec<Claim>;
    settle(claim: &Claim, outcome: Outcome, now: i64) -> bool;
    settle_all(settles: &[(&Claim, Outcome)], now: i64) -> Vec<bool>;
    pause_reminders_of_user(user: u64, failed: i64) -> u64;
    remove_reminders_of_user(user: u64) -> u64;
    pause_notice_due(user: u64) -> bool;
    pause_notice_given(user: u64) -> bool;
    pause_notice_not_given(user: u64) -> ();
    thresholds(guild: Option<u64>) -> Thresholds;
    set_thresholds(guild: u64, moderator: u64, t: Thresholds, at: i64) -> ();
    server_settings(guild: u64) -> ServerSettings;
    set_guide_channel(guild: u64, moderator: u64, channel: u64, at: i64) -> ();
    log_test(member: Member, test: NewTest<'_>, at: i64) -> TestRecord;
    test(member: Member, id: TestId) -> Option<TestRecord>;
    record_result(member: Member, id: TestId, result: NewResult<'_>, at: i64) -> ResultWrite;
    list_tests(member: Member, offset: u32, limit: u32) -> Vec<TestRecord>;
    count_tests(member: Member) -> u64;
    test_choices(member: Member, only_open: bool, limit: u32) -> Vec<TestChoice>;
    all_tests(member: Member) -> Vec<TestRecord>;
    delete_test(member: Member, id: TestId) -> bool;
    member_stats(member: Member, now: i64) -> MemberStats;
    server_stats(guild: u64, since: i64) -> ServerStats;
    hold_upload(guild: u64, moderator: u64, write: GuideWrite<'_>, at: i64) -> i64;
    take_upload(guild: u64, id: i64) -> Option<(String, String, String)>;
    welcome_once(guild: u64, channel: u64, at: i64, lease_until: i64) -> bool;
    claim_welcomes(now: i64, lease_until: i64, limit: i64) -> Vec<PendingWelcome>;
    welcome_settled(guild: u64) -> ();
    member_time_zone(member: Member) -> Option<String>;
    set_member_time_zone(member: Member, timezone: &str, at: i64) -> ();
    server_time_zone(guild: u64) -> Option<String>;
    set_server_time_zone(guild: u64, moderator: u64, zone: &str, at: i64) -> ();
    add_usage(batch: &[((u64, usage::Usage), i64)], at: i64) -> ();
}
