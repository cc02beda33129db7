//! `Idempotency-Key` on every POST of the app API
//! (draft-ietf-httpapi-idempotency-key-header): the first request with a
//! key is handled and its response stored; a replay gets the stored
//! response; the same key with another body is 422; a key still being
//! handled is 409; a POST without a key, or with one that is not a UUID
//! (the contract's `format: uuid`), is 400 — with the app API's codes
//! `VALIDATION_ERROR`, `IDEMPOTENCY_IN_FLIGHT`, `IDEMPOTENCY_KEY_REUSED`.
//! The guard wraps each `POST` handler ([`keyed`]), not the router, so a
//! method a path does not have is `405` with `Allow`, not a demand for a key.
//! Keys are per caller: the installation id, or for routes that need a
//! login the account (checked here first, so a missing identity is 401
//! before anything else). Records are kept with the city's state, so they
//! survive a sandbox restart. Replies to notices keep their own keys (the
//! `replyId`, [`super::notices::replies`]): they may be 200 MiB, too big
//! to buffer here.

use std::collections::BTreeMap;

use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    handler::Handler,
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{MethodRouter, post},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{SandboxContext, problem};

/// Records kept; the oldest go first.
const MAX_RECORDS: usize = 5_000;
/// Largest request body the app API accepts.
pub const MAX_BODY: usize = 30 * 1024 * 1024;

/// One key's record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// Hash of method, path and body.
    pub fingerprint: String,
    /// Stored status, `None` while the first request is being handled.
    pub status: Option<u16>,
    /// Stored body.
    pub body: String,
    /// Stored content type.
    pub content_type: Option<String>,
    /// Order of arrival, for pruning.
    pub seq: u64,
}

/// Every record by `owner key`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdempotencyState {
    /// Records.
    pub records: BTreeMap<String, Record>,
    /// Next sequence number.
    pub next_seq: u64,
}

/// `POST` to `handler` behind the guard. Only this method is wrapped:
/// `get(list).merge(keyed(ctx, create))` still answers `405` (with `Allow`)
/// for `PUT`, where a router-wide layer would have asked for a key first.
pub fn keyed<H, T>(ctx: &SandboxContext, handler: H) -> MethodRouter<SandboxContext>
where
    H: Handler<T, SandboxContext>,
    T: 'static,
{
    post(handler).route_layer(middleware::from_fn_with_state(ctx.clone(), guard))
}

/// The request's `Idempotency-Key`: required, a hyphenated UUID (what the
/// app makes for every user action); `400 VALIDATION_ERROR` otherwise.
pub fn key(headers: &HeaderMap) -> Result<String, Response> {
    let Some(key) = headers.get("idempotency-key") else {
        return Err(coded(StatusCode::BAD_REQUEST, "Idempotency-Key header is required"));
    };
    match key.to_str().map(str::trim) {
        Ok(key) if key.len() == 36 && uuid::Uuid::try_parse(key).is_ok() => Ok(key.to_owned()),
        _ => Err(coded(StatusCode::BAD_REQUEST, "Idempotency-Key must be a UUID")),
    }
}

/// Middleware for the app API's POSTs ([`keyed`]).
pub async fn guard(State(ctx): State<SandboxContext>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let owner = if super::needs_login(req.uri().path()) {
        match super::account(&ctx, req.headers()) {
            Ok(sub) => format!("account:{sub}"),
            Err(response) => return response,
        }
    } else {
        // Identity before key, as on the login routes: without it there is
        // nobody to keep the key for (and the handler would refuse anyway).
        match super::owner(req.headers()) {
            Some(owner) => owner,
            None => return super::unauthorized(),
        }
    };
    let key = match key(req.headers()) {
        Ok(key) => key,
        Err(response) => return response,
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return problem::response(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large");
    };
    let fingerprint = fingerprint(&parts.method, parts.uri.path(), &bytes);
    let record_key = format!("{owner} {key}");
    let claimed = ctx.state.update(|s| {
        let store = &mut s.app_api.idempotency;
        match store.records.get(&record_key) {
            Some(r) if r.fingerprint != fingerprint => Err(coded(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency-Key was already used with a different request",
            )),
            Some(r) => match r.status {
                None => Err(coded(
                    StatusCode::CONFLICT,
                    "A request with this Idempotency-Key is in progress",
                )),
                Some(status) => Err(replay(status, &r.body, r.content_type.as_deref())),
            },
            None => {
                store.next_seq += 1;
                let seq = store.next_seq;
                store.records.insert(
                    record_key.clone(),
                    Record {
                        fingerprint: fingerprint.clone(),
                        status: None,
                        body: String::new(),
                        content_type: None,
                        seq,
                    },
                );
                prune(store);
                Ok(())
            }
        }
    });
    match claimed {
        Ok(Ok(())) => {}
        Ok(Err(response)) => return response,
        Err(e) => return problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (parts, body) = response.into_parts();
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let content_type =
        parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let status = parts.status.as_u16();
    let stored = ctx.state.update(|s| {
        let store = &mut s.app_api.idempotency;
        if parts.status.is_server_error() {
            // A failure of ours is not an answer: the client may try again.
            store.records.remove(&record_key);
        } else if let Some(r) = store.records.get_mut(&record_key) {
            r.status = Some(status);
            r.body = String::from_utf8_lossy(&body).into_owned();
            r.content_type = content_type;
        }
    });
    if let Err(e) = stored {
        return problem::response(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string());
    }
    Response::from_parts(parts, Body::from(body))
}

/// The guard's problems with the app API's `code` for their status; the
/// title stays the readable sentence it always was.
fn coded(status: StatusCode, title: &str) -> Response {
    let code = match status {
        StatusCode::CONFLICT => "IDEMPOTENCY_IN_FLIGHT",
        StatusCode::UNPROCESSABLE_ENTITY => "IDEMPOTENCY_KEY_REUSED",
        _ => "VALIDATION_ERROR",
    };
    problem::coded(status, code, title, title)
}

fn replay(status: u16, body: &str, content_type: Option<&str>) -> Response {
    let mut response =
        (StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body.to_owned()).into_response();
    if let Some(value) = content_type.and_then(|ct| HeaderValue::from_str(ct).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    response
}

fn fingerprint(method: &Method, path: &str, body: &Bytes) -> String {
    let mut hash = Sha256::new();
    hash.update(method.as_str());
    hash.update([0]);
    hash.update(path);
    hash.update([0]);
    hash.update(body);
    hex::encode(hash.finalize())
}

fn prune(store: &mut IdempotencyState) {
    while store.records.len() > MAX_RECORDS {
        let Some(oldest) = store.records.iter().min_by_key(|(_, r)| r.seq).map(|(k, _)| k.clone())
        else {
            break;
        };
        store.records.remove(&oldest);
    }
}
