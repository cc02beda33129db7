//! Every request the sandbox served, so tests can prove what arrived.
//!
//! `/_sandbox/` control calls are not logged: the log shows what the app
//! sent, nothing else.

use std::sync::{Arc, Mutex, PoisonError};

use axum::{
    extract::{Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::Response,
};
use serde::Serialize;

/// Most entries kept; older ones are dropped first.
const MAX_ENTRIES: usize = 10_000;

/// One served request.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LoggedRequest {
    /// Position in the log since the last reset, from 1.
    pub seq: u64,
    /// HTTP method.
    pub method: String,
    /// Path and query.
    pub uri: String,
    /// Status sent, or `None` when the connection was cut before a response.
    pub status: Option<u16>,
    /// `If-None-Match` sent by the client.
    pub if_none_match: Option<String>,
    /// `If-Modified-Since` sent by the client.
    pub if_modified_since: Option<String>,
    /// `Idempotency-Key` sent by the client.
    pub idempotency_key: Option<String>,
    /// Name of the fault injected into this request, if any.
    pub fault: Option<String>,
}

/// The log, shared by the middleware and the control routes.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    inner: Arc<Mutex<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    next_seq: u64,
    entries: Vec<LoggedRequest>,
}

/// Marks a request as carrying an injected fault (set by the fault layer).
#[derive(Debug, Clone)]
pub struct FaultTag(pub String);

impl RequestLog {
    /// A copy of every entry, oldest first.
    pub fn entries(&self) -> Vec<LoggedRequest> {
        self.lock().entries.clone()
    }

    /// Empties the log and restarts numbering.
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a request before it is handled; returns its sequence number.
    fn open(&self, method: &str, uri: &str, headers: &HeaderMap) -> u64 {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut inner = self.lock();
        inner.next_seq += 1;
        let seq = inner.next_seq;
        inner.entries.push(LoggedRequest {
            seq,
            method: method.to_owned(),
            uri: uri.to_owned(),
            status: None,
            if_none_match: text(header::IF_NONE_MATCH.as_str()),
            if_modified_since: text(header::IF_MODIFIED_SINCE.as_str()),
            idempotency_key: text("idempotency-key"),
            fault: None,
        });
        if inner.entries.len() > MAX_ENTRIES {
            inner.entries.remove(0);
        }
        seq
    }

    fn close(&self, seq: u64, status: Option<u16>, fault: Option<String>) {
        let mut inner = self.lock();
        if let Some(entry) = inner.entries.iter_mut().rev().find(|e| e.seq == seq) {
            entry.status = status;
            entry.fault = entry.fault.take().or(fault);
        }
    }

    fn tag(&self, seq: u64, fault: &str) {
        let mut inner = self.lock();
        if let Some(entry) = inner.entries.iter_mut().rev().find(|e| e.seq == seq) {
            entry.fault = Some(fault.to_owned());
        }
    }
}

/// The sequence number of the current request, for layers below the log.
#[derive(Debug, Clone, Copy)]
pub struct LogSeq(pub u64);

/// Middleware: logs every request outside `/_sandbox/`.
pub async fn record(State(log): State<RequestLog>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/_sandbox/") {
        return next.run(req).await;
    }
    let uri = req.uri().path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default();
    let seq = log.open(req.method().as_str(), &uri, req.headers());
    req.extensions_mut().insert(LogSeq(seq));
    req.extensions_mut().insert(log.clone());
    // If the connection is cut inside `next`, this future is dropped and
    // the entry keeps `status: None` — exactly what happened on the wire.
    let response = next.run(req).await;
    let fault = response.extensions().get::<FaultTag>().map(|t| t.0.clone());
    log.close(seq, Some(response.status().as_u16()), fault);
    response
}

/// Notes on the log entry of `seq` that a fault was injected.
pub fn tag_fault(log: &RequestLog, seq: LogSeq, fault: &str) {
    log.tag(seq.0, fault);
}
