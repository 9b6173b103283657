//! Loading `prompts/`: the glossary, the decode copy and the rest of the bot's words, each
//! read into a typed shape (`decode`, `ui`, `test_log`, `glossary`). What one file can tell
//! is checked here — the shape, every key of a keyed table, the `{words}` of every text,
//! unique names. Whether the rendered answers fit Discord is checked above this module, in
//! `crate::check`. A broken file stops the start with the file, the key and the problem.

pub mod decode;
pub mod drills;
mod glossary;
pub mod guides;
pub mod jargon;
mod keys;
pub mod moderation;
pub mod reader;
pub mod remind;
pub mod report;
pub mod test_log;
pub mod text;
pub mod ui;

use std::fmt;
use std::path::Path;

pub use decode::DecodeCopy;
pub use drills::DrillsCopy;
pub use glossary::{first_sentence, FIRST_SENTENCE_WORDS};
pub use guides::GuideCopy;
pub use moderation::ModCopy;
pub use reader::ReaderCopy;
pub use report::ReportCopy;
pub use test_log::TestLogCopy;
pub use text::{ByKey, Key, Text};
pub use ui::UiCopy;

use crate::glossary::Glossary;
use crate::guide::Guide;

/// Everything the bot says, loaded and checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub glossary: Glossary,
    pub decode: DecodeCopy,
    pub ui: UiCopy,
    pub test_log: TestLogCopy,
    /// The built-in guides, in list order.
    pub guides: Vec<Guide>,
    pub guide: GuideCopy,
    pub moderation: ModCopy,
    pub drills: DrillsCopy,
    pub report: ReportCopy,
    pub remind: remind::RemindCopy,
    /// "Decode this" and `decode --from-text`.
    pub reader: ReaderCopy,
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
    pub fn new(
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

impl Content {
    /// Loads `dir` (usually `prompts/`) and checks each file.
    pub fn load(dir: &Path) -> Result<Content, Problems> {
        let mut problems = Vec::new();
        let decode: Option<DecodeCopy> = read_toml(&dir.join("decode.toml"), &mut problems);
        let ui: Option<UiCopy> = read_toml(&dir.join("ui.toml"), &mut problems);
        let test_log: Option<TestLogCopy> = read_toml(&dir.join("test_log.toml"), &mut problems);
        let report: Option<ReportCopy> = read_toml(&dir.join("report.toml"), &mut problems);
        let glossary = glossary::load(&dir.join("glossary"), &mut problems);
        let guides = guides::load(&dir.join("guides"), &mut problems);
        let guide: Option<GuideCopy> = read_toml(&dir.join("guide.toml"), &mut problems);
        let moderation: Option<ModCopy> = read_toml(&dir.join("mod.toml"), &mut problems);
        let drills: Option<DrillsCopy> = read_toml(&dir.join("drills.toml"), &mut problems);
        let remind: Option<remind::RemindCopy> = read_toml(&dir.join("remind.toml"), &mut problems);
        let reader: Option<ReaderCopy> = read_toml(&dir.join("reader.toml"), &mut problems);
        if let Some(d) = &drills {
            problems.extend(d.problems(&dir.join("drills.toml")));
        }
        let (
            Some(decode),
            Some(ui),
            Some(test_log),
            Some(glossary),
            Some(guides),
            Some(guide),
            Some(moderation),
            Some(drills),
            Some(report),
            Some(remind),
            Some(reader),
        ) = (
            decode, ui, test_log, glossary, guides, guide, moderation, drills, report, remind,
            reader,
        )
        else {
            return Err(Problems(problems));
        };
        problems.extend(ui.problems(&glossary, &display(&dir.join("ui.toml"))));
        if !problems.is_empty() {
            return Err(Problems(problems));
        }
        Ok(Content {
            glossary,
            decode,
            ui,
            test_log,
            guides,
            guide,
            moderation,
            drills,
            report,
            remind,
            reader,
        })
    }
}

pub(crate) fn display(path: &Path) -> String {
    path.display().to_string()
}

/// Reads one TOML file into its shape. A problem names the file, the key (as a dotted path,
/// like `steps.ctor.settle`) and what is wrong; a syntax error names the line.
pub(crate) fn read_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
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
    let deserializer = toml::Deserializer::new(&text);
    match serde_path_to_error::deserialize(deserializer) {
        Ok(v) => Some(v),
        Err(e) => {
            let key = e.path().to_string();
            let inner = e.into_inner();
            let place = inner
                .span()
                .map(|s| {
                    let line = text[..s.start.min(text.len())].matches('\n').count() + 1;
                    format!("line {line}: ")
                })
                .unwrap_or_default();
            let entry = (key != ".").then_some(key);
            problems.push(Problem::new(
                display(path),
                entry.as_deref(),
                format!("{place}{}", inner.message()),
            ));
            None
        }
    }
}
