//! `/guide`: every page of every built-in guide, and the list of them, fit Discord.

use std::path::Path;

use super::{file, too_long};
use crate::content::{Content, Problem};
use crate::render;
use crate::render::limits;

/// Every page of every built-in guide, and the list of them, fit Discord.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let copy = &content.guide;
    for g in &content.guides {
        let file = file(dir, &format!("guides/{}.md", g.slug));
        let pages = render::guide::messages(g, copy).len();
        for i in 0..pages {
            let Some(page) = render::guide::page(g, i, copy) else {
                continue;
            };
            too_long(
                &file,
                Some(&format!("page {}", i + 1)),
                limits::check_message(&page),
                problems,
            );
        }
    }
    let listed: Vec<render::guide::Listed<'_>> = content
        .guides
        .iter()
        .map(|guide| render::guide::Listed {
            guide,
            server: true,
        })
        .collect();
    too_long(
        &file(dir, "guide.toml"),
        Some("list"),
        limits::check(&render::guide::list(&listed, copy)),
        problems,
    );
}
