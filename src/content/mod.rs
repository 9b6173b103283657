//! Loading and validating `prompts/`: the glossary, the decode copy and the rest of the
//! bot's words. A broken file stops the start with the file, the entry and the problem.

pub mod copy;
pub mod template;
mod validate;

use std::fmt;
use std::path::{Path, PathBuf};

pub use copy::{DecodeCopy, TestLogCopy, UiCopy};
pub use template::fill;

use crate::glossary::{Entry, Glossary, StepInfo};

/// Everything the bot says, loaded and checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub glossary: Glossary,
    pub decode: DecodeCopy,
    pub ui: UiCopy,
    pub test_log: TestLogCopy,
}

/// One thing wrong in `prompts/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub entry: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.entry {
            Some(e) => write!(f, "{}: {}: {}", self.file, e, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// All the problems found, so one run of `check` lists every one of them.
#[derive(Debug, Clone, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Problem {
    pub(crate) fn new(
        file: impl Into<String>,
        entry: Option<&str>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            file: file.into(),
            entry: entry.map(str::to_owned),
            message: message.into(),
        }
    }
}

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

impl Content {
    /// Loads `dir` (usually `prompts/`) and validates everything in it.
    pub fn load(dir: &Path) -> Result<Content, Problems> {
        let mut problems = Vec::new();
        let decode: Option<DecodeCopy> = read_toml(&dir.join("decode.toml"), &mut problems);
        let ui: Option<UiCopy> = read_toml(&dir.join("ui.toml"), &mut problems);
        let test_log: Option<TestLogCopy> = read_toml(&dir.join("test_log.toml"), &mut problems);
        let glossary_dir = dir.join("glossary");
        let steps: Option<StepsFile> = read_toml(&glossary_dir.join(STEPS_FILE), &mut problems);
        let mut entries = Vec::new();
        let mut files = Vec::new();
        match std::fs::read_dir(&glossary_dir) {
            Ok(list) => {
                for item in list.flatten() {
                    let path = item.path();
                    let is_toml = path.extension().is_some_and(|e| e == "toml");
                    if is_toml && path.file_name().is_some_and(|n| n != STEPS_FILE) {
                        files.push(path);
                    }
                }
            }
            Err(e) => problems.push(Problem::new(
                display(&glossary_dir),
                None,
                format!("cannot read the folder: {e}"),
            )),
        }
        files.sort();
        for path in &files {
            let Some(file) = read_toml::<EntriesFile>(path, &mut problems) else {
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
        let (Some(decode), Some(ui), Some(test_log), Some(steps)) = (decode, ui, test_log, steps)
        else {
            return Err(Problems(problems));
        };
        validate::glossary(&steps.step, &entries, &mut problems);
        validate::decode_copy(&decode, &display(&dir.join("decode.toml")), &mut problems);
        validate::ui_copy(&ui, &display(&dir.join("ui.toml")), &mut problems);
        validate::test_log_copy(
            &test_log,
            &display(&dir.join("test_log.toml")),
            &mut problems,
        );
        let glossary = Glossary::new(steps.step, entries.into_iter().map(|(_, e)| e).collect());
        let content = Content {
            glossary,
            decode,
            ui,
            test_log,
        };
        validate::rendered(&content, dir, &mut problems);
        validate::rendered_test_log(&content, dir, &mut problems);
        if problems.is_empty() {
            Ok(content)
        } else {
            Err(Problems(problems))
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

fn read_toml<T: serde::de::DeserializeOwned>(
    path: &PathBuf,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::new(
                display(path),
                None,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    match toml::from_str(&text) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = e.message().to_owned();
            let place = e
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            problems.push(Problem::new(
                display(path),
                None,
                format!("{place}{message}"),
            ));
            None
        }
    }
}
