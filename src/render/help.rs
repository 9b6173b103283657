//! `/help`: one short page per audience, and each topic's details behind a menu.

use crate::content::Content;

use super::components::{ComponentId, HelpId};
use super::format::clip;
use super::limits;
use super::reply::{Reply, Select, SelectOption, Tone};

/// The short page: the intro, one line per command (the member's, then `extra`: the
/// moderator commands this member may use), the tip and the topic menu.
pub fn page(content: &Content, extra: &[&str], moderators: bool) -> Reply {
    let h = &content.ui.help;
    let mut text = h.intro.to_string();
    for line in h
        .commands
        .iter()
        .map(crate::content::Text::as_str)
        .chain(extra.iter().copied())
    {
        text.push_str("\n• ");
        text.push_str(line);
    }
    text.push_str("\n\n");
    text.push_str(&h.tip);
    let mut reply = Reply::new(h.title.to_string(), text, Tone::Info);
    reply.selects.push(menu(content, moderators));
    reply
}

/// One topic's details, with the menu to pick another; `None` for a topic this audience is
/// not offered (or that no longer exists).
pub fn topic(content: &Content, id: &str, moderators: bool) -> Option<Reply> {
    let t = content
        .ui
        .help
        .topics
        .iter()
        .find(|t| t.id == id && (moderators || !t.moderators))?;
    let mut reply = Reply::new(t.label.to_string(), t.text.to_string(), Tone::Info);
    reply.selects.push(menu(content, moderators));
    Some(reply)
}

fn menu(content: &Content, moderators: bool) -> Select {
    let h = &content.ui.help;
    Select {
        custom_id: HelpId::Topics { moderators }.custom_id(),
        placeholder: h.menu.to_string(),
        options: h
            .topics
            .iter()
            .filter(|t| moderators || !t.moderators)
            .take(limits::SELECT_OPTIONS)
            .map(|t| SelectOption {
                label: clip(&t.label, limits::SELECT_TEXT),
                value: t.id.clone(),
                description: Some(clip(&t.description, limits::SELECT_TEXT)),
            })
            .collect(),
    }
}
