//! What a step that can't be judged yet already shows: which side of its target the rate sits
//! on so far, whether it is close enough to the target to call borderline, and whether the
//! numbers that would settle it are within reach of one video. The decoder's verdict does not
//! change; this is what the answer says about an open step, so it never hides a number the
//! member can see (1.29% is under 2%, even when it is too early to be sure).

use serde::Serialize;

use super::decode::{Decoded, Step, StepKind};
use super::interval::Judgement;

/// A rate within this share of its target, either way, is borderline (a fifth: 1.6%–2.4%
/// around a 2% target).
pub const BORDERLINE_SHARE: f64 = 0.2;

/// Needing more than this many times the impressions or clicks the member already has is out
/// of reach for one video.
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
    /// No amount would: the rate sits exactly on the target.
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
    let rate = step.rate?.value;
    let target = step.threshold;
    let side = if rate < target {
        Side::Under
    } else if rate > target {
        Side::Over
    } else {
        Side::On
    };
    let reach = match step.more_needed {
        None => Reach::Never,
        Some(more) if more > trials.saturating_mul(REACH_FACTOR) => Reach::OutOfReach(more),
        Some(more) => Reach::Within(more),
    };
    Some(Outlook {
        side,
        borderline: (rate - target).abs() <= target * BORDERLINE_SHARE,
        reach,
    })
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
    fn exactly_on_the_target_never_settles_and_is_borderline() {
        let d = run(1_000, 10, 0);
        let o = d.outlook(StepKind::Ctr).unwrap();
        assert_eq!(
            (o.side, o.reach, o.borderline),
            (Side::On, Reach::Never, true)
        );
        assert_eq!(d.instead(StepKind::Ctr), None);
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
