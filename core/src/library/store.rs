//! SQL of library registrations (sealed: the applicant's data, the city's
//! answer, the card) and of the public catalogue (branches, card types).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::model::{Registration, RegistrationState};
use crate::{crypto::Sealer, error::Result};

fn context(id: &str) -> String {
    format!("library_registration.v1:{id}")
}

/// Saves a registration (new or changed), sealed.
pub fn save(tx: &Transaction<'_>, sealer: &Sealer, r: &Registration, now: i64) -> Result<()> {
    let sealed = sealer.seal_json(r, &context(&r.id))?;
    tx.execute(
        "INSERT INTO library_registration (id, state, sealed, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET state = excluded.state, sealed = excluded.sealed, updated_at = excluded.updated_at",
        params![r.id, r.state.as_str(), sealed, r.created_at, now],
    )?;
    Ok(())
}

/// One registration.
pub fn get(conn: &Connection, sealer: &Sealer, id: &str) -> Result<Option<Registration>> {
    let sealed: Option<Vec<u8>> = conn
        .query_row("SELECT sealed FROM library_registration WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match sealed {
        Some(s) => sealer.open_json(&s, &context(id)),
        None => Ok(None),
    }
}

/// Every registration, newest first.
pub fn list(conn: &Connection, sealer: &Sealer) -> Result<Vec<Registration>> {
    let mut stmt = conn.prepare(
        "SELECT id, sealed FROM library_registration ORDER BY created_at DESC, rowid DESC",
    )?;
    let rows: Vec<(String, Vec<u8>)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, sealed) in rows {
        out.extend(sealer.open_json::<Registration>(&sealed, &context(&id))?);
    }
    Ok(out)
}

/// A registration that blocks another order (not refused).
pub fn open_registration(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM library_registration WHERE state != ?1 ORDER BY created_at DESC LIMIT 1",
            [RegistrationState::Rejected.as_str()],
            |r| r.get(0),
        )
        .optional()?)
}

/// Stores a catalogue list (public data).
pub fn save_catalog(tx: &Transaction<'_>, kind: &str, json: &str, now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO library_catalog (kind, json, fetched_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (kind) DO UPDATE SET json = excluded.json, fetched_at = excluded.fetched_at",
        params![kind, json, now],
    )?;
    Ok(())
}

/// A stored catalogue list.
pub fn catalog(conn: &Connection, kind: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT json FROM library_catalog WHERE kind = ?1", [kind], |r| r.get(0))
        .optional()?)
}
