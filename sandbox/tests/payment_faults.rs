//! The app API's payments when things go wrong (`reference/payments.md`
//! §8, scenarios 3 and 6–9): a lost answer on either hop, a payment
//! service that is down, a late success after FAILED, the paypage timeout,
//! refusals of the payment service — over loopback HTTP with faults.

mod payment_support;

use leipzig_sandbox::epaybl::{PayChoice, PayLanding};
use payment_support::{City, DOG_TAX_SURCHARGE, LIBRARY, PARKING, RESERVATION, key, subject};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn a_lost_answer_of_the_app_api_is_retried_with_the_same_key() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    city.control(
        "faults",
        Some(json!({"path": "/v1/payments", "method": "POST", "kind": "drop_after_commit"})),
    )
    .await;
    let k = key();
    let lost = city
        .http
        .post(city.url("v1/payments"))
        .bearer_auth(&token)
        .header("idempotency-key", &k)
        .json(&subject(LIBRARY))
        .send()
        .await;
    assert!(lost.is_err(), "the connection is cut after the commit");
    let retry = city.post(&token, "payments", &k, subject(LIBRARY)).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(retry.body["state"], "INITIAL");
    let transactions = city.transactions().await;
    assert_eq!(transactions.len(), 1);
    assert_eq!(transactions[0]["requestId"], retry.body["paymentId"]);
}

#[tokio::test]
async fn a_lost_provider_answer_becomes_payment_exists_and_is_logged() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    city.control("faults", Some(json!({"path": "/epaybl/paymenttransaction", "method": "POST", "kind": "drop_after_commit"}))).await;
    let orphaned = city.pay(&token, "FEE", LIBRARY).await;
    let id = orphaned["paymentId"].as_str().expect("id").to_owned();
    assert_eq!(orphaned["state"], "ERROR");
    assert_eq!(orphaned["error"]["code"], "PAYMENT_EXISTS");
    assert_eq!(
        orphaned["error"]["detail"],
        "The payment service may hold an unconfirmed transaction; it was logged for reconciliation"
    );
    assert!(orphaned.get("paypageUrl").is_none() && orphaned.get("transactionId").is_none());
    let log = city.control("payments/reconciliation", None).await;
    assert_eq!(log.as_array().map(Vec::len), Some(1));
    assert_eq!(
        (log[0]["kind"].as_str(), log[0]["paymentId"].as_str()),
        (Some("ORPHANED_TRANSACTION"), Some(id.as_str()))
    );
    assert_eq!(log[0]["requestId"], id);
    let transactions = city.transactions().await;
    assert_eq!(transactions.len(), 1, "the retry made no second transaction");
    assert_eq!(
        (transactions[0]["requestId"].as_str(), transactions[0]["status"].as_str()),
        (Some(id.as_str()), Some("INITIAL"))
    );
    // The user starts again: a new payment goes through.
    let fresh = city.pay(&token, "FEE", LIBRARY).await;
    assert_eq!(fresh["state"], "INITIAL");
    assert_ne!(fresh["paymentId"], orphaned["paymentId"]);
}

#[tokio::test]
async fn an_unavailable_provider_is_503_and_the_retry_reuses_the_payment_id() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    // First try: created but the answer is lost; second try: 500.
    for fault in [json!({"kind": "drop_after_commit"}), json!({"kind": "status", "status": 500})] {
        let mut spec = json!({"path": "/epaybl/paymenttransaction", "method": "POST"});
        spec.as_object_mut().expect("obj").extend(fault.as_object().cloned().unwrap_or_default());
        city.control("faults", Some(spec)).await;
    }
    let k = key();
    let down = city.post(&token, "payments", &k, subject(LIBRARY)).await;
    assert_eq!(
        (down.status, down.body["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("PROVIDER_UNAVAILABLE"))
    );
    assert_eq!(down.header("retry-after"), Some("2"));
    assert_eq!(city.get(&token, "payments").await.body["payments"], json!([]), "no row kept");
    // The client's retry: same key, same paymentId = requestId → PAYMENT_EXISTS.
    let retry = city.post(&token, "payments", &k, subject(LIBRARY)).await;
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body["error"]["code"], "PAYMENT_EXISTS");
    let transactions = city.transactions().await;
    assert_eq!(transactions.len(), 1);
    assert_eq!(transactions[0]["requestId"], retry.body["paymentId"], "the same id was reused");
}

#[tokio::test]
async fn a_late_success_after_failed_is_corrected_and_logged() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", LIBRARY).await;
    let id = started["paymentId"].as_str().expect("id").to_owned();
    assert!(matches!(city.click(&started, PayChoice::Fail).await, PayLanding::AppLink(_)));
    let failed = city.payment(&token, &id).await;
    assert_eq!(
        (failed["state"].as_str(), failed["statusDetail"].as_str()),
        (Some("FAILED"), Some("REJECTED"))
    );
    city.control(
        &format!("payments/{id}/outcome"),
        Some(json!({"status": "PAYED", "paymentMethod": "OTHER", "paymentMethodDetail": "SEPA-Lastschrift"})),
    )
    .await;
    let corrected = city.payment(&token, &id).await;
    assert_eq!(corrected["state"], "PAYED");
    assert_eq!(corrected["lateCorrection"], true);
    assert_eq!(corrected["paymentMethodDetail"], "SEPA-Lastschrift");
    let log = city.control("payments/reconciliation", None).await;
    assert_eq!(log[0]["kind"], "LATE_SUCCESS");
    assert_eq!(log[0]["paymentId"], id);
    // Forward-only from PAYED.
    city.control(&format!("payments/{id}/outcome"), Some(json!({"status": "FAILED"}))).await;
    assert_eq!(city.payment(&token, &id).await["state"], "PAYED");
}

#[tokio::test]
async fn an_unpaid_paypage_times_out_and_provider_errors_become_error_payments() {
    let city = City::start().await;
    city.long_tokens().await;
    let token = city.login("demo-adult").await;
    let started = city.pay(&token, "FEE", LIBRARY).await;
    let id = started["paymentId"].as_str().expect("id");
    city.advance(901).await;
    let expired = city.payment(&token, id).await;
    assert_eq!(
        (expired["state"].as_str(), expired["statusDetail"].as_str()),
        (Some("FAILED"), Some("TIMEOUT"))
    );

    let refused = city.pay(&token, "FEE", DOG_TAX_SURCHARGE).await;
    assert_eq!(refused["state"], "ERROR");
    assert_eq!(refused["error"]["code"], "BOOKING_DATA_MISSING");
    assert!(refused["error"]["detail"].as_str().is_some_and(|d| d.contains("sachkonto")));
    city.control("epaybl/next-error", Some(json!({"functionalCode": "CALCULATION_ERROR"}))).await;
    let calc = city.pay(&token, "FEE", PARKING).await;
    assert_eq!(
        (calc["state"].as_str(), calc["error"]["code"].as_str()),
        (Some("ERROR"), Some("CALCULATION_ERROR"))
    );
    city.control("epaybl/settings", Some(json!({"maintenance": true}))).await;
    let down = city.post(&token, "payments", &key(), subject(RESERVATION)).await;
    assert_eq!(down.status, StatusCode::SERVICE_UNAVAILABLE);
}
