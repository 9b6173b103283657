//! A guide cut into pieces Discord can show: a new piece (an embed) at every `#` or `##`
//! heading, with the heading as its title; the blocks under it (paragraphs, lists, code,
//! quotes, smaller headings) packed into descriptions within the limit; a block too long for
//! one description split at line breaks (a code block is closed and reopened around each
//! part), a line too long at a space, never inside a word; then pieces packed into messages
//! within the embeds-per-message and characters-per-message limits.
//!
//! The limits come from the caller (Discord's, from `render::limits`), so this stays pure.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag};

/// How much one piece and one message may hold (characters, as Discord counts them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A piece's title.
    pub title: usize,
    /// A piece's text.
    pub text: usize,
    /// Pieces in one message.
    pub pieces: usize,
    /// Characters of titles and texts together in one message.
    pub total: usize,
}

/// One embed's worth of a guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// The heading it starts at; `None` when it continues the piece before it.
    pub title: Option<String>,
    pub text: String,
}

impl Piece {
    /// Characters it counts toward a message's total.
    pub fn size(&self) -> usize {
        self.title.as_deref().map_or(0, |t| t.chars().count()) + self.text.chars().count()
    }
}

/// One top-level block of the guide.
enum Block<'a> {
    /// A `#` or `##` heading: its text.
    Heading(String),
    /// Anything else, as written; `fence` is the opening fence of a fenced code block.
    Text {
        source: &'a str,
        fence: Option<&'a str>,
    },
}

fn blocks(body: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<String> = None;
    let mut current: Option<(std::ops::Range<usize>, bool)> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    if let Tag::Heading { level, .. } = tag {
                        if level <= HeadingLevel::H2 {
                            heading = Some(String::new());
                        }
                    }
                    let fenced = matches!(tag, Tag::CodeBlock(CodeBlockKind::Fenced(_)));
                    current = Some((range, fenced));
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth > 0 {
                    continue;
                }
                if let Some(text) = heading.take() {
                    out.push(Block::Heading(text.trim().to_owned()));
                } else if let Some((range, fenced)) = current.take() {
                    let source = body[range].trim_end();
                    let fence = fenced.then(|| source.lines().next().unwrap_or_default());
                    out.push(Block::Text { source, fence });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            // A thematic break or other block with no start and end.
            _ if depth == 0 => {
                let source = body[range].trim_end();
                if !source.is_empty() {
                    out.push(Block::Text {
                        source,
                        fence: None,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// The guide's pieces. Text before the first heading goes under `title` (the guide's own).
pub fn pieces(title: &str, body: &str, limits: &Limits) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut current = Piece {
        title: Some(clip_title(title, limits.title)),
        text: String::new(),
    };
    let mut started = false;
    for block in blocks(body) {
        match block {
            Block::Heading(heading) => {
                if started || !current.text.is_empty() {
                    out.push(current);
                }
                current = Piece {
                    title: Some(clip_title(&heading, limits.title)),
                    text: String::new(),
                };
            }
            Block::Text { source, fence } => {
                for part in parts(source, fence, limits.text) {
                    let joined = current.text.chars().count() + 2 + part.chars().count();
                    if current.text.is_empty() {
                        current.text = part;
                    } else if joined <= limits.text {
                        current.text.push_str("\n\n");
                        current.text.push_str(&part);
                    } else {
                        out.push(std::mem::replace(
                            &mut current,
                            Piece {
                                title: None,
                                text: part,
                            },
                        ));
                    }
                }
            }
        }
        started = true;
    }
    if started || !current.text.is_empty() {
        out.push(current);
    }
    out
}

/// Pieces packed in order into messages.
pub fn messages(pieces: Vec<Piece>, limits: &Limits) -> Vec<Vec<Piece>> {
    let mut out: Vec<Vec<Piece>> = Vec::new();
    let mut current: Vec<Piece> = Vec::new();
    let mut size = 0;
    for piece in pieces {
        let n = piece.size();
        if !current.is_empty() && (current.len() == limits.pieces || size + n > limits.total) {
            out.push(std::mem::take(&mut current));
            size = 0;
        }
        size += n;
        current.push(piece);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A block as parts of at most `max` characters: itself when it fits; a code block cut
/// between lines, each part a closed code block of its own; anything else cut between lines.
fn parts(source: &str, fence: Option<&str>, max: usize) -> Vec<String> {
    if source.chars().count() <= max {
        return vec![source.to_owned()];
    }
    let Some(open) = fence else {
        return cut(source, max);
    };
    let marker: String = open
        .trim_start()
        .chars()
        .take_while(|c| *c == '`' || *c == '~')
        .collect();
    let mut lines: Vec<&str> = source.lines().skip(1).collect();
    if lines.last().is_some_and(|l| l.trim() == marker) {
        lines.pop();
    }
    let overhead = open.chars().count() + marker.chars().count() + 2;
    let inner = lines.join("\n");
    cut(&inner, max.saturating_sub(overhead).max(1))
        .into_iter()
        .map(|part| format!("{open}\n{part}\n{marker}"))
        .collect()
}

/// Text cut into parts of at most `max` characters: between lines where it can, else at a
/// space, and inside a word only for a word longer than `max` on its own.
fn cut(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    for line in text.split('\n') {
        for unit in line_units(line, max) {
            let n = unit.chars().count();
            let sep = usize::from(len > 0);
            if len > 0 && len + sep + n > max {
                out.push(std::mem::take(&mut current));
                len = 0;
            }
            if len > 0 {
                current.push('\n');
                len += 1;
            }
            current.push_str(&unit);
            len += n;
        }
    }
    if len > 0 || out.is_empty() {
        out.push(current);
    }
    out
}

/// A line as pieces of at most `max` characters each, cut at spaces.
fn line_units(line: &str, max: usize) -> Vec<String> {
    if line.chars().count() <= max {
        return vec![line.to_owned()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    let mut len = 0;
    for word in line.split(' ') {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > max {
            out.push(std::mem::take(&mut current));
            len = 0;
        }
        if n > max {
            // A "word" longer than a whole part (a long link): the only cut inside a word.
            let chars: Vec<char> = word.chars().collect();
            for chunk in chars.chunks(max) {
                out.push(chunk.iter().collect());
            }
            continue;
        }
        if len > 0 {
            current.push(' ');
            len += 1;
        }
        current.push_str(word);
        len += n;
    }
    if len > 0 {
        out.push(current);
    }
    out
}

/// A heading within the title limit, cut at a space with `…` when longer.
fn clip_title(title: &str, max: usize) -> String {
    if title.chars().count() <= max {
        return title.to_owned();
    }
    let kept: String = title.chars().take(max.saturating_sub(1)).collect();
    let at_space = kept.rfind(' ').filter(|i| *i > 0).unwrap_or(kept.len());
    format!("{}…", kept[..at_space].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DISCORD: Limits = Limits {
        title: 256,
        text: 4096,
        pieces: 10,
        total: 6000,
    };

    fn words(n: usize) -> String {
        (0..n)
            .map(|i| format!("word{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn texts(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn all_words(text: &str) -> Vec<&str> {
        text.split_whitespace()
            .filter(|w| !w.starts_with("```"))
            .collect()
    }

    #[test]
    fn a_heading_starts_a_piece_and_titles_it() {
        let body = "Intro line.\n\n# First\n\nOne.\n\n## Second\n\nTwo.\n\n### Small\n\nThree.";
        let p = pieces("Guide", body, &DISCORD);
        let titles: Vec<_> = p.iter().map(|p| p.title.as_deref()).collect();
        assert_eq!(titles, [Some("Guide"), Some("First"), Some("Second")]);
        assert_eq!(p[0].text, "Intro line.");
        assert_eq!(
            p[2].text, "Two.\n\n### Small\n\nThree.",
            "### stays in the text"
        );
    }

    #[test]
    fn a_guide_that_opens_with_a_heading_has_no_empty_first_piece() {
        let p = pieces(
            "Guide",
            "# Start\n\nText\n\n# Next\n\n# Last\n\nEnd",
            &DISCORD,
        );
        let titles: Vec<_> = p.iter().map(|p| p.title.as_deref()).collect();
        assert_eq!(titles, [Some("Start"), Some("Next"), Some("Last")]);
        assert_eq!(
            p[1].text, "",
            "a heading with nothing under it keeps its place"
        );
    }

    #[test]
    fn blocks_are_packed_and_never_split_when_they_fit() {
        let para = words(100); // about 690 characters
        let body = [para.as_str(); 12].join("\n\n");
        let p = pieces("Guide", &body, &DISCORD);
        assert!(p.len() >= 2);
        for piece in &p {
            assert!(piece.text.chars().count() <= DISCORD.text);
            for block in piece.text.split("\n\n") {
                assert_eq!(block, para, "every paragraph whole");
            }
        }
        assert_eq!(p[1].title, None, "a continuation has no title");
    }

    #[test]
    fn a_long_paragraph_is_cut_at_spaces_never_mid_word() {
        let para = words(1500); // about 11,000 characters, one line
        let p = pieces("Guide", &para, &DISCORD);
        assert!(p.len() >= 3);
        for piece in &p {
            assert!(piece.text.chars().count() <= DISCORD.text);
        }
        assert_eq!(
            all_words(&texts(&p)),
            all_words(&para),
            "nothing lost, no word cut"
        );
    }

    #[test]
    fn a_long_code_block_is_closed_and_reopened() {
        let lines: Vec<String> = (0..600).map(|i| format!("let x{i} = {i};")).collect();
        let body = format!("```rust\n{}\n```", lines.join("\n"));
        let p = pieces("Guide", &body, &DISCORD);
        assert!(p.len() >= 2);
        let mut seen = Vec::new();
        for piece in &p {
            let t = &piece.text;
            assert!(t.chars().count() <= DISCORD.text);
            assert!(
                t.starts_with("```rust\n") && t.ends_with("\n```"),
                "{t:.40}"
            );
            seen.extend(
                t.lines()
                    .filter(|l| !l.starts_with("```"))
                    .map(str::to_owned),
            );
        }
        assert_eq!(seen, lines, "every line once, in order");
    }

    #[test]
    fn a_list_longer_than_a_piece_is_cut_between_items() {
        let items: Vec<String> = (0..400).map(|i| format!("- item number {i}")).collect();
        let p = pieces("Guide", &items.join("\n"), &DISCORD);
        let got: Vec<&str> = p.iter().flat_map(|p| p.text.lines()).collect();
        assert_eq!(got, items);
    }

    #[test]
    fn a_word_longer_than_a_piece_is_the_only_cut_inside_a_word() {
        let link = "x".repeat(5000);
        let p = pieces("Guide", &link, &DISCORD);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].text.chars().count(), DISCORD.text);
        assert_eq!(format!("{}{}", p[0].text, p[1].text), link);
    }

    #[test]
    fn limits_hold_at_their_edges() {
        // Exactly the description limit: one piece; one more character: two.
        let exact = "a ".repeat(2048).trim_end().to_owned() + "b";
        assert_eq!(exact.chars().count(), 4096);
        assert_eq!(pieces("G", &exact, &DISCORD).len(), 1);
        let over = exact.clone() + "c d";
        assert_eq!(pieces("G", &over, &DISCORD).len(), 2);
        // Characters count, not bytes.
        let wide = "é".repeat(4096);
        assert_eq!(pieces("G", &wide, &DISCORD).len(), 1);
        // A title at 256 stays; longer is cut at a space.
        let title = format!("{} end", "t".repeat(252));
        assert_eq!(clip_title(&title, 256), title);
        let long = format!("{} {}", "t".repeat(250), "u".repeat(20));
        assert_eq!(clip_title(&long, 256), format!("{}…", "t".repeat(250)));
    }

    #[test]
    fn many_headings_fill_messages_of_ten() {
        let body: String = (0..25).fold(String::new(), |mut b, i| {
            b.push_str(&format!("## Part {i}\n\nShort.\n\n"));
            b
        });
        let p = pieces("Guide", &body, &DISCORD);
        assert_eq!(p.len(), 25);
        let m = messages(p, &DISCORD);
        let sizes: Vec<usize> = m.iter().map(Vec::len).collect();
        assert_eq!(sizes, [10, 10, 5]);
    }

    #[test]
    fn a_message_stays_within_its_total() {
        // Two full pieces make 8,192 characters: over 6,000, so one piece per message.
        let body = format!(
            "# A\n\n{}\n\n# B\n\n{}",
            "a ".repeat(2048),
            "b ".repeat(2048)
        );
        let m = messages(pieces("G", &body, &DISCORD), &DISCORD);
        assert_eq!(m.len(), 2);
        for message in &m {
            assert!(message.iter().map(Piece::size).sum::<usize>() <= DISCORD.total);
        }
        // Pieces that add up to exactly 6,000 share a message.
        let fit = vec![
            Piece {
                title: None,
                text: "a".repeat(3000),
            },
            Piece {
                title: Some("t".repeat(10)),
                text: "b".repeat(2990),
            },
        ];
        assert_eq!(messages(fit, &DISCORD).len(), 1);
    }

    #[test]
    fn thematic_breaks_and_quotes_are_kept() {
        let p = pieces("G", "One\n\n---\n\n> quoted\n> more", &DISCORD);
        assert_eq!(p[0].text, "One\n\n---\n\n> quoted\n> more");
    }
}
