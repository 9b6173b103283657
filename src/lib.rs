//! funnel-coach: a Discord bot that coaches `TikTok` Shop creators to read their product funnel.
//!
//! Data flows one way: `bot` (Discord) and `cli` parse input, call the pure domain
//! (`funnel`, `glossary`), keep state through `store`, and answer through `render`.

pub mod bot;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod content;
pub mod funnel;
pub mod glossary;
pub mod logging;
pub mod member;
pub mod notify;
pub mod render;
pub mod store;
pub mod tasks;
pub mod test_log;
