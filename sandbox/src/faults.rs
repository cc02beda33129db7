//! Fault injection for the next requests to a path.
//!
//! A test posts a [`FaultSpec`] to `/_sandbox/faults`; the next `times`
//! requests whose path starts with `path` get the fault instead of (or on
//! top of) the normal answer. Production code never calls these routes.

use std::{
    convert::Infallible,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::{
    request_log::{FaultTag, LogSeq, RequestLog, tag_fault},
    server::ConnectionKill,
};

/// One fault, applied to the next `times` matching requests.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FaultSpec {
    /// Path prefix the fault applies to, e.g. `/newsfeed/rss.xml`.
    pub path: String,
    /// Only this method (e.g. `POST`), or any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// How many requests get the fault.
    #[serde(default = "one")]
    pub times: u32,
    /// What happens.
    #[serde(flatten)]
    pub action: FaultAction,
}

fn one() -> u32 {
    1
}

/// What a fault does to a request.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FaultAction {
    /// Answer with this status (and `Retry-After`) without handling.
    Status {
        /// HTTP status.
        status: u16,
        /// `Retry-After` value, sent as given.
        #[serde(default)]
        retry_after: Option<String>,
        /// A ZMS error code: the body is then ZMS's `{"errors":[…]}`
        /// envelope instead of problem+json.
        #[serde(default)]
        error_code: Option<String>,
    },
    /// Wait, then handle normally.
    Latency {
        /// Delay in milliseconds.
        ms: u64,
    },
    /// Cut the connection before handling: nothing happened on the server.
    Reset,
    /// Handle (and commit) normally, then cut the connection: the client
    /// never learns that the server did it.
    DropAfterCommit,
    /// Handle normally, send the status, headers and the first
    /// `after_bytes` bytes of the body, then cut the connection.
    CutBody {
        /// Bytes of the body sent before the cut.
        after_bytes: usize,
    },
    /// Answer `200` with this body instead of handling.
    Body {
        /// `Content-Type` to send.
        #[serde(default)]
        content_type: Option<String>,
        /// The body text.
        #[serde(default)]
        body: String,
        /// The body as hex, for bytes that are not UTF-8; wins over `body`.
        #[serde(default)]
        body_hex: Option<String>,
    },
    /// Answer `200` with `bytes` bytes of filler.
    HugeBody {
        /// Body length.
        bytes: u64,
        /// `Content-Type` to send.
        #[serde(default)]
        content_type: Option<String>,
        /// Send chunked, without a `Content-Length` the client could check.
        #[serde(default)]
        chunked: bool,
    },
}

impl FaultAction {
    fn name(&self) -> &'static str {
        match self {
            FaultAction::Status { .. } => "status",
            FaultAction::Latency { .. } => "latency",
            FaultAction::Reset => "reset",
            FaultAction::DropAfterCommit => "drop_after_commit",
            FaultAction::CutBody { .. } => "cut_body",
            FaultAction::Body { .. } => "body",
            FaultAction::HugeBody { .. } => "huge_body",
        }
    }
}

/// The faults waiting for their requests.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    pending: Arc<Mutex<Vec<FaultSpec>>>,
}

impl Faults {
    /// Queues a fault.
    pub fn add(&self, spec: FaultSpec) {
        if spec.times > 0 {
            self.lock().push(spec);
        }
    }

    /// Faults still waiting.
    pub fn pending(&self) -> Vec<FaultSpec> {
        self.lock().clone()
    }

    /// Drops every waiting fault.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultSpec>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes one use of the first fault matching this request.
    fn take(&self, method: &str, path: &str) -> Option<FaultAction> {
        let mut pending = self.lock();
        let index = pending.iter().position(|f| {
            path.starts_with(&f.path)
                && f.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method))
        })?;
        let spec = &mut pending[index];
        spec.times -= 1;
        let action = spec.action.clone();
        if spec.times == 0 {
            pending.remove(index);
        }
        Some(action)
    }
}

/// Middleware: applies a waiting fault to the request, if one matches.
pub async fn apply(State(faults): State<Faults>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/_sandbox/") {
        return next.run(req).await;
    }
    let Some(action) = faults.take(req.method().as_str(), req.uri().path()) else {
        return next.run(req).await;
    };
    if let (Some(log), Some(seq)) =
        (req.extensions().get::<RequestLog>(), req.extensions().get::<LogSeq>())
    {
        tag_fault(log, *seq, action.name());
    }
    let kill = req.extensions().get::<ConnectionKill>().cloned();
    let mut response = match action.clone() {
        FaultAction::Status { status, retry_after, error_code } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = match error_code {
                Some(code) => {
                    let mut entry = crate::zms::errors::entry(&code);
                    entry["errorCode"] = code.into();
                    entry["statusCode"] = status.as_u16().into();
                    (status, axum::Json(serde_json::json!({ "errors": [entry] }))).into_response()
                }
                None => crate::problem::response(status, "Injected fault").into_response(),
            };
            if let Some(value) = retry_after.and_then(|v| HeaderValue::from_str(&v).ok()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        FaultAction::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        FaultAction::Reset => return cut(kill).await,
        FaultAction::DropAfterCommit => {
            let _committed = next.run(req).await;
            return cut(kill).await;
        }
        FaultAction::CutBody { after_bytes } => {
            let (parts, body) = next.run(req).await.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let head = bytes.slice(..after_bytes.min(bytes.len()));
            let chunks: [Result<Bytes, std::io::Error>; 2] =
                [Ok(head), Err(std::io::Error::other("connection cut by fault"))];
            let mut parts = parts;
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
        }
        FaultAction::Body { content_type, body, body_hex } => {
            let bytes = match body_hex.map(hex::decode) {
                Some(Ok(bytes)) => bytes,
                Some(Err(_)) => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
                None => body.into_bytes(),
            };
            with_type(Body::from(bytes), content_type, None)
        }
        FaultAction::HugeBody { bytes, content_type, chunked } => {
            with_type(filler(bytes), content_type, (!chunked).then_some(bytes))
        }
    };
    response.extensions_mut().insert(FaultTag(action.name().to_owned()));
    response
}

/// Ends the connection without a response and never returns.
async fn cut(kill: Option<ConnectionKill>) -> Response {
    if let Some(kill) = kill {
        kill.kill();
        std::future::pending::<()>().await;
    }
    // Only reachable outside the sandbox's own server (e.g. in unit tests).
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

fn with_type(body: Body, content_type: Option<String>, length: Option<u64>) -> Response {
    let mut response = Response::new(body);
    let ct = content_type.unwrap_or_else(|| "application/rss+xml; charset=utf-8".to_owned());
    if let Ok(value) = HeaderValue::from_str(&ct) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    if let Some(length) = length {
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    response
}

/// `bytes` bytes of XML-comment filler, streamed in 64 KiB chunks.
fn filler(bytes: u64) -> Body {
    const CHUNK: u64 = 64 * 1024;
    let chunk = Bytes::from(vec![b'x'; CHUNK as usize]);
    let full = bytes / CHUNK;
    let rest = (bytes % CHUNK) as usize;
    let chunks = (0..full)
        .map(move |_| chunk.clone())
        .chain((rest > 0).then(|| Bytes::from(vec![b'x'; rest])))
        .map(Ok::<_, Infallible>);
    Body::from_stream(futures_util::stream::iter(chunks))
}
