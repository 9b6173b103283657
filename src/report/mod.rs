//! Reports: a whole Seller Center product export decoded, product by product, ranked where a
//! fix pays most, with the totals Seller Center does not show. Pure: bytes in, a [`Report`]
//! out; no Discord, no database, no file system.
//!
//! The layout read (CSV or XLSX): a period row ("Analysis date: …"), a blank row, a row of
//! content-type section labels (All, Seller LIVE, Seller video, …), the headers — the same
//! metrics repeated once per section — then one row per product. The "All" section is used;
//! a file without it uses its first section, and says so (see `layout.rs`).

pub mod cell;
pub mod columns;
mod layout;
pub mod sheet;

use serde::Serialize;

use crate::funnel::{decode, Counts, DecodeError, Decoded, Judgement, Thresholds, Verdict};
use cell::{count, CellProblem};
use columns::Column;
use layout::Layout;
use sheet::{Cell, Format, SheetError, Unreadable, HEADER_SEARCH, MAX_ROWS};

/// The order of the ranked list: where a fix pays most first.
pub const RANK_ORDER: [Verdict; 5] = [
    Verdict::Both,
    Verdict::BeforeClick,
    Verdict::AfterClick,
    Verdict::NotEnoughData,
    Verdict::Healthy,
];

/// One product of the export, decoded exactly like `/decode`.
#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    /// The row of the file it came from (1-based, as a spreadsheet shows it).
    pub row: u64,
    /// The product ID, or the name when the file has no ID.
    pub id: String,
    pub name: String,
    pub decoded: Decoded,
}

with_all! {
/// Why a row was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Neither a product ID nor a name.
    NoProduct,
    /// A needed count is empty or `-`.
    MissingCount,
    /// A needed cell holds something else than a count (`4.87%`, `$62.50`, text).
    NotACount,
    ClicksAboveImpressions,
    ClicksWithoutImpressions,
    OrdersAboveClicks,
}
}

impl SkipReason {
    pub fn key(self) -> &'static str {
        match self {
            SkipReason::NoProduct => "no_product",
            SkipReason::MissingCount => "missing_count",
            SkipReason::NotACount => "not_a_count",
            SkipReason::ClicksAboveImpressions => "clicks_above_impressions",
            SkipReason::ClicksWithoutImpressions => "clicks_without_impressions",
            SkipReason::OrdersAboveClicks => "orders_above_clicks",
        }
    }
}

/// A row left out, and why: nothing is guessed and nothing dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub row: u64,
    pub id: String,
    pub reason: SkipReason,
    /// The column at fault, for a missing count or a cell that is not a count.
    pub column: Option<Column>,
    /// What that cell held, for a cell that is not a count.
    pub cell: Option<String>,
}

with_all! {
/// Something about the whole file the reader should know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportWarning {
    /// No SKU orders column: Orders were used.
    OrdersForSkuOrders,
    /// The old name "Impressions" was read as Product impressions.
    ImpressionsOldName,
    /// No "All" section: the numbers are one content type's only.
    OneSection,
}
}

impl ReportWarning {
    pub fn key(self) -> &'static str {
        match self {
            ReportWarning::OrdersForSkuOrders => "orders_for_sku_orders",
            ReportWarning::ImpressionsOldName => "impressions_old_name",
            ReportWarning::OneSection => "one_section",
        }
    }
}

/// The whole export, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub format: Format,
    /// What the file says of its dates ("2026-10-01 ~ 2026-10-31"), if it says.
    pub period: Option<String>,
    /// The section read ("All", or the only one the file has), when the file labels them.
    pub section: Option<String>,
    /// Every product read, ranked (see [`RANK_ORDER`]).
    pub products: Vec<Product>,
    /// All products together.
    pub totals: Decoded,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<ReportWarning>,
    pub thresholds: Thresholds,
}

impl Report {
    /// How many products got each verdict, in ranking order.
    pub fn by_verdict(&self) -> [(Verdict, usize); 5] {
        RANK_ORDER.map(|v| {
            (
                v,
                self.products
                    .iter()
                    .filter(|p| p.decoded.verdict == v)
                    .count(),
            )
        })
    }
}

/// A needed column the file does not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// `Id` stands for "a product ID or a name"; `SkuOrders` for "SKU orders or Orders".
    pub column: Column,
    /// An old label of a different metric found in its place ("Page views").
    pub found_instead: Option<String>,
}

/// Why there is no report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error("the file is {bytes} bytes, over the limit")]
    TooBig { bytes: usize },
    #[error("the file has more than {MAX_ROWS} product rows")]
    TooManyRows,
    #[error("the file cannot be read: {}", .0.key())]
    Unreadable(Unreadable),
    #[error("not a Seller Center export: missing {}", missing_keys(.missing))]
    NotAnExport { missing: Vec<Missing> },
}

fn missing_keys(missing: &[Missing]) -> String {
    missing
        .iter()
        .map(|m| m.column.key())
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<SheetError> for ReportError {
    fn from(e: SheetError) -> ReportError {
        match e {
            SheetError::TooBig { bytes } => ReportError::TooBig { bytes },
            SheetError::TooManyRows => ReportError::TooManyRows,
            SheetError::Unreadable(u) => ReportError::Unreadable(u),
        }
    }
}

/// Reads an export and decodes every product against `thresholds`.
pub fn build(bytes: &[u8], thresholds: Thresholds) -> Result<Report, ReportError> {
    let sheet = sheet::read(bytes, MAX_ROWS + HEADER_SEARCH)?;
    let rows = &sheet.rows;
    let h = layout::header_row(rows)?;
    if rows.len() - h - 1 > MAX_ROWS {
        return Err(ReportError::TooManyRows);
    }
    let mut warnings = Vec::new();
    let (section, layout) = layout::read(rows, h, &mut warnings)?;
    let mut products = Vec::new();
    let mut skipped = Vec::new();
    for (row, cells) in &rows[h + 1..] {
        if cells.iter().all(Cell::is_blank) {
            continue;
        }
        match product(*row, cells, layout, thresholds) {
            Ok(p) => products.push(p),
            Err(s) => skipped.push(s),
        }
    }
    rank(&mut products);
    let sum = |f: fn(&Counts) -> u64| {
        products
            .iter()
            .map(|p| f(&p.decoded.counts))
            .fold(0u64, u64::saturating_add)
    };
    let totals = decode(
        Counts {
            impressions: sum(|c| c.impressions),
            clicks: sum(|c| c.clicks),
            orders: sum(|c| c.orders),
            add_to_carts: None,
        },
        thresholds,
    );
    Ok(Report {
        format: sheet.format,
        period: period(&rows[..h]),
        section,
        products,
        totals,
        skipped,
        warnings,
        thresholds,
    })
}

/// One row: a decoded product, or the reason it is left out.
fn product(
    row: u64,
    cells: &[Cell],
    at: Layout,
    thresholds: Thresholds,
) -> Result<Product, Skipped> {
    let text = |i: Option<usize>| {
        i.and_then(|i| cells.get(i))
            .map(|c| one_line(&c.text()))
            .unwrap_or_default()
    };
    let name = text(at.name);
    let id = Some(text(at.id))
        .filter(|i| !i.is_empty() && i != "-")
        .unwrap_or_else(|| name.clone());
    let skip = |reason, column: Option<Column>, cell: Option<String>| Skipped {
        row,
        id: id.clone(),
        reason,
        column,
        cell,
    };
    if id.is_empty() {
        return Err(skip(SkipReason::NoProduct, None, None));
    }
    let read = |i: usize, column: Column| {
        let cell = cells.get(i).unwrap_or(&Cell::Empty);
        count(cell).map_err(|p| match p {
            CellProblem::Missing => skip(SkipReason::MissingCount, Some(column), None),
            CellProblem::NotACount => skip(SkipReason::NotACount, Some(column), Some(cell.text())),
        })
    };
    let order_column = Column::SkuOrders;
    let counts = Counts {
        impressions: read(at.impressions, Column::Impressions)?,
        clicks: read(at.clicks, Column::Clicks)?,
        orders: read(at.orders, order_column)?,
        add_to_carts: None,
    };
    let counts = counts.check().map_err(|e| match e {
        DecodeError::ClicksWithoutImpressions { .. } => {
            skip(SkipReason::ClicksWithoutImpressions, None, None)
        }
        _ => skip(SkipReason::ClicksAboveImpressions, None, None),
    })?;
    if counts.orders > counts.clicks {
        return Err(skip(SkipReason::OrdersAboveClicks, None, None));
    }
    Ok(Product {
        row,
        name,
        id,
        decoded: decode(counts, thresholds),
    })
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Ranks products where a fix pays most: both steps weak, then before the click (most
/// impressions first), after the click (most clicks first), not enough data (fewest extra
/// clicks to settle first), healthy (most impressions first). Ties keep the file's order.
pub fn rank(products: &mut [Product]) {
    products.sort_by_key(|p| {
        let d = &p.decoded;
        let group = RANK_ORDER
            .iter()
            .position(|v| *v == d.verdict)
            .unwrap_or(RANK_ORDER.len());
        let within = match d.verdict {
            Verdict::Both | Verdict::BeforeClick | Verdict::Healthy => {
                u64::MAX - d.counts.impressions
            }
            Verdict::AfterClick => u64::MAX - d.counts.clicks,
            Verdict::NotEnoughData => extra_clicks(d).unwrap_or(u64::MAX),
        };
        (group, within)
    });
}

/// Roughly how many more clicks would settle a not-enough-data product: the clicks the step
/// after the click still needs, or, when the step before the click is the open one, the clicks
/// its extra impressions would bring at today's rate (at least at the target's). `None` when
/// nothing can be extrapolated.
pub fn extra_clicks(d: &Decoded) -> Option<u64> {
    if d.ctor.judgement == Judgement::Undetermined && d.ctor.more_needed.is_some() {
        return d.ctor.more_needed;
    }
    if d.ctr.judgement == Judgement::Undetermined {
        let impressions = d.ctr.more_needed?;
        let rate = d.ctr.rate.map_or(0.0, |r| r.value).max(d.ctr.threshold);
        return crate::funnel::interval::whole((impressions as f64 * rate).ceil());
    }
    None
}

/// The period the file states above its header: the text after "Analysis date:" (or the
/// first text there is).
fn period(above: &[(u64, Vec<Cell>)]) -> Option<String> {
    let first = above
        .iter()
        .flat_map(|(_, cells)| cells.iter())
        .find(|c| !c.is_blank())?
        .text();
    let first = one_line(&first);
    let value = match first.split_once(':') {
        Some((label, rest)) if !label.chars().any(|c| c.is_ascii_digit()) => rest.trim(),
        _ => first.as_str(),
    };
    (!value.is_empty()).then(|| value.to_owned())
}
