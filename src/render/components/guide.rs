//! `/guide show`'s page buttons: which guide and which page, so paging works after a restart.

use super::{split, write, ComponentId, Kind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideId {
    /// Shows page `page` (from 0) of the built-in guide `slug`.
    Page { slug: String, page: u16 },
}

impl ComponentId for GuideId {
    const KINDS: &'static [Kind] = &[Kind {
        wire: "gp",
        action: "guide page",
    }];

    fn custom_id(&self) -> String {
        match self {
            GuideId::Page { slug, page } => write("gp", Some(&format!("{slug}:{page}"))),
        }
    }

    fn parse(custom_id: &str) -> Option<GuideId> {
        let ("gp", rest) = split(custom_id)? else {
            return None;
        };
        let (slug, page) = rest.rsplit_once(':')?;
        let slug_ok = !slug.is_empty()
            && slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !slug_ok || page.is_empty() || !page.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(GuideId::Page {
            slug: slug.to_owned(),
            page: page.parse().ok()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_forgeries_are_refused() {
        let id = GuideId::Page {
            slug: "ctr-vs-ctor".into(),
            page: 3,
        };
        assert_eq!(id.custom_id(), "fc:gp:ctr-vs-ctor:3");
        assert_eq!(GuideId::parse(&id.custom_id()), Some(id));
        for bad in [
            "fc:gp:ctr-vs-ctor",
            "fc:gp::1",
            "fc:gp:CTR:1",
            "fc:gp:x:-1",
            "fc:gp:x:1a",
            "fc:gp:x:99999",
            "fc:gp:../x:1",
            "fc:tp:1",
        ] {
            assert_eq!(GuideId::parse(bad), None, "{bad}");
        }
    }
}
