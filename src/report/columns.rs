//! The columns a report needs, and the labels Seller Center gives them: the current name, its
//! aliases, and old names — but only where Seller Center documents the old metric as the same
//! one. Labels match ignoring case, spaces, underscores and hyphens.
//!
//! | column | current label | also read as | never read as |
//! |---|---|---|---|
//! | product id | Product ID | ID | |
//! | product name | Product name | Product, Product title, Name | |
//! | product impressions | Product impressions | Impressions (old name: the same count, once split by content type) | |
//! | product clicks | Product clicks | | Page views (old metric: raw page views, counted differently) |
//! | SKU orders | SKU orders | Orders (SKU) | |
//! | orders | Orders | | (used only when SKU orders is absent, with a warning) |
//!
//! Source: Seller Center's product traffic feature guide (`../shared/seeds/002_…`), "Updated
//! metrics": *Impressions → Product impressions* unified the same impressions across content
//! types; *Page views → Product clicks* replaced page views by a different count ("rather than
//! just raw page view counts"), so a file holding only page views has no product clicks.

use serde::Serialize;

with_all! {
/// A column the report reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Id,
    Name,
    Impressions,
    Clicks,
    SkuOrders,
    Orders,
}
}

impl Column {
    pub fn key(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Name => "name",
            Column::Impressions => "impressions",
            Column::Clicks => "clicks",
            Column::SkuOrders => "sku_orders",
            Column::Orders => "orders",
        }
    }

    /// The labels read as this column: the current name first, then aliases.
    pub fn labels(self) -> &'static [&'static str] {
        match self {
            Column::Id => &["Product ID", "ID"],
            Column::Name => &["Product name", "Product", "Product title", "Name"],
            Column::Impressions => &["Product impressions"],
            Column::Clicks => &["Product clicks"],
            Column::SkuOrders => &["SKU orders", "Orders (SKU)"],
            Column::Orders => &["Orders"],
        }
    }

    /// Old names Seller Center documents as the same metric: read, with a warning.
    pub fn same_old_names(self) -> &'static [&'static str] {
        match self {
            Column::Impressions => &["Impressions"],
            _ => &[],
        }
    }

    /// Old names of a different metric: never read, but named when the column is missing.
    pub fn different_old_names(self) -> &'static [&'static str] {
        match self {
            Column::Clicks => &["Page views"],
            _ => &[],
        }
    }
}

/// Other labels of Seller Center's product table: they help recognise the header row.
const OTHER_LABELS: &[&str] = &[
    "Product CTR",
    "CTR",
    "CTOR",
    "Product CTOR",
    "CTOR (SKU orders)",
    "Conversion rate",
    "GMV",
    "Items sold",
    "Unique clicks",
    "Est. customers",
    "Add-to-cart count",
    "Add-to-cart rate",
    "Unique product impressions",
    "Unique CTR",
    "AOV (SKU)",
];

/// A label as compared: lower case, without spaces, underscores, hyphens or dots, with curly
/// quotes made straight.
pub fn normalise(label: &str) -> String {
    label
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

/// How a header cell was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The column's name or an alias.
    Current(Column),
    /// An old name of the same metric.
    SameOld(Column),
    /// An old name of a different metric (Page views): never read.
    DifferentOld(Column),
    /// Another label of the product table.
    Other,
}

/// What a header cell is, if it is a label the report knows.
pub fn classify(label: &str) -> Option<Match> {
    let n = normalise(label);
    if n.is_empty() {
        return None;
    }
    let is = |labels: &[&str]| labels.iter().any(|l| normalise(l) == n);
    for c in Column::ALL {
        if is(c.labels()) {
            return Some(Match::Current(c));
        }
    }
    for c in Column::ALL {
        if is(c.same_old_names()) {
            return Some(Match::SameOld(c));
        }
        if is(c.different_old_names()) {
            return Some(Match::DifferentOld(c));
        }
    }
    is(OTHER_LABELS).then_some(Match::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_ignoring_case_and_spacing() {
        assert_eq!(
            classify("  product  IMPRESSIONS "),
            Some(Match::Current(Column::Impressions))
        );
        assert_eq!(
            classify("Product_clicks"),
            Some(Match::Current(Column::Clicks))
        );
        assert_eq!(
            classify("SKU-Orders"),
            Some(Match::Current(Column::SkuOrders))
        );
        assert_eq!(classify("Orders"), Some(Match::Current(Column::Orders)));
        assert_eq!(classify("productid"), Some(Match::Current(Column::Id)));
        assert_eq!(
            classify("Impressions"),
            Some(Match::SameOld(Column::Impressions))
        );
        assert_eq!(classify("GMV"), Some(Match::Other));
        assert_eq!(classify("Analysis date: x"), None);
    }

    #[test]
    fn page_views_are_never_product_clicks() {
        assert_eq!(
            classify("Page views"),
            Some(Match::DifferentOld(Column::Clicks))
        );
    }

    #[test]
    fn no_label_belongs_to_two_columns() {
        let mut all: Vec<String> = Column::ALL
            .iter()
            .flat_map(|c| {
                c.labels()
                    .iter()
                    .chain(c.same_old_names())
                    .chain(c.different_old_names())
            })
            .chain(OTHER_LABELS)
            .map(|l| normalise(l))
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
