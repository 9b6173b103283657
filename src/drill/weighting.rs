//! Which verdict the next drill is about: more often the ones a member gets wrong, and every
//! verdict now and then.

use super::generate::Rng;
use crate::funnel::Verdict;

/// How a member did on drills whose right answer was one verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub answered: u64,
    pub right: u64,
}

impl Tally {
    pub fn wrong(self) -> u64 {
        self.answered.saturating_sub(self.right)
    }
}

/// Every verdict's weight never goes below this, so each still comes up now and then.
pub const FLOOR: f64 = 0.2;

/// One weight per verdict of `Verdict::ALL`: [`FLOOR`] plus the share of that verdict's
/// drills the member got wrong, smoothed as if each verdict had one right and one wrong answer
/// more (so a verdict never shown starts at an even 50%, and one lucky answer does not make
/// it vanish). A member with no history gets every verdict equally.
pub fn weights(tallies: &[(Verdict, Tally)]) -> [f64; 5] {
    Verdict::ALL.map(|v| {
        let t = tallies
            .iter()
            .find(|(k, _)| *k == v)
            .map(|(_, t)| *t)
            .unwrap_or_default();
        FLOOR + (t.wrong() as f64 + 1.0) / (t.answered as f64 + 2.0)
    })
}

/// A verdict drawn with probability proportional to its weight.
pub fn pick_verdict(weights: &[f64; 5], rng: &mut Rng) -> Verdict {
    let total: f64 = weights.iter().sum();
    let mut at = rng.unit() * total;
    for (v, w) in Verdict::ALL.into_iter().zip(weights) {
        if at < *w {
            return v;
        }
        at -= w;
    }
    Verdict::ALL[Verdict::ALL.len() - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(weights: &[f64; 5], v: Verdict) -> f64 {
        let i = Verdict::ALL.iter().position(|x| *x == v).unwrap();
        weights[i] / weights.iter().sum::<f64>()
    }

    #[test]
    fn no_history_means_every_verdict_equally() {
        let w = weights(&[]);
        assert!(w.iter().all(|x| (x - w[0]).abs() < 1e-12), "{w:?}");
    }

    #[test]
    fn the_verdicts_a_member_misses_come_up_most() {
        let t = |answered, right| Tally { answered, right };
        let history = [
            (Verdict::BeforeClick, t(10, 10)),
            (Verdict::AfterClick, t(10, 2)),
            (Verdict::Both, t(10, 9)),
            (Verdict::Healthy, t(10, 10)),
            (Verdict::NotEnoughData, t(10, 5)),
        ];
        let w = weights(&history);
        let after = share(&w, Verdict::AfterClick);
        for v in Verdict::ALL {
            if v != Verdict::AfterClick {
                assert!(after > share(&w, v), "{v:?}: {w:?}");
            }
            // Still shows every kind now and then.
            assert!(share(&w, v) > 0.08, "{v:?}: {w:?}");
        }
        assert!(share(&w, Verdict::NotEnoughData) > share(&w, Verdict::Both));

        // Drawn with a seeded generator: the same leaning, and every verdict appears.
        let mut rng = Rng::new(9);
        let mut seen = [0u32; 5];
        for _ in 0..10_000 {
            let v = pick_verdict(&w, &mut rng);
            seen[Verdict::ALL.iter().position(|x| *x == v).unwrap()] += 1;
        }
        let most = seen.iter().max().unwrap();
        assert_eq!(seen[1], *most, "{seen:?}");
        assert!(seen.iter().all(|n| *n > 800), "{seen:?}");
    }

    #[test]
    fn one_wrong_answer_does_not_swamp_the_rest() {
        let w = weights(&[(
            Verdict::Both,
            Tally {
                answered: 1,
                right: 0,
            },
        )]);
        assert!(share(&w, Verdict::Both) < 0.3, "{w:?}");
    }
}
