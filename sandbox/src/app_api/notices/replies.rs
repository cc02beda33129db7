//! `POST /v1/notices/{id}/replies`: `ACKNOWLEDGE` and `OBJECTION` as JSON,
//! `UPLOAD_DOCUMENT` as multipart ([`super::upload`]); `GET` lists the
//! receipts, so a sender whose answer was lost can see what arrived.
//!
//! The `replyId` is the reply's identity: the request's `Idempotency-Key`
//! (required, a UUID — [`crate::app_api::idempotency::key`]) replays its
//! answer, the same `replyId` under another key gets `200` with the
//! existing receipt, and a reply is never recorded twice — the check and
//! the write happen under one lock, after the upload was read. The app API's idempotency guard does not wrap this route (it
//! would buffer up to 200 MiB).
//!
//! Checks, in order: login (`401`), key (`400`), body readable, `replyId`
//! and `noticeId` (`400`), notice (`404`), earlier reply (`200`/`201`) or
//! key reuse (`422`), retrieval window (`410`), type (`400`, `409`), the
//! declaration and payload or the files (`400`, `413`, `415`).

use axum::{
    Json, RequestExt,
    body::Body,
    extract::{FromRequest, Multipart, Path, Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::DateTime;
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::{
    invalid,
    model::ReplyType,
    not_found, provision_ended,
    store::{NewReply, Recorded},
    upload::{self, Upload},
};
use crate::{SandboxContext, app_api::flow, problem};

/// Largest JSON reply.
const MAX_JSON: usize = 256 * 1024;
/// Longest objection text or note, in characters.
pub const MAX_TEXT: usize = 10_000;

/// `GET /v1/notices/{id}/replies`: the receipts, oldest first.
pub async fn list(
    State(ctx): State<SandboxContext>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let owner = match crate::app_api::account(&ctx, &headers) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let found = ctx.state.read(|s| s.notices.owned(&owner, &id).map(|_| s.notices.receipts(&id)));
    match found {
        Some(receipts) => Json(json!({ "replies": receipts })).into_response(),
        None => not_found(),
    }
}

/// The body as sent.
enum Sent {
    Json(Value),
    Upload(Upload, Value),
}

/// `POST /v1/notices/{id}/replies`.
pub async fn create(
    State(ctx): State<SandboxContext>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let (parts, body) = request.with_limited_body().into_parts();
    let owner = match crate::app_api::account(&ctx, &parts.headers) {
        Ok(owner) => owner,
        Err(response) => return drained(body, response).await,
    };
    let key = match crate::app_api::idempotency::key(&parts.headers) {
        Ok(key) => key,
        Err(response) => return drained(body, response).await,
    };
    let sent = match read(&ctx, Request::from_parts(parts, body)).await {
        Ok(sent) => sent,
        Err(response) => return response,
    };
    let reply = match &sent {
        Sent::Json(reply) | Sent::Upload(_, reply) => reply,
    };
    let (reply_id, created_at_device) = match common(reply, &id) {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let step = ctx.state.update(|s| {
        let now = s.now();
        let Some(notice) = s.notices.owned(&owner, &id) else { return Step::Answer(not_found()) };
        let window_passed = notice.window_passed(now);
        let allowed = notice.allowed_replies.clone();
        if let Some(earlier) = s.notices.earlier(&owner, &key, &reply_id, &id) {
            return Step::Answer(answer(earlier));
        }
        if window_passed {
            return Step::Answer(provision_ended());
        }
        Step::Check(allowed)
    });
    let allowed = match step {
        Err(e) => return flow::state_failure(&e),
        Ok(Step::Answer(response)) => return response,
        Ok(Step::Check(allowed)) => allowed,
    };
    let kind = match reply_type(reply, matches!(sent, Sent::Upload(..))) {
        Ok(kind) => kind,
        Err(response) => return response,
    };
    if !allowed.contains(&kind) {
        return problem::coded(
            StatusCode::CONFLICT,
            "REPLY_NOT_ALLOWED",
            "Reply not allowed",
            "This notice does not accept this type of reply",
        );
    }
    let mut new = NewReply {
        notice_id: id.clone(),
        kind,
        created_at_device,
        text_length: None,
        requests_suspension: None,
        files: Vec::new(),
    };
    let checked = match &sent {
        Sent::Json(reply) => content(reply, &mut new),
        Sent::Upload(upload, reply) => uploaded(reply, upload, &mut new),
    };
    if let Err(response) = checked {
        return response;
    }
    let recorded = ctx.state.update(|s| {
        let now = s.now();
        let passed = s.notices.owned(&owner, &id).is_none_or(|n| n.window_passed(now));
        if passed && s.notices.reply(&owner, &reply_id).is_none() {
            return None;
        }
        Some(s.notices.record(&owner, &key, &reply_id, new, now))
    });
    match recorded {
        Err(e) => flow::state_failure(&e),
        Ok(None) => provision_ended(),
        Ok(Some(recorded)) => answer(recorded),
    }
}

/// What the first look at the notice decided.
enum Step {
    Answer(Response),
    Check(Vec<ReplyType>),
}

/// The answer for a recorded (or earlier) reply.
fn answer(recorded: Recorded) -> Response {
    match recorded {
        Recorded::New(receipt) => (StatusCode::CREATED, Json(receipt)).into_response(),
        Recorded::Existing { receipt, status: 201 } => {
            let mut response = (StatusCode::CREATED, Json(receipt)).into_response();
            response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Recorded::Existing { receipt, .. } => (StatusCode::OK, Json(receipt)).into_response(),
        Recorded::KeyReused => problem::coded(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IDEMPOTENCY_KEY_REUSED",
            "Idempotency-Key was already used with a different request",
            "This Idempotency-Key or replyId belongs to another reply",
        ),
    }
}

async fn drained(body: Body, response: Response) -> Response {
    upload::drain(body).await;
    response
}

/// Reads the body: JSON, or multipart with its `reply` part parsed.
async fn read(ctx: &SandboxContext, request: Request) -> Result<Sent, Response> {
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .unwrap_or_default();
    match content_type.as_str() {
        "multipart/form-data" => {
            let multipart = match Multipart::from_request(request, ctx).await {
                Ok(multipart) => multipart,
                Err(rejection) => return Err(invalid("multipart", &rejection.body_text())),
            };
            let upload = upload::read(multipart).await?;
            if upload.reply_too_large {
                return Err(invalid("reply", "The reply part is too large"));
            }
            let Some(bytes) = &upload.reply else {
                return Err(invalid("reply", "The part \"reply\" (application/json) is missing"));
            };
            let reply = parse(bytes)?;
            Ok(Sent::Upload(upload, reply))
        }
        "application/json" => {
            let mut stream = request.into_body().into_data_stream();
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = stream.next().await {
                let Ok(chunk) = chunk else {
                    return Err(upload::too_large("The request body is too large"));
                };
                over |= bytes.len() + chunk.len() > MAX_JSON;
                if !over {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if over {
                return Err(invalid("", &format!("A JSON reply is at most {MAX_JSON} bytes")));
            }
            Ok(Sent::Json(parse(&bytes)?))
        }
        _ => {
            upload::drain(request.into_body()).await;
            Err(upload::unsupported(
                "Send application/json, or multipart/form-data for UPLOAD_DOCUMENT",
            ))
        }
    }
}

fn parse(bytes: &[u8]) -> Result<Value, Response> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(invalid("", "The reply must be a JSON object")),
    }
}

/// `replyId` (a UUID, lower case) and `createdAtDevice`; `noticeId` must
/// name the notice of the path.
fn common(reply: &Value, id: &str) -> Result<(String, String), Response> {
    let reply_id = reply
        .get("replyId")
        .and_then(Value::as_str)
        .filter(|r| r.len() == 36)
        .and_then(|r| uuid::Uuid::parse_str(r).ok())
        .map(|u| u.to_string());
    let Some(reply_id) = reply_id else {
        return Err(invalid("replyId", "replyId must be a UUID"));
    };
    if reply.get("noticeId").and_then(Value::as_str) != Some(id) {
        return Err(invalid("noticeId", "noticeId must be the notice of the path"));
    }
    let created = reply
        .get("createdAtDevice")
        .and_then(Value::as_str)
        .filter(|t| DateTime::parse_from_rfc3339(t).is_ok());
    let Some(created) = created else {
        return Err(invalid("createdAtDevice", "createdAtDevice must be an RFC 3339 time"));
    };
    Ok((reply_id, created.to_owned()))
}

/// The reply's `type`, and whether it may come this way.
fn reply_type(reply: &Value, multipart: bool) -> Result<ReplyType, Response> {
    let kind = reply.get("type").cloned().and_then(|t| serde_json::from_value::<ReplyType>(t).ok());
    match (kind, multipart) {
        (None, _) => Err(invalid("type", "type must be ACKNOWLEDGE, OBJECTION or UPLOAD_DOCUMENT")),
        (Some(ReplyType::Pay), _) => {
            Err(invalid("type", "Payments are made through /v1/payments, not as a reply"))
        }
        (Some(ReplyType::UploadDocument), false) => {
            Err(invalid("type", "UPLOAD_DOCUMENT replies are sent as multipart/form-data"))
        }
        (Some(ReplyType::UploadDocument), true) => Ok(ReplyType::UploadDocument),
        (Some(_), true) => Err(invalid("type", "Only UPLOAD_DOCUMENT replies are multipart")),
        (Some(kind), false) => Ok(kind),
    }
}

/// A non-blank text of at most [`MAX_TEXT`] characters.
fn text_of(value: Option<&Value>, field: &str, required: bool) -> Result<usize, Response> {
    match value {
        None | Some(Value::Null) if !required => Ok(0),
        Some(Value::String(text)) if !text.trim().is_empty() || !required => {
            let length = text.chars().count();
            if length > MAX_TEXT {
                return Err(invalid(field, &format!("At most {MAX_TEXT} characters")));
            }
            Ok(length)
        }
        _ => Err(invalid(field, "A text is required")),
    }
}

/// `ACKNOWLEDGE` and `OBJECTION`: payload and declaration. A declaration
/// is checked whenever one is sent — an acknowledgement carrying a broken
/// one is refused, not stored with it silently ignored.
fn content(reply: &Value, new: &mut NewReply) -> Result<(), Response> {
    let payload = reply.get("payload").and_then(Value::as_object);
    let declaration = declaration(reply)?;
    if new.kind == ReplyType::Acknowledge {
        return match payload.and_then(|p| p.get("acknowledge")) {
            Some(Value::Object(_)) if payload.is_some_and(|p| p.len() == 1) => Ok(()),
            _ => Err(invalid("payload", "payload must be {\"acknowledge\": {}}")),
        };
    }
    if !declaration {
        return Err(invalid("declaration", "An objection needs the binding declaration"));
    }
    let objection = payload.filter(|p| p.len() == 1).and_then(|p| p.get("objection"));
    let Some(Value::Object(objection)) = objection else {
        return Err(invalid("payload", "payload must be {\"objection\": {\"text\": …}}"));
    };
    new.text_length = Some(text_of(objection.get("text"), "payload.objection.text", true)?);
    new.requests_suspension = match objection.get("requestsSuspension") {
        None | Some(Value::Null) => Some(false),
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            return Err(invalid("payload.objection.requestsSuspension", "must be true or false"));
        }
    };
    Ok(())
}

/// Whether the reply carries a binding declaration; `400` when it carries
/// one that is not `{bindingConfirmed: true, confirmationText, confirmedAt?}`.
fn declaration(reply: &Value) -> Result<bool, Response> {
    let declaration = match reply.get("declaration") {
        None | Some(Value::Null) => return Ok(false),
        Some(Value::Object(declaration)) => declaration,
        Some(_) => return Err(invalid("declaration", "declaration must be an object")),
    };
    if declaration.get("bindingConfirmed") != Some(&Value::Bool(true)) {
        return Err(invalid("declaration.bindingConfirmed", "bindingConfirmed must be true"));
    }
    text_of(declaration.get("confirmationText"), "declaration.confirmationText", true)?;
    match declaration.get("confirmedAt") {
        None | Some(Value::Null) => Ok(true),
        Some(Value::String(t)) if DateTime::parse_from_rfc3339(t).is_ok() => Ok(true),
        Some(_) => Err(invalid("declaration.confirmedAt", "confirmedAt must be an RFC 3339 time")),
    }
}

/// `UPLOAD_DOCUMENT`: the note and the files.
fn uploaded(reply: &Value, upload: &Upload, new: &mut NewReply) -> Result<(), Response> {
    let payload = reply.get("payload").and_then(Value::as_object);
    let document = payload.filter(|p| p.len() == 1).and_then(|p| p.get("uploadDocument"));
    let Some(Value::Object(document)) = document else {
        return Err(invalid("payload", "payload must be {\"uploadDocument\": {\"note\": …}}"));
    };
    new.text_length = Some(text_of(document.get("note"), "payload.uploadDocument.note", false)?);
    new.files = upload::check(reply.get("attachments"), upload)?;
    Ok(())
}
