//! The app API's client of the payment service: real HTTP over loopback
//! (so faults injected on `/epaybl/…` hit these calls), no redirects,
//! timeouts, bodies read up to [`MAX_BODY`]. The client-credentials token
//! is cached until shortly before it expires; a `401` drops it and the
//! call is tried once more with a fresh one.

use std::{
    sync::{Arc, Mutex, PoisonError},
    time::{Duration, Instant},
};

use reqwest::{StatusCode, header};
use serde::Deserialize;

use crate::epaybl::{
    APP_API_CLIENT_ID, APP_API_CLIENT_SECRET, END_POINT_ID, ORIGINATOR_ID,
    wire::{FunctionalCode, PaymentRequest, PaymentTransaction, XbdProblem},
};

/// Largest provider answer read.
pub const MAX_BODY: usize = 256 * 1024;
/// Whole-request timeout.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What a create call came to.
#[derive(Debug)]
pub enum CreateAnswer {
    /// `200`/`201` with the transaction.
    Created(Box<PaymentTransaction>),
    /// A `4xx` problem: the provider refused the request.
    Refused(XbdProblem),
    /// `5xx`, no answer, a cut connection or an unreadable body: the
    /// provider may or may not have created the transaction.
    Unavailable(String),
}

#[derive(Debug, Clone)]
struct CachedToken {
    value: String,
    valid_until: Instant,
}

/// Talks to the sandbox's own payment service at `{base}epaybl/`.
#[derive(Debug, Clone)]
pub struct ProviderClient {
    http: reqwest::Client,
    token: Arc<Mutex<Option<CachedToken>>>,
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl ProviderClient {
    /// A client for plain loopback HTTP: no redirects, no proxy, timeouts.
    pub fn new() -> Result<Self, String> {
        // Only `http://` is spoken; TLS is configured without any roots so
        // that no process-wide crypto provider has to be installed.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(Duration::from_secs(3))
            .timeout(TIMEOUT)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self { http, token: Arc::new(Mutex::new(None)) })
    }

    fn transactions_url(base: &str) -> String {
        format!("{base}epaybl/paymenttransaction/{ORIGINATOR_ID}/{END_POINT_ID}")
    }

    /// `POST …/paymenttransaction/{originatorId}/{endPointId}`.
    pub async fn create(&self, base: &str, request: &PaymentRequest) -> CreateAnswer {
        let body = match serde_json::to_vec(request) {
            Ok(body) => body,
            Err(e) => return CreateAnswer::Unavailable(format!("request not serialisable: {e}")),
        };
        let url = Self::transactions_url(base);
        let sent = self
            .authorized(base, |token| {
                self.http
                    .post(&url)
                    .bearer_auth(token)
                    .header(header::CONTENT_TYPE, "application/json")
                    .header(header::ACCEPT, "application/json, application/problem+json")
                    .body(body.clone())
            })
            .await;
        let (status, bytes) = match sent {
            Ok(answer) => answer,
            Err(reason) => return CreateAnswer::Unavailable(reason),
        };
        if status == StatusCode::OK || status == StatusCode::CREATED {
            return match serde_json::from_slice::<PaymentTransaction>(&bytes) {
                Ok(transaction) => CreateAnswer::Created(Box::new(transaction)),
                Err(e) => CreateAnswer::Unavailable(format!("unreadable transaction: {e}")),
            };
        }
        if status.is_client_error() {
            let problem = serde_json::from_slice::<XbdProblem>(&bytes).unwrap_or_else(|_| {
                XbdProblem::with_status(
                    FunctionalCode::Unspecified,
                    status,
                    format!("The payment service answered HTTP {}", status.as_u16()),
                )
            });
            let problem = match (status, problem.functional_code) {
                (StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN, None) => {
                    XbdProblem { functional_code: Some(FunctionalCode::Forbidden), ..problem }
                }
                _ => problem,
            };
            return CreateAnswer::Refused(problem);
        }
        CreateAnswer::Unavailable(format!("HTTP {}", status.as_u16()))
    }

    /// `GET …/paymenttransaction/{originatorId}/{endPointId}/{transactionId}`;
    /// `None` when the provider cannot be read right now.
    pub async fn read(&self, base: &str, transaction_id: &str) -> Option<PaymentTransaction> {
        let mut url = url::Url::parse(&Self::transactions_url(base)).ok()?;
        url.path_segments_mut().ok()?.push(transaction_id);
        let (status, bytes) = self
            .authorized(base, |token| {
                self.http
                    .get(url.clone())
                    .bearer_auth(token)
                    .header(header::ACCEPT, "application/json")
            })
            .await
            .ok()?;
        if status != StatusCode::OK {
            return None;
        }
        serde_json::from_slice(&bytes).ok()
    }

    /// Sends with the cached token; on `401` once more with a new one.
    async fn authorized(
        &self,
        base: &str,
        build: impl Fn(&str) -> reqwest::RequestBuilder,
    ) -> Result<(StatusCode, Vec<u8>), String> {
        let token = self.token(base).await?;
        let answer = send(build(&token)).await?;
        if answer.0 != StatusCode::UNAUTHORIZED {
            return Ok(answer);
        }
        self.forget_token();
        let token = self.token(base).await?;
        send(build(&token)).await
    }

    /// A valid access token, from the cache or the token endpoint.
    async fn token(&self, base: &str) -> Result<String, String> {
        if let Some(cached) = self.lock().as_ref().filter(|t| t.valid_until > Instant::now()) {
            return Ok(cached.value.clone());
        }
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "client_credentials")
            .append_pair("client_id", APP_API_CLIENT_ID)
            .append_pair("client_secret", APP_API_CLIENT_SECRET)
            .finish();
        let request = self
            .http
            .post(format!("{base}epaybl/oauth/token"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form);
        let (status, bytes) = send(request).await?;
        if status != StatusCode::OK {
            return Err(format!("token endpoint answered HTTP {}", status.as_u16()));
        }
        let answer: TokenAnswer =
            serde_json::from_slice(&bytes).map_err(|e| format!("unreadable token answer: {e}"))?;
        // Renewed 10 s early, so a token never expires on the way.
        let lifetime = answer.expires_in.unwrap_or(60).saturating_sub(10);
        *self.lock() = Some(CachedToken {
            value: answer.access_token.clone(),
            valid_until: Instant::now() + Duration::from_secs(lifetime),
        });
        Ok(answer.access_token)
    }

    fn forget_token(&self) {
        *self.lock() = None;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<CachedToken>> {
        self.token.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Sends and reads the body up to [`MAX_BODY`]; a transport failure or an
/// oversized body is an `Err` with the reason.
async fn send(request: reqwest::RequestBuilder) -> Result<(StatusCode, Vec<u8>), String> {
    let mut response = request.send().await.map_err(|e| format!("no answer: {e}"))?;
    let status = response.status();
    if response.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err("answer too large".to_owned());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| format!("answer cut: {e}"))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err("answer too large".to_owned());
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body))
}
