//! When to try a request again, and how long to wait first.
//!
//! Capped exponential backoff with full jitter (`random(0, min(cap,
//! base·2ⁿ))`), overridden by the server's `Retry-After` (still capped, so a
//! hostile header cannot park the app for a day). Only transient failures
//! are retried, and only a bounded number of times: an endless retry loop
//! is what offline mode must never become.

use std::time::{Duration, SystemTime};

use rand::Rng;

use crate::config::HttpSettings;

/// Retry policy of one HTTP client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff step.
    pub base: Duration,
    /// Longest single wait.
    pub cap: Duration,
}

impl RetryPolicy {
    /// The policy configured in `settings`.
    pub fn from_settings(settings: &HttpSettings) -> Self {
        Self {
            max_retries: settings.max_retries,
            base: settings.backoff_base,
            cap: settings.backoff_cap,
        }
    }

    /// The longest the backoff before retry `attempt` (0-based) may last.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// How long to wait before retry `attempt` (0-based): full jitter below
    /// the ceiling, or the server's `Retry-After` when it gave one.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        match retry_after {
            Some(wait) => wait.min(self.cap),
            None => {
                let ceiling = self.ceiling(attempt);
                if ceiling.is_zero() {
                    return ceiling;
                }
                let nanos = rand::rng().random_range(0..=ceiling.as_nanos());
                Duration::from_nanos(u64::try_from(nanos).unwrap_or(u64::MAX))
            }
        }
    }
}

/// The `Retry-After` of an answer, as a wait from now (see [`parse_retry_after`]).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()))
}

/// Parses a `Retry-After` value: delta seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 5,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(2),
        }
    }

    #[test]
    fn ceiling_doubles_then_caps() {
        let p = policy();
        assert_eq!(p.ceiling(0), Duration::from_millis(100));
        assert_eq!(p.ceiling(1), Duration::from_millis(200));
        assert_eq!(p.ceiling(4), Duration::from_millis(1600));
        assert_eq!(p.ceiling(5), Duration::from_secs(2));
        assert_eq!(p.ceiling(200), Duration::from_secs(2), "no overflow on huge attempts");
    }

    #[test]
    fn jittered_delay_stays_below_the_ceiling() {
        let p = policy();
        for attempt in 0..8 {
            for _ in 0..50 {
                assert!(p.delay(attempt, None) <= p.ceiling(attempt));
            }
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let p = policy();
        assert_eq!(p.delay(0, Some(Duration::from_secs(1))), Duration::from_secs(1));
        assert_eq!(p.delay(0, Some(Duration::from_secs(86_400))), Duration::from_secs(2));
    }

    #[test]
    fn parses_both_retry_after_forms() {
        let now = httpdate::parse_http_date("Thu, 26 Nov 2026 10:00:00 GMT").expect("date");
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("Thu, 26 Nov 2026 09:00:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
