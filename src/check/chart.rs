//! The chart: its font draws every word, and its alt text fits.

use std::path::Path;

use crate::content::{Content, Key, Problem};
use crate::funnel::{decode, Counts, Thresholds, Verdict};
use crate::render;

/// The chart's words: the font draws every character, and the alt text of the longest
/// numbers (a chart's, and a before/after pair's) fits Discord's attachment description.
pub(super) fn words(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use render::chart;

    let file = dir.join("decode.toml").display().to_string();
    let copy = &content.decode;
    let c = &copy.chart;
    let mut words: Vec<(String, &str)> = vec![
        ("chart.impressions".into(), &c.impressions),
        ("chart.clicks".into(), &c.clicks),
        ("chart.orders".into(), &c.orders),
        ("chart.target".into(), &c.target),
        ("chart.no_rate".into(), &c.no_rate),
        ("chart.no_rate_mismatch".into(), &c.no_rate_mismatch),
        ("chart.fix_first".into(), &c.fix_first),
        ("chart.mismatch".into(), &c.mismatch),
        ("chart.mismatch_mark".into(), &c.mismatch_mark),
        ("on_target.headline".into(), &copy.on_target.headline),
        ("chart.note".into(), &c.note),
        ("chart.note_no_rate".into(), &c.note_no_rate),
    ];
    for (j, mark) in c.marks.iter() {
        words.push((format!("chart.marks.{}", j.key()), mark));
    }
    for (v, vc) in copy.verdicts.iter() {
        words.push((format!("verdicts.{}.headline", v.code()), &vc.headline));
    }
    for (k, sc) in copy.steps.iter() {
        words.push((format!("steps.{}.name", k.key()), &sc.name));
        words.push((format!("steps.{}.trials_name", k.key()), &sc.trials_name));
    }
    for (key, text) in words {
        match chart::missing_glyphs(text) {
            Ok(missing) if missing.is_empty() => {}
            Ok(missing) => problems.push(Problem::new(
                &file,
                Some(&key),
                format!(
                    "the chart's font cannot draw {}",
                    missing
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Err(e) => {
                problems.push(Problem::new(&file, Some("chart"), e.to_string()));
                return;
            }
        }
    }
    let big = Counts {
        impressions: 999_999_999_999,
        clicks: 999_999_999_998,
        orders: 999_999_999_997,
        add_to_carts: None,
    };
    let sides = [
        content.test_log.labels.before.as_str(),
        content.test_log.labels.after.as_str(),
    ];
    problems.extend(
        chart::legibility_problems(copy, sides)
            .into_iter()
            .map(|p| Problem::new(&file, Some("chart"), p)),
    );
    for verdict in Verdict::ALL {
        let mut d = decode(big, Thresholds::default());
        d.verdict = verdict;
        for (what, alt) in [
            ("the chart's alt text", chart::alt_text(&d, copy)),
            (
                "the before/after chart's alt text",
                chart::before_after_alt(&d, &d, sides, copy),
            ),
        ] {
            let n = alt.chars().count();
            if n >= chart::ALT_MAX {
                problems.push(Problem::new(
                    &file,
                    Some(&format!("verdicts.{}", verdict.code())),
                    format!(
                        "{what} reaches Discord's {} characters and would be cut",
                        chart::ALT_MAX
                    ),
                ));
            }
        }
    }
}
