//! `/mod`'s buttons and pop-ups: delete a server guide (after confirming), keep it, and the
//! add / edit pop-ups (edit carries the guide it changes: a server guide's id or a built-in
//! guide's slug).

use super::{split, write, ComponentId, Kind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModId {
    /// Confirms deleting server guide `id`.
    Delete(i64),
    /// Keeps it.
    Keep,
    /// The pop-up of `/mod guide add`.
    AddModal,
    /// The pop-up of `/mod guide edit` for a server guide.
    EditServerModal(i64),
    /// The pop-up of `/mod guide edit` for a built-in guide (saving makes a server copy).
    EditBuiltInModal(String),
    /// Confirms replacing a guide with held upload `id`.
    Replace(i64),
}

const SLUG_MAX: usize = 40;

fn slug_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= SLUG_MAX
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn id_of(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

impl ComponentId for ModId {
    const KINDS: &'static [Kind] = &[
        Kind {
            wire: "mgd",
            action: "mod guide delete",
        },
        Kind {
            wire: "mgk",
            action: "mod guide keep",
        },
        Kind {
            wire: "mga",
            action: "mod guide add pop-up",
        },
        Kind {
            wire: "mge",
            action: "mod guide edit pop-up",
        },
        Kind {
            wire: "mgb",
            action: "mod guide edit built-in pop-up",
        },
        Kind {
            wire: "mgr",
            action: "mod guide upload replace",
        },
    ];

    fn custom_id(&self) -> String {
        match self {
            ModId::Delete(id) => write("mgd", Some(&id.to_string())),
            ModId::Keep => write("mgk", None),
            ModId::AddModal => write("mga", None),
            ModId::EditServerModal(id) => write("mge", Some(&id.to_string())),
            ModId::EditBuiltInModal(slug) => write("mgb", Some(slug)),
            ModId::Replace(id) => write("mgr", Some(&id.to_string())),
        }
    }

    fn parse(custom_id: &str) -> Option<ModId> {
        match split(custom_id)? {
            ("mgd", id) => id_of(id).map(ModId::Delete),
            ("mgk", "") => Some(ModId::Keep),
            ("mga", "") => Some(ModId::AddModal),
            ("mge", id) => id_of(id).map(ModId::EditServerModal),
            ("mgb", slug) if slug_ok(slug) => Some(ModId::EditBuiltInModal(slug.to_owned())),
            ("mgr", id) => id_of(id).map(ModId::Replace),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip_and_forgeries_are_refused() {
        for id in [
            ModId::Delete(12),
            ModId::Keep,
            ModId::AddModal,
            ModId::EditServerModal(3),
            ModId::EditBuiltInModal("ctr-vs-ctor".into()),
            ModId::Replace(7),
        ] {
            assert_eq!(ModId::parse(&id.custom_id()), Some(id.clone()), "{id:?}");
        }
        assert_eq!(ModId::Delete(12).custom_id(), "fc:mgd:12");
        for bad in [
            "fc:mgd:",
            "fc:mgd:-1",
            "fc:mgd:1x",
            "fc:mgk:1",
            "fc:mgb:A",
            "fc:mgb:",
            "fc:mge:99999999999999999999",
        ] {
            assert_eq!(ModId::parse(bad), None, "{bad}");
        }
    }
}
