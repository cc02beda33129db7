//! Official notices across the FFI: the mailbox, a notice with its PDFs,
//! deadlines with days left and "at risk", replies that count only once
//! the city's receipt arrived, export, paying a notice.

use std::sync::Arc;

use leipzig_core::notices as core;

use crate::{
    error::ApiError,
    notices_model::{
        DeadlineKind, MailboxSync, Notice, NoticeAttachment, NoticeDeadline, NoticeDelivery,
        NoticeIssuer, NoticeReply, ReplyDraft, ReplyKind, ReplyState,
    },
    payments::StartedPayment,
    subscription::Subscription,
};

/// Told about every change to the notices.
#[uniffi::export(foreign)]
pub trait NoticesListener: Send + Sync {
    /// The notices not archived, newest first.
    fn on_notices(&self, notices: Vec<Notice>);
}

/// The notices service.
#[derive(Debug, uniffi::Object)]
pub struct Notices {
    app: leipzig_core::App,
}

impl Notices {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Notices {
    /// Fetches the mailbox (conditional; needs a login).
    pub async fn sync(&self) -> Result<MailboxSync, ApiError> {
        let s = self.app.notices().sync().await?;
        Ok(MailboxSync { changed: s.changed, not_modified: s.not_modified })
    }

    /// The notices on the phone, newest first (works offline).
    pub fn list(&self, include_archived: bool) -> Result<Vec<Notice>, ApiError> {
        Ok(self.app.notices().list(include_archived)?.into_iter().map(Notice::from).collect())
    }

    /// One notice, without marking it read.
    pub fn get(&self, id: String) -> Result<Notice, ApiError> {
        Ok(self.app.notices().notice(&id)?.into())
    }

    /// The citizen opens a notice: marked read, retrieval reported once.
    pub async fn open(&self, id: String) -> Result<Notice, ApiError> {
        Ok(self.app.notices().open(&id).await?.into())
    }

    /// Marks read or unread.
    pub fn mark_read(&self, id: String, read: bool) -> Result<(), ApiError> {
        Ok(self.app.notices().mark_read(&id, read)?)
    }

    /// Archives or restores.
    pub fn archive(&self, id: String, archived: bool) -> Result<(), ApiError> {
        Ok(self.app.notices().archive(&id, archived)?)
    }

    /// A PDF's bytes, verified against the city's SHA-512 (downloaded on demand).
    pub async fn attachment(&self, id: String, attachment_id: String) -> Result<Vec<u8>, ApiError> {
        Ok(self.app.notices().attachment(&id, &attachment_id).await?)
    }

    /// Writes the PDFs and a JSON copy into `dir`; returns the files.
    pub async fn export(&self, id: String, dir: String) -> Result<Vec<String>, ApiError> {
        let files = self.app.notices().export(&id, std::path::Path::new(&dir)).await?;
        Ok(files.into_iter().map(|p| p.to_string_lossy().into_owned()).collect())
    }

    /// The declaration an objection must confirm.
    pub fn objection_declaration(&self, id: String) -> Result<String, ApiError> {
        Ok(self.app.notices().objection_declaration(&id)?)
    }

    /// Answers a notice (saved on the phone, sent when online);
    /// `Validation` names the field at fault and nothing is queued.
    pub async fn reply(&self, id: String, draft: ReplyDraft) -> Result<NoticeReply, ApiError> {
        Ok(self.app.notices().reply(&id, draft.into()).await?.into())
    }

    /// The replies to a notice.
    pub fn replies(&self, id: String) -> Result<Vec<NoticeReply>, ApiError> {
        Ok(self.app.notices().replies(&id)?.into_iter().map(NoticeReply::from).collect())
    }

    /// Every deadline, nearest first.
    pub fn deadlines(&self) -> Result<Vec<NoticeDeadline>, ApiError> {
        Ok(self
            .app
            .notices()
            .deadlines()?
            .into_iter()
            .map(|d| deadline(d.notice_id, d.subject, d.deadline))
            .collect())
    }

    /// Pays what the notice demands (hands over to the payments service).
    pub async fn pay(&self, id: String) -> Result<StartedPayment, ApiError> {
        Ok(self.app.pay_notice(&id).await?.into())
    }

    /// Calls `listener` with the notices now and after every change.
    pub fn subscribe(&self, listener: Arc<dyn NoticesListener>) -> Arc<Subscription> {
        Arc::new(Subscription::new(self.app.notices().subscribe(move |list| {
            listener.on_notices(list.into_iter().map(Notice::from).collect())
        })))
    }
}

fn deadline(notice_id: String, notice_subject: String, d: core::Deadline) -> NoticeDeadline {
    NoticeDeadline {
        notice_id,
        notice_subject,
        kind: match d.kind {
            core::DeadlineKind::Objection => DeadlineKind::Objection,
            core::DeadlineKind::Payment => DeadlineKind::Payment,
            core::DeadlineKind::Other => DeadlineKind::Other,
        },
        name: d.name,
        due_at: d.due_at,
        days_left: d.days_left,
        at_risk: d.at_risk,
        met: d.met,
    }
}

fn reply_kind(k: core::ReplyKind) -> ReplyKind {
    match k {
        core::ReplyKind::Acknowledge => ReplyKind::Acknowledge,
        core::ReplyKind::Objection => ReplyKind::Objection,
        core::ReplyKind::UploadDocument => ReplyKind::UploadDocument,
        core::ReplyKind::Pay => ReplyKind::Pay,
    }
}

impl From<core::Notice> for Notice {
    fn from(n: core::Notice) -> Self {
        let (id, subject) = (n.id.clone(), n.subject.clone());
        let paid = n.payment.as_ref().is_some_and(|p| p.paid)
            || n.deadlines.iter().any(|d| d.kind == core::DeadlineKind::Payment && d.met);
        Self {
            kind: n.kind,
            issuer: NoticeIssuer {
                authority: n.issuer.authority,
                office: n.issuer.office,
                official_name: n.issuer.official_name,
                phone: n.issuer.phone,
                email: n.issuer.email,
                address: n.issuer.address,
            },
            aktenzeichen: n.aktenzeichen,
            kassenzeichen: n.kassenzeichen,
            issued_at: n.issued_at,
            delivery: NoticeDelivery {
                channel: n.delivery.channel,
                legal_basis: n.delivery.legal_basis,
                provided_at: n.delivery.provided_at,
                first_retrieved_at: n.delivery.first_retrieved_at,
                provision_ends_at: n.delivery.provision_ends_at,
                retrievable: n.delivery.retrievable,
                bekanntgabe_at: n.delivery.bekanntgabe_at,
            },
            deadlines: n
                .deadlines
                .into_iter()
                .map(|d| deadline(id.clone(), subject.clone(), d))
                .collect(),
            amount_due_cents: n.payment.as_ref().map(|p| p.amount_due_cents),
            paid,
            payable_online: n.payment.as_ref().is_some_and(|p| p.subject.is_some()),
            body: n.body,
            rechtsbehelfsbelehrung: n.rechtsbehelfsbelehrung,
            attachments: n
                .attachments
                .into_iter()
                .map(|a| NoticeAttachment {
                    id: a.id,
                    role: a.role,
                    file_name: a.file_name,
                    mime_type: a.mime_type,
                    size_bytes: a.size_bytes,
                    downloaded: a.downloaded,
                })
                .collect(),
            allowed_replies: n.allowed_replies.into_iter().map(|a| reply_kind(a.kind)).collect(),
            read: n.read_at.is_some(),
            archived: n.archived,
            id,
            subject,
        }
    }
}

impl From<core::Reply> for NoticeReply {
    fn from(r: core::Reply) -> Self {
        Self {
            id: r.id,
            notice_id: r.notice_id,
            kind: reply_kind(r.kind),
            state: match r.state {
                core::ReplyState::Saved => ReplyState::Saved,
                core::ReplyState::Received => ReplyState::Received,
                core::ReplyState::Refused => ReplyState::Refused,
            },
            created_at: r.created_at,
            received_at: r.received_at,
            receipt_id: r.receipt_id,
            text: r.text,
            confirmation_text: r.confirmation_text,
            file_names: r.file_names,
            last_error: r.last_error,
        }
    }
}

impl From<ReplyDraft> for core::ReplyDraft {
    fn from(d: ReplyDraft) -> Self {
        match d {
            ReplyDraft::Acknowledge => core::ReplyDraft::Acknowledge,
            ReplyDraft::Objection {
                text,
                binding_confirmed,
                confirmation_text,
                requests_suspension,
            } => core::ReplyDraft::Objection {
                text,
                binding_confirmed,
                confirmation_text,
                requests_suspension,
            },
            ReplyDraft::Upload { files, note } => core::ReplyDraft::Upload {
                files: files
                    .into_iter()
                    .map(|f| core::UploadFile {
                        file_name: f.file_name,
                        mime_type: f.mime_type,
                        bytes: f.bytes,
                    })
                    .collect(),
                note,
            },
        }
    }
}
