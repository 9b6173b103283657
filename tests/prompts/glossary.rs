//! The real glossary in prompts/: coverage of the seed metrics and matching as members type.

use std::path::Path;

use funnel_coach::content::Content;
use funnel_coach::glossary::{Lookup, Status};
use funnel_coach::render::{self, limits};

use crate::prompts::content;

fn found_id(c: &Content, term: &str) -> String {
    match c.glossary.lookup(term) {
        Lookup::Found { entry, .. } => entry.id.clone(),
        Lookup::Unknown { suggestions } => panic!(
            "{term:?} not found; suggestions {:?}",
            suggestions.iter().map(|e| &e.id).collect::<Vec<_>>()
        ),
    }
}

#[test]
fn typos_members_make_land_on_the_right_entry() {
    let c = content();
    for (typed, id) in [
        ("ctorr", "product-ctor"),
        ("convertion rate", "product-ctor"),
        ("click thru rate", "product-ctr"),
        ("add to card rate", "add-to-cart-rate"),
        ("CTOR", "product-ctor"),
        ("c.t.r", "product-ctr"),
        ("Click-Through Rate", "product-ctr"),
        ("gross sale", "gross-sales"),
        ("AOV (SKU)", "aov-sku"),
        ("comision", "commission"),
        ("impresions", "product-impressions"),
        ("salse", "gmv"),
    ] {
        assert_eq!(found_id(&c, typed), id, "{typed}");
    }
}

#[test]
fn old_names_say_what_changed() {
    let c = content();
    for (old, now) in [
        ("Conversion rate", "product-ctor"),
        ("Page views", "product-clicks"),
        ("Daily customers", "est-customers"),
        ("Impressions", "product-impressions"),
    ] {
        match c.glossary.lookup(old) {
            Lookup::Found {
                entry, old_name, ..
            } => {
                assert_eq!(entry.id, now, "{old}");
                assert!(
                    old_name.is_some(),
                    "{old} should be reported as an old name"
                );
                assert!(entry.changed.is_some(), "{now} should say what changed");
            }
            other @ Lookup::Unknown { .. } => panic!("{old}: {other:?}"),
        }
    }
    for (deleted, use_now) in [
        ("gross sales", "gmv"),
        ("cart conversion rate", "add-to-cart-rate"),
    ] {
        match c.glossary.lookup(deleted) {
            Lookup::Found { entry, .. } => {
                assert_eq!(entry.status, Status::Deleted);
                assert!(entry.use_instead.iter().any(|u| u == use_now), "{deleted}");
            }
            other @ Lookup::Unknown { .. } => panic!("{deleted}: {other:?}"),
        }
    }
}

#[test]
fn every_seed_metric_and_creator_term_has_an_entry() {
    let c = content();
    let terms = [
        // Seed 002: funnel, unique variants, GMV family, refunds, customers, counts, content types.
        "product impressions",
        "unique product impressions",
        "product clicks",
        "unique clicks",
        "product ctr",
        "unique ctr",
        "product ctor",
        "unique ctor",
        "sku orders",
        "orders",
        "items sold",
        "add-to-cart count",
        "add-to-cart rate",
        "atc users",
        "unique atc rate",
        "gmv",
        "gmv with tax",
        "tax",
        "gmv with tts co-funding",
        "shipping fees",
        "aov (sku)",
        "refunds",
        "items refunded",
        "refund customers",
        "est. customers",
        "new live count",
        "new video count",
        "avg. daily creators posted content",
        "seller live",
        "seller video",
        "seller product card",
        "affiliate-live",
        "affiliate-video",
        "shop tab",
        "gross sales",
        "cart conversion rate",
        // Creator terms.
        "cvr",
        "hook rate",
        "watch time",
        "completion rate",
        "gpm",
        "commission",
        "affiliate",
        "showcase",
        "sample",
        "product card",
        "direct gmv",
        // Second pass: symptoms, LIVE, ads, affiliate, listing, refunds, variants.
        "clicks but no orders",
        "views but no clicks",
        "add to cart but no purchase",
        "buy now",
        "err",
        "enter room rate",
        "watch gpm",
        "live gpm",
        "live viewers",
        "average view duration",
        "retention",
        "ad ctr",
        "cpm",
        "cpc",
        "roas",
        "gmv max",
        "est. commission",
        "shop plan",
        "open collaboration",
        "target collaboration",
        "refundable sample",
        "opportunity matched",
        "product status",
        "live status",
        "reviewing",
        "deactivated",
        "needs attention",
        "draft",
        "product rating",
        "refund rate",
        "return rate",
        "sku",
        "variant",
        // Third pass: LIVE itself.
        "live",
    ];
    for t in terms {
        found_id(&c, t);
    }
}

#[test]
fn unknown_terms_get_ranked_suggestions() {
    let c = content();
    match c.glossary.lookup("refund speed") {
        Lookup::Unknown { suggestions } => {
            assert!(!suggestions.is_empty());
            assert!(suggestions.len() <= 5);
            assert!(
                suggestions[0].id.contains("refund"),
                "{:?}",
                suggestions[0].id
            );
        }
        other @ Lookup::Found { .. } => panic!("{other:?}"),
    }
    assert!(
        matches!(c.glossary.lookup("   "), Lookup::Unknown { suggestions } if suggestions.is_empty())
    );
}

#[test]
fn autocomplete_ranks_and_caps_at_25() {
    let c = content();
    let ct = c.glossary.complete("ct", 25);
    assert!(ct.len() <= 25 && !ct.is_empty());
    let top: Vec<&str> = ct.iter().take(3).map(|e| e.id.as_str()).collect();
    assert!(
        top.contains(&"product-ctr") && top.contains(&"product-ctor"),
        "{top:?}"
    );
    assert_eq!(c.glossary.complete("", 25).len(), 25);
    assert_eq!(c.glossary.complete("gmv", 25)[0].id, "gmv");
    // A misspelt start still offers both meanings of "conversion rate".
    let conv: Vec<&str> = c
        .glossary
        .complete("convertion", 25)
        .iter()
        .take(2)
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        conv.contains(&"product-ctor") && conv.contains(&"cvr"),
        "{conv:?}"
    );
}

#[test]
fn every_step_can_be_browsed() {
    let c = content();
    for step in c.glossary.steps() {
        let n = c.glossary.in_step(&step.id).count();
        assert!((1..=25).contains(&n), "{} has {n}", step.id);
    }
}

/// What a lookup should give: an entry, or "I don't know" with these entries among the
/// suggestions (never a confident answer).
enum Want {
    Entry(&'static str),
    Suggests(&'static [&'static str]),
}

#[test]
fn matching_rules_table() {
    use Want::{Entry, Suggests};
    let c = content();
    let table: &[(&str, Want)] = &[
        // Every example of issue 12.
        ("why no orders", Entry("no-orders")),
        ("err", Entry("err")),
        ("cpm", Entry("cpm")),
        ("est commission", Entry("est-commission")),
        ("buy now", Entry("buy-now")),
        ("ctr vs ctor", Entry("ctr-vs-ctor")),
        ("gmv vs revenue", Entry("gmv")),
        ("creator center", Entry("where-to-find")),
        ("no sales", Entry("no-orders")),
        ("shares", Suggests(&[])),
        // Questions around a term.
        ("what is ctor", Entry("product-ctor")),
        ("What does ERR mean?", Entry("err")),
        ("why do I have no orders", Entry("no-orders")),
        ("low ctr", Entry("product-ctr")),
        ("direct gmv vs gmv", Entry("direct-gmv")),
        ("what was conversion rate", Entry("product-ctor")),
        // Two terms with no entry about both: suggest both, pick neither.
        ("gpm vs cpm", Suggests(&["gpm", "cpm"])),
        ("ctr cvr", Suggests(&["product-ctr", "cvr"])),
        // Short words: exact or alias only.
        ("cpn", Suggests(&[])),
        ("gpn", Suggests(&[])),
        ("ctrr", Suggests(&[])),
        ("roa", Suggests(&[])),
        // Long words forgive typos, phrases word by word.
        ("ctorr", Entry("product-ctor")),
        ("convertion rate", Entry("product-ctor")),
        ("add to card rate", Entry("add-to-cart-rate")),
        ("comision", Entry("commission")),
        ("impresions", Entry("product-impressions")),
        // Common words are never corrected into a term.
        ("likes", Suggests(&[])),
        ("center", Suggests(&[])),
        ("scales", Suggests(&[])),
        ("stores", Suggests(&[])),
        // A phrase whose other words are not question words is not forced onto a term.
        ("refund speed", Suggests(&["refunds"])),
    ];
    let mut wrong = Vec::new();
    for (typed, want) in table {
        let got = c.glossary.lookup(typed);
        let ok = match (want, &got) {
            (Entry(id), Lookup::Found { entry, .. }) => entry.id == *id,
            (Suggests(ids), Lookup::Unknown { suggestions }) => {
                ids.iter().all(|id| suggestions.iter().any(|s| s.id == *id))
            }
            _ => false,
        };
        if !ok {
            let got = match got {
                Lookup::Found { entry, .. } => format!("entry {}", entry.id),
                Lookup::Unknown { suggestions } => format!(
                    "unknown, suggesting {:?}",
                    suggestions.iter().map(|e| &e.id).collect::<Vec<_>>()
                ),
            };
            wrong.push(format!("{typed:?}: {got}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn shares_is_never_answered_with_gmv() {
    let c = content();
    assert!(
        matches!(c.glossary.lookup("shares"), Lookup::Unknown { .. }),
        "shares must not be corrected to sales"
    );
    assert!(matches!(
        c.glossary.lookup("no sales"),
        Lookup::Found { entry, corrected: false, .. } if entry.id != "gmv"
    ));
}

#[test]
fn typo_answers_say_they_were_corrected_and_exact_ones_do_not() {
    let c = content();
    assert!(matches!(
        c.glossary.lookup("comision"),
        Lookup::Found {
            corrected: true,
            ..
        }
    ));
    for exact in ["commission", "why no orders", "gmv vs revenue", "CTR"] {
        assert!(
            matches!(
                c.glossary.lookup(exact),
                Lookup::Found {
                    corrected: false,
                    ..
                }
            ),
            "{exact}"
        );
    }
}

#[test]
fn no_two_entries_have_names_within_a_typo_of_each_other() {
    let c = content();
    let near: Vec<String> = c
        .glossary
        .near_names()
        .iter()
        .map(|n| format!("{} ~ {}", n.name, n.other_name))
        .collect();
    assert!(near.is_empty(), "{near:?}");
}

#[test]
fn every_definition_opens_with_a_short_sentence() {
    let c = content();
    for e in c.glossary.entries() {
        let first = funnel_coach::content::first_sentence(&e.definition);
        let words = first.split_whitespace().count();
        assert!(
            words < funnel_coach::content::FIRST_SENTENCE_WORDS,
            "{}: {words} words: {first}",
            e.id
        );
    }
    assert_eq!(
        funnel_coach::content::first_sentence("Roughly, e.g. 2.5 a day. Then more."),
        "Roughly, e.g. 2.5 a day."
    );
}

fn entry_text(c: &Content, id: &str) -> String {
    let e = c.glossary.get(id).unwrap_or_else(|| panic!("{id} exists"));
    format!(
        "{} {} {} {}",
        e.definition,
        e.read,
        e.find.as_deref().unwrap_or(""),
        e.changed.as_deref().unwrap_or("")
    )
}

/// Each fact fixed in the second pass, checked where a member reads it.
#[test]
fn the_facts_fixed_in_the_second_pass_are_said() {
    let c = content();
    let has = |id: &str, words: &[&str]| {
        let text = entry_text(&c, id);
        for w in words {
            assert!(text.contains(w), "{id} should say {w:?}: {text}");
        }
    };
    let lacks = |id: &str, words: &[&str]| {
        let text = entry_text(&c, id);
        for w in words {
            assert!(!text.contains(w), "{id} should not say {w:?}: {text}");
        }
    };
    // Direct GMV: only orders placed from the content; GMV adds other channels within 14
    // days of a click; commission follows GMV (sourced: see `help_page_facts_name_their_page`).
    has(
        "direct-gmv",
        &["14 days", "Shop tab", "Commission follows GMV"],
    );
    lacks("direct-gmv", &["same shop bought on that visit"]);
    // SKU orders: once per different variant, not per product.
    has("sku-orders", &["variant", "one order but two SKU orders"]);
    lacks("sku-orders", &["each different product"]);
    lacks(
        "orders",
        &["One checkout is one order", "each shop gets its own order"],
    );
    // Buy now skips the cart; a missing size is an add-to-cart reason, not checkout.
    has("add-to-cart-rate", &["Buy now", "normal"]);
    has(
        "add-to-cart-count",
        &["Buy now", "size or colour people wanted"],
    );
    lacks(
        "add-to-cart-count",
        &["checkout, like the shipping cost, delivery time or a missing size"],
    );
    has("buy-now", &["straight to checkout"]);
    // AOV (SKU) is approximated by GMV ÷ SKU orders.
    has("aov-sku", &["Roughly", "approximation"]);
    // Commission: what the buyer paid after coupons, without tax, lost on cancel or refund.
    has(
        "commission",
        &["coupons", "without tax", "canceled or refunded"],
    );
    // Hook rate: not in Seller Center.
    has(
        "hook-rate",
        &["Seller Center does not report a hook rate", "TikTok Studio"],
    );
    // Impressions: the link or card shown. Whether a product seen on camera without its link
    // counts is in no source: not said either way.
    has("product-impressions", &["link or card"]);
    for id in ["product-impressions", "impressions-vs-views", "video-views"] {
        lacks(id, &["on camera"]);
    }
    // Sourced now (see `help_page_facts_name_their_page`), or gone: no "many buyers" skip the
    // cart, no "sellers usually expect content".
    lacks("cart-no-purchase", &["many buyers skip"]);
    lacks("sample", &["usually expect"]);
    has("sample", &["14 days", "differ by country"]);
    has("video-views", &["link or card"]);
    lacks(
        "video-views",
        &["the product showed up late or was easy to miss"],
    );
    // PV is not the retired Page views.
    let pv = c.glossary.get("pv-and-uv-views").unwrap();
    assert!(!pv.definition.contains("page views"), "{}", pv.definition);
    has("pv-and-uv-views", &["does not mean the old Page views"]);
    // Unique CTOR: Seller Center's help text is a copy mistake.
    has("unique-ctor", &["copy mistake"]);
    // Where to find the funnel numbers, for creators and sellers; CTOR uses SKU orders.
    for id in [
        "product-impressions",
        "product-clicks",
        "product-ctr",
        "product-ctor",
        "sku-orders",
    ] {
        let find = c
            .glossary
            .get(id)
            .and_then(|e| e.find.clone())
            .unwrap_or_default();
        assert!(
            find.contains("Creator") && find.contains("Seller Center"),
            "{id}: {find}"
        );
    }
    has("product-ctor", &["if you only see items sold, use that"]);
    // The refunds example does not reuse the seed's dates.
    lacks(
        "refunds",
        &["Oct 1", "Oct 15", "Oct 20", "on the 3rd", "the 20th"],
    );
    has("refund-rate", &["short range", "Seller-fault"]);
    // Old creator-app names of impressions and clicks had no source: gone.
    lacks("product-impressions", &["older version"]);
    lacks("product-clicks", &["older version", "Product reach"]);
    // Ads words are not product metrics.
    has("ad-ctr", &["not Product CTR"]);
    has("cpm", &["GPM"]);
}

#[test]
fn the_decode_and_test_log_copy_use_plain_words() {
    let read = |f: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("prompts")
                .join(f),
        )
        .unwrap()
    };
    let decode = read("decode.toml");
    let text = (decode.clone() + &read("test_log.toml")).to_lowercase();
    for idiom in [
        "too close to call",
        "settle it",
        "call it",
        "run a little above",
        "heads up",
        "heads-up",
    ] {
        assert!(!text.contains(idiom), "{idiom}");
    }
    // A step too early to judge says which side of the target it is on so far.
    assert!(!decode.contains("Can't tell yet if this is above or below"));
    assert!(decode.contains("Under the {threshold} target so far"));
    assert!(decode.contains("where the real rate probably is"));
    assert!(decode.contains("starting points") && decode.contains("your own past videos"));
}

/// Every entry's first `/define` message fits one phone screen, whatever note it carries; the
/// lookup lists wait behind the details button; "Funnel step" names only steps of the funnel.
#[test]
fn every_define_first_message_fits_a_phone_screen() {
    let c = content();
    let step_label = c.ui.define.step.to_string();
    let mut longest = (0, String::new());
    for e in c.glossary.entries() {
        let old = e.old_names.iter().max_by_key(|n| n.len()).cloned();
        let notes = [
            None,
            old.map(|o| {
                c.ui.define
                    .old_name_note
                    .fill(&[("old", &o), ("name", &e.name)])
            }),
            Some(
                c.ui.define
                    .corrected_note
                    .fill(&[("name", &e.name), ("term", &"x".repeat(60))]),
            ),
        ];
        for note in notes {
            let reply = render::define::entry_reply(e, note, &c);
            let n = limits::first_screen(&reply);
            assert!(
                n <= limits::FIRST_SCREEN,
                "{}: {n} characters\n{reply:#?}",
                e.id
            );
            assert_eq!(limits::check(&reply), Vec::<String>::new(), "{}", e.id);
            if n > longest.0 {
                longest = (n, e.id.clone());
            }
            let names: Vec<&str> = reply.fields.iter().map(|f| f.name.as_str()).collect();
            for list in [
                &c.ui.define.aliases,
                &c.ui.define.breakdowns,
                &c.ui.define.find,
            ] {
                assert!(!names.contains(&list.as_str()), "{}: {names:?}", e.id);
            }
            let shows_step = names.contains(&step_label.as_str());
            assert_eq!(
                shows_step,
                c.ui.define.funnel_steps.contains(&e.step),
                "{} in {}",
                e.id,
                e.step
            );
        }
        // The details: where to find it and the other names, one tap away, within Discord's
        // limits.
        let details = render::define::details_reply(e, &c);
        assert_eq!(limits::check(&details), Vec::<String>::new(), "{}", e.id);
        let text = render::text::to_text(&details, false);
        if let Some(find) = &e.find {
            // The text form drops Markdown's code marks (`/decode` → /decode).
            assert!(text.contains(&find.replace('`', "")), "{}", e.id);
        }
        for alias in &e.aliases {
            assert!(text.contains(alias.as_str()), "{}: {alias}", e.id);
        }
    }
    println!(
        "longest first message: {} ({} characters)",
        longest.1, longest.0
    );
    for id in ["product-ctor", "gmv"] {
        let e = c.glossary.get(id).expect("exists");
        let n = limits::first_screen(&render::define::entry_reply(e, None, &c));
        println!("/define {id}: {n} characters");
    }
    for id in ["affiliate", "gross-sales"] {
        if let Some(e) = c.glossary.get(id) {
            let reply = render::define::entry_reply(e, None, &c);
            assert!(
                reply.fields.iter().all(|f| f.name != step_label),
                "{id}: {reply:#?}"
            );
        }
    }
}

/// Everyday words members type for the seed metrics and for LIVE (issue 18, item 4).
#[test]
fn the_words_members_type_find_their_entry() {
    let c = content();
    for (typed, id) in [
        ("live", "live"),
        ("LIVE", "live"),
        ("livestream", "live"),
        ("live stream", "live"),
        ("going live", "live"),
        ("what is a livestream", "live"),
        ("views", "video-views"),
        ("taps", "product-clicks"),
        ("tap rate", "product-ctr"),
        ("click rate", "product-ctr"),
        ("sales", "gmv"),
        ("sold", "items-sold"),
        ("how many sold", "items-sold"),
        ("conversion", "cvr"),
        ("conversions", "cvr"),
        ("times shown", "product-impressions"),
        ("earnings", "commission"),
        ("live gpm", "watch-gpm"),
        ("live viewers", "live-viewers"),
        ("seller live", "type-seller-live"),
    ] {
        assert_eq!(found_id(&c, typed), id, "{typed}");
    }
}

fn described(c: &Content, term: &str) -> String {
    let found = c.glossary.lookup(term);
    funnel_coach::render::define::lookup(term, &found, false, c).description
}

/// "What is a good CTR?" answers the question first: the bot's starting point, not a
/// platform's standard, and the member's own past videos as the yardstick.
#[test]
fn a_good_question_is_answered_first() {
    let c = content();
    for (asked, id, target) in [
        ("what is a good ctr", "product-ctr", "1%"),
        ("What's a good CTR?", "product-ctr", "1%"),
        ("is my ctr good", "product-ctr", "1%"),
        ("good ctr?", "product-ctr", "1%"),
        ("is 1.5% ctr ok", "product-ctr", "1%"),
        ("what is a normal ctor", "product-ctor", "2%"),
        ("is ctor 0.8% bad", "product-ctor", "2%"),
    ] {
        assert_eq!(found_id(&c, asked), id, "{asked}");
        let text = described(&c, asked);
        let entry = c.glossary.get(id).unwrap();
        let good = entry.good.as_deref().unwrap();
        assert!(text.starts_with(good), "{asked}: {text}");
        for words in [target, "not a TikTok standard", "your own past videos"] {
            assert!(good.contains(words), "{id}: {good}");
        }
        assert!(good.chars().count() <= 300, "{id}: short");
    }
    // Asking what it is, not whether it is good: the card as before, no answer on top.
    for asked in ["ctr", "what is ctr", "product ctr", "low ctr"] {
        assert!(!c.glossary.asks_good(asked), "{asked}");
        let entry = c.glossary.get("product-ctr").unwrap();
        let text = described(&c, asked);
        assert!(
            text.starts_with("*Product click-through rate*"),
            "{asked}: {text}"
        );
        assert!(!text.contains(entry.good.as_deref().unwrap()), "{asked}");
    }
    // An entry that is not a number (no `good` text) answers with its card.
    let showcase = c.glossary.get("showcase").unwrap();
    assert!(showcase.good.is_none());
    assert!(described(&c, "is my showcase good").starts_with(&showcase.definition));
}

/// The entries that are not a number a member could judge: things, places, kinds of content,
/// problems and comparisons. Every other entry answers "what is a good …?".
const NOT_NUMBERS: &[&str] = &[
    "gmv-max",
    "buy-now",
    "ctr-vs-ctor",
    "type-all",
    "type-seller-live",
    "type-seller-video",
    "type-seller-product-card",
    "type-affiliate",
    "type-affiliate-live",
    "type-affiliate-video",
    "type-shop-tab",
    "pv-and-uv-views",
    "funnel",
    "affiliate",
    "showcase",
    "sample",
    "product-card",
    "product-link",
    "cta",
    "proof",
    "product-content-match",
    "where-to-find",
    "open-collaboration",
    "target-collaboration",
    "shop-plan",
    "refundable-sample",
    "impressions-vs-views",
    "sku",
    "product-status",
    "opportunity-matched",
    "live",
    "no-orders",
    "no-clicks",
    "cart-no-purchase",
];

/// "What is a good GMV?", "is my aov good": every entry that is a number answers the question
/// first, whichever of its names is asked about, and never with a number the seeds don't give
/// (only the bot's own targets, marked as its starting point).
#[test]
fn every_number_answers_what_is_a_good_one() {
    let c = content();
    let mut asked_about = 0;
    for e in c.glossary.entries() {
        if NOT_NUMBERS.contains(&e.id.as_str()) {
            assert!(
                e.good.is_none(),
                "{}: not a number, yet it has `good`",
                e.id
            );
            continue;
        }
        let good = e
            .good
            .as_deref()
            .unwrap_or_else(|| panic!("{}: members can ask what a good one is", e.id));
        assert!(good.chars().count() <= 300, "{}: short", e.id);
        // No one number is good everywhere: each says so, or what to use instead.
        assert!(
            ["There is no", "No ", "Seller Center removed"]
                .iter()
                .any(|start| good.starts_with(start)),
            "{}: {good}",
            e.id
        );
        for pct in good.match_indices('%').map(|(i, _)| &good[..i]) {
            let number: String = pct
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let number: String = number.chars().rev().collect();
            assert!(
                ["1", "2", "0.02"].contains(&number.as_str()),
                "{}: {number}% is not one of the bot's own targets: {good}",
                e.id
            );
        }
        let names = std::iter::once(e.name.as_str())
            .chain(e.abbreviation.as_deref())
            .chain(e.aliases.first().map(String::as_str));
        for name in names {
            for asked in [
                format!("what is a good {name}"),
                format!("is my {name} good"),
            ] {
                let hit = matches!(c.glossary.lookup(&asked), Lookup::Found { entry, .. } if entry.id == e.id);
                if !hit {
                    // An alias shared in spirit with another entry; the name itself must work.
                    assert_ne!(name, e.name, "{asked}");
                    continue;
                }
                let text = described(&c, &asked);
                assert!(text.starts_with(good), "{asked}: {text}");
                asked_about += 1;
            }
        }
    }
    assert!(asked_about > 100, "{asked_about}");
    // The question from the issue.
    assert!(described(&c, "what is a good gmv").starts_with("There is no good GMV"));
}

/// Every menu path the glossary states (a chain of →) is the seller path seed 002 gives, or
/// Ads Manager; anything else about menus is hedged in words, not given as a path.
#[test]
fn every_menu_path_is_the_one_the_seeds_give() {
    let c = content();
    let mut wrong = Vec::new();
    for e in c.glossary.entries() {
        let text = entry_text(&c, &e.id);
        for (i, _) in text.match_indices(" → ") {
            // The start of the path: from the last sentence or list break before the arrow.
            let before = &text[..i];
            let start = before.rfind(['.', ':', '\n', '(']).map_or(0, |p| p + 1);
            let head = before[start..].trim();
            if !(head.ends_with("Seller Center")
                || head.ends_with("Data Compass")
                || head.ends_with("Product Analytics"))
            {
                wrong.push(format!("{}: …{head} →", e.id));
            }
        }
        for invented in [
            "Creator Center → Data",
            "LIVE & Video",
            "Account Health →",
            "older version of the creator app",
            "Since July 2025 it is the only",
            "Profile → menu",
        ] {
            if text.contains(invented) {
                wrong.push(format!("{}: {invented}", e.id));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Facts that are not in the seeds name the public help page they come from, in a
/// comment just above the entry.
#[test]
fn help_page_facts_name_their_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts/glossary");
    for (file, id) in [
        ("money.toml", "commission"),
        ("money.toml", "direct-gmv"),
        ("money.toml", "est-commission"),
        ("ads.toml", "gmv-max"),
        ("ads.toml", "roas"),
        ("creator.toml", "open-collaboration"),
        ("creator.toml", "refundable-sample"),
        ("creator.toml", "shop-plan"),
        ("creator.toml", "showcase"),
        ("creator.toml", "sample"),
        ("live.toml", "live"),
        ("after_click.toml", "buy-now"),
    ] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let at = text
            .find(&format!("id = \"{id}\""))
            .unwrap_or_else(|| panic!("{id} in {file}"));
        let entry_start = text[..at].rfind("[[entry]]").unwrap();
        let comment: Vec<&str> = text[..entry_start]
            .lines()
            .rev()
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| l.starts_with('#'))
            .collect();
        let comment = comment.join(" ");
        assert!(
            comment.contains("Source")
                && comment.contains("https://")
                && comment.contains("tiktok.com"),
            "{file}: {id} needs a `# Source:` comment naming a TikTok help page: {comment:?}"
        );
    }
}

#[test]
fn check_refuses_a_number_without_its_good_answer() {
    use crate::prompts::{copy_prompts, edit, problems};
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("glossary/ads.toml"),
        "good = \"There is no one good CPM: it is a cost, and cheap showings only help if they turn into clicks and orders. Compare it with your own past ads, then look at CPC and ROAS.\"\n",
        "",
    );
    let p = problems(&dir);
    assert!(
        p.contains("ads.toml") && p.contains("cpm") && p.contains("add `good`"),
        "{p}"
    );
}
