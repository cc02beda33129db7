//! Wire types of the notice endpoints (`fixtures/openapi/app-api.yaml`)
//! and their checks: ids usable in a path, hashes of the right form,
//! bounded texts and amounts — nothing unchecked reaches the database.

use serde::{Deserialize, Serialize};

use super::model::{
    AllowedReply, Attachment, Deadline, DeadlineKind, Delivery, Issuer, Notice, NoticePayment,
    ReplyKind,
};
use crate::{
    error::{Error, Result},
    payments::{Subject, SubjectKind},
};

const MAX_TEXT: usize = 20_000;
const MAX_CENTS: i64 = 99_999_900;

fn invalid(reason: &str) -> Error {
    Error::InvalidResponse { what: "notice", reason: reason.to_owned() }
}

fn cut(text: String) -> String {
    text.chars().take(MAX_TEXT).collect()
}

/// An id the city made, safe as one path segment.
pub fn checked_id(id: &str) -> Result<&str> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(id).ok_or_else(|| invalid("id"))
}

/// `{"notices": […], "nextCursor": …}`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticePage {
    /// The notices.
    pub notices: Vec<WireNotice>,
    /// The next page.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// A notice on the wire.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireNotice {
    id: String,
    #[serde(default)]
    etag: Option<String>,
    kind: String,
    subject: String,
    issuer: WireIssuer,
    #[serde(default)]
    references: WireReferences,
    issued_at: String,
    delivery: WireDelivery,
    #[serde(default)]
    deadlines: Vec<WireDeadline>,
    #[serde(default)]
    payment: Option<WirePayment>,
    #[serde(default)]
    body: Option<WireBody>,
    #[serde(default)]
    rechtsbehelfsbelehrung: Option<String>,
    #[serde(default)]
    attachments: Vec<WireAttachment>,
    #[serde(default)]
    allowed_replies: Vec<WireAllowed>,
    #[serde(default)]
    replies: Vec<WireReceipt>,
    #[serde(default)]
    received_at: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireIssuer {
    authority: String,
    #[serde(default)]
    office: Option<String>,
    #[serde(default)]
    official_name: Option<String>,
    #[serde(default)]
    contact: Option<WireContact>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct WireContact {
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    address: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct WireReferences {
    #[serde(default)]
    aktenzeichen: Option<String>,
    #[serde(default)]
    kassenzeichen: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireDelivery {
    channel: String,
    legal_basis: String,
    #[serde(default)]
    provided_at: Option<String>,
    #[serde(default)]
    first_retrieved_at: Option<String>,
    #[serde(default)]
    provision_ends_at: Option<String>,
    #[serde(default = "yes")]
    retrievable: bool,
    #[serde(default)]
    bekanntgabe_at: Option<String>,
}

fn yes() -> bool {
    true
}

/// A deadline on the wire (also in a retrieval's answer).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireDeadline {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    due_at: Option<String>,
    #[serde(default)]
    legal_basis: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePayment {
    amount_due_cents: i64,
    currency: String,
    #[serde(default)]
    due_date: Option<String>,
    #[serde(default)]
    recipient: Option<String>,
    #[serde(default)]
    iban: Option<String>,
    #[serde(default)]
    purpose: Option<String>,
    #[serde(default)]
    subject: Option<WireSubject>,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct WireSubject {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct WireBody {
    #[serde(default)]
    text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAttachment {
    id: String,
    #[serde(default)]
    role: Option<String>,
    file_name: String,
    mime_type: String,
    size_bytes: u64,
    sha512: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireAllowed {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    max_files: Option<u32>,
    #[serde(default)]
    max_bytes_per_file: Option<u64>,
    #[serde(default)]
    mime_types: Vec<String>,
}

/// The city's receipt for a reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireReceipt {
    /// Receipt number.
    pub receipt_id: String,
    /// The reply.
    pub reply_id: String,
    /// When the city received it (RFC 3339).
    pub received_at: String,
    /// Kind.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// `{"replies": […]}`.
#[derive(Debug, Deserialize)]
pub struct ReceiptList {
    /// Receipts.
    pub replies: Vec<WireReceipt>,
}

/// A notice checked, with the city's etag and the receipts it lists.
#[derive(Debug, Clone)]
pub struct CheckedNotice {
    /// The notice (local fields empty).
    pub notice: Notice,
    /// The city's etag.
    pub etag: Option<String>,
    /// Replies the city has.
    pub receipts: Vec<WireReceipt>,
}

fn deadline(d: WireDeadline) -> Deadline {
    let kind = match d.kind.as_str() {
        "WIDERSPRUCH" => DeadlineKind::Objection,
        "PAYMENT" => DeadlineKind::Payment,
        _ => DeadlineKind::Other,
    };
    let date_ok = |t: &String| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok();
    Deadline {
        kind,
        name: d.kind.chars().take(40).collect(),
        due_at: d.due_at.filter(date_ok),
        days_left: None,
        at_risk: false,
        met: false,
        legal_basis: d.legal_basis.map(cut),
    }
}

/// Deadlines of a retrieval's answer.
pub fn deadlines(list: Vec<WireDeadline>) -> Vec<Deadline> {
    list.into_iter().map(deadline).collect()
}

impl WireNotice {
    /// Checks a notice from the city.
    pub fn checked(self) -> Result<CheckedNotice> {
        checked_id(&self.id)?;
        let mut attachments = Vec::with_capacity(self.attachments.len());
        for a in self.attachments {
            checked_id(&a.id)?;
            let hex_ok = a.sha512.len() == 128 && a.sha512.bytes().all(|b| b.is_ascii_hexdigit());
            if !hex_ok {
                return Err(invalid("attachment hash"));
            }
            attachments.push(Attachment {
                id: a.id,
                role: a.role.unwrap_or_else(|| "ANLAGE".to_owned()),
                file_name: a.file_name.chars().take(255).collect(),
                mime_type: a.mime_type.chars().take(100).collect(),
                size_bytes: a.size_bytes,
                sha512: a.sha512.to_ascii_lowercase(),
                downloaded: false,
            });
        }
        let payment = match self.payment {
            Some(p) if (0..=MAX_CENTS).contains(&p.amount_due_cents) => Some(NoticePayment {
                amount_due_cents: p.amount_due_cents,
                currency: p.currency.chars().take(3).collect(),
                due_date: p.due_date.map(cut),
                recipient: p.recipient.map(cut),
                iban: p.iban.map(cut),
                purpose: p.purpose.map(cut),
                subject: p
                    .subject
                    .and_then(|s| Subject::new(SubjectKind::from_wire(&s.kind)?, &s.id).ok()),
                paid: p.status.as_deref() == Some("PAID"),
            }),
            Some(_) => return Err(invalid("amount")),
            None => None,
        };
        let contact = self.issuer.contact.unwrap_or_default();
        let notice = Notice {
            id: self.id,
            kind: self.kind.chars().take(40).collect(),
            subject: cut(self.subject),
            issuer: Issuer {
                authority: cut(self.issuer.authority),
                office: self.issuer.office.map(cut),
                official_name: self.issuer.official_name.map(cut),
                phone: contact.phone.map(cut),
                email: contact.email.map(cut),
                address: contact.address.map(cut),
            },
            aktenzeichen: self.references.aktenzeichen.map(cut),
            kassenzeichen: self.references.kassenzeichen.map(cut),
            issued_at: cut(self.issued_at),
            delivery: Delivery {
                channel: cut(self.delivery.channel),
                legal_basis: cut(self.delivery.legal_basis),
                provided_at: self.delivery.provided_at.map(cut),
                first_retrieved_at: self.delivery.first_retrieved_at.map(cut),
                provision_ends_at: self.delivery.provision_ends_at.map(cut),
                retrievable: self.delivery.retrievable,
                bekanntgabe_at: self.delivery.bekanntgabe_at.map(cut),
            },
            deadlines: deadlines(self.deadlines),
            payment,
            body: self.body.map(|b| cut(b.text)).unwrap_or_default(),
            rechtsbehelfsbelehrung: self.rechtsbehelfsbelehrung.map(cut),
            attachments,
            allowed_replies: self
                .allowed_replies
                .into_iter()
                .filter_map(|a| {
                    Some(AllowedReply {
                        kind: ReplyKind::from_wire(&a.kind)?,
                        max_files: a.max_files,
                        max_bytes_per_file: a.max_bytes_per_file,
                        mime_types: a.mime_types,
                    })
                })
                .collect(),
            received_at: self.received_at.map(cut),
            read_at: None,
            archived: false,
        };
        Ok(CheckedNotice { notice, etag: self.etag, receipts: self.replies })
    }
}
