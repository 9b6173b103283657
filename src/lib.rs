//! funnel-coach: a Discord bot that coaches `TikTok` Shop creators to read their product funnel.
//!
//! Data flows one way: `bot` (Discord) and `cli` parse input, call the pure domain
//! (`funnel`, `glossary`, `test_log`, `member`, `drill`, `schedule`, `guide`, `report`,
//! `moderation`), keep state through `store`, and answer through `render` in the words
//! `content` reads from `prompts/` (which `check` validates at start). `scheduler` and
//! `tasks` run in the background on the seams `clock` and `notify`. The layers, where a new
//! file goes and the test that keeps them: `docs/architecture.md`.

/// Declares a field-less enum together with `ALL`, its values in declaration order, so no list
/// of values (a table of copy keyed by them, a menu of choices) can miss one.
macro_rules! with_all {
    ($(#[$meta:meta])* $vis:vis enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident),+ $(,)?
    }) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];
        }
    };
}

pub mod bot;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config;
pub mod content;
pub mod drill;
pub mod funnel;
pub mod glossary;
pub mod guide;
pub mod logging;
pub mod member;
pub mod moderation;
pub mod notify;
pub mod render;
pub mod report;
pub mod schedule;
pub mod scheduler;
pub mod store;
pub mod tasks;
pub mod test_log;
