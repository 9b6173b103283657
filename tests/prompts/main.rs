//! The copy in prompts/: the shipped files are valid and say what the numbers mean, and a
//! broken file is refused naming the file, the entry and the problem. One test binary
//! (`cargo test --test prompts`); one module per prompts file or feature.

#[path = "../support/prompts.rs"]
mod prompts;

mod content;
mod decode_copy;
mod drills;
mod glossary;
mod reader;
mod test_log;
mod test_log_commands;
