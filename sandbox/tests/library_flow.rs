//! The library card registration over loopback HTTP (issue 9), part two:
//! the fee as a payable `BIB-…` fee of `GET /v1/fees`, paid through the
//! payments API and the paypage, the registration following the payments
//! ledger (`PAYMENT_PENDING` → `READY_FOR_ID_CHECK`, also after a
//! cancelled attempt), the desk's activation with the card, and the
//! rejection control. Checks and deduplication: `library.rs`.

mod library_support;
mod payment_support;

use chrono::Months;
use leipzig_sandbox::epaybl::PayChoice;
use library_support::*;
use payment_support::City;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The fee `id` of the caller's `GET /v1/fees`.
async fn listed_fee(city: &City, token: &str, id: &str) -> Option<Value> {
    let answer = city.get(token, "fees").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["fees"].as_array().and_then(|fees| fees.iter().find(|f| f["id"] == id).cloned())
}

fn fee_id_of(registration: &Value) -> String {
    registration["payment"]["subject"]["id"].as_str().expect("fee id").to_owned()
}

#[tokio::test]
async fn an_adult_pays_online_and_the_desk_activates_the_card() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let registration = registered(&city, &token, &body("ADULT", adult())).await;
    let id = registration["registrationId"].as_str().expect("id").to_owned();
    assert_eq!(registration["state"], "PAYMENT_PENDING");
    assert_eq!(registration["feeCents"], 2500);
    assert_eq!(registration["branchId"], "lsb-0");
    assert!(registration["card"].is_null());
    let expected = format!("BIB-{}", id[..8].to_ascii_uppercase());
    assert_eq!(
        registration["payment"],
        json!({"subject": {"type": "FEE", "id": expected}, "status": "OPEN"})
    );

    let fee = listed_fee(&city, &token, &expected).await.expect("the fee is listed");
    assert_eq!(fee["amountCents"], 2500);
    assert_eq!(fee["title"], "Bibliotheksausweis (Anmeldung)");
    assert_eq!(fee["payable"], true);
    assert_eq!(fee["subject"], json!({"type": "FEE", "id": expected}));

    // The desk cannot activate before the fee is paid.
    let early = city
        .http
        .post(city.url(&format!("_sandbox/library/registrations/{id}/activate")))
        .send()
        .await
        .expect("activate");
    assert_eq!(early.status(), StatusCode::CONFLICT);

    let payment = city.pay(&token, "FEE", &expected).await;
    assert_eq!(payment["amountCents"], 2500);
    let pending = registration_of(&city, &token, &id).await;
    assert_eq!(pending["state"], "PAYMENT_PENDING");
    assert_eq!(pending["payment"]["paymentId"], payment["paymentId"]);
    city.click(&payment, PayChoice::Paypal).await;

    let paid = registration_of(&city, &token, &id).await;
    assert_eq!(paid["state"], "READY_FOR_ID_CHECK");
    assert_eq!(paid["payment"]["status"], "PAID");
    assert_eq!(paid["payment"]["paymentId"], payment["paymentId"]);
    assert_eq!(listed_fee(&city, &token, &expected).await.expect("fee")["state"], "PAID");
    let transaction = &city.transactions().await[0];
    assert_eq!(transaction["grosAmountCents"], 2500);

    let active =
        city.control(&format!("library/registrations/{id}/activate"), Some(json!({}))).await;
    assert_eq!(active["state"], "ACTIVE");
    let card = &active["card"];
    let number = card["cardNumber"].as_str().expect("cardNumber");
    assert!(number.starts_with("LSB") && number.len() == 13, "{number}");
    assert!(number[3..].bytes().all(|b| b.is_ascii_digit()), "{number}");
    assert_eq!(card["symbology"], "CODE39");
    assert_eq!(card["payload"], number);
    let until = today(&city).await.checked_add_months(Months::new(12)).expect("date");
    assert_eq!(card["validUntil"], until.to_string());
    assert_eq!(card["holderName"], "Erika Mustermann");
    assert_eq!(card["branchName"], "Stadtbibliothek Leipzig");
    assert_eq!(registration_of(&city, &token, &id).await, active);
}

async fn registration_of(city: &City, token: &str, id: &str) -> Value {
    registration(city, token, id).await
}

#[tokio::test]
async fn a_cancelled_payment_leaves_the_fee_to_be_paid_later() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let registration = registered(&city, &token, &body("ADULT", adult())).await;
    let id = registration["registrationId"].as_str().expect("id").to_owned();
    let fee = fee_id_of(&registration);

    let first = city.pay(&token, "FEE", &fee).await;
    city.click(&first, PayChoice::Cancel).await;
    assert_eq!(
        city.payment(&token, first["paymentId"].as_str().expect("id")).await["state"],
        "CANCELED"
    );
    let after_cancel = registration_of(&city, &token, &id).await;
    assert_eq!(after_cancel["state"], "PAYMENT_PENDING");
    assert_eq!(after_cancel["payment"]["status"], "OPEN");
    assert_eq!(listed_fee(&city, &token, &fee).await.expect("fee")["payable"], true);

    let second = city.pay(&token, "FEE", &fee).await;
    assert_ne!(second["paymentId"], first["paymentId"]);
    city.click(&second, PayChoice::Card).await;
    let paid = registration_of(&city, &token, &id).await;
    assert_eq!(paid["state"], "READY_FOR_ID_CHECK");
    assert_eq!(paid["payment"]["paymentId"], second["paymentId"]);
}

#[tokio::test]
async fn a_free_youth_card_goes_straight_to_the_desk() {
    let city = City::start().await;
    let token = city.login("demo-teen").await;
    let mut request = body("YOUTH", teen());
    request["guardian"] = guardian();
    let registration = registered(&city, &token, &request).await;
    let id = registration["registrationId"].as_str().expect("id").to_owned();
    let active =
        city.control(&format!("library/registrations/{id}/activate"), Some(json!({}))).await;
    assert_eq!(active["state"], "ACTIVE");
    assert_eq!(active["card"]["holderName"], "Jonas Mustermann");
    assert!(active["payment"].is_null());
}

#[tokio::test]
async fn the_library_can_reject_and_the_citizen_register_again() {
    let city = City::start().await;
    let token = city.login("demo-adult").await;
    let registration = registered(&city, &token, &body("ADULT", adult())).await;
    let id = registration["registrationId"].as_str().expect("id").to_owned();
    let fee = fee_id_of(&registration);
    let rejected = city
        .control(
            &format!("library/registrations/{id}/reject"),
            Some(json!({"reason": "Anschrift nicht nachweisbar"})),
        )
        .await;
    assert_eq!(rejected["state"], "REJECTED");
    assert_eq!(rejected["rejectionReason"], "Anschrift nicht nachweisbar");
    assert_eq!(registration_of(&city, &token, &id).await["state"], "REJECTED");
    assert!(listed_fee(&city, &token, &fee).await.is_none(), "the unpaid fee is withdrawn");
    let unknown = city
        .http
        .post(
            city.url("_sandbox/library/registrations/00000000-0000-4000-8000-000000000000/reject"),
        )
        .json(&json!({"reason": "x"}))
        .send()
        .await
        .expect("reject");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    let again = registered(&city, &token, &body("ADULT", adult())).await;
    assert_eq!(again["state"], "PAYMENT_PENDING");
    let all = city.control("library/registrations", None).await;
    assert_eq!(all.as_array().map(Vec::len), Some(2));
}
