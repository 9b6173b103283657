//! Parsing the counts members paste from Seller Center: `12500`, `12,500`, `12 500`,
//! `12.5k`, `1.2M`. Anything that is not a whole, non-negative count is refused with the
//! reason, so the member can fix the input.

use std::fmt;

with_all! {
/// Which number of the funnel a value was typed for. Named for the member, not the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Impressions,
    Clicks,
    Orders,
    AddToCarts,
}
}

impl Field {
    /// The key used in `prompts/` and in JSON output.
    pub fn key(self) -> &'static str {
        match self {
            Field::Impressions => "impressions",
            Field::Clicks => "clicks",
            Field::Orders => "orders",
            Field::AddToCarts => "add_to_carts",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

with_all! {
/// Why a typed value is not a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountProblem {
    Empty,
    Rate,
    Decimal,
    Negative,
    NotANumber,
    TooLarge,
}
}

impl CountProblem {
    pub fn key(self) -> &'static str {
        match self {
            CountProblem::Empty => "empty",
            CountProblem::Rate => "rate",
            CountProblem::Decimal => "decimal",
            CountProblem::Negative => "negative",
            CountProblem::NotANumber => "not_a_number",
            CountProblem::TooLarge => "too_large",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[error("{field}: {problem:?} ({input:?})")]
pub struct CountError {
    pub field: Field,
    pub problem: CountProblem,
    /// What the member typed, trimmed and shortened for display.
    pub input: String,
}

/// The largest count we accept. No product listing has a trillion impressions; a bigger
/// number is a paste mistake (two numbers run together, a GMV pasted as a count…).
pub const MAX_COUNT: u64 = 1_000_000_000_000;

const MAX_INPUT_CHARS: usize = 40;

/// Parses one count typed by a member.
pub fn parse_count(field: Field, raw: &str) -> Result<u64, CountError> {
    let trimmed = raw.trim();
    let err = |problem| CountError {
        field,
        problem,
        input: shorten(trimmed),
    };
    if trimmed.is_empty() {
        return Err(err(CountProblem::Empty));
    }
    if trimmed.chars().count() > MAX_INPUT_CHARS {
        return Err(err(if trimmed.chars().all(|c| c.is_ascii_digit()) {
            CountProblem::TooLarge
        } else {
            CountProblem::NotANumber
        }));
    }
    if trimmed.contains('%') {
        return Err(err(CountProblem::Rate));
    }
    // Spaces of any kind (including the narrow no-break space some locales paste) and
    // underscores group digits; they carry no meaning.
    let compact: String = trimmed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    let (negative, body) = match compact.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    let (digits, multiplier) = split_suffix(body);
    let Some(digits) = strip_thousands(digits) else {
        // A comma that is not a thousands separator: `10,5` is a decimal in many locales.
        return Err(err(
            if looks_numeric(digits) && digits.contains(',') && !negative {
                CountProblem::Decimal
            } else if looks_numeric(digits) && negative {
                CountProblem::Negative
            } else {
                CountProblem::NotANumber
            },
        ));
    };
    if digits.is_empty() || !looks_numeric(&digits) || digits.matches('.').count() > 1 {
        return Err(err(CountProblem::NotANumber));
    }
    if negative {
        let is_zero = digits.chars().all(|c| c == '0' || c == '.');
        if !is_zero {
            return Err(err(CountProblem::Negative));
        }
    }
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(err(CountProblem::NotANumber));
    }
    // Exact decimal arithmetic: value = (whole.frac) × multiplier must be a whole number.
    let scale = 10u128.pow(u32::try_from(frac.len().min(30)).unwrap_or(30));
    if frac.len() > 30 {
        return Err(err(CountProblem::NotANumber));
    }
    let whole_n: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| err(CountProblem::TooLarge))?
    };
    let frac_n: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| err(CountProblem::NotANumber))?
    };
    let scaled = whole_n
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_n))
        .and_then(|v| v.checked_mul(u128::from(multiplier)))
        .ok_or_else(|| err(CountProblem::TooLarge))?;
    if scaled % scale != 0 {
        return Err(err(CountProblem::Decimal));
    }
    let value = scaled / scale;
    if value > u128::from(MAX_COUNT) {
        return Err(err(CountProblem::TooLarge));
    }
    u64::try_from(value).map_err(|_| err(CountProblem::TooLarge))
}

fn split_suffix(body: &str) -> (&str, u64) {
    match body.char_indices().last() {
        Some((i, 'k' | 'K')) => (&body[..i], 1_000),
        Some((i, 'm' | 'M')) => (&body[..i], 1_000_000),
        Some((i, 'b' | 'B')) => (&body[..i], 1_000_000_000),
        _ => (body, 1),
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Removes thousands commas when they group digits by three (`12,500`, `1,250,000.5`).
/// Returns `None` when a comma is used some other way.
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_owned());
    }
    let (int_part, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    let rest_ok = groups.iter().skip(1).all(|g| g.len() == 3);
    if !(first_ok && rest_ok) {
        return None;
    }
    let mut out = groups.concat();
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

pub(super) fn shorten(s: &str) -> String {
    const SHOWN: usize = 30;
    if s.chars().count() <= SHOWN {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(SHOWN).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> u64 {
        parse_count(Field::Clicks, s).expect(s)
    }
    fn problem(s: &str) -> CountProblem {
        parse_count(Field::Clicks, s).expect_err(s).problem
    }

    #[test]
    fn accepts_the_formats_members_paste() {
        assert_eq!(ok("12500"), 12_500);
        assert_eq!(ok("12,500"), 12_500);
        assert_eq!(ok("12 500"), 12_500);
        assert_eq!(ok("12\u{a0}500"), 12_500);
        assert_eq!(ok("12\u{202f}500"), 12_500);
        assert_eq!(ok("12.5k"), 12_500);
        assert_eq!(ok("12.5K"), 12_500);
        assert_eq!(ok("1.2M"), 1_200_000);
        assert_eq!(ok("1,250,000"), 1_250_000);
        assert_eq!(ok(" 310 "), 310);
        assert_eq!(ok("0"), 0);
        assert_eq!(ok("-0"), 0);
        assert_eq!(ok("+4"), 4);
        assert_eq!(ok("2b"), 2_000_000_000);
        assert_eq!(ok("1.0"), 1);
    }

    #[test]
    fn refuses_rates_with_the_reason() {
        assert_eq!(problem("2%"), CountProblem::Rate);
        assert_eq!(problem("2.5 %"), CountProblem::Rate);
    }

    #[test]
    fn refuses_decimals() {
        assert_eq!(problem("10.5"), CountProblem::Decimal);
        assert_eq!(problem("10,5"), CountProblem::Decimal);
        assert_eq!(problem("1.2345k"), CountProblem::Decimal);
    }

    #[test]
    fn refuses_negatives() {
        assert_eq!(problem("-5"), CountProblem::Negative);
        assert_eq!(problem("−5"), CountProblem::Negative);
        assert_eq!(problem("-1.2k"), CountProblem::Negative);
    }

    #[test]
    fn refuses_text_and_empty() {
        assert_eq!(problem("abc"), CountProblem::NotANumber);
        assert_eq!(problem("12 clicks"), CountProblem::NotANumber);
        assert_eq!(problem("1.2.3"), CountProblem::NotANumber);
        assert_eq!(problem("k"), CountProblem::NotANumber);
        assert_eq!(problem("0x10"), CountProblem::NotANumber);
        assert_eq!(problem("@everyone"), CountProblem::NotANumber);
        assert_eq!(problem(""), CountProblem::Empty);
        assert_eq!(problem("   "), CountProblem::Empty);
    }

    #[test]
    fn refuses_absurd_sizes() {
        assert_eq!(problem("1001000000000"), CountProblem::TooLarge);
        assert_eq!(
            problem("99999999999999999999999999999999"),
            CountProblem::TooLarge
        );
        assert_eq!(
            problem(&"9".repeat(200)),
            CountProblem::TooLarge,
            "a very long run of digits is too large, not text"
        );
        assert_eq!(ok("1000000000000"), MAX_COUNT);
    }

    #[test]
    fn error_names_the_field_and_keeps_input_short() {
        let e = parse_count(Field::Orders, &"x".repeat(100)).unwrap_err();
        assert_eq!(e.field, Field::Orders);
        assert!(e.input.chars().count() <= 31);
    }
}
