//! What "Decode this" and `funnel-coach decode --from-text` say about a reading, around the
//! decode card itself (which is [`super::decode::decoded`], the same as `/decode`'s): the line
//! of what was read, the notes, the buttons for sharing and for the message's other numbers,
//! the no-numbers answer, and the command line's words when it cannot decode yet.

use serde_json::{json, Value};

use crate::content::{DecodeCopy, ReaderCopy};
use crate::funnel::counts::Field;
use crate::funnel::reader::{counts_units, CountSet, Found, Mismatch, Reading, Status};
use crate::funnel::{Counts, DecodeError, Decoded};

use super::components::{ComponentId, ReaderId};
use super::format::{clip, count, percent};
use super::limits;
use super::reply::{Button, Reply, Tone};

/// The three counts of a set as the message wrote them: `30k views → 900 clicks → 3 sales`
/// (a count with no word beside it is its number alone).
pub fn written(set: &CountSet) -> String {
    [&set.impressions, &set.clicks, &set.orders]
        .into_iter()
        .flatten()
        .map(written_one)
        .collect::<Vec<_>>()
        .join(" → ")
}

fn written_one(f: &Found) -> String {
    match &f.words {
        Some(w) => format!("{} {w}", f.text),
        None => f.text.clone(),
    }
}

/// Whether the set's orders were items sold (said in a note, and carried by its buttons).
pub fn items_sold(set: &CountSet) -> bool {
    set.orders.as_ref().is_some_and(counts_units)
}

/// Rate notes shown at most: more would push the card off a phone's screen.
pub const RATE_NOTES: usize = 2;

/// The notes on how numbers were read: items sold taken for orders, and up to [`RATE_NOTES`]
/// stated rates the counts disagree with (the counts win).
pub fn notes(items_sold: bool, mismatches: &[Mismatch], copy: &ReaderCopy) -> Vec<String> {
    let mut out = Vec::new();
    if items_sold {
        out.push(copy.notes.items_sold.to_string());
    }
    for m in mismatches.iter().take(RATE_NOTES) {
        out.push(copy.notes.rate.fill(&[
            ("rate", &copy.rates[m.kind]),
            ("stated", &m.text),
            ("counted", &percent(m.from_counts)),
        ]));
    }
    out
}

/// The lines above the card of a complete reading: what was read, the notes, and, when the
/// message has other numbers, that the buttons decode them.
pub fn lead(reading: &Reading, copy: &ReaderCopy) -> String {
    let mut lines = vec![copy
        .read
        .lead
        .fill(&[("counts", &written(&reading.counts))])];
    lines.extend(notes(
        items_sold(&reading.counts),
        &reading.mismatches,
        copy,
    ));
    if !reading.alternatives.is_empty() {
        lines.push(copy.read.more.to_string());
    }
    lines.join("\n")
}

/// The answer to a message with nothing to decode: what the command looks for, with an example.
pub fn no_numbers(copy: &ReaderCopy) -> Reply {
    Reply::new(
        copy.no_numbers.title.to_string(),
        copy.no_numbers.text.to_string(),
        Tone::Unknown,
    )
}

/// "I can't post here": the bot may not send messages (or read the history) in this channel.
pub fn cannot_post(copy: &ReaderCopy) -> Reply {
    Reply::new(
        copy.share.cannot_post_title.to_string(),
        copy.share.cannot_post.to_string(),
        Tone::Problem,
    )
}

/// The message to reply to is gone.
pub fn gone(copy: &ReaderCopy) -> Reply {
    Reply::new(
        copy.share.cannot_post_title.to_string(),
        copy.share.gone.to_string(),
        Tone::Problem,
    )
}

/// Share in channel: the counts answered, replying to `message`.
pub fn share_button(message: u64, counts: Counts, items_sold: bool, copy: &ReaderCopy) -> Button {
    Button {
        label: copy.share.button.to_string(),
        custom_id: ReaderId::Share {
            message,
            counts,
            items_sold,
        }
        .custom_id(),
    }
}

/// One button for each other complete set of numbers in the message.
pub fn other_buttons(message: u64, reading: &Reading, copy: &ReaderCopy) -> Vec<Button> {
    reading
        .alternatives
        .iter()
        .filter_map(|set| {
            let counts = set.counts()?;
            Some(Button {
                label: clip(
                    &copy.alternatives.button.fill(&[("counts", &written(set))]),
                    limits::BUTTON_LABEL,
                ),
                custom_id: ReaderId::Other {
                    message,
                    counts,
                    items_sold: items_sold(set),
                }
                .custom_id(),
            })
        })
        .collect()
}

/// What a pop-up box starts with: the count read, or empty.
pub fn prefilled(reading: &Reading, field: Field) -> Option<String> {
    reading.counts.get(field).map(|f| count(f.value))
}

/// The number the message gave for `field` that is not a count (`12.5 views`), as written.
pub fn not_a_count(reading: &Reading, field: Field) -> Option<&str> {
    reading
        .rejected
        .iter()
        .find(|r| r.error.field == field)
        .map(|r| r.error.input.as_str())
}

/// `--from-text --json`: the reading (which words matched which count, the other sets, the
/// rates, the notes' keys), the notes as the bot says them, and the decode result (or the
/// input error, or `null` while the reading is not complete).
pub fn json(
    reading: &Reading,
    decoded: Option<&Result<Decoded, DecodeError>>,
    copy: &ReaderCopy,
    decode: &DecodeCopy,
) -> Value {
    let said = notes(items_sold(&reading.counts), &reading.mismatches, copy);
    let mut out = json!({
        "reading": reading,
        "said": said,
        "decode": Value::Null,
    });
    match decoded {
        Some(Ok(d)) => out["decode"] = super::json::decoded(d, decode),
        Some(Err(e)) => out["error"] = super::json::decode_error(e, decode)["error"].clone(),
        None => {}
    }
    out
}

/// The command line's answer to a reading it cannot decode yet: what was found, what is
/// missing, unsure or not a count, and the `decode` command to run instead. `None` for a
/// complete reading or one with nothing in it.
pub fn cli_unsure(reading: &Reading, copy: &ReaderCopy, decode: &DecodeCopy) -> Option<String> {
    if matches!(reading.status, Status::Complete | Status::NoCounts) {
        return None;
    }
    let c = &copy.cli;
    let mut lines = Vec::new();
    let found = written(&reading.counts);
    if !found.is_empty() {
        lines.push(copy.read.lead.fill(&[("counts", &found)]));
    }
    let names = |fields: &mut dyn Iterator<Item = Field>| {
        fields
            .map(|f| super::decode::field_name(f, decode).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if reading.status == Status::NeedsConfirmation {
        lines.push(c.confirm.to_string());
    } else {
        let missing: Vec<Field> = reading
            .missing
            .iter()
            .copied()
            .filter(|f| not_a_count(reading, *f).is_none())
            .collect();
        if !missing.is_empty() {
            lines.push(
                c.missing
                    .fill(&[("fields", &names(&mut missing.iter().copied()))]),
            );
        }
        if !reading.ambiguous.is_empty() {
            lines.push(c.unsure.fill(&[(
                "fields",
                &names(&mut reading.ambiguous.iter().map(|a| a.field)),
            )]));
        }
        for r in &reading.rejected {
            lines.push(super::text::plain(&super::decode::error(
                &DecodeError::Count(r.error.clone()),
                decode,
            )));
        }
        lines.push(c.run.to_string());
    }
    let arg = |field: Field, placeholder: &str| {
        reading
            .counts
            .get(field)
            .map_or_else(|| placeholder.to_owned(), |f| f.value.to_string())
    };
    lines.push(format!(
        "  funnel-coach decode {} {} {}",
        arg(Field::Impressions, "IMPRESSIONS"),
        arg(Field::Clicks, "CLICKS"),
        arg(Field::Orders, "ORDERS")
    ));
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funnel::reader::read;

    fn content() -> crate::content::Content {
        crate::content::Content::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/prompts"
        )))
        .expect("the shipped prompts load")
    }

    #[test]
    fn the_lead_says_what_was_read_as_written_with_its_notes() {
        let c = content();
        let r = read("30k views, 900 clicks, 3 items sold, ctr like 5%??");
        let lead = lead(&r, &c.reader);
        let lines: Vec<&str> = lead.lines().collect();
        assert_eq!(
            lines[0],
            "From the message: 30k views → 900 clicks → 3 items sold"
        );
        assert!(lines[1].starts_with("You wrote items sold"), "{lead}");
        assert_eq!(
            lines[2],
            "You wrote Product CTR 5%, but your numbers give 3.00%. I used your numbers."
        );
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn other_numbers_get_a_button_each_carrying_their_counts() {
        let c = content();
        let r =
            read("vid 1: 10k views 200 clicks 3 orders. vid 2: 8k views 90 clicks 2 items sold");
        assert!(lead(&r, &c.reader).ends_with(c.reader.read.more.as_str()));
        let buttons = other_buttons(7, &r, &c.reader);
        assert_eq!(buttons.len(), 1);
        assert_eq!(
            buttons[0].label,
            "Decode 8k views → 90 clicks → 2 items sold"
        );
        assert_eq!(
            ReaderId::parse(&buttons[0].custom_id),
            Some(ReaderId::Other {
                message: 7,
                counts: Counts {
                    impressions: 8_000,
                    clicks: 90,
                    orders: 2,
                    add_to_carts: None
                },
                items_sold: true
            })
        );
    }

    #[test]
    fn the_command_line_says_what_is_missing_and_what_to_run() {
        let c = content();
        let r = read("10k views 200 clicks, what's a good ctor?");
        let text = cli_unsure(&r, &c.reader, &c.decode).expect("incomplete");
        assert!(text.contains("Missing: orders."), "{text}");
        assert!(
            text.ends_with("funnel-coach decode 10000 200 ORDERS"),
            "{text}"
        );
        let r = read("12500 310 4");
        let text = cli_unsure(&r, &c.reader, &c.decode).expect("to confirm");
        assert!(text.contains("in order as impressions"), "{text}");
        assert!(text.ends_with("funnel-coach decode 12500 310 4"), "{text}");
        let r = read("views 12.5, clicks 300, orders 4");
        let text = cli_unsure(&r, &c.reader, &c.decode).expect("a broken count");
        assert!(
            text.contains("impressions: 12.5 has a decimal part"),
            "{text}"
        );
        assert!(!text.contains("Missing"), "{text}");
        assert!(cli_unsure(&read("30k views 900 clicks 3 sales"), &c.reader, &c.decode).is_none());
    }
}
