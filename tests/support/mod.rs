//! The end-to-end test harness: a fake Discord (gateway WebSocket + REST on one loopback
//! port) that the real serenity 0.12.5 / poise 0.7.1 stack talks to, a validator of Discord's
//! limits run on every body the bot sends, and a helper running the `funnel-coach` binary.
//! `scene` holds what scenarios share (the usual start, an answer's title, a forged message);
//! `self_test.rs` is the fake's own test (the `fake_discord` module of `tests/e2e`).
//! Beside it, for the other test binaries: `prompts.rs` (the shipped prompts/, and a copy to
//! break) and `cli.rs` (the command line), each included with `#[path]`.
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;             // 2 guilds; alice, bob, mod, carol, owner
//! let bot = BotProcess::start(&fake).await;          // `funnel-coach run`, DEV_GUILD_ID = guild A
//! let alice = fake.user("alice");
//! let r = fake.slash(&alice, "define", json!({"term": "ctor"})).await.unwrap();
//! assert!(r.text().contains("CTOR"));
//! let r2 = fake.click(&alice, &r.message(), "related:ctr").await.unwrap();
//! fake.assert_no_violations();
//! ```
//!
//! Things worth knowing:
//! - Every wait has a timeout (`FakeConfig::timeout`, 10 s); failures carry the fake's recent
//!   traffic, its violations and the bot's last log lines.
//! - A slash command is looked up among the registered commands (guild first, then global);
//!   options are typed from the registration, users/channels/roles may be given by name and
//!   land in `resolved`, choices may be given by name. Discord's own rules apply: required
//!   options, choices, `default_member_permissions` (see `set_command_overrides`), DMs only
//!   for global commands.
//! - `Response::answer` is what a member sees: the callback's message (4, 7), the first
//!   webhook message after a defer (5), or after a click or a modal submit acknowledged with 6.
//! - Discord's 3 s rule: an interaction with no first response under way 3 s after it was
//!   dispatched (`FakeConfig::ack_deadline`) is dropped as Discord drops it — a violation, the
//!   `Response` is 404 / 10062 at once, and a later response gets 10062 too.
//! - Clicks and modal submits wait `FakeConfig::reaction_time` (100 ms) after the message or
//!   modal appeared, like a human: otherwise a collector registered by the bot right after
//!   its HTTP call returns could miss the interaction.
//! - `violations()` holds limit breaks (also answered 400/50035 like Discord), project policy
//!   breaks (`allowed_mentions` must be present and allow nothing) and protocol mistakes (late
//!   or double acknowledgement, followups before acknowledging).
//! - `harness_errors()` holds payloads of the fake that serenity would turn into
//!   `Event::Unknown` (i.e. silently ignore); the self-test keeps it empty.
#![allow(dead_code, unused_imports)]

pub mod bot_process;
pub mod fake;
pub mod gateway;
pub mod interactions;
pub mod model;
pub mod postgres;
pub mod prompts;
pub mod rest;
pub mod scene;
pub mod soak;
pub mod validator;

pub use bot_process::{BotEnv, BotProcess, BrokenOutput};
pub use fake::{
    route_matches, routes, FakeConfig, FakeDiscord, Fault, FilePart, HarnessError, HarnessResult,
    RecordedRequest, RegisteredCommand,
};
pub use interactions::{message_text, Place, Response, WebhookOpKind};
pub use model::{TestUser, World};
pub use scene::{db, embed, forged, scene, short_id, title};
