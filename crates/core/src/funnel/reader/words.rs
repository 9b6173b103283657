//! The words creators write beside their numbers, and what each one names.
//!
//! This vocabulary is kept here, not in `prompts/`, on purpose: it is grammar, not copy. The bot
//! never says these words; they decide which number is which, like the `k`/`M` suffixes of
//! `counts.rs`, and each one is pinned by the reader's tests. A moderator editing the list in a
//! prompt file could silently make "sold" or "reach" stop working, which no load-time check
//! could catch. What the bot *says* about a reading is in `prompts/reader.toml`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;

use crate::funnel::counts::Field;

with_all! {
/// A rate a member may state beside the counts. Only a cross-check: never a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    /// Product CTR: clicks ÷ impressions.
    Ctr,
    /// Product CTOR: orders ÷ clicks (Seller Center's old "conversion rate", CVR).
    Ctor,
    /// Orders ÷ impressions.
    OrderRate,
    /// Add-to-carts ÷ clicks.
    AddToCartRate,
    /// A percentage with no word saying which rate it is.
    Unknown,
}
}

impl RateKind {
    pub fn key(self) -> &'static str {
        match self {
            RateKind::Ctr => "ctr",
            RateKind::Ctor => "ctor",
            RateKind::OrderRate => "order_rate",
            RateKind::AddToCartRate => "add_to_cart_rate",
            RateKind::Unknown => "unknown",
        }
    }
}

/// What a word beside a number says the number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    Count(Field),
    Rate(RateKind),
    /// A number that is not part of the funnel: likes, followers, money, days, a video's
    /// number (`vid 2`)…
    Other,
}

use Class::{Count, Other, Rate};
use Field::{AddToCarts, Clicks, Impressions, Orders};

/// Every phrase, lower case, words separated by one space (a hyphen in a message counts as a
/// space: `add-to-cart`, `click-through`). The longest phrase at a place wins, so
/// `product clicks` beats `product`, and `add to cart rate` beats `add to cart`.
const PHRASES: &[(&str, Class)] = &[
    // Impressions: how often the product (or the video carrying it) was shown.
    ("impressions", Count(Impressions)),
    ("impression", Count(Impressions)),
    ("product impressions", Count(Impressions)),
    ("imps", Count(Impressions)),
    ("impr", Count(Impressions)),
    ("impres", Count(Impressions)),
    ("impressns", Count(Impressions)),
    ("imp", Count(Impressions)),
    ("views", Count(Impressions)),
    ("view", Count(Impressions)),
    ("viewed", Count(Impressions)),
    ("video views", Count(Impressions)),
    ("vid views", Count(Impressions)),
    ("shown", Count(Impressions)),
    ("showings", Count(Impressions)),
    ("reach", Count(Impressions)),
    ("reached", Count(Impressions)),
    // Clicks: taps on the product.
    ("clicks", Count(Clicks)),
    ("click", Count(Clicks)),
    ("clicked", Count(Clicks)),
    ("product clicks", Count(Clicks)),
    ("product click", Count(Clicks)),
    ("link clicks", Count(Clicks)),
    ("taps", Count(Clicks)),
    ("tap", Count(Clicks)),
    ("tapped", Count(Clicks)),
    ("clk", Count(Clicks)),
    ("clks", Count(Clicks)),
    ("product taps", Count(Clicks)),
    ("product tap", Count(Clicks)),
    // Orders: SKU orders, and the words creators use for them.
    ("orders", Count(Orders)),
    ("order", Count(Orders)),
    ("ordered", Count(Orders)),
    ("ord", Count(Orders)),
    ("ords", Count(Orders)),
    ("sku orders", Count(Orders)),
    ("sku order", Count(Orders)),
    ("sales", Count(Orders)),
    ("sale", Count(Orders)),
    ("sold", Count(Orders)),
    ("purchases", Count(Orders)),
    ("purchase", Count(Orders)),
    ("purchased", Count(Orders)),
    ("bought", Count(Orders)),
    ("conversions", Count(Orders)),
    // Units, not SKU orders: taken for orders, with a note (see `UNITS`).
    ("items sold", Count(Orders)),
    ("item sold", Count(Orders)),
    ("units sold", Count(Orders)),
    ("units", Count(Orders)),
    ("pieces sold", Count(Orders)),
    ("pcs sold", Count(Orders)),
    // Add-to-carts.
    ("add to carts", Count(AddToCarts)),
    ("add to cart", Count(AddToCarts)),
    ("added to cart", Count(AddToCarts)),
    ("add to cart count", Count(AddToCarts)),
    ("atc", Count(AddToCarts)),
    ("atcs", Count(AddToCarts)),
    ("carts", Count(AddToCarts)),
    ("cart adds", Count(AddToCarts)),
    // Rates.
    ("ctr", Rate(RateKind::Ctr)),
    ("product ctr", Rate(RateKind::Ctr)),
    ("click through rate", Rate(RateKind::Ctr)),
    ("clickthrough rate", Rate(RateKind::Ctr)),
    ("click rate", Rate(RateKind::Ctr)),
    ("ctor", Rate(RateKind::Ctor)),
    ("product ctor", Rate(RateKind::Ctor)),
    ("click to order rate", Rate(RateKind::Ctor)),
    ("cvr", Rate(RateKind::Ctor)),
    ("conversion rate", Rate(RateKind::Ctor)),
    ("conversion", Rate(RateKind::Ctor)),
    ("conv rate", Rate(RateKind::Ctor)),
    ("order rate", Rate(RateKind::OrderRate)),
    ("add to cart rate", Rate(RateKind::AddToCartRate)),
    ("atc rate", Rate(RateKind::AddToCartRate)),
    // Numbers that are not the funnel's.
    ("likes", Other),
    ("hearts", Other),
    ("comments", Other),
    ("comment", Other),
    ("shares", Other),
    ("saves", Other),
    ("followers", Other),
    ("follower", Other),
    ("follows", Other),
    ("subs", Other),
    ("gmv", Other),
    ("revenue", Other),
    ("commission", Other),
    ("commissions", Other),
    ("usd", Other),
    ("dollars", Other),
    ("bucks", Other),
    ("euros", Other),
    ("vid", Other),
    ("vids", Other),
    ("video", Other),
    ("videos", Other),
    ("post", Other),
    ("posts", Other),
    ("product", Other),
    ("products", Other),
    ("item", Other),
    ("items", Other),
    ("listing", Other),
    ("listings", Other),
    ("day", Other),
    ("days", Other),
    ("week", Other),
    ("weeks", Other),
    ("month", Other),
    ("months", Other),
    ("year", Other),
    ("years", Other),
    ("hours", Other),
    ("hour", Other),
    ("hrs", Other),
    ("minutes", Other),
    ("mins", Other),
    ("seconds", Other),
    ("secs", Other),
    ("stars", Other),
    ("star", Other),
    ("reviews", Other),
    ("review", Other),
    ("lives", Other),
    ("streams", Other),
    ("samples", Other),
    ("creators", Other),
    ("affiliates", Other),
    ("price", Other),
    ("aov", Other),
    ("returns", Other),
    ("refunds", Other),
    ("part", Other),
    ("pt", Other),
];

/// Order words that count units rather than SKU orders.
pub(super) const UNITS: &[&str] = &[
    "items sold",
    "item sold",
    "units sold",
    "units",
    "pieces sold",
    "pcs sold",
];

/// Short forms written with a point (`Impr. 12k`, `ord. 4`): the point belongs to the word.
pub(super) fn is_short_form(word: &str) -> bool {
    matches!(
        word,
        "impr" | "imp" | "imps" | "impres" | "clk" | "clks" | "ord" | "ords"
    )
}

/// Words that are a number when they stand right beside a count's word (`no sales`, `two
/// orders`, `orders: none`).
pub(super) fn number_word(word: &str) -> Option<u64> {
    Some(match word {
        "zero" | "no" | "none" | "nada" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return None,
    })
}

/// Words that end one statement before the next (`190 clicks and 2 orders`).
pub(super) fn is_break_word(word: &str) -> bool {
    matches!(
        word,
        "and" | "but" | "with" | "plus" | "or" | "vs" | "then" | "while" | "so" | "yet"
    )
}

type Phrases = HashMap<&'static str, Vec<(Vec<&'static str>, Class)>>;

/// The phrases by their first word, longest first.
fn by_first_word() -> &'static Phrases {
    static TABLE: OnceLock<Phrases> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Phrases = HashMap::new();
        for &(phrase, class) in PHRASES {
            let words: Vec<&str> = phrase.split(' ').collect();
            if let Some(first) = words.first() {
                table.entry(first).or_default().push((words, class));
            }
        }
        for list in table.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        table
    })
}

/// The longest phrase that starts with `words[0]`: its class and how many words it takes.
pub(super) fn phrase_at(words: &[&str]) -> Option<(Class, usize)> {
    let first = words.first()?;
    by_first_word()
        .get(first)?
        .iter()
        .find_map(|(phrase, class)| {
            (words.len() >= phrase.len() && phrase.iter().zip(words).all(|(p, w)| p == w))
                .then_some((*class, phrase.len()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins() {
        assert_eq!(
            phrase_at(&["product", "clicks", "2"]),
            Some((Count(Clicks), 2))
        );
        assert_eq!(phrase_at(&["product", "2"]), Some((Other, 1)));
        assert_eq!(
            phrase_at(&["add", "to", "cart", "rate"]),
            Some((Rate(RateKind::AddToCartRate), 4))
        );
        assert_eq!(phrase_at(&["items", "sold"]), Some((Count(Orders), 2)));
        assert_eq!(phrase_at(&["hello"]), None);
    }

    #[test]
    fn every_unit_word_is_an_order_word() {
        for u in UNITS {
            assert!(
                PHRASES.contains(&(u, Count(Orders))),
                "{u} is not an order phrase"
            );
        }
    }
}
