//! funnel-coach: a Discord bot that coaches `TikTok` Shop creators to read their product funnel.
//!
//! Data flows one way: `bot` (Discord) and `cli` parse input, call the pure domain
//! (`funnel`, `glossary`, `test_log`, `member`, `drill`, `schedule`, `guide`, `report`,
//! `moderation`), keep state through `store`, and answer through `render` in the words
//! `content` reads from `prompts/` (which `check` validates at start). `scheduler` and
//! `tasks` run in the background on the seams `clock` and `notify`. The layers, where a new
//! file goes and the test that keeps them: `docs/architecture.md`.

// The domain and the store are crates of their own (`crates/`), re-exported here under the
// names every module uses (`crate::funnel`, `crate::store`); `with_all!` comes from the domain.
#[macro_use]
extern crate funnel_coach_core;

pub use funnel_coach_core::{clock, funnel, guide, member, moderation, schedule, test_log};
pub mod store;

pub mod bot;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod drill;
pub mod glossary;
pub mod logging;
pub mod notify;
pub mod render;
pub mod report;
pub mod scheduler;
pub mod tasks;
