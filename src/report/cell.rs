//! Reading a count from an export's cell: `1,234` and `1234` are counts; `-` and an empty cell
//! are missing; `4.87%`, `$62.50`, a decimal or text are not counts. Stricter than what a
//! member may type in `/decode` (no `12.5k`): an export holds whole numbers.

use super::sheet::Cell;
use crate::funnel::counts::MAX_COUNT;
use crate::funnel::interval::whole;

/// Why a cell is not a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellProblem {
    /// Empty, or `-` (Seller Center's "no data").
    Missing,
    /// A rate, an amount of money, a decimal, a negative number or text.
    NotACount,
}

/// Thousands separators seen in exports: comma, space, no-break spaces, apostrophe.
const GROUP: [char; 5] = [',', ' ', '\u{a0}', '\u{202f}', '\''];

/// The count in `cell`.
pub fn count(cell: &Cell) -> Result<u64, CellProblem> {
    match cell {
        Cell::Empty => Err(CellProblem::Missing),
        Cell::Number(n) => {
            if n.fract() != 0.0 || *n > MAX_COUNT as f64 {
                return Err(CellProblem::NotACount);
            }
            whole(*n).ok_or(CellProblem::NotACount)
        }
        Cell::Text(t) => text(t.trim()),
    }
}

fn text(t: &str) -> Result<u64, CellProblem> {
    if t.is_empty() || matches!(t, "-" | "--" | "—" | "–") {
        return Err(CellProblem::Missing);
    }
    if !t.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(CellProblem::NotACount);
    }
    // Digits in groups of three after the first, all split by the same separator, or none.
    let sep = t.chars().find(|c| GROUP.contains(c));
    let groups: Vec<&str> = match sep {
        Some(s) => t.split(s).collect(),
        None => vec![t],
    };
    let digits_only = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let well_formed = groups.iter().all(|g| digits_only(g))
        && groups
            .first()
            .is_some_and(|g| sep.is_none() || g.len() <= 3)
        && groups.iter().skip(1).all(|g| g.len() == 3);
    if !well_formed {
        return Err(CellProblem::NotACount);
    }
    let n: u64 = groups
        .concat()
        .parse()
        .map_err(|_| CellProblem::NotACount)?;
    if n > MAX_COUNT {
        return Err(CellProblem::NotACount);
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Result<u64, CellProblem> {
        count(&Cell::Text(s.to_owned()))
    }

    #[test]
    fn counts_with_and_without_thousands_separators() {
        assert_eq!(t("1234"), Ok(1234));
        assert_eq!(t("1,234"), Ok(1234));
        assert_eq!(t(" 12,345,678 "), Ok(12_345_678));
        assert_eq!(t("1 234"), Ok(1234));
        assert_eq!(t("1\u{a0}234"), Ok(1234));
        assert_eq!(t("0"), Ok(0));
        assert_eq!(count(&Cell::Number(1234.0)), Ok(1234));
    }

    #[test]
    fn dashes_and_blanks_are_missing() {
        for s in ["", "-", " - ", "—"] {
            assert_eq!(t(s), Err(CellProblem::Missing), "{s:?}");
        }
        assert_eq!(count(&Cell::Empty), Err(CellProblem::Missing));
    }

    #[test]
    fn rates_money_decimals_and_text_are_not_counts() {
        for s in [
            "4.87%",
            "$62.50",
            "62.50",
            "1,23",
            "12,34,567",
            "1,234.5",
            "-5",
            "abc",
            "1e5",
            "1,234 567",
            "12k",
        ] {
            assert_eq!(t(s), Err(CellProblem::NotACount), "{s:?}");
        }
        assert_eq!(count(&Cell::Number(4.5)), Err(CellProblem::NotACount));
        assert_eq!(count(&Cell::Number(-1.0)), Err(CellProblem::NotACount));
        assert_eq!(count(&Cell::Number(1e13)), Err(CellProblem::NotACount));
        assert_eq!(t("10,000,000,000,000"), Err(CellProblem::NotACount));
    }
}
