//! Official notices (Bescheide) as the app sees them: what the city sent,
//! when it counts as announced and what is due by when (server data, never
//! computed here), and the citizen's replies with their state — "saved on
//! the phone" until the city's receipt says "received".

use serde::{Deserialize, Serialize};

use crate::payments::Subject;

/// One notice, stored sealed on the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// The city's id.
    pub id: String,
    /// `BESCHEID` or `MITTEILUNG`.
    pub kind: String,
    /// What it is about.
    pub subject: String,
    /// Who issued it.
    pub issuer: Issuer,
    /// Aktenzeichen.
    pub aktenzeichen: Option<String>,
    /// Kassenzeichen, for notices demanding money.
    pub kassenzeichen: Option<String>,
    /// Date of issue (YYYY-MM-DD).
    pub issued_at: String,
    /// How it was delivered and when it counts as announced.
    pub delivery: Delivery,
    /// What is due by when, as the city computed it.
    pub deadlines: Vec<Deadline>,
    /// The amount due, when the notice demands money.
    pub payment: Option<NoticePayment>,
    /// The text (Tenor and reasons, summarised).
    pub body: String,
    /// How to object (Rechtsbehelfsbelehrung).
    pub rechtsbehelfsbelehrung: Option<String>,
    /// The PDFs.
    pub attachments: Vec<Attachment>,
    /// Which replies the city accepts: ACKNOWLEDGE, OBJECTION, UPLOAD_DOCUMENT, PAY.
    pub allowed_replies: Vec<AllowedReply>,
    /// When it reached the city's mailbox (RFC 3339).
    pub received_at: Option<String>,
    /// Read on this phone (unix seconds).
    pub read_at: Option<i64>,
    /// Archived by the citizen.
    pub archived: bool,
}

/// The issuing office.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Issuer {
    /// E.g. "Stadt Leipzig".
    pub authority: String,
    /// E.g. "Verkehrs- und Tiefbauamt".
    pub office: Option<String>,
    /// The official who signed (§ 37 Abs. 3 VwVfG).
    pub official_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// The delivery route and its legal dates, as the city fixed them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    /// `LEIPZIG_APP`, `BUNDID_POSTFACH` or `POST`.
    pub channel: String,
    /// `VWVFG_41_2A` (retrieval), `OZG_9` (account Postfach), `VWVFG_41_2`.
    pub legal_basis: String,
    /// When it was made available (RFC 3339).
    pub provided_at: Option<String>,
    /// The first retrieval the city recorded (RFC 3339).
    pub first_retrieved_at: Option<String>,
    /// When the 10-day retrieval window ends (RFC 3339).
    pub provision_ends_at: Option<String>,
    /// False once the window passed without a retrieval: "nicht mehr abrufbar".
    pub retrievable: bool,
    /// The day it counts as announced (YYYY-MM-DD), once the city fixed it.
    pub bekanntgabe_at: Option<String>,
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeadlineKind {
    /// Objection (Widerspruch, § 70 VwGO).
    Objection,
    /// Payment.
    Payment,
    /// Something else the city named.
    Other,
}

/// One deadline, with what the phone knows about meeting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// What for.
    pub kind: DeadlineKind,
    /// The city's name for it (`WIDERSPRUCH`, `PAYMENT`, …).
    pub name: String,
    /// The last day (YYYY-MM-DD); `None` until the city fixed it.
    pub due_at: Option<String>,
    /// Days left in Leipzig (0 = today is the last day; negative = passed).
    pub days_left: Option<i64>,
    /// A reply for it is only on the phone, or it is within 3 days with no reply.
    pub at_risk: bool,
    /// The city has received the answer to it (or the payment).
    pub met: bool,
    /// The legal basis, e.g. "§ 70 VwGO".
    pub legal_basis: Option<String>,
}

/// The amount a notice demands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticePayment {
    /// Amount in cents.
    pub amount_due_cents: i64,
    /// Currency.
    pub currency: String,
    /// Due date.
    pub due_date: Option<String>,
    /// Bank transfer details: recipient.
    pub recipient: Option<String>,
    /// IBAN.
    pub iban: Option<String>,
    /// Purpose for a transfer.
    pub purpose: Option<String>,
    /// What the payments service pays, when online payment is offered.
    pub subject: Option<Subject>,
    /// The city says it is paid.
    pub paid: bool,
}

/// One PDF of a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    /// The city's id.
    pub id: String,
    /// `BESCHEID` or `ANLAGE`.
    pub role: String,
    /// File name.
    pub file_name: String,
    /// MIME type.
    pub mime_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// SHA-512 (hex) the bytes must have.
    pub sha512: String,
    /// Stored on the phone (verified).
    pub downloaded: bool,
}

/// A reply the city accepts, with its limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllowedReply {
    /// The kind.
    pub kind: ReplyKind,
    /// Uploads: at most this many files.
    pub max_files: Option<u32>,
    /// Uploads: at most this many bytes per file.
    pub max_bytes_per_file: Option<u64>,
    /// Uploads: these MIME types.
    pub mime_types: Vec<String>,
}

/// What a reply does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReplyKind {
    /// "Zur Kenntnis genommen".
    Acknowledge,
    /// Widerspruch.
    Objection,
    /// Send documents.
    UploadDocument,
    /// Pay (through the payments service).
    Pay,
}

impl ReplyKind {
    /// The API's name.
    pub fn wire(self) -> &'static str {
        match self {
            ReplyKind::Acknowledge => "ACKNOWLEDGE",
            ReplyKind::Objection => "OBJECTION",
            ReplyKind::UploadDocument => "UPLOAD_DOCUMENT",
            ReplyKind::Pay => "PAY",
        }
    }

    /// From the API's name.
    pub fn from_wire(text: &str) -> Option<Self> {
        Some(match text {
            "ACKNOWLEDGE" => ReplyKind::Acknowledge,
            "OBJECTION" => ReplyKind::Objection,
            "UPLOAD_DOCUMENT" => ReplyKind::UploadDocument,
            "PAY" => ReplyKind::Pay,
            _ => return None,
        })
    }
}

/// Where a reply stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReplyState {
    /// Saved on the phone; does NOT meet a deadline yet.
    Saved,
    /// The city has it: `received_at` is the time that counts.
    Received,
    /// The city refused it for good (see `last_error`).
    Refused,
}

impl ReplyState {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReplyState::Saved => "saved",
            ReplyState::Received => "received",
            ReplyState::Refused => "refused",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        match text {
            "received" => ReplyState::Received,
            "refused" => ReplyState::Refused,
            _ => ReplyState::Saved,
        }
    }
}

/// A reply of the citizen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    /// The app's id (the `replyId` and `Idempotency-Key`).
    pub id: String,
    /// The notice.
    pub notice_id: String,
    /// What it does.
    pub kind: ReplyKind,
    /// Where it stands.
    pub state: ReplyState,
    /// When the citizen sent it (unix seconds, device clock).
    pub created_at: i64,
    /// When the city received it (RFC 3339, the city's clock): the time that counts.
    pub received_at: Option<String>,
    /// The city's receipt number.
    pub receipt_id: Option<String>,
    /// The objection's text.
    pub text: Option<String>,
    /// The declaration the citizen confirmed (objections).
    pub confirmation_text: Option<String>,
    /// Names of the files sent.
    pub file_names: Vec<String>,
    /// Why the city refused it.
    pub last_error: Option<String>,
}

/// A file to send with an upload reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadFile {
    /// File name shown to the city.
    pub file_name: String,
    /// MIME type.
    pub mime_type: String,
    /// The bytes (kept sealed on the phone until the city has them).
    pub bytes: Vec<u8>,
}

/// What the citizen answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyDraft {
    /// "Zur Kenntnis genommen".
    Acknowledge,
    /// A Widerspruch: the text, and the binding declaration the citizen
    /// confirmed (both stored with the reply).
    Objection {
        /// Why.
        text: String,
        /// The citizen confirmed the declaration below (§ 9a OZG-style step).
        binding_confirmed: bool,
        /// The declaration as shown.
        confirmation_text: String,
        /// Asks for suspension of enforcement (Aussetzung der Vollziehung).
        requests_suspension: bool,
    },
    /// Documents.
    Upload {
        /// The files.
        files: Vec<UploadFile>,
        /// A note.
        note: Option<String>,
    },
}

impl ReplyDraft {
    /// The kind.
    pub fn kind(&self) -> ReplyKind {
        match self {
            ReplyDraft::Acknowledge => ReplyKind::Acknowledge,
            ReplyDraft::Objection { .. } => ReplyKind::Objection,
            ReplyDraft::Upload { .. } => ReplyKind::UploadDocument,
        }
    }
}
