//! The city's notice mailbox: the notices, the replies received (the
//! receipts), the keys replies arrived under, tampered attachments, and how
//! a retrieval or a payment changes a notice (each change bumps its
//! `etag`). Persisted with the city's state; `POST /_sandbox/reset` seeds it
//! again from `fixtures/notices/`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    calendar::berlin_date,
    model::{Notice, ReplyType},
    seeds,
};
use crate::app_api::payments::{PaymentState, PaymentsState, rfc3339};

/// Reply keys remembered; the oldest go first.
const MAX_KEYS: usize = 5_000;

/// A file of an `UPLOAD_DOCUMENT` reply (its bytes are not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivedFile {
    /// The client's id of the file.
    pub client_file_id: String,
    /// File name as sent.
    pub file_name: String,
    /// Media type.
    pub mime_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Hex SHA-256 of the bytes received.
    pub sha256: String,
}

/// A reply the city received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredReply {
    /// `r-YYYY-MM-DD-NNNNNN`.
    pub receipt_id: String,
    /// The client's UUID.
    pub reply_id: String,
    /// The notice.
    pub notice_id: String,
    /// The sender's `sub`.
    pub owner: String,
    /// What it is.
    #[serde(rename = "type")]
    pub kind: ReplyType,
    /// When the city received it (sandbox clock).
    pub received_at: DateTime<Utc>,
    /// An objection received after its deadline.
    pub late: bool,
    /// The device's time of writing it.
    pub created_at_device: String,
    /// Characters of the objection text or upload note.
    #[serde(default)]
    pub text_length: Option<usize>,
    /// Whether an objection asks for suspension of enforcement.
    #[serde(default)]
    pub requests_suspension: Option<bool>,
    /// Files of an upload.
    #[serde(default)]
    pub files: Vec<ReceivedFile>,
    /// The key it arrived under.
    pub key: String,
}

impl StoredReply {
    /// The receipt on the wire.
    pub fn receipt(&self) -> Value {
        json!({
            "receiptId": self.receipt_id,
            "replyId": self.reply_id,
            "noticeId": self.notice_id,
            "type": self.kind,
            "receivedAt": rfc3339(self.received_at),
            "late": self.late,
        })
    }
}

/// A key a reply arrived under, and the status it was answered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyedReply {
    /// The reply.
    pub reply_id: String,
    /// `201` for the key that delivered it, `200` for later ones.
    pub status: u16,
    /// Order, for pruning.
    pub seq: u64,
}

/// A reply about to be recorded.
#[derive(Debug, Clone)]
pub struct NewReply {
    /// The notice (checked by the caller).
    pub notice_id: String,
    /// What it is.
    pub kind: ReplyType,
    /// The device's time.
    pub created_at_device: String,
    /// Length of the objection text or note.
    pub text_length: Option<usize>,
    /// Suspension asked for.
    pub requests_suspension: Option<bool>,
    /// Files received.
    pub files: Vec<ReceivedFile>,
}

/// The outcome of recording a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// Received now (`201`).
    New(Value),
    /// Received before, under this key (`201`, replayed) or another (`200`).
    Existing {
        /// The receipt.
        receipt: Value,
        /// `201` or `200`.
        status: u16,
    },
    /// The key belongs to another reply (`422`).
    KeyReused,
}

/// The notice mailbox.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticesState {
    /// When the seeds were laid (`None`: not yet, e.g. an older state file).
    #[serde(default)]
    pub seeded_at: Option<DateTime<Utc>>,
    /// Notices by id.
    #[serde(default)]
    pub notices: BTreeMap<String, Notice>,
    /// Replies received, oldest first.
    #[serde(default)]
    pub replies: Vec<StoredReply>,
    /// `owner key` → the reply it delivered.
    #[serde(default)]
    pub keys: BTreeMap<String, KeyedReply>,
    /// `noticeId/attachmentId` served tampered.
    #[serde(default)]
    pub tampered: BTreeSet<String>,
    /// Retrieval reports that reached the handler, by notice.
    #[serde(default)]
    pub retrieval_reports: BTreeMap<String, u64>,
    /// Last sequence number (notices, keys).
    #[serde(default)]
    pub last_seq: u64,
    /// Last receipt number.
    #[serde(default)]
    pub last_receipt: u64,
}

impl NoticesState {
    /// The seeded mailbox, its dates relative to `now`.
    pub fn seeded(now: DateTime<Utc>) -> Self {
        let mut state = Self { seeded_at: Some(now), ..Self::default() };
        for notice in seeds::notices(now) {
            state.insert(notice);
        }
        state
    }

    /// The next sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.last_seq += 1;
        self.last_seq
    }

    /// Adds a notice (its `seq` is given here).
    pub fn insert(&mut self, mut notice: Notice) {
        notice.seq = self.next_seq();
        self.notices.insert(notice.id.clone(), notice);
    }

    /// `owner`'s notice `id`.
    pub fn owned(&self, owner: &str, id: &str) -> Option<&Notice> {
        self.notices.get(id).filter(|n| n.owner == owner)
    }

    /// The receipts of notice `id`, oldest first.
    pub fn receipts(&self, id: &str) -> Vec<Value> {
        self.replies.iter().filter(|r| r.notice_id == id).map(StoredReply::receipt).collect()
    }

    /// The wire object of notice `id`.
    pub fn notice_json(&self, id: &str) -> Option<Value> {
        self.notices.get(id).map(|n| n.to_json(self.receipts(id)))
    }

    /// What a notice's derived facts are now: paid, window passed.
    fn derived(notice: &Notice, payments: &PaymentsState, now: DateTime<Utc>) -> (bool, bool) {
        let paid = notice.payment.as_ref().is_some_and(|p| {
            payments.payments.values().any(|pay| {
                pay.owner == notice.owner
                    && pay.subject == p.subject
                    && pay.state == PaymentState::Payed
            })
        });
        (paid, notice.window_passed(now))
    }

    /// Whether [`NoticesState::sync`] would change anything.
    pub fn needs_sync(&self, payments: &PaymentsState, now: DateTime<Utc>) -> bool {
        self.notices
            .values()
            .any(|n| Self::derived(n, payments, now) != (n.paid, n.provision_ended))
    }

    /// Takes the payment status from the ledger and notes passed retrieval
    /// windows; every changed notice gets a new `etag`.
    pub fn sync(&mut self, payments: &PaymentsState, now: DateTime<Utc>) {
        for notice in self.notices.values_mut() {
            let (paid, ended) = Self::derived(notice, payments, now);
            if (paid, ended) != (notice.paid, notice.provision_ended) {
                notice.paid = paid;
                notice.provision_ended = ended;
                notice.version += 1;
            }
        }
    }

    /// Records a retrieval report of notice `id` at `now`; returns whether
    /// it was the first. The caller has checked the window.
    pub fn retrieve(&mut self, id: &str, now: DateTime<Utc>, device: Option<String>) -> bool {
        *self.retrieval_reports.entry(id.to_owned()).or_default() += 1;
        let Some(notice) = self.notices.get_mut(id) else { return false };
        if notice.first_retrieved_at.is_some() {
            return false;
        }
        notice.first_retrieved_at = Some(now);
        notice.retrieved_at_device = device;
        notice.version += 1;
        true
    }

    /// `owner`'s reply `reply_id`, if received.
    pub fn reply(&self, owner: &str, reply_id: &str) -> Option<&StoredReply> {
        self.replies.iter().find(|r| r.owner == owner && r.reply_id == reply_id)
    }

    /// What an earlier request decided for `reply_id` to `notice_id` under
    /// `key`: `None` when the reply is new and the key free.
    pub fn earlier(
        &mut self,
        owner: &str,
        key: &str,
        reply_id: &str,
        notice_id: &str,
    ) -> Option<Recorded> {
        let record_key = format!("{owner} {key}");
        let status = match self.keys.get(&record_key) {
            Some(keyed) if keyed.reply_id != reply_id => return Some(Recorded::KeyReused),
            Some(keyed) => Some(keyed.status),
            None => None,
        };
        let reply = self.reply(owner, reply_id)?;
        if reply.notice_id != notice_id {
            // A replyId is one reply to one notice.
            return Some(Recorded::KeyReused);
        }
        let receipt = reply.receipt();
        if status.is_none() {
            // Another key for a reply already received: remembered, so its
            // replays answer the same.
            self.remember(record_key, reply_id, 200);
        }
        Some(Recorded::Existing { receipt, status: status.unwrap_or(200) })
    }

    /// Records a new reply, unless an earlier request got there first.
    pub fn record(
        &mut self,
        owner: &str,
        key: &str,
        reply_id: &str,
        new: NewReply,
        now: DateTime<Utc>,
    ) -> Recorded {
        let kind = new.kind;
        let notice_id = new.notice_id.clone();
        let notice_id = notice_id.as_str();
        if let Some(earlier) = self.earlier(owner, key, reply_id, &new.notice_id) {
            return earlier;
        }
        let late = kind == ReplyType::Objection
            && self
                .notices
                .get(notice_id)
                .and_then(Notice::objection_due)
                .is_some_and(|due| berlin_date(now) > due);
        self.last_receipt += 1;
        let reply = StoredReply {
            receipt_id: format!(
                "r-{}-{:06}",
                berlin_date(now).format("%Y-%m-%d"),
                self.last_receipt
            ),
            reply_id: reply_id.to_owned(),
            notice_id: notice_id.to_owned(),
            owner: owner.to_owned(),
            kind,
            received_at: now,
            late,
            created_at_device: new.created_at_device,
            text_length: new.text_length,
            requests_suspension: new.requests_suspension,
            files: new.files,
            key: key.to_owned(),
        };
        let receipt = reply.receipt();
        self.replies.push(reply);
        if let Some(notice) = self.notices.get_mut(notice_id) {
            notice.version += 1;
        }
        self.remember(format!("{owner} {key}"), reply_id, 201);
        Recorded::New(receipt)
    }

    fn remember(&mut self, record_key: String, reply_id: &str, status: u16) {
        let seq = self.next_seq();
        self.keys.insert(record_key, KeyedReply { reply_id: reply_id.to_owned(), status, seq });
        while self.keys.len() > MAX_KEYS {
            let Some(oldest) = self.keys.iter().min_by_key(|(_, k)| k.seq).map(|(k, _)| k.clone())
            else {
                break;
            };
            self.keys.remove(&oldest);
        }
    }
}
