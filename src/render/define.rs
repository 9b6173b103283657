//! Glossary answers, from an entry and `prompts/ui.toml`.

use crate::content::Content;
use crate::glossary::{Entry, Lookup, Status};

use super::components::{ComponentId, GlossaryId};
use super::format::clip;
use super::reply::{Button, Reply, Select, SelectOption, Tone};

/// Buttons in one row; related terms beyond this are left out.
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

/// A glossary entry as a reply; `note` goes above the definition.
pub fn entry_reply(entry: &Entry, note: Option<String>, content: &Content) -> Reply {
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
    reply = reply.field(d.read.to_string(), entry.read.clone());
    if let Some(find) = &entry.find {
        reply = reply.field(d.find.to_string(), find.clone());
    }
    if let Some(changed) = &entry.changed {
        reply = reply.field(d.changed.to_string(), changed.clone());
    }
    let glossary = &content.glossary;
    if !entry.use_instead.is_empty() {
        let names: Vec<String> = entry
            .use_instead
            .iter()
            .filter_map(|id| glossary.get(id))
            .map(|e| format!("**{}**", e.title()))
            .collect();
        reply = reply.field(d.use_instead.to_string(), names.join(", "));
    }
    if let Some(step) = glossary.step(&entry.step) {
        reply = reply.field(d.step.to_string(), step.label.clone());
    }
    if !entry.old_names.is_empty() {
        reply = reply.field(
            d.old_names.to_string(),
            clip(&entry.old_names.join(", "), 1024),
        );
    }
    let mut aliases: Vec<&str> = entry.aliases.iter().map(String::as_str).collect();
    aliases.dedup();
    if !aliases.is_empty() {
        reply = reply.field(d.aliases.to_string(), clip(&aliases.join(", "), 1024));
    }
    if !entry.breakdowns.is_empty() {
        reply = reply.field(
            d.breakdowns.to_string(),
            clip(&entry.breakdowns.join(", "), 1024),
        );
    }
    let mut ids: Vec<&String> = entry.use_instead.iter().collect();
    ids.extend(
        entry
            .related
            .iter()
            .filter(|r| !entry.use_instead.contains(r)),
    );
    reply.buttons = ids
        .into_iter()
        .filter_map(|id| glossary.get(id))
        .take(MAX_RELATED_BUTTONS)
        .map(|e| Button {
            label: clip(&e.title(), 80),
            custom_id: GlossaryId::Define(e.id.clone()).custom_id(),
        })
        .collect();
    reply.footer(d.footer.to_string())
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
            g.count.fill(&[("count", &n.to_string())]),
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
