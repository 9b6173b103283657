//! The `/help` topic menu's id: who the page is for travels in it, so picking a topic keeps
//! the right menu after a restart.

use super::{split, write, ComponentId, Kind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpId {
    /// The topic menu (the picked value is a topic id); `moderators`: the menu offers the
    /// moderators' topics too.
    Topics { moderators: bool },
}

impl ComponentId for HelpId {
    const KINDS: &'static [Kind] = &[Kind {
        wire: "hlp",
        action: "help topic",
    }];

    fn custom_id(&self) -> String {
        match self {
            HelpId::Topics { moderators: false } => write("hlp", Some("m")),
            HelpId::Topics { moderators: true } => write("hlp", Some("mod")),
        }
    }

    fn parse(custom_id: &str) -> Option<HelpId> {
        match split(custom_id)? {
            ("hlp", "m") => Some(HelpId::Topics { moderators: false }),
            ("hlp", "mod") => Some(HelpId::Topics { moderators: true }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for moderators in [false, true] {
            let id = HelpId::Topics { moderators };
            assert_eq!(HelpId::parse(&id.custom_id()), Some(id));
        }
        assert_eq!(HelpId::parse("fc:hlp"), None);
        assert_eq!(HelpId::parse("fc:hlp:x"), None);
    }
}
