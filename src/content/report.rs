//! The shape of `prompts/report.toml`: what `/report` and `funnel-coach report` say. Verdicts,
//! skip reasons, warnings, columns and unreadable files are tables keyed by the domain's
//! values, so each one has its copy or the file does not load.

use serde::Deserialize;

use super::text::{words, ByKey, Key, More, Plural, Text};
use crate::report::columns::Column;
use crate::report::sheet::Unreadable;
use crate::report::{ReportWarning, SkipReason};

words!(Period: "period");
words!(Section: "section");
words!(Summary: "products", "skipped");
words!(CountLine: "label", "n");
words!(ProductTitle: "rank", "name");
words!(
    /// One product in the list: its verdict, counts, rates and next test.
    ProductValue: "verdict", "impressions", "clicks", "orders", "ctr", "ctor", "next"
);
words!(
    /// The totals: counts, both rates with their ranges, and the shop's verdict.
    TotalsValue: "impressions", "clicks", "orders", "ctr", "ctr_low", "ctr_high", "ctor",
    "ctor_low", "ctor_high", "verdict"
);
words!(SkippedLine: "row", "id", "reason");
words!(SkippedLineNoId: "row", "reason");
words!(N: "n");
words!(Products: "products");
words!(Targets: "ctr", "ctor");
words!(Name: "name");
words!(ColumnWord: "column");
words!(ColumnCell: "column", "cell");
words!(Missing: "missing");
words!(FoundInstead: "found", "column");
words!(Size: "size", "max");
words!(Max: "max");
words!(Kind: "kind");

/// One verdict in a product list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportVerdict {
    pub label: Text,
    /// One narrow next test; `{more}` is the clicks still needed (not enough data).
    pub next: Text<More>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportLabels {
    pub title: Text,
    pub period: Text<Period>,
    pub no_period: Text,
    pub section: Text<Section>,
    pub summary: Text<Summary>,
    pub counts: Text,
    pub count_line: Text<CountLine>,
    pub product: Text<ProductTitle>,
    pub product_value: Text<ProductValue>,
    pub no_rate: Text,
    pub totals: Text,
    pub totals_value: Text<TotalsValue>,
    pub totals_note: Text,
    pub skipped: Text,
    pub skipped_line: Text<SkippedLine>,
    pub skipped_line_no_id: Text<SkippedLineNoId>,
    /// "…and 3 more rows": `one` for 1 row, `other` for more.
    pub skipped_more: Plural,
    pub warnings: Text,
    pub more_products: Text<Products>,
    pub more_products_json: Text<Products>,
    pub no_products: Text,
    pub footer: Text<Targets>,
    pub button: Text<Name>,
    pub posted: Text,
    pub next_unknown: Text,
    pub next_out_of_reach: Text<More>,
}

/// Why a row was left out: a missing count and a cell that is not a count name the column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipCopy {
    pub no_product: Text,
    pub missing_count: Text<ColumnWord>,
    pub not_a_count: Text<ColumnCell>,
    pub clicks_above_impressions: Text,
    pub clicks_without_impressions: Text,
    pub orders_above_clicks: Text,
}

impl SkipCopy {
    /// Every reason has its text: the match fails to compile when a reason is added.
    pub fn text(&self, reason: SkipReason) -> &str {
        match reason {
            SkipReason::NoProduct => &self.no_product,
            SkipReason::MissingCount => &self.missing_count,
            SkipReason::NotACount => &self.not_a_count,
            SkipReason::ClicksAboveImpressions => &self.clicks_above_impressions,
            SkipReason::ClicksWithoutImpressions => &self.clicks_without_impressions,
            SkipReason::OrdersAboveClicks => &self.orders_above_clicks,
        }
    }
}

/// The ranked list as CSV: the names of its columns.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CsvCopy {
    pub filename: Text,
    pub rank: Text,
    pub id: Text,
    pub name: Text,
    pub verdict: Text,
    pub impressions: Text,
    pub clicks: Text,
    pub orders: Text,
    pub ctr: Text,
    pub ctr_low: Text,
    pub ctr_high: Text,
    pub ctor: Text,
    pub ctor_low: Text,
    pub ctor_high: Text,
    pub next: Text,
    pub row: Text,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportErrors {
    pub title: Text,
    pub not_an_export: Text<Missing>,
    pub id_or_name: Text,
    pub orders_or_sku: Text,
    pub column: Text<ColumnWord>,
    pub found_instead: Text<FoundInstead>,
    pub and: Text,
    pub too_big: Text<Size>,
    pub too_many_rows: Text<Max>,
    pub wrong_type: Text<Kind>,
    pub download: Text,
    pub unreadable: ByKey<Unreadable, Text>,
}

/// `prompts/report.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportCopy {
    pub verdicts: ByKey<crate::funnel::Verdict, ReportVerdict>,
    pub labels: ReportLabels,
    pub skip_reasons: SkipCopy,
    pub warnings: ByKey<ReportWarning, Text<Section>>,
    pub columns: ByKey<Column, Text>,
    pub csv: CsvCopy,
    pub errors: ReportErrors,
}

impl Key for Column {
    const ALL: &'static [Column] = &Column::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for ReportWarning {
    const ALL: &'static [ReportWarning] = &ReportWarning::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for Unreadable {
    const ALL: &'static [Unreadable] = &Unreadable::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}
