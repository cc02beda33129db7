//! A notice (Bescheid or Mitteilung) as the city keeps it, and its wire
//! form (`Notice` of `fixtures/openapi/app-api.yaml`). Bekanntgabe,
//! deadlines and whether it is still retrievable are computed here from
//! the stored facts and the sandbox clock; the PDF attachments are made
//! from the notice ([`super::attachments`]).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::{
    attachments,
    calendar::{self, LegalBasis},
};
use crate::app_api::payments::{Subject, rfc3339};

/// Largest file of an `UPLOAD_DOCUMENT` reply.
pub const MAX_BYTES_PER_FILE: u64 = 20 * 1024 * 1024;
/// Most files of an `UPLOAD_DOCUMENT` reply.
pub const MAX_FILES: usize = 10;
/// File types an `UPLOAD_DOCUMENT` reply may carry.
pub const UPLOAD_MIME_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

/// Bescheid (an administrative act) or Mitteilung (information).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum NoticeKind {
    /// A Bescheid: objection possible.
    Bescheid,
    /// A Mitteilung (hearing, information).
    Mitteilung,
}

/// What the citizen may answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReplyType {
    /// "Zur Kenntnis genommen".
    Acknowledge,
    /// Widerspruch (§ 70 VwGO), a binding declaration.
    Objection,
    /// Documents sent in (multipart upload).
    UploadDocument,
    /// Paying, through `/v1/payments` (never a reply of this route).
    Pay,
}

/// The deadlines a notice carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DeadlineType {
    /// One month after Bekanntgabe.
    Widerspruch,
    /// The payment's due date.
    Payment,
}

/// The PDF's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AttachmentRole {
    /// The notice itself.
    Bescheid,
    /// An enclosure (site plan, calculation).
    Anlage,
}

/// How to reach the issuing office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Telephone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Postal address.
    pub address: String,
}

/// Who issued the notice (§ 37 Abs. 3 VwVfG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    /// `Stadt Leipzig`.
    pub authority: String,
    /// The office (Amt).
    pub office: String,
    /// Department, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisational_unit: Option<String>,
    /// Printed name of the official, `i. A. M. Muster`.
    pub official_name: String,
    /// Contact.
    pub contact: Contact,
}

/// File numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct References {
    /// Aktenzeichen.
    pub aktenzeichen: String,
    /// Kassenzeichen, for payable notices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kassenzeichen: Option<String>,
}

/// What a payable notice asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentInfo {
    /// Amount in cents.
    pub amount_due_cents: i64,
    /// Due date.
    pub due_date: NaiveDate,
    /// Kassenzeichen.
    pub kassenzeichen: String,
    /// Payee.
    pub recipient: String,
    /// Payee's account.
    pub iban: String,
    /// Verwendungszweck for a bank transfer.
    pub purpose: String,
    /// The payments API's subject.
    pub subject: Subject,
}

/// A PDF of the notice, made from its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentSpec {
    /// `a-1`.
    pub id: String,
    /// Notice or enclosure.
    pub role: AttachmentRole,
    /// File name.
    pub file_name: String,
    /// Heading of an enclosure.
    #[serde(default)]
    pub title: String,
    /// Lines of an enclosure.
    #[serde(default)]
    pub lines: Vec<String>,
}

/// One notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    /// UUID.
    pub id: String,
    /// The addressee's `sub` (never on the wire).
    pub owner: String,
    /// Bescheid or Mitteilung.
    pub kind: NoticeKind,
    /// Subject line.
    pub subject: String,
    /// Issuer.
    pub issuer: Issuer,
    /// File numbers.
    pub references: References,
    /// Date of the notice.
    pub issued_at: NaiveDate,
    /// How it is delivered.
    pub legal_basis: LegalBasis,
    /// When it was provided to the citizen.
    pub provided_at: DateTime<Utc>,
    /// When it reached the city's mailbox.
    pub received_at: DateTime<Utc>,
    /// The first reported retrieval (server time), kept forever.
    #[serde(default)]
    pub first_retrieved_at: Option<DateTime<Utc>>,
    /// The device's time in the first retrieval report.
    #[serde(default)]
    pub retrieved_at_device: Option<String>,
    /// Deadlines it carries.
    pub deadlines: Vec<DeadlineType>,
    /// Payment, for payable notices.
    #[serde(default)]
    pub payment: Option<PaymentInfo>,
    /// The payments ledger holds a `PAYED` payment (as last seen).
    #[serde(default)]
    pub paid: bool,
    /// The retrieval window passed unused (as last seen).
    #[serde(default)]
    pub provision_ended: bool,
    /// Tenor and reasons, summarised.
    pub body: String,
    /// Rechtsbehelfsbelehrung (or, for a Mitteilung, the note that none applies).
    pub rechtsbehelfsbelehrung: String,
    /// PDFs.
    pub attachments: Vec<AttachmentSpec>,
    /// Allowed replies.
    pub allowed_replies: Vec<ReplyType>,
    /// Bumped on every change: the `etag`.
    pub version: u64,
    /// Order of delivery.
    pub seq: u64,
}

impl Notice {
    /// `"n-<version>"`, quotes included.
    pub fn etag(&self) -> String {
        format!("\"n-{}\"", self.version)
    }

    /// End of the retrieval window (`VWVFG_41_2A` only).
    pub fn provision_ends_at(&self) -> Option<DateTime<Utc>> {
        (self.legal_basis == LegalBasis::Retrieval).then(|| {
            self.provided_at + Duration::days(i64::try_from(calendar::PROVISION_DAYS).unwrap_or(10))
        })
    }

    /// Whether the window passed without a retrieval at `now`.
    pub fn window_passed(&self, now: DateTime<Utc>) -> bool {
        self.first_retrieved_at.is_none() && self.provision_ends_at().is_some_and(|end| now >= end)
    }

    /// When it counts as announced.
    pub fn bekanntgabe(&self) -> Option<NaiveDate> {
        calendar::bekanntgabe(self.legal_basis, self.provided_at, self.first_retrieved_at)
    }

    /// The objection deadline, once the Bekanntgabe is fixed.
    pub fn objection_due(&self) -> Option<NaiveDate> {
        if !self.deadlines.contains(&DeadlineType::Widerspruch) {
            return None;
        }
        self.bekanntgabe().map(calendar::objection_due)
    }

    /// Whether `kind` is among the allowed replies.
    pub fn allows(&self, kind: ReplyType) -> bool {
        self.allowed_replies.contains(&kind)
    }

    /// The `deadlines` wire array.
    pub fn deadlines_json(&self) -> Value {
        let list: Vec<Value> = self
            .deadlines
            .iter()
            .map(|d| match d {
                DeadlineType::Widerspruch => json!({
                    "type": "WIDERSPRUCH",
                    "dueAt": self.objection_due().map(date),
                    "startsFrom": "BEKANNTGABE",
                    "period": "P1M",
                    "legalBasis": "§ 70 VwGO",
                }),
                DeadlineType::Payment => json!({
                    "type": "PAYMENT",
                    "dueAt": self.payment.as_ref().map(|p| date(p.due_date)),
                }),
            })
            .collect();
        Value::Array(list)
    }

    /// The wire object; `receipts` are this notice's receipts, oldest first.
    pub fn to_json(&self, receipts: Vec<Value>) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("etag".into(), json!(self.etag()));
        m.insert("kind".into(), json!(self.kind));
        m.insert("subject".into(), json!(self.subject));
        m.insert("issuer".into(), json!(self.issuer));
        m.insert("references".into(), json!(self.references));
        m.insert("issuedAt".into(), json!(date(self.issued_at)));
        m.insert(
            "delivery".into(),
            json!({
                "channel": self.legal_basis.channel(),
                "legalBasis": self.legal_basis,
                "providedAt": rfc3339(self.provided_at),
                "firstRetrievedAt": self.first_retrieved_at.map(rfc3339),
                "provisionEndsAt": self.provision_ends_at().map(rfc3339),
                "retrievable": !self.provision_ended,
                "bekanntgabeAt": self.bekanntgabe().map(date),
            }),
        );
        m.insert("deadlines".into(), self.deadlines_json());
        let payment = self.payment.as_ref().map(|p| {
            json!({
                "amountDueCents": p.amount_due_cents,
                "currency": "EUR",
                "dueDate": date(p.due_date),
                "kassenzeichen": p.kassenzeichen,
                "recipient": p.recipient,
                "iban": p.iban,
                "purpose": p.purpose,
                "subject": p.subject,
                "status": if self.paid { "PAID" } else { "OPEN" },
            })
        });
        m.insert("payment".into(), payment.unwrap_or(Value::Null));
        m.insert("body".into(), json!({"format": "text/plain", "text": self.body}));
        m.insert("rechtsbehelfsbelehrung".into(), json!(self.rechtsbehelfsbelehrung));
        let files: Vec<Value> = self
            .attachments
            .iter()
            .map(|a| {
                let bytes = attachments::render(self, a);
                json!({
                    "id": a.id,
                    "role": a.role,
                    "fileName": a.file_name,
                    "mimeType": "application/pdf",
                    "sizeBytes": bytes.len(),
                    "sha512": attachments::sha512_hex(&bytes),
                })
            })
            .collect();
        m.insert("attachments".into(), Value::Array(files));
        let allowed: Vec<Value> = self.allowed_replies.iter().map(|r| allowed_json(*r)).collect();
        m.insert("allowedReplies".into(), Value::Array(allowed));
        m.insert("replies".into(), Value::Array(receipts));
        m.insert("receivedAt".into(), json!(rfc3339(self.received_at)));
        Value::Object(m)
    }
}

/// One entry of `allowedReplies`.
fn allowed_json(kind: ReplyType) -> Value {
    match kind {
        ReplyType::UploadDocument => json!({
            "type": kind,
            "maxFiles": MAX_FILES,
            "maxBytesPerFile": MAX_BYTES_PER_FILE,
            "mimeTypes": UPLOAD_MIME_TYPES,
        }),
        _ => json!({ "type": kind }),
    }
}

/// `YYYY-MM-DD`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}
