//! Splits a message into what the reader pairs up: numbers (their separators normalised for
//! the count parser), words, and the punctuation that links a word to a number (`views: 8.4k`)
//! or keeps them apart (`8.4k views, 190 clicks`). Numbers that are not counts — dates, times,
//! ranges, money, ordinals, durations, ids inside words and links — never become numbers.

use std::ops::Range;

/// One piece of a message.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(Num),
    /// A word, lower-cased; `span` is where it is in the message.
    Word {
        lower: String,
        span: Range<usize>,
    },
    /// Ties a word to the number after it: `:`, `=`, a dash between spaces, `~`.
    Link,
    /// Keeps what is on each side apart: a comma, a full stop, a new line, a closing bracket…
    Break,
    /// An opening bracket: keeps apart like [`Tok::Break`], but a rate inside it belongs to the
    /// count before it (`310 clicks (2.48%)`).
    Open,
}

/// A number as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Num {
    /// Where it is in the message, with its `%` or `k` if any.
    pub span: Range<usize>,
    /// The number for the count parser: thousands separators dropped, a decimal comma as a
    /// point, the `k`/`M`/`B` kept (`12.500` → `12500`, `12,5k` → `12.5k`).
    pub normalised: String,
    /// Written as a percentage (`2.5%`, `2,5 %`, `3 percent`).
    pub percent: bool,
}

impl Num {
    /// The number as a plain decimal (a rate's value in percent), when it is one.
    pub fn decimal(&self) -> Option<f64> {
        let body = self.normalised.trim_start_matches('+');
        if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return None;
        }
        body.parse().ok().filter(|v: &f64| v.is_finite())
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_currency(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₹' | '₱' | '₩' | '₫' | '฿' | '₦' | '₺' | '₽'
    )
}

/// Letters written right after a number that make it something other than a count: an
/// ordinal (`2nd`), a time or a duration (`5pm`, `24h`, `3d`), a multiple (`2x`).
const NOT_COUNT_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "am", "pm", "h", "hr", "hrs", "d", "s", "sec", "secs", "min", "mins",
    "w", "wk", "wks", "mo", "mos", "y", "yr", "yrs", "x", "days", "hours", "usd", "eur", "gbp",
];

/// Words after a number that multiply it (`1.2 mil`, `3 thousand`).
fn word_multiplier(word: &str) -> Option<char> {
    match word {
        "k" | "thousand" => Some('K'),
        "mil" | "mill" | "million" | "mn" => Some('M'),
        "billion" | "bn" => Some('B'),
        _ => None,
    }
}

struct Scanner<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c)| c)
    }

    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn is_digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    fn is_letter(&self, i: usize) -> bool {
        self.at(i).is_some_and(char::is_alphabetic)
    }

    /// The end (exclusive) of the run of ASCII digits from `i`.
    fn digits_end(&self, mut i: usize) -> usize {
        while self.is_digit(i) {
            i += 1;
        }
        i
    }

    fn letters_end(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
        }
        i
    }

    fn slice(&self, from: usize, to: usize) -> &str {
        &self.text[self.byte(from)..self.byte(to)]
    }

    /// A Discord mention, channel, custom emoji or timestamp (`<@123>`, `<:fire:123>`): its end.
    fn markup_end(&self, i: usize) -> Option<usize> {
        if !matches!(self.at(i + 1), Some('@' | '#' | ':' | 'a' | 't' | '/')) {
            return None;
        }
        (i + 1..self.chars.len().min(i + 120)).find_map(|j| match self.at(j) {
            Some('>') => Some(j + 1),
            _ => None,
        })
    }
}

/// Splits `text`. Never fails: what it does not understand is skipped.
pub(super) fn tokenize(text: &str) -> Vec<Tok> {
    let s = Scanner {
        text,
        chars: text.char_indices().collect(),
    };
    let mut toks = Vec::new();
    let mut i = 0;
    while let Some(c) = s.at(i) {
        if c == '<' {
            if let Some(end) = s.markup_end(i) {
                toks.push(Tok::Break);
                i = end;
                continue;
            }
        }
        let signed = matches!(c, '-' | '−' | '+')
            && s.is_digit(i + 1)
            && (i == 0
                || s.at(i - 1)
                    .is_some_and(|p| is_space(p) || p == ':' || p == '='));
        if c.is_ascii_digit() || signed {
            i = number(&s, i, &mut toks);
            continue;
        }
        if c.is_alphanumeric() {
            i = word(&s, i, &mut toks);
            continue;
        }
        match c {
            '(' | '[' => toks.push(Tok::Open),
            '\n' | '\r' | ',' | ';' | '.' | '!' | '?' | '|' | ')' | ']' | '{' | '}' | '/'
            | '\\' | '&' | '+' | '•' | '·' | '…' | '،' | '。' | '，' => {
                toks.push(Tok::Break);
            }
            ':' | '=' | '~' | '→' | '≈' | '>' => toks.push(Tok::Link),
            // `add-to-cart` is one phrase; `views - 8.4k` links.
            '-' | '–' | '—' if !(s.is_letter(i.wrapping_sub(1)) && s.is_letter(i + 1)) => {
                toks.push(Tok::Link);
            }
            _ => {}
        }
        i += 1;
    }
    toks
}

fn word(s: &Scanner<'_>, start: usize, toks: &mut Vec<Tok>) -> usize {
    let mut i = start;
    while let Some(c) = s.at(i) {
        let inner_apostrophe = matches!(c, '\'' | '’') && s.is_letter(i + 1) && i > start;
        if c.is_alphanumeric() || inner_apostrophe {
            i += 1;
        } else {
            break;
        }
    }
    let raw = s.slice(start, i);
    let lower = raw.to_lowercase();
    // A link (`https://…`, `www.…`) is skipped whole: its digits are not counts.
    let link = (matches!(lower.as_str(), "http" | "https") && s.at(i) == Some(':'))
        || (lower == "www" && s.at(i) == Some('.'));
    if link {
        while s.at(i).is_some_and(|c| !c.is_whitespace()) {
            i += 1;
        }
        toks.push(Tok::Break);
        return i;
    }
    // `Impr. 12k`, `ord. 4`: the point of a short form does not end the statement.
    if s.at(i) == Some('.') && super::words::is_short_form(&lower) {
        toks.push(Tok::Word {
            lower,
            span: s.byte(start)..s.byte(i),
        });
        return i + 1;
    }
    toks.push(Tok::Word {
        lower,
        span: s.byte(start)..s.byte(i),
    });
    i
}

/// Reads the number at `start` (a digit, or a sign before one); returns where it ends.
fn number(s: &Scanner<'_>, start: usize, toks: &mut Vec<Tok>) -> usize {
    let signed = !s.is_digit(start);
    let first = if signed { start + 1 } else { start };
    let mut end = s.digits_end(first);
    // Each separator used and the digits after it.
    let mut groups: Vec<(char, usize)> = Vec::new();
    let first_len = end - first;
    while let Some(sep) = s.at(end).filter(|_| s.is_digit(end + 1)) {
        let run_end = s.digits_end(end + 1);
        let run = run_end - end - 1;
        // `12,5k` and `2,5%` use a decimal comma; `30000,900,3` is a list.
        let decimal_follows = s
            .at(run_end)
            .is_some_and(|c| matches!(c, 'k' | 'K' | 'm' | 'M' | 'b' | 'B' | '%'))
            || (s.at(run_end).is_some_and(is_space) && s.at(run_end + 1) == Some('%'));
        if accepts(sep, run, first_len, &groups, decimal_follows) {
            groups.push((sep, run));
            end = run_end;
        } else {
            break;
        }
    }
    // A number joined to another by `:` or `-` is a time, a date or a range; by `/`, a date
    // when every part is short (`12/3/2024`), else a list (`12500/310/4`).
    let joiner = |c: Option<char>| matches!(c, Some(':' | '-' | '/'));
    let in_chain = start > 0 && joiner(s.at(start - 1)) && s.is_digit(start.wrapping_sub(2));
    let mut ignored = in_chain && s.at(start - 1) != Some('/');
    if !in_chain && joiner(s.at(end)) && s.is_digit(end + 1) {
        let mut parts = vec![first_len];
        let mut only_slashes = true;
        let mut k = end;
        while joiner(s.at(k)) && s.is_digit(k + 1) {
            only_slashes &= s.at(k) == Some('/');
            let e = s.digits_end(k + 1);
            parts.push(e - k - 1);
            k = e;
        }
        let date = groups.is_empty() && parts.iter().all(|&p| p <= 2 || p == 4);
        ignored = !only_slashes || date;
    }
    // Money: `$12`, `12$`, `€ 5`.
    let before = (start > 0).then(|| s.at(start - 1)).flatten();
    let before2 = (start > 1).then(|| s.at(start - 2)).flatten();
    if before.is_some_and(|c| is_currency(c) || c == '#')
        || (before.is_some_and(is_space) && before2.is_some_and(is_currency))
        || before.is_some_and(char::is_alphanumeric)
    {
        ignored = true;
    }
    let mut suffix = None;
    let mut i = end;
    if s.at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        let letters_end = s.letters_end(i);
        let letters = s.slice(i, letters_end).to_ascii_lowercase();
        let after_is_word = s.at(letters_end).is_some_and(char::is_alphanumeric);
        match letters.as_str() {
            "k" | "m" | "b" if !after_is_word => {
                suffix = s.at(i).map(|c| c.to_ascii_uppercase());
                i = letters_end;
            }
            l if word_multiplier(l).is_some() && !after_is_word => {
                suffix = word_multiplier(l);
                i = letters_end;
            }
            l if NOT_COUNT_SUFFIXES.contains(&l) && !after_is_word => {
                ignored = true;
                i = letters_end;
            }
            // Letters glued to a number (`10views`): the word after it.
            _ => {}
        }
    } else if suffix.is_none() && s.at(i).is_some_and(is_space) {
        // `1.2 mil`, `3 thousand`
        let w = i + 1;
        let w_end = s.letters_end(w);
        if w_end > w && !s.at(w_end).is_some_and(char::is_alphanumeric) {
            if let Some(m) = word_multiplier(&s.slice(w, w_end).to_ascii_lowercase()) {
                suffix = Some(m);
                i = w_end;
            }
        }
    }
    // `2.5%`, `2.5 %`, `3 percent`
    let mut percent = false;
    let mut j = i;
    if s.at(j).is_some_and(is_space) {
        j += 1;
    }
    if s.at(j) == Some('%') {
        percent = true;
        i = j + 1;
    } else if j > i {
        let w_end = s.letters_end(j);
        let w = s.slice(j, w_end).to_ascii_lowercase();
        if matches!(w.as_str(), "percent" | "pct") {
            percent = true;
            i = w_end;
        }
    }
    if s.at(i).is_some_and(is_currency)
        || (s.at(i).is_some_and(is_space) && s.at(i + 1).is_some_and(is_currency))
    {
        ignored = true;
    }
    if ignored {
        // What follows a joined number (`5:30`, `12/3/24`, `200-300`) is not a count either.
        let mut k = i;
        while s.at(k).is_some_and(|c| matches!(c, ':' | '/' | '-')) && s.is_digit(k + 1) {
            k = s.digits_end(k + 1);
        }
        toks.push(Tok::Break);
        return k;
    }
    let mut normalised = String::new();
    if signed {
        normalised.push(s.at(start).unwrap_or('-'));
    }
    normalised.push_str(&normalise(
        s.slice(first, end),
        &groups,
        suffix.is_some() || percent,
    ));
    if let Some(m) = suffix {
        normalised.push(m);
    }
    toks.push(Tok::Num(Num {
        span: s.byte(start)..s.byte(i),
        normalised,
        percent,
    }));
    i
}

/// Whether `sep` followed by `run` digits continues the number read so far.
fn accepts(
    sep: char,
    run: usize,
    first_len: usize,
    groups: &[(char, usize)],
    decimal_follows: bool,
) -> bool {
    let thousands_so_far = first_len <= 3 && groups.iter().all(|&(g, r)| g == sep && r == 3);
    let has_decimal = |c: char| groups.iter().any(|&(g, _)| g == c);
    if is_space(sep) {
        // `12 500`, `1 250 000`: only groups of three after a first group of at most three.
        return run == 3 && thousands_so_far;
    }
    match sep {
        ',' | '.' => {
            if groups.is_empty() {
                // `12,500` / `12.500` group thousands; `12.5k`, `12.5`, `12,5k`, `2,5%` are
                // decimals; any other comma separates two numbers.
                sep == '.' || (run == 3 && first_len <= 3) || decimal_follows
            } else if run == 3 && thousands_so_far {
                true
            } else {
                // One decimal separator after the thousands (`1,234.5`, `1.234,5`).
                let other = if sep == ',' { '.' } else { ',' };
                run <= 2 && !has_decimal(sep) && groups.iter().all(|&(g, r)| g == other && r == 3)
            }
        }
        _ => false,
    }
}

/// The digits of a number for the count parser: thousands separators dropped, the decimal
/// separator as a point. `decimal_context` is true when a `k`/`M`/`%` follows, where a point
/// or a comma before three digits is a decimal (`1.500k` = 1,500).
fn normalise(raw: &str, groups: &[(char, usize)], decimal_context: bool) -> String {
    let marks: Vec<char> = groups
        .iter()
        .map(|&(c, _)| c)
        .filter(|c| !is_space(*c))
        .collect();
    let decimal: Option<char> = match marks.as_slice() {
        [only] => {
            let run = groups
                .iter()
                .find(|(c, _)| c == only)
                .map_or(0, |&(_, r)| r);
            (decimal_context || run != 3).then_some(*only)
        }
        [.., last] if marks.iter().any(|c| c != last) => Some(*last),
        // The same mark several times: thousands (each run was three digits); or none.
        _ => None,
    };
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if Some(c) == decimal {
            out.push('.');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(text: &str) -> Vec<(String, bool)> {
        tokenize(text)
            .into_iter()
            .filter_map(|t| match t {
                Tok::Num(n) => Some((n.normalised, n.percent)),
                _ => None,
            })
            .collect()
    }

    fn one(text: &str) -> String {
        let n = nums(text);
        assert_eq!(n.len(), 1, "{text:?} → {n:?}");
        n[0].0.clone()
    }

    #[test]
    fn separators_members_use() {
        assert_eq!(one("12,500"), "12500");
        assert_eq!(one("12.500"), "12500");
        assert_eq!(one("12 500"), "12500");
        assert_eq!(one("12\u{a0}500"), "12500");
        assert_eq!(one("1.250.000"), "1250000");
        assert_eq!(one("1,250,000"), "1250000");
        assert_eq!(one("1 250 000"), "1250000");
        assert_eq!(one("12,5k"), "12.5K");
        assert_eq!(one("12.5k"), "12.5K");
        assert_eq!(one("12.5K"), "12.5K");
        assert_eq!(one("1.2M"), "1.2M");
        assert_eq!(one("1.500k"), "1.500K");
        assert_eq!(one("1,234.5"), "1234.5");
        assert_eq!(one("1.234,5"), "1234.5");
        assert_eq!(one("12.5"), "12.5");
        assert_eq!(one("1.2 mil"), "1.2M");
        assert_eq!(one("3 thousand"), "3K");
    }

    #[test]
    fn percentages() {
        assert_eq!(nums("2.5%"), vec![("2.5".to_owned(), true)]);
        assert_eq!(nums("2,5 %"), vec![("2.5".to_owned(), true)]);
        assert_eq!(nums("3 percent"), vec![("3".to_owned(), true)]);
    }

    #[test]
    fn numbers_that_are_not_counts() {
        for text in [
            "5:30",
            "12/3",
            "12/03/2024",
            "2024-05-01",
            "200-300",
            "$12",
            "12$",
            "€ 40",
            "#2",
            "2nd",
            "5pm",
            "24h",
            "2x",
            "v2",
            "iphone15",
            "<@123456789012345678>",
            "https://vm.tiktok.com/ZM2abc123/",
            "<:fire:1234567>",
        ] {
            assert!(nums(text).is_empty(), "{text:?} → {:?}", nums(text));
        }
    }

    #[test]
    fn lists_with_spaces_or_slashes() {
        assert_eq!(nums("12500 310 4").len(), 3);
        assert_eq!(nums("12.5k / 310 / 4").len(), 3);
        assert_eq!(nums("12500/310/4").len(), 3);
        assert_eq!(
            nums("10000,200").len(),
            2,
            "a comma after five digits splits"
        );
    }
}
