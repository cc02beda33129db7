//! Fixed-window rate limit per client IP (`RateLimitingMiddleware.php`):
//! 60 requests per 60 s by default. Successful responses carry
//! `X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds); the 429
//! carries none of them and no `Retry-After`, exactly as upstream.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use axum::{
    Extension,
    extract::{Request, State},
    http::HeaderValue,
    middleware::Next,
    response::Response,
};
use serde::{Deserialize, Serialize};

use super::errors::error;
use crate::server::Peer;

/// Limit settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitConfig {
    /// Requests per window.
    pub max: u32,
    /// Window length in seconds.
    pub window_seconds: u64,
}

impl Default for LimitConfig {
    fn default() -> Self {
        Self { max: 60, window_seconds: 60 }
    }
}

#[derive(Debug, Default)]
struct Inner {
    config: LimitConfig,
    // Per client: window start (epoch seconds) and requests counted in it.
    windows: HashMap<Option<IpAddr>, (u64, u32)>,
}

/// The limiter shared by every ZMS route.
#[derive(Debug, Clone, Default)]
pub struct RateLimiter {
    inner: Arc<Mutex<Inner>>,
}

impl RateLimiter {
    /// Changes the limit and starts fresh windows.
    pub fn configure(&self, config: LimitConfig) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.config = config;
        inner.windows.clear();
    }

    /// The current settings.
    pub fn config(&self) -> LimitConfig {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).config
    }

    /// Counts a request; `Some((limit, remaining, reset))` when allowed.
    fn admit(&self, client: Option<IpAddr>) -> Option<(u32, u32, u64)> {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_secs();
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let LimitConfig { max, window_seconds } = inner.config;
        let window = inner.windows.entry(client).or_insert((now, 0));
        if now >= window.0 + window_seconds {
            *window = (now, 0);
        }
        let reset = window.0 + window_seconds;
        if window.1 >= max {
            return None;
        }
        window.1 += 1;
        Some((max, max - window.1, reset))
    }
}

/// Middleware for the ZMS routes.
pub async fn limit(
    State(limiter): State<RateLimiter>,
    peer: Option<Extension<Peer>>,
    req: Request,
    next: Next,
) -> Response {
    let Some((limit, remaining, reset)) = limiter.admit(peer.map(|p| p.0.0.ip())) else {
        return error("rateLimitExceeded");
    };
    let mut response = next.run(req).await;
    if response.status().is_success() {
        let headers = response.headers_mut();
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(limit)),
            ("x-ratelimit-remaining", u64::from(remaining)),
            ("x-ratelimit-reset", reset),
        ] {
            headers.insert(name, HeaderValue::from(value));
        }
    }
    response
}
