//! Member-facing copy in plain words: no word from `prompts/jargon.toml`.

use std::path::Path;

use crate::content::{Content, Problem};

pub(super) fn words(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    problems.extend(crate::content::jargon::problems(content, dir));
}
