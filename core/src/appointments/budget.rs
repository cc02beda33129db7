//! The client side of ZMS's rate limit (60 requests/minute per client).
//!
//! Successful answers say how many requests remain and when the window
//! resets (`X-RateLimit-Remaining`, `X-RateLimit-Reset`, epoch seconds); a
//! 429 says nothing. So the client keeps its own count: it never starts a
//! request the window has no room for, counts requests in flight against
//! the remaining budget, and after a 429 waits for the last reset it saw
//! (or backs off exponentially when it never saw one). It never
//! tight-loops. Reset times are read against the server's `Date`, so a
//! skewed phone clock does not matter.

use std::{
    sync::{Mutex, PoisonError},
    time::Duration,
};

use reqwest::header::HeaderMap;
// tokio's clock, so that tests with paused time see the waits.
use tokio::time::Instant;

/// Longest wait after a 429 without a known reset.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// Margin after the announced reset, against clock granularity.
const RESET_MARGIN: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
struct State {
    /// Requests left in the current window (after those in flight).
    remaining: Option<u32>,
    /// When the current window ends.
    reset_at: Option<Instant>,
    /// No request before this instant (after a 429).
    blocked_until: Option<Instant>,
    /// 429s in a row without a success in between.
    strikes: u32,
    /// Requests sent whose answer has not arrived.
    in_flight: u32,
}

/// Shared by every ZMS request of an app.
#[derive(Debug, Default)]
pub struct RateBudget {
    state: Mutex<State>,
}

/// One request's place in the budget. Record its answer with
/// [`Permit::observe`] or [`Permit::rejected`]; dropping it otherwise (an
/// error, or the caller gave up and dropped the future) frees the place.
#[derive(Debug)]
pub struct Permit<'a> {
    budget: &'a RateBudget,
    settled: bool,
}

impl Permit<'_> {
    /// Records a successful answer's rate-limit headers.
    pub fn observe(mut self, headers: &HeaderMap, server_now: Option<i64>) {
        self.settled = true;
        self.budget.observe(headers, server_now);
    }

    /// Records a 429, with its `Retry-After` when the server sent one.
    pub fn rejected(mut self, retry_after: Option<Duration>) {
        self.settled = true;
        self.budget.rejected(retry_after);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.budget.done();
        }
    }
}

impl RateBudget {
    /// Waits until a request fits the budget, then counts it.
    pub async fn acquire(&self) -> Permit<'_> {
        loop {
            let wait = {
                let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
                let now = Instant::now();
                if s.reset_at.is_some_and(|r| r <= now) {
                    // A new window: the server will tell us the new count.
                    s.remaining = None;
                    s.reset_at = None;
                }
                match (s.blocked_until, s.remaining, s.reset_at) {
                    (Some(until), _, _) if until > now => until - now,
                    (_, Some(0), Some(reset)) => reset - now,
                    // Budget unknown: probe with one request at a time.
                    (_, None, _) if s.in_flight > 0 => Duration::from_millis(20),
                    _ => {
                        s.blocked_until = None;
                        if let Some(r) = s.remaining.as_mut() {
                            *r -= 1;
                        }
                        s.in_flight += 1;
                        return Permit { budget: self, settled: false };
                    }
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    fn observe(&self, headers: &HeaderMap, server_now: Option<i64>) {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse::<u64>().ok();
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.in_flight = s.in_flight.saturating_sub(1);
        s.strikes = 0;
        if let Some(remaining) = number("x-ratelimit-remaining") {
            let remaining = u32::try_from(remaining).unwrap_or(u32::MAX);
            // Requests already sent will use part of what the server reports.
            s.remaining = Some(remaining.saturating_sub(s.in_flight));
        }
        if let (Some(reset), Some(now)) = (number("x-ratelimit-reset"), server_now) {
            let seconds = i64::try_from(reset).unwrap_or(i64::MAX).saturating_sub(now).max(0);
            s.reset_at =
                Some(Instant::now() + Duration::from_secs(seconds.unsigned_abs()) + RESET_MARGIN);
        }
    }

    fn done(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.in_flight = s.in_flight.saturating_sub(1);
    }

    /// A 429: nothing more until the server's `Retry-After` (ZMS itself
    /// sends none, a proxy in front of it may), else until the window resets.
    fn rejected(&self, retry_after: Option<Duration>) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        s.in_flight = s.in_flight.saturating_sub(1);
        s.strikes += 1;
        let now = Instant::now();
        let until = match (retry_after, s.reset_at.filter(|r| *r > now)) {
            (Some(wait), _) => now + wait.min(MAX_BACKOFF),
            (None, Some(reset)) => reset,
            (None, None) => {
                now + (Duration::from_millis(500) * 2u32.saturating_pow(s.strikes.min(7)))
                    .min(MAX_BACKOFF)
            }
        };
        s.blocked_until = Some(until);
        s.remaining = Some(0);
        s.reset_at = Some(until);
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    fn headers(remaining: u32, reset: i64) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
        h.insert("x-ratelimit-reset", HeaderValue::from(reset));
        h
    }

    #[tokio::test(start_paused = true)]
    async fn an_exhausted_window_waits_for_its_reset() {
        let budget = RateBudget::default();
        budget.acquire().await.observe(&headers(0, 1_000_002), Some(1_000_000));
        let start = Instant::now();
        budget.acquire().await;
        assert!(start.elapsed() >= Duration::from_secs(2), "waited {:?}", start.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_without_reset_backs_off_and_grows() {
        let budget = RateBudget::default();
        budget.acquire().await.rejected(None);
        let start = Instant::now();
        let permit = budget.acquire().await;
        let first = start.elapsed();
        assert!(first >= Duration::from_millis(900), "{first:?}");
        permit.rejected(None);
        let start = Instant::now();
        let _permit = budget.acquire().await;
        assert!(start.elapsed() > first, "the second wait is longer");
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_with_retry_after_waits_that_long_not_for_the_window() {
        let budget = RateBudget::default();
        budget.acquire().await.observe(&headers(5, 1_000_060), Some(1_000_000));
        budget.acquire().await.rejected(Some(Duration::from_secs(2)));
        let start = Instant::now();
        let _permit = budget.acquire().await;
        let waited = start.elapsed();
        assert!(waited >= Duration::from_secs(2), "{waited:?}");
        assert!(waited < Duration::from_secs(10), "not the whole window: {waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn requests_in_flight_count_against_the_budget() {
        let budget = RateBudget::default();
        budget.acquire().await.observe(&headers(3, 1_000_060), Some(1_000_000));
        let in_flight = [budget.acquire().await, budget.acquire().await, budget.acquire().await];
        // Three in flight, none left: the next one waits for the reset.
        let waiting = async {
            let start = Instant::now();
            let _permit = budget.acquire().await;
            start.elapsed()
        };
        let answers = async {
            tokio::time::sleep(Duration::from_secs(61)).await;
            drop(in_flight);
        };
        let (waited, ()) = tokio::join!(waiting, answers);
        assert!(waited >= Duration::from_secs(60), "{waited:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_dropped_request_frees_its_place() {
        let budget = RateBudget::default();
        let permit = budget.acquire().await;
        drop(permit);
        // Budget unknown: without the drop, this would wait for the first answer forever.
        let _next = tokio::time::timeout(Duration::from_secs(1), budget.acquire())
            .await
            .expect("not stuck");
    }
}
