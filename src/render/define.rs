//! Glossary answers, from an entry and `prompts/ui.toml`.

use crate::content::Content;
use crate::glossary::{Entry, Lookup, Status};

use super::components::{ComponentId, GlossaryId};
use super::format::clip;
use super::limits;
use super::reply::{Button, Reply, Select, SelectOption, Tone};

/// Related terms shown as buttons; more are left out. With the details button they take two
/// rows at most.
pub const MAX_RELATED_BUTTONS: usize = 5;

/// The reply to `/define` for whatever the lookup found. `noted`: an unknown term was counted
/// for the server's moderators (the reply then says so).
pub fn lookup(term: &str, found: &Lookup<'_>, noted: bool, content: &Content) -> Reply {
    match found {
        Lookup::Found {
            entry,
            old_name,
            corrected,
        } => {
            let d = &content.ui.define;
            let note = match (old_name, corrected) {
                (Some(old), _) => {
                    Some(d.old_name_note.fill(&[("old", old), ("name", &entry.name)]))
                }
                (None, true) => Some(
                    d.corrected_note
                        .fill(&[("name", &entry.name), ("term", &clip(term.trim(), 60))]),
                ),
                (None, false) => None,
            };
            // "What is a good CTR?" is answered first, above the definition.
            let note = match (content.glossary.good_answer(term, entry), note) {
                (Some(good), Some(note)) => Some(format!("{good}\n\n{note}")),
                (Some(good), None) => Some(good.to_owned()),
                (None, note) => note,
            };
            entry_reply(entry, note, content)
        }
        Lookup::Unknown { suggestions } => unknown(term, suggestions, noted, content),
    }
}

/// What a found entry's first message holds besides the definition, in the order it is
/// tried: each optional part joins while the message stays within
/// [`limits::FIRST_SCREEN`]; what does not fit waits behind the details button.
const OPTIONAL: [Part; 2] = [Part::Read, Part::Changed];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Read,
    Changed,
}

/// A glossary entry's first message: the definition, its formula, how to read it, what to use
/// now, its funnel step (only a real step of the funnel), related terms and a button to the
/// details (where to find it, other names, the views). `note` goes above the definition.
pub fn entry_reply(entry: &Entry, note: Option<String>, content: &Content) -> Reply {
    let d = &content.ui.define;
    let mut reply = core(entry, note, content).footer(d.footer.to_string());
    // The funnel step closes the message, after what joins it: its room is kept.
    let step = funnel_step(entry, content).map(|s| (d.step.to_string(), s));
    let step_room = step
        .as_ref()
        .map_or(0, |(n, v)| n.chars().count() + v.chars().count());
    let mut left = Vec::new();
    for part in OPTIONAL {
        let Some((name, value)) = part_field(entry, part, content) else {
            continue;
        };
        let tried = reply.clone().field(name, value);
        if left.is_empty() && limits::first_screen(&tried) + step_room <= limits::FIRST_SCREEN {
            reply = tried;
        } else {
            left.push(part);
        }
    }
    if let Some((name, value)) = step {
        reply = reply.field(name, value);
    }
    let mut buttons = related_buttons(entry, content);
    if !left.is_empty() || has_details(entry) {
        buttons.push(Button {
            label: d.details_button.to_string(),
            custom_id: GlossaryId::Details(entry.id.clone()).custom_id(),
        });
    }
    reply.buttons = buttons;
    reply
}

/// The details button's answer: what the first message left out (how to read it or what
/// changed, when they did not fit), where to find the number, old names, other names and the
/// views Seller Center splits it by.
pub fn details_reply(entry: &Entry, content: &Content) -> Reply {
    let d = &content.ui.define;
    let first = entry_reply(entry, None, content);
    let shown: Vec<&str> = first.fields.iter().map(|f| f.name.as_str()).collect();
    let mut reply = Reply::new(
        d.details_title.fill(&[("name", &entry.title())]),
        String::new(),
        Tone::Info,
    );
    for part in OPTIONAL {
        if let Some((name, value)) = part_field(entry, part, content) {
            if !shown.contains(&name.as_str()) {
                reply = reply.field(name, value);
            }
        }
    }
    for (name, value) in lookup_fields(entry, content) {
        reply = reply.field(name, value);
    }
    if reply.fields.is_empty() {
        reply.description.clone_from(&entry.definition);
    }
    reply
}

/// Everything about an entry in one answer: `funnel-coach define --full`.
pub fn lookup_full(term: &str, found: &Lookup<'_>, content: &Content) -> Reply {
    let mut reply = lookup(term, found, false, content);
    if let Lookup::Found { entry, .. } = found {
        let details = details_reply(entry, content);
        let step = reply
            .fields
            .pop_if(|f| f.name == content.ui.define.step.as_str());
        reply.fields.extend(details.fields);
        reply.fields.extend(step);
        reply.buttons.retain(|b| {
            !matches!(
                GlossaryId::parse(&b.custom_id),
                Some(GlossaryId::Details(_))
            )
        });
    }
    reply
}

/// Title, note, definition, formula and what to use now: what every first message holds.
fn core(entry: &Entry, note: Option<String>, content: &Content) -> Reply {
    let d = &content.ui.define;
    let mut description = String::new();
    if let Some(note) = note {
        description.push_str(&note);
        description.push_str("\n\n");
    }
    if entry.status == Status::Deleted {
        description.push_str(&d.deleted_note);
        description.push(' ');
    }
    if let Some(full) = &entry.full_name {
        description.push_str(&format!("*{full}*\n"));
    }
    description.push_str(&entry.definition);
    let mut reply = Reply::new(entry.title(), description, Tone::Info);
    if let Some(f) = &entry.formula {
        reply = reply.field(
            d.formula.to_string(),
            format!("{} ÷ {}", f.numerator, f.denominator),
        );
    }
    if !entry.use_instead.is_empty() {
        let names: Vec<String> = entry
            .use_instead
            .iter()
            .filter_map(|id| content.glossary.get(id))
            .map(|e| format!("**{}**", e.title()))
            .collect();
        reply = reply.field(d.use_instead.to_string(), names.join(", "));
    }
    reply
}

fn part_field(entry: &Entry, part: Part, content: &Content) -> Option<(String, String)> {
    let d = &content.ui.define;
    match part {
        Part::Read => Some((d.read.to_string(), entry.read.clone())),
        Part::Changed => entry
            .changed
            .as_ref()
            .map(|c| (d.changed.to_string(), c.clone())),
    }
}

/// The step's label when the entry's group is a step of the funnel (not "Creator terms" or
/// "Retired metrics").
fn funnel_step(entry: &Entry, content: &Content) -> Option<String> {
    let is_step = content.ui.define.funnel_steps.contains(&entry.step);
    is_step
        .then(|| content.glossary.step(&entry.step))
        .flatten()
        .map(|s| s.label.clone())
}

fn has_details(entry: &Entry) -> bool {
    entry.find.is_some()
        || !entry.old_names.is_empty()
        || !entry.aliases.is_empty()
        || !entry.breakdowns.is_empty()
}

/// Where to find it, old names, other names, the views: lookup lists for the details.
fn lookup_fields(entry: &Entry, content: &Content) -> Vec<(String, String)> {
    let d = &content.ui.define;
    let mut out = Vec::new();
    if let Some(find) = &entry.find {
        out.push((d.find.to_string(), find.clone()));
    }
    if !entry.old_names.is_empty() {
        out.push((
            d.old_names.to_string(),
            clip(&entry.old_names.join(", "), 1024),
        ));
    }
    let mut aliases: Vec<&str> = entry.aliases.iter().map(String::as_str).collect();
    aliases.dedup();
    if !aliases.is_empty() {
        out.push((d.aliases.to_string(), clip(&aliases.join(", "), 1024)));
    }
    if !entry.breakdowns.is_empty() {
        out.push((
            d.breakdowns.to_string(),
            clip(&entry.breakdowns.join(", "), 1024),
        ));
    }
    out
}

/// What to use now, then related terms, as buttons (one row, with room for the details).
fn related_buttons(entry: &Entry, content: &Content) -> Vec<Button> {
    let mut ids: Vec<&String> = entry.use_instead.iter().collect();
    ids.extend(
        entry
            .related
            .iter()
            .filter(|r| !entry.use_instead.contains(r)),
    );
    ids.into_iter()
        .filter_map(|id| content.glossary.get(id))
        .take(MAX_RELATED_BUTTONS)
        .map(|e| Button {
            label: clip(&e.title(), 80),
            custom_id: GlossaryId::Define(e.id.clone()).custom_id(),
        })
        .collect()
}

/// "I don't know that term yet", with suggestions as buttons.
pub fn unknown(term: &str, suggestions: &[&Entry], noted: bool, content: &Content) -> Reply {
    let d = &content.ui.define;
    let term = term.trim();
    if term.is_empty() {
        return Reply::new(
            d.unknown_title.to_string(),
            d.empty.to_string(),
            Tone::Unknown,
        );
    }
    let shown = clip(term, 100).replace(['*', '_', '`', '~', '|'], "");
    let mut description = d.unknown.fill(&[("term", &shown)]);
    if noted {
        description.push(' ');
        description.push_str(&d.unknown_noted);
    }
    description.push_str("\n\n");
    if suggestions.is_empty() {
        description.push_str(&d.unknown_none);
    } else {
        description.push_str(&d.unknown_suggestions);
        for s in suggestions {
            description.push_str(&format!("\n• **{}**", s.title()));
        }
    }
    let mut reply = Reply::new(d.unknown_title.to_string(), description, Tone::Unknown);
    reply.buttons = suggestions
        .iter()
        .take(MAX_RELATED_BUTTONS)
        .map(|e| Button {
            label: clip(&e.title(), 80),
            custom_id: GlossaryId::Define(e.id.clone()).custom_id(),
        })
        .collect();
    reply
}

/// `/glossary`: the steps to browse, as a menu.
pub fn glossary_home(content: &Content) -> Reply {
    let g = &content.ui.glossary;
    let mut description = g.intro.to_string();
    for step in content.glossary.steps() {
        let n = content.glossary.in_step(&step.id).count();
        description.push_str(&format!(
            "\n• **{}** ({}): {}",
            step.label,
            g.count.pick(n as u64).fill(&[("count", &n.to_string())]),
            step.blurb
        ));
    }
    let mut reply = Reply::new(g.title.to_string(), description, Tone::Info);
    reply.selects.push(step_menu(content));
    reply
}

/// One funnel step's entries, with a menu to open one and the step menu to move on.
pub fn glossary_step(step_id: &str, content: &Content) -> Option<Reply> {
    let g = &content.ui.glossary;
    let step = content.glossary.step(step_id)?;
    let mut description = step.blurb.clone();
    let entries: Vec<&Entry> = content.glossary.in_step(step_id).collect();
    for e in &entries {
        description.push_str(&format!("\n• **{}**", e.title()));
    }
    let mut reply = Reply::new(
        g.step_title.fill(&[("label", &step.label)]),
        description,
        Tone::Info,
    );
    reply.selects.push(Select {
        custom_id: GlossaryId::Entry.custom_id(),
        placeholder: g.pick_entry.to_string(),
        options: entries
            .iter()
            .map(|e| SelectOption {
                label: clip(&e.title(), 100),
                value: e.id.clone(),
                description: Some(clip(&e.definition, 100)),
            })
            .collect(),
    });
    reply.selects.push(step_menu(content));
    Some(reply)
}

fn step_menu(content: &Content) -> Select {
    Select {
        custom_id: GlossaryId::Step.custom_id(),
        placeholder: content.ui.glossary.pick_step.to_string(),
        options: content
            .glossary
            .steps()
            .iter()
            .map(|s| SelectOption {
                label: clip(&s.label, 100),
                value: s.id.clone(),
                description: Some(clip(&s.blurb, 100)),
            })
            .collect(),
    }
}
