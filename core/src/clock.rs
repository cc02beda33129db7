//! Time as the core sees it. The phone's clock can be wrong by hours; what
//! counts for token expiry is the server's time, learned from the `Date`
//! headers of its answers (reference/notices-and-login.md §5.4).

use std::{
    fmt,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicI64, Ordering},
    },
};

use chrono::{DateTime, Duration, Utc};

/// The device's clock. A trait so tests can stand on a phone whose clock
/// is two hours fast.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The device's idea of now.
    fn now(&self) -> DateTime<Utc>;
}

/// The operating system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock off by a fixed amount: a phone set wrong, in tests.
#[derive(Debug, Clone, Copy)]
pub struct SkewedClock(pub Duration);

impl Clock for SkewedClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

/// The device clock corrected by the offset to one server, learned from
/// the `Date` header of its last answer. Until a server has answered, it
/// is the device clock.
#[derive(Debug, Clone)]
pub struct ServerClock {
    device: Arc<dyn Clock>,
    offset_ms: Arc<AtomicI64>,
    learned: Arc<AtomicBool>,
}

impl ServerClock {
    /// A corrected clock over `device`, with nothing learned yet.
    pub fn new(device: Arc<dyn Clock>) -> Self {
        Self { device, offset_ms: Arc::default(), learned: Arc::default() }
    }

    /// Learns the offset from a server's `Date` (whole seconds: the offset
    /// is as good as ±1 s, which the callers' tolerances absorb).
    pub fn observe(&self, server_date: DateTime<Utc>) {
        let offset = server_date - self.device.now();
        self.offset_ms.store(offset.num_milliseconds(), Ordering::Relaxed);
        self.learned.store(true, Ordering::Relaxed);
    }

    /// The server's time now, as well as it is known.
    pub fn now(&self) -> DateTime<Utc> {
        self.device.now() + Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Whether a server's `Date` has been seen.
    pub fn is_learned(&self) -> bool {
        self.learned.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_phone_is_corrected_by_the_servers_date() {
        let phone = Arc::new(SkewedClock(Duration::hours(2)));
        let clock = ServerClock::new(phone);
        assert!((clock.now() - Utc::now()).num_minutes() >= 119);
        clock.observe(Utc::now());
        assert!(clock.is_learned());
        assert!((clock.now() - Utc::now()).num_seconds().abs() <= 1);
    }
}
