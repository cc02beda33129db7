//! The city's login: an OpenID Connect provider laid out like Keycloak's
//! realm `leipzig`, so one client works against both.
//!
//! Authorization code with PKCE (S256 only) for the one public native client
//! `leipzig-app`; ES256-signed ID and access tokens; opaque refresh tokens
//! that rotate on every use, where reusing a retired one ends the whole
//! session (Keycloak with `refreshTokenMaxReuse: 0`); userinfo; RP-initiated
//! logout; token revocation (RFC 7009). Every time comes from the sandbox
//! clock. Users are the fixtures in `fixtures/oidc/users.json`.
//!
//! | Path under `/realms/leipzig` | What |
//! |---|---|
//! | `GET /.well-known/openid-configuration` | discovery ([`discovery`]) |
//! | `GET /protocol/openid-connect/auth` | authorization request → login page ([`authorize`]) |
//! | `POST /login-actions/authenticate` | the login form's target ([`authorize`]) |
//! | `POST /protocol/openid-connect/token` | code and refresh grants ([`token`]) |
//! | `GET /protocol/openid-connect/certs` | the JWKS ([`discovery`]) |
//! | `GET`/`POST /protocol/openid-connect/userinfo` | claims for a bearer token ([`userinfo`]) |
//! | `GET`/`POST /protocol/openid-connect/logout` | RP-initiated logout ([`logout`]) |
//! | `POST /protocol/openid-connect/revoke` | token revocation ([`logout`]) |
//!
//! Test controls live under `/_sandbox/oidc/` ([`control`]); the client-side
//! helper that logs a fixture user in without a browser is
//! [`headless_login`].

pub mod authorize;
pub mod control;
pub mod discovery;
pub mod headless;
pub(crate) mod html;
pub mod keys;
pub mod logout;
pub mod redirect;
pub(crate) mod scrape;
pub mod state;
pub mod token;
pub mod userinfo;
pub mod users;

use axum::{
    Router,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;

use crate::SandboxContext;

pub use self::headless::{HeadlessLoginError, headless_login};

/// The realm's name, as in Keycloak's URLs.
pub const REALM: &str = "leipzig";

/// The one registered client: the app, public (no secret).
pub const CLIENT_ID: &str = "leipzig-app";

/// The app's private-use redirect URI (RFC 8252 §7.1).
pub const APP_REDIRECT_URI: &str = "de.leipzig.nahbeimir:/oauth2redirect";

/// The issuer for a sandbox at `base_url` (`http://127.0.0.1:PORT/`).
pub fn issuer(base_url: &str) -> String {
    format!("{base_url}realms/{REALM}")
}

/// The provider's routes, to be nested under `/realms/leipzig`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery::configuration))
        .route("/protocol/openid-connect/auth", get(authorize::authorize))
        .route("/login-actions/authenticate", post(authorize::authenticate))
        .route("/protocol/openid-connect/token", post(token::token))
        .route("/protocol/openid-connect/certs", get(discovery::certs))
        .route(
            "/protocol/openid-connect/userinfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/protocol/openid-connect/logout", get(logout::logout_get).post(logout::logout_post))
        .route("/protocol/openid-connect/revoke", post(logout::revoke))
}

/// An OAuth error answered as JSON (RFC 6749 §5.2), never cached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    /// HTTP status: 400, or 401 for `invalid_client`.
    pub status: StatusCode,
    /// The `error` code.
    pub error: &'static str,
    /// The `error_description`, worded like Keycloak's.
    pub description: String,
}

impl OAuthError {
    /// A `400` with `error` and `description`.
    pub fn bad(error: &'static str, description: impl Into<String>) -> Self {
        Self { status: StatusCode::BAD_REQUEST, error, description: description.into() }
    }

    /// `400 invalid_grant`.
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        Self::bad("invalid_grant", description)
    }

    /// `400 invalid_request`.
    pub fn invalid_request(description: impl Into<String>) -> Self {
        Self::bad("invalid_request", description)
    }

    /// `401 invalid_client`.
    pub fn invalid_client() -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "Invalid client or Invalid client credentials".to_owned(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "error_description": self.description});
        no_store((self.status, axum::Json(body)).into_response())
    }
}

/// Adds `Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1).
pub fn no_store(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// A `500` for a state that could not be saved.
pub(crate) fn state_failure(e: &crate::StateError) -> Response {
    no_store(
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(json!({"error": "server_error", "error_description": e.to_string()})),
        )
            .into_response(),
    )
}

/// Parses `application/x-www-form-urlencoded` pairs (a query string or a
/// form body); a repeated parameter is refused, as RFC 6749 §3.1 demands.
pub fn parse_params(raw: &[u8]) -> Result<Params, String> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, value) in url::form_urlencoded::parse(raw) {
        if pairs.iter().any(|(n, _)| *n == name) {
            return Err(format!("Duplicated parameter: {name}"));
        }
        pairs.push((name.into_owned(), value.into_owned()));
    }
    Ok(Params(pairs))
}

/// Whether the request body is declared `application/x-www-form-urlencoded`.
pub fn is_form_encoded(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
}

/// Request parameters, each present at most once.
#[derive(Debug, Clone, Default)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// The value of `name`; an empty value counts as absent (as in Keycloak).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }
}

/// Random bytes as base64url without padding: codes, tokens, ids.
pub fn random_token(bytes: usize) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// SHA-256 in hex: how codes and refresh tokens are stored.
pub fn digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}
