//! What the bot shows, rendered from the shipped prompts/ without Discord: the funnel chart,
//! the `/test`, `/stats` and `/privacy` answers, and reports from Seller Center exports.
//! One test binary (`cargo test --test render`); one module per feature.

#[path = "../support/cli.rs"]
mod cli;
#[path = "../support/prompts.rs"]
mod prompts;

mod chart;
mod report;
mod test_log;
