//! Guides: Markdown with optional TOML front matter (`+++` … `+++`: `title`, `summary`,
//! `order`), and the splitting of a guide into pieces Discord can show ([`split`]).
//! Pure: no Discord, no database, no files.

pub mod split;

use serde::Deserialize;

/// The longest guide body (characters): what `/mod guide upload` accepts.
pub const MAX_BODY: usize = 20_000;
/// The longest title (characters).
pub const MAX_TITLE: usize = 100;
/// The longest summary (characters): it is shown under the title in menus.
pub const MAX_SUMMARY: usize = 100;

const FENCE: &str = "+++";

/// One guide, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    /// How the guide is named in ids: the file name of a built-in guide.
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Built-in guides are listed by `order`, then by title.
    pub order: i64,
    /// The Markdown after the front matter.
    pub body: String,
}

/// What the front matter may say.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub order: Option<i64>,
}

/// Why a guide cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuideError {
    #[error("the front matter starts with +++ but has no closing +++ line")]
    UnclosedFrontMatter,
    #[error("the front matter is not valid TOML: {0}")]
    FrontMatter(String),
    #[error("no title: give one as title = \"…\" in the front matter")]
    NoTitle,
    #[error("no summary: give one as summary = \"…\" in the front matter")]
    NoSummary,
    #[error("the title has {len} characters; at most {max}")]
    TitleTooLong { len: usize, max: usize },
    #[error("the summary has {len} characters; at most {max}")]
    SummaryTooLong { len: usize, max: usize },
    #[error("the guide has no text after the front matter")]
    Empty,
    #[error("the guide has {len} characters; at most {max}")]
    TooLong { len: usize, max: usize },
}

/// Splits `text` into its front matter (if it starts with a `+++` line) and the body.
pub fn front_matter(text: &str) -> Result<(FrontMatter, &str), GuideError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text
        .strip_prefix(FENCE)
        .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
    else {
        return Ok((FrontMatter::default(), text));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            let matter: FrontMatter = toml::from_str(&rest[..offset])
                .map_err(|e| GuideError::FrontMatter(e.message().to_owned()))?;
            return Ok((matter, &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(GuideError::UnclosedFrontMatter)
}

/// A built-in guide: front matter with a title and a summary, then a body within the limits.
pub fn built_in(slug: &str, text: &str) -> Result<Guide, GuideError> {
    let (matter, body) = front_matter(text)?;
    let title = matter.title.ok_or(GuideError::NoTitle)?;
    let summary = matter.summary.ok_or(GuideError::NoSummary)?;
    checked(Guide {
        slug: slug.to_owned(),
        title,
        summary,
        order: matter.order.unwrap_or(i64::MAX),
        body: body.to_owned(),
    })
}

/// A guide a moderator uploaded: front matter optional; the title from it, else the first
/// heading, else the file's name; the summary from it, else the first line of text.
pub fn uploaded(file_stem: &str, text: &str) -> Result<Guide, GuideError> {
    let (matter, body) = front_matter(text)?;
    let heading = body
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("# ").or_else(|| l.strip_prefix("## ")))
        .map(|h| h.trim().trim_end_matches('#').trim().to_owned());
    let title = matter
        .title
        .or(heading)
        .unwrap_or_else(|| file_stem.replace(['-', '_'], " "));
    let summary = matter.summary.unwrap_or_else(|| summary_of(body));
    checked(Guide {
        slug: String::new(),
        title,
        summary,
        order: 0,
        body: body.to_owned(),
    })
}

/// Checks the lengths of a guide's parts and trims them.
pub fn checked(mut guide: Guide) -> Result<Guide, GuideError> {
    guide.title = guide.title.trim().to_owned();
    guide.summary = guide.summary.trim().to_owned();
    guide.body = guide.body.trim().to_owned();
    if guide.title.is_empty() {
        return Err(GuideError::NoTitle);
    }
    let len = guide.title.chars().count();
    if len > MAX_TITLE {
        return Err(GuideError::TitleTooLong {
            len,
            max: MAX_TITLE,
        });
    }
    let len = guide.summary.chars().count();
    if len > MAX_SUMMARY {
        return Err(GuideError::SummaryTooLong {
            len,
            max: MAX_SUMMARY,
        });
    }
    if guide.body.is_empty() {
        return Err(GuideError::Empty);
    }
    let len = guide.body.chars().count();
    if len > MAX_BODY {
        return Err(GuideError::TooLong { len, max: MAX_BODY });
    }
    Ok(guide)
}

/// A summary for a guide that has none: its first line of text (headings, list marks and
/// emphasis aside), cut at a space within [`MAX_SUMMARY`].
pub fn summary_of(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| {
            !l.is_empty() && !l.starts_with('#') && !l.starts_with("```") && !l.starts_with("+++")
        })
        .unwrap_or_default();
    let line = line.trim_start_matches(['-', '*', '>', ' ']);
    let plain: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    if plain.chars().count() <= MAX_SUMMARY {
        return plain;
    }
    let kept: String = plain.chars().take(MAX_SUMMARY - 1).collect();
    let cut = kept.rfind(' ').filter(|i| *i > 0).unwrap_or(kept.len());
    format!("{}…", kept[..cut].trim_end())
}

/// Titles compare without case or surrounding spaces (a server guide replaces a built-in one
/// of the same title).
pub fn same_title(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read_and_the_body_follows() {
        let text =
            "+++\ntitle = \"Reading CTR\"\nsummary = \"Short\"\norder = 2\n+++\n# Hi\n\nBody";
        let (m, body) = front_matter(text).unwrap();
        assert_eq!(m.title.as_deref(), Some("Reading CTR"));
        assert_eq!(m.order, Some(2));
        assert_eq!(body, "# Hi\n\nBody");
        let g = built_in("ctr", text).unwrap();
        assert_eq!((g.title.as_str(), g.order), ("Reading CTR", 2));
    }

    #[test]
    fn front_matter_is_optional_and_a_bom_or_crlf_is_fine() {
        let (m, body) = front_matter("\u{feff}# Just text").unwrap();
        assert_eq!(m, FrontMatter::default());
        assert_eq!(body, "# Just text");
        let (m, body) = front_matter("+++\r\ntitle = \"T\"\r\n+++\r\nBody").unwrap();
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(body, "Body");
    }

    #[test]
    fn broken_front_matter_is_named() {
        assert_eq!(
            front_matter("+++\ntitle = \"T\"\nBody"),
            Err(GuideError::UnclosedFrontMatter)
        );
        assert!(matches!(
            front_matter("+++\ntitle = T\n+++\nBody"),
            Err(GuideError::FrontMatter(_))
        ));
        assert!(matches!(
            front_matter("+++\ntitel = \"T\"\n+++\nBody"),
            Err(GuideError::FrontMatter(m)) if m.contains("titel")
        ));
        assert_eq!(
            built_in("x", "+++\nsummary = \"S\"\n+++\nBody"),
            Err(GuideError::NoTitle)
        );
        assert_eq!(
            built_in("x", "+++\ntitle = \"T\"\n+++\nBody"),
            Err(GuideError::NoSummary)
        );
        assert_eq!(
            built_in("x", "+++\ntitle = \"T\"\nsummary = \"S\"\n+++\n  \n"),
            Err(GuideError::Empty)
        );
    }

    #[test]
    fn lengths_are_checked_at_their_edges() {
        let guide = |title: usize, body: usize| Guide {
            slug: "s".into(),
            title: "t".repeat(title),
            summary: "s".into(),
            order: 0,
            body: "b".repeat(body),
        };
        assert!(checked(guide(MAX_TITLE, MAX_BODY)).is_ok());
        assert_eq!(
            checked(guide(MAX_TITLE + 1, 5)),
            Err(GuideError::TitleTooLong {
                len: MAX_TITLE + 1,
                max: MAX_TITLE
            })
        );
        assert_eq!(
            checked(guide(5, MAX_BODY + 1)),
            Err(GuideError::TooLong {
                len: MAX_BODY + 1,
                max: MAX_BODY
            })
        );
    }

    #[test]
    fn a_summary_comes_from_the_first_line_of_text() {
        assert_eq!(
            summary_of("# Title\n\n**Read** this first.\n\nMore."),
            "Read this first."
        );
        assert_eq!(summary_of("- a list item"), "a list item");
        let long = summary_of(&"word ".repeat(40));
        assert!(
            long.chars().count() <= MAX_SUMMARY && long.ends_with("word…"),
            "{long}"
        );
        assert_eq!(summary_of("# Only a heading"), "");
    }

    #[test]
    fn an_upload_takes_its_title_from_front_matter_a_heading_or_its_name() {
        let g = uploaded("x", "+++\ntitle = \"T\"\n+++\n# H\n\nBody").unwrap();
        assert_eq!((g.title.as_str(), g.summary.as_str()), ("T", "Body"));
        let g = uploaded("x", "Intro\n\n## Our rules ##\n\nText").unwrap();
        assert_eq!(g.title, "Our rules");
        let g = uploaded("posting-rules", "Just text").unwrap();
        assert_eq!(g.title, "posting rules");
        assert_eq!(
            uploaded("x", "+++\ntitle = \"T\"\n"),
            Err(GuideError::UnclosedFrontMatter)
        );
        assert_eq!(uploaded("x", "  "), Err(GuideError::Empty));
    }

    #[test]
    fn titles_match_without_case() {
        assert!(same_title("Reading CTR ", "reading ctr"));
        assert!(!same_title("Reading CTR", "Reading CTOR"));
    }
}
