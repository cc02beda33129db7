//! Payments when things go wrong (reference/payments.md §8, scenarios
//! 6–9): a double tap and a lost answer make exactly one transaction at
//! the payment service; a transaction created but never confirmed is not
//! duplicated; refusals arrive as typed errors with readable text; a late
//! success after FAILED is corrected; hostile answers change nothing; and
//! nothing about a payment is readable in the phone's files.

use leipzig_core::{
    Error,
    error::PaymentError,
    payments::{PaymentState, format_eur},
};
use leipzig_e2e::payments::{
    PayChoice, citizen, click, fee, library_fee, provider_transactions, reconciliation_log,
    set_outcome,
};
use leipzig_sandbox::FaultAction;
use serde_json::json;

#[tokio::test]
async fn a_double_tap_makes_one_transaction() {
    let (city, fees) = citizen("demo-adult").await;
    let library = library_fee(&fees);
    let payments = city.app.payments();
    let (a, b) = tokio::join!(payments.start(library.clone()), payments.start(library.clone()));
    let (a, b) = (a.expect("first tap"), b.expect("second tap"));
    assert_eq!(a.payment.id, b.payment.id, "the second tap continues the first payment");
    assert_eq!(a.paypage_url, b.paypage_url);
    assert_eq!(payments.payments().expect("list").len(), 1);
    assert_eq!(provider_transactions(&city).await.len(), 1);
    assert_eq!(city.count("POST", "/epaybl/paymenttransaction"), 1);
}

#[tokio::test]
async fn a_lost_answer_is_retried_with_the_same_key_and_makes_one_transaction() {
    let (city, fees) = citizen("demo-adult").await;
    // The city creates the payment (and its transaction); the answer never arrives.
    city.inject("/v1/payments", 1, FaultAction::DropAfterCommit);
    let started = city.app.payments().start(library_fee(&fees)).await.expect("saved");
    assert_eq!(started.payment.state, PaymentState::Created);
    assert!(started.paypage_url.is_none());
    assert!(started.not_sent_reason.is_some());
    assert_eq!(city.app.outbox().unfinished_count().expect("outbox"), 1);

    // The next try (same Idempotency-Key) gets the same payment.
    let resumed = city.app.payments().refresh(&started.payment.id).await.expect("retried");
    assert_eq!(resumed.state, PaymentState::Initial);
    assert!(resumed.paypage_url.is_some());
    assert_eq!(city.count("POST", "/v1/payments"), 2);
    assert_eq!(provider_transactions(&city).await.len(), 1, "exactly one transaction");
    assert_eq!(city.app.outbox().unfinished_count().expect("outbox"), 0);
}

#[tokio::test]
async fn a_transaction_created_but_never_confirmed_is_logged_not_duplicated() {
    let (city, fees) = citizen("demo-adult").await;
    let library = library_fee(&fees);
    // The payment service creates the transaction; the city never hears back.
    city.inject("/epaybl/paymenttransaction", 1, FaultAction::DropAfterCommit);
    let err = city.app.payments().start(library.clone()).await.expect_err("refused");
    let Error::Payment(PaymentError::Refused { code, message }) = &err else {
        panic!("expected a refusal, got {err:?}")
    };
    assert_eq!(code, "PAYMENT_EXISTS");
    assert!(message.contains("nothing was charged"), "{message}");
    let log = reconciliation_log(&city).await;
    assert!(log.iter().any(|e| e["kind"] == "ORPHANED_TRANSACTION"), "{log:?}");
    // Nobody saw the orphan's page; a new payment goes through normally.
    let retry = city.app.payments().start(library).await.expect("a new payment");
    assert_eq!(retry.payment.state, PaymentState::Initial);
    let link = click(&retry.paypage_url.expect("page"), PayChoice::Paypal).await.expect("back");
    let paid = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(paid.state, PaymentState::Payed);
    let states: Vec<_> =
        city.app.payments().payments().expect("list").iter().map(|p| p.state).collect();
    assert_eq!(states, vec![PaymentState::Payed, PaymentState::Error]);
}

#[tokio::test]
async fn refusals_by_the_payment_service_are_typed_with_readable_text() {
    let (city, fees) = citizen("demo-adult").await;
    // A fee whose booking data the city never completed.
    let broken = fee(&fees, "Hundesteuer");
    let err = city.app.payments().start(broken).await.expect_err("refused");
    assert!(
        matches!(&err, Error::Payment(PaymentError::Refused { code, .. }) if code == "BOOKING_DATA_MISSING"),
        "{err:?}"
    );
    assert!(err.to_string().contains("bank transfer"), "{err}");

    for code in ["CALCULATION_ERROR", "NO_VALID_ORIGINATOR_OR_ENDPOINT"] {
        city.control("epaybl/next-error", json!({"functionalCode": code})).await;
        let err = city.app.payments().start(library_fee(&fees)).await.expect_err("refused");
        assert!(
            matches!(&err, Error::Payment(PaymentError::Refused { code: c, .. }) if c == code),
            "{err:?}"
        );
        assert!(err.to_string().contains("nothing was charged"), "{err}");
    }
    let refused = city.app.payments().payments().expect("list");
    assert!(refused.iter().all(|p| p.state == PaymentState::Error && p.error_message.is_some()));
    assert_eq!(city.app.outbox().unfinished_count().expect("outbox"), 0, "a refusal is an answer");
}

#[tokio::test]
async fn a_payment_service_down_for_maintenance_is_retried_later() {
    let (city, fees) = citizen("demo-adult").await;
    city.control("epaybl/settings", json!({"maintenance": true})).await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("saved");
    assert_eq!(started.payment.state, PaymentState::Created);
    assert!(started.not_sent_reason.as_deref().is_some_and(|r| r.contains("503")), "{started:?}");
    city.control("epaybl/settings", json!({"maintenance": false})).await;
    let sent = city.app.payments().refresh(&started.payment.id).await.expect("sent");
    assert_eq!(sent.state, PaymentState::Initial);
    assert_eq!(provider_transactions(&city).await.len(), 1);
}

#[tokio::test]
async fn a_late_success_after_failed_is_corrected_with_an_alert() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    let link =
        click(&started.paypage_url.clone().expect("page"), PayChoice::Fail).await.expect("back");
    let failed = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(failed.state, PaymentState::Failed);
    // The direct debit went through after all.
    set_outcome(
        &city,
        &failed,
        json!({"status": "PAYED", "paymentMethod": "OTHER", "paymentMethodDetail": "SEPA-Lastschrift"}),
    )
    .await;
    let report = city.app.payments().reconcile().await.expect("reconciled");
    assert_eq!(report.late_successes, 1);
    let paid = city.app.payments().payment(&failed.id).expect("row");
    assert_eq!(paid.state, PaymentState::Payed);
    assert!(paid.late_correction);
    assert!(paid.has_receipt);
    assert!(city.logger.records().iter().any(|r| r.message.contains("turned PAYED after")));
    // A move back is never applied.
    set_outcome(&city, &failed, json!({"status": "FAILED"})).await;
    let still = city.app.payments().refresh(&failed.id).await.expect("asked");
    assert_eq!(still.state, PaymentState::Payed);
}

#[tokio::test]
async fn a_sepa_debit_stays_open_then_settles() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    let link = click(&started.paypage_url.expect("page"), PayChoice::Sepa).await.expect("back");
    let open = city.app.payments().handle_return(&link).await.expect("asked");
    assert_eq!(open.state, PaymentState::Initial, "never CANCELED because the page closed");
    city.control("clock/", json!({"advanceSeconds": 10 * 60})).await;
    let paid = city.app.payments().settle(&open.id).await.expect("settled");
    assert_eq!(paid.state, PaymentState::Payed);
    assert_eq!(paid.payment_method_detail.as_deref(), Some("SEPA-Lastschrift"));
}

#[tokio::test]
async fn hostile_answers_are_refused_and_change_nothing() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    let id = started.payment.id.clone();
    let before = city.app.payments().payment(&id).expect("row");
    let hostile = [
        json!({"paymentId": "x", "subject": {"type": "FEE", "id": "GEB-1"}, "state": "PAYED",
               "amountCents": -100, "currency": "EUR"}),
        json!({"paymentId": "x", "subject": {"type": "FEE", "id": "../../etc"}, "state": "PAYED",
               "amountCents": 100, "currency": "EUR"}),
        json!({"paymentId": "x", "subject": {"type": "FEE", "id": "GEB-1"}, "state": "REFUNDED",
               "amountCents": 100, "currency": "EUR"}),
    ];
    for body in hostile {
        city.inject(
            "/v1/payments/",
            1,
            FaultAction::Body {
                content_type: Some("application/json".into()),
                body: body.to_string(),
                body_hex: None,
            },
        );
        let err = city.app.payments().refresh(&id).await.expect_err("refused");
        assert!(matches!(err, Error::InvalidResponse { .. }), "{err:?}");
        assert_eq!(city.app.payments().payment(&id).expect("row"), before);
    }
    for link in
        ["https://evil.example/pay/return?paymentId=abc", "https://app.leipzig.de/pay/return"]
    {
        let err = city.app.payments().handle_return(link).await.expect_err("refused");
        assert!(matches!(err, Error::Validation { field: "link", .. }), "{err:?}");
    }
}

#[tokio::test]
async fn nothing_about_a_payment_is_readable_in_the_phones_files() {
    let (city, fees) = citizen("demo-adult").await;
    let started = city.app.payments().start(library_fee(&fees)).await.expect("started");
    let link = click(&started.paypage_url.expect("page"), PayChoice::Paypal).await.expect("back");
    let paid = city.app.payments().handle_return(&link).await.expect("paid");
    let reference = paid.transaction_reference.clone().expect("Kassenzeichen");
    let secrets: Vec<String> = vec![
        reference,
        "Bibliotheksausweis".to_owned(),
        "Sondernutzung".to_owned(),
        format_eur(2500),
    ];
    for entry in std::fs::read_dir(city.data.path()).expect("data dir") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).expect("file");
        for s in &secrets {
            let found = bytes.windows(s.len()).any(|w| w == s.as_bytes());
            assert!(!found, "{} holds {s:?} in the clear", path.display());
        }
    }
    for record in city.logger.records() {
        assert!(!record.message.contains("Bibliotheksausweis"), "{}", record.message);
        assert!(!record.message.contains(paid.transaction_reference.as_deref().unwrap_or("-")));
    }
}
