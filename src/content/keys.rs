//! The keys the domain's values have in `prompts/`. Each `key` is an exhaustive match, so a
//! new verdict, lever or count problem does not compile until it has a key here, and does not
//! load until its copy is in the prompt file.

use super::text::Key;
use crate::funnel::reader::RateKind;
use crate::funnel::{CountProblem, Field, Focus, Lever, StepKind, Summary, Verdict, Warning};

impl Key for Verdict {
    const ALL: &'static [Verdict] = &Verdict::ALL;
    fn key(self) -> &'static str {
        self.code()
    }
}

impl Key for Focus {
    const ALL: &'static [Focus] = &Focus::ALL;
    fn key(self) -> &'static str {
        match self {
            Focus::BeforeClick => "before_click",
            Focus::AfterClick => "after_click",
            Focus::NotEnoughData => "not_enough_data",
            Focus::Healthy => "healthy",
        }
    }
}

impl Key for StepKind {
    const ALL: &'static [StepKind] = &StepKind::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for Warning {
    const ALL: &'static [Warning] = &Warning::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for Field {
    const ALL: &'static [Field] = &Field::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for CountProblem {
    const ALL: &'static [CountProblem] = &CountProblem::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for Lever {
    const ALL: &'static [Lever] = &Lever::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for Summary {
    const ALL: &'static [Summary] = &Summary::ALL;
    fn key(self) -> &'static str {
        match self {
            Summary::Improved => "improved",
            Summary::Worse => "worse",
            Summary::Mixed => "mixed",
            Summary::NotClear => "not_clear",
            Summary::NoData => "no_data",
        }
    }
}

impl Key for crate::moderation::TargetProblem {
    const ALL: &'static [Self] = &Self::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for crate::moderation::Action {
    const ALL: &'static [Self] = &Self::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

impl Key for RateKind {
    const ALL: &'static [RateKind] = &RateKind::ALL;
    fn key(self) -> &'static str {
        self.key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value's key is distinct and `ALL` lists each value once.
    fn distinct<K: Key>() {
        let mut keys: Vec<&str> = K::ALL.iter().map(|k| k.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), K::ALL.len(), "{:?}", K::ALL);
    }

    #[test]
    fn every_key_is_distinct() {
        distinct::<Verdict>();
        distinct::<Focus>();
        distinct::<StepKind>();
        distinct::<Warning>();
        distinct::<Field>();
        distinct::<CountProblem>();
        distinct::<Lever>();
        distinct::<Summary>();
    }
}
