//! What a step that can't be judged yet already shows: which side of its target the rate sits
//! on so far, whether it is close enough to the target to call borderline, and how far away
//! the numbers that would settle it are (more than twice what the member has: too far to
//! wait for). A rate on its target is only said to stay there when the numbers are big enough
//! to show it (its likely range already within a fifth of the target); with few numbers it is
//! as open as any other. The decoder's verdict does not change; this is what the answer says
//! about an open step, so it never hides a number the member can see (1.29% is under 2%, even
//! when it is too early to be sure).

use serde::Serialize;

use super::decode::{Decoded, Step, StepKind};
use super::interval::{more_trials_to_narrow, Judgement, Rate};

/// A rate within this share of its target, either way, is borderline (a fifth: 1.6%–2.4%
/// around a 2% target).
pub const BORDERLINE_SHARE: f64 = 0.2;

/// Needing more than this many times the impressions or clicks the member already has is too
/// far to wait for: better add up several videos of the product, or go by the other step.
pub const REACH_FACTOR: u64 = 2;

/// Where the rate sits against the target so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Under,
    Over,
    On,
}

/// How far away an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "more")]
pub enum Reach {
    /// About this many more impressions (CTR) or clicks (CTOR) would settle it.
    Within(u64),
    /// About this many more, which is over [`REACH_FACTOR`] times what the member has.
    OutOfReach(u64),
    /// No amount worth waiting for would: the rate is so close to its target that only far
    /// more numbers could tell the two apart, and its likely range is already within
    /// [`BORDERLINE_SHARE`] of the target, so the real rate is close to the target either way.
    Never,
}

/// What to do when one video can't settle a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Instead {
    /// The other step is clearly weak: work on that one; this one can wait.
    WorkOn(StepKind),
    /// Add up several videos (or a longer period) of the same product, then decode the total.
    AddUp,
}

/// An open step, read as far as its numbers go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Outlook {
    pub side: Side,
    /// Within [`BORDERLINE_SHARE`] of the target.
    pub borderline: bool,
    pub reach: Reach,
}

impl Outlook {
    pub fn out_of_reach(&self) -> bool {
        matches!(self.reach, Reach::OutOfReach(_))
    }
}

/// The outlook of `step` over `trials` (impressions for CTR, clicks for CTOR); `None` when the
/// step is judged or has no rate to read.
pub fn outlook(step: &Step, trials: u64) -> Option<Outlook> {
    if step.judgement != Judgement::Undetermined {
        return None;
    }
    let rate = step.rate?;
    let target = step.threshold;
    let side = if rate.value < target {
        Side::Under
    } else if rate.value > target {
        Side::Over
    } else {
        Side::On
    };
    let band = (
        target * (1.0 - BORDERLINE_SHARE),
        target * (1.0 + BORDERLINE_SHARE),
    );
    let by_size = |more: u64| {
        if more > trials.saturating_mul(REACH_FACTOR) {
            Reach::OutOfReach(more)
        } else {
            Reach::Within(more)
        }
    };
    let narrow = narrow(rate, band);
    let reach = match step.more_needed.map(by_size) {
        // Close to the target with numbers big enough to show it: waiting won't tell.
        None | Some(Reach::OutOfReach(_)) if narrow => Reach::Never,
        Some(reach) => reach,
        // On the target (or too close to tell apart) with few numbers: the rate itself can
        // still move a lot; what would tell is numbers enough to narrow its range that far.
        None => more_trials_to_narrow(rate.value, trials, band).map_or(Reach::Never, by_size),
    };
    Some(Outlook {
        side,
        borderline: (rate.value - target).abs() <= target * BORDERLINE_SHARE,
        reach,
    })
}

/// Whether the likely range lies inside `band` (within a fifth of the target either way).
fn narrow(rate: Rate, (lo, hi): (f64, f64)) -> bool {
    rate.low >= lo && rate.high <= hi
}

/// Where people stop after the tap, read from the add-to-cart count: said only when it helps
/// (add-to-carts given and fitting the clicks, and the step after the click weak or open).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cart {
    /// Nobody added to cart: the product page loses them.
    None,
    /// Fewer than half of the carts became orders: checkout loses them.
    LeftBehind,
    /// Most carts became orders: the drop is before the cart, on the product page.
    Few,
}

impl Decoded {
    /// What the add-to-cart count says about the step after the click; `None` when it says
    /// nothing the member can act on now (no count, more carts than clicks, CTOR already
    /// fine, or a weak step before the click, which comes first).
    pub fn cart(&self) -> Option<Cart> {
        let carts = self.counts.add_to_carts?;
        if self.add_to_cart_rate.is_none()
            || self.ctor.judgement == Judgement::Ok
            || self.ctr.judgement == Judgement::Weak
            || self.counts.orders > self.counts.clicks
        {
            return None;
        }
        Some(if carts == 0 {
            Cart::None
        } else if self.counts.orders.saturating_mul(2) < carts {
            Cart::LeftBehind
        } else {
            Cart::Few
        })
    }

    /// What a step divides by: impressions for CTR, clicks for CTOR.
    pub fn trials(&self, kind: StepKind) -> u64 {
        match kind {
            StepKind::Ctr => self.counts.impressions,
            StepKind::Ctor => self.counts.clicks,
        }
    }

    pub fn step(&self, kind: StepKind) -> &Step {
        match kind {
            StepKind::Ctr => &self.ctr,
            StepKind::Ctor => &self.ctor,
        }
    }

    /// The outlook of one step (see [`outlook`]).
    pub fn outlook(&self, kind: StepKind) -> Option<Outlook> {
        outlook(self.step(kind), self.trials(kind))
    }

    /// What to do instead when `kind` is out of reach of one video: `None` when it is not.
    pub fn instead(&self, kind: StepKind) -> Option<Instead> {
        if !self.outlook(kind)?.out_of_reach() {
            return None;
        }
        let other = match kind {
            StepKind::Ctr => StepKind::Ctor,
            StepKind::Ctor => StepKind::Ctr,
        };
        Some(if self.step(other).judgement == Judgement::Weak {
            Instead::WorkOn(other)
        } else {
            Instead::AddUp
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funnel::{decode, Counts, Thresholds};

    fn run(impressions: u64, clicks: u64, orders: u64) -> Decoded {
        decode(
            Counts {
                impressions,
                clicks,
                orders,
                add_to_carts: None,
            },
            Thresholds::default(),
        )
    }

    #[test]
    fn the_readme_example_is_under_the_target_so_far_and_out_of_reach_of_one_video() {
        let d = run(12_500, 310, 4);
        let o = d.outlook(StepKind::Ctor).expect("CTOR is open");
        assert_eq!(o.side, Side::Under, "1.29% is under 2%");
        assert!(!o.borderline, "1.29% is more than a fifth away from 2%");
        // About 1,200 more clicks: more than twice the 310 there are.
        assert_eq!(o.reach, Reach::OutOfReach(1_200));
        // Product CTR is clear (and fine), so the way on is adding up videos.
        assert_eq!(d.outlook(StepKind::Ctr), None);
        assert_eq!(d.instead(StepKind::Ctor), Some(Instead::AddUp));
    }

    #[test]
    fn a_step_that_a_few_more_clicks_settle_is_within_reach() {
        // 0 orders from 30 clicks: the ~160 more clicks that would tell are over twice 30.
        let d = run(2_000, 30, 0);
        let o = d.outlook(StepKind::Ctor).unwrap();
        assert_eq!(o.side, Side::Under);
        assert!(o.out_of_reach(), "{o:?}");
        // 0 orders from 150 clicks: a few dozen more clicks would rule out 2%.
        let d = run(10_000, 150, 0);
        let o = d.outlook(StepKind::Ctor).unwrap();
        match o.reach {
            Reach::Within(more) => assert!(more <= 300, "{more}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(d.instead(StepKind::Ctor), None);
    }

    #[test]
    fn over_the_target_so_far() {
        let d = run(12_500, 150, 6);
        let o = d.outlook(StepKind::Ctor).unwrap();
        assert_eq!(o.side, Side::Over, "4% is over 2%");
        assert!(!o.borderline);
    }

    #[test]
    fn a_rate_within_a_fifth_of_the_target_is_borderline_either_way() {
        // 1.7% and 2.3% against 2%: borderline; 1.5% and 2.5% are not.
        for (orders, borderline) in [(17, true), (23, true), (15, false), (25, false)] {
            let d = run(100_000, 1_000, orders);
            let o = d.outlook(StepKind::Ctor).unwrap();
            assert_eq!(o.borderline, borderline, "{orders} of 1,000");
        }
    }

    #[test]
    fn on_the_target_with_few_numbers_is_still_open_not_settled() {
        // 10 clicks of 1,000 is exactly 1%, but the real rate could be anywhere from about
        // 0.5% to 1.8%: more numbers can still move it a long way. What would tell is enough
        // impressions to pin it within a fifth of 1% (about 12,000 in all).
        let d = run(1_000, 10, 0);
        let o = d.outlook(StepKind::Ctr).unwrap();
        assert_eq!((o.side, o.borderline), (Side::On, true));
        match o.reach {
            Reach::OutOfReach(more) => assert!((8_000..=13_000).contains(&more), "{more}"),
            other => panic!("{other:?}"),
        }
        assert_eq!(d.instead(StepKind::Ctr), Some(Instead::AddUp));
        // 2 orders of 100 clicks is exactly 2%: the same.
        let d = run(10_000, 100, 2);
        let o = d.outlook(StepKind::Ctor).unwrap();
        assert_eq!(o.side, Side::On);
        assert!(o.out_of_reach(), "{o:?}");
        // 40 of 2,000 clicks: exactly 2% again, and about as many more clicks again would
        // narrow it enough: within reach.
        let d = run(100_000, 2_000, 40);
        match d.outlook(StepKind::Ctor).unwrap().reach {
            Reach::Within(more) => assert!((1_500..=4_000).contains(&more), "{more}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn on_the_target_with_many_numbers_stays_there() {
        // 200 of 10,000 clicks: 2%, likely between about 1.7% and 2.3%, all within a fifth of
        // 2%. More numbers won't move it far: it is borderline for good.
        let d = run(1_000_000, 10_000, 200);
        let o = d.outlook(StepKind::Ctor).unwrap();
        assert_eq!((o.side, o.reach), (Side::On, Reach::Never));
        assert_eq!(d.instead(StepKind::Ctor), None);
        // 1.98% of 20,000 clicks: a hair under 2%, and telling the two apart would take over
        // ten times the clicks there are; the range already sits within a fifth of 2%.
        let d = run(1_000_000, 20_000, 396);
        let o = d.outlook(StepKind::Ctor).unwrap();
        assert_eq!((o.side, o.reach), (Side::Under, Reach::Never));
    }

    #[test]
    fn close_to_the_target_is_never_called_settled_while_the_range_is_wide() {
        // Whatever the numbers, "more numbers won't move it" is said only of a range already
        // within a fifth of the target either way.
        for clicks in [10_u64, 50, 100, 500, 1_000, 5_000, 10_000, 50_000] {
            for orders in (0..=clicks / 10).step_by(usize::try_from(clicks / 200 + 1).unwrap()) {
                let d = run(10 * clicks, clicks, orders);
                let Some(o) = d.outlook(StepKind::Ctor) else {
                    continue;
                };
                if o.reach == Reach::Never {
                    let r = d.ctor.rate.unwrap();
                    assert!(
                        r.low >= 0.016 && r.high <= 0.024,
                        "{orders} of {clicks}: {r:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn with_the_other_step_clearly_weak_work_on_that_one() {
        // CTR 0.05% is clearly weak; CTOR 2 of 50 can't be settled by one video.
        let d = run(100_000, 50, 2);
        assert!(d.outlook(StepKind::Ctor).unwrap().out_of_reach());
        assert_eq!(
            d.instead(StepKind::Ctor),
            Some(Instead::WorkOn(StepKind::Ctr))
        );
    }

    #[test]
    fn carts_say_where_people_stop_only_when_the_step_after_the_click_is_not_fine() {
        let with_carts = |clicks, orders, carts| {
            decode(
                Counts {
                    impressions: 20_000,
                    clicks,
                    orders,
                    add_to_carts: Some(carts),
                },
                Thresholds::default(),
            )
            .cart()
        };
        assert_eq!(with_carts(1_000, 3, 0), Some(Cart::None));
        assert_eq!(with_carts(1_000, 3, 40), Some(Cart::LeftBehind));
        assert_eq!(with_carts(1_000, 3, 5), Some(Cart::Few));
        // CTOR 5% is fine: the cart count adds nothing to act on.
        assert_eq!(with_carts(1_000, 50, 200), None);
        // More carts than clicks: the numbers come from different views.
        assert_eq!(with_carts(100, 1, 300), None);
        // A weak step before the click comes first (0.25% of 20,000 tapped).
        assert_eq!(with_carts(50, 0, 10), None);
        assert_eq!(run(20_000, 1_000, 3).cart(), None, "no count given");
    }

    #[test]
    fn no_outlook_without_a_rate_or_for_a_judged_step() {
        let d = run(0, 0, 0);
        assert_eq!(d.outlook(StepKind::Ctr), None);
        assert_eq!(d.outlook(StepKind::Ctor), None);
        let odd = run(1_000, 10, 20);
        assert_eq!(odd.outlook(StepKind::Ctor), None, "more orders than clicks");
        assert_eq!(run(20_000, 1_000, 3).outlook(StepKind::Ctor), None);
    }
}
