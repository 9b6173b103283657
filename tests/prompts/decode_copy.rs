//! What /decode and `funnel-coach decode` say in the unusual cases: the words must match the
//! numbers (the real prompts/, rendered as text).

use funnel_coach::funnel::{decode_raw, RawCounts, Thresholds};
use funnel_coach::render;

use crate::prompts::content;

fn say(impressions: &str, clicks: &str, orders: &str) -> String {
    let content = content();
    let raw = RawCounts {
        impressions,
        clicks,
        orders,
        add_to_carts: None,
    };
    let decoded = decode_raw(raw, Thresholds::default()).expect("valid counts");
    render::text::to_text(&render::decode::decoded(&decoded, &content.decode), false)
}

#[test]
fn both_steps_open_says_both_and_blames_small_numbers() {
    let text = say("1000", "10", "0");
    assert!(text.contains("too early to judge both steps"), "{text}");
    assert!(text.contains("numbers this small"), "{text}");
    assert!(!text.contains("neither"), "{text}");
}

#[test]
fn no_numbers_at_all_is_not_called_too_close_to_call() {
    let text = say("0", "0", "0");
    assert!(
        text.contains("no impressions or clicks to work with"),
        "{text}"
    );
    assert!(!text.contains("Too close to call"), "{text}");
    assert!(!text.contains("numbers this small"), "{text}");
}

#[test]
fn orders_above_clicks_blames_the_mismatch_not_the_sample_size() {
    let text = say("100", "50", "200");
    assert!(text.contains("don't line up"), "{text}");
    assert!(
        !text.contains("there are no impressions"),
        "order rate has 100 impressions: {text}"
    );
    assert!(!text.contains("Too close to call"), "{text}");
    assert!(!text.contains("numbers this small"), "{text}");
}

#[test]
fn a_weak_step_after_the_click_does_not_praise_an_unjudged_click_rate() {
    // CTR is undetermined here (1% exactly is the target), CTOR is clearly weak.
    let text = say("100000", "1000", "2");
    assert!(
        text.contains("People click, but few of them order"),
        "{text}"
    );
    assert!(!text.contains("The video gives people a reason"), "{text}");
}

#[test]
fn a_rate_exactly_on_the_target_says_so_and_asks_for_more_numbers() {
    let text = say("10000", "100", "5");
    assert!(text.contains("exactly on the target"), "{text}");
    assert!(text.contains("collect more numbers"), "{text}");
}

#[test]
fn tiny_rates_keep_two_significant_digits() {
    let text = say("100000", "1000", "2");
    assert!(text.contains("0.002%"), "{text}");
    assert!(!text.contains("under 0.01%"), "{text}");
}
