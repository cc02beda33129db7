//! What the appointment screens call: the catalogue, slot search, booking,
//! my appointments (offline), cancel and rebook through the outbox,
//! calendar export and reminders. Slot watches are in `watches.rs`.

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use super::{
    api::{ZmsClient, ZmsErrorCode},
    captcha::CaptchaTokens,
    delivery::{CANCEL, CancelDeliverer, WatchDeliverer, appointment_target, auth_key_name},
    ics,
    model::{
        Appointment, AppointmentStatus, BookingRequest, Office, Reminder, ReminderKind, Service,
        Slot, SlotQuery, SlotSearch, SyncState,
    },
    search, store,
    wire::ProcessDto,
};
use crate::{
    app::Context,
    app_api::AppApiClient,
    error::{Error, Result},
    http::validators,
    listeners::{Listeners, Subscription},
    outbox::Outbox,
};

/// Name of the catalogue in the validator table (its `stored_at` is the TTL clock).
const CATALOGUE: &str = "zms_catalogue";
/// The catalogue changes rarely; ZMS itself caches it for an hour.
const CATALOGUE_TTL: i64 = 24 * 3600;
/// Alternatives offered when a slot was taken.
const ALTERNATIVES: usize = 5;

/// The appointments service of one [`crate::App`].
#[derive(Debug)]
pub struct AppointmentsService {
    pub(super) ctx: Context,
    pub(super) zms: Option<Arc<ZmsClient>>,
    pub(super) app_api: Option<Arc<AppApiClient>>,
    pub(super) outbox: Arc<Outbox>,
    pub(super) listeners: Listeners,
    pub(super) in_flight: super::recovery::BookingsInFlight,
    captcha: CaptchaTokens,
}

impl AppointmentsService {
    pub(crate) fn new(
        ctx: Context,
        outbox: Arc<Outbox>,
        app_api: Option<Arc<AppApiClient>>,
    ) -> Self {
        let zms = ctx
            .config
            .endpoints
            .appointments
            .clone()
            .map(|base| Arc::new(ZmsClient::new(Arc::clone(&ctx.http), base)));
        let listeners = Listeners::default();
        if let Some(zms) = &zms {
            let deliverer = CancelDeliverer {
                ctx: ctx.clone(),
                zms: Arc::clone(zms),
                listeners: listeners.clone(),
            };
            outbox.register(Arc::new(deliverer));
        }
        if let Some(api) = &app_api {
            for kind in super::watches::KINDS {
                let deliverer = WatchDeliverer {
                    ctx: ctx.clone(),
                    api: Arc::clone(api),
                    kind,
                    listeners: listeners.clone(),
                };
                outbox.register(Arc::new(deliverer));
            }
        }
        Self {
            ctx,
            zms,
            app_api,
            outbox,
            listeners,
            in_flight: Default::default(),
            captcha: CaptchaTokens::default(),
        }
    }

    pub(super) fn zms(&self) -> Result<&ZmsClient> {
        self.zms.as_deref().ok_or(Error::NotConfigured("appointments"))
    }

    // ---- catalogue ---------------------------------------------------------

    /// Fetches the catalogue when it is older than a day (or `force`).
    /// Returns whether it was fetched.
    pub async fn refresh_catalogue(&self, force: bool) -> Result<bool> {
        let base = self
            .ctx
            .config
            .endpoints
            .appointments
            .clone()
            .ok_or(Error::NotConfigured("appointments"))?;
        let stored_at = self.ctx.db.read(|conn| validators::stored_at(conn, CATALOGUE, &base))?;
        if !force && stored_at.is_some_and(|at| self.ctx.now() - at < CATALOGUE_TTL) {
            return Ok(false);
        }
        let dto = self.zms()?.offices_and_services().await?;
        let c = super::convert::catalogue(dto);
        let now = self.ctx.now();
        self.ctx.db.write(|tx| {
            store::replace_catalogue(tx, &c.services, &c.offices, &c.relations)?;
            validators::save(tx, CATALOGUE, &base, &Default::default(), now)
        })?;
        self.ctx.log.info(&format!(
            "catalogue stored: {} services, {} offices",
            c.services.len(),
            c.offices.len()
        ));
        Ok(true)
    }

    async fn ensure_catalogue(&self) -> Result<()> {
        if self.ctx.db.read(store::services)?.is_empty() {
            self.refresh_catalogue(true).await?;
        }
        Ok(())
    }

    /// Services, by name (from the phone; fetched once when empty).
    pub async fn services(&self) -> Result<Vec<Service>> {
        if let Err(e) = self.refresh_catalogue(false).await
            && !e.is_connectivity()
        {
            self.ctx.log.warn(&format!("catalogue refresh failed: {e}"));
        }
        self.ctx.db.read(store::services)
    }

    /// Offices, by name; only those offering `service` when given.
    pub async fn offices(&self, service: Option<u32>) -> Result<Vec<Office>> {
        self.ensure_catalogue().await?;
        self.ctx.db.read(|conn| store::offices(conn, service))
    }

    // ---- search and booking ------------------------------------------------

    /// Free slots for a service across offices, earliest first.
    pub async fn search_slots(&self, query: &SlotQuery) -> Result<SlotSearch> {
        self.search_slots_with(query, search::DEFAULT_CONCURRENCY).await
    }

    /// [`AppointmentsService::search_slots`] with a chosen parallelism (1 =
    /// one office after the other; for comparisons).
    pub async fn search_slots_with(
        &self,
        query: &SlotQuery,
        concurrency: usize,
    ) -> Result<SlotSearch> {
        if query.from > query.to {
            return Err(Error::Validation {
                field: "to",
                reason: "before the first day".to_owned(),
            });
        }
        if query.count == 0 {
            return Err(Error::Validation {
                field: "count",
                reason: "at least one person".to_owned(),
            });
        }
        self.ensure_catalogue().await?;
        let mut offices = self.ctx.db.read(|conn| store::offices(conn, Some(query.service_id)))?;
        if offices.is_empty() {
            return Err(Error::NotFound { kind: "service", id: query.service_id.to_string() });
        }
        if !query.office_ids.is_empty() {
            offices.retain(|o| query.office_ids.contains(&o.id));
            if offices.is_empty() {
                return Err(Error::Validation {
                    field: "office",
                    reason: "none of them offers this service".to_owned(),
                });
            }
        }
        let range = (query.from, query.to);
        Ok(search::search(
            self.zms()?,
            &self.captcha,
            &offices,
            query.service_id,
            query.count,
            range,
            concurrency,
        )
        .await)
    }

    /// Books a slot: reserve → update (contact) → confirm. Contact data is
    /// checked against the office's rules first; a taken slot is
    /// [`Error::SlotTaken`] with the next free slots; an expired reservation
    /// is [`Error::ReservationExpired`]. Either way nothing stays stored.
    pub async fn book(&self, request: &BookingRequest) -> Result<Appointment> {
        self.ensure_catalogue().await?;
        let (office, service, slots) = self.ctx.db.read(|conn| {
            let office = store::office_by_id(conn, request.office_id)?.ok_or_else(|| {
                Error::NotFound { kind: "office", id: request.office_id.to_string() }
            })?;
            let service = store::service_by_id(conn, request.service_id)?.ok_or_else(|| {
                Error::NotFound { kind: "service", id: request.service_id.to_string() }
            })?;
            let slots =
                store::relation_slots(conn, office.id, service.id)?.ok_or(Error::Validation {
                    field: "office",
                    reason: "does not offer this service".to_owned(),
                })?;
            Ok((office, service, slots))
        })?;
        super::convert::check_contact(&office, &service, request)?;
        let zms = self.zms()?;
        let key = uuid::Uuid::new_v4().to_string();
        let token = match office.captcha_required {
            true => Some(self.captcha.token(zms).await?),
            false => None,
        };
        let reserved = match zms
            .reserve(
                office.id,
                service.id,
                request.count,
                request.timestamp,
                token.as_deref(),
                &key,
            )
            .await
        {
            Ok(p) => p,
            Err(Error::Zms(e)) if e.has(&ZmsErrorCode::AppointmentNotAvailable) => {
                return Err(Error::SlotTaken { alternatives: self.alternatives(request).await });
            }
            Err(Error::Zms(e)) if e.code.wants_new_captcha() => {
                self.captcha.forget();
                return Err(Error::Zms(e));
            }
            Err(e) => return Err(e),
        };
        let process = u32::try_from(reserved.process_id.0).map_err(|_| Error::InvalidResponse {
            what: "ZMS process",
            reason: "process id out of range".to_owned(),
        })?;
        // The key first: a row without its key could never be cancelled.
        self.ctx.platform.secrets.set(&auth_key_name(process), reserved.auth_key.as_bytes())?;
        let appointment = Appointment {
            process_id: process,
            status: AppointmentStatus::Reserved,
            sync_state: SyncState::Synced,
            timestamp: reserved.timestamp.map_or(request.timestamp, |t| t.0),
            slot_count: reserved
                .slot_count
                .and_then(|s| u32::try_from(s.0).ok())
                .unwrap_or(slots * request.count),
            office_id: office.id,
            office_name: office.name.clone(),
            address: office.address(),
            service_id: service.id,
            service_name: service.name.clone(),
            count: request.count,
        };
        let now = self.ctx.now();
        // Until the answer is written down, recovery leaves this one alone.
        let _booking = self.in_flight.hold(process);
        self.ctx.db.write(|tx| store::insert_appointment(tx, &appointment, now))?;
        fail::fail_point!("appointments::book::before_confirm");
        match self.finish_booking(process, &reserved, request, &key).await {
            Ok(status) => {
                fail::fail_point!("appointments::book::before_ack");
                self.ctx
                    .db
                    .write(|tx| store::set_status(tx, process, status, None, self.ctx.now()))?;
                self.listeners.notify();
                self.ctx.log.info(&format!("appointment {process} booked"));
                self.appointment(process)
            }
            Err(e) => {
                // Not booked: leave nothing behind.
                self.ctx.db.write(|tx| store::delete_appointment(tx, process))?;
                let _ = self.ctx.platform.secrets.delete(&auth_key_name(process));
                self.ctx.log.warn(&format!("booking of {process} failed: {e}"));
                Err(e)
            }
        }
    }

    async fn finish_booking(
        &self,
        process: u32,
        reserved: &ProcessDto,
        request: &BookingRequest,
        key: &str,
    ) -> Result<AppointmentStatus> {
        let zms = self.zms()?;
        let expired = |e: &Error| matches!(e, Error::Zms(z) if z.has(&ZmsErrorCode::ProcessNotReservedAnymore) || z.has(&ZmsErrorCode::ProcessNotPreconfirmedAnymore) || z.has(&ZmsErrorCode::AppointmentNotFound));
        zms.update(process, &reserved.auth_key, &request.contact, key)
            .await
            .map_err(|e| if expired(&e) { Error::ReservationExpired } else { e })?;
        match zms.confirm(process, &reserved.auth_key, key).await {
            Ok(p) => Ok(AppointmentStatus::parse(p.status.as_deref().unwrap_or("confirmed"))),
            Err(e) if expired(&e) => Err(Error::ReservationExpired),
            // The answer was lost: ask what happened before giving up.
            Err(e) if e.is_connectivity() || e.is_transient() => {
                match zms.get(process, &reserved.auth_key).await {
                    Ok(p) if p.status.as_deref() == Some("confirmed") => {
                        Ok(AppointmentStatus::Confirmed)
                    }
                    _ => Err(e),
                }
            }
            Err(e) => Err(e),
        }
    }

    async fn alternatives(&self, request: &BookingRequest) -> Vec<Slot> {
        let from = Utc
            .timestamp_opt(request.timestamp, 0)
            .single()
            .map(|t| t.with_timezone(&Berlin).date_naive());
        let Some(from) = from else { return Vec::new() };
        let query = SlotQuery {
            service_id: request.service_id,
            count: request.count,
            office_ids: vec![request.office_id],
            from,
            to: from + chrono::Duration::days(14),
        };
        match self.search_slots(&query).await {
            Ok(found) => found
                .slots
                .into_iter()
                .filter(|s| s.timestamp != request.timestamp)
                .take(ALTERNATIVES)
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    // ---- my appointments ---------------------------------------------------

    /// My appointments, upcoming first; from the phone only.
    pub fn appointments(&self) -> Result<Vec<Appointment>> {
        let now = self.ctx.now();
        self.ctx.db.read(|conn| store::appointments(conn, now))
    }

    /// One appointment.
    pub fn appointment(&self, process: u32) -> Result<Appointment> {
        self.ctx
            .db
            .read(|conn| store::appointment_by_id(conn, process))?
            .ok_or_else(|| Error::NotFound { kind: "appointment", id: process.to_string() })
    }

    /// Asks ZMS for the current status of one appointment.
    pub async fn refresh(&self, process: u32) -> Result<Appointment> {
        let current = self.appointment(process)?;
        let key = self.auth_key(process)?;
        let status = match self.zms()?.get(process, &key).await {
            Ok(p) => AppointmentStatus::parse(p.status.as_deref().unwrap_or("confirmed")),
            Err(Error::Zms(e)) if e.has(&ZmsErrorCode::AppointmentNotFound) => {
                AppointmentStatus::Deleted
            }
            Err(e) => return Err(e),
        };
        if status != current.status && current.sync_state != SyncState::CancelPending {
            self.ctx.db.write(|tx| store::set_status(tx, process, status, None, self.ctx.now()))?;
            self.listeners.notify();
        }
        self.appointment(process)
    }

    fn auth_key(&self, process: u32) -> Result<String> {
        let key = self.ctx.platform.secrets.get(&auth_key_name(process))?;
        key.map(|k| String::from_utf8_lossy(&k).into_owned())
            .ok_or(Error::SecretStore("the appointment's key is missing".to_owned()))
    }

    /// Cancels an appointment. Works offline: the cancellation is saved on
    /// the phone (with the appointment marked "cancel pending") in one
    /// transaction and delivered by the outbox, now if possible.
    pub async fn cancel(&self, process: u32) -> Result<Appointment> {
        let appointment = self.appointment(process)?;
        if appointment.status == AppointmentStatus::Deleted {
            return Err(Error::Validation {
                field: "appointment",
                reason: "already cancelled".to_owned(),
            });
        }
        if appointment.sync_state == SyncState::CancelPending {
            return Ok(appointment);
        }
        let now = self.ctx.now();
        let payload = serde_json::json!({ "processId": process });
        self.ctx.db.write(|tx| {
            store::set_sync_state(tx, process, SyncState::CancelPending, now)?;
            Outbox::enqueue(tx, CANCEL, &appointment_target(process), &payload, now)
        })?;
        self.listeners.notify();
        self.outbox.notify();
        self.deliver().await;
        self.appointment(process)
    }

    /// Runs the outbox now (best effort: failures stay queued) and tells
    /// listeners about any change.
    pub(super) async fn deliver(&self) {
        match self.outbox.run_due().await {
            Ok(report) if report.delivered + report.needs_user > 0 => self.listeners.notify(),
            Ok(_) => {}
            Err(e) => self.ctx.log.warn(&format!("outbox run failed: {e}")),
        }
    }

    /// Rebooks: books the new slot first, then cancels the old appointment
    /// through the outbox (if that cancel fails, the citizen is told and the
    /// outbox keeps trying). Returns the new appointment and the old one.
    pub async fn rebook(
        &self,
        process: u32,
        timestamp: i64,
        office: Option<u32>,
        contact: super::model::Contact,
    ) -> Result<(Appointment, Appointment)> {
        let old = self.appointment(process)?;
        if old.status == AppointmentStatus::Deleted {
            return Err(Error::Validation {
                field: "appointment",
                reason: "already cancelled".to_owned(),
            });
        }
        let request = BookingRequest {
            office_id: office.unwrap_or(old.office_id),
            service_id: old.service_id,
            count: old.count,
            timestamp,
            contact,
        };
        let new = self.book(&request).await?;
        let old = self.cancel(process).await?;
        Ok((new, old))
    }

    /// The `.ics` calendar file of an appointment.
    pub fn ics(&self, process: u32) -> Result<String> {
        let appointment = self.appointment(process)?;
        let info = self
            .ctx
            .db
            .read(|conn| store::office_by_id(conn, appointment.office_id))?
            .and_then(|o| o.info);
        Ok(ics::ics(&appointment, info.as_deref()))
    }

    /// When the shell should notify: 24 h and 2 h before every upcoming,
    /// confirmed appointment, skipping moments already past.
    pub fn upcoming_reminders(&self, now: DateTime<Utc>) -> Result<Vec<Reminder>> {
        let mut reminders = Vec::new();
        for a in self.appointments()?.into_iter().filter(|a| {
            a.status == AppointmentStatus::Confirmed && a.sync_state != SyncState::CancelPending
        }) {
            let Some(start) = Utc.timestamp_opt(a.timestamp, 0).single() else { continue };
            for (kind, before) in [
                (ReminderKind::DayBefore, Duration::from_secs(24 * 3600)),
                (ReminderKind::TwoHoursBefore, Duration::from_secs(2 * 3600)),
            ] {
                let at = start - chrono::Duration::from_std(before).unwrap_or_default();
                if at > now {
                    reminders.push(Reminder { process_id: a.process_id, at, kind });
                }
            }
        }
        reminders.sort_by_key(|r| r.at);
        Ok(reminders)
    }

    /// Calls `listener` with my appointments now and after every change.
    pub fn subscribe(
        &self,
        listener: impl Fn(Vec<Appointment>) + Send + Sync + 'static,
    ) -> Subscription {
        let ctx = self.ctx.clone();
        self.listeners.add(move || match ctx.db.read(|conn| store::appointments(conn, ctx.now())) {
            Ok(items) => listener(items),
            Err(e) => ctx.log.error(&format!("appointments listener could not read: {e}")),
        })
    }

    /// Tells listeners to re-read (after the outbox or a wipe changed rows).
    pub(crate) fn notify_changed(&self) {
        self.listeners.notify();
    }

    /// Today in Leipzig.
    pub fn today(&self) -> NaiveDate {
        Utc::now().with_timezone(&Berlin).date_naive()
    }
}
