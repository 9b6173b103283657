//! The message reader ("Decode this", `decode --from-text`) on messages written the way members
//! write them, each with the reading a member should get.

use super::{read, Note, RateKind, Reading, Status, MAX_ALTERNATIVES};
use crate::funnel::counts::{CountProblem, Field};

fn values(r: &Reading) -> [Option<u64>; 3] {
    [
        r.counts.impressions.as_ref().map(|f| f.value),
        r.counts.clicks.as_ref().map(|f| f.value),
        r.counts.orders.as_ref().map(|f| f.value),
    ]
}

fn words(r: &Reading) -> [Option<&str>; 3] {
    [
        r.counts
            .impressions
            .as_ref()
            .and_then(|f| f.words.as_deref()),
        r.counts.clicks.as_ref().and_then(|f| f.words.as_deref()),
        r.counts.orders.as_ref().and_then(|f| f.words.as_deref()),
    ]
}

/// A message that reads completely, as `[impressions, clicks, orders]`.
#[track_caller]
fn complete(text: &str, expected: [u64; 3]) -> Reading {
    let r = read(text);
    assert_eq!(
        (r.status, values(&r)),
        (Status::Complete, expected.map(Some)),
        "{text:?} → {r:#?}"
    );
    assert!(r.missing.is_empty() && r.guessed.is_empty() && r.rejected.is_empty());
    r
}

#[track_caller]
fn status(text: &str, expected: Status) -> Reading {
    let r = read(text);
    assert_eq!(r.status, expected, "{text:?} → {r:#?}");
    r
}

// --- labelled counts, any order, creators' words -------------------------------------------

#[test]
fn the_issue_s_message() {
    let r = complete(
        "my lip oil vid got 8.4k views, 190 product clicks and 2 orders, what am I doing wrong??",
        [8_400, 190, 2],
    );
    assert_eq!(
        words(&r),
        [Some("views"), Some("product clicks"), Some("orders")]
    );
    assert_eq!(
        r.counts.impressions.as_ref().map(|f| f.text.as_str()),
        Some("8.4k")
    );
    assert!(r.notes.is_empty() && r.rates.is_empty() && r.alternatives.is_empty());
}

#[test]
fn short_and_anxious() {
    let r = complete("30k views 900 clicks 3 sales??", [30_000, 900, 3]);
    assert_eq!(words(&r)[2], Some("sales"));
}

#[test]
fn labels_before_the_numbers() {
    complete("Impressions 12,500 Clicks 310 Orders 4", [12_500, 310, 4]);
    complete("views 8400 clicks 120 orders 3", [8_400, 120, 3]);
}

#[test]
fn labels_with_colons_and_pipes() {
    complete("views: 12.500 | clicks: 310 | sales: 4", [12_500, 310, 4]);
    complete("Views=9.800 Clicks=120 Orders=0", [9_800, 120, 0]);
}

#[test]
fn counts_in_any_order() {
    complete("orders 4, clicks 310, impressions 12 500", [12_500, 310, 4]);
    complete(
        "2 orders from 190 taps and 8.4k views 😭 is that bad",
        [8_400, 190, 2],
    );
    complete(
        "3 sold, 210 product taps, reach 15k. thoughts?",
        [15_000, 210, 3],
    );
}

#[test]
fn slang_and_emoji() {
    complete(
        "vid did 1.2M views 🔥🔥 4,500 product taps 38 sold",
        [1_200_000, 4_500, 38],
    );
    let r = complete(
        "2 ppl ordered out of 90 ppl who clicked, 5.6k views 🥲",
        [5_600, 90, 2],
    );
    assert_eq!(words(&r), [Some("views"), Some("clicked"), Some("ordered")]);
}

#[test]
fn dashes_and_long_dashes_link() {
    complete("views — 8k; clicks — 95; orders — 1", [8_000, 95, 1]);
    complete(
        "reach 45k / clicks 1.1k / SKU orders 12",
        [45_000, 1_100, 12],
    );
}

#[test]
fn short_forms_with_or_without_a_point() {
    let r = complete("Impr. 12k, clicks 300, ord. 4", [12_000, 300, 4]);
    assert_eq!(words(&r), [Some("Impr"), Some("clicks"), Some("ord")]);
    complete("12k imp / 300 clk / 4 ord", [12_000, 300, 4]);
}

#[test]
fn shown_and_tapped_with_times() {
    complete(
        "shown 12k times, tapped 300 times, sold 4",
        [12_000, 300, 4],
    );
}

#[test]
fn no_sales_is_zero_orders() {
    let r = complete("8k views, 150 clicks but no sales yet", [8_000, 150, 0]);
    assert_eq!(
        r.counts.orders.as_ref().map(|f| f.text.as_str()),
        Some("no")
    );
    complete(
        "got 20k views and 400 clicks, zero orders 💀",
        [20_000, 400, 0],
    );
    complete("views 3k, clicks 40, orders: none", [3_000, 40, 0]);
}

#[test]
fn add_to_carts_are_read_too() {
    let r = complete("ATC 25, clicks 180, views 6k, orders 5", [6_000, 180, 5]);
    assert_eq!(r.counts.add_to_carts.as_ref().map(|f| f.value), Some(25));
}

// --- separators ----------------------------------------------------------------------------

#[test]
fn separators_members_use() {
    complete("12,5k views, 300 clicks, 6 sales", [12_500, 300, 6]);
    complete("12.5K views, 300 clicks, 6 sales", [12_500, 300, 6]);
    complete(
        "impressions 1.250.000 clicks 15.300 orders 212",
        [1_250_000, 15_300, 212],
    );
    complete(
        "my serum got 25k views 1 250 product clicks 40 orders",
        [25_000, 1_250, 40],
    );
    complete("12 500 views · 310 clicks · 4 orders", [12_500, 310, 4]);
    complete("13,000 views 200 clicks 3 orders", [13_000, 200, 3]);
    complete(
        "1.2 mil views, 9k clicks, 150 orders",
        [1_200_000, 9_000, 150],
    );
}

// --- things that are not counts --------------------------------------------------------------

#[test]
fn days_likes_money_dates_links_and_mentions_are_not_counts() {
    complete(
        "views 12,500 / clicks 310 / orders 4 (last 7 days)",
        [12_500, 310, 4],
    );
    complete(
        "10k views 200 clicks 3 orders 5k likes 40 comments",
        [10_000, 200, 3],
    );
    complete(
        "$450 GMV from 30k views, 600 clicks, 15 orders",
        [30_000, 600, 15],
    );
    complete(
        "posted on 12/3, 5k views 60 clicks 1 order by 9pm",
        [5_000, 60, 1],
    );
    complete(
        "<@123456789012345678> 9k views 110 clicks 2 orders",
        [9_000, 110, 2],
    );
    complete(
        "https://vm.tiktok.com/ZMabc123/ 40k views 800 clicks 9 sales",
        [40_000, 800, 9],
    );
}

#[test]
fn right_to_left_text_around_the_numbers() {
    complete(
        "مشاهدات 12k views, 300 clicks, 5 orders شكرا",
        [12_000, 300, 5],
    );
}

// --- rates beside counts ---------------------------------------------------------------------

#[test]
fn a_rate_is_never_a_count() {
    let r = complete("15k views 210 clicks CTR 1.4% 3 orders", [15_000, 210, 3]);
    assert_eq!(r.rates.len(), 1);
    assert_eq!(r.rates[0].kind, RateKind::Ctr);
    assert!((r.rates[0].value - 0.014).abs() < 1e-12);
    assert!(r.mismatches.is_empty(), "210/15000 is 1.4%");
}

#[test]
fn a_rate_after_its_number_with_a_decimal_comma() {
    let r = complete(
        "2,5% ctr on 12k views, 300 clicks, 4 orders",
        [12_000, 300, 4],
    );
    assert_eq!(r.rates[0].kind, RateKind::Ctr);
    assert_eq!(r.rates[0].text, "2,5%");
    assert!(r.mismatches.is_empty());
}

#[test]
fn a_stated_ctr_that_disagrees_is_pointed_out_and_the_counts_win() {
    let r = complete(
        "15k views 210 clicks 3 orders, ctr is like 5%??",
        [15_000, 210, 3],
    );
    assert_eq!(r.mismatches.len(), 1);
    assert_eq!(r.mismatches[0].kind, RateKind::Ctr);
    assert!((r.mismatches[0].from_counts - 0.014).abs() < 1e-12);
}

#[test]
fn a_mismatching_ctor_written_with_its_counts() {
    let r = complete(
        "CTOR 12% (3 orders / 200 clicks), 9k views",
        [9_000, 200, 3],
    );
    assert_eq!(r.mismatches.len(), 1);
    assert_eq!(r.mismatches[0].kind, RateKind::Ctor);
}

#[test]
fn a_rounded_rate_is_not_a_mismatch() {
    // 200/10000 is 2%; 1% is off by more than its rounding.
    let r = complete(
        "10k impressions, 200 clicks, 2 orders. CTR 1%",
        [10_000, 200, 2],
    );
    assert_eq!(r.mismatches.len(), 1);
    // 226/10000 is 2.26%: "2%" is that, rounded.
    let r = complete(
        "10k impressions, 226 clicks, 2 orders. CTR 2%",
        [10_000, 226, 2],
    );
    assert!(r.mismatches.is_empty());
    let r = complete(
        "2.1k views | 45 clicks | 1 order | CVR 2.2%",
        [2_100, 45, 1],
    );
    assert_eq!(r.rates[0].kind, RateKind::Ctor, "CVR is CTOR's old name");
    assert!(r.mismatches.is_empty());
}

#[test]
fn a_rate_right_after_a_count_is_that_steps_rate() {
    // As Seller Center lays it out: each count with its step's rate beside it.
    let r = complete(
        "12k impressions, 300 clicks (5%), 4 orders (1.3%)",
        [12_000, 300, 4],
    );
    let kinds: Vec<RateKind> = r.rates.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, [RateKind::Ctr, RateKind::Ctor]);
    assert_eq!(r.mismatches.len(), 1, "300/12000 is 2.5%, not 5%");
    assert_eq!(r.mismatches[0].kind, RateKind::Ctr);
    let r = complete("clicks 300 2.5% views 12k orders 4", [12_000, 300, 4]);
    assert_eq!(r.rates[0].kind, RateKind::Ctr);
    assert!(r.mismatches.is_empty());
    // After impressions a percentage says nothing about a step: it is only kept.
    let r = complete("12k views 2.5% 300 clicks 4 orders", [12_000, 300, 4]);
    assert_eq!(r.rates[0].kind, RateKind::Unknown);
    assert!(r.mismatches.is_empty());
}

#[test]
fn a_rate_with_nothing_else() {
    let r = status("my ctr is 2% and 4 orders, is that ok", Status::Incomplete);
    assert_eq!(r.missing, vec![Field::Impressions, Field::Clicks]);
    assert_eq!(r.rates[0].kind, RateKind::Ctr);
    assert!(r.mismatches.is_empty());
}

// --- items sold -------------------------------------------------------------------------------

#[test]
fn items_sold_is_taken_for_orders_and_said() {
    let r = complete("3 items sold from 210 clicks, 15k views", [15_000, 210, 3]);
    assert_eq!(r.notes, vec![Note::ItemsSoldTakenForOrders]);
    assert_eq!(words(&r)[2], Some("items sold"));
    let r = complete(
        "Units sold: 7, Product clicks: 140, Impressions: 5,000",
        [5_000, 140, 7],
    );
    assert_eq!(r.notes, vec![Note::ItemsSoldTakenForOrders]);
    let r = complete("30k views 900 clicks 3 sales", [30_000, 900, 3]);
    assert!(r.notes.is_empty(), "sales are not items sold");
}

#[test]
fn sku_orders_win_over_items_sold_of_the_same_product() {
    for text in [
        "10k views 200 clicks 5 items sold 3 orders",
        "10k views 200 clicks 3 orders 5 items sold",
    ] {
        let r = complete(text, [10_000, 200, 3]);
        assert!(r.notes.is_empty(), "{text}");
        assert!(r.alternatives.is_empty(), "{text}");
    }
    // Another product's items sold is still its orders.
    let r = complete(
        "vid1: 10k views 200 clicks 5 items sold. vid2: 8k views 100 clicks 2 orders",
        [10_000, 200, 5],
    );
    assert_eq!(r.notes, vec![Note::ItemsSoldTakenForOrders]);
    assert_eq!(r.alternatives.len(), 1);
}

// --- unlabelled numbers ------------------------------------------------------------------------

#[test]
fn three_bare_numbers_going_down_need_confirmation() {
    let r = status("12500 310 4", Status::NeedsConfirmation);
    assert_eq!(values(&r), [Some(12_500), Some(310), Some(4)]);
    assert_eq!(
        r.guessed,
        vec![Field::Impressions, Field::Clicks, Field::Orders]
    );
    assert_eq!(words(&r), [None, None, None]);
    let r = status("my numbers: 12.5k, 310, 4 😅", Status::NeedsConfirmation);
    assert_eq!(values(&r), [Some(12_500), Some(310), Some(4)]);
}

#[test]
fn three_bare_numbers_going_up_are_not_guessed() {
    let r = status("numbers are 4, 310, 12500 help", Status::Incomplete);
    assert_eq!(values(&r), [None, None, None]);
    assert_eq!(
        r.unlabelled.iter().map(|f| f.value).collect::<Vec<_>>(),
        vec![4, 310, 12_500]
    );
}

#[test]
fn one_bare_number_fills_the_one_missing_count() {
    let r = status("12k views 300 clicks 4", Status::NeedsConfirmation);
    assert_eq!(values(&r), [Some(12_000), Some(300), Some(4)]);
    assert_eq!(r.guessed, vec![Field::Orders]);
}

#[test]
fn two_bare_triples_are_two_products_to_confirm() {
    let r = status("12500 310 4 and 8000 100 1", Status::NeedsConfirmation);
    assert_eq!(values(&r), [Some(12_500), Some(310), Some(4)]);
    assert_eq!(r.alternatives.len(), 1);
    assert_eq!(r.alternatives[0].counts().map(|c| c.clicks), Some(100));
}

// --- several products or videos ----------------------------------------------------------------

#[test]
fn the_first_complete_set_is_read_and_the_others_offered() {
    let r = complete(
        "Vid 1: 10k views, 200 clicks, 3 orders. Vid 2: 8k views, 90 clicks, 0 orders",
        [10_000, 200, 3],
    );
    assert_eq!(r.alternatives.len(), 1);
    let alt = r.alternatives[0].counts().expect("a complete alternative");
    assert_eq!((alt.impressions, alt.clicks, alt.orders), (8_000, 90, 0));
}

#[test]
fn a_heading_with_a_colon_does_not_take_the_count_after_it() {
    let r = complete(
        "first video: 10k views 200 clicks 3 orders\nsecond video: 12k views, 300 clicks, 4 orders",
        [10_000, 200, 3],
    );
    assert_eq!(
        r.alternatives[0].counts().map(|c| c.impressions),
        Some(12_000)
    );
    // The colon still ties a count's own word to its number.
    complete(
        "likes: 5k, views: 8k, clicks: 90, orders: 1",
        [8_000, 90, 1],
    );
    // Whichever way the rest of the message is written.
    let r = complete(
        "Impressions 1.250.000 (CTR 1,5%), product clicks 19k, orders 90. Second video: 12k views, 300 clicks, 4 orders",
        [1_250_000, 19_000, 90],
    );
    assert_eq!(r.alternatives.len(), 1);
}

#[test]
fn at_most_four_alternatives() {
    let text = (1..=7)
        .map(|i| format!("product {i}: {i}0k views, {i}00 clicks, {i} orders"))
        .collect::<Vec<_>>()
        .join("\n");
    let r = complete(&text, [10_000, 100, 1]);
    assert_eq!(r.alternatives.len(), MAX_ALTERNATIVES);
    assert_eq!(r.alternatives[3].counts().map(|c| c.orders), Some(5));
}

#[test]
fn an_incomplete_first_video_gives_way_to_a_complete_second() {
    complete(
        "first one flopped, 2k views. second: 14k views 280 clicks 6 orders",
        [14_000, 280, 6],
    );
}

// --- missing, ambiguous, broken --------------------------------------------------------------

#[test]
fn a_missing_count_is_named_with_what_was_found() {
    let r = status(
        "10k views 200 clicks, what's a good ctor?",
        Status::Incomplete,
    );
    assert_eq!(values(&r), [Some(10_000), Some(200), None]);
    assert_eq!(r.missing, vec![Field::Orders]);
}

#[test]
fn two_values_for_one_count_are_ambiguous() {
    let r = status(
        "views 10k clicks 200. wait no, views were 12k actually",
        Status::Incomplete,
    );
    assert_eq!(values(&r), [Some(10_000), Some(200), None]);
    assert_eq!(r.ambiguous.len(), 1);
    assert_eq!(r.ambiguous[0].field, Field::Impressions);
    assert_eq!(r.ambiguous[0].values[0].value, 12_000);
}

#[test]
fn numbers_that_break_the_count_rules_are_rejected_like_decode() {
    let r = status("views 12.5, clicks 300, orders 4", Status::Incomplete);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].error.field, Field::Impressions);
    assert_eq!(r.rejected[0].error.problem, CountProblem::Decimal);
    assert_eq!(r.rejected[0].error.input, "12.5");
    assert_eq!(r.missing, vec![Field::Impressions]);

    let r = status(
        "99999999999999999 views 20 clicks 1 order",
        Status::Incomplete,
    );
    assert_eq!(r.rejected[0].error.problem, CountProblem::TooLarge);

    let r = status("clicks -5 views 300 orders 0", Status::Incomplete);
    assert_eq!(r.rejected[0].error.problem, CountProblem::Negative);
    assert_eq!(r.rejected[0].error.field, Field::Clicks);
}

#[test]
fn nothing_to_read() {
    for text in [
        "hey can someone look at my funnel?",
        "😭😭😭",
        "",
        "posted 3 vids this week, 12k likes total 🙃",
        "live at 5pm on 12/3 👀",
        "لا أعرف ماذا أفعل",
    ] {
        status(text, Status::NoCounts);
    }
}

// --- robustness ------------------------------------------------------------------------------

#[test]
fn a_six_thousand_character_message() {
    let chatter = "so I tried a new hook today and honestly idk 🤷‍♀️ ".repeat(130);
    let text = format!("{chatter} anyway 18k views 350 clicks 7 orders");
    assert!(text.chars().count() >= 6_000);
    complete(&text, [18_000, 350, 7]);
    status(&"9".repeat(6_000), Status::NoCounts);
    let r = status(
        &format!("{} views 1 click 0 orders", "9".repeat(6_000)),
        Status::Incomplete,
    );
    assert_eq!(r.rejected[0].error.problem, CountProblem::TooLarge);
    assert!(
        r.rejected[0].error.input.chars().count() <= 31,
        "shortened for display"
    );
}

#[test]
fn any_text_is_read_without_panicking() {
    let pool: Vec<char> =
        "0123456789 ,.%:-–/$#@<>kKmM\n😭views clicks orders sold ctr items é ع\u{200f}"
            .chars()
            .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3_000 {
        let len = usize::try_from(seed % 80).unwrap_or(0);
        let text: String = (0..len)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                pool[usize::try_from(seed >> 33).unwrap_or(0) % pool.len()]
            })
            .collect();
        let r = read(&text);
        assert_eq!(
            r.status == Status::Complete,
            r.counts.counts().is_some()
                && r.guessed.is_empty()
                && r.rejected.is_empty()
                && r.ambiguous.is_empty(),
            "{text:?} → {r:#?}"
        );
        assert!(r.alternatives.len() <= MAX_ALTERNATIVES);
    }
}

#[test]
fn the_reading_says_which_words_matched_as_json() {
    let r = read("views: 8.4k, 190 product clicks, 2 items sold, CTR 2.3%");
    let v = serde_json::to_value(&r).expect("a reading is JSON");
    assert_eq!(v["status"], "complete");
    assert_eq!(v["counts"]["clicks"]["words"], "product clicks");
    assert_eq!(v["counts"]["clicks"]["value"], 190);
    assert_eq!(v["counts"]["orders"]["words"], "items sold");
    assert_eq!(v["rates"][0]["rate"], "ctr");
    assert_eq!(v["notes"][0], "items_sold_taken_for_orders");
}
