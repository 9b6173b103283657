//! `/define` and `/glossary`: the menus hold every step and entry, every answer fits.

use std::path::Path;

use super::{file, too_long};
use crate::content::{Content, Problem};
use crate::glossary::Lookup;
use crate::render;
use crate::render::limits;

/// `/glossary` shows the steps in one menu and each step's entries in another.
pub(super) fn menus(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let steps = content.glossary.steps();
    if steps.len() > limits::SELECT_OPTIONS {
        problems.push(Problem::new(
            file(dir, "glossary/steps.toml"),
            None,
            format!(
                "{} steps; a menu shows at most {}",
                steps.len(),
                limits::SELECT_OPTIONS
            ),
        ));
    }
    for step in steps {
        let n = content.glossary.in_step(&step.id).count();
        if n > limits::SELECT_OPTIONS {
            problems.push(Problem::new(
                file(dir, &format!("glossary/{}.toml", step.id)),
                None,
                format!(
                    "{n} entries; a menu shows at most {}, so split the step",
                    limits::SELECT_OPTIONS
                ),
            ));
        }
    }
}

/// Every entry, every step's page and the glossary's home fit in a Discord message, and every
/// entry that is a number members judge (a rate with its formula, or a metric Seller Center
/// splits by content type) answers "what is a good …?" with its own `good` text.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let glossary_dir = dir.join("glossary");
    for e in content.glossary.entries() {
        let file = glossary_dir
            .join(format!("{}.toml", e.step))
            .display()
            .to_string();
        if e.good.is_none() && (e.formula.is_some() || !e.breakdowns.is_empty()) {
            problems.push(Problem::new(
                &file,
                Some(&e.id),
                "members ask \"what is a good …?\" about a number like this: add `good`, the short answer (no one number is good everywhere, what to compare it with)".to_string(),
            ));
        }
        let found = Lookup::Found {
            entry: e,
            old_name: e.old_names.first().map(String::as_str),
            corrected: false,
        };
        too_long(
            &file,
            Some(&e.id),
            limits::check(&render::define::lookup(&e.name, &found, false, content)),
            problems,
        );
    }
    for step in content.glossary.steps() {
        if let Some(reply) = render::define::glossary_step(&step.id, content) {
            too_long(
                &file(dir, "glossary/steps.toml"),
                Some(&step.id),
                limits::check(&reply),
                problems,
            );
        }
    }
    too_long(
        &file(dir, "ui.toml"),
        Some("glossary"),
        limits::check(&render::define::glossary_home(content)),
        problems,
    );
}
