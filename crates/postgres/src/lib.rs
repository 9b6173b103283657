//! funnel-coach's `PostgreSQL` store (`store`): the pool, the migrations in `migrations/`, and
//! one file per aggregate answering as the `SQLite` store does, every query checked at compile
//! time against `.sqlx/`.

// The domain, under the names the store's files use (`crate::funnel`, `crate::member`…).
pub(crate) use funnel_coach_core::{funnel, member, moderation, schedule, test_log};

pub mod store;
