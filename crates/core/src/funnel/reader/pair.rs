//! Pairs each number with the word that names it. A number may have a word right after it
//! (`8.4k views`) and one right before it (`views 8400`); in "8.4k views 190 clicks" the word
//! before 190 belongs to 8.4k. So the message's own habit decides: whichever way more numbers
//! have a word is preferred, a colon or an equals sign ties a word to the number after it
//! (`views: 8.4k`), fewer words in between is closer, and each word names one number.

use std::ops::Range;

use super::tokens::{tokenize, Num, Tok};
use super::words::{is_break_word, number_word, phrase_at, Class, RateKind};
use super::{count, Found, Item, StatedRate};
use crate::funnel::counts::{parse_count, Field};

/// The words allowed between a number and its word (`2 ppl ordered`, `views were around 8k`).
const MAX_GAP: usize = 2;
/// The longest phrase in the vocabulary, in words.
const MAX_PHRASE: usize = 4;

#[derive(Debug)]
enum Piece {
    Num(Num),
    Label {
        class: Class,
        span: Range<usize>,
    },
    Filler {
        lower: String,
        span: Range<usize>,
    },
    Link,
    Break,
    /// An opening bracket: a break, after which a rate belongs to the count before it.
    Open,
}

fn pieces(tokens: &[Tok]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while let Some(tok) = tokens.get(i) {
        match tok {
            Tok::Word { lower, span } => {
                let mut run: Vec<&str> = Vec::with_capacity(MAX_PHRASE);
                let mut end = span.end;
                for t in tokens.iter().skip(i).take(MAX_PHRASE) {
                    let Tok::Word { lower, .. } = t else { break };
                    run.push(lower);
                }
                if let Some((class, len)) = phrase_at(&run) {
                    if let Some(Tok::Word { span, .. }) = tokens.get(i + len - 1) {
                        end = span.end;
                    }
                    out.push(Piece::Label {
                        class,
                        span: span.start..end,
                    });
                    i += len;
                    continue;
                }
                out.push(if is_break_word(lower) {
                    Piece::Break
                } else {
                    Piece::Filler {
                        lower: lower.clone(),
                        span: span.clone(),
                    }
                });
            }
            Tok::Num(n) => out.push(Piece::Num(n.clone())),
            Tok::Link => out.push(Piece::Link),
            Tok::Break => out.push(Piece::Break),
            Tok::Open => out.push(Piece::Open),
        }
        i += 1;
    }
    numbers_in_words(&mut out);
    out
}

fn is_count_label(p: Option<&Piece>) -> bool {
    matches!(
        p,
        Some(Piece::Label {
            class: Class::Count(_),
            ..
        })
    )
}

/// `no sales`, `two orders`, `orders: none`: number words right beside a count's word.
fn numbers_in_words(pieces: &mut [Piece]) {
    for i in 0..pieces.len() {
        let Some(Piece::Filler { lower, span }) = pieces.get(i) else {
            continue;
        };
        let Some(value) = number_word(lower) else {
            continue;
        };
        let before_label = is_count_label(pieces.get(i + 1));
        let after_label = i > 0
            && (is_count_label(pieces.get(i - 1))
                || (matches!(pieces.get(i - 1), Some(Piece::Link))
                    && i > 1
                    && is_count_label(pieces.get(i - 2))));
        let fits = if lower == "no" {
            before_label
        } else {
            before_label || after_label
        };
        if fits {
            let span = span.clone();
            pieces[i] = Piece::Num(Num {
                span,
                normalised: value.to_string(),
                percent: false,
            });
        }
    }
}

/// The word a number may have on one side: its place, the words in between, and whether a
/// colon or the like ties them.
fn word_beside(pieces: &[Piece], at: usize, forward: bool) -> Option<(usize, usize, bool)> {
    let mut gap = 0;
    let mut linked = false;
    let mut q = at;
    loop {
        q = if forward {
            q.checked_add(1)?
        } else {
            q.checked_sub(1)?
        };
        match pieces.get(q)? {
            Piece::Label { .. } => return Some((q, gap, linked)),
            Piece::Filler { .. } => {
                gap += 1;
                if gap > MAX_GAP {
                    return None;
                }
            }
            Piece::Link => linked = true,
            Piece::Num(_) | Piece::Break | Piece::Open => return None,
        }
    }
}

fn names_something(pieces: &[Piece], label: usize) -> bool {
    matches!(
        pieces.get(label),
        Some(Piece::Label {
            class: Class::Count(_) | Class::Rate(_),
            ..
        })
    )
}

/// A possible pairing of the number at `n` with the word at `label`.
struct Edge {
    n: usize,
    label: usize,
    /// Words in between.
    gap: usize,
    /// A colon or the like ties the word to the number after it.
    linked: bool,
    /// The word is after the number.
    forward: bool,
    /// The word names a count or a rate (not `likes`, `video`…).
    names: bool,
}

/// The numbers of `text` with what each one is, in the message's order.
pub(super) fn items(text: &str) -> Vec<Item> {
    let pieces = pieces(&tokenize(text));
    let nums: Vec<usize> = (0..pieces.len())
        .filter(|&i| matches!(pieces[i], Piece::Num(_)))
        .collect();
    let mut edges = Vec::new();
    let (mut after, mut before) = (0, 0);
    for &n in &nums {
        for forward in [true, false] {
            if let Some((label, gap, linked)) = word_beside(&pieces, n, forward) {
                let names = names_something(&pieces, label);
                if names {
                    if forward {
                        after += 1;
                    } else {
                        before += 1;
                    }
                }
                // A colon ties a count's word to its number (`views: 8.4k`); after another
                // word it only introduces what follows (`second video: 12k views`).
                edges.push(Edge {
                    n,
                    label,
                    gap,
                    linked: linked && !forward && names,
                    forward,
                    names,
                });
            }
        }
    }
    let prefer_after = after >= before;
    let score = |e: &Edge| {
        // At most MAX_GAP words in between: the casts cannot truncate.
        let gap = i32::try_from(e.gap).unwrap_or(i32::MAX / 4);
        10 - 3 * gap
            + if e.linked { 4 } else { 0 }
            + if e.forward == prefer_after { 2 } else { 0 }
            // A word that is no count (`video`, `likes`) takes a number only when no count's
            // word is as close: `second video 12k views` is 12k views, whatever the habit.
            - if e.names { 0 } else { 3 }
    };
    edges.sort_by_key(|e| (std::cmp::Reverse(score(e)), e.n));
    let mut label_of: Vec<Option<usize>> = vec![None; pieces.len()];
    let mut label_used = vec![false; pieces.len()];
    for Edge { n, label, .. } in edges {
        if label_of[n].is_none() && !label_used[label] {
            label_of[n] = Some(label);
            label_used[label] = true;
        }
    }
    nums.into_iter()
        .filter_map(|n| {
            let Piece::Num(num) = &pieces[n] else {
                return None;
            };
            let label = label_of[n].and_then(|l| match &pieces[l] {
                Piece::Label { class, span } => Some((*class, text.get(span.clone())?)),
                _ => None,
            });
            let step = num
                .percent
                .then(|| rate_of_count_before(&pieces, &label_of, n))
                .flatten();
            item(text, num, label, step)
        })
        .collect()
}

/// The count right before the number at `n` (`310 clicks 2.48%`, `clicks 310 (2.48%)`), as
/// the rate of the step that ends at it: a percentage written there is that step's rate.
fn rate_of_count_before(
    pieces: &[Piece],
    label_of: &[Option<usize>],
    n: usize,
) -> Option<RateKind> {
    let mut q = n.checked_sub(1)?;
    if matches!(pieces.get(q), Some(Piece::Open)) {
        q = q.checked_sub(1)?;
    }
    let field = match pieces.get(q)? {
        Piece::Label {
            class: Class::Count(field),
            ..
        } => *field,
        Piece::Num(_) => match label_of
            .get(q)
            .copied()
            .flatten()
            .and_then(|l| pieces.get(l))
        {
            Some(Piece::Label {
                class: Class::Count(field),
                ..
            }) => *field,
            _ => return None,
        },
        _ => return None,
    };
    match field {
        Field::Clicks => Some(RateKind::Ctr),
        Field::Orders => Some(RateKind::Ctor),
        Field::AddToCarts => Some(RateKind::AddToCartRate),
        Field::Impressions => None,
    }
}

fn item(
    text: &str,
    num: &Num,
    label: Option<(Class, &str)>,
    step: Option<RateKind>,
) -> Option<Item> {
    let written = text.get(num.span.clone()).unwrap_or_default();
    let rate = |kind: RateKind, words: Option<&str>| {
        Some(Item::Rate(StatedRate {
            kind,
            value: num.decimal()? / 100.0,
            text: written.to_owned(),
            words: words.map(str::to_owned),
        }))
    };
    match label {
        Some((Class::Rate(kind), words)) => rate(kind, Some(words)),
        _ if num.percent => rate(step.unwrap_or(RateKind::Unknown), label.map(|(_, w)| w)),
        Some((Class::Count(field), words)) => {
            Some(Item::Count(field, count(field, num, text, words)))
        }
        Some((Class::Other, _)) => None,
        None => parse_count(Field::Impressions, &num.normalised)
            .ok()
            .map(|value| {
                Item::Unlabelled(Found {
                    value,
                    text: written.to_owned(),
                    words: None,
                })
            }),
    }
}
