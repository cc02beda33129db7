//! What the UI calls: the mailbox (synced into SQLite, readable offline),
//! opening a notice (which reports the retrieval exactly once, through the
//! outbox), its PDFs (verified against the city's SHA-512 before they are
//! kept or shown), export, deadlines with days left and "at risk", and
//! replies through the outbox.

use std::{path::Path, sync::Arc};

use chrono::Utc;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{
    api::{Mailbox, NoticesApi},
    delivery::{self, NoticeSender, ReplyDeliverer, RetrievalDeliverer},
    model::{Deadline, Notice, Reply, ReplyDraft},
    store::{self, ReplyBody},
    validation::{objection_declaration, validate},
    view::{NoticesView, safe_file_name, verify},
    wire::{WireNotice, checked_id},
};
use crate::{
    account::AccountService,
    app::Context,
    app_api::AppApiClient,
    crypto::Sealer,
    error::{Error, Result},
    listeners::{Listeners, Subscription},
    outbox::Outbox,
    payments::Subject,
};

/// What one mailbox sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MailboxSync {
    /// Notices new or changed.
    pub changed: u32,
    /// The city said nothing changed (`304`).
    pub not_modified: bool,
}

/// A deadline with the notice it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeDeadline {
    /// The notice.
    pub notice_id: String,
    /// What the notice is about.
    pub subject: String,
    /// The deadline.
    pub deadline: Deadline,
}

/// The citizen's official notices.
#[derive(Debug)]
pub struct NoticesService {
    ctx: Context,
    outbox: Arc<Outbox>,
    account: Arc<AccountService>,
    api: Option<NoticesApi>,
    sealer: Sealer,
    listeners: Listeners,
}

impl NoticesService {
    pub(crate) fn new(
        ctx: Context,
        outbox: Arc<Outbox>,
        account: Arc<AccountService>,
        app_api: Option<Arc<AppApiClient>>,
    ) -> Self {
        let api = app_api.map(NoticesApi::new);
        let sealer = Sealer::new(ctx.platform.secrets.clone());
        let listeners = Listeners::default();
        if let Some(api) = &api {
            let sender = NoticeSender {
                ctx: ctx.clone(),
                api: api.clone(),
                account: Arc::clone(&account),
                sealer: sealer.clone(),
                listeners: listeners.clone(),
            };
            outbox.register(Arc::new(RetrievalDeliverer(sender.clone())));
            outbox.register(Arc::new(ReplyDeliverer(sender)));
        }
        Self { ctx, outbox, account, api, sealer, listeners }
    }

    fn api(&self) -> Result<&NoticesApi> {
        self.api.as_ref().ok_or(Error::NotConfigured("app_api"))
    }

    /// Fetches the mailbox (a conditional request: unchanged costs a `304`)
    /// and stores every new or changed notice.
    pub async fn sync(&self) -> Result<MailboxSync> {
        let api = self.api()?;
        let etag = self.ctx.db.read(store::mailbox_etag)?;
        let etag = etag.as_deref();
        let mailbox =
            self.account.with_access_token(|t| async move { api.mailbox(etag, &t).await }).await?;
        let Mailbox::Notices { notices, etag } = mailbox else {
            return Ok(MailboxSync { changed: 0, not_modified: true });
        };
        let checked = self.check_all(notices);
        let now = self.ctx.now();
        let changed = self.ctx.db.write(|tx| {
            let mut changed = 0;
            for n in &checked {
                changed += u32::from(store::upsert(tx, &self.sealer, n, now)?);
            }
            store::set_mailbox_etag(tx, etag.as_deref(), now)?;
            Ok(changed)
        })?;
        if changed > 0 {
            self.ctx.log.info(&format!("mailbox: {changed} notice(s) new or changed"));
            self.listeners.notify();
        }
        Ok(MailboxSync { changed, not_modified: false })
    }

    fn check_all(&self, notices: Vec<WireNotice>) -> Vec<super::wire::CheckedNotice> {
        notices
            .into_iter()
            .filter_map(|n| match n.checked() {
                Ok(n) => Some(n),
                Err(e) => {
                    self.ctx.log.warn(&format!("a notice was skipped: {e}"));
                    None
                }
            })
            .collect()
    }

    fn view(&self) -> NoticesView {
        NoticesView { ctx: self.ctx.clone(), sealer: self.sealer.clone() }
    }

    /// Every notice on the phone, newest first (also offline).
    pub fn list(&self, include_archived: bool) -> Result<Vec<Notice>> {
        self.view().list(include_archived)
    }

    /// One notice from the phone, without marking it read.
    pub fn notice(&self, id: &str) -> Result<Notice> {
        self.view().get(id)?.ok_or_else(|| Error::NotFound { kind: "notice", id: id.to_owned() })
    }

    /// The citizen opens a notice: marked read, and its retrieval reported
    /// to the city exactly once (the report is claimed in the same
    /// transaction that queues it, so double opens and crashes cannot send
    /// two). The report is sent at once when online.
    pub async fn open(&self, id: &str) -> Result<Notice> {
        let notice = self.notice(id)?;
        let now = self.ctx.now();
        let device_time = self.ctx.platform.clock.now().to_rfc3339();
        let queued = self.ctx.db.write(|tx| {
            store::set_read(tx, id, true, now)?;
            if !notice.delivery.retrievable || !store::claim_retrieval(tx, id)? {
                return Ok(None);
            }
            let payload = json!({ "retrievedAtDevice": device_time });
            Outbox::enqueue(tx, delivery::RETRIEVAL, &delivery::notice_target(id), &payload, now)
                .map(Some)
        })?;
        if let Some(entry) = queued {
            self.outbox.notify();
            if let Err(e) = self.outbox.run_one(&entry).await {
                self.ctx.log.info(&format!("retrieval report waits: {e}"));
            }
        }
        self.listeners.notify();
        self.notice(id)
    }

    /// Marks read or unread.
    pub fn mark_read(&self, id: &str, read: bool) -> Result<()> {
        let now = self.ctx.now();
        self.ctx.db.write(|tx| store::set_read(tx, id, read, now))?;
        self.listeners.notify();
        Ok(())
    }

    /// Archives or restores.
    pub fn archive(&self, id: &str, archived: bool) -> Result<()> {
        if !self.ctx.db.write(|tx| store::set_archived(tx, id, archived))? {
            return Err(Error::NotFound { kind: "notice", id: id.to_owned() });
        }
        self.listeners.notify();
        Ok(())
    }

    /// An attachment's bytes: from the phone, or downloaded on demand; in
    /// either case checked against the city's SHA-512 first. A mismatch is
    /// refused and nothing is kept.
    pub async fn attachment(&self, id: &str, attachment: &str) -> Result<Vec<u8>> {
        let notice = self.notice(id)?;
        let meta = notice
            .attachments
            .iter()
            .find(|a| a.id == attachment)
            .ok_or_else(|| Error::NotFound { kind: "attachment", id: attachment.to_owned() })?;
        if let Some(bytes) =
            self.ctx.db.read(|c| store::load_attachment(c, &self.sealer, id, attachment))?
        {
            verify(&bytes, &meta.sha512)?;
            return Ok(bytes);
        }
        let api = self.api()?;
        let aid = checked_id(attachment)?;
        let bytes = self
            .account
            .with_access_token(|t| async move { api.attachment(id, aid, &t).await })
            .await?;
        verify(&bytes, &meta.sha512)?;
        let now = self.ctx.now();
        self.ctx
            .db
            .write(|tx| store::save_attachment(tx, &self.sealer, id, attachment, &bytes, now))?;
        self.listeners.notify();
        Ok(bytes)
    }

    /// Writes every attachment (downloaded when missing) and a JSON copy of
    /// the notice into `dir`: the citizen can save what the city sent.
    pub async fn export(&self, id: &str, dir: &Path) -> Result<Vec<std::path::PathBuf>> {
        let notice = self.notice(id)?;
        let mut written = Vec::new();
        for a in &notice.attachments {
            let bytes = self.attachment(id, &a.id).await?;
            let path = dir.join(safe_file_name(&a.file_name, &a.id));
            crate::platform::write_private_file(&path, &bytes)?;
            written.push(path);
        }
        let replies = self.replies(id)?;
        let copy =
            json!({ "notice": notice, "replies": replies, "exportedAt": Utc::now().to_rfc3339() });
        let name = safe_file_name(
            &format!("{}.json", notice.aktenzeichen.as_deref().unwrap_or(&notice.id)),
            &notice.id,
        );
        let path = dir.join(name);
        let text = serde_json::to_vec_pretty(&copy)
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        crate::platform::write_private_file(&path, &text)?;
        written.push(path);
        Ok(written)
    }

    /// Answers a notice: checked against the notice's rules (nothing is
    /// queued when it fails), then saved with its outbox row in one
    /// transaction and sent at once when online. It counts for a deadline
    /// only once the city's receipt arrived.
    pub async fn reply(&self, id: &str, draft: ReplyDraft) -> Result<Reply> {
        let notice = self.notice(id)?;
        validate(&draft, &notice.allowed_replies)?;
        let now = self.ctx.now();
        let device_time = self.ctx.platform.clock.now().to_rfc3339();
        let mut body = ReplyBody { created_at_device: device_time.clone(), ..ReplyBody::default() };
        let mut files = Vec::new();
        match &draft {
            ReplyDraft::Acknowledge => {}
            ReplyDraft::Objection { text, confirmation_text, requests_suspension, .. } => {
                body.text = Some(text.trim().to_owned());
                body.confirmation_text = Some(confirmation_text.clone());
                body.confirmed_at = Some(device_time);
                body.requests_suspension = *requests_suspension;
            }
            ReplyDraft::Upload { files: uploads, note } => {
                body.note = note.clone();
                for f in uploads {
                    let sha = hex::encode(Sha256::digest(&f.bytes));
                    // Content-addressed: the same file is the same part on every retry.
                    let client_id = format!("f-{}", &sha[..12]);
                    body.files.push((
                        client_id,
                        f.file_name.clone(),
                        f.mime_type.clone(),
                        f.bytes.len() as u64,
                        sha,
                    ));
                    files.push(f.bytes.clone());
                }
            }
        }
        let kind = draft.kind();
        let reply_id = self.ctx.db.write(|tx| {
            let key = Outbox::enqueue(
                tx,
                delivery::REPLY,
                &delivery::notice_target(id),
                &json!({"kind": kind.wire()}),
                now,
            )?;
            let parts =
                store::ReplyParts { id: key.clone(), notice: id.to_owned(), kind, body, files };
            store::insert_reply(tx, &self.sealer, &parts, now)?;
            Ok(key)
        })?;
        self.ctx.log.info(&format!("reply {reply_id} saved"));
        self.outbox.notify();
        self.listeners.notify();
        if let Err(e) = self.outbox.run_one(&reply_id).await {
            self.ctx.log.info(&format!("reply waits: {e}"));
        }
        self.reply_by_id(&reply_id)
    }

    fn reply_by_id(&self, reply_id: &str) -> Result<Reply> {
        self.ctx
            .db
            .read(|c| store::replies(c, &self.sealer, None))?
            .into_iter()
            .find(|r| r.id == reply_id)
            .ok_or_else(|| Error::NotFound { kind: "reply", id: reply_id.to_owned() })
    }

    /// The replies to a notice, oldest first.
    pub fn replies(&self, id: &str) -> Result<Vec<Reply>> {
        self.ctx.db.read(|c| store::replies(c, &self.sealer, Some(id)))
    }

    /// The declaration an objection to `id` must confirm.
    pub fn objection_declaration(&self, id: &str) -> Result<String> {
        Ok(objection_declaration(self.notice(id)?.aktenzeichen.as_deref()))
    }

    /// Every deadline of every notice not archived, the nearest first.
    pub fn deadlines(&self) -> Result<Vec<NoticeDeadline>> {
        let mut out: Vec<NoticeDeadline> = self
            .list(false)?
            .into_iter()
            .flat_map(|n| {
                let (id, subject) = (n.id.clone(), n.subject.clone());
                n.deadlines.into_iter().map(move |d| NoticeDeadline {
                    notice_id: id.clone(),
                    subject: subject.clone(),
                    deadline: d,
                })
            })
            .collect();
        out.sort_by_key(|d| (d.deadline.days_left.is_none(), d.deadline.days_left));
        Ok(out)
    }

    /// What the payments service pays for this notice.
    pub fn payment_subject(&self, id: &str) -> Result<Subject> {
        self.notice(id)?.payment.and_then(|p| p.subject).ok_or_else(|| Error::Validation {
            field: "notice",
            reason: "this notice cannot be paid online".to_owned(),
        })
    }

    /// Calls `listener` with the notices (not archived) now and after every change.
    pub fn subscribe(
        &self,
        listener: impl Fn(Vec<Notice>) + Send + Sync + 'static,
    ) -> Subscription {
        let me = self.view();
        self.listeners.add(move || match me.list(false) {
            Ok(list) => listener(list),
            Err(e) => me.ctx.log.error(&format!("notices listener could not read: {e}")),
        })
    }

    /// The listeners, for a domain whose changes change notices (payments).
    pub(crate) fn listeners(&self) -> Listeners {
        self.listeners.clone()
    }

    /// Tells listeners to re-read (after a wipe or a payment).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }
}
