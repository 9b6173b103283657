//! The test log's domain: a member, a logged test, its short id, its status, and the
//! numbers `/stats` shows. Pure: the store keeps these, the renderer shows them.

use crate::funnel::{compare, Comparison, Counts, Lever, Outcome};
pub use crate::member::Member;

/// The longest change description kept (characters).
pub const MAX_CHANGE: usize = 200;
/// The longest note kept (characters).
pub const MAX_NOTE: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Logged, waiting for the after numbers.
    Open,
    /// The after numbers are in.
    Done,
}

/// One logged test, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRecord {
    pub id: TestId,
    pub lever: Lever,
    /// The change, in the member's words.
    pub change: String,
    pub before: Option<Counts>,
    pub after: Option<Counts>,
    pub status: Status,
    pub note: Option<String>,
    /// What the comparison said when the result was recorded.
    pub ctr_outcome: Option<Outcome>,
    pub ctor_outcome: Option<Outcome>,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
    pub updated_at: i64,
}

impl TestRecord {
    /// Before and after, compared, when the test has both.
    pub fn comparison(&self) -> Option<Comparison> {
        Some(compare(self.before?, self.after?))
    }
}

/// What a menu or an autocomplete needs to tell one test from another: the light form of
/// a [`TestRecord`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestChoice {
    pub id: TestId,
    pub lever: Lever,
    pub change: String,
    pub created_at: i64,
}

/// A test to log.
#[derive(Debug, Clone, Copy)]
pub struct NewTest<'a> {
    pub lever: Lever,
    pub change: &'a str,
    pub before: Option<Counts>,
}

/// The after numbers of a test and what the comparison said.
#[derive(Debug, Clone, Copy)]
pub struct NewResult<'a> {
    pub after: Counts,
    pub note: Option<&'a str>,
    pub ctr_outcome: Outcome,
    pub ctor_outcome: Outcome,
}

/// A member's own numbers, for `/stats me`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberStats {
    pub logged: u64,
    pub done: u64,
    /// Finished tests where at least one step clearly improved.
    pub improved: u64,
    /// Weeks in a row with a test logged, up to this week (or last week).
    pub weeks_in_a_row: u32,
}

/// Counts for a server, for `/mod stats`: never a member's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStats {
    /// Members who logged a test or recorded a result since the given time.
    pub members_active: u64,
    pub tests_logged: u64,
    pub results_recorded: u64,
    /// Drill answers given in the server since the given time.
    pub drills_answered: u64,
}

/// A test's row id, shown to members as a short code like `T-5F3A`.
///
/// The code is a reversible scramble of the row id (so consecutive tests do not look like
/// a counter), written in Crockford's base 32 (no I, L, O or U, so it reads well on a phone).
/// It is not a secret: access is enforced by the member scope of every query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TestId(pub i64);

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Code widths in bits (5 bits a character): 4, 8 or 12 characters.
const WIDTHS: [u32; 3] = [20, 40, 60];
const MUL_A: u64 = 0x9E37_79B9_7F4A_7C15;
const MUL_B: u64 = 0xC2B2_AE3D_27D4_EB4F;
const XOR_K: u64 = 0x5F3A_C0DE_1234_ABCD;

fn mask(bits: u32) -> u64 {
    (1u64 << bits) - 1
}

/// The inverse of an odd number modulo 2^64 (Newton's iteration).
fn inverse(a: u64) -> u64 {
    let mut x = a;
    for _ in 0..6 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
    }
    x
}

fn scramble(x: u64, bits: u32) -> u64 {
    let m = mask(bits);
    let mut y = x.wrapping_mul(MUL_A) & m;
    y ^= y >> (bits / 2 + 1);
    y = y.wrapping_mul(MUL_B) & m;
    y ^ (XOR_K & m)
}

fn unscramble(y: u64, bits: u32) -> u64 {
    let m = mask(bits);
    let mut x = ((y ^ (XOR_K & m)).wrapping_mul(inverse(MUL_B))) & m;
    x ^= x >> (bits / 2 + 1);
    x.wrapping_mul(inverse(MUL_A)) & m
}

impl TestId {
    /// `T-5F3A`.
    pub fn short(self) -> String {
        let x = u64::try_from(self.0).unwrap_or(0);
        let bits = WIDTHS
            .into_iter()
            .find(|b| x <= mask(*b))
            .unwrap_or(WIDTHS[2]);
        let y = scramble(x & mask(bits), bits);
        let chars = bits / 5;
        let mut out = String::with_capacity(2 + chars as usize);
        out.push_str("T-");
        for i in (0..chars).rev() {
            out.push(char::from(ALPHABET[((y >> (5 * i)) & 31) as usize]));
        }
        out
    }

    /// Reads a short code back, as typed: `T-5F3A`, `t5f3a`, `5F3A`; `O` is read as 0 and
    /// `I`/`L` as 1. `None` for anything that is not the code of some id.
    pub fn parse(text: &str) -> Option<TestId> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '-' | ' ' | '_'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        // A code's body may itself start with T (`T-TK3M` typed as `TK3M`), so read the
        // text as typed first, then without a leading T. Their lengths differ by one, so at most
        // one of the two can be a code.
        Self::parse_body(&cleaned).or_else(|| cleaned.strip_prefix('T').and_then(Self::parse_body))
    }

    /// A code without its `T-`, in upper case.
    fn parse_body(body: &str) -> Option<TestId> {
        let bits = match body.len() {
            4 => 20,
            8 => 40,
            12 => 60,
            _ => return None,
        };
        let mut y = 0u64;
        for c in body.chars() {
            let c = match c {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let v = ALPHABET.iter().position(|a| char::from(*a) == c)?;
            y = (y << 5) | v as u64;
        }
        let x = unscramble(y, bits);
        // Each id has exactly one code: the shortest that holds it.
        let canonical = WIDTHS.into_iter().find(|b| x <= mask(*b)) == Some(bits);
        if x == 0 || !canonical {
            return None;
        }
        i64::try_from(x).ok().map(TestId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_round_trip_and_look_scrambled() {
        let mut seen = std::collections::HashSet::new();
        for id in (1..5_000).chain([1 << 20, (1 << 20) - 1, 1 << 40, 123_456_789_012]) {
            let short = TestId(id).short();
            assert!(short.starts_with("T-"), "{short}");
            assert_eq!(TestId::parse(&short), Some(TestId(id)), "{short}");
            assert!(seen.insert(short));
        }
        assert_eq!(TestId(1).short().len(), 6);
        assert_eq!(TestId(1 << 20).short().len(), 10);
        assert_ne!(TestId(1).short(), "T-0001");
    }

    #[test]
    fn short_ids_are_read_the_way_members_type_them() {
        let short = TestId(42).short();
        let body = &short[2..];
        assert_eq!(TestId::parse(&short.to_lowercase()), Some(TestId(42)));
        assert_eq!(TestId::parse(body), Some(TestId(42)));
        assert_eq!(TestId::parse(&format!(" t{body} ")), Some(TestId(42)));
        for bad in [
            "",
            "T-",
            "T-12",
            "T-123456",
            "hello",
            "T-UUUU",
            "'; DROP TABLE tests; --",
        ] {
            assert_eq!(TestId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_code_whose_body_starts_with_t_is_read_without_its_prefix() {
        let mut found = 0;
        for id in 1..20_000 {
            let short = TestId(id).short();
            let body = &short[2..];
            if !body.starts_with('T') {
                continue;
            }
            found += 1;
            for typed in [
                short.clone(),
                body.to_owned(),
                body.to_lowercase(),
                format!("T{body}"),
            ] {
                assert_eq!(TestId::parse(&typed), Some(TestId(id)), "{typed}");
            }
        }
        assert!(found > 0, "some codes start with T");
    }

    #[test]
    fn only_the_shortest_code_is_accepted() {
        // The 8-character code of a small id would be a second name for it.
        let m = mask(40);
        let long = scramble(0x2A & m, 40);
        let mut body = String::new();
        for i in (0..8).rev() {
            body.push(char::from(
                ALPHABET[usize::try_from((long >> (5 * i)) & 0x1F).unwrap()],
            ));
        }
        assert_eq!(TestId::parse(&body), None);
    }
}
