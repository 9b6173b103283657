//! Where things are in an export: the header row, the content-type section read (its labels
//! in the row above the headers) and the needed columns under it.

use super::columns::{classify, normalise, Column, Match};
use super::sheet::{Cell, HEADER_SEARCH};
use super::{Missing, ReportError, ReportWarning};

/// Section labels Seller Center uses above its headers (current and older dimensions).
const SECTIONS: &[&str] = &[
    "All",
    "Seller LIVE",
    "Seller video",
    "Seller product card",
    "Affiliate",
    "Affiliate-LIVE",
    "Affiliate-video",
    "Shop tab",
    "LIVE",
    "Video",
    "Product card",
];

/// Where the needed columns are.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    pub id: Option<usize>,
    pub name: Option<usize>,
    pub impressions: usize,
    pub clicks: usize,
    pub orders: usize,
}

/// The index of the header row among the first [`HEADER_SEARCH`] rows; none there: not an
/// export.
pub(super) fn header_row(rows: &[(u64, Vec<Cell>)]) -> Result<usize, ReportError> {
    rows.iter()
        .take(HEADER_SEARCH)
        .position(|(_, r)| is_header(r))
        .ok_or_else(|| ReportError::NotAnExport {
            missing: [
                Column::Id,
                Column::Impressions,
                Column::Clicks,
                Column::SkuOrders,
            ]
            .map(|column| Missing {
                column,
                found_instead: None,
            })
            .to_vec(),
        })
}

/// Under the header row `h`: the section read (its label, when the file labels sections; a
/// section other than "All" is a warning) and where the needed columns are.
pub(super) fn read(
    rows: &[(u64, Vec<Cell>)],
    h: usize,
    warnings: &mut Vec<ReportWarning>,
) -> Result<(Option<String>, Layout), ReportError> {
    let (header_row, header) = &rows[h];
    let sections = h
        .checked_sub(1)
        .map(|s| &rows[s])
        .filter(|(r, cells)| *r + 1 == *header_row && is_section_row(cells));
    let (span, section) = match sections {
        Some((_, cells)) => {
            let (span, label) = pick_section(cells);
            (span, Some(label))
        }
        None => ((0, usize::MAX), None),
    };
    if section
        .as_deref()
        .is_some_and(|s| normalise(s) != normalise("All"))
    {
        warnings.push(ReportWarning::OneSection);
    }
    Ok((section, columns(header, span, warnings)?))
}

/// A header row: at least two labels of the product table, one of them a count.
fn is_header(cells: &[Cell]) -> bool {
    let found: Vec<Match> = cells
        .iter()
        .filter_map(|c| match c {
            Cell::Text(t) => classify(t),
            _ => None,
        })
        .collect();
    let counts = found.iter().any(|m| match m {
        Match::Current(c) | Match::SameOld(c) | Match::DifferentOld(c) => {
            !matches!(c, Column::Id | Column::Name)
        }
        Match::Other => false,
    });
    found.len() >= 2 && counts
}

fn is_section_row(cells: &[Cell]) -> bool {
    cells.iter().any(|c| match c {
        Cell::Text(t) => SECTIONS.iter().any(|s| normalise(s) == normalise(t)),
        _ => false,
    })
}

/// The columns of the section to read — "All", else the first labelled one — and its label.
fn pick_section(cells: &[Cell]) -> ((usize, usize), String) {
    let labels: Vec<(usize, String)> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_blank())
        .map(|(i, c)| (i, c.text().trim().to_owned()))
        .collect();
    let chosen = labels
        .iter()
        .position(|(_, l)| normalise(l) == normalise("All"))
        .unwrap_or(0);
    let start = labels.get(chosen).map_or(0, |(i, _)| *i);
    let end = labels.get(chosen + 1).map_or(usize::MAX, |(i, _)| *i);
    let label = labels
        .get(chosen)
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    ((start, end), label)
}

/// Finds the needed columns: the product's ID and name anywhere, the counts within the
/// section read; the current label wins over an old one.
fn columns(
    header: &[Cell],
    span: (usize, usize),
    warnings: &mut Vec<ReportWarning>,
) -> Result<Layout, ReportError> {
    let labels: Vec<(usize, Match, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Cell::Text(t) => classify(t).map(|m| (i, m, t.trim().to_owned())),
            _ => None,
        })
        .collect();
    let anywhere = |col: Column| {
        labels
            .iter()
            .find(|(_, m, _)| *m == Match::Current(col))
            .map(|(i, _, _)| *i)
    };
    let in_span = |m: Match| {
        labels
            .iter()
            .find(|(i, x, _)| *x == m && *i >= span.0 && *i < span.1)
            .map(|(i, _, _)| *i)
    };
    let id = anywhere(Column::Id);
    let name = anywhere(Column::Name);
    let impressions = in_span(Match::Current(Column::Impressions)).or_else(|| {
        let old = in_span(Match::SameOld(Column::Impressions));
        if old.is_some() {
            warnings.push(ReportWarning::ImpressionsOldName);
        }
        old
    });
    let clicks = in_span(Match::Current(Column::Clicks));
    let orders = in_span(Match::Current(Column::SkuOrders)).or_else(|| {
        let orders = in_span(Match::Current(Column::Orders));
        if orders.is_some() {
            warnings.push(ReportWarning::OrdersForSkuOrders);
        }
        orders
    });
    let instead = |col: Column| {
        labels
            .iter()
            .find(|(_, m, _)| *m == Match::DifferentOld(col))
            .map(|(_, _, l)| l.clone())
    };
    let mut missing = Vec::new();
    let mut need = |found: bool, column: Column| {
        if !found {
            missing.push(Missing {
                column,
                found_instead: instead(column),
            });
        }
    };
    need(id.is_some() || name.is_some(), Column::Id);
    need(impressions.is_some(), Column::Impressions);
    need(clicks.is_some(), Column::Clicks);
    need(orders.is_some(), Column::SkuOrders);
    match (impressions, clicks, orders) {
        (Some(impressions), Some(clicks), Some(orders)) if missing.is_empty() => Ok(Layout {
            id,
            name,
            impressions,
            clicks,
            orders,
        }),
        _ => Err(ReportError::NotAnExport { missing }),
    }
}
