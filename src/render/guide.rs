//! Guides as Discord messages: the list, a page of `/guide show` (with page buttons when one
//! message cannot hold the guide), and every message of a guide posted to a channel.

use super::components::{ComponentId, GuideId};
use super::limits;
use super::{Button, Message, Reply, Tone};
use crate::content::GuideCopy;
use crate::guide::split::{self, Limits, Piece};
use crate::guide::Guide;

/// One guide in the list: whether it is this server's own.
pub struct Listed<'a> {
    pub guide: &'a Guide,
    pub server: bool,
}

/// Discord's limits for a guide's pieces; `reserve` characters of each message are kept
/// for its footer (the page number).
fn discord_limits(reserve: usize) -> Limits {
    Limits {
        title: limits::TITLE,
        text: limits::DESCRIPTION,
        pieces: limits::EMBEDS,
        total: limits::EMBED_TOTAL.saturating_sub(reserve),
    }
}

/// The longest page footer a guide can get.
fn footer_reserve(copy: &GuideCopy) -> usize {
    let most = u16::MAX.to_string();
    copy.page
        .fill(&[("page", &most), ("pages", &most)])
        .chars()
        .count()
}

/// The guide's messages, each a list of pieces within Discord's limits.
pub fn messages(guide: &Guide, copy: &GuideCopy) -> Vec<Vec<Piece>> {
    let limits = discord_limits(footer_reserve(copy));
    split::messages(split::pieces(&guide.title, &guide.body, &limits), &limits)
}

fn embeds(pieces: &[Piece]) -> Vec<Reply> {
    pieces
        .iter()
        .map(|p| {
            Reply::new(
                p.title.clone().unwrap_or_default(),
                p.text.clone(),
                Tone::Info,
            )
        })
        .collect()
}

/// Page `index` (from 0) of the guide for `/guide show`, with Previous and Next buttons when
/// there is more than one page. `None` for a page the guide does not have.
pub fn page(guide: &Guide, index: usize, copy: &GuideCopy) -> Option<Message> {
    let all = messages(guide, copy);
    let pieces = all.get(index)?;
    let mut embeds = embeds(pieces);
    let pages = all.len();
    if pages < 2 {
        return Some(Message {
            embeds,
            buttons: Vec::new(),
        });
    }
    if let Some(last) = embeds.last_mut() {
        last.footer = Some(copy.page.fill(&[
            ("page", &(index + 1).to_string()),
            ("pages", &pages.to_string()),
        ]));
    }
    let button = |label: &str, to: usize| {
        u16::try_from(to).ok().map(|page| Button {
            label: label.to_owned(),
            custom_id: GuideId::Page {
                slug: guide.slug.clone(),
                page,
            }
            .custom_id(),
        })
    };
    let mut buttons = Vec::new();
    if index > 0 {
        buttons.extend(button(&copy.previous, index - 1));
    }
    if index + 1 < pages {
        buttons.extend(button(&copy.next, index + 1));
    }
    Some(Message { embeds, buttons })
}

/// Every message of the guide, as posted in a channel (no page numbers, no buttons).
pub fn posted(guide: &Guide, copy: &GuideCopy) -> Vec<Message> {
    messages(guide, copy)
        .iter()
        .map(|pieces| Message {
            embeds: embeds(pieces),
            buttons: Vec::new(),
        })
        .collect()
}

/// `/guide list`.
pub fn list(guides: &[Listed<'_>], copy: &GuideCopy) -> Reply {
    let lines: Vec<String> = guides
        .iter()
        .map(|l| {
            let line = copy
                .list_line
                .fill(&[("title", &l.guide.title), ("summary", &l.guide.summary)]);
            if l.server {
                format!("{line} {}", copy.server_mark)
            } else {
                line
            }
        })
        .collect();
    Reply::new(
        copy.list_title.to_string(),
        format!("{}\n\n{}", copy.list_intro, lines.join("\n")),
        Tone::Info,
    )
    .footer(copy.list_footer.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;

    fn content() -> Content {
        Content::load(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("prompts")
                .as_path(),
        )
        .expect("prompts load")
    }

    fn long_guide() -> Guide {
        let section = "word ".repeat(900);
        let body = (0..8)
            .map(|i| format!("## Part {i}\n\n{section}"))
            .collect::<Vec<_>>()
            .join("\n\n");
        Guide {
            slug: "long".into(),
            title: "Long".into(),
            summary: "s".into(),
            order: 0,
            body,
        }
    }

    #[test]
    fn a_long_guide_pages_with_buttons_and_footers() {
        let c = content();
        let g = long_guide();
        let pages = messages(&g, &c.guide).len();
        assert!(pages >= 2, "{pages}");
        let first = page(&g, 0, &c.guide).expect("page 1");
        assert_eq!(first.buttons.len(), 1);
        assert_eq!(first.buttons[0].custom_id, "fc:gp:long:1");
        assert_eq!(first.buttons[0].label, c.guide.next.to_string());
        let last = page(&g, pages - 1, &c.guide).expect("last page");
        assert_eq!(last.buttons.len(), 1);
        assert_eq!(last.buttons[0].label, c.guide.previous.to_string());
        let footer = last.embeds.last().and_then(|e| e.footer.clone());
        assert_eq!(footer, Some(format!("Page {pages} of {pages}")));
        assert!(page(&g, pages, &c.guide).is_none());
        for i in 0..pages {
            let p = page(&g, i, &c.guide).expect("a page");
            let size: usize = p
                .embeds
                .iter()
                .map(|e| {
                    e.title.chars().count()
                        + e.description.chars().count()
                        + e.footer.as_deref().map_or(0, |f| f.chars().count())
                })
                .sum();
            assert!(size <= limits::EMBED_TOTAL, "page {i}: {size}");
            assert!(p.embeds.len() <= limits::EMBEDS);
        }
    }

    #[test]
    fn a_short_guide_is_one_page_without_buttons() {
        let c = content();
        for g in &c.guides {
            let p = page(g, 0, &c.guide).expect("page 1");
            assert!(p.buttons.is_empty(), "{}", g.slug);
            assert_eq!(p.embeds[0].title, g.title, "{}", g.slug);
        }
    }

    #[test]
    fn the_list_marks_server_guides() {
        let c = content();
        let listed: Vec<Listed<'_>> = c
            .guides
            .iter()
            .enumerate()
            .map(|(i, guide)| Listed {
                guide,
                server: i == 0,
            })
            .collect();
        let r = list(&listed, &c.guide);
        for g in &c.guides {
            assert!(r.description.contains(&g.title), "{}", g.title);
        }
        assert_eq!(
            r.description
                .matches(&c.guide.server_mark.to_string())
                .count(),
            1
        );
    }
}
