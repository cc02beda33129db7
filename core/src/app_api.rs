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
        let url =
            self.base.join(path).map_err(|e| Error::Config(format!("app_api endpoint: {e}")))?;
        let installation = self.installation_id()?;
        let response = self
            .http
            .send_once(|client| {
                let mut request = client
                    .request(method, url)
                    .header(header::ACCEPT, "application/json")
                    .header("X-Installation-Id", installation);
                if let Some(key) = idempotency_key {
                    request = request.header("Idempotency-Key", key);
                }
                if let Some(body) = body {
                    request = request
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(body.to_string());
                }
                request
            })
            .await?;
        let status = response.status();
        let server_time = server_date(&response);
        let bytes = read_body(response, MAX_BODY).await?;
        if !status.is_success() {
            return Err(problem(status, &bytes));
        }
        let value = if status == StatusCode::NO_CONTENT || bytes.is_empty() {
            parse_json(b"null", what)?
        } else {
            parse_json(&bytes, what)?
        };
        Ok(Answer { value, server_time })
    }
}

/// An error status with the problem+json `title` (RFC 9457), never the body.
fn problem(status: StatusCode, body: &[u8]) -> Error {
    let detail = serde_json::from_slice::<Value>(body).ok().and_then(|v| {
        v.get("title").and_then(Value::as_str).map(|t| t.chars().take(200).collect())
    });
    Error::HttpStatus { status: status.as_u16(), detail }
}
