//! `/v1/notices`: the citizen's official notices (Bescheide and
//! Mitteilungen) with their PDFs, retrieval reports that fix the
//! Bekanntgabe, and replies (acknowledgement, objection, documents) that
//! the city confirms with a receipt. Every route needs the citizen's bearer
//! token; other people's notices are `404`.
//!
//! | Route | What |
//! |---|---|
//! | `GET /notices?cursor=` | newest first, 20 a page, `ETag` / `304` |
//! | `GET /notices/{id}` | one notice with its `ETag` |
//! | `GET /notices/{id}/attachments/{aid}` | the PDF; `410 PROVISION_ENDED` |
//! | `POST /notices/{id}/retrievals` | the first retrieval fixes the Bekanntgabe |
//! | `GET`/`POST /notices/{id}/replies` | [`replies`] (JSON or multipart, [`upload`]) |
//!
//! Bekanntgabe and deadlines are the server's ([`calendar`]); the payment
//! status follows the payments ledger ([`NoticesState::sync`]). Test
//! controls: [`control`].

pub mod attachments;
pub mod calendar;
pub mod control;
pub mod model;
pub mod replies;
pub mod seeds;
pub mod store;
pub mod upload;

use std::collections::HashMap;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

pub use store::NoticesState;

use super::{flow, payments::rfc3339};
use crate::{SandboxContext, problem};

/// Largest body of `POST /v1/notices/{id}/replies`: ten files of 20 MiB
/// plus the reply and the parts' headers.
pub const MAX_REPLY_BODY: usize = 10 * 20 * 1024 * 1024 + 4 * 1024 * 1024;
/// Notices per page.
const PAGE: usize = 20;

/// The notice routes, merged into the app API. Replies keep their own
/// idempotency (the `replyId`): they may be 200 MiB, so the app API's
/// guard, which buffers the body, must not wrap them.
pub fn routes(ctx: &SandboxContext) -> Router<SandboxContext> {
    Router::new()
        .route("/notices", get(list))
        .route("/notices/{id}", get(detail))
        .route("/notices/{id}/attachments/{aid}", get(attachment))
        .route("/notices/{id}/retrievals", super::idempotency::keyed(ctx, retrieve))
        .route(
            "/notices/{id}/replies",
            get(replies::list).post(replies::create).layer(DefaultBodyLimit::max(MAX_REPLY_BODY)),
        )
}

/// `404` for a notice that does not exist or is someone else's.
pub fn not_found() -> Response {
    problem::coded(StatusCode::NOT_FOUND, "NOT_FOUND", "Not found", "No such notice")
}

/// `410 PROVISION_ENDED`: never retrieved within the retrieval window.
pub fn provision_ended() -> Response {
    problem::coded(
        StatusCode::GONE,
        "PROVISION_ENDED",
        "Provision ended",
        "The notice was not retrieved within its retrieval window; it is no longer available",
    )
}

/// `400 VALIDATION_ERROR` naming the offending `field`.
pub fn invalid(field: &str, detail: &str) -> Response {
    let mut extra = Map::new();
    extra.insert("field".into(), json!(field));
    problem::coded_with(
        StatusCode::BAD_REQUEST,
        "VALIDATION_ERROR",
        "Invalid request",
        detail,
        extra,
    )
}

/// Takes payment status and passed retrieval windows into the notices,
/// after pulling the open payments of `owner`'s payable notices.
pub async fn refresh(ctx: &SandboxContext, owner: &str) -> Result<(), Response> {
    let subjects: Vec<_> = ctx.state.read(|s| {
        s.notices
            .notices
            .values()
            .filter(|n| n.owner == owner)
            .filter_map(|n| n.payment.as_ref().map(|p| p.subject.clone()))
            .collect()
    });
    for subject in subjects {
        flow::pull_subject(ctx, owner, subject.kind, &subject.id).await;
    }
    let stale = ctx.state.read(|s| s.notices.needs_sync(&s.app_api.payments, s.now()));
    if stale {
        ctx.state
            .update(|s| {
                let now = s.now();
                s.notices.sync(&s.app_api.payments, now);
            })
            .map_err(|e| flow::state_failure(&e))?;
    }
    Ok(())
}

/// The caller, and the notices brought up to date.
async fn caller(ctx: &SandboxContext, headers: &HeaderMap) -> Result<String, Response> {
    let owner = super::account(ctx, headers)?;
    refresh(ctx, &owner).await?;
    Ok(owner)
}

fn encode_cursor(at: DateTime<Utc>, id: &str) -> String {
    let nanos = at.timestamp_nanos_opt().unwrap_or(i64::MAX);
    URL_SAFE_NO_PAD.encode(format!("{nanos}|{id}"))
}

fn decode_cursor(cursor: &str) -> Option<(DateTime<Utc>, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (nanos, id) = text.split_once('|')?;
    Some((DateTime::from_timestamp_nanos(nanos.parse().ok()?), id.to_owned()))
}

/// `GET /v1/notices?cursor=…`: newest first, 20 a page.
async fn list(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let after = match query.get("cursor").filter(|c| !c.is_empty()) {
        None => None,
        Some(cursor) => match decode_cursor(cursor) {
            Some(after) => Some(after),
            None => return invalid("cursor", "Unknown cursor; start again without one"),
        },
    };
    let body = ctx.state.read(|s| {
        let mut mine: Vec<_> = s.notices.notices.values().filter(|n| n.owner == owner).collect();
        mine.sort_by(|a, b| (b.provided_at, &b.id).cmp(&(a.provided_at, &a.id)));
        let rest: Vec<_> = mine
            .into_iter()
            .filter(|n| after.as_ref().is_none_or(|(at, id)| (n.provided_at, &n.id) < (*at, id)))
            .collect();
        let page: Vec<Value> =
            rest.iter().take(PAGE).map(|n| n.to_json(s.notices.receipts(&n.id))).collect();
        let next = (rest.len() > PAGE)
            .then(|| rest.get(PAGE - 1).map(|n| encode_cursor(n.provided_at, &n.id)))
            .flatten();
        json!({ "notices": page, "nextCursor": next })
    });
    let mut response = crate::conditional::respond(
        &headers,
        body.to_string().into_bytes(),
        "application/json",
        None,
    );
    private(&mut response);
    response
}

/// Personal data: no shared caches.
fn private(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
}

/// `GET /v1/notices/{id}`.
async fn detail(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let found = ctx.state.read(|s| {
        s.notices.owned(&owner, &id).map(|n| (n.etag(), n.to_json(s.notices.receipts(&id))))
    });
    let Some((etag, notice)) = found else { return not_found() };
    let mut response = if crate::conditional::not_modified(&headers, &etag, None) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Json(notice).into_response()
    };
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    private(&mut response);
    response
}

/// `GET /v1/notices/{id}/attachments/{aid}`: the PDF.
async fn attachment(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path((id, aid)): Path<(String, String)>,
) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let found = ctx.state.read(|s| {
        let notice = s.notices.owned(&owner, &id)?;
        let spec = notice.attachments.iter().find(|a| a.id == aid)?;
        let tampered = s.notices.tampered.contains(&format!("{id}/{aid}"));
        if notice.provision_ended {
            return Some(Err(()));
        }
        Some(Ok((spec.file_name.clone(), attachments::served(notice, spec, tampered))))
    });
    let (file_name, bytes) = match found {
        None => {
            return problem::coded(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "Not found",
                "No such attachment",
            );
        }
        Some(Err(())) => return provision_ended(),
        Some(Ok(found)) => found,
    };
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"{file_name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// `POST /v1/notices/{id}/retrievals` (the idempotency layer has the key):
/// `201` for the first report, `200` after; the first server time stays.
async fn retrieve(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let owner = match caller(&ctx, &headers).await {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let device = match retrieved_at_device(&body) {
        Ok(device) => device,
        Err(response) => return response,
    };
    let outcome = ctx.state.update(|s| {
        let now = s.now();
        let notice = s.notices.owned(&owner, &id)?;
        if notice.window_passed(now) {
            return Some(Err(()));
        }
        let first = s.notices.retrieve(&id, now, device);
        let notice = s.notices.notices.get(&id)?;
        Some(Ok((first, retrieval_json(notice))))
    });
    match outcome {
        Err(e) => flow::state_failure(&e),
        Ok(None) => not_found(),
        Ok(Some(Err(()))) => provision_ended(),
        Ok(Some(Ok((first, body)))) => {
            let status = if first { StatusCode::CREATED } else { StatusCode::OK };
            (status, Json(body)).into_response()
        }
    }
}

/// `retrievedAtDevice` of a retrieval report (optional, RFC 3339).
fn retrieved_at_device(body: &[u8]) -> Result<Option<String>, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let Ok(Value::Object(report)) = serde_json::from_slice::<Value>(body) else {
        return Err(invalid("", "The body must be {\"retrievedAtDevice\": RFC 3339}"));
    };
    match report.get("retrievedAtDevice") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(t)) if DateTime::parse_from_rfc3339(t).is_ok() => Ok(Some(t.clone())),
        Some(_) => Err(invalid("retrievedAtDevice", "retrievedAtDevice must be an RFC 3339 time")),
    }
}

/// The answer to a retrieval report.
fn retrieval_json(notice: &model::Notice) -> Value {
    json!({
        "noticeId": notice.id,
        "firstRetrievedAt": notice.first_retrieved_at.map(rfc3339),
        "bekanntgabeAt": notice.bekanntgabe().map(model::date),
        "deadlines": notice.deadlines_json(),
    })
}
