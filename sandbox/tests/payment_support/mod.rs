//! Shared by the payment tests: a started sandbox, a citizen logged in
//! through `headless_login`, app API calls with the bearer token, the
//! payment service's token and the `/_sandbox` controls.

#![allow(dead_code)]

pub mod provider;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use leipzig_sandbox::{
    RunningSandbox, SandboxOptions,
    epaybl::{PayChoice, PayLanding, headless_pay},
    oidc::headless_login,
};
use rand::RngCore;
use reqwest::{StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

const CALLBACK: &str = "http://127.0.0.1:49152/callback";

/// A started sandbox and a client that does not follow redirects.
pub struct City {
    pub sandbox: RunningSandbox,
    pub http: reqwest::Client,
}

/// An answer: status, headers, JSON body (`Null` when not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub async fn of(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        Self { status, headers, body: serde_json::from_str(&text).unwrap_or(Value::Null) }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl City {
    pub async fn start() -> Self {
        Self::start_with(SandboxOptions::default()).await
    }

    pub async fn start_with(options: SandboxOptions) -> Self {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let sandbox = leipzig_sandbox::start(options).await.expect("start");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Self { sandbox, http }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    /// `GET` (body `None`) or `POST` a control under `/_sandbox/`.
    pub async fn control(&self, path: &str, body: Option<Value>) -> Value {
        let url = self.url(&format!("_sandbox/{path}"));
        let request = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url),
        };
        let response = request.send().await.expect("control");
        assert!(response.status().is_success(), "control {path}: {}", response.status());
        let text = response.text().await.expect("control body");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Moves the sandbox clock on.
    pub async fn advance(&self, seconds: i64) {
        self.control("clock", Some(json!({"advanceSeconds": seconds}))).await;
    }

    /// Access tokens live an hour, so clock jumps keep the login.
    pub async fn long_tokens(&self) {
        self.control(
            "oidc/lifetimes",
            Some(json!({"accessTokenSeconds": 3600, "refreshTokenSeconds": 7200})),
        )
        .await;
    }

    /// Logs `user` in (password `demo`) and returns the access token.
    pub async fn login(&self, user: &str) -> String {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let verifier = URL_SAFE_NO_PAD.encode(bytes);
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let issuer = self.url("realms/leipzig");
        let mut auth = Url::parse(&format!("{issuer}/protocol/openid-connect/auth")).expect("url");
        auth.query_pairs_mut()
            .append_pair("client_id", "leipzig-app")
            .append_pair("redirect_uri", CALLBACK)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid profile")
            .append_pair("state", "s")
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        let location =
            headless_login(&self.http, auth.as_str(), user, "demo").await.expect("login");
        let code = Url::parse(&location)
            .expect("location")
            .query_pairs()
            .find(|(n, _)| n == "code")
            .map(|(_, v)| v.into_owned())
            .expect("code");
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "authorization_code")
            .append_pair("code", &code)
            .append_pair("redirect_uri", CALLBACK)
            .append_pair("client_id", "leipzig-app")
            .append_pair("code_verifier", &verifier)
            .finish();
        let tokens: Value = self
            .http
            .post(format!("{issuer}/protocol/openid-connect/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("json");
        tokens["access_token"].as_str().expect("access token").to_owned()
    }

    /// `GET /v1/{path}` with the token (none when empty).
    pub async fn get(&self, token: &str, path: &str) -> Answer {
        let mut request = self.http.get(self.url(&format!("v1/{path}")));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        Answer::of(request.send().await.expect("get")).await
    }

    /// `POST /v1/{path}` with the token and an `Idempotency-Key`.
    pub async fn post(&self, token: &str, path: &str, key: &str, body: Value) -> Answer {
        let mut request = self.http.post(self.url(&format!("v1/{path}"))).json(&body);
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        if !key.is_empty() {
            request = request.header("idempotency-key", key);
        }
        Answer::of(request.send().await.expect("post")).await
    }

    /// Starts paying the fee `id` with a fresh key; expects `201`.
    pub async fn pay(&self, token: &str, kind: &str, id: &str) -> Value {
        let key = uuid::Uuid::new_v4().to_string();
        let answer =
            self.post(token, "payments", &key, json!({"subject": {"type": kind, "id": id}})).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
        answer.body
    }

    /// Reads a payment; expects `200`.
    pub async fn payment(&self, token: &str, id: &str) -> Value {
        let answer = self.get(token, &format!("payments/{id}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
        answer.body
    }

    /// Drives the paypage of `payment` like a person.
    pub async fn click(&self, payment: &Value, choice: PayChoice) -> PayLanding {
        let page = Url::parse(payment["paypageUrl"].as_str().expect("paypageUrl")).expect("url");
        headless_pay(&self.http, &page, choice).await.expect("paypage")
    }

    /// Every transaction of the payment service.
    pub async fn transactions(&self) -> Vec<Value> {
        self.control("epaybl/transactions", None).await.as_array().cloned().unwrap_or_default()
    }

    /// A client-credentials token of the payment service.
    pub async fn provider_token(&self) -> String {
        let form = "grant_type=client_credentials&client_id=lnbm-app-api\
                    &client_secret=sandbox-only-lnbm-app-api-secret";
        let answer: Value = self
            .http
            .post(self.url("epaybl/oauth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await
            .expect("token")
            .json()
            .await
            .expect("json");
        answer["access_token"].as_str().expect("token").to_owned()
    }
}

/// The app link the return hop leads to, for `payment_id`.
pub fn app_link(payment_id: &str) -> String {
    format!("https://app.leipzig.de/pay/return?paymentId={payment_id}")
}

/// The fee ids of the fixture.
pub const LIBRARY: &str = "GEB-2026-000412";
pub const PARKING: &str = "GEB-2026-000413";
pub const RESERVATION: &str = "GEB-2026-000414";
pub const DOG_TAX_SURCHARGE: &str = "GEB-2026-000415";
pub const BESCHEID: &str = "BSD-2026-004711";

/// `{"subject": {"type": "FEE", "id": id}}`.
pub fn subject(id: &str) -> Value {
    json!({"subject": {"type": "FEE", "id": id}})
}

/// A fresh `Idempotency-Key`.
pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}
