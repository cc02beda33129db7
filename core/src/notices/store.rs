//! SQL of notices, their PDFs and replies. Texts, PDFs and files are
//! sealed per row (ADR 0012), each bound to its row by the AEAD context.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use super::{
    model::{Notice, Reply, ReplyKind, ReplyState},
    wire::{CheckedNotice, WireReceipt},
};
use crate::{
    crypto::Sealer,
    error::{Error, Result},
};

fn notice_context(id: &str) -> String {
    format!("notice.v1:{id}")
}

fn attachment_context(notice: &str, id: &str) -> String {
    format!("notice_attachment.v1:{notice}:{id}")
}

fn reply_context(id: &str) -> String {
    format!("notice_reply.v1:{id}")
}

fn file_context(reply: &str, position: usize) -> String {
    format!("notice_reply_file.v1:{reply}:{position}")
}

/// Stores the city's version of a notice, keeping what the citizen did
/// with it (read, archived). True when it is new or changed.
pub fn upsert(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    checked: &CheckedNotice,
    now: i64,
) -> Result<bool> {
    let n = &checked.notice;
    let known: Option<Option<String>> =
        tx.query_row("SELECT etag FROM notice WHERE id = ?1", [&n.id], |r| r.get(0)).optional()?;
    if let Some(etag) = &known
        && etag.is_some()
        && *etag == checked.etag
    {
        return Ok(false);
    }
    let sealed = sealer.seal_json(n, &notice_context(&n.id))?;
    tx.execute(
        "INSERT INTO notice (id, etag, sealed, received_at, synced_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, sealed = excluded.sealed,
                                        received_at = excluded.received_at, synced_at = excluded.synced_at",
        params![n.id, checked.etag, sealed, n.received_at, now],
    )?;
    for receipt in &checked.receipts {
        mark_received(tx, &receipt.reply_id, receipt)?;
    }
    Ok(true)
}

/// Replaces the stored notice body (after a retrieval fixed its dates).
pub fn replace_body(tx: &Transaction<'_>, sealer: &Sealer, notice: &Notice) -> Result<()> {
    let sealed = sealer.seal_json(notice, &notice_context(&notice.id))?;
    tx.execute("UPDATE notice SET sealed = ?2 WHERE id = ?1", params![notice.id, sealed])?;
    Ok(())
}

/// One notice with the citizen's marks (deadlines not yet evaluated).
pub fn get(conn: &Connection, sealer: &Sealer, id: &str) -> Result<Option<Notice>> {
    let row: Option<(Vec<u8>, Option<i64>, bool)> = conn
        .query_row("SELECT sealed, read_at, archived FROM notice WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((sealed, read_at, archived)) = row else { return Ok(None) };
    let Some(mut notice) = sealer.open_json::<Notice>(&sealed, &notice_context(id))? else {
        return Ok(None);
    };
    notice.read_at = read_at;
    notice.archived = archived;
    let stored = stored_attachments(conn, id)?;
    for a in &mut notice.attachments {
        a.downloaded = stored.contains(&a.id);
    }
    Ok(Some(notice))
}

/// Every notice id, newest first.
pub fn ids(conn: &Connection, include_archived: bool) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM notice WHERE ?1 OR archived = 0 ORDER BY received_at DESC, rowid DESC",
    )?;
    let rows =
        stmt.query_map([include_archived], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn stored_attachments(conn: &Connection, notice: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT id FROM notice_attachment WHERE notice = ?1")?;
    let rows = stmt.query_map([notice], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Marks read (first time only) or unread.
pub fn set_read(tx: &Transaction<'_>, id: &str, read: bool, now: i64) -> Result<bool> {
    let sql = if read {
        "UPDATE notice SET read_at = coalesce(read_at, ?2) WHERE id = ?1"
    } else {
        "UPDATE notice SET read_at = NULL WHERE id = ?1 AND ?2 = ?2"
    };
    Ok(tx.execute(sql, params![id, now])? > 0)
}

/// Archives or restores.
pub fn set_archived(tx: &Transaction<'_>, id: &str, archived: bool) -> Result<bool> {
    Ok(tx.execute("UPDATE notice SET archived = ?2 WHERE id = ?1", params![id, archived])? > 0)
}

/// Claims the one retrieval report of a notice: true exactly once.
pub fn claim_retrieval(tx: &Transaction<'_>, id: &str) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE notice SET retrieval_queued = 1 WHERE id = ?1 AND retrieval_queued = 0",
        [id],
    )? > 0)
}

/// Keeps a verified attachment, sealed.
pub fn save_attachment(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    notice: &str,
    id: &str,
    bytes: &[u8],
    now: i64,
) -> Result<()> {
    let sealed = sealer.seal(bytes, attachment_context(notice, id).as_bytes())?;
    tx.execute(
        "INSERT OR REPLACE INTO notice_attachment (notice, id, sealed, stored_at) VALUES (?1, ?2, ?3, ?4)",
        params![notice, id, sealed, now],
    )?;
    Ok(())
}

/// A stored attachment's bytes.
pub fn load_attachment(
    conn: &Connection,
    sealer: &Sealer,
    notice: &str,
    id: &str,
) -> Result<Option<Vec<u8>>> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT sealed FROM notice_attachment WHERE notice = ?1 AND id = ?2",
            params![notice, id],
            |r| r.get(0),
        )
        .optional()?;
    match sealed {
        Some(s) => sealer.open(&s, attachment_context(notice, id).as_bytes()),
        None => Ok(None),
    }
}

/// What a reply carries, sealed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplyBody {
    /// The objection's text.
    pub text: Option<String>,
    /// The declaration the citizen confirmed.
    pub confirmation_text: Option<String>,
    /// When it was confirmed (RFC 3339, device clock).
    pub confirmed_at: Option<String>,
    /// Suspension of enforcement requested.
    pub requests_suspension: bool,
    /// Upload note.
    pub note: Option<String>,
    /// Files: (client file id, name, MIME type, size, sha256).
    pub files: Vec<(String, String, String, u64, String)>,
    /// When the citizen sent it (RFC 3339, device clock).
    pub created_at_device: String,
}

/// A reply as kept for sending.
#[derive(Debug, Clone)]
pub struct ReplyParts {
    /// The reply id (outbox id, Idempotency-Key).
    pub id: String,
    /// The notice.
    pub notice: String,
    /// What it does.
    pub kind: ReplyKind,
    /// What it says.
    pub body: ReplyBody,
    /// The files' bytes, in the order of `body.files`.
    pub files: Vec<Vec<u8>>,
}

/// Saves a reply and its files (with the outbox row, in the caller's transaction).
pub fn insert_reply(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    reply: &ReplyParts,
    now: i64,
) -> Result<()> {
    let ReplyParts { id, notice, kind, body, files } = reply;
    let sealed = sealer.seal_json(body, &reply_context(id))?;
    tx.execute(
        "INSERT INTO notice_reply (id, notice, kind, state, sealed, created_at) VALUES (?1, ?2, ?3, 'saved', ?4, ?5)",
        params![id, notice, kind.wire(), sealed, now],
    )?;
    for (position, bytes) in files.iter().enumerate() {
        let sealed = sealer.seal(bytes, file_context(id, position).as_bytes())?;
        tx.execute(
            "INSERT INTO notice_reply_file (reply, position, sealed) VALUES (?1, ?2, ?3)",
            params![id, position as i64, sealed],
        )?;
    }
    Ok(())
}

/// A reply's sealed body and its files, for sending.
pub fn reply_parts(conn: &Connection, sealer: &Sealer, id: &str) -> Result<Option<ReplyParts>> {
    let row: Option<(String, String, Vec<u8>)> = conn
        .query_row("SELECT notice, kind, sealed FROM notice_reply WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((notice, kind, sealed)) = row else { return Ok(None) };
    let Some(kind) = ReplyKind::from_wire(&kind) else { return Ok(None) };
    let Some(body) = sealer.open_json::<ReplyBody>(&sealed, &reply_context(id))? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT position, sealed FROM notice_reply_file WHERE reply = ?1 ORDER BY position",
    )?;
    let rows: Vec<(i64, Vec<u8>)> =
        stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut files = Vec::with_capacity(rows.len());
    for (position, sealed) in rows {
        let position = usize::try_from(position).unwrap_or_default();
        let bytes = sealer.open(&sealed, file_context(id, position).as_bytes())?;
        files.push(
            bytes.ok_or_else(|| Error::SecretStore("a reply's file is unreadable".to_owned()))?,
        );
    }
    Ok(Some(ReplyParts { id: id.to_owned(), notice, kind, body, files }))
}

/// The city has it: keeps its receipt; the files are no longer needed here.
pub fn mark_received(tx: &Transaction<'_>, id: &str, receipt: &WireReceipt) -> Result<bool> {
    let changed = tx.execute(
        "UPDATE notice_reply SET state = 'received', received_at = ?2, receipt_id = ?3, last_error = NULL
          WHERE id = ?1 AND state != 'received'",
        params![id, receipt.received_at, receipt.receipt_id],
    )? > 0;
    if changed {
        tx.execute("DELETE FROM notice_reply_file WHERE reply = ?1", [id])?;
    }
    Ok(changed)
}

/// The city refused it for good.
pub fn mark_refused(tx: &Transaction<'_>, id: &str, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE notice_reply SET state = 'refused', last_error = ?2 WHERE id = ?1 AND state = 'saved'",
        params![id, reason],
    )?;
    Ok(())
}

/// The replies to a notice (or all, when `notice` is `None`), oldest first.
pub fn replies(conn: &Connection, sealer: &Sealer, notice: Option<&str>) -> Result<Vec<Reply>> {
    let mut stmt = conn.prepare(
        "SELECT id, notice, kind, state, sealed, created_at, received_at, receipt_id, last_error
           FROM notice_reply WHERE ?1 IS NULL OR notice = ?1 ORDER BY created_at, rowid",
    )?;
    type Row = (
        String,
        String,
        String,
        String,
        Vec<u8>,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = stmt
        .query_map([notice], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, notice_id, kind, state, sealed, created_at, received_at, receipt_id, last_error) in
        rows
    {
        let Some(kind) = ReplyKind::from_wire(&kind) else { continue };
        let body: ReplyBody = sealer.open_json(&sealed, &reply_context(&id))?.unwrap_or_default();
        out.push(Reply {
            id,
            notice_id,
            kind,
            state: ReplyState::parse(&state),
            created_at,
            received_at,
            receipt_id,
            text: body.text,
            confirmation_text: body.confirmation_text,
            file_names: body.files.into_iter().map(|f| f.1).collect(),
            last_error,
        });
    }
    Ok(out)
}

/// The mailbox's stored `ETag`.
pub fn mailbox_etag(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT etag FROM notice_sync WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Stores the mailbox's `ETag` (with the notices of that sync).
pub fn set_mailbox_etag(tx: &Transaction<'_>, etag: Option<&str>, now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO notice_sync (id, etag, synced_at) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, synced_at = excluded.synced_at",
        params![etag, now],
    )?;
    Ok(())
}
