//! `/privacy forget`'s confirmation buttons.

use super::{split, write, ComponentId, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivacyId {
    /// Confirms `/privacy forget` for the clicker in the server clicked in.
    Forget,
    /// Keeps the data after all.
    Keep,
}

impl ComponentId for PrivacyId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "pf",
            action: "privacy forget",
        },
        Kind {
            wire: "pk",
            action: "privacy keep",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            PrivacyId::Forget => write("pf", None),
            PrivacyId::Keep => write("pk", None),
        }
    }

    fn parse(custom_id: &str) -> Option<PrivacyId> {
        match split(custom_id)? {
            ("pf", "") => Some(PrivacyId::Forget),
            ("pk", "") => Some(PrivacyId::Keep),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_keep_their_wire_format() {
        for a in [PrivacyId::Forget, PrivacyId::Keep] {
            assert_eq!(PrivacyId::parse(&a.custom_id()), Some(a));
        }
        assert_eq!(PrivacyId::Forget.custom_id(), "fc:pf");
        assert_eq!(PrivacyId::Keep.custom_id(), "fc:pk");
        assert_eq!(PrivacyId::parse("fc:pf:1"), None);
    }
}
