//! The one HTTP client of the app and its policy.
//!
//! rustls on ring with the platform's certificate verifier, TLS ≥ 1.2,
//! connect/read/request timeouts, redirects only to https (or loopback),
//! response bodies read with a size cap, and bounded retries of idempotent
//! requests (see [`retry`]). Errors never carry the URL: query strings may
//! hold bearer credentials (ZMS `authKey`).

pub mod retry;
pub mod validators;

use std::sync::{
    Once, OnceLock,
    atomic::{AtomicBool, Ordering},
};

use bytes::{Bytes, BytesMut};
use reqwest::{StatusCode, header, redirect};
use url::Url;

pub use self::{retry::RetryPolicy, validators::Validators};
use crate::{
    config::{HttpSettings, check_transport},
    error::{Error, NetworkFailure, Result},
    platform::Log,
};

/// Product token sent as `User-Agent`.
pub const USER_AGENT: &str = concat!("LeipzigNahBeiMir/", env!("CARGO_PKG_VERSION"));

/// Longest error body we read to find a problem+json title.
const MAX_ERROR_BODY: u64 = 16 * 1024;

/// Most redirects followed for one request.
const MAX_REDIRECTS: usize = 5;

/// Result of a conditional GET.
#[derive(Debug)]
pub enum Conditional {
    /// `304 Not Modified`: the cached copy is current.
    NotModified,
    /// A new representation.
    Modified(Fetched),
}

/// A complete response body with what the caller needs to store it.
#[derive(Debug)]
pub struct Fetched {
    /// The body, at most the caller's limit.
    pub body: Bytes,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Validators to send next time.
    pub validators: Validators,
}

/// The app's HTTP client. Cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct HttpClient {
    settings: HttpSettings,
    // Built on first use: loading the platform's root certificates costs a
    // few milliseconds that a start from cache (the home screen) never needs.
    client: OnceLock<Result<reqwest::Client, NetworkFailure>>,
    /// For the identity provider: no redirect is ever followed.
    no_redirects: OnceLock<Result<reqwest::Client, NetworkFailure>>,
    policy: RetryPolicy,
    offline: AtomicBool,
    log: Log,
}

impl HttpClient {
    /// A client with the policy in `settings`; nothing is set up until the
    /// first request.
    pub fn new(settings: &HttpSettings, offline: bool, log: Log) -> Self {
        Self {
            settings: settings.clone(),
            client: OnceLock::new(),
            no_redirects: OnceLock::new(),
            policy: RetryPolicy::from_settings(settings),
            offline: offline.into(),
            log,
        }
    }

    fn client(&self) -> Result<&reqwest::Client> {
        self.client
            .get_or_init(|| build_client(&self.settings, true))
            .as_ref()
            .map_err(|failure| Error::Network(failure.clone()))
    }

    /// Sends `request` once and never follows a redirect: for the identity
    /// provider, whose answers must come from the URL asked (RFC 9700: a
    /// followed redirect can carry codes and tokens elsewhere).
    pub async fn send_no_redirect(&self, request: reqwest::Request) -> Result<reqwest::Response> {
        if self.is_offline() {
            return Err(Error::Offline);
        }
        check_transport(request.url())
            .map_err(|reason| Error::Config(format!("identity provider URL {reason}")))?;
        let client = self
            .no_redirects
            .get_or_init(|| build_client(&self.settings, false))
            .as_ref()
            .map_err(|failure| Error::Network(failure.clone()))?;
        client.execute(request).await.map_err(|e| Error::Network(classify(&e)))
    }

    /// Switches offline mode: while on, every request fails with
    /// [`Error::Offline`] without touching the network.
    pub fn set_offline(&self, offline: bool) {
        self.offline.store(offline, Ordering::SeqCst);
    }

    /// True while offline mode is on.
    pub fn is_offline(&self) -> bool {
        self.offline.load(Ordering::SeqCst)
    }

    /// GETs `url` with `If-None-Match` / `If-Modified-Since` from
    /// `validators`, retrying transient failures. Bodies larger than
    /// `max_bytes` fail with [`Error::ResponseTooLarge`].
    pub async fn get_conditional(
        &self,
        url: &Url,
        validators: &Validators,
        accept: &str,
        max_bytes: u64,
    ) -> Result<Conditional> {
        let build = |client: &reqwest::Client| {
            let mut request = client.get(url.clone()).header(header::ACCEPT, accept);
            if let Some(etag) = &validators.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
            request
        };
        let read = |response: reqwest::Response| async move {
            if response.status() == StatusCode::NOT_MODIFIED {
                return Ok(Conditional::NotModified);
            }
            let header_text = |name| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v: &header::HeaderValue| v.to_str().ok())
                    .map(str::to_owned)
            };
            let content_type = header_text(header::CONTENT_TYPE);
            let validators = Validators {
                etag: header_text(header::ETAG),
                last_modified: header_text(header::LAST_MODIFIED),
            };
            let body = read_body(response, max_bytes).await?;
            Ok(Conditional::Modified(Fetched { body, content_type, validators }))
        };
        self.send_idempotent(build, read).await
    }

    /// Sends the request `build` makes once, without retrying, and returns
    /// the response whatever its status: for callers that interpret error
    /// bodies themselves (ZMS) or schedule their own retries (the outbox).
    pub async fn send_once(
        &self,
        build: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response> {
        if self.is_offline() {
            return Err(Error::Offline);
        }
        build(self.client()?).send().await.map_err(|e| Error::Network(classify(&e)))
    }

    /// Sends the request `build` makes and hands a 2xx or 304 response to
    /// `read`. Network failures (also while `read` reads the body) and
    /// transient statuses are retried with backoff, at most
    /// `max_retries` times. Only for idempotent requests: GET, or a POST
    /// carrying an `Idempotency-Key`.
    pub async fn send_idempotent<T, Fut>(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        read: impl Fn(reqwest::Response) -> Fut,
    ) -> Result<T>
    where
        Fut: Future<Output = Result<T>>,
    {
        let mut attempt = 0;
        loop {
            if self.is_offline() {
                return Err(Error::Offline);
            }
            let (error, retry_after) = match build(self.client()?).send().await {
                Ok(response) if is_usable(response.status()) => match read(response).await {
                    Ok(value) => return Ok(value),
                    Err(e) => (e, None),
                },
                Ok(response) => {
                    let retry_after = retry::retry_after(response.headers());
                    (status_error(response).await, retry_after)
                }
                Err(e) => (Error::Network(classify(&e)), None),
            };
            if !error.is_transient() || attempt >= self.policy.max_retries {
                return Err(error);
            }
            let wait = self.policy.delay(attempt, retry_after);
            self.log.info(&format!("retry {} after {} ms: {error}", attempt + 1, wait.as_millis()));
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// rustls with the platform verifier, TLS ≥ 1.2, timeouts, and redirects
/// only to https (or loopback) — or none at all.
fn build_client(settings: &HttpSettings, follow: bool) -> Result<reqwest::Client, NetworkFailure> {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(settings.connect_timeout)
        .read_timeout(settings.read_timeout)
        .timeout(settings.request_timeout)
        .tls_version_min(reqwest::tls::Version::TLS_1_2)
        .redirect(if follow {
            redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= MAX_REDIRECTS
                    || check_transport(attempt.url()).is_err()
                {
                    attempt.stop()
                } else {
                    attempt.follow()
                }
            })
        } else {
            redirect::Policy::none()
        })
        .build()
        .map_err(|_| NetworkFailure::Tls)
}

/// Refuses a body whose media type says it is not what was asked for —
/// typically a captive portal's or a maintenance page's HTML answering
/// `200 OK`. `wanted` decides on the media type (lower case, without
/// parameters); servers that send a generic one (`text/plain`,
/// `application/octet-stream`, none) get the benefit of the doubt when the
/// body's first non-blank byte is one of `openers`.
pub fn check_media_type(
    content_type: Option<&str>,
    body: &[u8],
    wanted: fn(&str) -> bool,
    openers: &[u8],
) -> Result<()> {
    let media = content_type
        .and_then(|ct| ct.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let generic = media.is_empty() || media == "text/plain" || media == "application/octet-stream";
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let opens_right =
        body.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| openers.contains(b));
    if wanted(&media) || (generic && opens_right) {
        Ok(())
    } else {
        Err(Error::UnexpectedContentType(if media.is_empty() { "none".to_owned() } else { media }))
    }
}

/// The server's `Date` header: the time that counts for receipts and
/// deadlines, whatever the phone's clock says.
pub fn server_date(response: &reqwest::Response) -> Option<chrono::DateTime<chrono::Utc>> {
    let value = response.headers().get(header::DATE)?.to_str().ok()?;
    httpdate::parse_http_date(value).ok().map(chrono::DateTime::<chrono::Utc>::from)
}

/// Parses a JSON body read with [`read_body`]; a body that is not the
/// expected shape is a server problem, reported without its content.
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8], what: &'static str) -> Result<T> {
    serde_json::from_slice(body).map_err(|e| Error::InvalidResponse {
        what,
        reason: format!("line {} column {}: {:?}", e.line(), e.column(), e.classify()),
    })
}

fn is_usable(status: StatusCode) -> bool {
    status.is_success() || status == StatusCode::NOT_MODIFIED
}

/// Turns an error response into [`Error::HttpStatus`], keeping only the
/// problem+json `title` (RFC 9457) — never the body itself.
async fn status_error(response: reqwest::Response) -> Error {
    let status = response.status().as_u16();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    let detail = if is_problem {
        read_body(response, MAX_ERROR_BODY)
            .await
            .ok()
            .and_then(|body| serde_json::from_slice::<serde_json::Value>(&body).ok())
            .and_then(|v| v.get("title").and_then(|t| t.as_str()).map(|t| truncate(t, 200)))
    } else {
        None
    };
    Error::HttpStatus { status, detail }
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}

/// Reads the whole body, failing as soon as it exceeds `max_bytes`.
pub async fn read_body(mut response: reqwest::Response, max_bytes: u64) -> Result<Bytes> {
    if response.content_length().is_some_and(|n| n > max_bytes) {
        return Err(Error::ResponseTooLarge { limit: max_bytes });
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| Error::Network(classify(&e)))? {
        if body.len() as u64 + chunk.len() as u64 > max_bytes {
            return Err(Error::ResponseTooLarge { limit: max_bytes });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Maps a reqwest error to a URL-free failure kind.
fn classify(e: &reqwest::Error) -> NetworkFailure {
    if e.is_timeout() {
        NetworkFailure::Timeout
    } else if e.is_redirect() {
        NetworkFailure::Redirect
    } else if e.is_connect() {
        if error_chain_mentions(e, "certificate") || error_chain_mentions(e, "tls") {
            NetworkFailure::Tls
        } else {
            NetworkFailure::Connect
        }
    } else {
        NetworkFailure::Interrupted
    }
}

fn error_chain_mentions(e: &reqwest::Error, needle: &str) -> bool {
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        if s.to_string().to_ascii_lowercase().contains(needle) {
            return true;
        }
        source = s.source();
    }
    false
}

/// reqwest is built without a default crypto provider (no aws-lc, no
/// cmake); this installs ring once per process. A provider some other part
/// of the host process installed first is kept.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
