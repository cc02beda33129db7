//! Outbox senders of the notice actions: the first-retrieval report and
//! replies. A reply is "received by the city" only with the city's receipt
//! and time; an attempt after one that may have arrived first asks the city
//! whether it already has the reply, so none is ever sent twice.

use std::sync::Arc;

use rusqlite::{OptionalExtension, Transaction};
use serde_json::{Value, json};

use super::{
    api::{NoticesApi, multipart},
    model::ReplyKind,
    store,
    wire::{self, WireReceipt},
};
use crate::{
    account::AccountService,
    app::Context,
    crypto::Sealer,
    error::{AuthError, Error, Result},
    listeners::Listeners,
    outbox::{Deliverer, Delivery, DeliveryFuture, OutboxEntry},
};

/// Outbox kind of the first-retrieval report.
pub const RETRIEVAL: &str = "notice.retrieval";
/// Outbox kind of a reply.
pub const REPLY: &str = "notice.reply";

/// Outbox target of a notice's actions (the report goes before replies).
pub fn notice_target(id: &str) -> String {
    format!("notice:{id}")
}

fn notice_of(entry: &OutboxEntry) -> Option<&str> {
    entry.target.strip_prefix("notice:")
}

/// Why an action waits for a login (not refused by the city).
const NEEDS_LOGIN: &str = "log in to send this";

/// What a failed request means for an action of the citizen.
fn outcome(e: &Error) -> Delivery {
    match e {
        Error::Auth(AuthError::NotLoggedIn | AuthError::LoginRequired) => {
            Delivery::NeedsUser { reason: NEEDS_LOGIN.to_owned() }
        }
        Error::HttpStatus { status: 400 | 403 | 404 | 409 | 410 | 413 | 415 | 422, .. } => {
            Delivery::NeedsUser { reason: e.to_string() }
        }
        _ => Delivery::from_error(e),
    }
}

/// Everything a notice sender needs.
#[derive(Debug, Clone)]
pub struct NoticeSender {
    pub(crate) ctx: Context,
    pub(crate) api: NoticesApi,
    pub(crate) account: Arc<AccountService>,
    pub(crate) sealer: Sealer,
    pub(crate) listeners: Listeners,
}

/// Reports the first retrieval.
#[derive(Debug)]
pub struct RetrievalDeliverer(pub NoticeSender);

impl RetrievalDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Delivery {
        let s = &self.0;
        let Some(id) = notice_of(entry) else {
            return Delivery::NeedsUser { reason: "malformed notice action".to_owned() };
        };
        let (api, body, key) = (&s.api, &entry.payload, entry.id.as_str());
        let sent = s
            .account
            .with_access_token(|t| async move { api.report_retrieval(id, body, key, &t).await });
        match sent.await {
            Ok(r) => Delivery::Acked {
                server_time: r.first_retrieved_at.clone(),
                result: json!({
                    "firstRetrievedAt": r.first_retrieved_at,
                    "bekanntgabeAt": r.bekanntgabe_at,
                    "deadlines": r.deadlines,
                }),
            },
            // The window closed before the phone was online: the city did
            // not deliver it; there is nothing to report.
            Err(Error::HttpStatus { status: 410, .. }) => {
                Delivery::Acked { server_time: None, result: Value::Null }
            }
            Err(e) => outcome(&e),
        }
    }
}

impl Deliverer for RetrievalDeliverer {
    fn kind(&self) -> &'static str {
        RETRIEVAL
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(self.attempt(entry))
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()> {
        let s = &self.0;
        let (Some(id), false) = (notice_of(entry), result.is_null()) else { return Ok(()) };
        let Some(mut notice) = store::get(tx, &s.sealer, id)? else { return Ok(()) };
        let text = |k: &str| result.get(k).and_then(Value::as_str).map(str::to_owned);
        notice.delivery.first_retrieved_at =
            text("firstRetrievedAt").or(notice.delivery.first_retrieved_at);
        notice.delivery.bekanntgabe_at = text("bekanntgabeAt").or(notice.delivery.bekanntgabe_at);
        if let Some(list) = result.get("deadlines").cloned()
            && let Ok(list) = serde_json::from_value::<Vec<wire::WireDeadline>>(list)
            && !list.is_empty()
        {
            notice.deadlines = wire::deadlines(list);
        }
        store::replace_body(tx, &s.sealer, &notice)
    }

    fn on_needs_user(&self, _tx: &Transaction<'_>, _entry: &OutboxEntry) -> Result<()> {
        Ok(())
    }

    fn changed(&self) {
        self.0.listeners.notify();
    }
}

/// Sends replies.
#[derive(Debug)]
pub struct ReplyDeliverer(pub NoticeSender);

impl ReplyDeliverer {
    async fn attempt(&self, entry: &OutboxEntry) -> Delivery {
        let s = &self.0;
        let parts = s.ctx.db.read(|conn| store::reply_parts(conn, &s.sealer, &entry.id));
        let store::ReplyParts { notice, kind, body, files, .. } = match parts {
            Ok(Some(parts)) => parts,
            Ok(None) => {
                return Delivery::NeedsUser {
                    reason: "the reply is no longer on the phone".to_owned(),
                };
            }
            Err(e) => return Delivery::from_error(&e),
        };
        let api = &s.api;
        if entry.attempts > 1 {
            // An earlier attempt may have arrived: ask before sending again.
            let notice_ref = notice.as_str();
            let known =
                s.account.with_access_token(|t| async move { api.receipts(notice_ref, &t).await });
            match known.await {
                Ok(list) => {
                    if let Some(r) = list.into_iter().find(|r| r.reply_id == entry.id) {
                        return acked(&r);
                    }
                }
                Err(e) => return outcome(&e),
            }
        }
        let mut reply = json!({
            "replyId": entry.id, "noticeId": notice, "type": kind.wire(),
            "createdAtDevice": body.created_at_device,
        });
        let (content_type, bytes) = match kind {
            ReplyKind::Objection => {
                reply["declaration"] = json!({
                    "bindingConfirmed": true,
                    "confirmationText": body.confirmation_text,
                    "confirmedAt": body.confirmed_at,
                });
                reply["payload"] = json!({"objection": {
                    "text": body.text, "requestsSuspension": body.requests_suspension}});
                ("application/json".to_owned(), reply.to_string().into_bytes())
            }
            ReplyKind::UploadDocument => {
                reply["payload"] = json!({"uploadDocument": {"note": body.note}});
                reply["attachments"] = body
                    .files
                    .iter()
                    .map(|(id, name, mime, size, sha)| {
                        json!({"clientFileId": id, "fileName": name, "mimeType": mime, "sizeBytes": size, "sha256": sha})
                    })
                    .collect();
                let parts: Vec<_> = body
                    .files
                    .iter()
                    .zip(files)
                    .map(|((id, name, mime, _, _), bytes)| {
                        (id.clone(), name.clone(), mime.clone(), bytes)
                    })
                    .collect();
                multipart(&reply, &parts)
            }
            ReplyKind::Acknowledge | ReplyKind::Pay => {
                reply["payload"] = json!({"acknowledge": {}});
                ("application/json".to_owned(), reply.to_string().into_bytes())
            }
        };
        let (notice_ref, key, ct, bytes) =
            (notice.as_str(), entry.id.as_str(), content_type.as_str(), bytes.as_slice());
        let sent = s.account.with_access_token(|t| async move {
            api.reply(notice_ref, (ct, bytes), key, &t).await
        });
        match sent.await {
            Ok(receipt) if receipt.reply_id == entry.id => acked(&receipt),
            Ok(_) => Delivery::Retry {
                reason: "the city answered for another reply".to_owned(),
                retry_after: None,
                offline: false,
            },
            Err(e) => outcome(&e),
        }
    }
}

fn acked(receipt: &WireReceipt) -> Delivery {
    Delivery::Acked {
        server_time: Some(receipt.received_at.clone()),
        result: serde_json::to_value(receipt).unwrap_or(Value::Null),
    }
}

impl Deliverer for ReplyDeliverer {
    fn kind(&self) -> &'static str {
        REPLY
    }

    fn deliver<'a>(&'a self, entry: &'a OutboxEntry) -> DeliveryFuture<'a> {
        Box::pin(self.attempt(entry))
    }

    fn on_acked(&self, tx: &Transaction<'_>, entry: &OutboxEntry, result: &Value) -> Result<()> {
        let receipt: WireReceipt = serde_json::from_value(result.clone())
            .map_err(|e| Error::InvalidResponse { what: "reply receipt", reason: e.to_string() })?;
        store::mark_received(tx, &entry.id, &receipt)?;
        Ok(())
    }

    fn on_needs_user(&self, tx: &Transaction<'_>, entry: &OutboxEntry) -> Result<()> {
        let reason: Option<String> = tx
            .query_row("SELECT last_error FROM outbox WHERE id = ?1", [&entry.id], |r| r.get(0))
            .optional()?
            .flatten();
        match reason.as_deref() {
            // Not the city's "no": it is sent again after the next login.
            Some(NEEDS_LOGIN) => Ok(()),
            other => store::mark_refused(tx, &entry.id, other.unwrap_or("refused by the city")),
        }
    }

    fn changed(&self) {
        self.0.listeners.notify();
    }
}
