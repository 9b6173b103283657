//! funnel-coach's `SQLite` store (`store`): the pools, the migrations in `migrations/`, and one
//! file per aggregate, every query checked at compile time against `.sqlx/`.

// The domain, under the names the store's files use (`crate::funnel`, `crate::member`…).
pub(crate) use funnel_coach_core::{funnel, member, moderation, schedule, test_log};

pub mod store;
