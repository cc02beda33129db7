//! Appointments in SQLite: the catalogue, my appointments, slot watches.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::model::{
    Appointment, AppointmentStatus, Office, Service, Slot, SlotWatch, SyncState, WatchState,
};
use crate::error::Result;

// ---- catalogue ---------------------------------------------------------------

/// Replaces the whole catalogue.
pub fn replace_catalogue(
    tx: &Transaction<'_>,
    services: &[Service],
    offices: &[Office],
    relations: &[(u32, u32, u32)],
) -> Result<()> {
    tx.execute_batch("DELETE FROM zms_relation; DELETE FROM zms_office; DELETE FROM zms_service;")?;
    let mut s =
        tx.prepare_cached("INSERT INTO zms_service (id, name, max_quantity) VALUES (?1, ?2, ?3)")?;
    for service in services {
        s.execute(params![service.id, service.name, service.max_quantity])?;
    }
    let mut o = tx.prepare_cached(
        "INSERT INTO zms_office (id, name, street, postal_code, city, lat, lon, email_required,
                                 telephone_activated, telephone_required, captcha_required, info)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for office in offices {
        o.execute(params![
            office.id,
            office.name,
            office.street,
            office.postal_code,
            office.city,
            office.lat,
            office.lon,
            office.email_required,
            office.telephone_activated,
            office.telephone_required,
            office.captcha_required,
            office.info
        ])?;
    }
    let mut r = tx.prepare_cached(
        "INSERT OR IGNORE INTO zms_relation (office_id, service_id, slots) VALUES (?1, ?2, ?3)",
    )?;
    for (office, service, slots) in relations {
        // Relations to offices or services missing from the lists are dropped.
        let known: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM zms_office WHERE id = ?1) AND EXISTS (SELECT 1 FROM zms_service WHERE id = ?2)",
            [office, service],
            |row| row.get(0),
        )?;
        if known {
            r.execute(params![office, service, slots])?;
        }
    }
    Ok(())
}

/// Every service, by name.
pub fn services(conn: &Connection) -> Result<Vec<Service>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, max_quantity FROM zms_service ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| Ok(Service { id: r.get(0)?, name: r.get(1)?, max_quantity: r.get(2)? }))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

const OFFICE_COLUMNS: &str = "o.id, o.name, o.street, o.postal_code, o.city, o.lat, o.lon, o.email_required, \
                              o.telephone_activated, o.telephone_required, o.captcha_required, o.info";

fn office(r: &Row<'_>) -> rusqlite::Result<Office> {
    Ok(Office {
        id: r.get(0)?,
        name: r.get(1)?,
        street: r.get(2)?,
        postal_code: r.get(3)?,
        city: r.get(4)?,
        lat: r.get(5)?,
        lon: r.get(6)?,
        email_required: r.get(7)?,
        telephone_activated: r.get(8)?,
        telephone_required: r.get(9)?,
        captcha_required: r.get(10)?,
        info: r.get(11)?,
    })
}

/// Offices, by name; only those offering `service` when given.
pub fn offices(conn: &Connection, service: Option<u32>) -> Result<Vec<Office>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OFFICE_COLUMNS} FROM zms_office o
          WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM zms_relation r WHERE r.office_id = o.id AND r.service_id = ?1)
          ORDER BY o.name"
    ))?;
    let rows = stmt.query_map([service], office)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One office.
pub fn office_by_id(conn: &Connection, id: u32) -> Result<Option<Office>> {
    let sql = format!("SELECT {OFFICE_COLUMNS} FROM zms_office o WHERE o.id = ?1");
    Ok(conn.query_row(&sql, [id], office).optional()?)
}

/// One service.
pub fn service_by_id(conn: &Connection, id: u32) -> Result<Option<Service>> {
    Ok(conn
        .query_row("SELECT id, name, max_quantity FROM zms_service WHERE id = ?1", [id], |r| {
            Ok(Service { id: r.get(0)?, name: r.get(1)?, max_quantity: r.get(2)? })
        })
        .optional()?)
}

/// Slots the service takes at the office, if the office offers it.
pub fn relation_slots(conn: &Connection, office: u32, service: u32) -> Result<Option<u32>> {
    Ok(conn
        .query_row(
            "SELECT slots FROM zms_relation WHERE office_id = ?1 AND service_id = ?2",
            [office, service],
            |r| r.get(0),
        )
        .optional()?)
}

// ---- my appointments ---------------------------------------------------------

const APPOINTMENT_COLUMNS: &str = "process_id, status, sync_state, start_at, slot_count, office_id, office_name, \
                                   address, service_id, service_name, count";

fn appointment(r: &Row<'_>) -> rusqlite::Result<Appointment> {
    let status: String = r.get(1)?;
    let sync: String = r.get(2)?;
    Ok(Appointment {
        process_id: r.get(0)?,
        status: AppointmentStatus::parse(&status),
        sync_state: SyncState::parse(&sync),
        timestamp: r.get(3)?,
        slot_count: r.get(4)?,
        office_id: r.get(5)?,
        office_name: r.get(6)?,
        address: r.get(7)?,
        service_id: r.get(8)?,
        service_name: r.get(9)?,
        count: r.get(10)?,
    })
}

/// Stores a new appointment.
pub fn insert_appointment(tx: &Transaction<'_>, a: &Appointment, now: i64) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO appointment ({APPOINTMENT_COLUMNS}, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)"
        ),
        params![
            a.process_id,
            a.status.as_str(),
            a.sync_state.as_str(),
            a.timestamp,
            a.slot_count,
            a.office_id,
            a.office_name,
            a.address,
            a.service_id,
            a.service_name,
            a.count,
            now
        ],
    )?;
    Ok(())
}

/// Sets the server status (and the sync state, when given).
pub fn set_status(
    tx: &Transaction<'_>,
    process: u32,
    status: AppointmentStatus,
    sync: Option<SyncState>,
    now: i64,
) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE appointment SET status = ?2, sync_state = coalesce(?3, sync_state), updated_at = ?4 WHERE process_id = ?1",
        params![process, status.as_str(), sync.map(SyncState::as_str), now],
    )? > 0)
}

/// Sets only the sync state.
pub fn set_sync_state(
    tx: &Transaction<'_>,
    process: u32,
    sync: SyncState,
    now: i64,
) -> Result<bool> {
    Ok(tx.execute(
        "UPDATE appointment SET sync_state = ?2, updated_at = ?3 WHERE process_id = ?1",
        params![process, sync.as_str(), now],
    )? > 0)
}

/// Removes an appointment that never became a booking.
pub fn delete_appointment(tx: &Transaction<'_>, process: u32) -> Result<()> {
    tx.execute("DELETE FROM appointment WHERE process_id = ?1", [process])?;
    Ok(())
}

/// One appointment.
pub fn appointment_by_id(conn: &Connection, process: u32) -> Result<Option<Appointment>> {
    let sql = format!("SELECT {APPOINTMENT_COLUMNS} FROM appointment WHERE process_id = ?1");
    Ok(conn.query_row(&sql, [process], appointment).optional()?)
}

/// My appointments: upcoming first (soonest first), then past ones.
pub fn appointments(conn: &Connection, now: i64) -> Result<Vec<Appointment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {APPOINTMENT_COLUMNS} FROM appointment
          ORDER BY start_at < ?1, CASE WHEN start_at >= ?1 THEN start_at ELSE -start_at END"
    ))?;
    let rows = stmt.query_map([now], appointment)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

// ---- slot watches ------------------------------------------------------------

fn watch(r: &Row<'_>) -> rusqlite::Result<SlotWatch> {
    let office_ids: String = r.get(2)?;
    let from: String = r.get(3)?;
    let to: String = r.get(4)?;
    let state: String = r.get(5)?;
    let matches: String = r.get(6)?;
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
    Ok(SlotWatch {
        id: r.get(0)?,
        service_id: r.get(1)?,
        office_ids: serde_json::from_str(&office_ids).unwrap_or_default(),
        from: date(&from),
        to: date(&to),
        state: WatchState::parse(&state),
        matches: serde_json::from_str::<Vec<(u32, String, u32, i64)>>(&matches)
            .unwrap_or_default()
            .into_iter()
            .map(|(office_id, office_name, service_id, timestamp)| Slot {
                office_id,
                office_name,
                service_id,
                timestamp,
            })
            .collect(),
    })
}

/// Stores a new watch (state `saved`).
pub fn insert_watch(tx: &Transaction<'_>, w: &SlotWatch, now: i64) -> Result<()> {
    tx.execute(
        "INSERT INTO slot_watch (id, service_id, office_ids, date_from, date_to, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![
            w.id,
            w.service_id,
            serde_json::to_string(&w.office_ids).unwrap_or_else(|_| "[]".to_owned()),
            w.from.format("%Y-%m-%d").to_string(),
            w.to.format("%Y-%m-%d").to_string(),
            w.state.as_str(),
            now
        ],
    )?;
    Ok(())
}

/// Every watch still of interest, newest first.
pub fn watches(conn: &Connection) -> Result<Vec<SlotWatch>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, service_id, office_ids, date_from, date_to, state, matches FROM slot_watch ORDER BY created_at DESC",
    )?;
    let rows = stmt.query_map([], watch)?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// One watch.
pub fn watch_by_id(conn: &Connection, id: &str) -> Result<Option<SlotWatch>> {
    Ok(conn
        .query_row(
            "SELECT id, service_id, office_ids, date_from, date_to, state, matches FROM slot_watch WHERE id = ?1",
            [id],
            watch,
        )
        .optional()?)
}

/// The city's id of a watch, once registered.
pub fn watch_server_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT server_id FROM slot_watch WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Sets a watch's state (and its server id, when given).
pub fn set_watch_state(
    tx: &Transaction<'_>,
    id: &str,
    state: WatchState,
    server_id: Option<&str>,
    now: i64,
) -> Result<()> {
    tx.execute(
        "UPDATE slot_watch SET state = ?2, server_id = coalesce(?3, server_id), updated_at = ?4 WHERE id = ?1",
        params![id, state.as_str(), server_id, now],
    )?;
    Ok(())
}

/// Stores the matches the city reported for a watch.
pub fn set_watch_matches(
    tx: &Transaction<'_>,
    server_id: &str,
    matches: &[Slot],
    now: i64,
) -> Result<()> {
    let rows: Vec<(u32, &str, u32, i64)> = matches
        .iter()
        .map(|s| (s.office_id, s.office_name.as_str(), s.service_id, s.timestamp))
        .collect();
    tx.execute(
        "UPDATE slot_watch SET matches = ?2, updated_at = ?3 WHERE server_id = ?1",
        params![server_id, serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned()), now],
    )?;
    Ok(())
}

/// Forgets a watch (removed at the city).
pub fn delete_watch(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute("DELETE FROM slot_watch WHERE id = ?1", [id])?;
    Ok(())
}
