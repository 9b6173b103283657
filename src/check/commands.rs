//! Every command's description, options and choices, as Discord shows them.

use std::path::Path;

use super::file;
use crate::content::{Content, Problem};
use crate::render::limits;

/// What Discord shows for each command and option: 1 to 100 characters.
pub(super) fn descriptions(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "ui.toml");
    let fits = |t: &str| (1..=limits::COMMAND_DESCRIPTION).contains(&t.chars().count());
    for (name, cmd) in &content.ui.commands {
        let key = format!("commands.{name}");
        if !fits(&cmd.description) {
            problems.push(Problem::new(
                &file,
                Some(&key),
                "description must be 1 to 100 characters",
            ));
        }
        for (opt, text) in &cmd.options {
            if !fits(text) {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("{key}.options.{opt}")),
                    "must be 1 to 100 characters",
                ));
            }
        }
        for (opt, names) in &cmd.choices {
            if !names.iter().all(|n| fits(n.trim())) {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("{key}.choices.{opt}")),
                    "every choice name must be 1 to 100 characters",
                ));
            }
        }
    }
}
