//! Appointment types: the catalogue, slots, bookings and watches.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

/// A Bürgeramt service, e.g. "Personalausweis beantragen".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// ZMS id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Persons or items one appointment may cover.
    pub max_quantity: u32,
}

/// A Bürgerbüro and its booking rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Office {
    /// ZMS id.
    pub id: u32,
    /// Name.
    pub name: String,
    /// Street and house number.
    pub street: Option<String>,
    /// Postcode.
    pub postal_code: Option<String>,
    /// City.
    pub city: Option<String>,
    /// WGS84 latitude.
    pub lat: Option<f64>,
    /// WGS84 longitude.
    pub lon: Option<f64>,
    /// An e-mail address is needed to book.
    pub email_required: bool,
    /// A telephone number may be given.
    pub telephone_activated: bool,
    /// A telephone number is needed to book.
    pub telephone_required: bool,
    /// Booking needs a solved captcha (the core solves it).
    pub captcha_required: bool,
    /// Shown with each appointment ("bring your documents").
    pub info: Option<String>,
}

impl Office {
    /// `Otto-Schill-Straße 2, 04109 Leipzig`.
    pub fn address(&self) -> String {
        crate::address::postal(
            self.street.as_deref(),
            self.postal_code.as_deref(),
            self.city.as_deref(),
        )
    }
}

/// A bookable slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Office.
    pub office_id: u32,
    /// Office name.
    pub office_name: String,
    /// Service.
    pub service_id: u32,
    /// Start, epoch seconds (what `reserve` takes).
    pub timestamp: i64,
}

impl Slot {
    /// Start as RFC 3339 in Leipzig's zone, e.g. `2026-12-01T09:10:00+01:00`.
    pub fn start_rfc3339(&self) -> String {
        local_rfc3339(self.timestamp)
    }
}

/// Epoch seconds as RFC 3339 with Leipzig's offset.
pub fn local_rfc3339(timestamp: i64) -> String {
    Utc.timestamp_opt(timestamp, 0)
        .single()
        .map(|t| t.with_timezone(&Berlin).to_rfc3339_opts(SecondsFormat::Secs, false))
        .unwrap_or_default()
}

/// What to search for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotQuery {
    /// The service.
    pub service_id: u32,
    /// Persons (service count), usually 1.
    pub count: u32,
    /// Offices to search; every office offering the service when empty.
    pub office_ids: Vec<u32>,
    /// First day (Leipzig time).
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

/// A search result: slots sorted by time, plus offices that could not be asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotSearch {
    /// Free slots, earliest first.
    pub slots: Vec<Slot>,
    /// Offices whose calendar could not be read, with the reason.
    pub failed_offices: Vec<(u32, String)>,
}

/// Contact data for a booking (from the profile, or typed in).
#[derive(Clone, Default, PartialEq, Eq)]
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
        // Personal data never reaches logs, not even through Debug.
        f.write_str("Contact { .. }")
    }
}

/// A booking request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    /// The slot.
    pub office_id: u32,
    /// The service.
    pub service_id: u32,
    /// Persons.
    pub count: u32,
    /// Start, epoch seconds.
    pub timestamp: i64,
    /// Who comes.
    pub contact: Contact,
}

/// Where a booking stands on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl AppointmentStatus {
    /// The ZMS name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reserved => "reserved",
            Self::Preconfirmed => "preconfirmed",
            Self::Confirmed => "confirmed",
            Self::Deleted => "deleted",
        }
    }

    /// From the ZMS name; unknown states count as confirmed (kept, shown).
    pub fn parse(text: &str) -> Self {
        match text {
            "reserved" => Self::Reserved,
            "preconfirmed" => Self::Preconfirmed,
            "deleted" | "anonymized" | "archived" => Self::Deleted,
            _ => Self::Confirmed,
        }
    }
}

/// Where the phone's copy stands relative to the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncState {
    /// The city has it as shown.
    Synced,
    /// A cancellation is saved on the phone, not yet received by the city.
    CancelPending,
    /// The city refused the cancellation; the citizen must look.
    CancelFailed,
}

impl SyncState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Synced => "synced",
            Self::CancelPending => "cancel_pending",
            Self::CancelFailed => "cancel_failed",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        match text {
            "cancel_pending" => Self::CancelPending,
            "cancel_failed" => Self::CancelFailed,
            _ => Self::Synced,
        }
    }
}

/// One of my appointments, as stored on the phone. The `authKey` is not
/// here: it is a bearer credential and lives in the secret store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// ZMS process id.
    pub process_id: u32,
    /// Server status.
    pub status: AppointmentStatus,
    /// The phone's view relative to the server.
    pub sync_state: SyncState,
    /// Start, epoch seconds.
    pub timestamp: i64,
    /// 10-minute slots it takes.
    pub slot_count: u32,
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

impl Appointment {
    /// Start as RFC 3339 with Leipzig's offset.
    pub fn start_rfc3339(&self) -> String {
        local_rfc3339(self.timestamp)
    }

    /// End (start + slots), epoch seconds.
    pub fn end_timestamp(&self) -> i64 {
        self.timestamp + i64::from(self.slot_count.max(1)) * 600
    }
}

/// When the shell should remind the citizen of an appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    /// The appointment.
    pub process_id: u32,
    /// When to notify.
    pub at: DateTime<Utc>,
    /// Which reminder.
    pub kind: ReminderKind,
}

/// The two reminders of an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderKind {
    /// 24 hours before.
    DayBefore,
    /// Two hours before.
    TwoHoursBefore,
}

/// A "tell me when a slot frees up" watch, kept by the city's app API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotWatch {
    /// Local id (the outbox UUID that created it).
    pub id: String,
    /// The service.
    pub service_id: u32,
    /// Offices watched.
    pub office_ids: Vec<u32>,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// `saved`, `active`, `removing` (see [`SlotWatch::state`]).
    pub state: WatchState,
    /// Free slots the city found for it, earliest first.
    pub matches: Vec<Slot>,
}

/// Where a watch stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchState {
    /// Saved on the phone, not yet registered with the city.
    Saved,
    /// Registered: the city is watching.
    Active,
    /// Removal saved on the phone, not yet received by the city.
    Removing,
    /// The city refused it.
    Failed,
}

impl WatchState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Active => "active",
            Self::Removing => "removing",
            Self::Failed => "failed",
        }
    }

    /// From the stored name.
    pub fn parse(text: &str) -> Self {
        match text {
            "active" => Self::Active,
            "removing" => Self::Removing,
            "failed" => Self::Failed,
            _ => Self::Saved,
        }
    }
}
