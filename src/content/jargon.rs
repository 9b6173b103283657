//! The jargon list (`prompts/jargon.toml`): words a beginner reading on a phone, often in a
//! second language, would not know ("log scale", "Wilson", "interval"), each with a plainer
//! way to say it. [`scan`] finds them in the copy members read: answers, help, guides, drills,
//! chart words, and the test log, reminder, moderator and report copy. It leaves out what
//! teaches the words themselves: a glossary entry's names, definition and formula, and the
//! metric names (a jargon word may not be a glossary name, so Product CTR and CTOR never are).
//!
//! [`scan`] is pure; [`member_copy`] reads the files and [`problems`] ties the two together
//! for `funnel-coach check`.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use super::{display, read_toml, Content, Problem};
use crate::glossary::matching::normalize;

/// The file of the list, in `prompts/`.
pub const FILE: &str = "jargon.toml";

/// One word (or phrase) and what to say instead.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Word {
    pub word: String,
    /// The plainer words to use instead.
    pub say: String,
    /// Match only this exact case (`CI`, not `ci`).
    #[serde(default)]
    pub match_case: bool,
}

/// A hit known and accepted for now (a file another change is rewriting). `check` fails on
/// an accepted hit that no longer happens, so the list cannot go stale.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allowed {
    pub file: String,
    pub key: String,
    pub word: String,
    pub why: String,
}

/// `prompts/jargon.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JargonList {
    #[serde(default)]
    pub jargon: Vec<Word>,
    #[serde(default)]
    pub allow: Vec<Allowed>,
}

/// One piece of member-facing copy: the file (relative to `prompts/`), the key inside it
/// (`chart.note`, `product-ctr.read`, `line 12`) and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyText {
    pub file: String,
    pub key: String,
    pub text: String,
    /// Words this copy may use: the names of the glossary entry it belongs to.
    pub own_names: Vec<String>,
}

/// A jargon word found in member-facing copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub file: String,
    pub key: String,
    pub word: String,
    pub say: String,
}

/// Every jargon word in `copy`, in order. A word matches whole (not inside a longer word),
/// ignoring case unless the list says otherwise.
pub fn scan(list: &JargonList, copy: &[CopyText]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for c in copy {
        let own: HashSet<String> = c.own_names.iter().map(|n| normalize(n)).collect();
        for w in &list.jargon {
            if own.contains(&normalize(&w.word)) {
                continue;
            }
            if contains_word(&c.text, &w.word, w.match_case) {
                hits.push(Hit {
                    file: c.file.clone(),
                    key: c.key.clone(),
                    word: w.word.clone(),
                    say: w.say.clone(),
                });
            }
        }
    }
    hits
}

/// Whether `word` occurs in `text` with no letter or digit right before or after it.
fn contains_word(text: &str, word: &str, match_case: bool) -> bool {
    let (text, word) = if match_case {
        (text.to_owned(), word.to_owned())
    } else {
        (text.to_lowercase(), word.to_lowercase())
    };
    if word.is_empty() {
        return false;
    }
    text.match_indices(&word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        edge(before) && edge(after)
    })
}

/// Reads every piece of copy members see from `dir` (`prompts/`): each text of each
/// `*.toml` there (but the jargon list), each line of each guide, the glossary's step labels,
/// and each entry's `read`, `good`, `find` and `changed` (not its names, definition or
/// formula).
pub fn member_copy(dir: &Path, problems: &mut Vec<Problem>) -> Vec<CopyText> {
    let mut copy = Vec::new();
    for path in files(dir, "toml", problems) {
        let name = file_name(dir, &path);
        if name == FILE {
            continue;
        }
        if let Some(value) = read_toml::<toml::Value>(&path, problems) {
            strings(&value, "", &mut |key, text| {
                copy.push(CopyText {
                    file: name.clone(),
                    key,
                    text: text.to_owned(),
                    own_names: Vec::new(),
                });
            });
        }
    }
    for path in files(&dir.join("guides"), "md", problems) {
        let name = file_name(dir, &path);
        if let Ok(text) = std::fs::read_to_string(&path) {
            for (i, line) in text.lines().enumerate() {
                copy.push(CopyText {
                    file: name.clone(),
                    key: format!("line {}", i + 1),
                    text: line.to_owned(),
                    own_names: Vec::new(),
                });
            }
        }
    }
    glossary_copy(dir, &mut copy, problems);
    copy
}

/// The glossary's member-facing texts that are not its own names and definitions.
fn glossary_copy(dir: &Path, copy: &mut Vec<CopyText>, problems: &mut Vec<Problem>) {
    const WORDS_FILE: &str = "words.toml";
    const TAUGHT: [&str; 6] = [
        "name",
        "abbreviation",
        "full_name",
        "aliases",
        "old_names",
        "definition",
    ];
    for path in files(&dir.join("glossary"), "toml", problems) {
        let name = file_name(dir, &path);
        if name.ends_with(WORDS_FILE) {
            continue;
        }
        let Some(value) = read_toml::<toml::Value>(&path, problems) else {
            continue;
        };
        let tables = ["entry", "step"]
            .iter()
            .filter_map(|t| value.get(t).and_then(toml::Value::as_array))
            .flatten()
            .filter_map(toml::Value::as_table);
        for table in tables {
            let id = table.get("id").and_then(toml::Value::as_str).unwrap_or("");
            let own_names: Vec<String> = ["name", "abbreviation", "full_name"]
                .iter()
                .filter_map(|k| table.get(*k).and_then(toml::Value::as_str))
                .map(str::to_owned)
                .chain(
                    ["aliases", "old_names"]
                        .iter()
                        .filter_map(|k| table.get(*k).and_then(toml::Value::as_array))
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_owned)),
                )
                .collect();
            for (field, v) in table {
                if TAUGHT.contains(&field.as_str()) || field == "formula" || field == "id" {
                    continue;
                }
                if let Some(text) = v.as_str() {
                    copy.push(CopyText {
                        file: name.clone(),
                        key: format!("{id}.{field}"),
                        text: text.to_owned(),
                        own_names: own_names.clone(),
                    });
                }
            }
        }
    }
}

/// Every string in a TOML value, with its dotted key (`chart.note`, `checklists.ctr[2]`).
fn strings(value: &toml::Value, key: &str, out: &mut impl FnMut(String, &str)) {
    match value {
        toml::Value::String(s) => out(key.to_owned(), s),
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if key.is_empty() {
                    k.clone()
                } else {
                    format!("{key}.{k}")
                };
                strings(v, &key, out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                strings(v, &format!("{key}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The files of `dir` ending in `.ext`, sorted.
fn files(dir: &Path, ext: &str, problems: &mut Vec<Problem>) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = match std::fs::read_dir(dir) {
        Ok(list) => list
            .flatten()
            .map(|item| item.path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect(),
        Err(e) => {
            problems.push(Problem::new(
                display(dir),
                None,
                format!("cannot read the folder: {e}"),
            ));
            Vec::new()
        }
    };
    out.sort();
    out
}

/// `path` relative to `prompts/`, with `/` between folders (`guides/using-the-bot.md`).
fn file_name(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `funnel-coach check`: the list itself (each word has a plain replacement, none is a
/// glossary name), then every jargon word in member-facing copy, and every accepted hit in
/// `allow` that no longer happens.
pub fn problems(content: &Content, dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let list_file = display(&dir.join(FILE));
    let Some(list) = read_toml::<JargonList>(&dir.join(FILE), &mut problems) else {
        return problems;
    };
    let names: HashSet<String> = content
        .glossary
        .entries()
        .iter()
        .flat_map(|e| e.names().map(|(n, _)| normalize(n)))
        .collect();
    let mut seen = HashSet::new();
    for w in &list.jargon {
        let key = normalize(&w.word);
        if w.word.trim().is_empty() || w.say.trim().is_empty() {
            problems.push(Problem::new(
                &list_file,
                Some(&w.word),
                "needs both a word and what to say instead",
            ));
        } else if names.contains(&key) {
            problems.push(Problem::new(
                &list_file,
                Some(&w.word),
                "is a glossary name (a metric the bot teaches with /define); it can't be jargon",
            ));
        } else if !seen.insert((key, w.match_case)) {
            problems.push(Problem::new(&list_file, Some(&w.word), "is listed twice"));
        }
    }
    let copy = member_copy(dir, &mut problems);
    let hits = scan(&list, &copy);
    let accepted = |h: &Hit| {
        list.allow
            .iter()
            .any(|a| a.file == h.file && a.key == h.key && a.word == h.word)
    };
    for h in hits.iter().filter(|h| !accepted(h)) {
        problems.push(Problem::new(
            display(&dir.join(&h.file)),
            Some(&h.key),
            format!(
                "uses “{}”, a word a beginner may not know; say it plainly: {}",
                h.word, h.say
            ),
        ));
    }
    for a in &list.allow {
        let still = hits
            .iter()
            .any(|h| a.file == h.file && a.key == h.key && a.word == h.word);
        if !still {
            problems.push(Problem::new(
                &list_file,
                Some(&format!("allow {} {}", a.file, a.key)),
                format!(
                    "“{}” is no longer used there: delete this [[allow]] entry",
                    a.word
                ),
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> JargonList {
        JargonList {
            jargon: vec![
                Word {
                    word: "95% likely".into(),
                    say: "likely".into(),
                    match_case: false,
                },
                Word {
                    word: "interval".into(),
                    say: "likely range".into(),
                    match_case: false,
                },
                Word {
                    word: "CI".into(),
                    say: "likely range".into(),
                    match_case: true,
                },
            ],
            allow: Vec::new(),
        }
    }

    fn copy(text: &str) -> CopyText {
        CopyText {
            file: "decode.toml".into(),
            key: "chart.note".into(),
            text: text.into(),
            own_names: Vec::new(),
        }
    }

    #[test]
    fn a_range_called_95_percent_likely_is_flagged_with_file_key_and_word() {
        let hits = scan(&list(), &[copy("The band is its 95% likely range.")]);
        assert_eq!(
            hits,
            [Hit {
                file: "decode.toml".into(),
                key: "chart.note".into(),
                word: "95% likely".into(),
                say: "likely".into(),
            }]
        );
    }

    #[test]
    fn words_match_whole_and_case_only_where_asked() {
        assert!(scan(&list(), &[copy("The Interval is wide")]).len() == 1);
        assert!(scan(&list(), &[copy("intervals")]).is_empty());
        assert!(scan(&list(), &[copy("a 90% CI")]).len() == 1);
        assert!(scan(&list(), &[copy("ci"), copy("CIRCLE"), copy("special")]).is_empty());
        assert!(scan(&list(), &[copy("195% likely")]).is_empty());
    }

    #[test]
    fn an_entry_may_use_its_own_name() {
        let mut c = copy("An interval is a range.");
        c.own_names = vec!["Interval".into()];
        assert!(scan(&list(), &[c]).is_empty());
    }
}
