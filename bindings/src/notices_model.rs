//! The records of notices across the FFI (the `Notices` object is in
//! `notices.rs`).

/// The issuing office.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeIssuer {
    /// E.g. "Stadt Leipzig".
    pub authority: String,
    /// E.g. "Verkehrs- und Tiefbauamt".
    pub office: Option<String>,
    /// The official who signed.
    pub official_name: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// How a notice was delivered and when it counts as announced (the city's dates).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeDelivery {
    /// `LEIPZIG_APP`, `BUNDID_POSTFACH` or `POST`.
    pub channel: String,
    /// `VWVFG_41_2A`, `OZG_9` or `VWVFG_41_2`.
    pub legal_basis: String,
    /// When it was made available (RFC 3339).
    pub provided_at: Option<String>,
    /// The first retrieval the city recorded (RFC 3339).
    pub first_retrieved_at: Option<String>,
    /// When the retrieval window ends (RFC 3339).
    pub provision_ends_at: Option<String>,
    /// False once the window passed without a retrieval ("nicht mehr abrufbar").
    pub retrievable: bool,
    /// The day it counts as announced (YYYY-MM-DD).
    pub bekanntgabe_at: Option<String>,
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DeadlineKind {
    /// Objection (Widerspruch).
    Objection,
    /// Payment.
    Payment,
    /// Something else.
    Other,
}

/// One deadline.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeDeadline {
    /// The notice.
    pub notice_id: String,
    /// What the notice is about.
    pub notice_subject: String,
    /// What for.
    pub kind: DeadlineKind,
    /// The city's name, e.g. `WIDERSPRUCH`.
    pub name: String,
    /// The last day (YYYY-MM-DD); none until the city fixed it.
    pub due_at: Option<String>,
    /// Days left in Leipzig (0 = today; negative = passed).
    pub days_left: Option<i64>,
    /// A reply is only on the phone, or it is within 3 days with no reply.
    pub at_risk: bool,
    /// The city received the answer (or the payment).
    pub met: bool,
}

/// One PDF of a notice.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeAttachment {
    /// Id.
    pub id: String,
    /// `BESCHEID` or `ANLAGE`.
    pub role: String,
    /// File name.
    pub file_name: String,
    /// MIME type.
    pub mime_type: String,
    /// Size in bytes.
    pub size_bytes: u64,
    /// Stored (verified) on the phone.
    pub downloaded: bool,
}

/// What a reply does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ReplyKind {
    /// Acknowledge.
    Acknowledge,
    /// Object (Widerspruch).
    Objection,
    /// Send documents.
    UploadDocument,
    /// Pay.
    Pay,
}

/// A notice.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Notice {
    /// Id.
    pub id: String,
    /// `BESCHEID` or `MITTEILUNG`.
    pub kind: String,
    /// What it is about.
    pub subject: String,
    /// Who issued it.
    pub issuer: NoticeIssuer,
    /// Aktenzeichen.
    pub aktenzeichen: Option<String>,
    /// Kassenzeichen.
    pub kassenzeichen: Option<String>,
    /// Date of issue.
    pub issued_at: String,
    /// Delivery and announcement.
    pub delivery: NoticeDelivery,
    /// Deadlines.
    pub deadlines: Vec<NoticeDeadline>,
    /// Amount due in cents, when it demands money.
    pub amount_due_cents: Option<i64>,
    /// Whether it is paid (the city's word or a payment on this phone).
    pub paid: bool,
    /// Whether it can be paid in the app.
    pub payable_online: bool,
    /// The text.
    pub body: String,
    /// How to object.
    pub rechtsbehelfsbelehrung: Option<String>,
    /// The PDFs.
    pub attachments: Vec<NoticeAttachment>,
    /// Replies the city accepts.
    pub allowed_replies: Vec<ReplyKind>,
    /// Read on this phone.
    pub read: bool,
    /// Archived.
    pub archived: bool,
}

/// Where a reply stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ReplyState {
    /// Saved on the phone — does NOT meet a deadline yet.
    Saved,
    /// Received by the city at `received_at`.
    Received,
    /// Refused by the city.
    Refused,
}

/// A reply.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NoticeReply {
    /// Id.
    pub id: String,
    /// The notice.
    pub notice_id: String,
    /// What it does.
    pub kind: ReplyKind,
    /// Where it stands.
    pub state: ReplyState,
    /// When it was sent (unix seconds, device clock).
    pub created_at: i64,
    /// When the city received it (RFC 3339): the time that counts.
    pub received_at: Option<String>,
    /// The city's receipt number.
    pub receipt_id: Option<String>,
    /// The objection's text.
    pub text: Option<String>,
    /// The confirmed declaration.
    pub confirmation_text: Option<String>,
    /// Files sent.
    pub file_names: Vec<String>,
    /// Why the city refused it.
    pub last_error: Option<String>,
}

/// A file for an upload reply.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UploadFile {
    /// Name.
    pub file_name: String,
    /// MIME type (PDF, JPEG, PNG).
    pub mime_type: String,
    /// Bytes.
    pub bytes: Vec<u8>,
}

/// What the citizen answers.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ReplyDraft {
    /// Acknowledge.
    Acknowledge,
    /// A binding objection: the text and the declaration the citizen confirmed.
    Objection {
        /// Why.
        text: String,
        /// The citizen confirmed the declaration.
        binding_confirmed: bool,
        /// The declaration as shown (`Notices.objectionDeclaration`).
        confirmation_text: String,
        /// Ask for suspension of enforcement.
        requests_suspension: bool,
    },
    /// Documents.
    Upload {
        /// Files.
        files: Vec<UploadFile>,
        /// A note.
        note: Option<String>,
    },
}

/// What a mailbox sync did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct MailboxSync {
    /// Notices new or changed.
    pub changed: u32,
    /// Nothing changed (`304`).
    pub not_modified: bool,
}
