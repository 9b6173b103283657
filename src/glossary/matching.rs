//! Finding the entry a member meant: case, spaces, hyphens and punctuation ignored, aliases
//! and old names known, typos tolerated where they are safe, ranked suggestions for the rest.
//!
//! The rules, in the order [`super::Glossary::lookup`] applies them:
//! 1. a name, alias or old name typed exactly (after [`normalize`]);
//! 2. a question of several words whose words are names plus question words or numbers
//!    (`why no orders`, `gmv vs revenue`, `is 1.5% ctr good`): the one entry they name, or
//!    suggestions when they name several (`ctr cvr`); a question with a "good" word
//!    (`what is a good ctr`) is answered with the entry's `good` text first
//!    ([`super::Glossary::good_answer`]);
//! 3. a typo, within [`allowed_typos`] of the word's length: never for a single word that is
//!    itself a common English word (`shares` is not a typo of `sales`), and word by word in a
//!    phrase (`creator center` is not `creator content`);
//! 4. otherwise "did you mean" suggestions, ranked by [`score`].

/// Lowercases and keeps only letters and digits: `Click-Through Rate (CTR)` → `clickthroughratectr`.
pub fn normalize(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of what was typed, normalized: `What's add-to-cart?` → `whats`, `add`, `to`,
/// `cart`. Apostrophes join (`what's` is one word); every other non-letter separates.
pub fn words(term: &str) -> Vec<String> {
    term.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map(normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many typing mistakes we forgive in a word (or a name typed as one word) of `len`
/// letters. Short words get none: `cvr`, `ctr`, `cpm`, `gpm`, `err` and `roas` are a letter or
/// two apart and mean different things.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=7 => 1,
        8..=11 => 2,
        _ => 3,
    }
}

/// Whether `typed` may be a typo of `name` as one word of a phrase: within
/// [`allowed_typos`], except that a word of four letters may have one wrong or swapped letter
/// when the rest of the phrase is typed right (`add to card rate`), but never a missing or
/// extra one (`ctor` is not a typo of `ctr`).
fn word_in_phrase(typed: &str, name: &str, distance: usize) -> bool {
    let len = typed.chars().count();
    if len == 4 {
        distance <= 1 && name.chars().count() == 4
    } else {
        distance <= allowed_typos(len)
    }
}

/// Edit distance counting a swap of two neighbours as one mistake (optimal string
/// alignment: as Damerau-Levenshtein for typos, several times faster).
pub fn typo_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// How many mistakes separate what was typed from a name, when they are few enough to be
/// forgiven; `None` when the name is not a plausible typo of it (or is the same).
///
/// `typed` and `name` are lists of normalized words ([`words`]). A single typed word is
/// compared with the whole name run together (`clicktrough` → `click through`); a phrase
/// is compared word by word with a name of as many words, each word within its own
/// allowance, at most half of the words changed, and the whole within the allowance of its
/// length.
pub fn typo_match(typed: &[String], name: &[String]) -> Option<usize> {
    if typed.is_empty() || name.is_empty() {
        return None;
    }
    if typed.len() == 1 {
        let t = &typed[0];
        let n: String = name.concat();
        // A word typed for a name of several words run together: about as long (a missing
        // word, like `impressions` for `uv impressions`, is not a typo).
        if name.len() > 1 && t.chars().count().abs_diff(n.chars().count()) > 1 {
            return None;
        }
        let allowed = allowed_typos(t.chars().count());
        // The distance is at least the difference in length: skip the sure misses.
        if t.chars().count().abs_diff(n.chars().count()) > allowed {
            return None;
        }
        let d = typo_distance(t, &n);
        return (d > 0 && d <= allowed).then_some(d);
    }
    if typed.len() != name.len() {
        return None;
    }
    let mut total = 0;
    let mut changed = 0;
    for (t, n) in typed.iter().zip(name) {
        if t.chars().count().abs_diff(n.chars().count()) > allowed_typos(t.chars().count()).max(1) {
            return None;
        }
        let d = typo_distance(t, n);
        if !word_in_phrase(t, n, d) {
            return None;
        }
        if d > 0 {
            changed += 1;
        }
        total += d;
    }
    let len: usize = typed.iter().map(|w| w.chars().count()).sum();
    (total > 0 && changed * 2 <= typed.len() && total <= allowed_typos(len)).then_some(total)
}

/// A ranking score of `candidate` (normalized) for what was typed (normalized); 0 = no match.
/// Used for suggestions and autocomplete, where a guess costs nothing: it forgives one more
/// mistake than a correction would.
pub fn score(query: &str, candidate: &str) -> u32 {
    if query.is_empty() {
        return 0;
    }
    let qlen = query.chars().count();
    let clen = candidate.chars().count();
    let len_gap = u32::try_from(clen.abs_diff(qlen))
        .unwrap_or(u32::MAX)
        .min(99);
    if query == candidate {
        return 1000;
    }
    if candidate.starts_with(query) {
        return 800 - len_gap;
    }
    if qlen >= 2 && candidate.contains(query) {
        return 600 - len_gap;
    }
    if clen >= 3 && query.contains(candidate) {
        return 500 - len_gap;
    }
    // Typos: compare against the candidate's start of the same length too, so a misspelt
    // prefix (`convertion`) still ranks `conversion rate` while typing.
    let tolerance = allowed_typos(qlen) + 1;
    // The distance is at least the difference in length: compare only where it can be small.
    let whole = (clen.abs_diff(qlen) <= tolerance).then(|| typo_distance(query, candidate));
    let start = (clen > qlen).then(|| {
        let prefix: String = candidate.chars().take(qlen).collect();
        typo_distance(query, &prefix) + 1
    });
    let Some(distance) = whole.into_iter().chain(start).min() else {
        return 0;
    };
    let longest = qlen.max(clen.min(qlen + 1)).max(1);
    if distance <= tolerance && distance < longest {
        // Closer spelling first; then the candidate nearest in length to what was typed.
        let similarity = 1.0 - distance as f64 / longest as f64;
        // similarity is in [0, 1], so the score part is 0..=300.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let part = (300.0 * similarity) as u32;
        return part + (99 - len_gap);
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn normalization_ignores_case_spaces_hyphens_dots_parentheses() {
        assert_eq!(normalize("Click-Through Rate (CTR)"), "clickthroughratectr");
        assert_eq!(normalize("  c.t.o.r "), "ctor");
        assert_eq!(normalize("Add_to cart"), "addtocart");
        assert_eq!(normalize("AOV(SKU)"), "aovsku");
    }

    #[test]
    fn words_split_on_anything_but_letters_digits_and_apostrophes() {
        assert_eq!(w("What's add-to-cart?"), ["whats", "add", "to", "cart"]);
        assert_eq!(w("GMV vs. revenue"), ["gmv", "vs", "revenue"]);
        assert_eq!(w("  "), Vec::<String>::new());
    }

    #[test]
    fn the_allowance_grows_with_the_word() {
        assert_eq!(allowed_typos(3), 0);
        assert_eq!(allowed_typos(4), 0);
        assert_eq!(allowed_typos(5), 1);
        assert_eq!(allowed_typos(8), 2);
        assert_eq!(allowed_typos(12), 3);
    }

    #[test]
    fn short_words_are_never_typos_of_each_other() {
        assert_eq!(typo_match(&w("cpm"), &w("gpm")), None);
        assert_eq!(typo_match(&w("ctr"), &w("cvr")), None);
        assert_eq!(typo_match(&w("roas"), &w("ros")), None);
    }

    #[test]
    fn a_phrase_is_corrected_word_by_word() {
        assert_eq!(
            typo_match(&w("add to card rate"), &w("add-to-cart rate")),
            Some(1)
        );
        assert_eq!(
            typo_match(&w("convertion rate"), &w("conversion rate")),
            Some(1)
        );
        // Run together it is 3 letters off a 13-letter name; word by word `center` is not
        // a typo of `content`.
        assert_eq!(
            typo_match(&w("creator center"), &w("creator content")),
            None
        );
        // Every word changed is not a typo.
        assert_eq!(typo_match(&w("gnv revenuw"), &w("gmv revenue")), None);
        assert_eq!(typo_match(&w("ctorr"), &w("ctor")), Some(1));
        assert_eq!(typo_match(&w("ctor"), &w("ctor")), None);
        assert_eq!(typo_match(&w("product ctor"), &w("product ctr")), None);
        assert_eq!(typo_match(&w("impressions"), &w("uv impressions")), None);
        assert_eq!(typo_match(&w("clickthrogh"), &w("click through")), Some(1));
    }

    #[test]
    fn scores_rank_exact_then_prefix_then_contained_then_typos() {
        let exact = score("ctor", "ctor");
        let prefix = score("ctor", "ctorskuorder");
        let inside = score("ctor", "uniquector");
        let typo = score("ctorr", "ctor");
        assert!(exact > prefix && prefix > inside && inside > typo && typo > 0);
        assert_eq!(score("zzz", "ctor"), 0);
    }
}
