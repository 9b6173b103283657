//! A drill's numbers: drawn from a seed within a scenario's ranges until the decoder gives
//! the scenario's verdict against the server's targets.

use crate::funnel::{decode, Counts, Thresholds, Verdict};

/// How many draws a drill gets to hit its verdict. The prompts check proves every scenario
/// hits it with the default targets; with a server's own targets a scenario may not, and the
/// last draw is shown: its right answer is still what the decoder says of it.
pub const DRAWS: u32 = 64;

/// The smallest and largest value a count may take, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(try_from = "[u64; 2]")]
pub struct Bounds {
    pub min: u64,
    pub max: u64,
}

impl TryFrom<[u64; 2]> for Bounds {
    type Error = String;
    fn try_from([min, max]: [u64; 2]) -> Result<Bounds, String> {
        if min > max {
            return Err(format!(
                "[{min}, {max}]: the first number is the smallest, so it can't be above the second"
            ));
        }
        if max > super::MAX_DRILL_COUNT {
            return Err(format!(
                "{max} is above the largest drill number, {}",
                super::MAX_DRILL_COUNT
            ));
        }
        Ok(Bounds { min, max })
    }
}

impl Bounds {
    pub fn contains(self, n: u64) -> bool {
        (self.min..=self.max).contains(&n)
    }
}

/// The ranges a scenario's numbers may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranges {
    pub impressions: Bounds,
    pub clicks: Bounds,
    pub orders: Bounds,
}

impl Ranges {
    /// Whether any draw is possible: every draw needs clicks ≤ impressions and orders ≤
    /// clicks, so the smallest clicks must fit under the smallest impressions, and so on.
    pub fn problem(&self) -> Option<&'static str> {
        if self.clicks.min > self.impressions.min {
            Some("the smallest clicks are above the smallest impressions")
        } else if self.orders.min > self.clicks.min {
            Some("the smallest orders are above the smallest clicks")
        } else {
            None
        }
    }

    /// Whether `counts` could come from this scenario: each count in its range, clicks ≤
    /// impressions and orders ≤ clicks (what [`generate`] draws).
    pub fn allows(&self, counts: [u64; 3]) -> bool {
        let [i, c, o] = counts;
        self.impressions.contains(i)
            && self.clicks.contains(c)
            && self.orders.contains(o)
            && c <= i
            && o <= c
    }
}

/// A small, fast, seeded generator (`SplitMix64`): the same seed gives the same drill on
/// every machine and in every version of Rust.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi` (`lo` when `hi < lo`).
    pub fn between(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = hi - lo;
        if span == u64::MAX {
            return self.next_u64();
        }
        lo + self.next_u64() % (span + 1)
    }

    /// A number in `0.0..1.0`.
    pub fn unit(&mut self) -> f64 {
        // The top 53 bits: exactly representable.
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One draw within the ranges, always with clicks ≤ impressions and orders ≤ clicks.
fn draw(r: &Ranges, rng: &mut Rng) -> [u64; 3] {
    let impressions = rng.between(r.impressions.min, r.impressions.max);
    let clicks = rng.between(r.clicks.min, r.clicks.max.min(impressions));
    let orders = rng.between(r.orders.min, r.orders.max.min(clicks));
    [impressions, clicks, orders]
}

/// The counts as the decoder takes them.
pub fn counts(c: [u64; 3]) -> Counts {
    Counts {
        impressions: c[0],
        clicks: c[1],
        orders: c[2],
        add_to_carts: None,
    }
}

/// A drill's numbers for `seed`: the first of [`DRAWS`] draws within `ranges` that the decoder
/// judges `target` against `thresholds`, else the last draw. Same inputs, same numbers.
pub fn generate(ranges: &Ranges, target: Verdict, thresholds: Thresholds, seed: u64) -> [u64; 3] {
    let mut rng = Rng::new(seed);
    let mut last = draw(ranges, &mut rng);
    for _ in 1..DRAWS {
        if decode(counts(last), thresholds).verdict == target {
            return last;
        }
        last = draw(ranges, &mut rng);
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranges(i: [u64; 2], c: [u64; 2], o: [u64; 2]) -> Ranges {
        Ranges {
            impressions: Bounds::try_from(i).unwrap(),
            clicks: Bounds::try_from(c).unwrap(),
            orders: Bounds::try_from(o).unwrap(),
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_others_differ() {
        let r = ranges([5_000, 50_000], [100, 900], [0, 40]);
        let t = Thresholds::default();
        let a = generate(&r, Verdict::AfterClick, t, 7);
        assert_eq!(a, generate(&r, Verdict::AfterClick, t, 7));
        let distinct: std::collections::HashSet<[u64; 3]> = (0..50)
            .map(|s| generate(&r, Verdict::AfterClick, t, s))
            .collect();
        assert!(distinct.len() > 40, "{}", distinct.len());
    }

    #[test]
    fn draws_stay_in_their_ranges_and_follow_the_count_rules() {
        let r = ranges([10, 60], [5, 80], [0, 90]);
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            let c = draw(&r, &mut rng);
            assert!(r.allows(c), "{c:?}");
        }
    }

    #[test]
    fn numbers_outside_the_ranges_or_rules_are_not_allowed() {
        let r = ranges([1_000, 2_000], [10, 50], [0, 5]);
        assert!(r.allows([1_500, 30, 2]));
        assert!(!r.allows([999, 30, 2]));
        assert!(!r.allows([1_500, 51, 2]));
        assert!(!r.allows([1_500, 30, 6]));
        let tight = ranges([10, 10], [5, 20], [0, 30]);
        assert!(!tight.allows([10, 12, 0]), "clicks above impressions");
        assert!(!tight.allows([10, 8, 9]), "orders above clicks");
    }

    #[test]
    fn impossible_ranges_are_named() {
        assert!(ranges([10, 20], [30, 40], [0, 1]).problem().is_some());
        assert!(ranges([100, 200], [30, 40], [31, 35]).problem().is_some());
        assert!(ranges([100, 200], [30, 40], [0, 35]).problem().is_none());
        assert!(Bounds::try_from([5, 4]).is_err());
        assert!(Bounds::try_from([0, 100_000_000]).is_err());
    }

    #[test]
    fn the_generator_is_spread_evenly() {
        let mut rng = Rng::new(42);
        let mut buckets = [0u32; 10];
        for _ in 0..100_000 {
            buckets[usize::try_from(rng.between(0, 9)).unwrap()] += 1;
        }
        assert!(
            buckets.iter().all(|b| (9_000..11_000).contains(b)),
            "{buckets:?}"
        );
        let u = rng.unit();
        assert!((0.0..1.0).contains(&u));
    }
}
