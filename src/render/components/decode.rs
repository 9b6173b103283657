//! The decode answer's ids: the checklist button under `/decode` (its verdict travels in the
//! id, so it opens the right checklist after a restart).

use super::{split, write, ComponentId, Kind};
use crate::funnel::Verdict;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeId {
    /// Show the checklist for this verdict.
    Checklist(Verdict),
}

impl ComponentId for DecodeId {
    const KINDS: &'static [Kind] = &[Kind {
        wire: "chk",
        action: "decode checklist",
    }];

    fn custom_id(&self) -> String {
        match self {
            DecodeId::Checklist(v) => write("chk", Some(v.code())),
        }
    }

    fn parse(custom_id: &str) -> Option<DecodeId> {
        match split(custom_id)? {
            ("chk", code) => Verdict::ALL
                .iter()
                .find(|v| v.code() == code)
                .map(|v| DecodeId::Checklist(*v)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_for_every_verdict() {
        for v in Verdict::ALL {
            let id = DecodeId::Checklist(v);
            assert_eq!(DecodeId::parse(&id.custom_id()), Some(id));
        }
        assert_eq!(
            DecodeId::Checklist(Verdict::NotEnoughData).custom_id(),
            "fc:chk:not_enough_data"
        );
        assert_eq!(DecodeId::parse("fc:chk:"), None);
        assert_eq!(DecodeId::parse("fc:chk:maybe"), None);
        assert_eq!(DecodeId::parse("fc:def:x"), None);
    }
}
