//! What is kept for offline use besides the payments themselves: the fee
//! list and the receipts (JSON and PDF), all sealed (ADR 0012).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::model::{Fee, Receipt, Subject, SubjectKind};
use crate::{crypto::Sealer, error::Result};

fn fee_context(kind: SubjectKind, id: &str) -> String {
    format!("fee.v1:{}:{id}", kind.wire())
}

fn pdf_context(id: &str) -> String {
    format!("payment_receipt_pdf.v1:{id}")
}

fn receipt_context(id: &str) -> String {
    format!("payment_receipt.v1:{id}")
}

/// Paid payments whose receipt is not on the phone yet: `(app id, city id)`.
pub fn missing_receipts(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, payment_id FROM payment p WHERE state = 'PAYED' AND payment_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM payment_receipt r WHERE r.payment = p.id)",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Keeps a receipt (JSON and PDF), sealed.
pub fn save_receipt(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    id: &str,
    receipt: &Receipt,
    pdf: &[u8],
    now: i64,
) -> Result<()> {
    let sealed = sealer.seal_json(receipt, &receipt_context(id))?;
    let pdf = sealer.seal(pdf, pdf_context(id).as_bytes())?;
    tx.execute(
        "INSERT INTO payment_receipt (payment, sealed, pdf, fetched_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (payment) DO UPDATE SET sealed = excluded.sealed, pdf = excluded.pdf,
                                             fetched_at = excluded.fetched_at",
        params![id, sealed, pdf, now],
    )?;
    Ok(())
}

/// The stored receipt and its PDF.
pub fn load_receipt(
    conn: &Connection,
    sealer: &Sealer,
    id: &str,
) -> Result<Option<(Receipt, Option<Vec<u8>>)>> {
    let row: Option<(Vec<u8>, Option<Vec<u8>>)> = conn
        .query_row("SELECT sealed, pdf FROM payment_receipt WHERE payment = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    let Some((sealed, pdf)) = row else { return Ok(None) };
    let Some(receipt) = sealer.open_json::<Receipt>(&sealed, &receipt_context(id))? else {
        return Ok(None);
    };
    let pdf = match pdf {
        Some(pdf) => sealer.open(&pdf, pdf_context(id).as_bytes())?,
        None => None,
    };
    Ok(Some((receipt, pdf)))
}

/// Replaces the stored fee list with the city's.
pub fn replace_fees(tx: &Transaction<'_>, sealer: &Sealer, fees: &[Fee], now: i64) -> Result<()> {
    tx.execute("DELETE FROM fee", [])?;
    for (position, fee) in fees.iter().enumerate() {
        let sealed = sealer.seal_json(fee, &fee_context(fee.subject.kind, &fee.subject.id))?;
        tx.execute(
            "INSERT OR REPLACE INTO fee (id, kind, position, sealed, fetched_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![fee.subject.id, fee.subject.kind.wire(), position as i64, sealed, now],
        )?;
    }
    Ok(())
}

/// The stored fee list, in the city's order, and when it was fetched.
pub fn load_fees(conn: &Connection, sealer: &Sealer) -> Result<(Vec<Fee>, Option<i64>)> {
    let mut stmt =
        conn.prepare("SELECT id, kind, sealed, fetched_at FROM fee ORDER BY position")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Vec<u8>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut fees = Vec::with_capacity(rows.len());
    let mut fetched = None;
    for (id, kind, sealed, at) in rows {
        let Some(kind) = SubjectKind::from_wire(&kind) else { continue };
        if let Some(fee) = sealer.open_json::<Fee>(&sealed, &fee_context(kind, &id))? {
            fees.push(fee);
            fetched = Some(at);
        }
    }
    Ok((fees, fetched))
}

/// The stored fee for `subject`.
pub fn fee(conn: &Connection, sealer: &Sealer, subject: &Subject) -> Result<Option<Fee>> {
    let sealed: Option<Vec<u8>> = conn
        .query_row(
            "SELECT sealed FROM fee WHERE kind = ?1 AND id = ?2",
            params![subject.kind.wire(), subject.id],
            |r| r.get(0),
        )
        .optional()?;
    match sealed {
        Some(s) => sealer.open_json(&s, &fee_context(subject.kind, &subject.id)),
        None => Ok(None),
    }
}
