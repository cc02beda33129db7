//! The city's app API (`fixtures/openapi/app-api.yaml`) under `/v1/`:
//! problem+json errors, `Idempotency-Key` on every POST. Slot watches
//! identify the caller by `X-Installation-Id`; fees, Bescheide, payments
//! and notices need the citizen's bearer token from the city's login
//! ([`account`]).
//!
//! | Route | What |
//! |---|---|
//! | `GET`/`POST /slot-watches`, `DELETE /slot-watches/{id}` | [`slot_watches`] |
//! | `GET /fees`, `/fees/{id}`, `/bescheide/{id}` | [`fees`] |
//! | `GET`/`POST /payments`, `GET /payments/{id}` | [`payment_routes`], [`flow`] |
//! | `GET /payments/{id}/return` (no login) | the paypage's way back |
//! | `GET /payments/{id}/receipt` | [`receipt`] (JSON or PDF) |
//! | `/notices…` | [`notices`]: official notices, retrievals, replies |
//! | `/library/…` | [`library`]: branches, card types (public), registrations |

pub mod fees;
pub mod flow;
pub mod idempotency;
pub mod ledger;
pub mod library;
pub mod notices;
pub mod payment_routes;
pub mod payments;
pub mod pdf;
pub mod provider_client;
pub mod receipt;
pub mod slot_watches;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
    routing::{delete, get},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{SandboxContext, oidc, problem};

/// What the app API remembers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppApiState {
    /// Idempotency records.
    #[serde(default)]
    pub idempotency: idempotency::IdempotencyState,
    /// Slot watches.
    #[serde(default)]
    pub slot_watches: slot_watches::WatchState,
    /// Fees, Bescheide, payments, the reconciliation log.
    #[serde(default)]
    pub payments: payments::PaymentsState,
}

/// The app API routes, to be nested under `/v1`.
pub fn routes(ctx: &SandboxContext) -> Router<SandboxContext> {
    Router::new()
        .route(
            "/slot-watches",
            get(slot_watches::list).merge(idempotency::keyed(ctx, slot_watches::create)),
        )
        .route("/slot-watches/{id}", delete(slot_watches::remove))
        .route("/fees", get(fees::list))
        .route("/fees/{id}", get(fees::get_fee))
        .route("/bescheide/{id}", get(fees::get_bescheid))
        .route(
            "/payments",
            get(payment_routes::list).merge(idempotency::keyed(ctx, payment_routes::create)),
        )
        .route("/payments/{id}", get(payment_routes::get))
        .route("/payments/{id}/return", get(payment_routes::return_hop))
        .route("/payments/{id}/receipt", get(receipt::receipt))
        .merge(notices::routes(ctx))
        .merge(library::routes(ctx))
        .fallback(|| async { problem::response(StatusCode::NOT_FOUND, "Not found") })
        .layer(DefaultBodyLimit::max(idempotency::MAX_BODY))
}

/// Who is calling: the installation id (slot watches).
pub fn owner(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-installation-id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .map(|v| format!("installation:{v}"))
}

/// 401 for calls without an identity.
pub fn unauthorized() -> Response {
    problem::response(StatusCode::UNAUTHORIZED, "X-Installation-Id or a login is required")
}

/// The citizen's `sub` from `Authorization: Bearer <access token>` issued
/// by the sandbox's login; `401 UNAUTHORIZED` otherwise.
pub fn account(ctx: &SandboxContext, headers: &HeaderMap) -> Result<String, Response> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .map(|(_, token)| token.trim());
    let Some(token) = token else {
        return Err(login_required("A bearer token from the city's login is required", false));
    };
    let issuer = oidc::issuer(&ctx.base_url);
    let claims = ctx.state.read(|s| oidc::userinfo::check_access_token(s, &issuer, token));
    match claims {
        Ok(claims) => match claims.get("sub").and_then(Value::as_str) {
            Some(sub) if !sub.is_empty() => Ok(sub.to_owned()),
            _ => Err(login_required("The access token has no subject", true)),
        },
        Err(reason) => Err(login_required(reason, true)),
    }
}

/// `401 UNAUTHORIZED` with an RFC 6750 challenge.
fn login_required(detail: &str, invalid_token: bool) -> Response {
    let mut response =
        problem::coded(StatusCode::UNAUTHORIZED, "UNAUTHORIZED", "Unauthorized", detail);
    let challenge = if invalid_token {
        format!("Bearer realm=\"{}\", error=\"invalid_token\"", oidc::REALM)
    } else {
        format!("Bearer realm=\"{}\"", oidc::REALM)
    };
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// Whether a path (as seen inside `/v1`, or whole) belongs to the routes
/// that need a login.
pub fn needs_login(path: &str) -> bool {
    let path = path.strip_prefix("/v1").unwrap_or(path);
    ["/payments", "/fees", "/bescheide", "/notices", "/library/registrations"]
        .iter()
        .any(|p| path.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}
