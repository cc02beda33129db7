//! A phone clock the test moves: set wrong from the start (a skewed phone)
//! or pushed forward so that saved actions' backoff has passed.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};
use leipzig_core::clock::Clock;

/// The system clock plus an offset that only grows by [`TestClock::advance`].
#[derive(Debug, Default)]
pub struct TestClock {
    offset_secs: AtomicI64,
}

impl TestClock {
    /// A phone whose clock is `secs` ahead (negative: behind).
    pub fn skewed(secs: i64) -> Self {
        Self { offset_secs: AtomicI64::new(secs) }
    }

    /// Lets `secs` of phone time pass at once.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    /// The current offset to the system clock, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset())
    }
}
