//! `UPLOAD_DOCUMENT` replies as `multipart/form-data`: a part `reply`
//! (the reply JSON with `attachments: [{clientFileId, fileName, mimeType,
//! sizeBytes, sha256}]`) and a part `file-{clientFileId}` per file.
//!
//! Files are streamed, never held: each is hashed (SHA-256), counted and
//! its first bytes kept for sniffing. A file over the limit is read to its
//! end without hashing, so the client gets the `413` instead of a reset.

use axum::{
    body::Body,
    extract::multipart::{Multipart, MultipartError},
    http::StatusCode,
    response::Response,
};
use futures_util::StreamExt;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{
    MAX_REPLY_BODY, invalid,
    model::{MAX_BYTES_PER_FILE, MAX_FILES, UPLOAD_MIME_TYPES},
    store::ReceivedFile,
};
use crate::problem;

/// Parts accepted in one request (the reply and ten files, with room).
const MAX_PARTS: usize = 32;
/// Largest `reply` part.
pub const MAX_REPLY_PART: usize = 256 * 1024;

/// A file part as received.
#[derive(Debug, Clone)]
pub struct FilePart {
    /// The name after `file-`.
    pub client_file_id: String,
    /// The part's `Content-Type`.
    pub content_type: Option<String>,
    /// Bytes received.
    pub size: u64,
    /// Hex SHA-256 (meaningless when over the limit).
    pub sha256: String,
    /// The first bytes.
    pub head: Vec<u8>,
}

/// The parts of an upload.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    /// The `reply` part (`None` when missing).
    pub reply: Option<Vec<u8>>,
    /// The `reply` part was over [`MAX_REPLY_PART`].
    pub reply_too_large: bool,
    /// File parts in order.
    pub files: Vec<FilePart>,
    /// Parts with other names (or repeated).
    pub unknown: Vec<String>,
}

/// `413 FILE_TOO_LARGE`.
pub fn too_large(detail: &str) -> Response {
    problem::coded(StatusCode::PAYLOAD_TOO_LARGE, "FILE_TOO_LARGE", "File too large", detail)
}

/// `415 UNSUPPORTED_MEDIA_TYPE`.
pub fn unsupported(detail: &str) -> Response {
    problem::coded(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "UNSUPPORTED_MEDIA_TYPE",
        "Unsupported media type",
        detail,
    )
}

fn stream_error(e: &MultipartError) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(&format!("The request is larger than {MAX_REPLY_BODY} bytes"))
    } else {
        invalid("multipart", &format!("The multipart body cannot be read: {}", e.body_text()))
    }
}

/// Reads the whole body into an [`Upload`] (files hashed, not kept).
pub async fn read(mut multipart: Multipart) -> Result<Upload, Response> {
    let mut upload = Upload::default();
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(|e| stream_error(&e))? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(invalid("attachments", "Too many parts"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        let content_type = field.content_type().map(str::to_owned);
        let file_id = name.strip_prefix("file-").map(str::to_owned);
        let wanted_reply = name == "reply" && upload.reply.is_none();
        let duplicate =
            file_id.as_ref().is_some_and(|id| upload.files.iter().any(|f| &f.client_file_id == id));
        let mut hash = Sha256::new();
        let mut size: u64 = 0;
        let mut kept = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| stream_error(&e))? {
            size = size.saturating_add(u64::try_from(chunk.len()).unwrap_or(u64::MAX));
            if wanted_reply && kept.len() + chunk.len() <= MAX_REPLY_PART {
                kept.extend_from_slice(&chunk);
            } else if wanted_reply {
                upload.reply_too_large = true;
            } else if file_id.is_some() && !duplicate {
                if size <= MAX_BYTES_PER_FILE {
                    hash.update(&chunk);
                }
                let room = 8usize.saturating_sub(kept.len());
                kept.extend(chunk.iter().take(room));
            }
        }
        match file_id {
            _ if wanted_reply => upload.reply = Some(kept),
            Some(client_file_id) if !duplicate => upload.files.push(FilePart {
                client_file_id,
                content_type,
                size,
                sha256: hex::encode(hash.finalize()),
                head: kept,
            }),
            _ => upload.unknown.push(name),
        }
    }
    Ok(upload)
}

/// Reads and drops the rest of a body (bounded by its limit), so a client
/// still sending gets the answer instead of a reset connection.
pub async fn drain(body: Body) {
    let mut stream = body.into_data_stream();
    while let Some(Ok(_)) = stream.next().await {}
}

/// Whether `head` starts like a file of `mime`.
pub fn sniff(mime: &str, head: &[u8]) -> bool {
    match mime {
        "application/pdf" => head.starts_with(b"%PDF-"),
        "image/png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => head.starts_with(b"\xff\xd8\xff"),
        _ => false,
    }
}

/// The media type without parameters, lower case.
fn essence(mime: &str) -> String {
    mime.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_client_file_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Checks the declared `attachments` against the parts received; the files
/// as the city records them.
pub fn check(declared: Option<&Value>, upload: &Upload) -> Result<Vec<ReceivedFile>, Response> {
    let Some(Value::Array(declared)) = declared else {
        return Err(invalid("attachments", "attachments must list the files"));
    };
    if declared.is_empty() || declared.len() > MAX_FILES {
        return Err(invalid("attachments", &format!("Send 1 to {MAX_FILES} files")));
    }
    if let Some(name) = upload.unknown.first() {
        return Err(invalid(name, &format!("Unknown or repeated part \"{name}\"")));
    }
    let mut received = Vec::with_capacity(declared.len());
    for (i, entry) in declared.iter().enumerate() {
        let field = |name: &str| format!("attachments[{i}].{name}");
        let text = |name: &str| entry.get(name).and_then(Value::as_str);
        let Some(id) = text("clientFileId").filter(|id| is_client_file_id(id)) else {
            return Err(invalid(&field("clientFileId"), "1-64 characters of [A-Za-z0-9._-]"));
        };
        if received.iter().any(|f: &ReceivedFile| f.client_file_id == id) {
            return Err(invalid(&field("clientFileId"), "clientFileId appears twice"));
        }
        let Some(file_name) = text("fileName").filter(|n| {
            !n.trim().is_empty()
                && n.chars().count() <= 255
                && !n.chars().any(|c| c.is_control() || c == '/' || c == '\\')
        }) else {
            return Err(invalid(&field("fileName"), "A file name without path, 1-255 characters"));
        };
        let Some(mime) = text("mimeType").map(essence) else {
            return Err(invalid(&field("mimeType"), "mimeType is required"));
        };
        if !UPLOAD_MIME_TYPES.contains(&mime.as_str()) {
            return Err(unsupported(&format!(
                "{mime} is not accepted; send {}",
                UPLOAD_MIME_TYPES.join(", ")
            )));
        }
        let Some(size_bytes) = entry.get("sizeBytes").and_then(Value::as_u64) else {
            return Err(invalid(&field("sizeBytes"), "sizeBytes must be a whole number"));
        };
        let Some(sha256) = text("sha256")
            .filter(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(str::to_ascii_lowercase)
        else {
            return Err(invalid(&field("sha256"), "sha256 must be 64 hex digits"));
        };
        let Some(part) = upload.files.iter().find(|f| f.client_file_id == id) else {
            return Err(invalid(&format!("file-{id}"), &format!("The part file-{id} is missing")));
        };
        if part.size > MAX_BYTES_PER_FILE || size_bytes > MAX_BYTES_PER_FILE {
            return Err(too_large(&format!(
                "attachments[{i}] is larger than {MAX_BYTES_PER_FILE} bytes"
            )));
        }
        let part_type = part.content_type.as_deref().map(essence);
        if part_type.as_deref().is_some_and(|t| t != mime && t != "application/octet-stream") {
            return Err(unsupported(&format!("The part file-{id} is not {mime}")));
        }
        if !sniff(&mime, &part.head) {
            return Err(unsupported(&format!("attachments[{i}] is not a {mime} file")));
        }
        if part.size != size_bytes {
            return Err(invalid(&field("sizeBytes"), "sizeBytes differs from the bytes received"));
        }
        if part.sha256 != sha256 {
            return Err(invalid(&field("sha256"), "sha256 differs from the bytes received"));
        }
        received.push(ReceivedFile {
            client_file_id: id.to_owned(),
            file_name: file_name.to_owned(),
            mime_type: mime,
            size_bytes,
            sha256,
        });
    }
    if let Some(extra) =
        upload.files.iter().find(|f| !received.iter().any(|r| r.client_file_id == f.client_file_id))
    {
        let name = format!("file-{}", extra.client_file_id);
        return Err(invalid(&name, &format!("The part {name} is not listed in attachments")));
    }
    Ok(received)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_allowed_types() {
        assert!(sniff("application/pdf", b"%PDF-1.7"));
        assert!(!sniff("application/pdf", b"hello"));
        assert!(sniff("image/png", b"\x89PNG\r\n\x1a\n"));
        assert!(sniff("image/jpeg", b"\xff\xd8\xff\xe0"));
        assert!(!sniff("text/plain", b"%PDF-"));
        assert_eq!(essence("Application/PDF; charset=binary"), "application/pdf");
    }
}
