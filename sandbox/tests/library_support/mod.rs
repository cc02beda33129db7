//! Shared by the library tests (next to `payment_support`, whose `City`
//! starts the sandbox and logs in): registration bodies for the demo
//! users, registering, reading a registration and today's Berlin date.

#![allow(dead_code)]

use chrono::{NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::payment_support::{Answer, City, key};

/// An applicant living in Leipzig (demo-adult's data).
pub fn adult() -> Value {
    json!({
        "givenName": "Erika", "familyName": "Mustermann", "birthdate": "1985-04-12",
        "street": "Karl-Liebknecht-Straße 12", "postcode": "04107", "city": "Leipzig",
        "email": "erika.mustermann@example.org"
    })
}

/// demo-teen (born 2010-06-01).
pub fn teen() -> Value {
    json!({
        "givenName": "Jonas", "familyName": "Mustermann", "birthdate": "2010-06-01",
        "street": "Karl-Liebknecht-Straße 12", "postcode": "04107", "city": "Leipzig",
        "email": "jonas.mustermann@example.org"
    })
}

/// demo-pass.
pub fn pass_holder() -> Value {
    json!({
        "givenName": "Aylin", "familyName": "Demir", "birthdate": "1979-09-23",
        "street": "Eisenbahnstraße 54", "postcode": "04315", "city": "Leipzig",
        "email": "aylin.demir@example.org"
    })
}

/// A parent's consent.
pub fn guardian() -> Value {
    json!({"givenName": "Erika", "familyName": "Mustermann", "email": "erika.mustermann@example.org"})
}

/// A registration body with a fresh `registrationId`.
pub fn body(card_type: &str, applicant: Value) -> Value {
    json!({
        "registrationId": uuid::Uuid::new_v4().to_string(),
        "cardType": card_type,
        "branchId": "lsb-0",
        "applicant": applicant,
    })
}

/// `POST /v1/library/registrations` with a fresh key.
pub async fn register(city: &City, token: &str, body: &Value) -> Answer {
    city.post(token, "library/registrations", &key(), body.clone()).await
}

/// Registers and expects `201`.
pub async fn registered(city: &City, token: &str, body: &Value) -> Value {
    let answer = register(city, token, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    answer.body
}

/// Reads a registration; expects `200`.
pub async fn registration(city: &City, token: &str, id: &str) -> Value {
    let answer = city.get(token, &format!("library/registrations/{id}")).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body
}

/// Expects a `400` problem with `code` and `field`.
pub fn refused(answer: &Answer, code: &str, field: &str) {
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(answer.body["code"], code, "{}", answer.body);
    assert_eq!(answer.body["field"], field, "{}", answer.body);
}

/// Today in Leipzig by the sandbox clock.
pub async fn today(city: &City) -> NaiveDate {
    let clock = city.control("clock", None).await;
    let now: chrono::DateTime<Utc> =
        clock["now"].as_str().and_then(|t| t.parse().ok()).expect("clock");
    now.with_timezone(&chrono_tz::Europe::Berlin).date_naive()
}

/// The card types by id.
pub async fn card_types(city: &City) -> Vec<Value> {
    let answer = city.get("", "library/card-types").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    answer.body["cardTypes"].as_array().cloned().expect("cardTypes")
}

/// `currentFeeCents` of card type `id`.
pub async fn current_fee(city: &City, id: &str) -> i64 {
    card_types(city)
        .await
        .iter()
        .find(|t| t["id"] == id)
        .and_then(|t| t["currentFeeCents"].as_i64())
        .unwrap_or_else(|| panic!("no fee for {id}"))
}
