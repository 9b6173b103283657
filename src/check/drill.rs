//! `/drill`: every scenario reaches its verdict, and the longest drill, answers and stats fit.

use std::path::Path;

use super::{file, too_long};
use crate::content::{Content, Problem};
use crate::funnel::{decode, Thresholds, Verdict};
use crate::render;
use crate::render::limits;
use crate::test_log::MemberStats;

/// How many seeds each drill scenario is tried with.
pub const DRILL_SEEDS: u32 = 200;

/// Targets a server might set, besides the default ones, that an answer must fit with too (a
/// drill they move off its scenario's verdict is explained from the numbers alone), and how
/// many seeds each is tried with.
const SERVER_TARGETS: [(f64, f64); 4] =
    [(0.001, 0.002), (0.005, 0.01), (0.015, 0.03), (0.03, 0.05)];
const SERVER_SEEDS: u64 = 10;
/// How many of the drills drawn at the default targets have their answers measured.
const MEASURED: usize = 60;

/// Every scenario reaches its verdict through the decoder (with the default targets) for
/// every one of [`DRILL_SEEDS`] seeds, the longest drill, answers and stats fit Discord, and
/// every answer (right or wrong) to the drills a scenario gives, at the default targets and a
/// server's, and to the corners of its ranges, fits one phone screen.
pub(super) fn rendered(content: &Content, dir: &Path, problems: &mut Vec<Problem>) {
    use crate::drill::{self, generate, Drill, DrillStats, Miss, Streak, Tally};
    use crate::schedule::ZoneSource;
    use render::components::Audience;
    use render::drill as r;

    let file = file(dir, "drills.toml");
    let copy = &content.drills;
    let t = Thresholds::default();
    for s in &copy.scenario {
        let key = format!("scenario {}", s.id);
        let drawn: Vec<[u64; 3]> = (0..DRILL_SEEDS)
            .map(|seed| generate::generate(&s.ranges(), s.verdict, t, u64::from(seed)))
            .collect();
        let hits = drawn
            .iter()
            .filter(|c| decode(generate::counts(**c), t).verdict == s.verdict)
            .count();
        if hits < DRILL_SEEDS as usize {
            problems.push(Problem::new(
                &file,
                Some(&key),
                format!(
                    "its ranges reach `{}` in only {hits} of {DRILL_SEEDS} drills with the default targets (CTR 1%, CTOR 2%): widen or move them",
                    s.verdict.code()
                ),
            ));
        }
        let longest = Drill {
            scenario: s.id.clone(),
            seed: u32::MAX,
            counts: [drill::MAX_DRILL_COUNT; 3],
        };
        let biggest = u64::MAX >> 1;
        let audiences = [
            Audience::Server {
                owner: biggest,
                shared: true,
            },
            Audience::Dm { guild: biggest },
        ];
        let mut replies: Vec<_> = audiences
            .iter()
            .map(|a| r::drill(s, &longest, *a, copy, &content.decode))
            .collect();
        let d = decode(generate::counts(longest.counts), t);
        for given in Verdict::ALL {
            for right in Verdict::ALL {
                let mut d = d.clone();
                d.verdict = right;
                for a in audiences {
                    replies.push(r::answered(s, &d, given, a, copy, &content.decode));
                    replies.push(r::already(right, given, a, copy));
                }
            }
        }
        for reply in replies {
            too_long(&file, Some(&key), limits::check(&reply), problems);
        }
        if let Some((numbers, n)) = longest_answer(s, &drawn, content) {
            problems.push(Problem::new(
                &file,
                Some(&key),
                format!(
                    "its answer to {numbers} is {n} characters, over the {} of one phone screen: shorten its explain (or the tips, or the answer's words)",
                    limits::FIRST_SCREEN
                ),
            ));
        }
    }
    let most = Tally {
        answered: u64::MAX,
        right: u64::MAX,
    };
    for right in Verdict::ALL {
        for given in Verdict::ALL.into_iter().filter(|g| *g != right) {
            for zone in ZoneSource::ALL {
                let stats = DrillStats {
                    answered: u64::MAX,
                    right: u64::MAX,
                    by_verdict: Verdict::ALL.into_iter().map(|v| (v, most)).collect(),
                    most_missed: Some(Miss {
                        right,
                        given,
                        times: u64::MAX,
                    }),
                    streak: Streak {
                        current: u32::MAX,
                        best: u32::MAX,
                    },
                    zone,
                };
                let base = render::stats::member_stats(
                    &MemberStats {
                        logged: 999_999,
                        done: 999_999,
                        improved: 999_999,
                        weeks_in_a_row: 999,
                    },
                    &content.test_log,
                );
                let reply = r::stats(base, &stats, "America/Argentina/ComodRivadavia", copy);
                too_long(&file, Some("stats"), limits::check(&reply), problems);
            }
        }
    }
}

/// The longest answer to a drill of `s` when it is over one phone screen: its numbers and its
/// length. Tried: the first [`MEASURED`] drills `drawn` at the default targets, a few at each of
/// [`SERVER_TARGETS`], and the corners of the ranges at all of them; every answer a member can
/// tap.
fn longest_answer(
    s: &crate::content::drills::Scenario,
    drawn: &[[u64; 3]],
    content: &Content,
) -> Option<(String, usize)> {
    use crate::drill::generate;
    use render::components::Audience;

    let me = Audience::Server {
        owner: u64::MAX >> 1,
        shared: true,
    };
    let r = s.ranges();
    let mut corners = Vec::new();
    for i in [r.impressions.min, r.impressions.max] {
        for k in [r.clicks.min, r.clicks.max] {
            let k = k.min(i);
            for o in [r.orders.min, r.orders.max] {
                corners.push([i, k, o.min(k)]);
            }
        }
    }
    let mut tries: Vec<([u64; 3], Thresholds)> = drawn
        .iter()
        .take(MEASURED)
        .chain(&corners)
        .map(|n| (*n, Thresholds::default()))
        .collect();
    for (ctr, ctor) in SERVER_TARGETS {
        let t = Thresholds { ctr, ctor };
        tries.extend(
            (0..SERVER_SEEDS)
                .map(|seed| generate::generate(&r, s.verdict, t, seed))
                .chain(corners.iter().copied())
                .map(|n| (n, t)),
        );
    }
    // The longest answers: the right one, and the wrong one with the longest button words
    // (the rest of an answer is the same whichever wrong button was tapped).
    let label = |v: Verdict| content.drills.answers[v].chars().count();
    tries
        .into_iter()
        .flat_map(|(n, t)| {
            let d = decode(generate::counts(n), t);
            let wrong = Verdict::ALL
                .into_iter()
                .filter(|v| *v != d.verdict)
                .max_by_key(|v| label(*v))
                .unwrap_or(d.verdict);
            [d.verdict, wrong].map(|given| {
                let reply =
                    render::drill::answered(s, &d, given, me, &content.drills, &content.decode);
                (n, limits::first_screen(&reply))
            })
        })
        .max_by_key(|(_, len)| *len)
        .filter(|(_, len)| *len > limits::FIRST_SCREEN)
        .map(|(n, len)| {
            (
                render::decode::counts_line(&generate::counts(n), &content.decode),
                len,
            )
        })
}
