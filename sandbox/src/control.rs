//! `/_sandbox/`: controls for tests and demos — request log, faults, reset,
//! publishing news. Never called by production code paths.

use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::json;

use crate::{SandboxContext, faults::FaultSpec, news::NewRelease, problem};

/// The control routes, to be nested under `/_sandbox`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/", get(index))
        .route("/requests", get(requests).delete(clear_requests))
        .route("/faults", get(list_faults).post(add_fault).delete(clear_faults))
        .route("/reset", post(reset))
        .route("/news", post(publish_news))
}

async fn index() -> Json<serde_json::Value> {
    Json(json!({
        "controls": {
            "GET /_sandbox/requests": "every request served since the last reset",
            "DELETE /_sandbox/requests": "empty the request log",
            "POST /_sandbox/faults": "inject a fault: {path, method?, times?, kind: status|latency|reset|drop_after_commit|body|huge_body, ...}",
            "GET /_sandbox/faults": "faults still waiting",
            "DELETE /_sandbox/faults": "drop waiting faults",
            "POST /_sandbox/reset": "back to the seeded city; clears log and faults",
            "POST /_sandbox/news": "publish a press release: {title, description_html, categories?, published?}",
        }
    }))
}

async fn requests(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.log.entries()).into_response()
}

async fn clear_requests(State(ctx): State<SandboxContext>) -> StatusCode {
    ctx.log.clear();
    StatusCode::NO_CONTENT
}

async fn list_faults(State(ctx): State<SandboxContext>) -> Response {
    Json(ctx.faults.pending()).into_response()
}

async fn add_fault(State(ctx): State<SandboxContext>, Json(spec): Json<FaultSpec>) -> StatusCode {
    ctx.faults.add(spec);
    StatusCode::CREATED
}

async fn clear_faults(State(ctx): State<SandboxContext>) -> StatusCode {
    ctx.faults.clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(ctx): State<SandboxContext>) -> Response {
    ctx.faults.clear();
    ctx.log.clear();
    match ctx.state.reset() {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn publish_news(State(ctx): State<SandboxContext>, Json(new): Json<NewRelease>) -> Response {
    let published = ctx.state.update(|s| {
        let release = new.into_release(s.news.items.len() + 1);
        s.news.items.insert(0, release.clone());
        release
    });
    match published {
        Ok(release) => (StatusCode::CREATED, Json(release)).into_response(),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
