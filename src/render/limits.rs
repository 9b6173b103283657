//! Discord's limits for what a reply may hold, checked before anything is sent (and by
//! `funnel-coach check` for every glossary entry and verdict).

use super::reply::{Message, Reply};

pub const CONTENT: usize = 2000;
pub const TITLE: usize = 256;
pub const DESCRIPTION: usize = 4096;
pub const FIELDS: usize = 25;
pub const FIELD_NAME: usize = 256;
pub const FIELD_VALUE: usize = 1024;
pub const FOOTER: usize = 2048;
pub const EMBED_TOTAL: usize = 6000;
pub const EMBEDS: usize = 10;
pub const BUTTONS_PER_ROW: usize = 5;
pub const ROWS: usize = 5;
pub const BUTTON_LABEL: usize = 80;
pub const CUSTOM_ID: usize = 100;
pub const SELECT_OPTIONS: usize = 25;
pub const SELECT_TEXT: usize = 100;
pub const AUTOCOMPLETE_CHOICES: usize = 25;
pub const CHOICE_NAME: usize = 100;
/// A slash command's or option's description.
pub const COMMAND_DESCRIPTION: usize = 100;
/// A select menu's or a text input's placeholder.
pub const PLACEHOLDER: usize = 150;
/// A text input's placeholder in a pop-up.
pub const INPUT_PLACEHOLDER: usize = 100;
/// A message command's name (as the Apps menu shows it).
pub const COMMAND_NAME: usize = 32;
/// A text input's label in a pop-up.
pub const INPUT_LABEL: usize = 45;
/// A pop-up's title.
pub const MODAL_TITLE: usize = 45;

/// What the first message of an answer may hold, in characters (title, description, fields
/// and footer; a picture not counted): about one phone screen.
pub const FIRST_SCREEN: usize = 1000;

/// What "Decode this" may write above the card (what was read, its notes), in characters:
/// with the card's [`FIRST_SCREEN`], still about one phone screen and a half.
pub const LEAD: usize = 500;

/// The characters of `reply` a member reads on the first screen (see [`FIRST_SCREEN`]).
pub fn first_screen(reply: &Reply) -> usize {
    len(&reply.title)
        + len(&reply.description)
        + reply
            .fields
            .iter()
            .map(|f| len(&f.name) + len(&f.value))
            .sum::<usize>()
        + reply.footer.as_deref().map_or(0, len)
}

fn len(s: &str) -> usize {
    s.chars().count()
}

/// Every way `reply` breaks Discord's limits, as sentences; empty when it fits.
/// Checks a message of several embeds: each one, and all of them together.
pub fn check_message(message: &Message) -> Vec<String> {
    let mut v: Vec<String> = message.embeds.iter().flat_map(check).collect();
    let total: usize = message
        .embeds
        .iter()
        .map(|e| len(&e.title) + len(&e.description) + e.footer.as_deref().map_or(0, len))
        .sum();
    if total > EMBED_TOTAL {
        v.push(format!(
            "the embeds together are {total} characters, over Discord's {EMBED_TOTAL}"
        ));
    }
    if message.embeds.len() > EMBEDS {
        v.push(format!(
            "{} embeds, over Discord's {EMBEDS}",
            message.embeds.len()
        ));
    }
    for e in &message.embeds {
        if e.title.trim().is_empty() && e.description.trim().is_empty() {
            v.push("an embed with neither title nor text".to_owned());
        }
    }
    if message.buttons.len().div_ceil(BUTTONS_PER_ROW) > ROWS {
        v.push("more than 5 rows of buttons".to_owned());
    }
    for b in &message.buttons {
        if len(&b.custom_id) > CUSTOM_ID {
            v.push(format!(
                "button id `{}` is over {CUSTOM_ID} characters",
                b.custom_id
            ));
        }
    }
    v
}

pub fn check(reply: &Reply) -> Vec<String> {
    let mut v = Vec::new();
    let mut over = |what: &str, n: usize, max: usize| {
        if n > max {
            v.push(format!("{what} is {n} characters, over Discord's {max}"));
        }
    };
    over("the title", len(&reply.title), TITLE);
    over("the description", len(&reply.description), DESCRIPTION);
    let mut total = len(&reply.title) + len(&reply.description);
    for f in &reply.fields {
        over(
            &format!("field name `{}`", f.name),
            len(&f.name),
            FIELD_NAME,
        );
        over(&format!("field `{}`", f.name), len(&f.value), FIELD_VALUE);
        total += len(&f.name) + len(&f.value);
    }
    if let Some(footer) = &reply.footer {
        over("the footer", len(footer), FOOTER);
        total += len(footer);
    }
    over("the whole embed", total, EMBED_TOTAL);
    if reply.fields.len() > FIELDS {
        v.push(format!(
            "{} fields, over Discord's {FIELDS}",
            reply.fields.len()
        ));
    }
    for f in &reply.fields {
        if f.name.trim().is_empty() || f.value.trim().is_empty() {
            v.push(format!("field `{}` is blank", f.name));
        }
    }
    let button_rows = reply.buttons.len().div_ceil(BUTTONS_PER_ROW);
    if button_rows + reply.selects.len() > ROWS {
        v.push("more than 5 rows of buttons and menus".to_owned());
    }
    let mut ids = Vec::new();
    for b in &reply.buttons {
        if len(&b.label) > BUTTON_LABEL || b.label.is_empty() {
            v.push(format!(
                "button label `{}` is empty or over {BUTTON_LABEL}",
                b.label
            ));
        }
        ids.push(b.custom_id.clone());
    }
    for s in &reply.selects {
        if s.options.is_empty() || s.options.len() > SELECT_OPTIONS {
            v.push(format!(
                "a menu has {} options (1 to {SELECT_OPTIONS})",
                s.options.len()
            ));
        }
        for o in &s.options {
            if len(&o.label) > SELECT_TEXT || len(&o.value) > SELECT_TEXT {
                v.push(format!("menu option `{}` is over {SELECT_TEXT}", o.label));
            }
        }
        ids.push(s.custom_id.clone());
    }
    for id in &ids {
        if id.is_empty() || len(id) > CUSTOM_ID {
            v.push(format!("custom_id `{id}` is empty or over {CUSTOM_ID}"));
        }
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != ids.len() {
        v.push("two components share a custom_id".to_owned());
    }
    v
}
