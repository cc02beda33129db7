//! The city's app API (`fixtures/openapi/app-api.yaml`): JSON over HTTPS,
//! `application/problem+json` errors, an `Idempotency-Key` on every POST.
//!
//! Until the citizen logs in, requests carry a random installation id
//! (`X-Installation-Id`, made once and kept in the secret store) so the
//! city can tell one phone's watches from another's without knowing who
//! holds it.

use std::sync::Arc;

use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use crate::{
    error::{Error, Result},
    http::{HttpClient, parse_json, read_body, server_date},
    platform::SecretStore,
};

/// Largest app API body read.
const MAX_BODY: u64 = 4 * 1024 * 1024;
/// Secret-store key of the installation id.
const INSTALLATION_KEY: &str = "app_api.installation_id";

/// A JSON answer with the server's time.
#[derive(Debug)]
pub struct Answer<T> {
    /// The body.
    pub value: T,
    /// The server's `Date`.
    pub server_time: Option<chrono::DateTime<chrono::Utc>>,
}

/// A client of the app API.
#[derive(Debug)]
pub struct AppApiClient {
    http: Arc<HttpClient>,
    base: Url,
    secrets: Arc<dyn SecretStore>,
}

impl AppApiClient {
    /// A client for the app API at `base` (e.g. `…/v1/`).
    pub fn new(http: Arc<HttpClient>, base: Url, secrets: Arc<dyn SecretStore>) -> Self {
        Self { http, base, secrets }
    }

    fn installation_id(&self) -> Result<String> {
        if let Some(id) = self.secrets.get(INSTALLATION_KEY)?
            && let Ok(id) = String::from_utf8(id)
        {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.secrets.set(INSTALLATION_KEY, id.as_bytes())?;
        Ok(id)
    }

    /// Sends one request (no automatic retry: the outbox schedules retries)
    /// and parses a JSON answer; `204` and an empty body parse as `null`.
    pub async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        idempotency_key: Option<&str>,
        what: &'static str,
    ) -> Result<Answer<T>> {
        let call = Call { method, path, body, idempotency_key, ..Call::default() };
        let raw = self.send(&call).await?;
        raw.into_json(what)
    }

    /// Sends one request and returns the answer whatever its status, so
    /// that a caller can act on a problem's `code`.
    pub async fn send(&self, call: &Call<'_>) -> Result<RawAnswer> {
        let url = self
            .base
            .join(call.path)
            .map_err(|e| Error::Config(format!("app_api endpoint: {e}")))?;
        let installation = self.installation_id()?;
        let response = self
            .http
            .send_once(|client| {
                let mut request = client
                    .request(call.method.clone(), url)
                    .header(header::ACCEPT, call.accept.unwrap_or("application/json"))
                    .header("X-Installation-Id", installation);
                if let Some(token) = call.bearer {
                    request = request.bearer_auth(token);
                }
                if let Some(key) = call.idempotency_key {
                    request = request.header("Idempotency-Key", key);
                }
                if let Some(etag) = call.if_none_match {
                    request = request.header(header::IF_NONE_MATCH, etag);
                }
                if let Some(body) = call.body {
                    request = request
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(body.to_string());
                } else if let Some((content_type, bytes)) = call.raw_body {
                    request =
                        request.header(header::CONTENT_TYPE, content_type).body(bytes.to_vec());
                }
                request
            })
            .await?;
        let status = response.status();
        let server_time = server_date(&response);
        let text =
            |name| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (content_type, etag) = (text(header::CONTENT_TYPE), text(header::ETAG));
        let body = read_body(response, call.max_body.unwrap_or(MAX_BODY)).await?;
        Ok(RawAnswer { status, body, content_type, etag, server_time })
    }
}

/// One app API request.
#[derive(Debug, Clone)]
pub struct Call<'a> {
    /// The method.
    pub method: Method,
    /// Path relative to the API base, e.g. `payments/…`.
    pub path: &'a str,
    /// JSON body.
    pub body: Option<&'a Value>,
    /// `Idempotency-Key` (every POST).
    pub idempotency_key: Option<&'a str>,
    /// The citizen's access token, for what belongs to a logged-in citizen.
    pub bearer: Option<&'a str>,
    /// `Accept`; default `application/json`.
    pub accept: Option<&'a str>,
    /// `If-None-Match`.
    pub if_none_match: Option<&'a str>,
    /// A body that is not JSON: content type and bytes (e.g. multipart).
    pub raw_body: Option<(&'a str, &'a [u8])>,
    /// Largest answer read; default 4 MiB.
    pub max_body: Option<u64>,
}

impl Default for Call<'_> {
    fn default() -> Self {
        Self {
            method: Method::GET,
            path: "",
            body: None,
            idempotency_key: None,
            bearer: None,
            accept: None,
            if_none_match: None,
            raw_body: None,
            max_body: None,
        }
    }
}

/// An answer of any status.
#[derive(Debug)]
pub struct RawAnswer {
    /// The status.
    pub status: StatusCode,
    /// The body (at most 4 MiB).
    pub body: bytes::Bytes,
    /// `Content-Type`.
    pub content_type: Option<String>,
    /// `ETag`.
    pub etag: Option<String>,
    /// The server's `Date`.
    pub server_time: Option<chrono::DateTime<chrono::Utc>>,
}

impl RawAnswer {
    /// The parsed JSON body of a success; an error status becomes
    /// [`Error::HttpStatus`] with the problem's title.
    pub fn into_json<T: DeserializeOwned>(self, what: &'static str) -> Result<Answer<T>> {
        if !self.status.is_success() {
            return Err(problem(self.status, &self.body));
        }
        let value = if self.status == StatusCode::NO_CONTENT || self.body.is_empty() {
            parse_json(b"null", what)?
        } else {
            parse_json(&self.body, what)?
        };
        Ok(Answer { value, server_time: self.server_time })
    }

    /// The problem+json `code` of an error answer (e.g. `ALREADY_PAID`).
    pub fn problem_code(&self) -> Option<String> {
        self.problem_member("code")
    }

    /// A string member of the problem+json body (limited to 200 characters).
    pub fn problem_member(&self, name: &str) -> Option<String> {
        let value = serde_json::from_slice::<Value>(&self.body).ok()?;
        value.get(name).and_then(Value::as_str).map(|t| t.chars().take(200).collect())
    }

    /// This answer as an error (for statuses the caller does not handle).
    pub fn into_error(self) -> Error {
        problem(self.status, &self.body)
    }
}

/// An error status with the problem+json `title` (RFC 9457), never the body.
fn problem(status: StatusCode, body: &[u8]) -> Error {
    let detail = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
        v.get("title").and_then(Value::as_str).map(|t| t.chars().take(200).collect())
    });
    Error::HttpStatus { status: status.as_u16(), detail }
}
