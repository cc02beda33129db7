//! `/v1/payments`: start a payment for a fee or Bescheid, read one, list
//! them, and the browser's return hop from the paypage. Everything but the
//! return hop needs the citizen's bearer token; other people's payments
//! are `404`.

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use super::{
    fees::is_fee_id,
    flow,
    payments::{PaymentState, Subject},
};
use crate::{SandboxContext, problem};

/// Where the return hop sends the browser: the app's https link.
pub const APP_RETURN_LINK: &str = "https://app.leipzig.de/pay/return";

/// `POST /v1/payments` body: the subject only — never an amount.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewPayment {
    subject: Subject,
}

fn invalid(detail: &str) -> Response {
    problem::coded(StatusCode::BAD_REQUEST, "VALIDATION_ERROR", "Invalid request", detail)
}

/// `404` for a payment that does not exist or is someone else's.
pub fn not_found() -> Response {
    problem::coded(StatusCode::NOT_FOUND, "NOT_FOUND", "Not found", "No such payment")
}

/// `POST /v1/payments` (the idempotency layer has stored the key).
pub async fn create(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let owner = match super::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else {
        return invalid("Idempotency-Key header is required");
    };
    let new: NewPayment = match serde_json::from_slice(&body) {
        Ok(new) => new,
        Err(e) => {
            return invalid(&format!(
                "The body must be {{\"subject\":{{\"type\":\"FEE\"|\"BESCHEID\",\"id\":\"…\"}}}} only: {e}"
            ));
        }
    };
    if !is_fee_id(&new.subject.id) {
        return invalid("subject.id must be 1-36 characters of [A-Za-z0-9-]");
    }
    flow::create(&ctx, &owner, key, new.subject).await
}

/// `GET /v1/payments/{paymentId}`: pulls the provider first (pull rule).
pub async fn get(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let owner = match super::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let owned = |ctx: &SandboxContext| {
        ctx.state.read(|s| {
            s.app_api.payments.payments.get(&id).filter(|p| p.owner == owner).map(|p| p.to_json())
        })
    };
    if owned(&ctx).is_none() {
        return not_found();
    }
    flow::pull(&ctx, &id).await;
    match owned(&ctx) {
        Some(payment) => Json(payment).into_response(),
        None => not_found(),
    }
}

/// `GET /v1/payments[?state=pending]`: the caller's payments, newest first;
/// `pending` = `CREATED` and `INITIAL`.
pub async fn list(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let owner = match super::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let pending_only = match query.get("state").map(String::as_str) {
        None => false,
        Some("pending") => true,
        Some(_) => return invalid("state must be \"pending\" or absent"),
    };
    flow::pull_owner(&ctx, &owner).await;
    let payments = ctx.state.read(|s| {
        let mut mine: Vec<_> = s
            .app_api
            .payments
            .payments
            .values()
            .filter(|p| p.owner == owner)
            .filter(|p| {
                !pending_only || matches!(p.state, PaymentState::Created | PaymentState::Initial)
            })
            .collect();
        mine.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.seq.cmp(&a.seq)));
        mine.into_iter().map(|p| p.to_json()).collect::<Vec<_>>()
    });
    let body = json!({ "payments": payments }).to_string().into_bytes();
    crate::conditional::respond(&headers, body, "application/json", None)
}

/// `GET /v1/payments/{paymentId}/return`: no login (the browser calls it).
/// Pulls the provider, then `302` to the app link, which carries the id
/// only — never a status. Unknown ids get the same answer.
pub async fn return_hop(State(ctx): State<SandboxContext>, Path(id): Path<String>) -> Response {
    flow::pull(&ctx, &id).await;
    let mut link = url::Url::parse(APP_RETURN_LINK).ok();
    if let Some(link) = link.as_mut() {
        let id: String = id.chars().take(64).collect();
        link.query_pairs_mut().append_pair("paymentId", &id);
    }
    let location = link.map(String::from).unwrap_or_else(|| APP_RETURN_LINK.to_owned());
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    response
}
