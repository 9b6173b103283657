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
        "id = \"lashes-before-after\"\nverdict = \"healthy\"",
        "id = \"lashes-before-after\"\nverdict = \"both\"",
    );
    let p = problems(&dir);
    assert!(
        p.contains("drills.toml") && p.contains("lashes-before-after") && p.contains("`both`"),
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
            "impressions = [3000, 40000]",
            "impressions = [40000, 3000]",
            "smallest",
        ),
        (
            "impressions = [3000, 40000]",
            "impressions = [3000, 500000000]",
            "99999999",
        ),
        (
            "clicks = [8, 120]",
            "clicks = [40000, 120000]",
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

/// The targets the answers are tried with: the default ones and a few a server might set.
const TARGETS: [(f64, f64); 6] = [
    (0.01, 0.02),
    (0.001, 0.002),
    (0.005, 0.01),
    (0.002, 0.005),
    (0.015, 0.03),
    (0.03, 0.05),
];

fn everything(r: &funnel_coach::render::Reply) -> String {
    let mut all = format!("{}\n{}\n", r.title, r.description);
    for f in &r.fields {
        all.push_str(&format!("{}\n{}\n", f.name, f.value));
    }
    all
}

#[test]
fn every_drills_question_answer_tip_and_explanation_agree_with_the_decoder() {
    use funnel_coach::render::components::Audience;
    use funnel_coach::render::drill::{answered, drill, explain};
    use funnel_coach::render::format::percent;

    let c = content();
    let copy = &c.drills;
    let me = Audience::Server {
        owner: 7,
        shared: false,
    };
    // The question offers what the five buttons answer (where it is weak), not a step to
    // work on first: on a both-steps drill "Both steps" must be the answer it asks for.
    let question = copy.drill.question.to_lowercase();
    for v in Verdict::ALL {
        assert!(
            question.contains(&copy.answers[v].to_lowercase()),
            "{question}"
        );
    }
    assert!(!question.contains("first"), "{question}");
    let mut seen = HashSet::new();
    for (ctr, ctor) in TARGETS {
        let t = Thresholds { ctr, ctor };
        for s in &c.drills.scenario {
            for seed in 0..80u32 {
                let n = generate::generate(&s.ranges(), s.verdict, t, u64::from(seed));
                let d = decode(generate::counts(n), t);
                let shown = drill(
                    s,
                    &funnel_coach::drill::Drill {
                        scenario: s.id.clone(),
                        seed,
                        counts: n,
                    },
                    me,
                    copy,
                    &c.decode,
                );
                assert!(shown.description.contains(copy.drill.question.as_str()));
                let why = explain(s, &d, copy);
                let context = format!("{} seed {seed} {n:?} targets {ctr}/{ctor}: {why}", s.id);
                assert!(!why.contains('{'), "{context}");
                // The rates the explanation judges are the ones on screen.
                let ctr_shown = percent(d.ctr.rate.unwrap().value);
                let ctor_shown = percent(d.ctor.rate.unwrap().value);
                match d.verdict {
                    Verdict::BeforeClick => assert!(why.contains(&ctr_shown), "{context}"),
                    Verdict::AfterClick => assert!(why.contains(&ctor_shown), "{context}"),
                    Verdict::Both | Verdict::Healthy => assert!(
                        why.contains(&ctr_shown) && why.contains(&ctor_shown),
                        "{context}"
                    ),
                    Verdict::NotEnoughData => {}
                }
                // Big numbers with a rate that stays close to its target: the answer says "too
                // close to call", as /decode's headline does, never just "not enough data".
                let too_close = funnel_coach::render::decode::too_close(&d);
                let right_label = if too_close {
                    format!("borderline ({})", copy.answers[d.verdict])
                } else {
                    copy.answers[d.verdict].to_string()
                };
                if too_close {
                    // Nor does it tell the member to wait for numbers that won't settle it.
                    let lower = why.to_lowercase();
                    for wait in [
                        "wait",
                        "let the video run",
                        "too small",
                        "too early",
                        "too few",
                    ] {
                        assert!(!lower.contains(wait), "{wait}: {context}");
                    }
                }
                for given in Verdict::ALL {
                    let r = answered(s, &d, given, me, copy, &c.decode);
                    let all = everything(&r);
                    if given == d.verdict {
                        assert_eq!(r.title, format!("Right: {right_label}"), "{context}");
                    } else {
                        assert_eq!(
                            r.title,
                            format!("Not quite: it's {right_label}"),
                            "{context}"
                        );
                    }
                    assert!(r.description.contains(&why), "{context}");
                    let tip = r
                        .fields
                        .iter()
                        .find(|f| f.name == "How to spot it")
                        .unwrap();
                    assert_eq!(tip.value, copy.tips[d.verdict].as_str(), "{context}");
                    // Zero-orders wording only with zero orders, anywhere in the answer.
                    if n[2] > 0 {
                        assert_eq!(copy.zero_orders_in(&all), None, "{context}\n{all}");
                    }
                    // What a beginner must not be shown.
                    for jargon in [
                        "Wilson",
                        "interval",
                        "confidence",
                        " 95%",
                        "(95%",
                        "log scale",
                    ] {
                        assert!(!all.contains(jargon), "{jargon}: {all}");
                    }
                }
                if d.verdict == Verdict::Both {
                    // The bot's own advice and its answer agree: both steps, said so.
                    assert!(why.to_lowercase().contains("both steps"), "{context}");
                    assert!(copy.tips[d.verdict].contains(copy.answers[d.verdict].as_str()));
                }
                seen.insert((d.verdict == s.verdict, d.verdict.code()));
            }
        }
    }
    // Every answer was met both in its own scenarios and moved there by a server's targets.
    for v in Verdict::ALL {
        assert!(seen.contains(&(true, v.code())), "{v:?} {seen:?}");
        assert!(seen.contains(&(false, v.code())), "{v:?} moved: {seen:?}");
    }
}

/// The parts of an explanation that hold no number: its clue ("the case appears in the last
/// five seconds"), in pieces between punctuation.
fn clues(text: &str) -> impl Iterator<Item = &str> {
    text.split(['.', ':', '(', ')'])
        .map(str::trim)
        .filter(|p| p.len() > 20 && !p.contains('{'))
}

#[test]
fn a_drill_moved_off_its_verdict_is_explained_from_the_numbers_alone() {
    use funnel_coach::render::drill::explain;
    let c = content();
    let copy = &c.drills;
    let mut moved = 0;
    for (ctr, ctor) in TARGETS {
        let t = Thresholds { ctr, ctor };
        for s in &c.drills.scenario {
            for seed in 0..60u64 {
                let n = generate::generate(&s.ranges(), s.verdict, t, seed);
                let d = decode(generate::counts(n), t);
                let why = explain(s, &d, copy);
                if d.verdict == s.verdict {
                    let own = if n[2] == 0 {
                        s.explain_no_orders.as_ref().unwrap_or(&s.explain)
                    } else {
                        &s.explain
                    };
                    for clue in clues(own) {
                        assert!(why.contains(clue), "{}: {why}", s.id);
                    }
                } else {
                    moved += 1;
                    // Not a word of the situation's clue: it may point the other way now.
                    let own = std::iter::once(&s.explain).chain(&s.explain_no_orders);
                    for clue in own.flat_map(|t| clues(t)) {
                        assert!(!why.contains(clue), "{} {n:?} {ctr}/{ctor}: {why}", s.id);
                    }
                    for clue in clues(&copy.numbers_only[d.verdict]) {
                        assert!(why.contains(clue), "{} {n:?} {ctr}/{ctor}: {why}", s.id);
                    }
                }
            }
        }
    }
    assert!(
        moved > 100,
        "only {moved} drills moved: the test shows little"
    );

    // One by hand: the running shoes, whose clue is "no reason to tap". Against a server's
    // 0.1% CTR target their 0.3% is fine: the answer is "Healthy", and it says so from the
    // numbers without blaming the video.
    let shoes = copy.scenario("shoes-vague-cta").unwrap();
    let t = Thresholds {
        ctr: 0.001,
        ctor: 0.02,
    };
    let d = decode(generate::counts([100_000, 300, 15]), t);
    assert_eq!(d.verdict, Verdict::Healthy);
    let why = explain(shoes, &d, copy);
    assert!(why.contains("0.30%") && why.contains("0.1%"), "{why}");
    assert!(!why.contains("shoes"), "{why}");
    let own = explain(
        shoes,
        &decode(generate::counts([100_000, 300, 15]), Thresholds::default()),
        copy,
    );
    assert!(own.contains("shoes") && own.contains("0.30%"), "{own}");
}

#[test]
fn no_answer_can_be_told_from_the_size_of_the_numbers() {
    let c = content();
    let overlap = |a: funnel_coach::drill::Bounds, b: funnel_coach::drill::Bounds| {
        a.min <= b.max && b.min <= a.max
    };
    for (name, pick) in [
        (
            "impressions",
            (|s: &funnel_coach::content::drills::Scenario| s.impressions) as fn(&_) -> _,
        ),
        ("clicks", |s: &funnel_coach::content::drills::Scenario| {
            s.clicks
        }),
    ] {
        for v in Verdict::ALL {
            let others: HashSet<&str> = c
                .drills
                .of(v)
                .flat_map(|s| {
                    c.drills
                        .scenario
                        .iter()
                        .filter(move |o| o.verdict != v && overlap(pick(s), pick(o)))
                        .map(|o| o.verdict.code())
                })
                .collect();
            assert!(
                others.len() >= 2,
                "{}: its {name} overlap only {others:?}",
                v.code()
            );
        }
    }
}

#[test]
fn words_that_can_contradict_the_numbers_are_refused() {
    for (from, to, says) in [
        // "No orders" in a tip shown with any numbers.
        (
            "healthy = \"Both likely ranges",
            "healthy = \"No orders? Both likely ranges",
            "tips.healthy",
        ),
        // In a situation whose drills can have orders.
        (
            "Running shoes. At the end",
            "Running shoes with no orders. At the end",
            "shoes-vague-cta",
        ),
        // An explanation that never shows the rate it calls weak.
        (
            "Only **{ctr}** of impressions got a click, under the {ctr_target} target. The video never",
            "Too few viewers tapped. The video never",
            "{ctr}",
        ),
        // A too-early explanation that shows none of the drill's numbers.
        (
            "explain = \"{clicks} taps and {orders} orders is a good start",
            "explain = \"It is a good start",
            "at least one of this drill's numbers",
        ),
        // A no-orders explanation for drills that always have orders.
        (
            "explain = \"{clicks} taps and {orders} orders is a good start",
            "explain_no_orders = \"{clicks} taps.\"\nexplain = \"{clicks} taps and {orders} orders is a good start",
            "never shown",
        ),
    ] {
        let (_t, dir) = copy_prompts();
        edit(&dir.join("drills.toml"), from, to);
        let p = problems(&dir);
        assert!(p.contains("drills.toml") && p.contains(says), "{to}: {p}");
    }
}

/// Which band of `edges` a count falls in: 0 below the first edge, 1 from it to the next, …
fn band(n: u64, edges: &[u64]) -> usize {
    edges.iter().filter(|e| n >= **e).count()
}

#[test]
fn no_count_band_gives_the_answer_away() {
    // Drills as a new member meets them (every answer as likely), with the default targets:
    // for impressions, clicks and orders, no band of counts (under 3,000 impressions, over
    // 200,000, over 25 orders…) holds one answer 90% of the time or more, so the size of a
    // number alone never tells the answer.
    let c = content();
    let t = Thresholds::default();
    let measures: [(&str, usize, &[u64]); 3] = [
        ("impressions", 0, &[3_000, 10_000, 30_000, 100_000, 200_000]),
        ("clicks", 1, &[10, 50, 200, 500, 1_500, 3_000]),
        ("orders", 2, &[1, 3, 6, 11, 26]),
    ];
    let drills: u32 = 20_000;
    let mut tally: std::collections::HashMap<(&str, usize), [u32; 5]> =
        std::collections::HashMap::new();
    for seed in 0..drills {
        let (_, d) = next_drill(&c.drills.scenario, &weights(&[]), t, seed).unwrap();
        let v = decode(generate::counts(d.counts), t).verdict;
        let i = Verdict::ALL.iter().position(|x| *x == v).unwrap();
        for (name, at, edges) in measures {
            tally.entry((name, band(d.counts[at], edges))).or_default()[i] += 1;
        }
    }
    let mut report = String::new();
    let mut worst = Vec::new();
    let mut keys: Vec<_> = tally.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let counts = tally[&key];
        let total: u32 = counts.iter().sum();
        let top = counts.iter().copied().max().unwrap_or(0);
        let share = f64::from(top) / f64::from(total);
        report.push_str(&format!("{key:?}: {counts:?} ({:.0}%)\n", share * 100.0));
        // A band a member meets in at least 1 drill of 100.
        if total >= drills / 100 && share >= 0.9 {
            worst.push(key);
        }
    }
    println!("{report}");
    assert!(worst.is_empty(), "{worst:?} tell the answer:\n{report}");
}

#[test]
fn every_drill_answer_fits_a_phone_screen() {
    use funnel_coach::render::components::Audience;
    use funnel_coach::render::drill::answered;
    use funnel_coach::render::limits::{first_screen, FIRST_SCREEN};

    // Every scenario, at the default and a server's targets: drills as drawn, and the corners of
    // its ranges (the longest numbers, the rates furthest off). Each answer, right or wrong,
    // fits one phone screen (title, description, fields and footer).
    let c = content();
    let me = Audience::Server {
        owner: u64::MAX >> 1,
        shared: true,
    };
    let mut longest = (0, String::new());
    for (ctr, ctor) in TARGETS {
        let t = Thresholds { ctr, ctor };
        for s in &c.drills.scenario {
            let r = s.ranges();
            let mut numbers: Vec<[u64; 3]> = (0..60u64)
                .map(|seed| generate::generate(&r, s.verdict, t, seed))
                .collect();
            for i in [r.impressions.min, r.impressions.max] {
                for k in [r.clicks.min, r.clicks.max] {
                    for o in [r.orders.min, r.orders.max] {
                        numbers.push([i, k.min(i), o.min(k.min(i))]);
                    }
                }
            }
            for n in numbers {
                let d = decode(generate::counts(n), t);
                for given in Verdict::ALL {
                    let reply = answered(s, &d, given, me, &c.drills, &c.decode);
                    let len = first_screen(&reply);
                    if len > longest.0 {
                        longest = (len, format!("{} {n:?} at {ctr}/{ctor}\n{reply:#?}", s.id));
                    }
                }
            }
        }
    }
    println!(
        "longest drill answer: {} characters: {}",
        longest.0, longest.1
    );
    assert!(
        longest.0 <= FIRST_SCREEN,
        "{} characters: {}",
        longest.0,
        longest.1
    );
}

#[test]
fn check_refuses_a_drill_answer_longer_than_one_phone_screen() {
    let (_t, dir) = copy_prompts();
    edit(
        &dir.join("drills.toml"),
        "Add up a few LIVEs before you judge.\"",
        &format!(
            "Add up a few LIVEs before you judge. {}\"",
            "Then look again at both rates and their ranges. ".repeat(5)
        ),
    );
    let p = problems(&dir);
    assert!(
        p.contains("drills.toml")
            && p.contains("cable-small-live")
            && p.contains("over the 1000 of one phone screen"),
        "{p}"
    );
}
