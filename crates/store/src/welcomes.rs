//! The servers welcomed, so the welcome is posted once: recorded pending first, posted, then
//! settled (claim–send–settle, as reminders are). A pending welcome whose lease ran out (its
//! process killed between the record and the post) is claimed again by the welcome sweep and
//! posted with the same nonce.

/// A welcome recorded and not yet known to be posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingWelcome {
    pub guild: u64,
    /// The channel it is posted in.
    pub channel: u64,
}
