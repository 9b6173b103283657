//! `/decode` (and `funnel-coach decode`): the longest answer fits.

use std::path::Path;

use super::too_long;
use crate::content::{Content, Problem};
use crate::funnel::{decode, Counts, Thresholds, Verdict};
use crate::render;
use crate::render::limits;

/// The longest decode answer (every field present, with warnings) for every verdict fits a
/// Discord message, and its plain text (the CLI) fits one message's content.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = dir.join("decode.toml").display().to_string();
    for (counts, n) in render::decode::over_first_screen(&content.decode) {
        problems.push(Problem::new(
            &file,
            None,
            format!(
                "the first /decode message for {counts} is {n} characters, over {} (one phone screen)",
                limits::FIRST_SCREEN
            ),
        ));
    }
    for verdict in Verdict::ALL {
        let counts = Counts {
            impressions: 999_999_999_999,
            clicks: 999_999_999,
            orders: 999_999_999_999,
            add_to_carts: Some(999_999_999_999),
        };
        let mut d = decode(counts, Thresholds::default());
        d.verdict = verdict;
        let reply = render::decode::decoded(&d, &content.decode);
        too_long(
            &file,
            Some(&format!("verdicts.{}", verdict.code())),
            limits::check(&reply),
            problems,
        );
        let text = render::text::to_text(&reply, true);
        if text.chars().count() > limits::CONTENT {
            problems.push(Problem::new(
                &file,
                Some(&format!("verdicts.{}", verdict.code())),
                "the plain-text answer is over 2,000 characters",
            ));
        }
    }
}
