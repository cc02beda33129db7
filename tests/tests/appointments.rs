//! Bürgeramt appointments end to end: core ↔ the sandbox's ZMS citizen API.

use chrono::{Duration, Utc};
use chrono_tz::Europe::Berlin;
use leipzig_core::{
    Error,
    appointments::{AppointmentStatus, BookingRequest, Contact, Slot, SlotQuery, SyncState},
};
use leipzig_e2e::TestCity;
use leipzig_sandbox::FaultAction;
use serde_json::json;

/// "Personalausweis beantragen", offered at all 11 offices.
const ID_CARD: u32 = 1_300_111;
/// Bürgerbüro Otto-Schill-Straße.
const ZENTRUM: u32 = 10_401;
/// Bürgerbüro Paunsdorf-Center: requires a captcha.
const PAUNSDORF: u32 = 10_404;
/// Bürgerbüro Ratzelbogen: requires a telephone number.
const RATZELBOGEN: u32 = 10_405;

fn contact() -> Contact {
    Contact {
        family_name: "Mustermann".to_owned(),
        email: Some("erika.mustermann@example.org".to_owned()),
        telephone: Some("+4934112345678".to_owned()),
    }
}

fn query(offices: &[u32]) -> SlotQuery {
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    SlotQuery {
        service_id: ID_CARD,
        count: 1,
        office_ids: offices.to_vec(),
        from: today,
        to: today + Duration::days(13),
    }
}

fn booking(slot: &Slot) -> BookingRequest {
    BookingRequest {
        office_id: slot.office_id,
        service_id: slot.service_id,
        count: 1,
        timestamp: slot.timestamp,
        contact: contact(),
    }
}

async fn first_slot(city: &TestCity, office: u32) -> Slot {
    let found = city.app.appointments().search_slots(&query(&[office])).await.expect("search");
    found.slots.into_iter().next().expect("a free slot")
}

#[tokio::test]
async fn journey_search_book_list_ics_cancel() {
    let city = TestCity::start().await;
    let services = city.app.appointments().services().await.expect("services");
    assert_eq!(services.len(), 15);
    let offices = city.app.appointments().offices(Some(ID_CARD)).await.expect("offices");
    assert_eq!(offices.len(), 11);

    let found = city.app.appointments().search_slots(&query(&[])).await.expect("search");
    assert!(found.failed_offices.is_empty(), "{:?}", found.failed_offices);
    assert!(found.slots.windows(2).all(|w| w[0].timestamp <= w[1].timestamp), "sorted by time");
    assert!(
        found.slots.iter().any(|s| s.office_id == PAUNSDORF),
        "the captcha office was searched too"
    );
    let slot = found
        .slots
        .iter()
        .find(|s| s.office_id == ZENTRUM)
        .expect("a slot at Otto-Schill-Straße")
        .clone();
    assert!(slot.start_rfc3339().ends_with("+01:00"), "{}", slot.start_rfc3339());

    let booked = city.app.appointments().book(&booking(&slot)).await.expect("book");
    assert_eq!(booked.status, AppointmentStatus::Confirmed);
    assert_eq!(booked.timestamp, slot.timestamp);
    assert_eq!(booked.office_name, "Bürgerbüro Otto-Schill-Straße");
    assert_eq!(city.app.appointments().appointments().expect("list"), vec![booked.clone()]);

    let ics = city.app.appointments().ics(booked.process_id).expect("ics");
    assert!(ics.contains("BEGIN:VEVENT") && ics.contains("Otto-Schill-Straße 2"), "{ics}");
    let reminders = city
        .app
        .appointments()
        .upcoming_reminders(Utc::now() - Duration::days(30))
        .expect("reminders");
    assert_eq!(reminders.len(), 2);

    let cancelled = city.app.appointments().cancel(booked.process_id).await.expect("cancel");
    assert_eq!(cancelled.status, AppointmentStatus::Deleted);
    assert_eq!(cancelled.sync_state, SyncState::Synced, "received by the city");
    let entry = &city.app.outbox().list().expect("outbox")[0];
    assert!(entry.server_time.is_some(), "the receipt carries the server's time");
    assert_eq!(city.count("POST", "/api/citizen/cancel-appointment/"), 1);
    assert!(city.app.appointments().upcoming_reminders(Utc::now()).expect("reminders").is_empty());
}

#[tokio::test]
async fn a_stolen_slot_is_a_typed_error_with_alternatives_and_stores_nothing() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, ZENTRUM).await;
    city.control("zms/steal", json!({"officeId": slot.office_id, "timestamp": slot.timestamp}))
        .await;

    let err = city.app.appointments().book(&booking(&slot)).await.expect_err("taken");
    let Error::SlotTaken { alternatives } = err else { panic!("expected SlotTaken, got {err:?}") };
    assert!(!alternatives.is_empty(), "next free slots are offered");
    assert!(alternatives.iter().all(|a| a.timestamp != slot.timestamp && a.office_id == ZENTRUM));
    assert!(city.app.appointments().appointments().expect("list").is_empty(), "nothing stored");
    assert_eq!(
        city.count("POST", "/api/citizen/reserve-appointment/"),
        1,
        "reserve is never retried"
    );

    let booked = city
        .app
        .appointments()
        .book(&booking(&alternatives[0]))
        .await
        .expect("book an alternative");
    assert_eq!(booked.status, AppointmentStatus::Confirmed);
}

#[tokio::test]
async fn an_expired_reservation_books_nothing_and_frees_the_slot() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, ZENTRUM).await;
    // The citizen takes 31 minutes on the form: the 30-minute hold expires.
    city.inject("/api/citizen/update-appointment/", 1, FaultAction::Latency { ms: 1_500 });
    let booking_task = {
        let app = city.app.clone();
        let request = booking(&slot);
        tokio::spawn(async move { app.appointments().book(&request).await })
    };
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    city.control("clock/", json!({"advanceSeconds": 31 * 60})).await;
    let err = booking_task.await.expect("task").expect_err("expired");
    assert!(matches!(err, Error::ReservationExpired), "{err:?}");
    assert!(
        city.app.appointments().appointments().expect("list").is_empty(),
        "nothing half-stored"
    );
    assert_eq!(city.count("POST", "/api/citizen/confirm-appointment/"), 0);
}

#[tokio::test]
async fn contact_rules_are_checked_before_anything_is_sent() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, RATZELBOGEN).await;
    city.sandbox.clear_requests();
    for (contact, field) in [
        (Contact { telephone: None, ..contact() }, "telephone"),
        (Contact { email: None, ..contact() }, "email"),
        (Contact { email: Some("kein-at-zeichen".to_owned()), ..contact() }, "email"),
        (Contact { family_name: "  ".to_owned(), ..contact() }, "family_name"),
        (Contact { telephone: Some("0341-12".to_owned()), ..contact() }, "telephone"),
    ] {
        let request = BookingRequest { contact, ..booking(&slot) };
        let err = city.app.appointments().book(&request).await.expect_err(field);
        assert!(
            matches!(err, Error::Validation { field: f, .. } if f == field),
            "{field}: {err:?}"
        );
    }
    assert_eq!(city.count("POST", "/api/citizen/"), 0, "no request for invalid input");
}

#[tokio::test]
async fn the_captcha_office_is_booked_with_a_solved_captcha() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, PAUNSDORF).await;
    let booked = city.app.appointments().book(&booking(&slot)).await.expect("book");
    assert_eq!(booked.status, AppointmentStatus::Confirmed);
    assert!(city.count("POST", "/api/citizen/captcha-verify/") >= 1);
}

#[tokio::test]
async fn a_429_storm_during_an_eleven_office_search_completes_within_the_limit() {
    let city = TestCity::start().await;
    // A tight limit (the real one is 60 per minute) so the test runs in seconds.
    city.control("zms/rate-limit", json!({"max": 5, "windowSeconds": 2})).await;
    city.app.appointments().offices(None).await.expect("catalogue");
    city.inject(
        "/api/citizen/available-calendar/",
        2,
        FaultAction::Status {
            status: 429,
            retry_after: None,
            error_code: Some("rateLimitExceeded".to_owned()),
        },
    );
    city.sandbox.clear_requests();
    let found = city.app.appointments().search_slots(&query(&[])).await.expect("search");
    assert!(found.failed_offices.is_empty(), "{:?}", found.failed_offices);
    let statuses: Vec<_> = city
        .sandbox
        .requests()
        .iter()
        .filter(|r| r.uri.contains("calendar"))
        .map(|r| r.status)
        .collect();
    let injected = statuses.iter().take_while(|s| **s == Some(429)).count();
    assert!(injected >= 1, "{statuses:?}");
    assert!(
        statuses[injected..].iter().all(|s| *s == Some(200)),
        "no 429 after the storm: {statuses:?}"
    );
    assert_eq!(statuses.len() - injected, 11, "one successful request per office");
}

#[tokio::test]
async fn an_offline_cancel_survives_a_restart_and_reaches_the_city_once() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, ZENTRUM).await;
    let booked = city.app.appointments().book(&booking(&slot)).await.expect("book");

    city.app.set_offline(true);
    let pending =
        city.app.appointments().cancel(booked.process_id).await.expect("saved on the phone");
    assert_eq!(pending.sync_state, SyncState::CancelPending);
    assert_eq!(pending.status, AppointmentStatus::Confirmed);
    assert_eq!(city.count("POST", "/api/citizen/cancel-appointment/"), 0);

    // The process dies; a new one starts online on the same data.
    let restarted = city.reopen();
    let report = restarted.sync().run().await;
    assert_eq!(report.pending_actions, 0, "{report:?}");
    let after = restarted.appointments().appointment(booked.process_id).expect("kept");
    assert_eq!((after.status, after.sync_state), (AppointmentStatus::Deleted, SyncState::Synced));
    restarted.sync().run().await;
    assert_eq!(city.count("POST", "/api/citizen/cancel-appointment/"), 1, "exactly one cancel");
}

#[tokio::test]
async fn a_lost_cancel_answer_is_reconciled_not_repeated() {
    let city = TestCity::start().await;
    let slot = first_slot(&city, ZENTRUM).await;
    let booked = city.app.appointments().book(&booking(&slot)).await.expect("book");
    city.inject("/api/citizen/cancel-appointment/", 1, FaultAction::DropAfterCommit);

    let first = city.app.appointments().cancel(booked.process_id).await.expect("saved");
    assert_eq!(first.sync_state, SyncState::CancelPending, "the answer was lost");
    // Due again immediately for the test (the outbox waits seconds otherwise).
    let restarted = city.reopen();
    tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
    restarted.sync().run().await;
    let after = restarted.appointments().appointment(booked.process_id).expect("kept");
    assert_eq!((after.status, after.sync_state), (AppointmentStatus::Deleted, SyncState::Synced));
    assert_eq!(
        city.count("POST", "/api/citizen/cancel-appointment/"),
        1,
        "the server got exactly one cancel"
    );
    assert!(city.count("GET", "/api/citizen/appointment/") >= 1, "it asked before trying again");
}

#[tokio::test]
async fn rebooking_books_the_new_slot_then_cancels_the_old() {
    let city = TestCity::start().await;
    let found = city.app.appointments().search_slots(&query(&[ZENTRUM])).await.expect("search");
    let (a, b) = (&found.slots[0], &found.slots[1]);
    let old = city.app.appointments().book(&booking(a)).await.expect("book");
    let (new, old) = city
        .app
        .appointments()
        .rebook(old.process_id, b.timestamp, None, contact())
        .await
        .expect("rebook");
    assert_eq!(new.timestamp, b.timestamp);
    assert_eq!(new.status, AppointmentStatus::Confirmed);
    assert_eq!(old.status, AppointmentStatus::Deleted);
}

#[tokio::test]
async fn slot_watches_go_through_the_outbox_and_report_matches() {
    let city = TestCity::start().await;
    let today = Utc::now().with_timezone(&Berlin).date_naive();
    city.app.set_offline(true);
    let err = city
        .app
        .appointments()
        .add_watch(ID_CARD, &[ZENTRUM], today, today + Duration::days(10))
        .await;
    assert!(err.is_err(), "the catalogue is needed and not yet stored");
    city.app.set_offline(false);
    city.app.appointments().offices(None).await.expect("catalogue");

    city.app.set_offline(true);
    let saved = city
        .app
        .appointments()
        .add_watch(ID_CARD, &[ZENTRUM], today, today + Duration::days(10))
        .await
        .expect("saved");
    assert_eq!(saved.state, leipzig_core::appointments::model::WatchState::Saved);
    city.app.set_offline(false);
    city.app.sync().run().await;
    let active = city.app.appointments().watch(&saved.id).expect("watch");
    assert_eq!(active.state, leipzig_core::appointments::model::WatchState::Active);
    assert!(!active.matches.is_empty(), "the city found free slots");
    assert_eq!(city.count("POST", "/v1/slot-watches"), 1);

    let refreshed = city.app.appointments().refresh_watches().await.expect("refresh");
    assert_eq!(refreshed.len(), 1);
    city.app.appointments().remove_watch(&saved.id).await.expect("remove");
    assert!(city.app.appointments().watches().expect("list").is_empty());
    assert_eq!(city.count("DELETE", "/v1/slot-watches/"), 1);
    let bad = city
        .app
        .appointments()
        .add_watch(ID_CARD, &[ZENTRUM], today + Duration::days(5), today)
        .await;
    assert!(matches!(bad, Err(Error::Validation { field: "to", .. })));
}
