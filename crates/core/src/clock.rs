//! The time, passed in. Everything that reads the time or schedules by it takes a `Clock`,
//! so the bot runs on the system clock and tests set the time themselves instead of sleeping.

use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> Timestamp;

    /// Now, in whole seconds since 1970 (how the database stores times).
    fn unix_seconds(&self) -> i64 {
        self.now().as_second()
    }
}

/// The machine's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that only moves when told to: for tests and benchmarks of anything that waits.
#[derive(Debug)]
pub struct ManualClock(Mutex<Timestamp>);

impl ManualClock {
    pub fn at(start: Timestamp) -> ManualClock {
        ManualClock(Mutex::new(start))
    }

    pub fn set(&self, to: Timestamp) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = to;
    }

    /// Moves the clock forward (or back, with a negative duration). A move past the range
    /// jiff can represent leaves the clock where it is.
    pub fn advance(&self, by: SignedDuration) {
        let mut now = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Ok(later) = now.checked_add(by) {
            *now = later;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = Timestamp::from_second(1_700_000_000).expect("a valid time");
        let clock = ManualClock::at(start);
        assert_eq!(clock.unix_seconds(), 1_700_000_000);
        clock.advance(SignedDuration::from_secs(90));
        assert_eq!(clock.unix_seconds(), 1_700_000_090);
        clock.set(start);
        assert_eq!(clock.now(), start);
    }
}
