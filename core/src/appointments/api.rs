//! Calls of the ZMS citizen API (it-at-m/eappointment `2.25.00-muc47`):
//! trailing slashes, bare JSON, comma-separated query lists, the error
//! envelope, and the rate budget in front of every request. Nothing here
//! retries on its own: `reserve` must never be repeated blindly, and the
//! callers decide what a failure means.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use reqwest::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use url::Url;

pub use super::wire::{ZmsError, ZmsErrorCode};
use super::{
    budget::RateBudget,
    model::Contact,
    wire::{CalendarDto, OfficesAndServices, ProcessDto},
};
use crate::{
    error::{Error, Result},
    http::{HttpClient, parse_json, read_body, server_date},
};

/// Largest ZMS body we read; the catalogue is the biggest (~100 KB).
const MAX_BODY: u64 = 2 * 1024 * 1024;

/// A client of one ZMS citizen API.
#[derive(Debug)]
pub struct ZmsClient {
    http: Arc<HttpClient>,
    base: Url,
    budget: RateBudget,
}

impl ZmsClient {
    /// A client for the API at `base` (e.g. `…/api/citizen/`).
    pub fn new(http: Arc<HttpClient>, base: Url) -> Self {
        Self { http, base, budget: RateBudget::default() }
    }

    fn url(&self, path: &str) -> Result<Url> {
        self.base.join(path).map_err(|e| Error::Config(format!("appointments endpoint: {e}")))
    }

    /// Sends one request within the rate budget and parses the answer.
    async fn call<T: DeserializeOwned>(
        &self,
        what: &'static str,
        build: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<T> {
        self.call_dated(what, build).await.map(|(value, _)| value)
    }

    /// Like [`ZmsClient::call`], also returning the server's `Date`.
    async fn call_dated<T: DeserializeOwned>(
        &self,
        what: &'static str,
        build: impl FnOnce(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<(T, Option<DateTime<Utc>>)> {
        let permit = self.budget.acquire().await;
        // On an error (or a dropped future) the permit frees its place.
        let response = self.http.send_once(build).await?;
        let status = response.status();
        let date = server_date(&response);
        if status == StatusCode::TOO_MANY_REQUESTS {
            permit.rejected(crate::http::retry::retry_after(response.headers()));
        } else if status.is_success() {
            permit.observe(response.headers(), date.map(|d| d.timestamp()));
        }
        let body = read_body(response, MAX_BODY).await?;
        if !status.is_success() {
            return Err(ZmsError::from_body(status.as_u16(), &body).into());
        }
        Ok((parse_json(&body, what)?, date))
    }

    /// `GET /offices-and-services/`.
    pub async fn offices_and_services(&self) -> Result<OfficesAndServices> {
        let url = self.url("offices-and-services/")?;
        self.call("ZMS catalogue", |c| c.get(url)).await
    }

    /// `GET /available-calendar/` for one office.
    pub async fn calendar(
        &self,
        office: u32,
        service: u32,
        count: u32,
        from: NaiveDate,
        to: NaiveDate,
        captcha_token: Option<&str>,
    ) -> Result<CalendarDto> {
        let mut url = self.url("available-calendar/")?;
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("startDate", &from.format("%Y-%m-%d").to_string())
                .append_pair("endDate", &to.format("%Y-%m-%d").to_string())
                .append_pair("officeIds", &office.to_string())
                .append_pair("serviceIds", &service.to_string())
                .append_pair("serviceCounts", &count.to_string());
            if let Some(token) = captcha_token {
                q.append_pair("captchaToken", token);
            }
        }
        self.call("ZMS calendar", |c| c.get(url)).await
    }

    fn post(
        &self,
        client: &reqwest::Client,
        url: Url,
        body: &Value,
        key: &str,
    ) -> reqwest::RequestBuilder {
        client
            .post(url)
            .header(header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", key)
            .body(body.to_string())
    }

    /// `POST /reserve-appointment/`. Never retried: a lost answer leaves a
    /// hold that simply expires.
    pub async fn reserve(
        &self,
        office: u32,
        service: u32,
        count: u32,
        timestamp: i64,
        captcha_token: Option<&str>,
        key: &str,
    ) -> Result<ProcessDto> {
        let url = self.url("reserve-appointment/")?;
        let mut body = json!({"officeId": office, "serviceId": [service], "serviceCount": [count], "timestamp": timestamp});
        if let Some(token) = captcha_token {
            body["captchaToken"] = json!(token);
        }
        self.call("ZMS process", |c| self.post(c, url, &body, key)).await
    }

    /// `POST /update-appointment/` with the contact data.
    pub async fn update(
        &self,
        process: u32,
        auth_key: &str,
        contact: &Contact,
        key: &str,
    ) -> Result<ProcessDto> {
        let url = self.url("update-appointment/")?;
        let body = json!({
            "processId": process, "authKey": auth_key, "familyName": contact.family_name,
            "email": contact.email, "telephone": contact.telephone,
        });
        self.call("ZMS process", |c| self.post(c, url, &body, key)).await
    }

    /// `POST /confirm-appointment/`.
    pub async fn confirm(&self, process: u32, auth_key: &str, key: &str) -> Result<ProcessDto> {
        let url = self.url("confirm-appointment/")?;
        let body = json!({"processId": process, "authKey": auth_key});
        self.call("ZMS process", |c| self.post(c, url, &body, key)).await
    }

    /// `POST /cancel-appointment/`; also returns the server's time of the
    /// answer (ZMS has no receipt, so its `Date` header is the receipt time).
    pub async fn cancel(
        &self,
        process: u32,
        auth_key: &str,
        key: &str,
    ) -> Result<(ProcessDto, Option<DateTime<Utc>>)> {
        let url = self.url("cancel-appointment/")?;
        let body = json!({"processId": process, "authKey": auth_key});
        self.call_dated("ZMS process", |c| self.post(c, url, &body, key)).await
    }

    /// `GET /appointment/`.
    pub async fn get(&self, process: u32, auth_key: &str) -> Result<ProcessDto> {
        let mut url = self.url("appointment/")?;
        url.query_pairs_mut()
            .append_pair("processId", &process.to_string())
            .append_pair("authKey", auth_key);
        self.call("ZMS process", |c| c.get(url)).await
    }

    /// `GET /captcha-challenge/`.
    pub async fn captcha_challenge(&self) -> Result<altcha::Challenge> {
        let url = self.url("captcha-challenge/")?;
        self.call("ZMS captcha challenge", |c| c.get(url)).await
    }

    /// `POST /captcha-verify/`; returns the captcha token.
    pub async fn captcha_verify(&self, payload: &str) -> Result<String> {
        let url = self.url("captcha-verify/")?;
        let body = json!({ "payload": payload });
        let answer: Value = self
            .call("ZMS captcha verification", |c| {
                c.post(url).header(header::CONTENT_TYPE, "application/json").body(body.to_string())
            })
            .await?;
        answer.get("token").and_then(Value::as_str).map(str::to_owned).ok_or(
            Error::InvalidResponse {
                what: "ZMS captcha verification",
                reason: "no token".to_owned(),
            },
        )
    }
}
