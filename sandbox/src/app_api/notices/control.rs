//! Test controls of the notices, merged into `/_sandbox/`:
//!
//! - `GET /notices/replies`: every reply the city received (receipt, text
//!   length, files — never the text);
//! - `GET /notices/retrievals`: `[{noticeId, firstRetrievedAt, reports}]`,
//!   `reports` counting the retrieval reports that reached the handler
//!   (replays of a key are answered by the idempotency layer);
//! - `POST /notices/{id}/tamper` `{attachmentId, tampered?}`: serve that
//!   PDF changed (its `sha512` no longer matches), or as made again;
//! - `POST /notices` `{username, subject, kind?, legalBasis?}`: deliver a new
//!   notice now.

use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Deserialize;
use serde_json::{Value, json};

use super::{
    calendar::LegalBasis,
    model::{NoticeKind, date},
    seeds,
    store::StoredReply,
};
use crate::{SandboxContext, app_api::payments::rfc3339, oidc::users, problem};

/// The control routes, to be merged into `/_sandbox`.
pub fn routes() -> Router<SandboxContext> {
    Router::new()
        .route("/notices", post(deliver))
        .route("/notices/replies", get(replies))
        .route("/notices/retrievals", get(retrievals))
        .route("/notices/{id}/tamper", post(tamper))
}

fn reply_row(r: &StoredReply) -> Value {
    let mut row = r.receipt();
    if let Some(length) = r.text_length {
        row["textLength"] = json!(length);
    }
    if let Some(suspension) = r.requests_suspension {
        row["requestsSuspension"] = json!(suspension);
    }
    if !r.files.is_empty() {
        row["files"] = json!(r.files);
    }
    row["createdAtDevice"] = json!(r.created_at_device);
    row
}

async fn replies(State(ctx): State<SandboxContext>) -> Response {
    let rows: Vec<Value> = ctx.state.read(|s| s.notices.replies.iter().map(reply_row).collect());
    Json(rows).into_response()
}

async fn retrievals(State(ctx): State<SandboxContext>) -> Response {
    let rows: Vec<Value> = ctx.state.read(|s| {
        let mut notices: Vec<_> = s
            .notices
            .notices
            .values()
            .filter(|n| {
                n.first_retrieved_at.is_some() || s.notices.retrieval_reports.contains_key(&n.id)
            })
            .collect();
        notices.sort_by_key(|n| n.seq);
        notices
            .into_iter()
            .map(|n| {
                json!({
                    "noticeId": n.id,
                    "firstRetrievedAt": n.first_retrieved_at.map(rfc3339),
                    "bekanntgabeAt": n.bekanntgabe().map(date),
                    "reports": s.notices.retrieval_reports.get(&n.id).copied().unwrap_or(0),
                })
            })
            .collect()
    });
    Json(rows).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct TamperRequest {
    attachment_id: String,
    #[serde(default = "yes")]
    tampered: bool,
}

fn yes() -> bool {
    true
}

async fn tamper(
    State(ctx): State<SandboxContext>,
    Path(id): Path<String>,
    Json(request): Json<TamperRequest>,
) -> Response {
    let done = ctx.state.update(|s| {
        let known = s
            .notices
            .notices
            .get(&id)
            .is_some_and(|n| n.attachments.iter().any(|a| a.id == request.attachment_id));
        if known {
            let entry = format!("{id}/{}", request.attachment_id);
            if request.tampered {
                s.notices.tampered.insert(entry);
            } else {
                s.notices.tampered.remove(&entry);
            }
        }
        known
    });
    match done {
        Ok(true) => Json(json!({"ok": true, "tampered": request.tampered})).into_response(),
        Ok(false) => problem::response(StatusCode::NOT_FOUND, "No such notice or attachment"),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DeliverRequest {
    username: String,
    subject: String,
    #[serde(default)]
    kind: Option<NoticeKind>,
    #[serde(default)]
    legal_basis: Option<LegalBasis>,
}

async fn deliver(
    State(ctx): State<SandboxContext>,
    Json(request): Json<DeliverRequest>,
) -> Response {
    let Some(user) = users::by_username(&request.username) else {
        return problem::response(StatusCode::BAD_REQUEST, "Unknown username");
    };
    let subject = request.subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 {
        return problem::response(StatusCode::BAD_REQUEST, "subject must be 1-200 characters");
    }
    let delivered = ctx.state.update(|s| {
        let now = s.now();
        let number = s.notices.last_seq + 1;
        let notice = seeds::delivered(
            uuid::Uuid::new_v4().to_string(),
            user.sub.clone(),
            subject.to_owned(),
            request.kind.unwrap_or(NoticeKind::Bescheid),
            request.legal_basis.unwrap_or(LegalBasis::Retrieval),
            number,
            now,
        );
        let id = notice.id.clone();
        s.notices.insert(notice);
        s.notices.notice_json(&id)
    });
    match delivered {
        Ok(Some(notice)) => (StatusCode::CREATED, Json(notice)).into_response(),
        Ok(None) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, "Not stored"),
        Err(e) => problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}
