//! "Decode this" (`prompts/reader.toml`): the command's name, the pop-up's title, labels and
//! placeholders, the button labels, the line above the card with every note, and the private
//! answers all fit what Discord and a phone screen allow.

use std::path::Path;

use super::{file, short, too_long};
use crate::content::{Content, Problem};
use crate::funnel::counts::MAX_COUNT;
use crate::funnel::reader::{read, RateKind};
use crate::funnel::Counts;
use crate::render;
use crate::render::limits;

/// The longest message line a member could see, over the numbers as members write them.
const LONGEST: &str =
    "Impressions 1.250.000 (CTR 12,5%), product clicks 999.999.999 (CTOR 12,5%), \
    items sold 999.999.999, add to carts 999.999.999 (add to cart rate 12,5%), order rate 12,5%. \
    Second video: 12k views, 300 clicks, 4 orders";

pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    let file = file(dir, "reader.toml");
    let copy = &content.reader;
    let name = copy.name.trim();
    let plain = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '\''));
    if name != copy.name.as_str() || !plain {
        problems.push(Problem::new(
            &file,
            Some("name"),
            "a command name holds only letters, digits, spaces, - _ and ', with no space at either end",
        ));
    }
    short(&file, "name", name, limits::COMMAND_NAME, problems);
    // /help names the command as the Apps menu shows it.
    if !content.ui.help.commands.iter().any(|l| l.contains(name)) {
        problems.push(Problem::new(
            &file,
            Some("name"),
            format!(
                "/help (ui.toml [help] commands) has no line naming “{name}”: rename it there too"
            ),
        ));
    }
    let p = &copy.popup;
    short(
        &file,
        "popup.title",
        &p.title,
        limits::MODAL_TITLE,
        problems,
    );
    for (key, label) in [
        ("popup.impressions", &p.impressions),
        ("popup.clicks", &p.clicks),
        ("popup.orders", &p.orders),
        ("popup.add_to_carts", &p.add_to_carts),
    ] {
        short(&file, key, label, limits::INPUT_LABEL, problems);
    }
    // A number not a count is shown as written, cut like `/decode` cuts it (30 characters).
    let longest_input = format!("{}…", "9".repeat(30));
    for (key, text) in [
        ("popup.placeholder", p.placeholder.to_string()),
        ("popup.missing", p.missing.to_string()),
        (
            "popup.not_a_count",
            p.not_a_count.fill(&[("written", &longest_input)]),
        ),
    ] {
        short(&file, key, &text, limits::INPUT_PLACEHOLDER, problems);
    }
    short(
        &file,
        "share.button",
        &copy.share.button,
        limits::BUTTON_LABEL,
        problems,
    );
    // A typical set of numbers fits its button without being cut.
    let typical = read("12.5k views, 310 product clicks, 4 orders");
    let label = copy
        .alternatives
        .button
        .fill(&[("counts", &render::reader::written(&typical.counts))]);
    short(
        &file,
        "alternatives.button",
        &label,
        limits::BUTTON_LABEL,
        problems,
    );
    let mut reading = read(LONGEST);
    // Every rate note at once, with the longest figures.
    reading.mismatches = RateKind::ALL
        .iter()
        .filter(|k| **k != RateKind::Unknown)
        .map(|kind| crate::funnel::reader::Mismatch {
            kind: *kind,
            stated: 0.125,
            from_counts: 0.001_23,
            text: "12,5%".to_owned(),
        })
        .collect();
    let lead = render::reader::lead(&reading, copy);
    let n = lead.chars().count();
    if n > limits::LEAD {
        problems.push(Problem::new(
            &file,
            Some("read"),
            format!(
                "the line above the card, with every note, is {n} characters, over {} (with the card, more than a phone screen and a half)",
                limits::LEAD
            ),
        ));
    }
    for (key, reply) in [
        ("no_numbers", render::reader::no_numbers(copy)),
        ("share.cannot_post", render::reader::cannot_post(copy)),
        ("share.gone", render::reader::gone(copy)),
    ] {
        too_long(&file, Some(key), limits::check(&reply), problems);
        let n = limits::first_screen(&reply);
        if n > limits::FIRST_SCREEN {
            problems.push(Problem::new(
                &file,
                Some(key),
                format!(
                    "is {n} characters, over {} (one phone screen)",
                    limits::FIRST_SCREEN
                ),
            ));
        }
    }
    let big = Counts {
        impressions: MAX_COUNT,
        clicks: MAX_COUNT,
        orders: MAX_COUNT,
        add_to_carts: Some(MAX_COUNT),
    };
    let button = render::reader::share_button(u64::MAX, big, true, copy);
    too_long(
        &file,
        Some("share.button"),
        limits::check(&render::Reply {
            buttons: vec![button],
            ..render::Reply::new("t", "d", render::Tone::Info)
        }),
        problems,
    );
}
