//! Drills against the shipped prompts: every scenario's numbers reach its verdict through the
//! decoder for many seeds, stay in the scenario's ranges, and a broken `prompts/drills.toml`
//! is refused with the scenario and the problem named.

use crate::prompts;

use std::collections::HashSet;

use funnel_coach::drill::{generate, next_drill, weights, Scenario as _};
use funnel_coach::funnel::{decode, Thresholds, Verdict};
use prompts::{content, copy_prompts, edit, problems};

#[test]
fn every_scenario_reaches_its_verdict_for_every_seed() {
    let c = content();
    let t = Thresholds::default();
    assert!(c.drills.scenario.len() >= 30, "{}", c.drills.scenario.len());
    for s in &c.drills.scenario {
        let mut distinct = HashSet::new();
        for seed in 0..1_000u64 {
            let n = generate::generate(&s.ranges(), s.verdict, t, seed);
            assert!(s.ranges().allows(n), "{}: {n:?}", s.id);
            let got = decode(generate::counts(n), t).verdict;
            assert_eq!(got, s.verdict, "{} with seed {seed}: {n:?}", s.id);
            distinct.insert(n);
        }
        assert!(
            distinct.len() > 100,
            "{}: only {} different drills",
            s.id,
            distinct.len()
        );
    }
}

#[test]
fn every_verdict_has_scenarios_and_a_new_member_meets_them_all() {
    let c = content();
    let mut seen = HashSet::new();
    for seed in 0..500 {
        let (s, d) = next_drill(
            &c.drills.scenario,
            &weights(&[]),
            Thresholds::default(),
            seed,
        )
        .unwrap();
        assert_eq!(s.id(), d.scenario);
        seen.insert(s.verdict.code());
    }
    assert_eq!(seen.len(), Verdict::ALL.len(), "{seen:?}");
}

#[test]
fn with_a_servers_own_targets_the_answer_is_still_the_decoders() {
    // Strict targets: many scenarios can't reach their verdict; the numbers stay in range and
    // the answer is whatever the decoder says of them.
    let c = content();
    let strict = Thresholds {
        ctr: 0.2,
        ctor: 0.5,
    };
    for s in &c.drills.scenario {
        let n = generate::generate(&s.ranges(), s.verdict, strict, 3);
        assert!(s.ranges().allows(n));
    }
}

#[test]
fn a_scenario_that_cannot_reach_its_verdict_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("drills.toml"),
        "id = \"phone-case-hook\"\nverdict = \"before_click\"",
        "id = \"phone-case-hook\"\nverdict = \"healthy\"",
    );
    let p = problems(&dir);
    assert!(
        p.contains("drills.toml") && p.contains("phone-case-hook") && p.contains("`healthy`"),
        "{p}"
    );
}

#[test]
fn bad_ids_ranges_and_verdicts_are_named() {
    for (from, to, says) in [
        ("id = \"mug-no-demo\"", "id = \"Mug No Demo\"", "a-z"),
        (
            "id = \"mug-no-demo\"",
            "id = \"phone-case-hook\"",
            "used twice",
        ),
        (
            "impressions = [20000, 50000]",
            "impressions = [50000, 20000]",
            "smallest",
        ),
        (
            "impressions = [20000, 50000]",
            "impressions = [20000, 500000000]",
            "99999999",
        ),
        (
            "clicks = [40, 130]",
            "clicks = [40000, 130000]",
            "smallest clicks",
        ),
        (
            "verdict = \"after_click\"",
            "verdict = \"after\"",
            "unknown verdict",
        ),
    ] {
        let (_t, dir) = copy_prompts();
        edit(&dir.join("drills.toml"), from, to);
        let p = problems(&dir);
        assert!(p.contains("drills.toml") && p.contains(says), "{to}: {p}");
    }
}

#[test]
fn a_verdict_without_scenarios_is_named() {
    let (_t, dir) = copy_prompts();
    let path = dir.join("drills.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("verdict = \"both\"", "verdict = \"before_click\""),
    )
    .unwrap();
    let p = problems(&dir);
    assert!(p.contains("no scenario has verdict `both`"), "{p}");
}

#[test]
fn an_answer_label_too_long_for_a_button_is_named() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("drills.toml"),
        "healthy = \"Healthy\"",
        &format!("healthy = \"{}\"", "H".repeat(81)),
    );
    let p = problems(&dir);
    assert!(p.contains("drills.toml") && p.contains("80"), "{p}");
}
