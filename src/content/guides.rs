//! `prompts/guides/*.md` (the built-in guides: Markdown with `+++` TOML front matter) and
//! `prompts/guide.toml` (what `/guide` says around them). Checked here: front matter, lengths,
//! unique titles and slugs. Whether every guide's pieces fit Discord is `crate::check`'s.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::text::{words, Text};
use super::{display, Problem};
use crate::guide::{self, Guide};

words!(ListLine: "title", "summary");
words!(Page: "page", "pages");
words!(GuideName: "guide");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideCopy {
    pub list_title: Text,
    pub list_intro: Text,
    pub list_line: Text<ListLine>,
    /// Marks a server's own guide in the list.
    pub server_mark: Text,
    pub list_footer: Text,
    pub page: Text<Page>,
    pub previous: Text,
    pub next: Text,
    pub not_found_title: Text,
    pub not_found: Text<GuideName>,
}

/// The longest slug (a file name without `.md`): it travels in button ids.
pub const MAX_SLUG: usize = 40;

/// Reads `dir` (`prompts/guides`): one guide per `.md` file, listed by `order` then title.
pub(super) fn load(dir: &Path, problems: &mut Vec<Problem>) -> Option<Vec<Guide>> {
    let list = match std::fs::read_dir(dir) {
        Ok(list) => list,
        Err(e) => {
            problems.push(Problem::new(
                display(dir),
                None,
                format!("cannot read the folder: {e}"),
            ));
            return None;
        }
    };
    let mut files: Vec<_> = list
        .flatten()
        .map(|item| item.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let before = problems.len();
    let mut guides: Vec<Guide> = Vec::new();
    let mut titles = HashSet::new();
    for path in &files {
        let file = display(path);
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slug_ok = !slug.is_empty()
            && slug.len() <= MAX_SLUG
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            // Digits alone name a server's own guide in button ids.
            && slug.chars().any(|c| c.is_ascii_lowercase());
        if !slug_ok {
            problems.push(Problem::new(
                &file,
                None,
                format!("the file name must be 1 to {MAX_SLUG} lowercase letters, digits or hyphens (at least one letter), then .md"),
            ));
            continue;
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::new(
                    &file,
                    None,
                    format!("cannot read the file: {e}"),
                ));
                continue;
            }
        };
        match guide::built_in(&slug, &text) {
            Ok(g) => {
                if !titles.insert(g.title.to_lowercase()) {
                    problems.push(Problem::new(
                        &file,
                        None,
                        format!("another guide already has the title “{}”", g.title),
                    ));
                }
                guides.push(g);
            }
            Err(e) => problems.push(Problem::new(&file, None, e.to_string())),
        }
    }
    if guides.is_empty() && problems.len() == before {
        problems.push(Problem::new(
            display(dir),
            None,
            "no guide (.md file) in the folder",
        ));
    }
    guides.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.title.cmp(&b.title)));
    (problems.len() == before).then_some(guides)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    const OK: &str = "+++\ntitle = \"One\"\nsummary = \"S\"\norder = 2\n+++\nBody";

    #[test]
    fn guides_load_in_order() {
        let two = "+++\ntitle = \"Two\"\nsummary = \"S\"\norder = 1\n+++\nBody";
        let dir = dir_with(&[("one.md", OK), ("two.md", two), ("notes.txt", "ignored")]);
        let mut problems = Vec::new();
        let guides = load(dir.path(), &mut problems).expect("loads");
        assert!(problems.is_empty(), "{problems:?}");
        let slugs: Vec<_> = guides.iter().map(|g| g.slug.as_str()).collect();
        assert_eq!(slugs, ["two", "one"]);
    }

    #[test]
    fn each_problem_names_its_file() {
        let dir = dir_with(&[
            ("one.md", OK),
            ("copy.md", OK),
            ("Bad Name.md", OK),
            ("open.md", "+++\ntitle = \"T\"\n"),
        ]);
        let mut problems = Vec::new();
        assert!(load(dir.path(), &mut problems).is_none());
        let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let has =
            |file: &str, words: &str| said.iter().any(|p| p.contains(file) && p.contains(words));
        assert!(
            has("one.md", "already has the title") || has("copy.md", "already has the title"),
            "{said:?}"
        );
        assert!(has("Bad Name.md", "file name"), "{said:?}");
        assert!(has("open.md", "no closing +++"), "{said:?}");
    }
}
