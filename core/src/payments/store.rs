//! SQL of payments, receipts and fees. What says what a citizen pays is
//! sealed per row (ADR 0012), bound to the row by the AEAD's context; the
//! plain columns are what reconciliation queries need.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{
    model::{Payment, PaymentState, Step, Subject, SubjectKind},
    wire::{PaymentDetails, SealedDetails},
};
use crate::{
    crypto::Sealer,
    error::{Error, Result},
};

/// How long after its start a failed or cancelled payment may still turn
/// paid (the city keeps asking its payment service this long).
pub const LATE_SUCCESS_WINDOW: i64 = 24 * 3600;

fn details_context(id: &str) -> String {
    format!("payment.v1:{id}")
}

const COLUMNS: &str = "p.id, p.payment_id, p.subject_type, p.subject_id, p.state, p.sealed, \
                       p.created_at, EXISTS (SELECT 1 FROM payment_receipt r WHERE r.payment = p.id)";

struct RawRow {
    id: String,
    payment_id: Option<String>,
    kind: String,
    subject_id: String,
    state: String,
    sealed: Vec<u8>,
    created_at: i64,
    has_receipt: bool,
}

fn raw(r: &Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        payment_id: r.get(1)?,
        kind: r.get(2)?,
        subject_id: r.get(3)?,
        state: r.get(4)?,
        sealed: r.get(5)?,
        created_at: r.get(6)?,
        has_receipt: r.get(7)?,
    })
}

fn payment(sealer: &Sealer, row: RawRow) -> Result<Payment> {
    let corrupt = || Error::SecretStore("a stored payment is damaged".to_owned());
    let kind = SubjectKind::from_wire(&row.kind).ok_or_else(corrupt)?;
    let state = PaymentState::parse(&row.state).ok_or_else(corrupt)?;
    let d: SealedDetails =
        sealer.open_json(&row.sealed, &details_context(&row.id))?.unwrap_or_default();
    Ok(Payment {
        id: row.id,
        payment_id: row.payment_id,
        subject: Subject { kind, id: row.subject_id },
        state,
        amount_cents: d.amount_cents,
        currency: if d.currency.is_empty() { "EUR".to_owned() } else { d.currency },
        title: d.title,
        paypage_url: d.paypage_url.filter(|_| state == PaymentState::Initial),
        transaction_reference: d.transaction_reference,
        payment_method: d.payment_method,
        payment_method_detail: d.payment_method_detail,
        status_detail: d.status_detail,
        error_code: d.error_code,
        error_message: d.error_message,
        late_correction: d.late_correction,
        created_at: row.created_at,
        paid_at: d.paid_at,
        expires_at: d.expires_at,
        has_receipt: row.has_receipt,
    })
}

/// Saves a new payment the city has not confirmed yet (with its outbox row,
/// in the caller's transaction). `title` and `amount` come from the fee list.
pub fn insert_created(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    id: &str,
    subject: &Subject,
    known: SealedDetails,
    now: i64,
) -> Result<()> {
    let sealed = sealer.seal_json(&known, &details_context(id))?;
    tx.execute(
        "INSERT INTO payment (id, subject_type, subject_id, state, sealed, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'CREATED', ?4, ?5, ?5)",
        params![id, subject.kind.wire(), subject.id, sealed, now],
    )?;
    Ok(())
}

/// One payment by the app's or the city's id.
pub fn get(conn: &Connection, sealer: &Sealer, id: &str) -> Result<Option<Payment>> {
    let sql = format!("SELECT {COLUMNS} FROM payment p WHERE p.id = ?1 OR p.payment_id = ?1");
    let row = conn.query_row(&sql, [id], raw).optional()?;
    row.map(|r| payment(sealer, r)).transpose()
}

/// Every payment, newest first.
pub fn list(conn: &Connection, sealer: &Sealer) -> Result<Vec<Payment>> {
    let sql = format!("SELECT {COLUMNS} FROM payment p ORDER BY p.created_at DESC, p.rowid DESC");
    let rows = conn.prepare(&sql)?.query_map([], raw)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| payment(sealer, r)).collect()
}

/// The open (CREATED or INITIAL) payment for `subject`, if any: a second
/// tap on "pay" continues it instead of starting another.
pub fn open_for(conn: &Connection, subject: &Subject) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM payment WHERE subject_type = ?1 AND subject_id = ?2
               AND state IN ('CREATED', 'INITIAL') ORDER BY created_at DESC LIMIT 1",
            params![subject.kind.wire(), subject.id],
            |r| r.get(0),
        )
        .optional()?)
}

/// The paid payment for `subject`, if any.
pub fn paid_for(conn: &Connection, subject: &Subject) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM payment WHERE subject_type = ?1 AND subject_id = ?2 AND state = 'PAYED'
             LIMIT 1",
            params![subject.kind.wire(), subject.id],
            |r| r.get(0),
        )
        .optional()?)
}

/// What [`apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The app's id of the row that now holds the payment.
    pub id: String,
    /// The row changed.
    pub changed: bool,
    /// A success arrived after FAILED or CANCELED.
    pub late_success: bool,
    /// The state before.
    pub before: Option<PaymentState>,
}

/// Applies the city's view of a payment: to the row `local` (the create
/// that produced it) or the row already holding its `payment_id`, or a new
/// row (a payment started on another phone). Forward only, except a late
/// success. A `local` row that turns out to duplicate another is removed.
pub fn apply(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    local: Option<&str>,
    city: &PaymentDetails,
    now: i64,
) -> Result<Applied> {
    let holder: Option<(String, String, Vec<u8>)> = tx
        .query_row(
            "SELECT id, state, sealed FROM payment WHERE payment_id = ?1",
            [&city.payment_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (id, before, sealed) = match (holder, local) {
        (Some(held), Some(local)) if held.0 != local => {
            // The city answered the create with a payment this phone knows
            // under another row: keep that one.
            tx.execute("DELETE FROM payment WHERE id = ?1", [local])?;
            held
        }
        (Some(held), _) => held,
        (None, Some(local)) => {
            let (state, sealed) =
                tx.query_row("SELECT state, sealed FROM payment WHERE id = ?1", [local], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
                })?;
            tx.execute(
                "UPDATE payment SET payment_id = ?2 WHERE id = ?1",
                params![local, city.payment_id],
            )?;
            (local.to_owned(), state, sealed)
        }
        (None, None) => {
            let id = uuid::Uuid::new_v4().to_string();
            tx.execute(
                "INSERT INTO payment (id, payment_id, subject_type, subject_id, state, sealed, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, 'CREATED', x'', ?5, ?5)",
                params![id, city.payment_id, city.subject.kind.wire(), city.subject.id, now],
            )?;
            (id, "CREATED".to_owned(), Vec::new())
        }
    };
    let before_state = PaymentState::parse(&before);
    let step = before_state.map_or(Step::Forward, |b| b.step_to(city.state));
    let known: SealedDetails = if sealed.is_empty() {
        SealedDetails::default()
    } else {
        sealer.open_json(&sealed, &details_context(&id))?.unwrap_or_default()
    };
    let mut details = city.sealed.clone();
    let (state, changed) = match step {
        Step::Stay => (before_state.unwrap_or(city.state), details != known),
        Step::Forward => (city.state, true),
        Step::LateSuccess => {
            details.late_correction = true;
            (city.state, true)
        }
    };
    if step == Step::Stay && before_state.is_some_and(|b| b != city.state) {
        // A move backwards is not applied; the rest of the answer is stale too.
        return Ok(Applied { id, changed: false, late_success: false, before: before_state });
    }
    details.late_correction |= known.late_correction;
    let sealed = sealer.seal_json(&details, &details_context(&id))?;
    tx.execute(
        "UPDATE payment SET state = ?2, sealed = ?3, updated_at = ?4,
                next_check_at = CASE WHEN ?5 THEN NULL ELSE next_check_at END,
                checks = CASE WHEN ?5 THEN 0 ELSE checks END
          WHERE id = ?1",
        params![id, state.as_str(), sealed, now, state == PaymentState::Payed],
    )?;
    Ok(Applied { id, changed, late_success: step == Step::LateSuccess, before: before_state })
}

/// Marks a create the city refused for good: ERROR with its reason.
pub fn refuse(
    tx: &Transaction<'_>,
    sealer: &Sealer,
    id: &str,
    code: &str,
    message: &str,
    now: i64,
) -> Result<()> {
    let sealed: Option<Vec<u8>> =
        tx.query_row("SELECT sealed FROM payment WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    let Some(sealed) = sealed else { return Ok(()) };
    let mut details: SealedDetails =
        sealer.open_json(&sealed, &details_context(id))?.unwrap_or_default();
    details.error_code = Some(code.to_owned());
    details.error_message = Some(message.to_owned());
    let sealed = sealer.seal_json(&details, &details_context(id))?;
    tx.execute(
        "UPDATE payment SET state = 'ERROR', sealed = ?2, updated_at = ?3 WHERE id = ?1 AND state = 'CREATED'",
        params![id, sealed, now],
    )?;
    Ok(())
}

/// Removes a row (a create that turned out to duplicate a paid payment).
pub fn remove(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("DELETE FROM payment WHERE id = ?1", [id])?;
    Ok(())
}

/// Payments to ask the city about now: open ones, and failed or cancelled
/// ones young enough to turn paid late, whose backoff has passed. `(app id,
/// city id)`, oldest check first.
pub fn due_checks(
    conn: &Connection,
    now: i64,
    include_late: bool,
) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, payment_id FROM payment
          WHERE payment_id IS NOT NULL
            AND (state = 'INITIAL'
                 OR (?3 AND state IN ('FAILED', 'CANCELED') AND created_at >= ?2))
            AND coalesce(next_check_at, 0) <= ?1
          ORDER BY coalesce(next_check_at, 0), created_at",
    )?;
    let rows = stmt
        .query_map(params![now, now - LATE_SUCCESS_WINDOW, include_late], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Open payments (CREATED or INITIAL), for the sync report and "wird geprüft".
pub fn open_count(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM payment WHERE state IN ('CREATED', 'INITIAL')",
        [],
        |r| r.get(0),
    )?)
}

/// After an answer that was not final: ask again after `delay` seconds.
pub fn schedule_check(tx: &Transaction<'_>, id: &str, at: i64) -> Result<()> {
    tx.execute(
        "UPDATE payment SET next_check_at = ?2, checks = checks + 1 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

/// Asked so far without a final answer.
pub fn checks(conn: &Connection, id: &str) -> Result<u32> {
    Ok(conn
        .query_row("SELECT checks FROM payment WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{
        db::{DB_FILE, Database},
        platform::MemorySecretStore,
    };

    fn city(payment_id: &str, state: PaymentState) -> PaymentDetails {
        PaymentDetails {
            payment_id: payment_id.to_owned(),
            subject: Subject::new(SubjectKind::Fee, "GEB-1").expect("subject"),
            state,
            sealed: SealedDetails {
                amount_cents: Some(2500),
                currency: "EUR".to_owned(),
                ..SealedDetails::default()
            },
        }
    }

    fn setup() -> (tempfile::TempDir, Database, Sealer) {
        let dir = tempfile::tempdir().expect("dir");
        let db = Database::open(&dir.path().join(DB_FILE)).expect("db");
        (dir, db, Sealer::new(Arc::new(MemorySecretStore::default())))
    }

    #[test]
    fn the_citys_answers_only_move_a_payment_forward() {
        let (_dir, db, sealer) = setup();
        let subject = Subject::new(SubjectKind::Fee, "GEB-1").expect("subject");
        db.write(|tx| insert_created(tx, &sealer, "local", &subject, SealedDetails::default(), 1))
            .expect("insert");
        let step = |state, local: Option<&str>| {
            db.write(|tx| apply(tx, &sealer, local, &city("p-1", state), 2)).expect("apply")
        };
        let first = step(PaymentState::Initial, Some("local"));
        assert_eq!((first.id.as_str(), first.changed), ("local", true));
        assert!(step(PaymentState::Failed, None).changed);
        let back = step(PaymentState::Initial, None);
        assert!(!back.changed, "FAILED never goes back to INITIAL");
        let late = step(PaymentState::Payed, None);
        assert!(late.late_success);
        assert!(!step(PaymentState::Canceled, None).changed, "PAYED is final");
        let stored = db.read(|c| get(c, &sealer, "p-1")).expect("read").expect("row");
        assert_eq!(stored.state, PaymentState::Payed);
        assert!(stored.late_correction);
        assert_eq!(stored.amount_cents, Some(2500));
    }

    #[test]
    fn a_create_answered_with_a_known_payment_merges_into_it() {
        let (_dir, db, sealer) = setup();
        let subject = Subject::new(SubjectKind::Fee, "GEB-1").expect("subject");
        for id in ["first", "second"] {
            db.write(|tx| insert_created(tx, &sealer, id, &subject, SealedDetails::default(), 1))
                .expect("insert");
        }
        db.write(|tx| apply(tx, &sealer, Some("first"), &city("p-1", PaymentState::Initial), 2))
            .expect("first");
        let merged = db
            .write(|tx| apply(tx, &sealer, Some("second"), &city("p-1", PaymentState::Initial), 3))
            .expect("second");
        assert_eq!(merged.id, "first");
        let all = db.read(|c| list(c, &sealer)).expect("list");
        assert_eq!(all.len(), 1);
        // A payment this phone never saw (another phone) gets its own row.
        let other = db.write(|tx| apply(tx, &sealer, None, &city("p-2", PaymentState::Payed), 4));
        assert!(other.expect("added").changed);
        assert_eq!(db.read(|c| list(c, &sealer)).expect("list").len(), 2);
    }

    #[test]
    fn details_do_not_open_in_another_row() {
        let (_dir, db, sealer) = setup();
        let subject = Subject::new(SubjectKind::Fee, "GEB-1").expect("subject");
        let known = SealedDetails { title: Some("Hundesteuer".into()), ..SealedDetails::default() };
        db.write(|tx| insert_created(tx, &sealer, "a", &subject, known.clone(), 1)).expect("a");
        db.write(|tx| insert_created(tx, &sealer, "b", &subject, SealedDetails::default(), 1))
            .expect("b");
        db.write(|tx| {
            tx.execute("UPDATE payment SET sealed = (SELECT sealed FROM payment WHERE id = 'a') WHERE id = 'b'", [])?;
            Ok(())
        })
        .expect("copy");
        assert!(db.read(|c| get(c, &sealer, "b")).is_err(), "a sealed value moved to another row");
        assert_eq!(db.read(|c| get(c, &sealer, "a")).expect("a").expect("row").title, known.title);
    }
}
