//! `GET`/`POST …/protocol/openid-connect/userinfo`: the user's claims for
//! an access token sent as `Authorization: Bearer` (RFC 6750 §2.1).
//!
//! The token must carry our signature, our issuer and `typ: Bearer`, must
//! not be expired on the sandbox clock, and its session (`sid`) must still
//! be live — after logout, revocation or refresh-token reuse it stops
//! working at once, as in Keycloak. Failures are `401` with
//! `WWW-Authenticate: Bearer realm="leipzig", error="invalid_token"`.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{REALM, no_store, users};
use crate::{SandboxContext, state::CityState};

/// `GET`/`POST …/userinfo`.
pub async fn userinfo(State(ctx): State<SandboxContext>, headers: HeaderMap) -> Response {
    let Some(token) = bearer(&headers) else {
        return unauthorized(None);
    };
    let issuer = super::issuer(&ctx.base_url);
    let claims = ctx.state.read(|s| check_access_token(s, &issuer, token));
    let claims = match claims {
        Ok(c) => c,
        Err(reason) => return unauthorized(Some(reason)),
    };
    let sub = claims.get("sub").and_then(Value::as_str).unwrap_or_default();
    let scope = claims.get("scope").and_then(Value::as_str).unwrap_or_default();
    let Some(user) = users::by_sub(sub) else {
        return unauthorized(Some("User not found"));
    };
    let mut body = serde_json::Map::new();
    body.insert("sub".into(), json!(user.sub));
    body.extend(users::claims(user, scope));
    no_store(Json(Value::Object(body)).into_response())
}

/// The token of `Authorization: Bearer <token>`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The claims of a valid access token, or why it is not.
pub fn check_access_token(s: &CityState, issuer: &str, token: &str) -> Result<Value, &'static str> {
    let claims = s.oidc.keys.verify(token).ok_or("Token verification failed")?;
    let text = |name: &str| claims.get(name).and_then(Value::as_str);
    if text("iss") != Some(issuer) || text("typ") != Some("Bearer") {
        return Err("Token verification failed");
    }
    let now = s.now();
    let exp = claims.get("exp").and_then(Value::as_i64).ok_or("Token verification failed")?;
    if now.timestamp() >= exp {
        return Err("Token is not active");
    }
    let sid = text("sid").ok_or("Token verification failed")?;
    if !s.oidc.session(sid).is_some_and(|session| session.is_live(now)) {
        return Err("User session not found or doesn't have client attached on it");
    }
    Ok(claims)
}

/// `401` with the RFC 6750 challenge; no error code when no token was sent.
fn unauthorized(reason: Option<&str>) -> Response {
    let (challenge, body) = match reason {
        Some(reason) => (
            format!(
                "Bearer realm=\"{REALM}\", error=\"invalid_token\", error_description=\"{reason}\""
            ),
            json!({"error": "invalid_token", "error_description": reason}),
        ),
        None => (
            format!("Bearer realm=\"{REALM}\""),
            json!({"error": "invalid_request", "error_description": "Missing bearer token"}),
        ),
    };
    let mut response = no_store((StatusCode::UNAUTHORIZED, Json(body)).into_response());
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    response
}
