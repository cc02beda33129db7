//! The user actions of the fault matrix: how each is set up, done, seen at
//! the city (the sandbox's own state) and checked on the phone.

use chrono::{Duration, Utc};
use chrono_tz::Europe::Berlin;
use leipzig_core::{
    App, Error,
    appointments::{AppointmentStatus, BookingRequest, Contact, SlotQuery, SyncState},
    library::RegistrationState,
    notices::{ReplyDraft, ReplyState, UploadFile},
    payments::PaymentState,
};
use leipzig_sandbox::zms::state::Status;
use serde::{Deserialize, Serialize};

use super::Cell;

/// "Personalausweis beantragen".
const ID_CARD: u32 = 1_300_111;
/// Bürgerbüro Otto-Schill-Straße.
const ZENTRUM: u32 = 10_401;
/// The seeded notice with an objection period and PDFs.
const GEHWEG: &str = "Sondernutzung Gehweg";

/// One thing a citizen does that must reach the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Cancel a booked Bürgeramt appointment (ZMS, through the outbox).
    CancelAppointment,
    /// Book a slot (ZMS reserve → update → confirm; online only).
    Book,
    /// Watch for free slots (app API, through the outbox).
    WatchAdd,
    /// Stop watching (app API, through the outbox).
    WatchRemove,
    /// Open a notice: its first retrieval is reported to the city.
    NoticeRetrieval,
    /// A binding objection to a notice.
    NoticeReply,
    /// Documents uploaded to a notice (multipart).
    Upload,
    /// Start paying a fee.
    PaymentStart,
    /// Order a library card.
    LibraryOrder,
}

/// What [`Action::prepare`] set up for the action.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Prepared {
    /// The appointment to cancel.
    pub process: Option<u32>,
    /// The slot to book: (office, timestamp).
    pub slot: Option<(u32, i64)>,
    /// The watch to remove.
    pub watch: Option<String>,
    /// The notice to open or answer.
    pub notice: Option<String>,
}

impl Action {
    /// Every action, in the order.
    pub const ALL: [Action; 9] = [
        Action::CancelAppointment,
        Action::Book,
        Action::WatchAdd,
        Action::WatchRemove,
        Action::NoticeRetrieval,
        Action::NoticeReply,
        Action::Upload,
        Action::PaymentStart,
        Action::LibraryOrder,
    ];

    /// Whether it goes through the outbox (saved first, then sent).
    pub fn saved_first(self) -> bool {
        self != Action::Book
    }

    /// Whether it needs the citizen's login (a bearer token).
    pub fn needs_login(self) -> bool {
        matches!(
            self,
            Action::NoticeRetrieval
                | Action::NoticeReply
                | Action::Upload
                | Action::PaymentStart
                | Action::LibraryOrder
        )
    }

    /// The method and path of the request that makes the action happen at
    /// the city: the one faults are injected into.
    pub fn request(self, p: &Prepared) -> (&'static str, String) {
        let notice = p.notice.clone().unwrap_or_default();
        match self {
            Action::CancelAppointment => ("POST", "/api/citizen/cancel-appointment/".to_owned()),
            Action::Book => ("POST", "/api/citizen/confirm-appointment/".to_owned()),
            Action::WatchAdd => ("POST", "/v1/slot-watches".to_owned()),
            Action::WatchRemove => {
                ("DELETE", format!("/v1/slot-watches/{}", p.watch.clone().unwrap_or_default()))
            }
            Action::NoticeRetrieval => ("POST", format!("/v1/notices/{notice}/retrievals")),
            Action::NoticeReply | Action::Upload => {
                ("POST", format!("/v1/notices/{notice}/replies"))
            }
            Action::PaymentStart => ("POST", "/v1/payments".to_owned()),
            Action::LibraryOrder => ("POST", "/v1/library/registrations".to_owned()),
        }
    }

    /// Logs in if needed and sets up what the action acts on, with every
    /// request of the set-up delivered.
    pub async fn prepare(self, cell: &Cell) -> Prepared {
        let app = &cell.app;
        if self.needs_login() {
            crate::login::log_in(app, "demo-adult").await;
        }
        let mut p = Prepared::default();
        match self {
            Action::CancelAppointment | Action::Book => {
                let slot = first_slot(app).await;
                if self == Action::Book {
                    p.slot = Some(slot);
                } else {
                    let booked = app.appointments().book(&booking(slot)).await.expect("booked");
                    p.process = Some(booked.process_id);
                }
            }
            Action::WatchAdd => {
                app.appointments().offices(None).await.expect("catalogue");
            }
            Action::WatchRemove => {
                let (from, to) = watch_days();
                let w = app.appointments().add_watch(ID_CARD, &[ZENTRUM], from, to).await;
                p.watch = Some(w.expect("watch").id);
            }
            Action::NoticeRetrieval | Action::NoticeReply | Action::Upload => {
                app.notices().sync().await.expect("mailbox");
                let id = app
                    .notices()
                    .list(true)
                    .expect("notices")
                    .into_iter()
                    .find(|n| n.subject.contains(GEHWEG))
                    .expect("the Gehweg notice")
                    .id;
                if self != Action::NoticeRetrieval {
                    app.notices().open(&id).await.expect("opened");
                }
                p.notice = Some(id);
            }
            Action::PaymentStart => {
                app.payments().refresh_fees().await.expect("fees");
            }
            Action::LibraryOrder => {
                app.library().refresh_catalog().await.expect("catalogue");
            }
        }
        let pending = app.outbox().unfinished_count().expect("outbox");
        assert_eq!(pending, 0, "{self:?}: the set-up left nothing unsent");
        p
    }

    /// Does the action, as the citizen's tap does.
    pub async fn act(self, app: &App, p: &Prepared) -> Result<(), Error> {
        let notice = p.notice.clone().unwrap_or_default();
        match self {
            Action::CancelAppointment => {
                app.appointments().cancel(p.process.unwrap_or_default()).await.map(drop)
            }
            Action::Book => {
                let slot = p.slot.unwrap_or_default();
                app.appointments().book(&booking(slot)).await.map(drop)
            }
            Action::WatchAdd => {
                let (from, to) = watch_days();
                app.appointments().add_watch(ID_CARD, &[ZENTRUM], from, to).await.map(drop)
            }
            Action::WatchRemove => {
                app.appointments().remove_watch(p.watch.as_deref().unwrap_or_default()).await
            }
            Action::NoticeRetrieval => app.notices().open(&notice).await.map(drop),
            Action::NoticeReply => {
                let draft = ReplyDraft::Objection {
                    text: "Der Gehweg wurde an diesen Tagen nicht genutzt.".to_owned(),
                    binding_confirmed: true,
                    confirmation_text: app.notices().objection_declaration(&notice)?,
                    requests_suspension: false,
                };
                app.notices().reply(&notice, draft).await.map(drop)
            }
            Action::Upload => {
                let photo = UploadFile {
                    file_name: "Foto Gehweg.png".to_owned(),
                    mime_type: "image/png".to_owned(),
                    bytes: b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fault matrix".to_vec(),
                };
                let draft = ReplyDraft::Upload { files: vec![photo], note: None };
                app.notices().reply(&notice, draft).await.map(drop)
            }
            Action::PaymentStart => {
                let fees = app.payments().fees()?;
                app.payments().start(crate::payments::library_fee(&fees)).await.map(drop)
            }
            Action::LibraryOrder => {
                let mut order = app.library().draft()?;
                order.card_type = "ADULT".to_owned();
                order.branch_id = "lsb-0".to_owned();
                app.library().order(order).await.map(drop)
            }
        }
    }

    /// How many times the action took effect at the city, read from the
    /// sandbox's own state (not from what the phone believes).
    pub async fn arrivals(self, cell: &Cell, p: &Prepared) -> usize {
        let state = cell.sandbox.state();
        let notice = p.notice.clone().unwrap_or_default();
        match self {
            Action::CancelAppointment => state.read(|s| {
                s.zms
                    .mails
                    .iter()
                    .filter(|m| m.kind == "cancellation" && Some(m.process_id) == p.process)
                    .count()
            }),
            Action::Book => state.read(|s| {
                s.zms
                    .processes
                    .values()
                    .filter(|pr| matches!(pr.status, Status::Confirmed | Status::Preconfirmed))
                    .filter(|pr| pr.family_name.as_deref() == Some("Mustermann"))
                    .count()
            }),
            Action::WatchAdd => state.read(|s| s.app_api.slot_watches.watches.len()),
            Action::WatchRemove => {
                state.read(|s| usize::from(s.app_api.slot_watches.watches.is_empty()))
            }
            Action::NoticeRetrieval => state.read(|s| {
                usize::try_from(s.notices.retrieval_reports.get(&notice).copied().unwrap_or(0))
                    .unwrap_or(usize::MAX)
            }),
            Action::NoticeReply | Action::Upload => {
                state.read(|s| s.notices.replies.iter().filter(|r| r.notice_id == notice).count())
            }
            Action::PaymentStart => cell.provider_transactions().await,
            Action::LibraryOrder => state.read(|s| s.library.registrations.len()),
        }
    }

    /// Checks that the phone's rows agree with a delivered action: nothing
    /// half-written (e.g. a reply still "saved" although the city has it).
    pub fn check_delivered_on_phone(self, app: &App, p: &Prepared) {
        let notice = p.notice.clone().unwrap_or_default();
        match self {
            Action::CancelAppointment => {
                let a = app.appointments().appointment(p.process.unwrap_or_default()).expect("row");
                assert_eq!(a.status, AppointmentStatus::Deleted, "{a:?}");
                assert_eq!(a.sync_state, SyncState::Synced, "{a:?}");
            }
            Action::Book => {
                let booked = app.appointments().appointments().expect("list");
                assert_eq!(booked.len(), 1, "{booked:?}");
                assert!(
                    matches!(
                        booked[0].status,
                        AppointmentStatus::Confirmed | AppointmentStatus::Preconfirmed
                    ),
                    "{booked:?}"
                );
            }
            Action::WatchAdd => {
                assert_eq!(app.appointments().watches().expect("watches").len(), 1);
            }
            Action::WatchRemove => {
                assert!(app.appointments().watches().expect("watches").is_empty());
            }
            Action::NoticeRetrieval => {
                assert!(app.notices().notice(&notice).expect("notice").read_at.is_some());
            }
            Action::NoticeReply | Action::Upload => {
                let replies = app.notices().replies(&notice).expect("replies");
                assert_eq!(replies.len(), 1, "{replies:?}");
                assert_eq!(replies[0].state, ReplyState::Received, "{replies:?}");
            }
            Action::PaymentStart => {
                let payments = app.payments().payments().expect("payments");
                assert_eq!(payments.len(), 1, "{payments:?}");
                assert_eq!(payments[0].state, PaymentState::Initial, "{payments:?}");
            }
            Action::LibraryOrder => {
                let r = app.library().registrations().expect("registrations");
                assert_eq!(r.len(), 1, "{r:?}");
                assert_ne!(r[0].state, RegistrationState::Saved, "{r:?}");
            }
        }
    }

    /// Checks that a booking that did not happen left nothing on the phone.
    pub fn check_nothing_on_phone(self, app: &App) {
        if self == Action::Book {
            let left = app.appointments().appointments().expect("list");
            assert!(left.is_empty(), "a booking that did not happen left {left:?}");
        }
    }
}

fn contact() -> Contact {
    Contact {
        family_name: "Mustermann".to_owned(),
        email: Some("erika.mustermann@example.org".to_owned()),
        telephone: Some("+4934112345678".to_owned()),
    }
}

fn booking((office_id, timestamp): (u32, i64)) -> BookingRequest {
    BookingRequest { office_id, service_id: ID_CARD, count: 1, timestamp, contact: contact() }
}

fn watch_days() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    (today + Duration::days(1), today + Duration::days(10))
}

async fn first_slot(app: &App) -> (u32, i64) {
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    let query = SlotQuery {
        service_id: ID_CARD,
        count: 1,
        office_ids: vec![ZENTRUM],
        from: today,
        to: today + Duration::days(13),
    };
    let found = app.appointments().search_slots(&query).await.expect("search");
    let slot = found.slots.into_iter().next().expect("a free slot");
    (slot.office_id, slot.timestamp)
}
