//! Reads the counts out of a member's message the way members write them: "my lip oil vid got
//! 8.4k views, 190 product clicks and 2 orders", "views: 12.500 | clicks: 310 | sales: 4",
//! "30k views 900 clicks 3 sales??". Pure: it decides from the text alone, never fails, and
//! says what it could not find so the member can be asked.
//!
//! How: the message is split into numbers, words and punctuation ([`tokens`]); the words
//! creators use are recognised ([`words`]); each number is paired with the word written right
//! after it (`8.4k views`) or right before it (`views: 8.4k`), whichever way the message is
//! written; the counts are grouped into sets in the order they come (a count seen twice starts
//! the next product or video). Every count goes through [`parse_count`], so a message obeys the
//! same rules and limits as `/decode`.

mod pair;
mod tokens;
mod words;

#[cfg(test)]
mod messages;

use serde::Serialize;

use super::counts::{parse_count, CountError, Field};
use super::decode::Counts;
pub use words::RateKind;

/// How many complete sets beyond the first a reading offers.
pub const MAX_ALTERNATIVES: usize = 4;

/// How far a stated rate may be from the counts' own rate, relative to it, before it is
/// pointed out (beyond the rounding of the stated figure).
pub const RATE_TOLERANCE: f64 = 0.1;

with_all! {
/// What came of reading a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Impressions, clicks and orders, each with its word: ready to decode.
    Complete,
    /// All three found, but at least one had no word beside it (`12500 310 4`): the member
    /// confirms before the answer.
    NeedsConfirmation,
    /// Something is missing, more than one number could be it, or a number breaks the count
    /// rules: the member fills in the rest.
    Incomplete,
    /// Nothing to read: no number the reader can use (none at all, or only likes, dates,
    /// money…).
    NoCounts,
}
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Complete => "complete",
            Status::NeedsConfirmation => "needs_confirmation",
            Status::Incomplete => "incomplete",
            Status::NoCounts => "no_counts",
        }
    }
}

/// One count as the message wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Found {
    pub value: u64,
    /// The number as written: `8.4k`, `12.500`, `no`.
    pub text: String,
    /// The words that named it, as written (`product clicks`, `items sold`); `None` when it
    /// stood alone and was taken by its place.
    pub words: Option<String>,
}

/// A number written for a count that breaks the count rules (`12.5 views`, `-5 clicks`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The field, the reason and the number as written.
    #[serde(flatten)]
    pub error: CountError,
    pub words: String,
}

/// Impressions, clicks, orders (and add-to-carts when given) of one product or video.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CountSet {
    pub impressions: Option<Found>,
    pub clicks: Option<Found>,
    pub orders: Option<Found>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub add_to_carts: Option<Found>,
}

impl CountSet {
    pub fn get(&self, field: Field) -> Option<&Found> {
        match field {
            Field::Impressions => self.impressions.as_ref(),
            Field::Clicks => self.clicks.as_ref(),
            Field::Orders => self.orders.as_ref(),
            Field::AddToCarts => self.add_to_carts.as_ref(),
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<Found> {
        match field {
            Field::Impressions => &mut self.impressions,
            Field::Clicks => &mut self.clicks,
            Field::Orders => &mut self.orders,
            Field::AddToCarts => &mut self.add_to_carts,
        }
    }

    /// The counts, when impressions, clicks and orders are all there (not yet checked against
    /// each other: [`Counts::check`] does that).
    pub fn counts(&self) -> Option<Counts> {
        Some(Counts {
            impressions: self.impressions.as_ref()?.value,
            clicks: self.clicks.as_ref()?.value,
            orders: self.orders.as_ref()?.value,
            add_to_carts: self.add_to_carts.as_ref().map(|f| f.value),
        })
    }

    fn values(&self) -> [Option<u64>; 4] {
        FIELDS.map(|f| self.get(f).map(|x| x.value))
    }
}

/// A rate written beside the counts (`CTR 2.5%`, `2,5% ctor`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatedRate {
    #[serde(rename = "rate")]
    pub kind: RateKind,
    /// As a fraction: `0.025` for 2.5%.
    pub value: f64,
    pub text: String,
    pub words: Option<String>,
}

/// A stated rate the counts disagree with; the counts win.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    #[serde(rename = "rate")]
    pub kind: RateKind,
    /// Fractions.
    pub stated: f64,
    pub from_counts: f64,
    pub text: String,
}

/// Other numbers the message gives for a count the reading could not settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambiguity {
    pub field: Field,
    pub values: Vec<Found>,
}

with_all! {
/// Something the member should know about how a count was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Note {
    /// "items sold" (units) was taken for orders: one buyer of three mugs is three items sold
    /// but one SKU order, so CTOR looks higher.
    ItemsSoldTakenForOrders,
}
}

impl Note {
    pub fn key(self) -> &'static str {
        match self {
            Note::ItemsSoldTakenForOrders => "items_sold_taken_for_orders",
        }
    }
}

/// What the reader made of a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    pub status: Status,
    /// The first complete set (or, failing one, the fullest set found).
    pub counts: CountSet,
    /// Impressions, clicks or orders not found (or only as a number that breaks the rules).
    pub missing: Vec<Field>,
    /// Counts taken from numbers with no word beside them: to confirm.
    pub guessed: Vec<Field>,
    pub rejected: Vec<Rejected>,
    pub ambiguous: Vec<Ambiguity>,
    /// Numbers with no word beside them that the reading did not use.
    pub unlabelled: Vec<Found>,
    pub rates: Vec<StatedRate>,
    pub mismatches: Vec<Mismatch>,
    pub notes: Vec<Note>,
    /// Up to [`MAX_ALTERNATIVES`] more complete sets (other products or videos).
    pub alternatives: Vec<CountSet>,
}

const FIELDS: [Field; 4] = [
    Field::Impressions,
    Field::Clicks,
    Field::Orders,
    Field::AddToCarts,
];
/// The three a decode needs.
const NEEDED: [Field; 3] = [Field::Impressions, Field::Clicks, Field::Orders];

/// One thing read, in the order of the message.
#[derive(Debug)]
enum Item {
    Count(Field, Result<Found, Rejected>),
    Rate(StatedRate),
    Unlabelled(Found),
}

/// A set being gathered: each count, valid or not, and the rates stated with it.
#[derive(Debug, Default)]
struct Gathered {
    set: CountSet,
    rejected: Vec<Rejected>,
    rates: Vec<StatedRate>,
}

impl Gathered {
    fn has(&self, field: Field) -> bool {
        self.set.get(field).is_some() || self.rejected.iter().any(|r| r.error.field == field)
    }

    fn filled(&self) -> usize {
        FIELDS.iter().filter(|f| self.has(**f)).count()
    }

    fn complete(&self) -> bool {
        NEEDED.iter().all(|f| self.set.get(*f).is_some()) && self.rejected.is_empty()
    }
}

/// Reads `text`. Never panics and never fails: anything it cannot use is left out, and the
/// reading says what is missing.
pub fn read(text: &str) -> Reading {
    let items = pair::items(text);
    let mut sets: Vec<Gathered> = Vec::new();
    let mut current = Gathered::default();
    let mut unlabelled = Vec::new();
    let mut all_rates = Vec::new();
    for item in items {
        match item {
            Item::Count(field, found) => {
                // Orders and items sold of one product: SKU orders are the orders, whichever
                // comes first (`5 items sold, 3 orders`).
                if let (Some(had), Ok(new)) = (current.set.get(field), &found) {
                    if field == Field::Orders && counts_units(had) != counts_units(new) {
                        if counts_units(had) {
                            current.set.orders = Some(new.clone());
                        }
                        continue;
                    }
                }
                if current.has(field) {
                    sets.push(std::mem::take(&mut current));
                }
                match found {
                    Ok(f) => *current.set.slot(field) = Some(f),
                    Err(r) => current.rejected.push(r),
                }
            }
            Item::Rate(r) => {
                all_rates.push(r.clone());
                current.rates.push(r);
            }
            Item::Unlabelled(f) => unlabelled.push(f),
        }
    }
    sets.push(current);

    let mut complete = Vec::new();
    for g in sets.iter().filter(|g| g.complete()) {
        if !complete
            .iter()
            .any(|c: &&Gathered| c.set.values() == g.set.values())
        {
            complete.push(g);
        }
    }
    if let Some((first, rest)) = complete.split_first() {
        let alternatives = rest
            .iter()
            .take(MAX_ALTERNATIVES)
            .map(|g| g.set.clone())
            .collect();
        return finish(
            first.set.clone(),
            Vec::new(),
            Vec::new(),
            first.rates.clone(),
            Vec::new(),
            alternatives,
        );
    }

    // No complete set: the fullest one, with the other values the message gives.
    let chosen = sets
        .iter()
        .enumerate()
        .max_by_key(|(i, g)| (g.filled(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or_default();
    let Some(best) = sets.get(chosen) else {
        return finish_empty(unlabelled, all_rates);
    };
    let labelled = best.filled() > 0;
    if !labelled && best.rates.is_empty() && unlabelled.is_empty() && sets.len() == 1 {
        return Reading {
            status: Status::NoCounts,
            ..finish_empty(Vec::new(), Vec::new())
        };
    }
    let mut set = best.set.clone();
    let rejected = best.rejected.clone();
    let rates = if labelled {
        best.rates.clone()
    } else {
        all_rates
    };
    let mut ambiguous = Vec::new();
    for field in FIELDS {
        let mine = set.get(field).map(|f| f.value);
        let mut values: Vec<Found> = Vec::new();
        for (i, g) in sets.iter().enumerate() {
            if let Some(f) = g.set.get(field).filter(|_| i != chosen) {
                if Some(f.value) != mine && !values.iter().any(|v| v.value == f.value) {
                    values.push(f.clone());
                }
            }
        }
        if !values.is_empty() {
            ambiguous.push(Ambiguity { field, values });
        }
    }
    // Numbers with no word: taken in order for what is missing, when exactly that many stand
    // alone and they go down the funnel (impressions ≥ clicks ≥ orders).
    let mut guessed = Vec::new();
    let mut alternatives = Vec::new();
    let open: Vec<Field> = NEEDED
        .iter()
        .copied()
        .filter(|f| set.get(*f).is_none() && !rejected.iter().any(|r| r.error.field == *f))
        .collect();
    if ambiguous.is_empty() && !open.is_empty() {
        let lone_triples = !labelled && open.len() == 3 && unlabelled.len() % 3 == 0;
        if unlabelled.len() == open.len() || lone_triples {
            let mut tried = set.clone();
            for (field, f) in open.iter().zip(&unlabelled) {
                *tried.slot(*field) = Some(f.clone());
            }
            if goes_down(&tried) {
                if lone_triples {
                    alternatives = unlabelled
                        .chunks(3)
                        .skip(1)
                        .filter_map(triple)
                        .take(MAX_ALTERNATIVES)
                        .collect();
                }
                set = tried;
                guessed.clone_from(&open);
                unlabelled = unlabelled.split_off(open.len());
                if lone_triples {
                    unlabelled.clear();
                }
            }
        }
    }
    finish(set, rejected, ambiguous, rates, guessed, alternatives).with_unlabelled(unlabelled)
}

fn triple(chunk: &[Found]) -> Option<CountSet> {
    let [i, c, o] = chunk else { return None };
    let set = CountSet {
        impressions: Some(i.clone()),
        clicks: Some(c.clone()),
        orders: Some(o.clone()),
        add_to_carts: None,
    };
    goes_down(&set).then_some(set)
}

fn goes_down(set: &CountSet) -> bool {
    set.counts()
        .is_some_and(|c| c.impressions >= c.clicks && c.clicks >= c.orders && c.impressions > 0)
}

fn finish_empty(unlabelled: Vec<Found>, rates: Vec<StatedRate>) -> Reading {
    finish(
        CountSet::default(),
        Vec::new(),
        Vec::new(),
        rates,
        Vec::new(),
        Vec::new(),
    )
    .with_unlabelled(unlabelled)
}

fn finish(
    counts: CountSet,
    rejected: Vec<Rejected>,
    ambiguous: Vec<Ambiguity>,
    rates: Vec<StatedRate>,
    guessed: Vec<Field>,
    alternatives: Vec<CountSet>,
) -> Reading {
    let missing: Vec<Field> = NEEDED
        .iter()
        .copied()
        .filter(|f| counts.get(*f).is_none())
        .collect();
    let status = if !missing.is_empty() || !rejected.is_empty() || !ambiguous.is_empty() {
        Status::Incomplete
    } else if guessed.is_empty() {
        Status::Complete
    } else {
        Status::NeedsConfirmation
    };
    let mismatches = counts
        .counts()
        .map(|c| rates.iter().filter_map(|r| mismatch(r, c)).collect())
        .unwrap_or_default();
    let notes = counts
        .orders
        .as_ref()
        .filter(|o| counts_units(o))
        .map(|_| vec![Note::ItemsSoldTakenForOrders])
        .unwrap_or_default();
    Reading {
        status,
        counts,
        missing,
        guessed,
        rejected,
        ambiguous,
        unlabelled: Vec::new(),
        rates,
        mismatches,
        notes,
        alternatives,
    }
}

impl Reading {
    fn with_unlabelled(mut self, unlabelled: Vec<Found>) -> Reading {
        if self.status == Status::Incomplete {
            self.unlabelled = unlabelled;
        }
        self
    }
}

/// Whether an orders count was named by a word for units (`items sold`), not SKU orders.
pub fn counts_units(orders: &Found) -> bool {
    orders
        .words
        .as_deref()
        .is_some_and(|w| words::UNITS.contains(&phrase(w).as_str()))
}

/// Words as the vocabulary writes them: lower case, one space between.
fn phrase(words: &str) -> String {
    words
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stated rate against the counts' own: pointed out when it is off by more than
/// [`RATE_TOLERANCE`] of it and by more than the rounding of the figure as written (`CTR 2%`
/// fits 2.26%).
fn mismatch(r: &StatedRate, c: Counts) -> Option<Mismatch> {
    let (num, den) = match r.kind {
        RateKind::Ctr => (c.clicks, c.impressions),
        RateKind::Ctor => (c.orders, c.clicks),
        RateKind::OrderRate => (c.orders, c.impressions),
        RateKind::AddToCartRate => (c.add_to_carts?, c.clicks),
        RateKind::Unknown => return None,
    };
    if den == 0 {
        return None;
    }
    let from_counts = num as f64 / den as f64;
    let decimals = r
        .text
        .split(['.', ','])
        .nth(1)
        .map_or(0, |f| f.chars().take_while(char::is_ascii_digit).count());
    let rounding = 0.5 * 10f64.powi(-i32::try_from(decimals.min(9)).unwrap_or(9)) / 100.0;
    let tolerance = (RATE_TOLERANCE * from_counts).max(rounding);
    ((r.value - from_counts).abs() > tolerance).then(|| Mismatch {
        kind: r.kind,
        stated: r.value,
        from_counts,
        text: r.text.clone(),
    })
}

/// A count's value from its number, by the count rules.
fn count(field: Field, num: &tokens::Num, text: &str, words: &str) -> Result<Found, Rejected> {
    let written = text.get(num.span.clone()).unwrap_or_default();
    match parse_count(field, &num.normalised) {
        Ok(value) => Ok(Found {
            value,
            text: written.to_owned(),
            words: Some(words.to_owned()),
        }),
        Err(mut error) => {
            // The number as the member wrote it, not as it was normalised.
            error.input = super::counts::shorten(written);
            Err(Rejected {
                error,
                words: words.to_owned(),
            })
        }
    }
}
