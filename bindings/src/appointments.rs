//! Bürgeramt appointments across the FFI.

use std::{sync::Arc, time::SystemTime};

use chrono::{DateTime, Utc};

use crate::{
    appointments_model::{
        Appointment, BookingRequest, Contact, Office, Rebooking, Reminder, Service, SlotQuery,
        SlotSearch, SlotWatch, day,
    },
    error::ApiError,
    subscription::Subscription,
};

/// Receives my appointments now and after every change.
#[uniffi::export(foreign)]
pub trait AppointmentsListener: Send + Sync {
    /// My appointments, upcoming first.
    fn on_update(&self, appointments: Vec<Appointment>);
}

/// The appointments service.
#[derive(Debug, uniffi::Object)]
pub struct Appointments {
    app: leipzig_core::App,
}

impl Appointments {
    pub(crate) fn new(app: leipzig_core::App) -> Self {
        Self { app }
    }
}

#[uniffi::export(async_runtime = "tokio")]
impl Appointments {
    /// Every service, by name (from the phone; fetched when missing or old).
    pub async fn services(&self) -> Result<Vec<Service>, ApiError> {
        Ok(self.app.appointments().services().await?.into_iter().map(Service::from).collect())
    }

    /// Offices, by name; only those offering `service_id` when given.
    pub async fn offices(&self, service_id: Option<u32>) -> Result<Vec<Office>, ApiError> {
        Ok(self
            .app
            .appointments()
            .offices(service_id)
            .await?
            .into_iter()
            .map(Office::from)
            .collect())
    }

    /// Free slots across offices, earliest first (a few offices in
    /// parallel, within the city's rate limit).
    pub async fn search_slots(&self, query: SlotQuery) -> Result<SlotSearch, ApiError> {
        Ok(self.app.appointments().search_slots(&query.try_into()?).await?.into())
    }

    /// Books a slot (reserve, contact data, confirm). A slot taken
    /// meanwhile is `ApiError.SlotTaken` with the next free slots.
    pub async fn book(&self, request: BookingRequest) -> Result<Appointment, ApiError> {
        Ok(self.app.appointments().book(&request.into()).await?.into())
    }

    /// My appointments, upcoming first; works offline.
    pub fn appointments(&self) -> Result<Vec<Appointment>, ApiError> {
        Ok(self.app.appointments().appointments()?.into_iter().map(Appointment::from).collect())
    }

    /// One appointment.
    pub fn appointment(&self, process_id: u32) -> Result<Appointment, ApiError> {
        Ok(self.app.appointments().appointment(process_id)?.into())
    }

    /// Asks the city for the current status of an appointment.
    pub async fn refresh(&self, process_id: u32) -> Result<Appointment, ApiError> {
        Ok(self.app.appointments().refresh(process_id).await?.into())
    }

    /// Cancels; works offline (saved on the phone, sent by the outbox).
    pub async fn cancel(&self, process_id: u32) -> Result<Appointment, ApiError> {
        Ok(self.app.appointments().cancel(process_id).await?.into())
    }

    /// Books the new slot, then cancels the old appointment.
    pub async fn rebook(
        &self,
        process_id: u32,
        timestamp: i64,
        office_id: Option<u32>,
        contact: Contact,
    ) -> Result<Rebooking, ApiError> {
        let (booked, replaced) = self
            .app
            .appointments()
            .rebook(process_id, timestamp, office_id, contact.into())
            .await?;
        Ok(Rebooking { booked: booked.into(), replaced: replaced.into() })
    }

    /// The appointment as an `.ics` calendar file (with two reminders).
    pub fn ics(&self, process_id: u32) -> Result<String, ApiError> {
        Ok(self.app.appointments().ics(process_id)?)
    }

    /// When to notify: the day before and two hours before each upcoming
    /// confirmed appointment, after `now`.
    pub fn upcoming_reminders(&self, now: SystemTime) -> Result<Vec<Reminder>, ApiError> {
        let now: DateTime<Utc> = now.into();
        Ok(self
            .app
            .appointments()
            .upcoming_reminders(now)?
            .into_iter()
            .map(Reminder::from)
            .collect())
    }

    /// Calls `listener` with my appointments now and after every change.
    pub fn subscribe(&self, listener: Arc<dyn AppointmentsListener>) -> Arc<Subscription> {
        let inner = self.app.appointments().subscribe(move |items| {
            listener.on_update(items.into_iter().map(Appointment::from).collect());
        });
        Arc::new(Subscription::new(inner))
    }

    /// Asks the city to watch for free slots (saved on the phone first).
    pub async fn add_watch(
        &self,
        service_id: u32,
        office_ids: Vec<u32>,
        from: String,
        to: String,
    ) -> Result<SlotWatch, ApiError> {
        let (from, to) = (day("from", &from)?, day("to", &to)?);
        Ok(self.app.appointments().add_watch(service_id, &office_ids, from, to).await?.into())
    }

    /// My watches, from the phone.
    pub fn watches(&self) -> Result<Vec<SlotWatch>, ApiError> {
        Ok(self.app.appointments().watches()?.into_iter().map(SlotWatch::from).collect())
    }

    /// Fetches what the city found for my watches.
    pub async fn refresh_watches(&self) -> Result<Vec<SlotWatch>, ApiError> {
        Ok(self
            .app
            .appointments()
            .refresh_watches()
            .await?
            .into_iter()
            .map(SlotWatch::from)
            .collect())
    }

    /// Removes a watch (through the outbox).
    pub async fn remove_watch(&self, id: String) -> Result<(), ApiError> {
        Ok(self.app.appointments().remove_watch(&id).await?)
    }
}
