//! `/_sandbox/oidc/`: test controls of the login provider — token
//! lifetimes, sessions and how often they were refreshed, revoking a
//! user's sessions, rotating the signing key, the fixture users, and
//! signing arbitrary claims (to forge a wrong-audience or expired ID token
//! that only the claims, not the signature, give away).
//! `POST /_sandbox/reset` restores the defaults (the signing key stays).

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{
    state::{EndReason, Lifetimes, Session},
    users,
};
use crate::{SandboxContext, problem};

/// The control routes, to be nested under `/_sandbox/oidc`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/sessions", get(sessions))
        .route("/lifetimes", get(lifetimes).post(set_lifetimes))
        .route("/revoke", post(revoke))
        .route("/rotate-key", post(rotate_key))
        .route("/sign", post(sign))
        .route("/users", get(list_users))
}

/// A session as the control listing shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// `sid` claim and `session_state`.
    pub sid: String,
    /// Subject.
    pub sub: String,
    /// Login name.
    pub username: String,
    /// Granted scopes.
    pub scope: String,
    /// `offline_access` granted.
    pub offline: bool,
    /// When the password was entered.
    pub auth_time: chrono::DateTime<chrono::Utc>,
    /// The code was exchanged for tokens.
    pub exchanged: bool,
    /// Successful refresh grants.
    pub refresh_count: u32,
    /// When the current refresh token expires.
    pub refresh_expires_at: chrono::DateTime<chrono::Utc>,
    /// Usable now (not ended, not expired).
    pub live: bool,
    /// When it ended.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why it ended.
    pub ended_reason: Option<EndReason>,
}

impl SessionView {
    fn of(session: &Session, now: chrono::DateTime<chrono::Utc>) -> Self {
        Self {
            sid: session.sid.clone(),
            sub: session.sub.clone(),
            username: session.username.clone(),
            scope: session.scope.clone(),
            offline: session.offline,
            auth_time: session.auth_time,
            exchanged: session.exchanged,
            refresh_count: session.refresh_count,
            refresh_expires_at: session.refresh_expires,
            live: session.is_live(now),
            ended_at: session.ended.map(|(at, _)| at),
            ended_reason: session.ended.map(|(_, reason)| reason),
        }
    }
}

/// `GET /_sandbox/oidc/sessions`: every session, oldest first, with totals.
async fn sessions(State(ctx): State<SandboxContext>) -> Json<serde_json::Value> {
    Json(ctx.state.read(|s| {
        let now = s.now();
        let views: Vec<SessionView> =
            s.oidc.sessions.iter().map(|x| SessionView::of(x, now)).collect();
        let refresh_grants: u64 = views.iter().map(|v| u64::from(v.refresh_count)).sum();
        let live = views.iter().filter(|v| v.live).count();
        json!({"sessions": views, "refreshGrants": refresh_grants, "live": live})
    }))
}

async fn lifetimes(State(ctx): State<SandboxContext>) -> Json<Lifetimes> {
    Json(ctx.state.read(|s| s.oidc.lifetimes))
}

/// A partial change of [`Lifetimes`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LifetimesChange {
    access_token_seconds: Option<i64>,
    refresh_token_seconds: Option<i64>,
    offline_refresh_token_seconds: Option<i64>,
    code_seconds: Option<i64>,
}

/// `POST /_sandbox/oidc/lifetimes`: `{"accessTokenSeconds", "refreshTokenSeconds",
/// "offlineRefreshTokenSeconds", "codeSeconds"}`, each optional; applies to
/// tokens issued from now on.
async fn set_lifetimes(
    State(ctx): State<SandboxContext>,
    Json(change): Json<LifetimesChange>,
) -> Response {
    let values = [
        change.access_token_seconds,
        change.refresh_token_seconds,
        change.offline_refresh_token_seconds,
        change.code_seconds,
    ];
    if values.iter().flatten().any(|v| *v < 1) {
        return problem::response(StatusCode::BAD_REQUEST, "lifetimes must be at least 1 second");
    }
    let result = ctx.state.update(|s| {
        let l = &mut s.oidc.lifetimes;
        l.access_token_seconds = change.access_token_seconds.unwrap_or(l.access_token_seconds);
        l.refresh_token_seconds = change.refresh_token_seconds.unwrap_or(l.refresh_token_seconds);
        l.offline_refresh_token_seconds =
            change.offline_refresh_token_seconds.unwrap_or(l.offline_refresh_token_seconds);
        l.code_seconds = change.code_seconds.unwrap_or(l.code_seconds);
        *l
    });
    match result {
        Ok(l) => Json(l).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// Whose sessions to end: exactly one of the three.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RevokeRequest {
    username: Option<String>,
    sub: Option<String>,
    sid: Option<String>,
}

/// `POST /_sandbox/oidc/revoke`: `{"username"}`, `{"sub"}` or `{"sid"}`;
/// ends the matching live sessions as an administrator would.
async fn revoke(State(ctx): State<SandboxContext>, Json(request): Json<RevokeRequest>) -> Response {
    let sub = match (&request.username, &request.sub, &request.sid) {
        (Some(name), None, None) => match users::by_username(name) {
            Some(user) => Some(user.sub.clone()),
            None => return problem::response(StatusCode::NOT_FOUND, "no such user"),
        },
        (None, Some(sub), None) => Some(sub.clone()),
        (None, None, Some(_)) => None,
        _ => return problem::response(StatusCode::BAD_REQUEST, "give one of username, sub, sid"),
    };
    let result = ctx.state.update(|s| {
        let now = s.now();
        let mut count = 0;
        for session in &mut s.oidc.sessions {
            let matches = match &sub {
                Some(sub) => session.sub == *sub,
                None => Some(&session.sid) == request.sid.as_ref(),
            };
            if matches && session.ended.is_none() {
                session.end(now, EndReason::Admin);
                count += 1;
            }
        }
        count
    });
    match result {
        Ok(count) => Json(json!({"revoked": count})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `POST /_sandbox/oidc/rotate-key`: a new signing key; the old one stays
/// in the JWKS and keeps verifying until the next rotation.
async fn rotate_key(State(ctx): State<SandboxContext>) -> Response {
    match ctx.state.update(|s| s.oidc.keys.rotate()) {
        Ok(kid) => Json(json!({"kid": kid})).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `POST /_sandbox/oidc/sign`: a JSON object of claims → `{"jwt"}`, signed
/// with the provider's current key. Test-only: lets a test hand the app a
/// correctly signed ID token with the wrong `aud`, `nonce` or `exp`.
async fn sign(
    State(ctx): State<SandboxContext>,
    Json(claims): Json<serde_json::Value>,
) -> Response {
    if !claims.is_object() {
        return problem::response(StatusCode::BAD_REQUEST, "claims must be a JSON object");
    }
    match ctx.state.update(|s| s.oidc.keys.sign(&claims)) {
        Ok(Some(jwt)) => Json(json!({"jwt": jwt})).into_response(),
        Ok(None) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, "signing failed"),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `GET /_sandbox/oidc/users`: who can log in (password `demo` for all).
async fn list_users() -> Json<serde_json::Value> {
    let list: Vec<serde_json::Value> = users::all()
        .iter()
        .map(|u| {
            json!({
                "username": u.username,
                "sub": u.sub,
                "name": format!("{} {}", u.given_name, u.family_name),
                "birthdate": u.birthdate,
                "leipzigPass": u.leipzig_pass.is_some(),
            })
        })
        .collect();
    Json(json!({"users": list}))
}
