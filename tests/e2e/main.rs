//! End to end: the real `funnel-coach run` binary, through serenity and poise, against the
//! fake Discord in `tests/support` (its own self-test is `fake_discord`). Every request the
//! bot sends is checked against Discord's limits (`assert_no_violations`).
//! One test binary (`cargo test --test e2e`, or `cargo test --test e2e drill::` for one
//! feature); one module per feature.

#[path = "../support/mod.rs"]
mod support;

#[path = "../support/self_test.rs"]
mod fake_discord;

mod chart;
mod core;
mod decode_this;
mod drill;
mod faults;
mod guide;
mod moderation;
mod remind;
mod report;
mod resilience;
mod scale_out;
mod soak;
mod test_log;
