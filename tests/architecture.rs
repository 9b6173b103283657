//! The layer rules of STYLE.md, checked by reading `src/` rather than by memory: every import
//! that breaks one fails this test with its file and line.
//!
//! The layers (modules of `src/lib.rs`):
//! - below the store and the bot — [`BELOW_STORE`]: the domain (`funnel`, `glossary`, `drill`,
//!   `schedule`, `guide`, `report`, `test_log`, `moderation`, `member`, `notify`, `zone`,
//!   `clock`) and the two layers the domain answers through, `render` and `content`. None of
//!   them imports `store` or `bot`, so the CLI, the bot, the tests and the benchmarks all call
//!   the same functions;
//! - above them, free to use both: `bot`, `store`, `scheduler`, `check`, `cli`, `config`,
//!   `logging`, `tasks` (and `main.rs`);
//! - serenity and poise only under `src/bot/`; sqlx only under `src/store/`;
//! - in `src/bot/`, a feature file (one command group, a file or a folder) never imports
//!   another feature's: what two features share has a module of its own ([`BOT_SHARED`]).
//!   Only the one list of commands (`bot/mod.rs`) and the one list of component features
//!   (`bot/components.rs`) name every feature. Any module of `bot/` not in [`BOT_SHARED`] is a
//!   feature, so a new command group is checked without editing this file.
//!
//! Paths are read from `use` statements (groups and `as` included) and from `crate::…`,
//! `super::…` and `self::…` paths anywhere in code; `super` is resolved from the file's place
//! and any inline `mod x { … }` it sits in. Comments and string literals are not read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Modules that import neither `store` nor `bot`.
const BELOW_STORE: [&str; 13] = [
    "funnel",
    "glossary",
    "drill",
    "schedule",
    "guide",
    "report",
    "test_log",
    "moderation",
    "member",
    "notify",
    "clock",
    "render",
    "content",
];

/// Modules of `src/bot/` that several features use: not features themselves.
const BOT_SHARED: [&str; 14] = [
    "attachments",
    "chart",
    "components",
    "decode_card",
    "error",
    "guides_here",
    "in_time",
    "notices",
    "notify",
    "permissions",
    "practice",
    "reply",
    "traced",
    "zone_picker",
];

/// The files of `src/bot/` allowed to name every feature: the two lists.
const BOT_LISTS: [&str; 2] = ["src/bot/mod.rs", "src/bot/components.rs"];

/// One import that breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Breach {
    file: String,
    line: usize,
    what: String,
}

impl std::fmt::Display for Breach {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.what)
    }
}

/// What the rules need to know about the tree: the modules directly under `bot`.
struct Layout {
    bot_modules: BTreeSet<String>,
}

impl Layout {
    fn features(&self) -> impl Iterator<Item = &str> {
        self.bot_modules
            .iter()
            .map(String::as_str)
            .filter(|m| !BOT_SHARED.contains(m))
    }

    fn is_feature(&self, module: &str) -> bool {
        self.features().any(|f| f == module)
    }

    /// Every breach in `source`, the text of the file at `path` (`src/…`, `/` separated).
    fn breaches(&self, path: &str, source: &str) -> Vec<Breach> {
        let code = blank_comments_and_strings(source);
        let here = module_of(path);
        let inline = inline_modules(&code);
        let mut out = Vec::new();
        let mut breach = |offset: usize, what: String| {
            let line = code[..offset].matches('\n').count() + 1;
            let b = Breach {
                file: path.to_owned(),
                line,
                what,
            };
            if !out.contains(&b) {
                out.push(b);
            }
        };
        for (offset, path_text) in paths(&code) {
            let mut module = here.clone();
            module.extend(
                inline
                    .iter()
                    .filter(|(start, end, _)| (*start..*end).contains(&offset))
                    .map(|(_, _, name)| name.clone()),
            );
            let segments: Vec<&str> = path_text.split("::").map(str::trim).collect();
            let first = segments[0];
            if ["serenity", "poise"].contains(&first) && !path.starts_with("src/bot/") {
                breach(
                    offset,
                    format!("`{path_text}`: serenity and poise belong in src/bot/ only"),
                );
                continue;
            }
            if first == "sqlx" && !path.starts_with("src/store/") {
                breach(
                    offset,
                    format!("`{path_text}`: sqlx belongs in src/store/ only"),
                );
                continue;
            }
            let Some(target) = resolve(&module, &segments) else {
                continue;
            };
            let (Some(from), Some(to)) = (here.first(), target.first()) else {
                continue;
            };
            if BELOW_STORE.contains(&from.as_str()) && (to == "store" || to == "bot") {
                breach(
                    offset,
                    format!("`{path_text}`: {from} is below the store and the bot; it may not import {to}"),
                );
            }
            if from == "bot" && to == "bot" && !BOT_LISTS.contains(&path) {
                if let Some(other) = target.get(1) {
                    let own = here.get(1);
                    if self.is_feature(other) && own != Some(other) {
                        let me = own.map_or("bot", String::as_str);
                        breach(
                            offset,
                            format!(
                                "`{path_text}`: bot/{me} imports the feature bot/{other}; give what they share a module of its own"
                            ),
                        );
                    }
                }
            }
        }
        out
    }
}

/// `src/bot/moderation/guides.rs` → `["bot", "moderation", "guides"]`; `mod.rs` is its folder;
/// `lib.rs` and `main.rs` are the root.
fn module_of(path: &str) -> Vec<String> {
    let inner = path.strip_prefix("src/").unwrap_or(path);
    let inner = inner.strip_suffix(".rs").unwrap_or(inner);
    let mut segments: Vec<String> = inner.split('/').map(str::to_owned).collect();
    if matches!(
        segments.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        segments.pop();
    }
    segments
}

/// The module a path names, from the crate root; `None` for a path outside the crate
/// (`std::…`, `tokio::…`). A first segment that is none of `crate`, `super`, `self` or a known
/// outside crate is taken as a child module (`use welcome::on_join;`): under this file's module.
fn resolve(module: &[String], segments: &[&str]) -> Option<Vec<String>> {
    let mut at: Vec<String> = module.to_vec();
    let mut rest = segments;
    match rest.first().copied() {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first() == Some(&"super") {
                at.pop()?;
                rest = &rest[1..];
            }
        }
        Some(
            "std" | "core" | "alloc" | "funnel_coach" | "serenity" | "poise" | "sqlx" | "tokio"
            | "tracing" | "jiff" | "serde" | "serde_json" | "thiserror" | "reqwest",
        )
        | None => return None,
        Some(_) => {}
    }
    at.extend(
        rest.iter()
            .filter(|s| !s.is_empty() && **s != "self" && **s != "*")
            .map(|s| (*s).to_owned()),
    );
    Some(at)
}

/// Every path the code names, with where it starts: each leaf of each `use` tree, and each
/// `crate::`, `super::`, `self::`, `serenity::`, `poise::` or `sqlx::` path elsewhere.
fn paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let word_start = |i: usize| {
        i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':')
    };
    let mut i = 0;
    while i < code.len() {
        let rest = &code[i..];
        if word_start(i) && rest.starts_with("use ") {
            if let Some(end) = rest.find(';') {
                for leaf in expand(&rest[4..end]) {
                    out.push((i, leaf));
                }
                i += end + 1;
                continue;
            }
        }
        if word_start(i) {
            for root in [
                "crate::",
                "super::",
                "self::",
                "serenity::",
                "poise::",
                "sqlx::",
            ] {
                if rest.starts_with(root) {
                    let len = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                        .unwrap_or(rest.len());
                    out.push((i, rest[..len].trim_end_matches(':').to_owned()));
                    i += len;
                    break;
                }
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// The leaves of a `use` tree: `super::{a, b::{c, D}}` → `super::a`, `super::b::c`,
/// `super::b::D`; an `as` rename is dropped.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.split_whitespace().collect::<String>()];
    };
    let prefix: String = tree[..open].split_whitespace().collect();
    let close = tree.rfind('}').unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .flat_map(expand)
        .map(|leaf| format!("{prefix}{leaf}"))
        .collect()
}

/// Inline modules (`mod tests { … }`): where each starts and ends, and its name.
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let at = from + found;
        from = at + 4;
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let rest = &code[at + 4..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let after = rest[name_len..].trim_start();
        if name_len == 0 || !after.starts_with('{') {
            continue;
        }
        let open = at + 4 + name_len + (rest[name_len..].len() - after.len());
        let mut depth = 0;
        let mut end = code.len();
        for (i, c) in code[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        out.push((open, end, rest[..name_len].to_owned()));
    }
    out
}

/// `source` with every comment and the inside of every string and character literal replaced
/// by spaces (newlines kept, so offsets and lines stay where they were).
fn blank_comments_and_strings(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
        {
            // A raw string: r"…", r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.extend(std::iter::repeat_n(' ', j - i + 1));
            i = j + 1;
            while i < chars.len() {
                let closes =
                    chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#'));
                if closes {
                    out.extend(std::iter::repeat_n(' ', hashes + 1));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() {
                match chars[i] {
                    '\\' => {
                        out.push(' ');
                        if let Some(e) = chars.get(i + 1) {
                            out.push(blank(*e));
                        }
                        i += 2;
                    }
                    '"' => {
                        out.push(' ');
                        i += 1;
                        break;
                    }
                    other => {
                        out.push(blank(other));
                        i += 1;
                    }
                }
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\''), not a lifetime ('a).
            let len = match (next, chars.get(i + 2), chars.get(i + 3)) {
                (Some('\\'), _, _) => chars
                    .get(i + 3..)
                    .and_then(|after| after.iter().position(|&c| c == '\''))
                    .map(|p| p + 4),
                (Some(_), Some('\''), _) => Some(3),
                _ => None,
            };
            if let Some(len) = len {
                out.extend(std::iter::repeat_n(' ', len));
                i += len;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn layout_of(files: &[String]) -> Layout {
    let bot_modules = files
        .iter()
        .filter_map(|f| f.strip_prefix("src/bot/"))
        .filter_map(|f| {
            let name = f.split('/').next()?;
            let name = name.strip_suffix(".rs").unwrap_or(name);
            (name != "mod").then(|| name.to_owned())
        })
        .collect();
    Layout { bot_modules }
}

#[test]
fn every_import_in_src_keeps_to_its_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let named: Vec<String> = files
        .iter()
        .map(|f| {
            f.strip_prefix(root)
                .expect("under the crate")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let layout = layout_of(&named);
    assert!(
        layout.is_feature("drill") && !layout.is_feature("reply"),
        "the bot's modules were not found: {:?}",
        layout.bot_modules
    );
    let mut breaches = Vec::new();
    for (file, name) in files.iter().zip(&named) {
        let source = std::fs::read_to_string(file).expect("a readable source file");
        breaches.extend(layout.breaches(name, &source));
    }
    assert!(
        breaches.is_empty(),
        "{} imports break the layer rules (see tests/architecture.rs and STYLE.md):\n{}",
        breaches.len(),
        breaches
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn fake_layout() -> Layout {
    layout_of(
        &[
            "src/bot/mod.rs",
            "src/bot/components.rs",
            "src/bot/drill.rs",
            "src/bot/remind.rs",
            "src/bot/moderation/mod.rs",
            "src/bot/moderation/guides.rs",
            "src/bot/error.rs",
            "src/bot/reply.rs",
            "src/bot/zone_picker.rs",
        ]
        .map(String::from),
    )
}

/// The lines with a breach (a `use` group may hold several).
fn lines(breaches: &[Breach]) -> Vec<usize> {
    let mut lines: Vec<usize> = breaches.iter().map(|b| b.line).collect();
    lines.dedup();
    lines
}

#[test]
fn a_domain_or_render_file_reaching_into_the_store_or_the_bot_is_caught() {
    let layout = fake_layout();
    let source = "use crate::funnel::Counts;\n\
                  use crate::store::reminders::{Due, Reminder};\n\
                  fn f() { let z = crate::store::reminders::zone(\"UTC\"); }\n\
                  use crate::bot::reply;\n";
    let found = layout.breaches("src/render/remind.rs", source);
    assert_eq!(lines(&found), [2, 3, 4], "{found:?}");
    assert_eq!(found[0].file, "src/render/remind.rs");
    assert!(found[0].to_string().starts_with("src/render/remind.rs:2: "));
    assert!(
        found[0].what.contains("may not import store"),
        "{}",
        found[0]
    );
    // A module above the store may use it; a comment or a string naming it is no import.
    assert!(layout
        .breaches("src/scheduler/mod.rs", "use crate::store::Db;")
        .is_empty());
    let quiet =
        "// use crate::store::Db;\n/// `crate::bot::run`\nconst S: &str = \"crate::store::x\";\n";
    assert!(layout.breaches("src/drill/mod.rs", quiet).is_empty());
    // `super` out of a domain module into the store.
    let found = layout.breaches("src/schedule/rule.rs", "use super::super::store::Db;");
    assert_eq!(lines(&found), [1]);
}

#[test]
fn discord_outside_the_bot_and_sqlx_outside_the_store_are_caught() {
    let layout = fake_layout();
    let found = layout.breaches(
        "src/render/chart.rs",
        "use poise::serenity_prelude as serenity;\nfn f(_: serenity::Http) {}\n",
    );
    assert_eq!(lines(&found), [1, 2], "{found:?}");
    let found = layout.breaches("src/bot/drill.rs", "fn f() { sqlx::query(\"x\"); }");
    assert_eq!(lines(&found), [1]);
    assert!(found[0].what.contains("sqlx"));
    assert!(layout
        .breaches("src/store/drills.rs", "use sqlx::Row;")
        .is_empty());
    assert!(layout
        .breaches(
            "src/bot/drill.rs",
            "use poise::serenity_prelude as serenity;"
        )
        .is_empty());
}

#[test]
fn a_bot_feature_importing_another_feature_is_caught() {
    let layout = fake_layout();
    let source = "use super::components::{expired, Answer};\n\
                  use super::{reply, Data};\n\
                  use super::{\n    drill::new_drill,\n    zone_picker::complete_zone,\n};\n\
                  fn f() { super::moderation::complete_zone(); }\n";
    let found = layout.breaches("src/bot/remind.rs", source);
    assert_eq!(lines(&found), [3, 7], "{found:?}");
    assert!(found[0]
        .what
        .contains("bot/remind imports the feature bot/drill"));
    // Inside a feature's folder, its own files and the shared modules are fine; another
    // feature is not.
    let nested =
        "use super::refuse;\nuse crate::bot::error::BotError;\nuse super::super::remind::x;\n";
    let found = layout.breaches("src/bot/moderation/guides.rs", nested);
    assert_eq!(lines(&found), [3], "{found:?}");
    // A shared module may not reach into a feature either (the paused notice, once).
    let found = layout.breaches(
        "src/bot/error.rs",
        "async fn f() { super::remind::tell(); }",
    );
    assert_eq!(lines(&found), [1]);
    // The two lists name every feature; a test module's `super` is its own file.
    assert!(layout
        .breaches(
            "src/bot/components.rs",
            "fn f() { super::drill::components(); }"
        )
        .is_empty());
    let test_module =
        "mod tests {\n    use super::*;\n    fn f() { super::super::commands(); }\n}\n";
    assert!(layout.breaches("src/bot/drill.rs", test_module).is_empty());
}
