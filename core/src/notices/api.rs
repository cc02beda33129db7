//! The notice endpoints of the city's app API: the mailbox (cursor pages,
//! `ETag`), one notice, its PDFs, the retrieval report and replies (JSON,
//! or multipart with files). The city alone speaks to the BundID Postfach
//! and FIT-Connect; the phone never holds their credentials.

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::wire::{NoticePage, ReceiptList, WireDeadline, WireNotice, WireReceipt, checked_id};
use crate::{
    app_api::{AppApiClient, Call},
    error::{Error, Result},
};

/// Largest PDF downloaded (the city's limit is 20 MiB).
pub const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;
/// Most pages of the mailbox read in one sync.
const MAX_PAGES: usize = 50;

/// The mailbox's first page did not change.
#[derive(Debug)]
pub enum Mailbox {
    /// `304`: nothing new.
    NotModified,
    /// Every notice, with the first page's `ETag`.
    Notices {
        /// All pages.
        notices: Vec<WireNotice>,
        /// The first page's `ETag`.
        etag: Option<String>,
    },
}

/// What the city answered to a retrieval report.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Retrieval {
    /// The first retrieval the city recorded (RFC 3339).
    pub first_retrieved_at: Option<String>,
    /// The day it counts as announced.
    #[serde(default)]
    pub bekanntgabe_at: Option<String>,
    /// Deadlines fixed by it.
    #[serde(default)]
    pub deadlines: Vec<WireDeadline>,
}

/// The notice endpoints.
#[derive(Debug, Clone)]
pub struct NoticesApi {
    client: Arc<AppApiClient>,
}

impl NoticesApi {
    /// Over the app API client.
    pub fn new(client: Arc<AppApiClient>) -> Self {
        Self { client }
    }

    /// Every notice of the citizen, or `NotModified` when the first page's
    /// `ETag` still matches `etag`.
    pub async fn mailbox(&self, etag: Option<&str>, token: &str) -> Result<Mailbox> {
        let mut notices = Vec::new();
        let mut cursor: Option<String> = None;
        let mut first_etag = None;
        for page in 0..MAX_PAGES {
            let path = match &cursor {
                Some(c) => format!(
                    "notices?cursor={}",
                    url::form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>()
                ),
                None => "notices".to_owned(),
            };
            let call = Call {
                path: &path,
                bearer: Some(token),
                if_none_match: if page == 0 { etag } else { None },
                ..Call::default()
            };
            let answer = self.client.send(&call).await?;
            if page == 0 && answer.status == StatusCode::NOT_MODIFIED {
                return Ok(Mailbox::NotModified);
            }
            if page == 0 {
                first_etag.clone_from(&answer.etag);
            }
            let body: NoticePage = answer.into_json("notice list")?.value;
            notices.extend(body.notices);
            match body.next_cursor {
                Some(next) if !next.is_empty() => cursor = Some(next),
                _ => return Ok(Mailbox::Notices { notices, etag: first_etag }),
            }
        }
        Err(Error::InvalidResponse { what: "notice list", reason: "too many pages".to_owned() })
    }

    /// One notice.
    pub async fn notice(&self, id: &str, token: &str) -> Result<WireNotice> {
        let path = format!("notices/{}", checked_id(id)?);
        let call = Call { path: &path, bearer: Some(token), ..Call::default() };
        Ok(self.client.send(&call).await?.into_json("notice")?.value)
    }

    /// The bytes of one attachment (not yet verified: the caller checks the hash).
    pub async fn attachment(&self, id: &str, attachment: &str, token: &str) -> Result<Vec<u8>> {
        let path = format!("notices/{}/attachments/{}", checked_id(id)?, checked_id(attachment)?);
        let call = Call {
            path: &path,
            bearer: Some(token),
            accept: Some("application/pdf, image/*"),
            max_body: Some(MAX_ATTACHMENT_BYTES),
            ..Call::default()
        };
        let answer = self.client.send(&call).await?;
        if !answer.status.is_success() {
            return Err(answer.into_error());
        }
        Ok(answer.body.to_vec())
    }

    /// Reports the first retrieval (`key` makes retries safe; the city keeps
    /// the first time whatever happens).
    pub async fn report_retrieval(
        &self,
        id: &str,
        body: &Value,
        key: &str,
        token: &str,
    ) -> Result<Retrieval> {
        let path = format!("notices/{}/retrievals", checked_id(id)?);
        let call = Call {
            method: Method::POST,
            path: &path,
            body: Some(body),
            idempotency_key: Some(key),
            bearer: Some(token),
            ..Call::default()
        };
        Ok(self.client.send(&call).await?.into_json("retrieval")?.value)
    }

    /// Sends a reply: JSON, or multipart (`content_type` with its boundary).
    pub async fn reply(
        &self,
        id: &str,
        body: (&str, &[u8]),
        key: &str,
        token: &str,
    ) -> Result<WireReceipt> {
        let path = format!("notices/{}/replies", checked_id(id)?);
        let call = Call {
            method: Method::POST,
            path: &path,
            raw_body: Some(body),
            idempotency_key: Some(key),
            bearer: Some(token),
            ..Call::default()
        };
        Ok(self.client.send(&call).await?.into_json("reply receipt")?.value)
    }

    /// The replies the city has received for a notice.
    pub async fn receipts(&self, id: &str, token: &str) -> Result<Vec<WireReceipt>> {
        let path = format!("notices/{}/replies", checked_id(id)?);
        let call = Call { path: &path, bearer: Some(token), ..Call::default() };
        let list: ReceiptList = self.client.send(&call).await?.into_json("reply list")?.value;
        Ok(list.replies)
    }
}

/// A `multipart/form-data` body (RFC 7578): a JSON part `reply` and one
/// part per file named `file-{id}`. Returns the content type and the bytes.
pub fn multipart(reply: &Value, files: &[(String, String, String, Vec<u8>)]) -> (String, Vec<u8>) {
    let boundary = format!("lnbm-{}", uuid::Uuid::new_v4().simple());
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
    for (id, name, mime, bytes) in files {
        // Names were checked: no quotes, slashes or line breaks.
        part(
            format!(
                "Content-Disposition: form-data; name=\"file-{id}\"; filename=\"{name}\"\r\nContent-Type: {mime}"
            ),
            bytes,
        );
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}
