//! Ending sessions: RP-initiated logout (`…/logout`, OpenID Connect
//! RP-Initiated Logout 1.0) and token revocation (`…/revoke`, RFC 7009).
//!
//! Logout takes `id_token_hint` (ours, possibly expired, as Keycloak
//! accepts), `post_logout_redirect_uri` (registered like the redirect URIs;
//! needs `id_token_hint` or `client_id`), `state` and `client_id`. It ends
//! the hinted session — its refresh tokens and access tokens stop working —
//! and redirects to `post_logout_redirect_uri?state=…` or shows a
//! "logged out" page. Revoking a refresh token ends its session; any other
//! token is answered `200` and left alone (access tokens expire on their own).

use axum::{
    body::Bytes,
    extract::{RawQuery, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::Value;

use super::{
    CLIENT_ID, OAuthError, Params, digest, html, no_store, parse_params,
    redirect::{found, is_registered, with_params},
    state::EndReason,
};
use crate::SandboxContext;

/// `GET …/logout`.
pub async fn logout_get(State(ctx): State<SandboxContext>, RawQuery(query): RawQuery) -> Response {
    match parse_params(query.unwrap_or_default().as_bytes()) {
        Ok(params) => logout(&ctx, &params),
        Err(e) => html::error_page(StatusCode::BAD_REQUEST, &e),
    }
}

/// `POST …/logout` (form-encoded).
pub async fn logout_post(State(ctx): State<SandboxContext>, body: Bytes) -> Response {
    match parse_params(&body) {
        Ok(params) => logout(&ctx, &params),
        Err(e) => html::error_page(StatusCode::BAD_REQUEST, &e),
    }
}

fn logout(ctx: &SandboxContext, params: &Params) -> Response {
    let issuer = super::issuer(&ctx.base_url);
    let client_id = params.get("client_id");
    if client_id.is_some_and(|c| c != CLIENT_ID) {
        return html::error_page(StatusCode::BAD_REQUEST, "Unbekannter Client (Client not found).");
    }
    let hint = params.get("id_token_hint");
    let sid = match hint {
        None => None,
        Some(token) => {
            let claims = ctx.state.read(|s| s.oidc.keys.verify(token));
            let text = |c: &Value, n: &str| c.get(n).and_then(Value::as_str).map(str::to_owned);
            let valid = claims.as_ref().filter(|c| {
                text(c, "iss").as_deref() == Some(issuer.as_str())
                    && text(c, "typ").as_deref() == Some("ID")
                    && text(c, "aud").as_deref() == Some(CLIENT_ID)
            });
            match valid.and_then(|c| text(c, "sid")) {
                Some(sid) => Some(sid),
                None => {
                    return html::error_page(
                        StatusCode::BAD_REQUEST,
                        "Ungültiger Parameter: id_token_hint",
                    );
                }
            }
        }
    };
    let target = params.get("post_logout_redirect_uri");
    if let Some(uri) = target {
        if hint.is_none() && client_id.is_none() {
            return html::error_page(
                StatusCode::BAD_REQUEST,
                "Either the parameter client_id or the parameter id_token_hint is required when post_logout_redirect_uri is used.",
            );
        }
        if !is_registered(uri) {
            return html::error_page(
                StatusCode::BAD_REQUEST,
                "Ungültige Weiterleitungs-URI (Invalid redirect uri)",
            );
        }
    }
    if let Some(sid) = sid {
        let ended = ctx.state.update(|s| {
            let now = s.now();
            if let Some(session) = s.oidc.session_mut(&sid) {
                session.end(now, EndReason::Logout);
            }
        });
        if let Err(e) = ended {
            return super::state_failure(&e);
        }
    }
    match target {
        Some(uri) => {
            let back: Vec<(&str, &str)> =
                params.get("state").map(|s| ("state", s)).into_iter().collect();
            found(&with_params(uri, &back))
        }
        None => html::logged_out_page(),
    }
}

/// `POST …/revoke` (RFC 7009).
pub async fn revoke(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !super::is_form_encoded(&headers) {
        return OAuthError::invalid_request(
            "Content-Type must be application/x-www-form-urlencoded",
        )
        .into_response();
    }
    let params = match parse_params(&body) {
        Ok(p) => p,
        Err(e) => return OAuthError::invalid_request(e).into_response(),
    };
    if params.get("client_id") != Some(CLIENT_ID) {
        return OAuthError::invalid_client().into_response();
    }
    let Some(token) = params.get("token") else {
        return OAuthError::invalid_request("Token not provided").into_response();
    };
    let token_digest = digest(token);
    let result = ctx.state.update(|s| {
        let now = s.now();
        let owner = s.oidc.sessions.iter_mut().find(|session| {
            session.refresh_digest.as_deref() == Some(token_digest.as_str())
                || session.retired.contains(&token_digest)
        });
        if let Some(session) = owner {
            session.end(now, EndReason::Revoked);
        }
    });
    match result {
        Ok(()) => no_store(StatusCode::OK.into_response()),
        Err(e) => super::state_failure(&e),
    }
}
