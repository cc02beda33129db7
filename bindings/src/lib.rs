//! leipzig-ffi: the only uniffi surface of Leipzig nah bei mir.
//!
//! Thin wrappers over `leipzig-core`: records for data, objects for
//! services, foreign traits for the platform (secret store, logger) and for
//! listeners, and one small error, [`ApiError`], converted from the core's
//! rich error in one place (`error.rs`). Async methods run on tokio; Kotlin
//! sees `suspend fun`, Swift `async throws`. Nothing here panics on data
//! from outside: bad input comes back as an `ApiError`.

uniffi::setup_scaffolding!();

mod account;
#[cfg(target_os = "android")]
mod android;
mod app;
mod appointments;
mod appointments_model;
mod error;
mod facilities;
mod library;
mod news;
mod notices;
mod notices_model;
mod outbox;
mod payments;
mod platform;
mod subscription;
mod sync;

pub use crate::{
    account::{Account, AccountListener, AuthRequest, Identity, LogoutReport, Profile},
    app::App,
    appointments::{Appointments, AppointmentsListener},
    appointments_model::{
        Appointment, AppointmentStatus, BookingRequest, Contact, Office, Rebooking, Reminder,
        ReminderKind, Service, Slot, SlotQuery, SlotSearch, SlotWatch, SyncState, WatchState,
    },
    error::ApiError,
    facilities::{
        Facilities, FacilitiesListener, Facility, FacilityHit, FacilityQuery, GeoPoint,
        LayerRefresh, OpenState, Opening, Wheelchair,
    },
    library::{
        CardBarcode, CardOrder, CardType, Library, LibraryBranch, LibraryCard, LibraryListener,
        LibraryRegistration, OrderPerson, RegistrationState,
    },
    news::{News, NewsCounts, NewsItem, NewsListener, RefreshOutcome},
    notices::{Notices, NoticesListener},
    notices_model::{
        DeadlineKind, MailboxSync, Notice, NoticeAttachment, NoticeDeadline, NoticeDelivery,
        NoticeIssuer, NoticeReply, ReplyDraft, ReplyKind, ReplyState, UploadFile,
    },
    outbox::{Outbox, OutboxEntry, OutboxListener, OutboxRun, OutboxState},
    payments::{
        Fee, FeeState, Payment, PaymentState, PaymentSubject, Payments, PaymentsListener, Receipt,
        ReconcileReport, StartedPayment, SubjectKind,
    },
    platform::{LogLevel, Logger, PlatformError, SecretStore},
    subscription::Subscription,
    sync::{ResumeReport, Sync, SyncReport, SyncStep},
};
