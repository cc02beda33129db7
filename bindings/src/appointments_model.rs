//! Appointment records across the FFI, converted from the core's types.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use leipzig_core::appointments::model as core;

use crate::error::ApiError;

/// A Bürgeramt service.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Service {
    /// ZMS id.
    pub id: u32,
    /// Name, e.g. "Personalausweis beantragen".
    pub name: String,
    /// Persons one appointment may cover.
    pub max_quantity: u32,
}

impl From<core::Service> for Service {
    fn from(s: core::Service) -> Self {
        Self { id: s.id, name: s.name, max_quantity: s.max_quantity }
    }
}

/// A Bürgerbüro and what booking there needs.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Office {
    /// ZMS id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// One-line address.
    pub address: String,
    /// WGS84 latitude.
    pub lat: Option<f64>,
    /// WGS84 longitude.
    pub lon: Option<f64>,
    /// The form must ask for an e-mail address.
    pub email_required: bool,
    /// The form may ask for a telephone number.
    pub telephone_activated: bool,
    /// The form must ask for a telephone number.
    pub telephone_required: bool,
    /// Shown with each appointment.
    pub info: Option<String>,
}

impl From<core::Office> for Office {
    fn from(o: core::Office) -> Self {
        Self {
            address: o.address(),
            id: o.id,
            name: o.name,
            lat: o.lat,
            lon: o.lon,
            email_required: o.email_required,
            telephone_activated: o.telephone_activated,
            telephone_required: o.telephone_required,
            info: o.info,
        }
    }
}

/// A free slot.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Slot {
    /// Office.
    pub office_id: u32,
    /// Office name.
    pub office_name: String,
    /// Service.
    pub service_id: u32,
    /// Start, epoch seconds (what booking takes).
    pub timestamp: i64,
    /// Start as RFC 3339 with Leipzig's offset.
    pub start: String,
}

impl From<core::Slot> for Slot {
    fn from(s: core::Slot) -> Self {
        Self {
            start: s.start_rfc3339(),
            office_id: s.office_id,
            office_name: s.office_name,
            service_id: s.service_id,
            timestamp: s.timestamp,
        }
    }
}

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotQuery {
    /// The service.
    pub service_id: u32,
    /// Persons (usually 1).
    pub count: u32,
    /// Offices; empty = every office offering the service.
    pub office_ids: Vec<u32>,
    /// First day, `YYYY-MM-DD` (Leipzig).
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
}

/// Parses a `YYYY-MM-DD` day.
pub fn day(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| ApiError::Validation {
        field: field.to_owned(),
        reason: "expected YYYY-MM-DD".to_owned(),
    })
}

impl TryFrom<SlotQuery> for core::SlotQuery {
    type Error = ApiError;

    fn try_from(q: SlotQuery) -> Result<Self, ApiError> {
        Ok(Self {
            service_id: q.service_id,
            count: q.count,
            office_ids: q.office_ids,
            from: day("from", &q.from)?,
            to: day("to", &q.to)?,
        })
    }
}

/// A search result.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotSearch {
    /// Free slots, earliest first.
    pub slots: Vec<Slot>,
    /// Offices that could not be asked (their ids).
    pub failed_office_ids: Vec<u32>,
}

impl From<core::SlotSearch> for SlotSearch {
    fn from(s: core::SlotSearch) -> Self {
        Self {
            slots: s.slots.into_iter().map(Slot::from).collect(),
            failed_office_ids: s.failed_offices.into_iter().map(|(id, _)| id).collect(),
        }
    }
}

/// Who comes to the appointment.
#[derive(Clone, PartialEq, Eq, uniffi::Record)]
pub struct Contact {
    /// Family name.
    pub family_name: String,
    /// E-mail address.
    pub email: Option<String>,
    /// Telephone number.
    pub telephone: Option<String>,
}

impl std::fmt::Debug for Contact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Contact { .. }")
    }
}

impl From<Contact> for core::Contact {
    fn from(c: Contact) -> Self {
        Self { family_name: c.family_name, email: c.email, telephone: c.telephone }
    }
}

/// A booking request.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BookingRequest {
    /// Office of the slot.
    pub office_id: u32,
    /// Service.
    pub service_id: u32,
    /// Persons.
    pub count: u32,
    /// Start of the slot, epoch seconds.
    pub timestamp: i64,
    /// Who comes.
    pub contact: Contact,
}

impl From<BookingRequest> for core::BookingRequest {
    fn from(r: BookingRequest) -> Self {
        Self {
            office_id: r.office_id,
            service_id: r.service_id,
            count: r.count,
            timestamp: r.timestamp,
            contact: r.contact.into(),
        }
    }
}

/// Where a booking stands at the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum AppointmentStatus {
    /// Held, not yet confirmed.
    Reserved,
    /// Waiting for the mail link.
    Preconfirmed,
    /// Booked.
    Confirmed,
    /// Cancelled.
    Deleted,
}

/// Where the phone's copy stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SyncState {
    /// The city has it as shown.
    Synced,
    /// Cancellation saved on the phone, not yet received by the city.
    CancelPending,
    /// The city refused the cancellation; the citizen must look.
    CancelFailed,
}

/// One of my appointments.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Appointment {
    /// Process id (the Vorgangsnummer).
    pub process_id: u32,
    /// Status at the city.
    pub status: AppointmentStatus,
    /// "Saved on the phone" vs "received by the city".
    pub sync_state: SyncState,
    /// Start, epoch seconds.
    pub timestamp: i64,
    /// Start as RFC 3339 with Leipzig's offset.
    pub start: String,
    /// End, epoch seconds.
    pub end_timestamp: i64,
    /// Office.
    pub office_id: u32,
    /// Office name.
    pub office_name: String,
    /// Office address.
    pub address: String,
    /// Service.
    pub service_id: u32,
    /// Service name.
    pub service_name: String,
    /// Persons.
    pub count: u32,
}

impl From<core::Appointment> for Appointment {
    fn from(a: core::Appointment) -> Self {
        Self {
            start: a.start_rfc3339(),
            end_timestamp: a.end_timestamp(),
            process_id: a.process_id,
            status: match a.status {
                core::AppointmentStatus::Reserved => AppointmentStatus::Reserved,
                core::AppointmentStatus::Preconfirmed => AppointmentStatus::Preconfirmed,
                core::AppointmentStatus::Confirmed => AppointmentStatus::Confirmed,
                core::AppointmentStatus::Deleted => AppointmentStatus::Deleted,
            },
            sync_state: match a.sync_state {
                core::SyncState::Synced => SyncState::Synced,
                core::SyncState::CancelPending => SyncState::CancelPending,
                core::SyncState::CancelFailed => SyncState::CancelFailed,
            },
            timestamp: a.timestamp,
            office_id: a.office_id,
            office_name: a.office_name,
            address: a.address,
            service_id: a.service_id,
            service_name: a.service_name,
            count: a.count,
        }
    }
}

/// A new booking and the old one it replaces.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Rebooking {
    /// The new appointment.
    pub booked: Appointment,
    /// The old one (cancelled, or its cancel pending).
    pub replaced: Appointment,
}

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ReminderKind {
    /// 24 hours before.
    DayBefore,
    /// Two hours before.
    TwoHoursBefore,
}

/// When the shell should notify.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reminder {
    /// The appointment.
    pub process_id: u32,
    /// When.
    pub at: SystemTime,
    /// Which.
    pub kind: ReminderKind,
}

impl From<core::Reminder> for Reminder {
    fn from(r: core::Reminder) -> Self {
        let seconds = u64::try_from(r.at.timestamp()).unwrap_or(0);
        Self {
            process_id: r.process_id,
            at: UNIX_EPOCH + Duration::from_secs(seconds),
            kind: match r.kind {
                core::ReminderKind::DayBefore => ReminderKind::DayBefore,
                core::ReminderKind::TwoHoursBefore => ReminderKind::TwoHoursBefore,
            },
        }
    }
}

/// Where a slot watch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum WatchState {
    /// Saved on the phone, not yet registered.
    Saved,
    /// The city is watching.
    Active,
    /// Removal saved, not yet received.
    Removing,
    /// The city refused it.
    Failed,
}

/// A "tell me when a slot frees up" watch.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SlotWatch {
    /// Local id.
    pub id: String,
    /// Service.
    pub service_id: u32,
    /// Offices.
    pub office_ids: Vec<u32>,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day.
    pub to: String,
    /// State.
    pub state: WatchState,
    /// Free slots the city found, earliest first: bookable offers.
    pub matches: Vec<Slot>,
}

impl From<core::SlotWatch> for SlotWatch {
    fn from(w: core::SlotWatch) -> Self {
        Self {
            id: w.id,
            service_id: w.service_id,
            office_ids: w.office_ids,
            from: w.from.format("%Y-%m-%d").to_string(),
            to: w.to.format("%Y-%m-%d").to_string(),
            state: match w.state {
                core::WatchState::Saved => WatchState::Saved,
                core::WatchState::Active => WatchState::Active,
                core::WatchState::Removing => WatchState::Removing,
                core::WatchState::Failed => WatchState::Failed,
            },
            matches: w.matches.into_iter().map(Slot::from).collect(),
        }
    }
}
