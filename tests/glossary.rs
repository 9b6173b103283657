//! The real glossary in prompts/: coverage of the seed metrics and matching as members type.

use std::path::Path;

use funnel_coach::content::Content;
use funnel_coach::glossary::{Lookup, Status};

fn content() -> Content {
    Content::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("prompts"))
        .expect("prompts/ is valid")
}

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
    ];
    for t in terms {
        found_id(&c, t);
    }
}

#[test]
fn unknown_terms_get_ranked_suggestions() {
    let c = content();
    match c.glossary.lookup("refund rate") {
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
