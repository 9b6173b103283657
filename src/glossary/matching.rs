//! Finding the entry a member meant: case, spaces, hyphens and punctuation ignored, aliases
//! and old names known, typos tolerated, ranked suggestions for the rest.

/// Lowercases and keeps only letters and digits: `Click-Through Rate (CTR)` → `clickthroughratectr`.
pub fn normalize(term: &str) -> String {
    term.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many typing mistakes we forgive for a term of this length. Short terms get none
/// (`cvr` and `ctr` are one letter apart and mean different things).
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=5 => 1,
        6..=11 => 2,
        _ => 3,
    }
}

/// Edit distance counting a swap of two neighbours as one mistake.
pub fn typo_distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(a, b)
}

/// A ranking score of `candidate` (normalized) for what was typed (normalized); 0 = no match.
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
    let prefix: String = candidate.chars().take(qlen).collect();
    let distance = typo_distance(query, candidate).min(typo_distance(query, &prefix) + 1);
    let longest = qlen.max(clen.min(qlen + 1)).max(1);
    if distance <= allowed_typos(qlen).max(1) && distance < longest {
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

    #[test]
    fn normalization_ignores_case_spaces_hyphens_dots_parentheses() {
        assert_eq!(normalize("Click-Through Rate (CTR)"), "clickthroughratectr");
        assert_eq!(normalize("  c.t.o.r "), "ctor");
        assert_eq!(normalize("Add_to cart"), "addtocart");
        assert_eq!(normalize("AOV(SKU)"), "aovsku");
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
