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

/// Every scenario reaches its verdict through the decoder (with the default targets) for
/// every one of [`DRILL_SEEDS`] seeds, and the longest drill, answers and stats fit Discord.
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
        let hits = (0..DRILL_SEEDS)
            .filter(|seed| {
                let c = generate::generate(&s.ranges(), s.verdict, t, u64::from(*seed));
                decode(generate::counts(c), t).verdict == s.verdict
            })
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
