//! Bürgeramt appointments over the ZMS citizen API: catalogue, slot search
//! across offices, booking, my appointments offline, cancel and rebook
//! through the outbox, calendar export, reminders, and slot watches at the
//! city's app API.

pub mod api;
pub mod budget;
pub mod captcha;
pub mod convert;
pub mod delivery;
pub mod ics;
pub mod model;
pub mod recovery;
pub mod search;
pub mod service;
pub mod store;
pub mod watches;
pub mod wire;

pub use model::{
    Appointment, AppointmentStatus, BookingRequest, Contact, Office, Service, Slot, SlotQuery,
    SlotSearch, SyncState,
};
pub use service::AppointmentsService;
