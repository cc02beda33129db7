//! `application/problem+json` answers (RFC 9457) of the app API.
//!
//! [`response`] is the bare form; [`coded`] adds the app API's `code`
//! member (`VALIDATION_ERROR`, `UNAUTHORIZED`, `NOT_FOUND`, …) and a
//! `detail`, [`coded_with`] further members (e.g. `paymentId`).

use axum::{
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};

/// A problem+json response with `title` and the status.
pub fn response(status: StatusCode, title: &str) -> Response {
    let body = json!({
        "type": "about:blank",
        "title": title,
        "status": status.as_u16(),
    });
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

/// A problem+json response with `title`, `detail` and the app API's `code`.
pub fn coded(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    coded_with(status, code, title, detail, Map::new())
}

/// [`coded`] with `extra` members added to the body.
pub fn coded_with(
    status: StatusCode,
    code: &str,
    title: &str,
    detail: &str,
    extra: Map<String, Value>,
) -> Response {
    let mut body = Map::new();
    body.insert("type".into(), json!("about:blank"));
    body.insert("title".into(), json!(title));
    body.insert("status".into(), json!(status.as_u16()));
    body.insert("detail".into(), json!(detail));
    body.insert("code".into(), json!(code));
    body.extend(extra);
    (status, [(header::CONTENT_TYPE, "application/problem+json")], Value::Object(body).to_string())
        .into_response()
}
