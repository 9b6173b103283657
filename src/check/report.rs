//! `/report`: the longest summary, its button and every refusal fit.

use std::path::Path;

use super::{file, file_name, short, too_long};
use crate::content::{Content, Problem};
use crate::funnel::Thresholds;
use crate::render;
use crate::render::limits;

/// Renders the longest `/report` answer (every verdict, every reason a row is left out, every
/// warning, long names and periods) and every refusal, and checks each fits.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::report::{build, columns::Column, Missing, ReportError, ReportWarning};
    use render::report::{self as r, Shown};

    let file = file(dir, "report.toml");
    let copy = &content.report;
    let name = "W".repeat(300);
    let mut csv =
        String::from("Product ID,Product name,Product impressions,Product clicks,SKU orders\n");
    for (i, c, o) in [
        (999_999_999_999u64, 999_999_999u64, 1u64),
        (999_999_999_999, 999_999_999_999, 999_999_999),
        (999_999_999_999, 999_999_999_999, 1),
        (9, 9, 9),
        (999_999_999_999, 199_999_999_999, 99_999_999_999),
    ]
    .iter()
    .cycle()
    .take(12)
    {
        csv.push_str(&format!("{name},{name},{i},{c},{o}\n"));
    }
    for bad in ["-,1,0", "9%,1,0", "1,9,0", "0,9,0", "9,9,99", ""] {
        csv.push_str(&format!("{name},{name},{bad}\n"));
    }
    for _ in 0..10 {
        csv.push_str(&format!("{name},{name},1,1,999999999999\n"));
    }
    match build(csv.as_bytes(), Thresholds::default()) {
        Ok(mut report) => {
            report.period = Some("P".repeat(500));
            report.section = Some("S".repeat(500));
            report.warnings = ReportWarning::ALL.to_vec();
            let reply = r::summary(&report, Shown::DISCORD, copy, &content.decode);
            too_long(&file, Some("summary"), limits::check(&reply), problems);
            if let Some(button) = r::log_button(&report, u64::MAX, copy) {
                short(
                    &file,
                    "labels.button",
                    &button.label,
                    limits::BUTTON_LABEL,
                    problems,
                );
            }
        }
        Err(e) => problems.push(Problem::new(
            &file,
            None,
            format!("the longest report cannot be built: {e}"),
        )),
    }
    let errors = [
        ReportError::TooBig { bytes: usize::MAX },
        ReportError::TooManyRows,
        ReportError::NotAnExport {
            missing: Column::ALL
                .map(|column| Missing {
                    column,
                    found_instead: Some("F".repeat(100)),
                })
                .to_vec(),
        },
    ]
    .into_iter()
    .chain(crate::report::sheet::Unreadable::ALL.map(ReportError::Unreadable));
    for e in errors {
        let text = r::error(&e, copy);
        short(&file, "errors", &text, limits::DESCRIPTION, problems);
    }
    short(
        &file,
        "errors.title",
        &copy.errors.title,
        limits::TITLE,
        problems,
    );
    short(
        &file,
        "errors.wrong_type",
        &copy.errors.wrong_type.fill(&[("kind", &"K".repeat(100))]),
        limits::DESCRIPTION,
        problems,
    );
    file_name(&file, "csv.filename", &copy.csv.filename, ".csv", problems);
}
