//! The glossary's files: `prompts/glossary/steps.toml` and one file of entries per step.
//! Checked here: what the files alone can tell (ids, names a search could confuse, related
//! terms that exist, lengths). Whether the rendered answers fit Discord is `crate::check`'s.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use regex::Regex;

use super::{display, read_toml, Problem};
use crate::glossary::matching::normalize;
use crate::glossary::{Entry, Glossary, MatchWords, Status, StepInfo};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct StepsFile {
    step: Vec<StepInfo>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EntriesFile {
    #[serde(default)]
    entry: Vec<Entry>,
}

const STEPS_FILE: &str = "steps.toml";
/// The matching's common and filler words (not entries).
const WORDS_FILE: &str = "words.toml";
/// A definition's first sentence is read on a phone by people for whom English may be a
/// second language: it stays under this many words.
pub const FIRST_SENTENCE_WORDS: usize = 25;

/// Reads `dir` (`prompts/glossary`) and checks it; `None` when a file could not be read.
pub(super) fn load(dir: &Path, problems: &mut Vec<Problem>) -> Option<Glossary> {
    let steps: Option<StepsFile> = read_toml(&dir.join(STEPS_FILE), problems);
    let words: Option<MatchWords> = read_toml(&dir.join(WORDS_FILE), problems);
    let mut files = Vec::new();
    match std::fs::read_dir(dir) {
        Ok(list) => {
            for item in list.flatten() {
                let path = item.path();
                let is_toml = path.extension().is_some_and(|e| e == "toml");
                if is_toml
                    && path
                        .file_name()
                        .is_some_and(|n| n != STEPS_FILE && n != WORDS_FILE)
                {
                    files.push(path);
                }
            }
        }
        Err(e) => problems.push(Problem::new(
            display(dir),
            None,
            format!("cannot read the folder: {e}"),
        )),
    }
    files.sort();
    let mut entries = Vec::new();
    for path in &files {
        let Some(file) = read_toml::<EntriesFile>(path, problems) else {
            continue;
        };
        let step = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        for mut entry in file.entry {
            entry.step.clone_from(&step);
            entries.push((display(path), entry));
        }
    }
    let steps = steps?;
    let words = words?;
    check(
        &display(&dir.join(STEPS_FILE)),
        &steps.step,
        &entries,
        problems,
    );
    let files: HashMap<String, String> = entries
        .iter()
        .map(|(file, e)| (e.id.clone(), file.clone()))
        .collect();
    let glossary = Glossary::new(
        steps.step,
        entries.into_iter().map(|(_, e)| e).collect(),
        &words,
    );
    for near in glossary.near_names() {
        problems.push(Problem::new(
            files.get(near.entry).map_or("", String::as_str),
            Some(near.entry),
            format!(
                "`{}` is within a typo of `{}` (entry `{}`): a small typo could land on the wrong entry; rename one or drop it",
                near.name, near.other_name, near.other_entry
            ),
        ));
    }
    Some(glossary)
}

/// The first sentence of `text`: up to the first `.`, `?` or `!` followed by a space (or
/// the end). `e.g.` and numbers like `2.5` do not end it.
pub fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') && bytes.get(i + 1).is_none_or(|b| *b == b' ') {
            let before = &text[..i];
            if before.ends_with("e.g") || before.ends_with("i.e") || before.ends_with("vs") {
                continue;
            }
            return &text[..=i];
        }
    }
    text
}

struct Limit {
    what: &'static str,
    max: usize,
}

const NAME: Limit = Limit {
    what: "name",
    max: 80,
};
const ABBREVIATION: Limit = Limit {
    what: "abbreviation",
    max: 20,
};
const FULL_NAME: Limit = Limit {
    what: "full_name",
    max: 100,
};
const ALIAS: Limit = Limit {
    what: "alias",
    max: 60,
};
const DEFINITION: Limit = Limit {
    what: "definition",
    max: 500,
};
const FIND: Limit = Limit {
    what: "find",
    max: 500,
};
const READ: Limit = Limit {
    what: "read",
    max: 1000,
};
/// The answer to "what is a good …?" is read first, before the definition: it stays short.
const GOOD: Limit = Limit {
    what: "good",
    max: 300,
};
const CHANGED: Limit = Limit {
    what: "changed",
    max: 1000,
};
const FORMULA_SIDE: Limit = Limit {
    what: "formula",
    max: 100,
};

fn check_len(text: &str, limit: &Limit, file: &str, entry: &str, problems: &mut Vec<Problem>) {
    let n = text.chars().count();
    if text.trim().is_empty() {
        problems.push(Problem::new(
            file,
            Some(entry),
            format!("{} is empty", limit.what),
        ));
    } else if n > limit.max {
        problems.push(Problem::new(
            file,
            Some(entry),
            format!(
                "{} is {n} characters; keep it under {}",
                limit.what, limit.max
            ),
        ));
    }
}

/// Ids, names, related terms, steps and lengths of the glossary.
pub(super) fn check(
    steps_file: &str,
    steps: &[StepInfo],
    entries: &[(String, Entry)],
    problems: &mut Vec<Problem>,
) {
    let step_ids: HashSet<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    if steps.is_empty() {
        problems.push(Problem::new(
            steps_file,
            None,
            "there must be at least one step",
        ));
    }
    for s in steps {
        if s.label.trim().is_empty() || s.label.chars().count() > 100 {
            problems.push(Problem::new(
                steps_file,
                Some(&s.id),
                "label must be 1 to 100 characters",
            ));
        }
        if s.blurb.chars().count() > 100 {
            problems.push(Problem::new(
                steps_file,
                Some(&s.id),
                "blurb is over 100 characters",
            ));
        }
    }
    let id_shape = Regex::new(r"^[a-z0-9-]{1,40}$").expect("a valid regex");
    let ids: HashSet<&str> = entries.iter().map(|(_, e)| e.id.as_str()).collect();
    let mut seen_ids: HashMap<&str, &str> = HashMap::new();
    let mut seen_names: HashMap<String, &str> = HashMap::new();
    for (file, e) in entries {
        let id = e.id.as_str();
        if !id_shape.is_match(id) {
            problems.push(Problem::new(
                file,
                Some(id),
                "id must be 1 to 40 of a-z, 0-9 and -",
            ));
        }
        if let Some(other) = seen_ids.insert(id, file) {
            problems.push(Problem::new(
                file,
                Some(id),
                format!("id is used twice (also in {other})"),
            ));
        }
        if !step_ids.contains(e.step.as_str()) {
            problems.push(Problem::new(
                file,
                Some(id),
                format!(
                    "file name `{}` is not a step listed in {steps_file}",
                    e.step
                ),
            ));
        }
        check_len(&e.name, &NAME, file, id, problems);
        if let Some(a) = &e.abbreviation {
            check_len(a, &ABBREVIATION, file, id, problems);
        }
        if let Some(f) = &e.full_name {
            check_len(f, &FULL_NAME, file, id, problems);
        }
        for a in e.aliases.iter().chain(&e.old_names) {
            check_len(a, &ALIAS, file, id, problems);
        }
        check_len(&e.definition, &DEFINITION, file, id, problems);
        let words = first_sentence(&e.definition).split_whitespace().count();
        if words >= FIRST_SENTENCE_WORDS {
            problems.push(Problem::new(
                file,
                Some(id),
                format!(
                    "the definition's first sentence has {words} words; keep it under {FIRST_SENTENCE_WORDS} (plain words, read on a phone)"
                ),
            ));
        }
        if let Some(f) = &e.find {
            check_len(f, &FIND, file, id, problems);
        }
        check_len(&e.read, &READ, file, id, problems);
        if let Some(g) = &e.good {
            check_len(g, &GOOD, file, id, problems);
        }
        if let Some(c) = &e.changed {
            check_len(c, &CHANGED, file, id, problems);
        }
        if let Some(f) = &e.formula {
            check_len(&f.numerator, &FORMULA_SIDE, file, id, problems);
            check_len(&f.denominator, &FORMULA_SIDE, file, id, problems);
        }
        for (name, _) in e.names() {
            let key = normalize(name);
            if key.is_empty() {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("`{name}` has no letters or digits"),
                ));
                continue;
            }
            match seen_names.get(&key) {
                Some(owner) if *owner != id => problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("`{name}` also names `{owner}`; a search could not tell them apart"),
                )),
                _ => {
                    seen_names.insert(key, id);
                }
            }
        }
        for r in e.related.iter().chain(&e.use_instead) {
            if r == id {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    "an entry cannot be related to itself",
                ));
            } else if !ids.contains(r.as_str()) {
                problems.push(Problem::new(
                    file,
                    Some(id),
                    format!("related term `{r}` does not exist"),
                ));
            }
        }
        if e.status == Status::Deleted && e.use_instead.is_empty() {
            problems.push(Problem::new(
                file,
                Some(id),
                "a deleted metric needs use_instead",
            ));
        }
        if e.status == Status::Deleted && e.changed.is_none() {
            problems.push(Problem::new(
                file,
                Some(id),
                "a deleted metric needs `changed` (what happened)",
            ));
        }
    }
}
