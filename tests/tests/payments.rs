//! Paying fees through the city's app API and the sandbox's XBezahldienste
//! payment service (reference/payments.md §8): the happy path with its
//! receipt, cancel and retry, the page timing out, a lost return link, the
//! app killed on the payment page, a subject already paid — and what is
//! kept on the phone (sealed) and exported.

use std::sync::{Arc, Mutex};

use leipzig_core::{
    Error,
    error::AuthError,
    payments::{PaymentState, SubjectKind},
};
use leipzig_e2e::{
    TestCity,
    payments::{
        PayChoice, citizen, city_id, click, library_fee, notice, paid_with_paypal,
        provider_transactions, set_outcome,
    },
};
use serde_json::json;

#[tokio::test]
async fn paying_with_paypal_ends_paid_with_a_receipt_kept_on_the_phone() {
    let (city, fees) = citizen("demo-adult").await;
    let library = library_fee(&fees);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let _sub = city.app.payments().subscribe(move |list| {
        sink.lock().expect("lock").extend(list.iter().map(|p| p.state));
    });

    let started = city.app.payments().start(library.clone()).await.expect("started");
    // Saved before the page opens; the amount comes from the city, never from the phone.
    assert_eq!(started.payment.state, PaymentState::Initial);
    assert_eq!(started.payment.amount_cents, Some(2500));
    assert!(!started.already_paid);
    let page = started.paypage_url.clone().expect("a payment page");

    let link = click(&page, PayChoice::Paypal).await.expect("the browser comes back");
    assert!(link.starts_with("https://app.leipzig.de/pay/return?paymentId="), "{link}");
    assert!(!link.contains("PAYED"), "the return link carries no status: {link}");
    let paid = city.app.payments().handle_return(&link).await.expect("asked the city");
    assert_eq!(paid.state, PaymentState::Payed);
    assert_eq!(paid.payment_method.as_deref(), Some("PAYPAL"));
    assert!(paid.transaction_reference.is_some(), "a Kassenzeichen once paid");
    assert!(paid.paypage_url.is_none());
    assert!(paid.has_receipt);
    assert!(seen.lock().expect("lock").contains(&PaymentState::Payed), "the listener saw PAYED");

    // The receipt is on the phone: offline, JSON and PDF.
    city.app.set_offline(true);
    let receipt = city.app.payments().receipt(&paid.id).expect("receipt");
    assert_eq!(receipt.amount_cents, 2500);
    assert_eq!(receipt.payment_id, city_id(&paid));
    assert_eq!(Some(&receipt.transaction_reference), paid.transaction_reference.as_ref());
    assert!(receipt.payee_name.contains("Leipzig"));
    let pdf = city.app.payments().receipt_pdf(&paid.id).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let out = city.data.path().join("export").join("quittung.pdf");
    let files = city.app.payments().export_receipt(&paid.id, &out).expect("exported");
    assert_eq!(std::fs::read(&files[0]).expect("pdf file"), pdf);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&files[1]).expect("json file")).expect("json");
    assert_eq!(json["amount_cents"], 2500);
    city.app.set_offline(false);

    // The city's fee list agrees.
    let fees = city.app.payments().refresh_fees().await.expect("fees");
    let fee = fees.iter().find(|f| f.subject == library).expect("fee");
    assert!(!fee.payable);
    assert_eq!(fee.payment_id.as_deref(), Some(city_id(&paid).as_str()));
    assert_eq!(provider_transactions(&city).await.len(), 1);
}

#[tokio::test]
async fn a_card_payment_with_3d_secure_and_a_notice_are_paid_too() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(notice(&fees)).await.expect("started");
    assert_eq!(started.payment.subject.kind, SubjectKind::Notice);
    assert_eq!(started.payment.amount_cents, Some(4850));
    let link = click(&started.paypage_url.expect("page"), PayChoice::Card).await.expect("back");
    let paid = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(paid.state, PaymentState::Payed);
    assert_eq!(paid.payment_method.as_deref(), Some("CREDITCARD"));
}

#[tokio::test]
async fn a_cancelled_payment_stays_cancelled_and_a_retry_is_a_new_payment() {
    let (city, fees) = citizen("demo-adult").await;
    let library = library_fee(&fees);
    let first = city.app.payments().start(library.clone()).await.expect("started");
    let link = click(&first.paypage_url.expect("page"), PayChoice::Cancel).await.expect("back");
    let cancelled = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(cancelled.state, PaymentState::Canceled);
    assert!(matches!(
        city.app.payments().receipt(&cancelled.id),
        Err(Error::Payment(leipzig_core::error::PaymentError::NotPaid))
    ));

    let second = city.app.payments().start(library).await.expect("a new payment");
    assert_ne!(second.payment.id, cancelled.id);
    assert_ne!(second.payment.payment_id, cancelled.payment_id);
    let link = click(&second.paypage_url.expect("page"), PayChoice::Wero).await.expect("back");
    let paid = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(paid.state, PaymentState::Payed);
    assert_eq!(paid.payment_method_detail.as_deref(), Some("Wero"));
    let old = city.app.payments().payment(&cancelled.id).expect("kept");
    assert_eq!(old.state, PaymentState::Canceled, "the old one stays cancelled");
    assert_eq!(provider_transactions(&city).await.len(), 2);
}

#[tokio::test]
async fn a_payment_page_left_open_times_out_as_failed() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    // Nobody pays; a quarter of an hour passes at the payment service.
    city.control("clock/", json!({"advanceSeconds": 16 * 60})).await;
    let failed = city.app.payments().refresh(&started.payment.id).await.expect("asked");
    assert_eq!(failed.state, PaymentState::Failed);
    assert_eq!(failed.status_detail.as_deref(), Some("TIMEOUT"));
    assert!(failed.paypage_url.is_none());
}

#[tokio::test]
async fn a_lost_return_link_is_resolved_when_the_app_comes_back() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    set_outcome(&city, &started.payment, json!({"dropRedirect": true})).await;
    let landing = click(&started.paypage_url.expect("page"), PayChoice::Paypal).await;
    assert_eq!(landing, None, "the browser never came back");
    // The phone never says CANCELED because the browser closed.
    assert_eq!(
        city.app.payments().payment(&started.payment.id).expect("row").state,
        PaymentState::Initial
    );
    let report = city.app.resume().await;
    assert_eq!(report.payments, leipzig_core::sync::StepOutcome::Updated);
    let paid = city.app.payments().payment(&started.payment.id).expect("row");
    assert_eq!(paid.state, PaymentState::Payed);
    assert!(paid.has_receipt);
}

#[tokio::test]
async fn an_app_killed_on_the_payment_page_finds_the_payment_at_next_start() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    let id = started.payment.id.clone();
    // The process dies on the payment page (city.app is not used again);
    // the citizen pays there meanwhile.
    set_outcome(&city, &started.payment, paid_with_paypal()).await;

    let reopened = city.reopen();
    assert_eq!(reopened.payments().payment(&id).expect("kept").state, PaymentState::Initial);
    reopened.resume().await;
    let paid = reopened.payments().payment(&id).expect("row");
    assert_eq!(paid.state, PaymentState::Payed);
    assert!(reopened.payments().receipt(&id).is_ok());
}

#[tokio::test]
async fn a_subject_already_paid_gives_the_receipt_and_no_new_charge() {
    let (city, fees) = citizen("demo-adult").await;
    let library = library_fee(&fees);
    let started = city.app.payments().start(library.clone()).await.expect("started");
    let link = click(&started.paypage_url.expect("page"), PayChoice::Paypal).await.expect("back");
    let paid = city.app.payments().handle_return(&link).await.expect("paid");

    let again = city.app.payments().start(library.clone()).await.expect("answered");
    assert!(again.already_paid);
    assert_eq!(again.payment.id, paid.id);
    assert!(again.paypage_url.is_none());

    // A second phone of the same citizen knows nothing: the city says 409 ALREADY_PAID.
    let second_phone = city.another_phone();
    leipzig_e2e::login::log_in(&second_phone.app, "demo-adult").await;
    let there = second_phone.app.payments().start(library).await.expect("answered");
    assert!(there.already_paid);
    assert_eq!(there.payment.payment_id, paid.payment_id);
    assert!(second_phone.app.payments().receipt(&there.payment.id).is_ok(), "receipt fetched");
    assert_eq!(provider_transactions(&city).await.len(), 1, "no new charge");
}

#[tokio::test]
async fn paying_needs_a_login_and_stores_nothing_without_one() {
    let city = TestCity::start().await;
    let subject =
        leipzig_core::payments::Subject::new(SubjectKind::Fee, "GEB-2026-000412").expect("subject");
    let err = city.app.payments().start(subject).await.expect_err("not logged in");
    assert!(matches!(err, Error::Auth(AuthError::NotLoggedIn)), "{err:?}");
    assert!(city.app.payments().payments().expect("list").is_empty());
    assert_eq!(city.app.outbox().unfinished_count().expect("outbox"), 0);
    assert_eq!(city.count("POST", "/v1/payments"), 0);
}
