//! The levers a member can pull in one narrow test. Keys are stable: they are stored in the
//! database, carried in buttons and used as keys in `prompts/test_log.toml`.

use serde::Serialize;

with_all! {
/// In the order members see them: after-click levers, then before-click ones. `/test log`
/// offers them as choices by position, so a new lever goes at the end (a member's app still
/// holding the old list must not pick a different lever).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    /// Is the product right for the viewers the video attracts?
    ProductFit,
    /// A demo, a before/after, a result shown before the link.
    Proof,
    /// Price, shipping, bundle, options.
    Offer,
    /// Product-content match: does the product page deliver what the video set up?
    Expectation,
    /// What the video says the product will do.
    Promise,
    /// How early and clearly the product is seen.
    Visibility,
    /// When the product link or card shows up.
    LinkTiming,
    /// The call to action.
    Cta,
    /// The opening seconds.
    Hook,
}
}

impl Lever {
    pub fn key(self) -> &'static str {
        match self {
            Lever::ProductFit => "product_fit",
            Lever::Proof => "proof",
            Lever::Offer => "offer",
            Lever::Expectation => "expectation",
            Lever::Promise => "promise",
            Lever::Visibility => "visibility",
            Lever::LinkTiming => "link_timing",
            Lever::Cta => "cta",
            Lever::Hook => "hook",
        }
    }

    pub fn from_key(key: &str) -> Option<Lever> {
        Lever::ALL.into_iter().find(|l| l.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for l in Lever::ALL {
            assert_eq!(Lever::from_key(l.key()), Some(l));
        }
        let mut keys: Vec<&str> = Lever::ALL.iter().map(|l| l.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Lever::ALL.len());
        assert_eq!(Lever::from_key("price"), None);
    }
}
