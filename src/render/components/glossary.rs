//! The glossary's ids: related-term buttons under `/define`, and the menus of `/glossary`.

use super::{split, write, ComponentId, Kind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GlossaryId {
    /// Show a glossary entry (by id).
    Define(String),
    /// Show an entry's details: where to find it, other names, the views (by id).
    Details(String),
    /// The funnel-step menu of `/glossary` (the picked value is a step id).
    Step,
    /// The entry menu of `/glossary` (the picked value is an entry id).
    Entry,
}

impl ComponentId for GlossaryId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "def",
            action: "define related",
        },
        Kind {
            wire: "dfm",
            action: "define details",
        },
        Kind {
            wire: "gls",
            action: "glossary step",
        },
        Kind {
            wire: "gle",
            action: "glossary entry",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            GlossaryId::Define(id) => write("def", Some(id)),
            GlossaryId::Details(id) => write("dfm", Some(id)),
            GlossaryId::Step => write("gls", None),
            GlossaryId::Entry => write("gle", None),
        }
    }

    fn parse(custom_id: &str) -> Option<GlossaryId> {
        match split(custom_id)? {
            ("def", id) if !id.is_empty() => Some(GlossaryId::Define(id.to_owned())),
            ("dfm", id) if !id.is_empty() => Some(GlossaryId::Details(id.to_owned())),
            ("gls", "") => Some(GlossaryId::Step),
            ("gle", "") => Some(GlossaryId::Entry),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for a in [
            GlossaryId::Define("product-ctor".into()),
            GlossaryId::Details("product-ctor".into()),
            GlossaryId::Step,
            GlossaryId::Entry,
        ] {
            assert_eq!(GlossaryId::parse(&a.custom_id()), Some(a));
        }
        assert_eq!(
            GlossaryId::Define("product-ctr".into()).custom_id(),
            "fc:def:product-ctr"
        );
        assert_eq!(GlossaryId::parse("fc:def:"), None);
        assert_eq!(GlossaryId::parse("fc:dfm:"), None);
        assert_eq!(GlossaryId::parse("other:def:x"), None);
        assert_eq!(GlossaryId::parse("fc:zzz"), None);
        assert_eq!(GlossaryId::parse("fc:gls:x"), None);
    }
}
