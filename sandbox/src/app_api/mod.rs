//! The city's app API (`fixtures/openapi/app-api.yaml`) under `/v1/`:
//! problem+json errors, `Idempotency-Key` on every POST. Today: slot
//! watches. Callers identify themselves with `X-Installation-Id` (until
//! login exists).

pub mod idempotency;
pub mod slot_watches;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderMap, StatusCode},
    middleware,
    response::Response,
    routing::{delete, get},
};
use serde::{Deserialize, Serialize};

use crate::{SandboxContext, problem};

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
}

/// The app API routes, to be nested under `/v1`.
pub fn routes(ctx: &SandboxContext) -> Router<SandboxContext> {
    Router::new()
        .route("/slot-watches", get(slot_watches::list).post(slot_watches::create))
        .route("/slot-watches/{id}", delete(slot_watches::remove))
        .fallback(|| async { problem::response(StatusCode::NOT_FOUND, "Not found") })
        .layer(middleware::from_fn_with_state(ctx.clone(), idempotency::guard))
        .layer(DefaultBodyLimit::max(idempotency::MAX_BODY))
}

/// Who is calling: the installation id (later: the account).
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
