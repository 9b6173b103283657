//! Drill answers: one row per member and drill, the days they fall on, and what a member gets
//! right and wrong. Every query is scoped by server and member.

use crate::funnel::Verdict;
use crate::StoreError;

/// One answer to store.
#[derive(Debug, Clone, Copy)]
pub struct NewAttempt<'a> {
    /// Whom the drill was made for, and its seed: together they name the drill.
    pub owner: u64,
    pub seed: u32,
    pub scenario: &'a str,
    pub counts: [u64; 3],
    /// The right answer: what the decoder says of the counts.
    pub verdict: Verdict,
    pub answer: Verdict,
    /// Seconds since 1970.
    pub at: i64,
    /// `YYYY-MM-DD` in the member's time zone.
    pub local_day: &'a str,
}

/// What storing an answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// The first answer of this member to this drill: it counts.
    New,
    /// The member had answered this drill already; nothing changed.
    Already { verdict: Verdict, answer: Verdict },
}

/// How many times a member was shown one right answer and gave one answer.
pub type AnswerCount = (Verdict, Verdict, u64);

pub fn verdict_of(code: &str) -> Result<Verdict, StoreError> {
    Verdict::ALL
        .into_iter()
        .find(|v| v.code() == code)
        .ok_or_else(|| StoreError::Corrupt(format!("drill verdict `{code}`")))
}

pub fn count(n: i64) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(|_| StoreError::Corrupt(format!("a count of {n}")))
}

pub fn number(n: u64) -> Result<i64, StoreError> {
    i64::try_from(n).map_err(|_| StoreError::Corrupt(format!("a drill number of {n}")))
}
