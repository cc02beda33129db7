//! `POST …/protocol/openid-connect/token`: the authorization code grant
//! (with PKCE S256) and the refresh grant (with rotation).
//!
//! - A code works once, for 60 s of sandbox time, with the redirect URI
//!   and the verifier of its authorization request. Any presentation uses
//!   it up (as in Keycloak); presenting it again is `invalid_grant` and
//!   ends the session it started, revoking every token issued from it
//!   (RFC 6749 §4.1.2).
//! - Every refresh returns a new refresh token and retires the old one.
//!   Presenting a retired token is `invalid_grant` and ends the session, so
//!   the newest token dies too (`refreshTokenMaxReuse: 0`, RFC 9700 §4.14.2).
//!
//! Answers carry `Cache-Control: no-store`; errors are
//! `{"error","error_description"}` with `400` (`401` for `invalid_client`).

use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::{
    CLIENT_ID, OAuthError, Params, digest,
    keys::{at_hash, s256},
    no_store, parse_params, random_token,
    state::{EndReason, OidcState},
    users,
};
use crate::SandboxContext;

/// The `acr` of a password login (Keycloak's level of authentication 1).
pub const ACR: &str = "1";

/// `POST …/token`.
pub async fn token(State(ctx): State<SandboxContext>, headers: HeaderMap, body: Bytes) -> Response {
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
    let issuer = super::issuer(&ctx.base_url);
    let grant = match params.get("grant_type") {
        None => {
            return OAuthError::invalid_request("Missing form parameter: grant_type")
                .into_response();
        }
        Some(g) => g.to_owned(),
    };
    let result = ctx.state.update(|s| {
        let now = s.now();
        match grant.as_str() {
            "authorization_code" => code_grant(&mut s.oidc, &params, &issuer, now),
            "refresh_token" => refresh_grant(&mut s.oidc, &params, &issuer, now),
            _ => Err(OAuthError::bad("unsupported_grant_type", "Unsupported grant_type")),
        }
    });
    match result {
        Err(e) => super::state_failure(&e),
        Ok(Err(error)) => error.into_response(),
        Ok(Ok(tokens)) => no_store(Json(tokens).into_response()),
    }
}

fn code_grant(
    oidc: &mut OidcState,
    params: &Params,
    issuer: &str,
    now: DateTime<Utc>,
) -> Result<Value, OAuthError> {
    let code =
        params.get("code").ok_or_else(|| OAuthError::invalid_request("Missing parameter: code"))?;
    let code_digest = digest(code);
    let entry = oidc
        .codes
        .get_mut(&code_digest)
        .ok_or_else(|| OAuthError::invalid_grant("Code not valid"))?;
    if entry.used {
        let sid = entry.sid.clone();
        if let Some(session) = oidc.session_mut(&sid) {
            session.end(now, EndReason::CodeReplay);
        }
        return Err(OAuthError::invalid_grant("Code not valid"));
    }
    entry.used = true;
    let entry = entry.clone();
    if now >= entry.expires {
        return Err(OAuthError::invalid_grant("Code is expired"));
    }
    if params.get("redirect_uri") != Some(entry.redirect_uri.as_str()) {
        return Err(OAuthError::invalid_grant("Incorrect redirect_uri"));
    }
    let verifier = params
        .get("code_verifier")
        .ok_or_else(|| OAuthError::invalid_grant("PKCE code verifier not specified"))?;
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !well_formed {
        return Err(OAuthError::invalid_grant("PKCE invalid code verifier"));
    }
    if s256(verifier) != entry.code_challenge {
        return Err(OAuthError::invalid_grant("PKCE verification failed: Code mismatch"));
    }
    let live = oidc.session(&entry.sid).is_some_and(|s| s.is_live(now));
    if !live {
        return Err(OAuthError::invalid_grant("Session not active"));
    }
    let tokens = issue(oidc, &entry.sid, entry.nonce.as_deref(), issuer, now)?;
    if let Some(session) = oidc.session_mut(&entry.sid) {
        session.exchanged = true;
    }
    Ok(tokens)
}

fn refresh_grant(
    oidc: &mut OidcState,
    params: &Params,
    issuer: &str,
    now: DateTime<Utc>,
) -> Result<Value, OAuthError> {
    let token = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("Missing parameter: refresh_token"))?;
    let token_digest = digest(token);
    let current = oidc
        .sessions
        .iter_mut()
        .find(|s| s.refresh_digest.as_deref() == Some(token_digest.as_str()));
    if let Some(session) = current {
        if now >= session.refresh_expires {
            return Err(OAuthError::invalid_grant("Token is not active"));
        }
        if let Some(scope) = params.get("scope") {
            let widening = scope
                .split(' ')
                .filter(|s| !s.is_empty())
                .any(|s| !users::has_scope(&session.scope, s));
            if widening {
                return Err(OAuthError::bad(
                    "invalid_scope",
                    "Invalid scopes: ".to_owned() + scope,
                ));
            }
        }
        session.retired.push(token_digest);
        session.refresh_count += 1;
        let sid = session.sid.clone();
        return issue(oidc, &sid, None, issuer, now);
    }
    let retired = oidc.sessions.iter_mut().find(|s| s.retired.contains(&token_digest));
    match retired {
        Some(session) if session.ended.is_some() => {
            Err(OAuthError::invalid_grant("Session not active"))
        }
        Some(session) => {
            session.end(now, EndReason::RefreshTokenReuse);
            Err(OAuthError::invalid_grant("Maximum allowed refresh token reuse exceeded"))
        }
        None => Err(OAuthError::invalid_grant("Invalid refresh token")),
    }
}

/// New access, ID and refresh tokens for session `sid`; the refresh token
/// replaces the session's current one.
fn issue(
    oidc: &mut OidcState,
    sid: &str,
    nonce: Option<&str>,
    issuer: &str,
    now: DateTime<Utc>,
) -> Result<Value, OAuthError> {
    let lifetimes = oidc.lifetimes;
    let session =
        oidc.session_mut(sid).ok_or_else(|| OAuthError::invalid_grant("Session not active"))?;
    let user =
        users::by_sub(&session.sub).ok_or_else(|| OAuthError::invalid_grant("User not found"))?;
    let refresh_token = random_token(32);
    session.refresh_digest = Some(digest(&refresh_token));
    session.refresh_expires = session.next_refresh_expiry(&lifetimes, now);
    let refresh_expires_in = (session.refresh_expires - now).num_seconds().max(0);
    let scope = session.scope.clone();
    let auth_time = session.auth_time.timestamp();
    let iat = now.timestamp();
    let exp = (now + Duration::seconds(lifetimes.access_token_seconds)).timestamp();
    let access = json!({
        "exp": exp,
        "iat": iat,
        "auth_time": auth_time,
        "jti": uuid::Uuid::new_v4().to_string(),
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": user.sub,
        "typ": "Bearer",
        "azp": CLIENT_ID,
        "sid": sid,
        "acr": ACR,
        "scope": scope,
        "preferred_username": user.username,
    });
    let failed = || OAuthError {
        status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
        error: "server_error",
        description: "Signing failed".to_owned(),
    };
    let access_token = oidc.keys.sign(&access).ok_or_else(failed)?;
    let mut id = json!({
        "exp": exp,
        "iat": iat,
        "auth_time": auth_time,
        "jti": uuid::Uuid::new_v4().to_string(),
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": user.sub,
        "typ": "ID",
        "azp": CLIENT_ID,
        "sid": sid,
        "at_hash": at_hash(&access_token),
        "acr": ACR,
    });
    if let Some(claims) = id.as_object_mut() {
        if let Some(nonce) = nonce {
            claims.insert("nonce".into(), json!(nonce));
        }
        claims.extend(users::claims(user, &scope));
    }
    let id_token = oidc.keys.sign(&id).ok_or_else(failed)?;
    Ok(json!({
        "access_token": access_token,
        "expires_in": lifetimes.access_token_seconds,
        "refresh_expires_in": refresh_expires_in,
        "refresh_token": refresh_token,
        "token_type": "Bearer",
        "id_token": id_token,
        "not-before-policy": 0,
        "session_state": sid,
        "scope": scope,
    }))
}
