//! Shared by the notice tests (next to `payment_support`, whose `City`
//! starts the sandbox and logs in): the seeded notice ids, conditional
//! GETs, raw downloads, reply bodies and hand-made multipart uploads.

#![allow(dead_code)]

use base64::{Engine, engine::general_purpose::STANDARD};
use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256, Sha512};

use crate::payment_support::{Answer, City};

/// demo-adult: Gebührenbescheid Sondernutzung Gehweg (payable, not retrieved).
pub const FEE_NOTICE: &str = "6a1f6b0e-2f7c-4a5e-9a38-3a2c0b9f1d21";
/// demo-adult: Hundesteuer 2026 (retrieved a month ago, objection due soon).
pub const DOG_TAX: &str = "2b7c9d4e-5f60-4a1b-8c2d-3e4f5a6b7c02";
/// demo-adult: Anhörung, never retrieved, window passed.
pub const HEARING: &str = "3c8d0e5f-6a71-4b2c-9d3e-4f5a6b7c8d03";
/// demo-adult: Elternbeiträge Kita, BundID Postfach (§ 9 OZG).
pub const KITA: &str = "4d9e1f60-7b82-4c3d-ae4f-5a6b7c8d9e04";
/// demo-pass: Bewilligung Leipzig-Pass 2027 (acknowledge only).
pub const PASS: &str = "5e0f2a71-8c93-4d4e-bf50-6b7c8d9e0f05";

/// A 1×1 PNG.
pub fn png() -> Vec<u8> {
    let base64 = concat!(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    );
    STANDARD.decode(base64).expect("png")
}

/// A small PDF-looking file.
pub fn pdf(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n% Nachweis\n".to_vec();
    bytes.resize(size.max(bytes.len()), b' ');
    bytes
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn sha512(bytes: &[u8]) -> String {
    hex::encode(Sha512::digest(bytes))
}

/// Today in Leipzig by the sandbox clock.
pub async fn berlin_today(city: &City) -> NaiveDate {
    let clock = city.control("clock", None).await;
    let now: chrono::DateTime<Utc> =
        clock["now"].as_str().and_then(|t| t.parse().ok()).expect("clock");
    now.with_timezone(&chrono_tz::Europe::Berlin).date_naive()
}

pub fn day(text: &Value) -> NaiveDate {
    text.as_str().and_then(|t| t.parse().ok()).unwrap_or_else(|| panic!("not a date: {text}"))
}

/// `GET /v1/{path}` with `If-None-Match`.
pub async fn get_if(city: &City, token: &str, path: &str, etag: &str) -> Answer {
    let response = city
        .http
        .get(city.url(&format!("v1/{path}")))
        .bearer_auth(token)
        .header("if-none-match", etag)
        .send()
        .await
        .expect("get");
    Answer::of(response).await
}

/// The bytes of an attachment: status, content type, bytes.
pub async fn download(
    city: &City,
    token: &str,
    notice: &str,
    aid: &str,
) -> (StatusCode, String, Vec<u8>) {
    let response = city
        .http
        .get(city.url(&format!("v1/notices/{notice}/attachments/{aid}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("download");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.bytes().await.expect("bytes").to_vec())
}

/// A notice; expects `200`.
pub async fn notice(city: &City, token: &str, id: &str) -> Value {
    let answer = city.get(token, &format!("notices/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

/// Reports a retrieval with `key`.
pub async fn retrieve(city: &City, token: &str, id: &str, key: &str) -> Answer {
    let body = json!({"retrievedAtDevice": "2026-11-26T12:00:00+01:00"});
    city.post(token, &format!("notices/{id}/retrievals"), key, body).await
}

/// An `ACKNOWLEDGE` reply.
pub fn acknowledge(notice: &str, reply_id: &str) -> Value {
    json!({
        "replyId": reply_id, "noticeId": notice, "type": "ACKNOWLEDGE",
        "createdAtDevice": "2026-11-26T12:00:00+01:00",
        "payload": {"acknowledge": {}}
    })
}

/// An `OBJECTION` with its binding declaration.
pub fn objection(notice: &str, reply_id: &str, text: &str) -> Value {
    json!({
        "replyId": reply_id, "noticeId": notice, "type": "OBJECTION",
        "createdAtDevice": "2026-11-26T12:00:00+01:00",
        "declaration": {
            "bindingConfirmed": true,
            "confirmationText": "Ich erhebe hiermit verbindlich Widerspruch gegen den Bescheid.",
            "confirmedAt": "2026-11-26T11:59:30Z"
        },
        "payload": {"objection": {"text": text, "requestsSuspension": true}}
    })
}

/// Posts a JSON reply.
pub async fn reply(city: &City, token: &str, notice: &str, key: &str, body: Value) -> Answer {
    city.post(token, &format!("notices/{notice}/replies"), key, body).await
}

/// A file of an upload: client id, media type, bytes.
pub struct File {
    pub id: &'static str,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

/// The `reply` part of an upload declaring `files`.
pub fn upload_reply(notice: &str, reply_id: &str, files: &[File]) -> Value {
    let attachments: Vec<Value> = files
        .iter()
        .map(|f| {
            json!({
                "clientFileId": f.id, "fileName": format!("Nachweis {}.bin", f.id),
                "mimeType": f.mime, "sizeBytes": f.bytes.len(), "sha256": sha256(&f.bytes)
            })
        })
        .collect();
    json!({
        "replyId": reply_id, "noticeId": notice, "type": "UPLOAD_DOCUMENT",
        "createdAtDevice": "2026-11-26T12:00:00+01:00",
        "payload": {"uploadDocument": {"note": "Die Paletten sind entfernt, Foto anbei."}},
        "attachments": attachments
    })
}

/// A `multipart/form-data` body: `reply`, then `file-{id}` per file, plus
/// `extra` parts as (name, bytes).
pub fn multipart(reply: &Value, files: &[File], extra: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----lnbm-test-7f3a9c".to_owned();
    let mut body = Vec::new();
    let mut part = |headers: String, bytes: &[u8]| {
        body.extend_from_slice(format!("--{boundary}\r\n{headers}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"reply\"\r\nContent-Type: application/json"
            .to_owned(),
        reply.to_string().as_bytes(),
    );
    for f in files {
        let headers = format!(
            "Content-Disposition: form-data; name=\"file-{}\"; filename=\"{}\"\r\nContent-Type: {}",
            f.id, f.id, f.mime
        );
        part(headers, &f.bytes);
    }
    for (name, bytes) in extra {
        part(format!("Content-Disposition: form-data; name=\"{name}\""), bytes);
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

/// Posts an upload.
pub async fn upload(
    city: &City,
    token: &str,
    notice: &str,
    key: &str,
    reply: &Value,
    files: &[File],
    extra: &[(&str, &[u8])],
) -> Answer {
    let (boundary, body) = multipart(reply, files, extra);
    let mut request = city
        .http
        .post(city.url(&format!("v1/notices/{notice}/replies")))
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body);
    if !token.is_empty() {
        request = request.bearer_auth(token);
    }
    if !key.is_empty() {
        request = request.header("idempotency-key", key);
    }
    Answer::of(request.send().await.expect("upload")).await
}

/// Every reply the city received (control).
pub async fn received(city: &City) -> Vec<Value> {
    city.control("notices/replies", None).await.as_array().cloned().unwrap_or_default()
}

/// Asserts a problem's status, code and (when given) field.
pub fn assert_problem(answer: &Answer, status: StatusCode, code: &str, field: Option<&str>) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
    assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    if let Some(field) = field {
        assert_eq!(answer.body["field"], field, "{}", answer.body);
    }
}

/// A fresh UUID.
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}
