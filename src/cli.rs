//! The command line's answers, as text and an exit code. `main.rs` only parses arguments.

use std::path::Path;

use crate::content::Content;
use crate::funnel::reader::{read, Reading, Status};
use crate::funnel::{decode_raw, DecodeError, Decoded, RawCounts, Thresholds};
use crate::glossary::Lookup;
use crate::render;
use crate::render::components::{ComponentId, GlossaryId};

/// Exit codes: an answer, an unknown term, invalid input, broken prompts or setup.
pub const EXIT_OK: i32 = 0;
pub const EXIT_UNKNOWN_TERM: i32 = 1;
pub const EXIT_INVALID_INPUT: i32 = 2;
pub const EXIT_BROKEN_SETUP: i32 = 3;

/// What a command prints, and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    /// Problems beside the answer (a chart that could not be written).
    pub stderr: String,
    pub code: i32,
}

/// The answer ran but something beside it failed (the chart file).
pub const EXIT_PARTLY: i32 = 1;

/// `backup` or `restore` could not be done (a bot uses the database, a disk error).
pub const EXIT_NOT_DONE: i32 = 1;

fn json_text(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
}

/// `funnel-coach define <term> [--full]`: the short answer `/define` shows first, or with
/// `full` everything its details button adds.
pub fn define(content: &Content, term: &str, json: bool, full: bool) -> Outcome {
    let found = content.glossary.lookup(term);
    let code = match found {
        Lookup::Found { .. } => EXIT_OK,
        Lookup::Unknown { .. } => EXIT_UNKNOWN_TERM,
    };
    let stdout = if json {
        json_text(&match &found {
            Lookup::Found {
                entry, old_name, ..
            } => render::json::entry(entry, *old_name),
            Lookup::Unknown { suggestions } => render::json::unknown(term, suggestions),
        })
    } else if full {
        render::text::to_text(&render::define::lookup_full(term, &found, content), false)
    } else {
        let mut shown = render::define::lookup(term, &found, false, content);
        let more = shown.buttons.iter().any(|b| {
            matches!(
                GlossaryId::parse(&b.custom_id),
                Some(GlossaryId::Details(_))
            )
        });
        // The terminal can't tap: the related terms stay listed, the details button becomes
        // a hint.
        shown.buttons.retain(|b| {
            !matches!(
                GlossaryId::parse(&b.custom_id),
                Some(GlossaryId::Details(_))
            )
        });
        let mut text = render::text::to_text(&shown, false);
        if more {
            text.push_str(&content.ui.define.cli_more);
            text.push('\n');
        }
        text
    };
    Outcome {
        stdout,
        stderr: String::new(),
        code,
    }
}

/// How `funnel-coach decode` prints its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The first message of `/decode`, then a line pointing to `--full`.
    Short,
    /// Everything: counts, every rate, the checklist.
    Full,
    Json,
}

/// `funnel-coach decode <impressions> <clicks> <orders> [--add-to-carts N] [--full]
/// [--chart FILE]`: the answer, and with `chart` the funnel chart written there as a PNG (the
/// answer is printed either way; a chart that cannot be written is said on stderr, exit 1).
pub fn decode(
    content: &Content,
    raw: RawCounts<'_>,
    shape: Shape,
    chart: Option<&Path>,
) -> Outcome {
    answer(
        content,
        &decode_raw(raw, Thresholds::default()),
        shape,
        chart,
        None,
    )
}

/// The longest text `decode --from-text` reads, in bytes (a Discord message with its embeds
/// is far shorter).
pub const MAX_TEXT_BYTES: usize = 100_000;

/// `funnel-coach decode --from-text TEXT`: the counts read out of a message the way "Decode
/// this" reads them, then decoded. What was read comes first (with `--json`, which words matched
/// which count). A reading that is not complete cannot be confirmed here: it says what is
/// missing or unsure and the `decode` command to run (exit 2); text with no numbers says what
/// it looks for (exit 2).
pub fn decode_text(content: &Content, text: &str, shape: Shape, chart: Option<&Path>) -> Outcome {
    let reading = read(text);
    let copy = &content.reader;
    let refused = |stdout: String| Outcome {
        stdout,
        stderr: String::new(),
        code: EXIT_INVALID_INPUT,
    };
    if let (Status::Complete, Some(counts)) = (reading.status, reading.counts.counts()) {
        let decoded = counts
            .check()
            .map(|c| crate::funnel::decode(c, Thresholds::default()));
        return answer(content, &decoded, shape, chart, Some(&reading));
    }
    if shape == Shape::Json {
        let mut out = render::reader::json(&reading, None, copy, &content.decode);
        if reading.status == Status::NoCounts {
            out["error"] = serde_json::json!({
                "reason": "no_numbers",
                "message": render::text::plain(&copy.no_numbers.text),
            });
        }
        return refused(json_text(&out));
    }
    match render::reader::cli_unsure(&reading, copy, &content.decode) {
        Some(text) => refused(format!("{text}\n")),
        None => refused(format!(
            "{}\n{}\n",
            copy.no_numbers.title,
            render::text::plain(&copy.no_numbers.text)
        )),
    }
}

/// A decode's answer in `shape`; with `reading` (from `--from-text`), what was read comes
/// first.
fn answer(
    content: &Content,
    decoded: &Result<Decoded, DecodeError>,
    shape: Shape,
    chart: Option<&Path>,
    reading: Option<&Reading>,
) -> Outcome {
    let json = shape == Shape::Json;
    let copy = &content.decode;
    if let (true, Some(reading)) = (json, reading) {
        let code = if decoded.is_ok() {
            EXIT_OK
        } else {
            EXIT_INVALID_INPUT
        };
        let stdout = json_text(&render::reader::json(
            reading,
            Some(decoded),
            &content.reader,
            copy,
        ));
        return with_chart(content, decoded, stdout, code, chart);
    }
    let lead = reading.map_or_else(String::new, |r| {
        format!(
            "{}\n\n",
            render::text::plain(&render::reader::lead(r, &content.reader))
        )
    });
    match decoded {
        Ok(d) => {
            let stdout = match shape {
                Shape::Json => json_text(&render::json::decoded(d, copy)),
                Shape::Full => render::text::to_text(&render::decode::decoded_full(d, copy), false),
                Shape::Short => {
                    let mut shown = render::decode::decoded(d, copy);
                    // The terminal can't tap: the checklist button becomes a hint.
                    shown.buttons.clear();
                    let mut text = render::text::to_text(&shown, false);
                    text.push_str(&copy.labels.cli_more);
                    text.push('\n');
                    text
                }
            };
            with_chart(content, decoded, format!("{lead}{stdout}"), EXIT_OK, chart)
        }
        Err(e) => Outcome {
            stdout: if json {
                json_text(&render::json::decode_error(e, &content.decode))
            } else {
                format!(
                    "{lead}{}\n{}\n",
                    content.decode.errors.title,
                    render::text::plain(&render::decode::error(e, &content.decode))
                )
            },
            stderr: String::new(),
            code: EXIT_INVALID_INPUT,
        },
    }
}

/// Writes the chart of `decoded` to `chart` when asked (and decoded): a chart that cannot be
/// written is said on stderr, exit 1, the answer printed either way.
fn with_chart(
    content: &Content,
    decoded: &Result<Decoded, DecodeError>,
    stdout: String,
    code: i32,
    chart: Option<&Path>,
) -> Outcome {
    let written = match (chart, decoded) {
        (Some(path), Ok(d)) => Some(
            render::chart::funnel(d, &content.decode)
                .map_err(|e| e.to_string())
                .and_then(|png| std::fs::write(path, png.bytes).map_err(|e| e.to_string()))
                .map_err(|e| format!("cannot write the chart to {}: {e}", path.display())),
        ),
        _ => None,
    };
    match written {
        Some(Err(stderr)) => Outcome {
            stdout,
            stderr,
            code: EXIT_PARTLY,
        },
        _ => Outcome {
            stdout,
            stderr: String::new(),
            code,
        },
    }
}

/// `funnel-coach drill [--seed N]`: a drill as `/drill` shows it (a member with no answers
/// yet, the default targets), then its answer and explanation. The same seed gives the same
/// drill.
pub fn drill(content: &Content, seed: u32) -> Outcome {
    use crate::drill::{generate::counts, next_drill, weights};

    let copy = &content.drills;
    let t = Thresholds::default();
    let Some((scenario, d)) = next_drill(&copy.scenario, &weights(&[]), t, seed) else {
        return Outcome {
            stdout: String::new(),
            stderr: "prompts/drills.toml has no scenarios".to_owned(),
            code: EXIT_BROKEN_SETUP,
        };
    };
    let nobody = render::components::Audience::Server {
        owner: 0,
        shared: false,
    };
    let shown = render::drill::drill(scenario, &d, nobody, copy, &content.decode);
    let mut shown = render::text::to_text(&shown, false);
    // The terminal can't tap: the answers are listed, then revealed.
    let answer = render::drill::revealed(
        scenario,
        &crate::funnel::decode(counts(d.counts), t),
        copy,
        &content.decode,
    );
    shown.push('\n');
    shown.push_str(&render::text::to_text(&answer, false));
    Outcome {
        stdout: shown,
        stderr: String::new(),
        code: EXIT_OK,
    }
}
/// The targets `report --ctr P --ctor P` accept, in percent.
pub const TARGET_PERCENT: std::ops::RangeInclusive<f64> = 0.01..=50.0;

/// A target typed in percent (`1.5` or `1.5%`) as a fraction; the reason when it is not one.
pub fn parse_target(text: &str) -> Result<f64, String> {
    // The same rule as `/mod settings thresholds`, within the CLI's own range.
    match crate::moderation::parse_target(text) {
        Ok(p) if TARGET_PERCENT.contains(&(p * 100.0)) => Ok(p),
        _ => Err(format!(
            "{text:?} is not a target in percent from {} to {} (e.g. 1.5)",
            TARGET_PERCENT.start(),
            TARGET_PERCENT.end()
        )),
    }
}

/// `funnel-coach report FILE [--json] [--ctr P] [--ctor P]`: every product of a Seller Center
/// export decoded and ranked, with the totals. Exit 0 with a report; 2 when the file is not an
/// export, cannot be read, or is over the limits (nothing else is written).
pub fn report(content: &Content, path: &Path, json: bool, thresholds: Thresholds) -> Outcome {
    let copy = &content.report;
    let built = read_export(path)
        .and_then(|bytes| crate::report::build(&bytes, thresholds).map_err(ReportFailure::Report));
    match built {
        Ok(r) => Outcome {
            stdout: if json {
                json_text(&render::report::json(&r, copy))
            } else {
                render::text::to_text(
                    &render::report::summary(&r, render::report::Shown::CLI, copy, &content.decode),
                    false,
                )
            },
            stderr: String::new(),
            code: EXIT_OK,
        },
        Err(failure) => {
            let (reason, message, missing) = match &failure {
                ReportFailure::File(e) => ("file", format!("{}: {e}", path.display()), None),
                ReportFailure::Report(e) => (
                    report_reason(e),
                    render::report::error(e, copy),
                    match e {
                        crate::report::ReportError::NotAnExport { missing } => {
                            Some(missing.iter().map(|m| m.column.key()).collect::<Vec<_>>())
                        }
                        _ => None,
                    },
                ),
            };
            Outcome {
                stdout: if json {
                    json_text(&serde_json::json!({
                        "error": {"reason": reason, "message": render::text::plain(&message), "missing": missing}
                    }))
                } else {
                    format!("{}\n{}\n", copy.errors.title, render::text::plain(&message))
                },
                stderr: String::new(),
                code: EXIT_INVALID_INPUT,
            }
        }
    }
}

enum ReportFailure {
    /// The file system refused (no such file, a folder, no permission).
    File(std::io::Error),
    Report(crate::report::ReportError),
}

fn report_reason(e: &crate::report::ReportError) -> &'static str {
    use crate::report::ReportError as E;
    match e {
        E::TooBig { .. } => "too_big",
        E::TooManyRows => "too_many_rows",
        E::Unreadable(u) => u.key(),
        E::NotAnExport { .. } => "not_an_export",
    }
}

/// The file's bytes; a file over the size limit is refused before it is read.
fn read_export(path: &Path) -> Result<Vec<u8>, ReportFailure> {
    let size = std::fs::metadata(path).map_err(ReportFailure::File)?.len();
    let max = crate::report::sheet::MAX_BYTES;
    if size > max as u64 {
        return Err(ReportFailure::Report(crate::report::ReportError::TooBig {
            bytes: usize::try_from(size).unwrap_or(usize::MAX),
        }));
    }
    std::fs::read(path).map_err(ReportFailure::File)
}

/// `funnel-coach backup FILE`: a checked copy of the live database (see [`crate::store::backup`]).
pub async fn backup(database_url: &str, file: &Path) -> Outcome {
    copy_outcome(
        crate::store::backup::backup(database_url, file).await,
        |c| {
            format!(
                "Backed up {} to {} ({} bytes); it opens and passes SQLite's integrity check.",
                c.database.display(),
                c.file.display(),
                c.bytes
            )
        },
    )
}

/// `funnel-coach restore FILE`: the database replaced by a checked backup, the bot stopped.
pub async fn restore(database_url: &str, file: &Path) -> Outcome {
    copy_outcome(
        crate::store::backup::restore(database_url, file).await,
        |c| {
            let kept = c.kept.as_ref().map_or(String::new(), |k| {
                format!(" The database it replaced is kept as {}.", k.display())
            });
            format!(
                "Restored {} from {} ({} bytes); start the bot again.{kept}",
                c.database.display(),
                c.file.display(),
                c.bytes
            )
        },
    )
}

/// `funnel-coach migrate-store --from sqlite://… --to postgres://…`: the whole store copied
/// into an empty `PostgreSQL` database (see [`crate::store::migrate`]).
pub async fn migrate_store(from: &str, to: &str) -> Outcome {
    match crate::store::migrate::migrate_store(from, to).await {
        Ok(copied) => {
            let rows: u64 = copied.iter().map(|(_, n)| n).sum();
            let mut out = format!(
                "Copied {rows} rows in {} tables to {} (every count checked):\n",
                copied.len(),
                crate::config::redacted(to)
            );
            for (table, n) in &copied {
                out.push_str(&format!("  {table}: {n}\n"));
            }
            out.push_str("Now set DATABASE_URL to the PostgreSQL address and start the bot.");
            Outcome {
                stdout: out,
                stderr: String::new(),
                code: EXIT_OK,
            }
        }
        Err(e) => Outcome {
            stdout: String::new(),
            code: if e.is_unreachable() {
                EXIT_BROKEN_SETUP
            } else if e.is_input() {
                EXIT_INVALID_INPUT
            } else {
                EXIT_NOT_DONE
            },
            stderr: format!("{e}. Nothing was copied."),
        },
    }
}

fn copy_outcome(
    result: Result<crate::store::backup::Copied, crate::store::backup::BackupError>,
    done: impl FnOnce(&crate::store::backup::Copied) -> String,
) -> Outcome {
    match result {
        Ok(c) => Outcome {
            stdout: done(&c),
            stderr: String::new(),
            code: EXIT_OK,
        },
        Err(e) => Outcome {
            stdout: String::new(),
            code: if e.is_input() {
                EXIT_INVALID_INPUT
            } else {
                EXIT_NOT_DONE
            },
            stderr: e.to_string(),
        },
    }
}
