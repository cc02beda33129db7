//! Bookings the app did not finish: the process died (or the phone was
//! switched off) between the reservation being written on the phone and
//! the confirmation's answer being written down.
//!
//! Such an appointment sits on the phone as `reserved`. At the next start
//! ([`crate::App::resume`]) the core asks ZMS what became of it: confirmed
//! at the city → booked here too (the confirmation arrived exactly once);
//! still only reserved → the citizen was never told "booked", so the
//! reservation is released at ZMS and the row removed, leaving nothing
//! half-written; unreachable → asked again at the next start.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex, PoisonError},
};

use super::{
    delivery::auth_key_name,
    model::{AppointmentStatus, SyncState},
    service::AppointmentsService,
    store,
};
use crate::error::{Error, Result};

/// The bookings under way in this process, which recovery must not touch.
#[derive(Debug, Clone, Default)]
pub struct BookingsInFlight(Arc<Mutex<BTreeSet<u32>>>);

impl BookingsInFlight {
    /// Marks `process` as being booked until the guard is dropped (also
    /// when the booking future is cancelled).
    pub fn hold(&self, process: u32) -> InFlightGuard {
        self.lock().insert(process);
        InFlightGuard { set: self.clone(), process }
    }

    fn contains(&self, process: u32) -> bool {
        self.lock().contains(&process)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeSet<u32>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Held while one booking is under way; see [`BookingsInFlight::hold`].
#[derive(Debug)]
pub struct InFlightGuard {
    set: BookingsInFlight,
    process: u32,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.set.lock().remove(&self.process);
    }
}

/// What [`AppointmentsService::finish_interrupted_bookings`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecoveredBookings {
    /// Confirmed at the city: now booked on the phone too.
    pub confirmed: u32,
    /// Never confirmed: reservation released, nothing kept.
    pub released: u32,
    /// ZMS could not be asked; tried again at the next start.
    pub unknown: u32,
}

impl AppointmentsService {
    /// Settles every booking a previous run left `reserved` (see the module
    /// documentation). Never touches a booking under way in this process.
    pub async fn finish_interrupted_bookings(&self) -> Result<RecoveredBookings> {
        let mut found = RecoveredBookings::default();
        let now = self.ctx.now();
        let interrupted: Vec<u32> = self
            .ctx
            .db
            .read(|conn| store::appointments(conn, now))?
            .into_iter()
            .filter(|a| a.status == AppointmentStatus::Reserved)
            .filter(|a| a.sync_state == SyncState::Synced)
            .map(|a| a.process_id)
            .filter(|p| !self.in_flight.contains(*p))
            .collect();
        if interrupted.is_empty() {
            return Ok(found);
        }
        let zms = self.zms()?;
        for process in interrupted {
            let Some(key) = self.ctx.platform.secrets.get(&auth_key_name(process))? else {
                // Without its key the reservation can be neither asked about
                // nor released; it expires at ZMS on its own.
                self.forget_booking(process)?;
                found.released += 1;
                continue;
            };
            let key = String::from_utf8_lossy(&key).into_owned();
            let answer = zms.get(process, &key).await;
            // Confirmed, or preconfirmed awaiting the mail's link: the
            // confirmation reached the city.
            let arrived =
                |status: Option<&str>| matches!(status, Some("confirmed" | "preconfirmed"));
            let gone = match &answer {
                Ok(p) => !arrived(p.status.as_deref()),
                Err(e) => matches!(e, Error::Zms(_)) && !e.is_transient(),
            };
            match answer {
                Ok(p) if !gone => {
                    let status = AppointmentStatus::parse(p.status.as_deref().unwrap_or_default());
                    self.ctx
                        .db
                        .write(|tx| store::set_status(tx, process, status, None, self.ctx.now()))?;
                    self.ctx.log.info(&format!("interrupted booking {process} was confirmed"));
                    found.confirmed += 1;
                }
                _ if gone => {
                    let release_key = uuid::Uuid::new_v4().to_string();
                    if let Err(e) = zms.cancel(process, &key, &release_key).await {
                        // ZMS drops unconfirmed reservations on its own.
                        self.ctx.log.warn(&format!("reservation {process} not released: {e}"));
                    }
                    self.forget_booking(process)?;
                    self.ctx.log.warn(&format!(
                        "booking {process} was interrupted before its confirmation; released"
                    ));
                    found.released += 1;
                }
                Ok(_) => {}
                Err(e) => {
                    self.ctx.log.warn(&format!("interrupted booking {process} unknown: {e}"));
                    found.unknown += 1;
                }
            }
        }
        if found.confirmed + found.released > 0 {
            self.listeners.notify();
        }
        Ok(found)
    }

    fn forget_booking(&self, process: u32) -> Result<()> {
        self.ctx.db.write(|tx| store::delete_appointment(tx, process))?;
        self.ctx.platform.secrets.delete(&auth_key_name(process))
    }
}
