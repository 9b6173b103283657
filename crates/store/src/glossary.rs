//! Glossary usage per server: which entries are looked up, which terms are missing, which
//! answers were reached by typo correction.
//! Counts are written by [`super::usage::UsageRecorder`].

use crate::StoreError;

/// One answer reached by typo correction: what was typed (normalized), the entry it was
/// corrected to, and how often.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub term: String,
    pub entry_id: String,
    pub count: u64,
}

pub fn count(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("stored count {n} is negative")))
}
