//! The outbox table: one row per user action on its way to a server.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde_json::Value;

use crate::error::{Error, Result};

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Saved on the phone, waiting to be sent.
    Pending,
    /// Being sent (or the app died while sending: it is retried, and the
    /// sender first checks whether the server already has it).
    Sending,
    /// Received by the city: the server confirmed it.
    Acked,
    /// The server refused it for good; the citizen must decide.
    NeedsUser,
}

impl OutboxState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sending => "sending",
            OutboxState::Acked => "acked",
            OutboxState::NeedsUser => "needs_user",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "sending" => OutboxState::Sending,
            "acked" => OutboxState::Acked,
            "needs_user" => OutboxState::NeedsUser,
            _ => OutboxState::Pending,
        }
    }
}

/// One action in the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    /// Client-made UUID, sent as `Idempotency-Key`.
    pub id: String,
    /// What kind of action, e.g. `appointment.cancel`.
    pub kind: String,
    /// What it acts on, prefixed by domain, e.g. `appointment:100001`.
    pub target: String,
    /// What the sender needs (no secrets: those stay in the secret store).
    pub payload: Value,
    /// Where it stands.
    pub state: OutboxState,
    /// Send attempts so far.
    pub attempts: u32,
    /// Earliest next attempt (unix seconds).
    pub next_attempt_at: i64,
    /// Why the last attempt failed (no personal data).
    pub last_error: Option<String>,
    /// When the citizen did it (unix seconds, device clock).
    pub created_at: i64,
    /// When the server confirmed it (unix seconds, device clock).
    pub acked_at: Option<i64>,
    /// The server's time of receipt (RFC 3339), the one that counts.
    pub server_time: Option<String>,
}

const COLUMNS: &str = "id, kind, target, payload, state, attempts, next_attempt_at, last_error, \
                       created_at, acked_at, server_time";

fn entry(r: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let payload: String = r.get(3)?;
    let state: String = r.get(4)?;
    Ok(OutboxEntry {
        id: r.get(0)?,
        kind: r.get(1)?,
        target: r.get(2)?,
        payload: serde_json::from_str(&payload).unwrap_or(Value::Null),
        state: OutboxState::parse(&state),
        attempts: r.get(5)?,
        next_attempt_at: r.get(6)?,
        last_error: r.get(7)?,
        created_at: r.get(8)?,
        acked_at: r.get(9)?,
        server_time: r.get(10)?,
    })
}

/// Adds an action (inside the caller's transaction, with its domain row).
pub fn insert(
    tx: &Transaction<'_>,
    id: &str,
    kind: &str,
    target: &str,
    payload: &Value,
    now: i64,
) -> Result<()> {
    tx.execute(
        "INSERT INTO outbox (id, kind, target, payload, state, attempts, next_attempt_at, created_at)
         VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?5)",
        params![id, kind, target, payload.to_string(), now],
    )?;
    Ok(())
}

/// The oldest action that is due, keeping actions on the same target in
/// order (whatever their kind: a watch's removal waits for its creation):
/// a later one waits while an earlier one is unfinished.
pub fn next_due(conn: &Connection, now: i64) -> Result<Option<OutboxEntry>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM outbox o
          WHERE state IN ('pending', 'sending') AND next_attempt_at <= ?1
            AND NOT EXISTS (SELECT 1 FROM outbox e
                             WHERE e.target = o.target
                               AND e.state IN ('pending', 'sending', 'needs_user')
                               AND (e.created_at, e.rowid) < (o.created_at, o.rowid))
          ORDER BY created_at, rowid LIMIT 1"
    );
    Ok(conn.query_row(&sql, [now], entry).optional()?)
}

/// One action by id.
pub fn get(conn: &Connection, id: &str) -> Result<OutboxEntry> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"), [id], entry)
        .optional()?
        .ok_or_else(|| Error::NotFound { kind: "outbox entry", id: id.to_owned() })
}

/// Unfinished actions plus those acknowledged since `acked_since`, oldest first.
pub fn list(conn: &Connection, acked_since: i64) -> Result<Vec<OutboxEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM outbox WHERE state != 'acked' OR acked_at >= ?1 ORDER BY created_at, rowid"
    ))?;
    let rows = stmt.query_map([acked_since], entry)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Unfinished actions (pending, sending or needing the citizen).
pub fn unfinished_count(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("SELECT count(*) FROM outbox WHERE state != 'acked'", [], |r| r.get(0))?)
}

/// Records the start of an attempt before anything goes on the wire.
pub fn mark_sending(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// The server has it.
pub fn mark_acked(
    tx: &Transaction<'_>,
    id: &str,
    now: i64,
    server_time: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE outbox SET state = 'acked', acked_at = ?2, server_time = ?3, last_error = NULL WHERE id = ?1",
        params![id, now, server_time],
    )?;
    Ok(())
}

/// Try again at `next_attempt_at`.
pub fn mark_retry(
    tx: &Transaction<'_>,
    id: &str,
    next_attempt_at: i64,
    reason: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
        params![id, next_attempt_at, reason],
    )?;
    Ok(())
}

/// Refused for good.
pub fn mark_needs_user(tx: &Transaction<'_>, id: &str, reason: &str) -> Result<()> {
    tx.execute(
        "UPDATE outbox SET state = 'needs_user', last_error = ?2 WHERE id = ?1",
        params![id, reason],
    )?;
    Ok(())
}

/// Queues a refused action again, due now.
pub fn requeue(tx: &Transaction<'_>, id: &str, now: i64) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?2 WHERE id = ?1 AND state = 'needs_user'",
        params![id, now],
    )? > 0)
}
