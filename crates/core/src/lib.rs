//! funnel-coach's domain: pure, no Discord, database or I/O. The funnel (counts, rates and
//! their likely ranges, verdicts, what a member's message says), reminders' schedule and time
//! zones, members, logged tests, moderation's actions, guides, and the clock seam.

/// Declares a field-less enum together with `ALL`, its values in declaration order, so no list
/// of values (a table of copy keyed by them, a menu of choices) can miss one.
#[macro_export]
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

pub mod clock;
pub mod funnel;
pub mod guide;
pub mod member;
pub mod moderation;
pub mod schedule;
pub mod test_log;
