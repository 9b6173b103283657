//! Glossary usage counters: what one `/define` did. The bot batches them (`store::usage` in the
//! bot) and each store adds a batch in one transaction.

/// What happened to one `/define`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Usage {
    /// An entry was shown (its id).
    Lookup(String),
    /// A term was not found (normalized).
    Miss(String),
    /// A term (normalized) was answered with an entry (its id) by typo correction.
    Corrected { term: String, entry: String },
}

/// The longest a missed term is kept.
pub const MAX_TERM: usize = 100;

/// A typed term as stored: at most [`MAX_TERM`] characters; `None` when nothing is left.
pub fn stored_term(term: &str) -> Option<String> {
    let term: String = term.chars().take(MAX_TERM).collect();
    (!term.is_empty()).then_some(term)
}
